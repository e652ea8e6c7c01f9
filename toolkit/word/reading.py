"""Reading OOXML back: list numbering, inline runs, links and fields, header rows. Used by the
readable dump (``toolkit.word.dump``) that golden tests compare; writing lives in ``ooxml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import TYPE_CHECKING, TypedDict, cast

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from toolkit.frozen import Frozen, Record
from toolkit.word.ooxml import _xpath

if TYPE_CHECKING:
    from docx.opc.part import XmlPart
    from docx.parts.document import DocumentPart


class LevelFormat(Frozen):
    """How one level of an abstract numbering definition shows its number."""

    start: int
    num_fmt: str
    lvl_text: str


class NumberingInfo(Record):
    """The numbering part, read: numId → (abstractNumId, start overrides by level)."""

    nums: dict[int, tuple[int, dict[int, int]]] = field(default_factory=dict)
    abstracts: dict[int, dict[int, LevelFormat]] = field(default_factory=dict)


def read_numbering(document: Document) -> NumberingInfo:
    """Return the document's list definitions, empty when it has no numbering part."""
    info = NumberingInfo()
    try:
        numbering = cast("XmlPart", document.part.part_related_by(RT.NUMBERING)).element
    except KeyError:
        return info
    for abstract in _xpath(numbering, "./w:abstractNum"):
        levels = {}
        for lvl in _xpath(abstract, "./w:lvl"):
            start = _xpath(lvl, "./w:start/@w:val")
            num_fmt = _xpath(lvl, "./w:numFmt/@w:val")
            lvl_text = _xpath(lvl, "./w:lvlText/@w:val")
            levels[int(lvl.get(qn("w:ilvl")))] = LevelFormat(
                int(start[0]) if start else 0,
                str(num_fmt[0]) if num_fmt else "decimal",
                str(lvl_text[0]) if lvl_text else "",
            )
        info.abstracts[int(abstract.get(qn("w:abstractNumId")))] = levels
    for num in _xpath(numbering, "./w:num"):
        overrides = {}
        for override in _xpath(num, "./w:lvlOverride[w:startOverride]"):
            start = _xpath(override, "./w:startOverride/@w:val")[0]
            overrides[int(override.get(qn("w:ilvl")))] = int(start)
        abstract_id = int(_xpath(num, "./w:abstractNumId/@w:val")[0])
        info.nums[int(num.get(qn("w:numId")))] = (abstract_id, overrides)
    return info


def paragraph_numbering(paragraph: Paragraph) -> tuple[int, int] | None:
    """Return ``(numId, level)`` of a list paragraph, direct or from its style; else None."""
    num_id: int | None = None
    ilvl: int | None = None
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        num_id, ilvl = _num_pr_values(p_pr.numPr)
    if num_id is None and p_pr is not None and p_pr.pStyle is not None:
        styles = cast("DocumentPart", paragraph.part).styles.element
        style = styles.get_by_id(p_pr.pStyle.val)
        seen = set()
        while style is not None and style.styleId not in seen and num_id is None:
            seen.add(style.styleId)
            style_num_pr = _xpath(style, "./w:pPr/w:numPr")
            if style_num_pr:
                num_id, style_ilvl = _num_pr_values(style_num_pr[0])
                ilvl = ilvl if ilvl is not None else style_ilvl
            based_on = style.basedOn_val
            style = styles.get_by_id(based_on) if based_on else None
    if not num_id:
        return None
    return num_id, ilvl or 0


def _num_pr_values(num_pr) -> tuple[int | None, int | None]:
    """Return ``(numId, ilvl)`` from a ``w:numPr`` element, None for each missing child."""
    num_id = _xpath(num_pr, "./w:numId/@w:val")
    ilvl = _xpath(num_pr, "./w:ilvl/@w:val")
    return (int(num_id[0]) if num_id else None, int(ilvl[0]) if ilvl else None)


def iter_blocks(document: Document) -> Iterator[Paragraph | Table]:
    """Yield the body's paragraphs and tables in order, including those in content controls."""
    body = document._body

    def walk(element) -> Iterator[Paragraph | Table]:
        for child in element:
            if child.tag == qn("w:p"):
                yield Paragraph(child, body)
            elif child.tag == qn("w:tbl"):
                yield Table(child, body)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                yield from walk(child)

    yield from walk(document.element.body)


def is_repeating_header(row: _Row) -> bool:
    """Return True when ``row`` is marked to repeat as a header row on each page."""
    tr_pr = row._tr.trPr
    if tr_pr is None:
        return False
    header = tr_pr.find(qn("w:tblHeader"))
    return header is not None and header.get(qn("w:val"), "true") not in ("0", "false", "off")


class Inline(Frozen):
    """One piece of a paragraph's content, in reading order.

    ``kind`` is "text", "break" (line break), "page_break", "tab", "field" (``text`` is the
    field's instruction word, e.g. "PAGE"), "comment" (``text`` is the comment id) or
    "object" (an image or other drawing; ``text`` says which).
    """

    kind: str
    text: str = ""
    bold: bool = False
    italic: bool = False
    highlight: bool = False
    url: str | None = None


class _RunStyle(TypedDict):
    """How a run looks: the style part of an :class:`Inline`."""

    bold: bool
    italic: bool
    highlight: bool
    url: str | None


def read_inline(paragraph: Paragraph) -> list[Inline]:
    """Return ``paragraph``'s content as a flat list of :class:`Inline` pieces."""
    reader = _InlineReader(paragraph)
    reader.walk(paragraph._p, None)
    return reader.pieces


class _InlineReader:
    """Walks ``w:p`` content, following complex fields across runs."""

    _CONTAINERS = ("w:ins", "w:smartTag", "w:customXml", "w:sdt", "w:sdtContent", "w:moveTo")

    def __init__(self, paragraph: Paragraph) -> None:
        self.paragraph = paragraph
        self.pieces: list[Inline] = []
        self.field_depth = 0
        self.in_result = False
        self.instruction: list[str] = []

    def walk(self, element, url: str | None) -> None:
        """Append the pieces of ``element``'s children."""
        for child in element:
            tag = child.tag
            if tag == qn("w:r"):
                self.run(child, url)
            elif tag == qn("w:hyperlink"):
                self.walk(child, self.hyperlink_url(child))
            elif tag == qn("w:fldSimple"):
                instr = (child.get(qn("w:instr")) or "").split()
                self.pieces.append(Inline("field", instr[0] if instr else ""))
            elif tag in {qn(t) for t in self._CONTAINERS}:
                self.walk(child, url)

    def hyperlink_url(self, link) -> str | None:
        """Return the target of a ``w:hyperlink`` (external URL or ``#anchor``)."""
        r_id = link.get(qn("r:id"))
        if r_id and r_id in self.paragraph.part.rels:
            return self.paragraph.part.rels[r_id].target_ref
        anchor = link.get(qn("w:anchor"))
        return f"#{anchor}" if anchor else None

    def run(self, r, url: str | None) -> None:
        """Append the pieces of one ``w:r``."""
        proxy = Run(r, self.paragraph)
        style = _RunStyle(
            bold=bool(proxy.bold),
            italic=bool(proxy.italic),
            highlight=proxy.font.highlight_color is not None,
            url=url,
        )
        for child in r:
            tag = child.tag
            if tag == qn("w:fldChar"):
                self.field_char(child.get(qn("w:fldCharType")))
            elif tag == qn("w:instrText"):
                if self.field_depth == 1:
                    self.instruction.append(child.text or "")
            elif self.in_result or self.field_depth:
                continue  # a field's cached result or a nested field: shown as the field
            elif tag == qn("w:t"):
                self.pieces.append(Inline("text", child.text or "", **style))
            elif tag == qn("w:tab"):
                self.pieces.append(Inline("tab", "\t", **style))
            elif tag in (qn("w:br"), qn("w:cr")):
                page = child.get(qn("w:type")) == "page"
                self.pieces.append(Inline("page_break" if page else "break"))
            elif tag == qn("w:noBreakHyphen"):
                self.pieces.append(Inline("text", "-", **style))
            elif tag == qn("w:sym"):
                self.pieces.append(Inline("text", chr(int(child.get(qn("w:char")), 16)), **style))
            elif tag == qn("w:commentReference"):
                self.pieces.append(Inline("comment", child.get(qn("w:id")) or ""))
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                self.pieces.append(Inline("object", tag.split("}")[1]))

    def field_char(self, kind: str | None) -> None:
        """Track a ``w:fldChar`` (begin / separate / end)."""
        if kind == "begin":
            self.field_depth += 1
            if self.field_depth == 1:
                self.instruction = []
                self.in_result = False
        elif kind == "separate" and self.field_depth == 1:
            self.in_result = True
            self.emit_field()
        elif kind == "end":
            if self.field_depth == 1 and not self.in_result:
                self.emit_field()
            self.field_depth = max(0, self.field_depth - 1)
            if self.field_depth == 0:
                self.in_result = False

    def emit_field(self) -> None:
        """Append the field whose instruction was just read."""
        words = "".join(self.instruction).split()
        self.pieces.append(Inline("field", words[0] if words else ""))
