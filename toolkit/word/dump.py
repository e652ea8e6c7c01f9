"""A readable, deterministic text dump of a .docx, for golden tests and eyeballing.

One line per body paragraph, ``[Style] text``, in body order, with:

- list paragraphs showing the marker Word displays (``[List Number] 1. text``, nested levels
  indented two spaces per level: ``[List Number 2]   a. text``), computed from the numbering
  definitions, restarts and start overrides;
- ``**bold**``, ``*italic*``, ``[label]{hl}`` for highlighted text (placeholders),
  ``text <url>`` for hyperlinks, ``⏎`` for a line break, ``{PAGE}`` for a field,
  ``{comment 0}`` for a comment reference;
- ``--- page break ---`` for a page break (in a paragraph, or "page break before" on one),
  ``--- section break ---`` after a paragraph that ends a section;
- tables as ``[Table Grid]`` then one ``| a | b |`` line per row, with ``(header, repeats)``
  after a repeating header row;

then a ``---`` line and the core properties, text language, each section's page size and
orientation, footer text and comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from toolkit.text import roman
from toolkit.word import ooxml, reading
from toolkit.word.reading import Inline, NumberingInfo

# Symbol/Wingdings private-use bullets as Word shows them.
_SYMBOL_BULLETS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf0d8": "\u27a2", "\uf0fc": "\u2713"}


def dump_docx(path_or_document: str | Path | Document) -> str:
    """Return the dump of a .docx file (path) or an open python-docx ``Document``."""
    if isinstance(path_or_document, (str, Path)):
        document = docx.Document(str(path_or_document))
    else:
        document = path_or_document
    counter = _ListCounter(reading.read_numbering(document))
    lines: list[str] = []
    for block in reading.iter_blocks(document):
        if isinstance(block, Paragraph):
            lines.extend(_paragraph_lines(block, counter))
        else:
            lines.extend(_table_lines(block, counter))
    lines.append("---")
    lines.extend(_properties_lines(document))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _paragraph_lines(paragraph: Paragraph, counter: _ListCounter) -> Iterator[str]:
    """Yield the dump lines of one body paragraph (more than one around page breaks)."""
    if paragraph.paragraph_format.page_break_before:
        yield "--- page break ---"
    style = paragraph.style.name if paragraph.style is not None else "?"
    marker = ""
    numbering = reading.paragraph_numbering(paragraph)
    if numbering is not None:
        num_id, level = numbering
        marker = "  " * level + counter.next_marker(num_id, level) + " "
    pieces = reading.read_inline(paragraph)
    segments: list[list[Inline]] = [[]]
    for piece in pieces:
        if piece.kind == "page_break":
            segments.append([])
        else:
            segments[-1].append(piece)
    for number, segment in enumerate(segments):
        if number > 0:
            yield "--- page break ---"
        text = _inline_text(segment)
        if number == 0 or text:
            yield f"[{style}] {marker if number == 0 else ''}{text}"
    if paragraph._p.pPr is not None and paragraph._p.pPr.sectPr is not None:
        yield "--- section break ---"


def _inline_text(pieces: list[Inline]) -> str:
    """Return pieces as dump text; a hyperlink's pieces become ``text <url>``."""
    out: list[str] = []
    idx = 0
    while idx < len(pieces):
        url = pieces[idx].url
        end = idx
        while end < len(pieces) and pieces[end].url == url:
            end += 1
        text = _formatted_text(pieces[idx:end])
        out.append(text if url is None else f"{text} <{url}>")
        idx = end
    return "".join(out)


def _formatted_text(pieces: list[Inline]) -> str:
    """Return pieces as text, adjacent same-format text merged before it is marked."""
    out: list[str] = []
    group: list[Inline] = []
    for piece in pieces:
        if piece.kind in ("text", "tab"):
            if group and _format(group[-1]) != _format(piece):
                out.append(_mark(group))
                group = []
            group.append(piece)
            continue
        if group:
            out.append(_mark(group))
            group = []
        if piece.kind == "break":
            out.append("\u23ce")
        elif piece.kind == "comment":
            out.append(f"{{comment {piece.text}}}")
        else:  # field, object
            out.append(f"{{{piece.text}}}")
    if group:
        out.append(_mark(group))
    return "".join(out)


def _format(piece: Inline) -> tuple[bool, bool, bool]:
    """Return the formatting that decides whether two text pieces merge."""
    return (piece.bold, piece.italic, piece.highlight)


def _mark(group: list[Inline]) -> str:
    """Return one same-format text group with its minimal markup."""
    text = "".join(piece.text for piece in group)
    first = group[0]
    if not text.strip():
        return text  # no "** **" around a lone space
    if first.bold and first.italic:
        text = f"***{text}***"
    elif first.bold:
        text = f"**{text}**"
    elif first.italic:
        text = f"*{text}*"
    if first.highlight:
        text = f"{text}{{hl}}"
    return text


def _table_lines(table: Table, counter: _ListCounter) -> Iterator[str]:
    """Yield ``[Style]`` and one ``| a | b |`` line per row of ``table``."""
    style = table.style.name if table.style is not None else "?"
    yield f"[{style}]"
    for row in table.rows:
        cells = []
        for cell in row.cells:
            parts = []
            for block in cell.iter_inner_content():
                if isinstance(block, Paragraph):
                    parts.append(_inline_text(reading.read_inline(block)))
                else:
                    parts.append("{table}")
            cells.append(" / ".join(part for part in parts if part))
        header = " (header, repeats)" if reading.is_repeating_header(row) else ""
        yield f"| {' | '.join(cells)} |{header}"


def _properties_lines(document: Document) -> Iterator[str]:
    """Yield core properties, text language, footers and comments."""
    properties = document.core_properties
    yield f"title: {properties.title}"
    yield f"subject: {properties.subject}"
    yield f"language: {properties.language}"
    yield f"text language: {ooxml.get_language(document.styles.element) or ''}"
    for number, section in enumerate(document.sections, start=1):
        width, height = section.page_width, section.page_height
        if width is not None and height is not None:
            turned = "landscape" if width > height else "portrait"
            yield f"section {number}: {width / 914400:g} x {height / 914400:g} in, {turned}"
        footer = section.footer
        if footer.is_linked_to_previous:
            continue
        text = " / ".join(
            _inline_text(reading.read_inline(paragraph)) for paragraph in footer.paragraphs
        )
        yield f"footer {number}: {text}"
    for comment in document.comments:
        yield f"comment {comment.comment_id} ({comment.author}): {comment.text}"


class _ListCounter:
    """Computes list markers the way Word does: counters per abstract definition."""

    def __init__(self, numbering: NumberingInfo) -> None:
        self.numbering = numbering
        self.values: dict[int, list[int | None]] = {}
        self.seen_nums: set[int] = set()

    def next_marker(self, num_id: int, level: int) -> str:
        """Return the marker of the next paragraph in list ``num_id`` at ``level``."""
        if num_id not in self.numbering.nums:
            return "?"
        abstract_id, overrides = self.numbering.nums[num_id]
        levels = self.numbering.abstracts.get(abstract_id, {})
        values = self.values.setdefault(abstract_id, [None] * 9)
        if num_id not in self.seen_nums:
            self.seen_nums.add(num_id)
            for override_level in overrides:
                values[override_level] = None
        level = min(max(level, 0), 8)

        def start(lvl: int) -> int:
            if lvl in overrides:
                return overrides[lvl]
            return levels[lvl].start if lvl in levels else 1

        current = values[level]
        values[level] = start(level) if current is None else current + 1
        for deeper in range(level + 1, 9):
            values[deeper] = None
        fmt = levels.get(level)
        if fmt is None:
            return "?"
        if fmt.num_fmt == "bullet":
            return "".join(_SYMBOL_BULLETS.get(ch, ch) for ch in fmt.lvl_text)
        text = fmt.lvl_text
        for lvl in range(level, -1, -1):
            lvl_fmt = levels.get(lvl)
            given = values[lvl]
            value = given if given is not None else start(lvl)
            number = _format_number(value, lvl_fmt.num_fmt if lvl_fmt else "decimal")
            text = text.replace(f"%{lvl + 1}", number)
        return text


def _format_number(value: int, num_fmt: str) -> str:
    """Return ``value`` written in Word number format ``num_fmt``."""
    if num_fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else "0"
        return letter.upper() if num_fmt == "upperLetter" else letter
    if num_fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(value)
        return numeral.upper() if num_fmt == "upperRoman" else numeral
    if num_fmt == "none":
        return ""
    if num_fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
