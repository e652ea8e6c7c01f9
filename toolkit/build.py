"""One build: the documents a case asks for, in the formats asked for.

``prepare`` renders every document as Markdown (bad input stops here, before any file is
written); ``produce`` makes the files of one document in memory; ``write_packet`` decides where
each goes (never over an edited draft) and writes them through ``toolkit.output``, one failing
document never stopping the others.
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
class Draft:
    """One document rendered as Markdown: every format of it is made from this."""

    stem: str
    text: str
    meta: dict
    comments: bool = False
    extra: list[Output] = field(default_factory=list)  # files that go with it (the CSV log)

    def names(self, formats: tuple[str, ...]) -> list[str]:
        """Return the file names this document is written as."""
        return [f"{self.stem}.{fmt}" for fmt in formats] + [o.name for o in self.extra]


@dataclass
class BuildResult:
    """What a build produced, and what it wants the user to know."""

    outputs: list[Output]
    warnings: list[Problem]
    failures: list[Problem] = field(default_factory=list)


def prepare(
    vc: ValidatedCase,
    *,
    only: tuple[str, ...] = DOCUMENTS,
    comments: bool = False,
    today: dt.date | None = None,
    warnings: list[Problem] | None = None,
) -> list[Draft]:
    """Return every document the case asks for, as Markdown; nothing is converted yet.

    Raises ``ToolkitError`` with the problems of every document (a user snippet that cannot be
    rendered, a bad log), so that bad input stops the build before any file is written.
    """
    from toolkit.documents.context import today_date
    from toolkit.errors import ToolkitError

    today = today or today_date()
    warnings = warnings if warnings is not None else []
    slug = slugify(vc.case.student.name)
    drafts: list[Draft] = []
    problems: list[Problem] = []

    def attempt(make) -> None:
        try:
            drafts.extend(make())
        except ToolkitError as exc:
            problems.extend(exc.problems)

    if "plan" in only:

        def plan() -> list[Draft]:
            from toolkit.documents.plan import plan_markdown

            text, meta = plan_markdown(vc, today)
            return [Draft(f"{slug}-plan", text, meta, comments)]

        attempt(plan)
    if "letters" in only and vc.case.letters:

        def letters() -> list[Draft]:
            from toolkit.documents.letters import CLOSING, correspondence_csv, letters_markdown

            texts = letters_markdown(vc, today)
            made = [
                Draft(
                    letter.stem,
                    letter.markdown,
                    {
                        "title": letter.subject,
                        "subject": letter.subject,
                        "date": letter.date.isoformat(),
                        "letter": True,
                        "closing": CLOSING,
                    },
                )
                for letter in texts
            ]
            made[-1].extra.append(Output(f"{slug}-correspondence.csv", correspondence_csv(texts)))
            return made

        attempt(letters)
    if "progress" in only and vc.case.progress:

        def progress() -> list[Draft]:
            from toolkit.documents.progress import progress_markdown

            text, meta, data = progress_markdown(vc, today)
            warnings.extend(data.log.warnings)
            return [Draft(f"{slug}-progress", text, meta)]

        attempt(progress)
    if problems:
        raise ToolkitError(problems)
    return drafts


def produce(
    draft: Draft,
    formats: tuple[str, ...],
    *,
    template: Path | None,
    warnings: list[Problem],
    today: dt.date,
) -> list[Output]:
    """Return the files of one document in every format of ``formats``."""
    text, meta = draft.text, draft.meta
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
                comments=draft.comments,
                today=today,
                warn=lambda message: _add_warning(warnings, message),
            )
        elif fmt == "md":
            from toolkit.documents.formats import to_markdown

            data = to_markdown(_without_images(text, meta)).encode("utf-8")
        else:
            from toolkit.documents.formats import to_text

            data = to_text(_without_images(text, meta)).encode("utf-8")
        outputs.append(Output(f"{draft.stem}.{fmt}", data, blanks))
    return outputs + draft.extra


def build_case(
    vc: ValidatedCase,
    *,
    only: tuple[str, ...] = DOCUMENTS,
    formats: tuple[str, ...] = ("docx",),
    template: Path | None = None,
    comments: bool = False,
    today: dt.date | None = None,
) -> BuildResult:
    """Return the documents of ``vc`` in every format of ``formats``.

    Bad input raises ``ToolkitError`` before anything is made; a document that then fails to
    convert is reported in ``failures`` and the others are still made.
    """
    from toolkit.documents.context import today_date

    today = today or today_date()
    warnings: list[Problem] = []
    drafts = prepare(vc, only=only, comments=comments, today=today, warnings=warnings)
    result = BuildResult([], warnings)
    for draft in drafts:
        result.outputs += produce_safely(
            draft,
            formats,
            template=template,
            warnings=warnings,
            today=today,
            failures=result.failures,
        )
    return result


def produce_safely(
    draft: Draft,
    formats: tuple[str, ...],
    *,
    template: Path | None,
    warnings: list[Problem],
    today: dt.date,
    failures: list[Problem],
) -> list[Output]:
    """Return ``produce(...)``, or nothing when it fails, with the failure added to ``failures``."""
    from toolkit.errors import ToolkitError

    try:
        return produce(draft, formats, template=template, warnings=warnings, today=today)
    except ToolkitError as exc:
        failures.extend(exc.problems)
    except Exception as exc:  # one document failing must not stop the others
        failures.append(
            Problem(
                draft.stem,
                None,
                f"could not be made: {type(exc).__name__}: {exc}",
                "the other documents were written; report this as a bug",
            )
        )
    return []


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

    from toolkit.markdown import escape

    for src, (_png, alt) in meta.get("images", {}).items():
        text = re.sub(
            r"!\[[^\]]*\]\(" + re.escape(src) + r"\)",
            lambda _m, a=alt: f"*Chart: {escape(a)}*",
            text,
        )
    return text


def plan_targets(
    drafts: list[Draft],
    formats: tuple[str, ...],
    folder,
    *,
    force: bool,
) -> tuple[dict[str, Path], list[str]]:
    """Return where each file goes, and notes about new versions beside edited drafts.

    Raises ``ToolkitError`` naming every unedited draft that is in the way without ``force``.
    """
    from toolkit.errors import ToolkitError

    targets: dict[str, Path] = {}
    notes: list[str] = []
    taken: list[Problem] = []
    for draft in drafts:
        for name in draft.names(formats):
            try:
                targets[name], note = folder.destination(name, force=force)
            except ToolkitError as exc:
                taken += exc.problems
                continue
            if note:
                notes.append(note)
    if taken:
        raise ToolkitError(taken)
    return targets, notes


def write_packet(
    drafts: list[Draft],
    formats: tuple[str, ...],
    folder,
    targets: dict[str, Path],
    *,
    force: bool,
    template: Path | None,
    today: dt.date,
    warnings: list[Problem],
    on_written=None,
) -> list[Problem]:
    """Make and write every file of ``drafts``; return the failures (the rest is written)."""
    from toolkit.errors import ToolkitError

    failures: list[Problem] = []
    for draft in drafts:
        outputs = produce_safely(
            draft, formats, template=template, warnings=warnings, today=today, failures=failures
        )
        for output in outputs:
            target = targets[output.name]
            try:
                folder.write(target, output.data, force=force and target.exists())
            except ToolkitError as exc:
                failures += exc.problems
                continue
            if on_written:
                on_written(target, output)
    folder.save()
    return failures
