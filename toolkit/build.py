"""One build: the documents a case asks for, in the formats asked for, as bytes in memory.

Nothing here touches the disk except reading the template; ``toolkit.cli`` writes the results
through ``toolkit.output``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import markers
from toolkit.case.validate import ValidatedCase
from toolkit.errors import Problem
from toolkit.slug import slugify

DOCUMENTS = ("plan", "letters", "progress")
FORMATS = ("docx", "md", "txt")


@dataclass
class Output:
    """One file to write: its name, its bytes, and the blanks left in it."""

    name: str
    data: bytes
    blanks: list[str] = field(default_factory=list)


@dataclass
class BuildResult:
    """What a build produced, and what it wants the user to know."""

    outputs: list[Output]
    warnings: list[Problem]


def planned_names(vc: ValidatedCase, only: tuple[str, ...], formats: tuple[str, ...]) -> list[str]:
    """Return the file names a build of ``vc`` will write, in order."""
    slug = slugify(vc.case.student.name)
    names = []
    if "plan" in only:
        names += [f"{slug}-plan.{fmt}" for fmt in formats]
    if "letters" in only and vc.case.letters:
        from toolkit.documents.context import today_date
        from toolkit.documents.letters import letter_stems

        for stem in letter_stems(vc, today_date()):
            names += [f"{stem}.{fmt}" for fmt in formats]
        names.append(f"{slug}-correspondence.csv")
    if "progress" in only and vc.case.progress:
        names += [f"{slug}-progress.{fmt}" for fmt in formats]
    return names


def build_case(
    vc: ValidatedCase,
    *,
    only: tuple[str, ...] = DOCUMENTS,
    formats: tuple[str, ...] = ("docx",),
    template: Path | None = None,
    comments: bool = False,
    today: dt.date | None = None,
) -> BuildResult:
    """Return the documents of ``vc`` rendered in every format of ``formats``."""
    from toolkit.documents.context import today_date
    from toolkit.documents.plan import plan_markdown

    today = today or today_date()
    warnings: list[Problem] = []
    outputs: list[Output] = []
    slug = slugify(vc.case.student.name)
    if "plan" in only:
        text, meta = plan_markdown(vc, today)
        outputs += _formats(
            f"{slug}-plan", text, meta, formats, template, comments, warnings, today
        )
    if "letters" in only and vc.case.letters:
        from toolkit.documents.letters import correspondence_csv, letters_markdown

        letters = letters_markdown(vc, today)
        for letter in letters:
            meta = {
                "title": letter.subject,
                "subject": letter.subject,
                "date": letter.date.isoformat(),
                "letter": True,
            }
            outputs += _formats(
                letter.stem, letter.markdown, meta, formats, template, False, warnings, today
            )
        outputs.append(Output(f"{slug}-correspondence.csv", correspondence_csv(letters)))
    if "progress" in only and vc.case.progress:
        from toolkit.documents.progress import progress_markdown

        text, meta, data = progress_markdown(vc, today)
        warnings += data.log.warnings
        outputs += _formats(
            f"{slug}-progress", text, meta, formats, template, False, warnings, today
        )
    return BuildResult(outputs, warnings)


def _formats(
    stem: str,
    text: str,
    meta: dict,
    formats: tuple[str, ...],
    template: Path | None,
    comments: bool,
    warnings: list[Problem],
    today: dt.date,
) -> list[Output]:
    blanks = list(dict.fromkeys(markers.find_placeholders(text)))
    outputs = []
    for fmt in formats:
        if fmt == "docx" and meta.get("letter"):
            from toolkit.documents.formats import to_letter_docx

            data = to_letter_docx(
                text,
                meta,
                template=template,
                today=today,
                warn=lambda message: _add_warning(warnings, message),
            )
        elif fmt == "docx":
            from toolkit.documents.formats import to_docx

            data = to_docx(
                text,
                meta,
                template=template,
                comments=comments,
                today=today,
                warn=lambda message: _add_warning(warnings, message),
            )
        elif fmt == "md":
            from toolkit.documents.formats import to_markdown

            data = to_markdown(_without_images(text, meta)).encode("utf-8")
        else:
            from toolkit.documents.formats import to_text

            data = to_text(_without_images(text, meta)).encode("utf-8")
        outputs.append(Output(f"{stem}.{fmt}", data, blanks))
    return outputs


def _builder_warning(message: str) -> Problem | None:
    """Return a builder message (``source:line: text``) as a warning ``Problem``.

    Unsupported Markdown is reported before the build, at the line of the case field or user
    snippet it is in; the builder's own report of it, at a line of the assembled document,
    is dropped (``None``).
    """
    if message.startswith("<markdown>:") and "unsupported Markdown" in message:
        return None
    head, _, text = message.partition(": ")
    path, _, line = head.rpartition(":")
    if path and line.isdigit():
        return Problem(path, int(line), text, severity="warning")
    return Problem("srkit", None, message, severity="warning")


def _add_warning(warnings: list[Problem], message: str) -> None:
    problem = _builder_warning(message)
    if problem is not None:
        warnings.append(problem)


def _without_images(text: str, meta: dict) -> str:
    """Return ``text`` with our own images (the chart) replaced by their alternative text."""
    import re

    for src, (_png, alt) in meta.get("images", {}).items():
        text = re.sub(
            r"!\[[^\]]*\]\(" + re.escape(src) + r"\)", lambda _m, a=alt: f"*Chart: {a}*", text
        )
    return text
