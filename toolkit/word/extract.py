"""The text of someone else's Word file, in reading order: paragraphs and table rows.

Used by ``srkit compare`` to read a school's draft plan. Only text is read (no layout); a
paragraph is marked as a heading when its style is a heading or title style, or when it is a
short line set entirely in bold (how many school templates mark headings).
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.table import Table
from docx.text.paragraph import Paragraph

from toolkit.frozen import Frozen


class WordText(Frozen):
    """One paragraph, or one table row (its cells' text joined with `` | ``)."""

    text: str
    heading: bool = False
    table: int | None = None  # 1-based table number, for a table row
    row: int | None = None  # 1-based row number in that table


def word_text(source) -> list[WordText]:
    """Return the non-empty paragraphs and table rows of the .docx ``source`` (a path or a
    binary file), in reading order. Raises python-docx's own errors for a file it cannot
    open; the caller turns them into a message for the user.
    """
    import docx

    document = docx.Document(source)
    # style names by id, read once (python-docx looks a paragraph's style up by scanning
    # every style each time)
    names = {style.style_id: style.name or "" for style in document.styles}
    found: list[WordText] = []
    tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = _clean(block.text)
            if text:
                style = names.get(block._p.style or "", "")
                found.append(WordText(text, _is_heading(block, style, text)))
        elif isinstance(block, Table):
            tables += 1
            found += _rows(block, tables)
    return found


def _rows(table: Table, number: int) -> Iterator[WordText]:
    for index, row in enumerate(table.rows, start=1):
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            text = _clean(" ".join(p.text for p in cell.paragraphs))
            nested = [_clean(r.text) for t in cell.tables for r in _rows(t, number)]
            text = " ".join(part for part in (text, *nested) if part)
            if text:
                cells.append(text)
        if cells:
            yield WordText(" | ".join(cells), table=number, row=index)


def _is_heading(paragraph: Paragraph, style: str, text: str) -> bool:
    if style.startswith(("Heading", "Title", "Subtitle")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and len(text) <= 90 and all(r.bold for r in runs) and text[-1] not in ".;,"


def _clean(text: str) -> str:
    return " ".join(text.split())
