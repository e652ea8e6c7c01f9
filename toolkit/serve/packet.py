"""Building a case's documents from the page, and showing them as HTML.

The documents are made by the same build as ``srkit build`` and written into the output
folder exactly as it writes them (never over an edited draft: a new ``-v2`` goes beside it).
The HTML previews are the documents' own Markdown rendered to HTML, each blank highlighted.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import field
from pathlib import Path

from toolkit.errors import Problem
from toolkit.frozen import Record

FORMATS = ("docx", "txt")


class Preview(Record):
    """One document shown in the page: its kind, file stem, title, HTML and blanks."""

    kind: str
    stem: str
    title: str
    html: str
    blanks: list[tuple[str, int | None]]  # each blank's label, and its case-file line (or None)
    language: str = "en"  # the document's language (the case's, never the interface's)


class Built(Record):
    """What building from the page did."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)


def options(ctx_config, formats: tuple[str, ...] = FORMATS, *, only=None):
    """Return the build options ``srkit build --format docx,txt`` would use with the user
    configuration (its snippet folders, sender and template)."""
    from toolkit.packet import Options

    return Options(
        only=only,
        formats=formats,
        template=ctx_config.template,
        snippet_dirs=tuple(ctx_config.snippets),
        sender=ctx_config.sender,
    )


def render_previews(validated, config, today: dt.date | None = None) -> list[Preview]:
    """Return the plan and the letters of a validated case as HTML previews (rendered through
    the one build entry point, nothing laid out). Raises ``ToolkitError`` when a document
    cannot be rendered (a bad user snippet)."""
    import dataclasses

    from toolkit.pipeline import build_packet

    settings = dataclasses.replace(
        options(config, formats=(), only=("plan", "letters")), today=today, template=None
    )
    packet = build_packet(validated, settings)
    return [
        Preview(
            document.kind,
            document.stem,
            document.subject or document.title,
            markdown_html(document.text),
            list(
                dict.fromkeys(
                    (blank.label, blank.line if blank.path == str(validated.path) else None)
                    for blank in document.blanks
                )
            ),
            document.language,
        )
        for document in packet.documents
    ]


def build_into(validated, out_dir: Path, config) -> Built:
    """Build every document of ``validated`` into ``out_dir`` as ``srkit build --force
    --format docx,txt`` does: drafts nobody edited are replaced, an edited draft is kept and the
    new one goes beside it as ``-v2``. Raises ``ToolkitError`` for bad input, before anything
    is written."""
    from toolkit.pipeline import build_packet
    from toolkit.write import write_packet

    packet = build_packet(validated, options(config))
    written = write_packet(packet, out_dir, force=True)
    return Built(
        written=[path for path, _file in written.files],
        notes=written.notes,
        warnings=packet.warnings + packet.layout_warnings,
        failures=packet.failures + written.failures,
    )


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
