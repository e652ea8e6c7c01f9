"""The one way a case becomes documents: :func:`build_packet`.

Every caller goes through it: ``srkit build``, ``check`` and ``batch``, the tests, and the
local web app. The stages, each in its own module, run in this order::

    load      toolkit.case.load         YAML with line marks (a path, or text/bytes given)
    validate  toolkit.case.validate     every problem at once; toolkit.checks adds warnings
    select    toolkit.library.snippets  the snippets the case chose, user folders first
    render    toolkit.render            typed Documents (toolkit.documents.*), no layout yet
    lay out   toolkit.layout            Document -> .docx / .md / .txt bytes, in memory
    write     toolkit.write             last and separate: never over an edited draft

How to call it::

    from toolkit.packet import Options
    from toolkit.pipeline import build_packet

    packet = build_packet(Path("case.yaml"))                       # a case file
    packet = build_packet("case.yaml", Options(formats=("docx", "md")))
    packet = build_packet("upload.yaml", text=uploaded_bytes)      # already read (web app)
    packet = build_packet(validated_case, Options(formats=()))     # render only (check)

    for problem in packet.warnings + packet.layout_warnings: ...   # Problem records
    for file in packet.files: file.name, file.data, file.document  # bytes, nothing on disk
    data = packet.layout(packet.documents[0], "txt")               # one format, on demand
    report = write_packet(packet, Path("out"), force=False)        # toolkit.write

Bad input raises ``ToolkitError`` (every problem with its file and line) before anything is
laid out. A document that then fails to lay out is in ``packet.failures``; the others are made.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from toolkit.case.validate import ValidatedCase
from toolkit.errors import Problem, ToolkitError, warning
from toolkit.library.snippets import Library
from toolkit.packet import DOCUMENTS, FAMILY_DOCUMENTS, Document, File, Options, Packet


def validate_case(
    case: str | Path,
    options: Options | None = None,
    *,
    text: str | bytes | None = None,
    library: Library | None = None,
) -> ValidatedCase:
    """Return the case at ``case`` (or ``text``, named ``case``) validated, its ``warnings``
    holding everything the library, the case and the plan checks want the user to know.

    ``library`` defaults to the built-in snippets plus ``options.snippet_dirs``.
    """
    from toolkit.case.load import decode_text
    from toolkit.case.validate import load_case
    from toolkit.checks import alignment_warnings
    from toolkit.library.snippets import load_library

    options = options or Options()
    if library is None:
        library = load_library(options.snippet_dirs)
    if isinstance(text, bytes):
        text = decode_text(str(case), text)
    validated = load_case(case, library, sender=options.sender, text=text)
    validated.warnings[:0] = library.warnings
    validated.warnings += alignment_warnings(validated)
    validated.warnings += [
        warning(path, None, f"your snippet replaces the built-in '{snippet_id}'")
        for snippet_id, path in library.replaced
    ]
    return validated


def build_packet(
    case: str | Path | ValidatedCase,
    options: Options | None = None,
    *,
    text: str | bytes | None = None,
    library: Library | None = None,
) -> Packet:
    """Return the packet of ``case``: its documents rendered and laid out in every format of
    ``options.formats`` (none: rendered only), in memory.

    ``case`` is a case file's path, or a case :func:`validate_case` returned. With ``text``
    (the file's content, str or bytes) the path only names the case in messages and says
    where its daily log is. Raises ``ToolkitError`` for bad input (the case, a user snippet,
    the template, the log) before anything is laid out.
    """
    from toolkit.documents.context import today_date
    from toolkit.render import render_documents

    options = options or Options()
    if isinstance(case, ValidatedCase):
        validated = case
    else:
        validated = validate_case(case, options, text=text, library=library)
    options, template_warnings = check_templates(options)
    only = _documents(validated, options.only)
    today = options.today or today_date()
    if "pdf" in options.formats:
        from toolkit.pdf import require_soffice

        require_soffice()  # before anything is laid out or written
    documents, render_warnings = render_documents(validated, only, today, options.formats)
    warnings = [*validated.warnings, *template_warnings, *render_warnings]
    return lay_out_packet(validated, documents, options, today=today, warnings=warnings)


def lay_out_packet(
    validated: ValidatedCase,
    documents: list[Document],
    options: Options,
    *,
    today: dt.date,
    warnings: list[Problem],
) -> Packet:
    """Return the packet of ``documents`` already rendered (a case's, or another command's,
    such as the report of ``srkit compare``), laid out in every format of ``options.formats``.
    Its templates must be checked already (:func:`check_templates`)."""
    packet = Packet(validated, options, today, tuple(documents), list(warnings))
    for document in packet.documents:
        packet.files += _lay_out(packet, document)
    if "pdf" in options.formats:
        _add_pdfs(packet)
    return packet


def check_templates(options: Options) -> tuple[Options, list[Problem]]:
    """Return ``options`` with its templates checked, and the warnings about them; raise
    ``ToolkitError`` for a template that cannot be used. Checked ones are kept as they are."""
    warnings: list[Problem] = []
    template, letter_template = options.template, options.letter_template
    if isinstance(template, Path) or isinstance(letter_template, Path):
        # the Word formats module only for a template file: `srkit check` lays nothing out
        from toolkit.documents.formats import load_template
    if isinstance(template, Path):
        template = load_template(template)
        warnings += template.warnings
    if isinstance(letter_template, Path):
        letter_template = load_template(letter_template)
        warnings += letter_template.warnings
    return dataclasses.replace(
        options, template=template, letter_template=letter_template
    ), warnings


def _add_pdfs(packet: Packet) -> None:
    """Add a PDF of every laid-out document, converted from its .docx in one LibreOffice run
    (the .docx is laid out for it where the build does not write one)."""
    from toolkit.pdf import to_pdf

    docx = {f.document.stem: f.data for f in packet.files if f.name.endswith(".docx")}
    sources: dict[str, bytes] = {}
    for file in packet.files:
        stem = file.document.stem
        if stem not in sources:
            sources[stem] = docx[stem] if stem in docx else packet.layout(file.document, "docx")
    try:
        pdfs = to_pdf(sources)
    except ToolkitError as exc:
        packet.failures.extend(exc.problems)
        return
    by_stem = {d.stem: d for d in packet.documents}
    packet.files += [File(f"{stem}.pdf", data, by_stem[stem]) for stem, data in pdfs.items()]


def _documents(validated: ValidatedCase, only: tuple[str, ...] | None) -> tuple[str, ...]:
    """Return the documents to make; raise when ``only`` asks for a progress report the case
    cannot have."""
    if only is None:
        return DOCUMENTS + (FAMILY_DOCUMENTS if validated.case.output is not None else ())
    if "progress" in only and validated.case.progress is None:
        raise ToolkitError.at(
            str(validated.path),
            None,
            "--only progress, but the case has no daily log",
            "add `progress: { log: daily-log.csv }` to the case",
        )
    return only


def _lay_out(packet: Packet, document) -> list[File]:
    """Return every file of ``document``, or none when one format of it fails (the failure
    is added to ``packet.failures``: one document failing never stops the others)."""
    try:
        files = [
            File(f"{document.stem}.{fmt}", packet.layout(document, fmt), document)
            for fmt in document.formats_of(packet.options.formats)
            if fmt != "pdf"  # converted from the .docx for all documents at once
        ]
    except ToolkitError as exc:
        packet.failures.extend(exc.problems)
        return []
    except Exception as exc:  # a bug in one document must not stop the others
        packet.failures.append(
            Problem(
                document.stem,
                None,
                f"could not be made: {type(exc).__name__}: {exc}",
                "the other documents were written; report this as a bug",
            )
        )
        return []
    if not packet.options.formats:
        return []
    return files + [File(a.name, a.data, document) for a in document.attachments]
