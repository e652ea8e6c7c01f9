"""Building a case's documents from the page, and showing them as HTML.

The documents are made by the same build as ``srkit build`` and written into the output
folder exactly as it writes them (never over an edited draft: a new ``-v2`` goes beside it).
The HTML previews are the documents' own Markdown rendered to HTML, each blank highlighted.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import Problem

FORMATS = ("docx", "txt")


@dataclass
class Preview:
    """One document shown in the page: its kind, file stem, title, HTML and blanks."""

    kind: str
    stem: str
    title: str
    html: str
    blanks: list[str]


@dataclass
class Built:
    """What building from the page did."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)


def render_previews(validated, today: dt.date | None = None) -> list[Preview]:
    """Return the plan and the letters of a validated case as HTML previews.

    Raises ``ToolkitError`` when a document cannot be rendered (a bad user snippet).
    """
    from toolkit.build import prepare
    from toolkit.documents.context import today_date
    from toolkit.markers import find_placeholders

    drafts = prepare(validated, only=("plan", "letters"), today=today or today_date())
    previews = []
    for draft in drafts:
        kind = "letter" if draft.meta.get("letter") else "plan"
        title = draft.meta.get("subject") or draft.meta.get("title") or draft.stem
        previews.append(
            Preview(
                kind,
                draft.stem,
                str(title),
                markdown_html(draft.text),
                list(dict.fromkeys(find_placeholders(draft.text))),
            )
        )
    return previews


def build_into(validated, out_dir: Path, *, template: Path | None = None) -> Built:
    """Build every document of ``validated`` into ``out_dir`` as ``srkit build --force``
    does: drafts nobody edited are replaced, an edited draft is kept and the new one goes
    beside it as ``-v2``. Raises ``ToolkitError`` for bad input, before anything is written.
    """
    from toolkit.build import DOCUMENTS, plan_targets, prepare, write_packet
    from toolkit.documents.context import today_date
    from toolkit.output import OutputFolder

    today = today_date()
    built = Built(warnings=list(validated.warnings))
    drafts = prepare(validated, only=DOCUMENTS, today=today, warnings=built.warnings)
    folder = OutputFolder(out_dir)
    targets, built.notes = plan_targets(drafts, FORMATS, folder, force=True)
    built.failures = write_packet(
        drafts,
        FORMATS,
        folder,
        targets,
        force=True,
        template=template,
        today=today,
        warnings=built.warnings,
        on_written=lambda target, _output: built.written.append(target),
    )
    return built


_MARK = re.compile("\ue000([^\ue000\ue001]*)\ue001")


def markdown_html(text: str) -> str:
    """Return Markdown ``text`` as HTML: raw HTML in it is shown as text, never run, and each
    blank is a highlighted ``[label]``."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    rendered = renderer.render(text)
    rendered = re.sub(r"<img [^>]*>", "", rendered)  # the chart is shown on the progress page
    return _MARK.sub(lambda m: f'<mark class="blank">[{html.escape(m.group(1))}]</mark>', rendered)


def section_html(preview_html: str, heading: str) -> str | None:
    """Return the part of a rendered plan under the ``<h2>`` whose text starts with ``heading``
    (up to the next ``<h2>``), or ``None``."""
    parts = re.split(r"(?=<h2>)", preview_html)
    for part in parts:
        match = re.match(r"<h2>(.*?)</h2>", part)
        if match and html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).startswith(heading):
            return part
    return None
