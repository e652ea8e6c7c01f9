"""Lay out stage: a rendered :class:`~toolkit.packet.Document` → the bytes of one format.

``.docx`` is built by :mod:`toolkit.word` on our reference document or the user's template
(letters through the letter template); ``.md`` and ``.txt`` are made from the same Markdown,
the chart shown by its alternative text. Nothing here touches the output folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.documents.formats import TemplateFile
from toolkit.errors import Problem

if TYPE_CHECKING:
    from toolkit.packet import Document
    from toolkit.word.builder import BuildWarning


def lay_out(
    document: Document,
    fmt: str,
    *,
    template: Path | TemplateFile | None,
    comments: bool,
    today: dt.date,
    warnings: list[Problem],
    letter_template: Path | TemplateFile | None = None,
) -> bytes:
    """Return ``document`` as the bytes of ``fmt`` (docx, md or txt).

    A letter is laid out on ``letter_template``, else on ``template``; the plan and the
    progress report on ``template`` unless it has letter tags (then on srkit's reference).
    Builder warnings about the template are added to ``warnings`` at the template's path;
    those about the Markdown itself were reported at their case or snippet line by the checks.
    """
    from toolkit.documents import formats

    plan_file, letter_file = _checked(template), _checked(letter_template)
    if document.letter is not None:
        chosen = letter_file or plan_file
    else:
        chosen = plan_file if plan_file is not None and not plan_file.has_tags else None
    path = chosen.path if chosen is not None else None

    def warn(found: BuildWarning) -> None:
        if not found.about_text:
            shown = str(path) if path is not None else str(formats.reference_path())
            warnings.append(Problem(shown, None, found.message, severity="warning"))

    if fmt == "docx" and document.letter is not None:
        return formats.to_letter_docx(document, template=path, warn=warn, today=today)
    if fmt == "docx":
        return formats.to_docx(document, template=path, comments=comments, warn=warn, today=today)
    if fmt == "md":
        return formats.to_markdown(_without_images(document)).encode("utf-8")
    if fmt == "txt":
        return formats.to_text(_without_images(document)).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def _checked(template: Path | TemplateFile | None) -> TemplateFile | None:
    """Return ``template`` as a :class:`TemplateFile` (a path is taken as it is, unchecked)."""
    if template is None or isinstance(template, TemplateFile):
        return template
    from toolkit.documents.formats import has_tags

    return TemplateFile(template, (), has_tags(template))


def _without_images(document: Document) -> str:
    """Return the document's text with the chart replaced by its alternative text."""
    import re

    from toolkit.markdown import escape

    chart = document.chart
    if chart is None:
        return document.text
    return re.sub(
        r"!\[[^\]]*\]\(" + re.escape(chart.src) + r"\)",
        lambda _m: f"*{chart.caption}: {escape(chart.alt)}*",
        document.text,
    )
