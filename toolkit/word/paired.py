"""Paired-language Word documents: two versions of one document (English | Español).

``table`` layout: each heading is a real heading outside any table ("Title / Título"), and the
text under it is a two-column table, one row per paragraph or list item, a header row that
repeats on every page, rows that may break across pages, and each column's lists numbered on
their own. Wide content (a data table, the chart, the draft notice) is written full width.
``blocks`` layout: all of the first language, a page break, then all of the second. Every run
is tagged with its language (``w:lang``) so spell-check and screen readers follow.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu

from toolkit.frozen import Record
from toolkit.language import NAMES, WORD_TAGS
from toolkit.markdown import clean_text, parse
from toolkit.word import ooxml
from toolkit.word.builder import BuildWarning, StyleIds, WordBuilder

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import _Cell

    from toolkit.packet import Document

#: Lines a build puts in a document's text that are notices, not text to pair.
_WIDE_STARTS = ("**BORRADOR:", "**SIN TRADUCIR:")
#: rPr children that come after w:lang in the schema's order.
_AFTER_LANG = (qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"))


class Section(Record):
    """One heading (None before the first) and the blocks under it, as Markdown fragments."""

    heading: str | None
    rows: list[str] = field(default_factory=list)
    wide: list[tuple[int, str]] = field(default_factory=list)  # (rows before it, fragment)


def sections(text: str) -> list[Section]:
    """Return ``text`` cut into sections: top-level paragraphs and list items are rows; tables,
    images, page breaks and the build's notices are wide."""
    lines = clean_text(text).split("\n")
    found = [Section(None)]
    tokens = parse("\n".join(lines))
    for idx, token in enumerate(tokens):
        if token.map is None or token.nesting == -1:
            continue
        start, end = token.map
        fragment = "\n".join(lines[start:end]).strip("\n")
        current = found[-1]
        if token.type == "heading_open" and token.level == 0:
            found.append(Section(fragment))
        elif token.level == 0 and token.type in ("table_open", "hr"):
            current.wide.append((len(current.rows), fragment))
        elif token.level == 0 and token.type == "paragraph_open":
            inline = tokens[idx + 1]
            is_image = any(c.type == "image" for c in inline.children or [])
            if is_image or fragment.startswith(_WIDE_STARTS):
                current.wide.append((len(current.rows), fragment))
            else:
                current.rows.append(fragment)
        elif token.type == "list_item_open" and token.level == 1:
            current.rows.append(_dedent(lines[start:end]))
        elif token.level == 0 and token.type not in (
            "bullet_list_open",
            "ordered_list_open",
            "heading_open",
        ):
            current.rows.append(fragment)  # a quote, code or HTML block: the builder decides
    return found


def _dedent(lines: list[str]) -> str:
    """Return a list item's lines with the indentation they share removed."""
    text = [x for x in lines if x.strip()]
    indent = min((len(x) - len(x.lstrip(" ")) for x in text), default=0)
    return "\n".join(x[indent:] for x in lines).strip("\n")


def _heading_text(fragment: str) -> str:
    """Return the plain text of a heading line (its inline formatting dropped)."""
    tokens = parse(fragment)
    inline = next((t for t in tokens if t.type == "inline"), None)
    return "".join(c.content for c in (inline.children or []) if c.content) if inline else ""


def tag_runs(element: Any, language: str) -> None:
    """Tag every run inside ``element`` with ``language`` (``w:lang``), in schema order."""
    tag = WORD_TAGS[language]
    for run in element.iter(qn("w:r")):
        r_pr = run.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            run.insert(0, r_pr)
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            after = next((c for c in r_pr if c.tag in _AFTER_LANG), None)
            if after is None:
                r_pr.append(lang)
            else:
                after.addprevious(lang)
        lang.set(qn("w:val"), tag)


class _CellTarget:
    """A table cell the Word builder can write into as if it were the document body."""

    def __init__(self, cell: _Cell, document: WordDocument) -> None:
        self._cell = cell
        self._fresh = True  # a new cell holds one empty paragraph: the first one to use
        self.styles = document.styles
        self.part = document.part
        self.sections = document.sections
        self.element = SimpleNamespace(body=cell._tc)  # paragraphs go straight into the cell
        self._body = cell

    def add_paragraph(self) -> Any:
        if self._fresh:
            self._fresh = False
            return self._cell.paragraphs[0]
        return self._cell.add_paragraph()

    def add_table(self, rows: int, cols: int) -> Any:
        return self._cell.add_table(rows, cols)


def build_paired(
    word: WordDocument,
    document: Document,
    warn: Callable[[BuildWarning], None],
    *,
    style_ids: StyleIds | None = None,
) -> None:
    """Write the paired ``document`` (its ``parts``, one per language) into ``word``;
    ``style_ids`` as for :class:`WordBuilder`."""
    parts = document.parts
    charts = {p.chart.src: p.chart for p in parts if p.chart is not None}
    if document.paired_layout == "blocks":
        for number, part in enumerate(parts):
            before = len(word.element.body)
            builder = WordBuilder(word, warn, charts=charts, style_ids=style_ids)
            builder.add_markdown(("---\n\n" if number else "") + part.text, source=part.source)
            for element in list(word.element.body)[before:]:
                tag_runs(element, part.language)
        return
    _build_table_layout(word, parts, warn, charts, style_ids)


def _build_table_layout(word, parts, warn, charts, style_ids) -> None:
    body = WordBuilder(word, warn, charts=charts, style_ids=style_ids)
    cut = [sections(p.text) for p in parts]
    width = ooxml.text_width(word)
    for index, group in enumerate(itertools.zip_longest(*cut)):
        present = [(p, s) for p, s in zip(parts, group, strict=True) if s is not None]
        if len(present) < len(parts):
            warn(BuildWarning(parts[0].source, 1, f"the languages differ in section {index + 1}"))
        first_part, first = present[0]
        if first.heading is not None:
            before = len(word.element.body)
            body.add_markdown(first.heading, source=first_part.source)
            heading = word.paragraphs[-1]
            tag_runs(heading._p, first_part.language)
            for part, section in present[1:]:
                text = _heading_text(section.heading or "")
                if text and text != _heading_text(first.heading):
                    for piece in (" / ", text):
                        run = heading.add_run(piece)
                        tag_runs(run._r, part.language)
            del before
        _write_rows(word, body, present, width, warn, style_ids)


def _write_rows(word, body, present, width, warn, style_ids) -> None:
    """Write one section's rows as a two-column table, its wide blocks full width where they
    fall (a table row count before each)."""
    counts = [len(s.rows) for _, s in present]
    if len(set(counts)) > 1:
        warn(
            BuildWarning(
                present[0][0].source,
                1,
                "the languages have different numbers of paragraphs under "
                f"'{_heading_text(present[0][1].heading or '') or 'the title'}': "
                + ", ".join(f"{p.language} {n}" for (p, _), n in zip(present, counts, strict=True)),
            )
        )
    total = max(counts, default=0)
    wide_at: dict[int, list[tuple[Any, str]]] = {}
    seen: set[str] = set()
    for part, section in present:
        for at, fragment in section.wide:
            if fragment not in seen:  # the same chart or data table once
                seen.add(fragment)
                wide_at.setdefault(at, []).append((part, fragment))
    table = None
    for row_index in range(total + 1):
        for part, fragment in wide_at.get(row_index, []):
            table = None
            _apart(word)
            before = len(word.element.body)
            body.add_markdown(fragment, source=part.source)
            for element in list(word.element.body)[before:]:
                tag_runs(element, part.language)
        if row_index == total:
            break
        if table is None:
            _apart(word)
            table = _new_table(word, body, [p for p, _ in present], width)
        row = table.add_row()
        for cell, (part, section) in zip(row.cells, present, strict=True):
            if row_index < len(section.rows):
                target = _CellTarget(cell, word)
                builder = WordBuilder(cast("WordDocument", target), warn, style_ids=style_ids)
                builder.add_markdown(_glue_dates(section.rows[row_index]), source=part.source)
                _drop_empty_first_paragraph(cell)
            tag_runs(cell._tc, part.language)


def _apart(word: WordDocument) -> None:
    """Add an empty paragraph when the body ends with a table: Word and LibreOffice join two
    tables that touch into one (one header row for both, columns out of line)."""
    blocks = [e for e in word.element.body if e.tag != qn("w:sectPr")]
    if blocks and blocks[-1].tag == qn("w:tbl"):
        word.add_paragraph()


def _new_table(word, body, parts, width: int):
    """Return a new two-column table with its repeating header row (the language names)."""
    table = word.add_table(rows=1, cols=len(parts))
    ooxml.set_style_id(table, body._style_id("table"))
    table.autofit = False
    header = table.rows[0]
    ooxml.set_repeat_header(header)
    for cell, part in zip(header.cells, parts, strict=True):
        run = cell.paragraphs[0].add_run(NAMES[part.language])
        run.bold = True
        tag_runs(cell._tc, part.language)
    for column in table.columns:
        column.width = Emu(width // len(parts))
        for cell in column.cells:
            cell.width = Emu(width // len(parts))
    return table


def _drop_empty_first_paragraph(cell: _Cell) -> None:
    """Remove the empty paragraph a new cell starts with, once the text follows it."""
    paragraphs = cell._tc.findall(qn("w:p"))
    first = paragraphs[0] if paragraphs else None
    if len(paragraphs) > 1 and first is not None and first.find(qn("w:r")) is None:
        cell._tc.remove(first)


def _glue_dates(text: str) -> str:
    """Return ``text`` with every date's spaces no-break, so no line in a narrow column
    breaks inside "January 14, 2027" or "14 de enero de 2027"."""
    from toolkit.word.measure import _DATE_RE, NBSP

    glue = lambda m: m[0].replace(" ", NBSP)  # noqa: E731
    return _DATE_RE.sub(glue, text)
