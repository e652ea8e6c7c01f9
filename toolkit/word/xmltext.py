"""Paragraphs and runs written as XML text, parsed once per batch of blocks.

Making a document's paragraphs and runs element by element (python-docx's proxies, lxml
``SubElement`` and copies) was most of a build. The builder instead keeps each new paragraph
as a :class:`PendingParagraph`: its properties, and its runs as WordprocessingML text; a
:class:`Pending` list of them is parsed in one go and put in place when something needs the
elements (a table comes next, a chart, the end of the Markdown). The XML is what python-docx
makes for the same paragraphs: the same elements, attributes and order, so the documents are
byte for byte those it made (the parsed elements are moved into the document, and lxml drops
their namespace declarations, which the document's root already makes).
"""

from __future__ import annotations

import functools
import posixpath
import re
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.spec import default_content_types
from docx.oxml.ns import nsdecls
from docx.oxml.parser import oxml_parser
from docx.shared import Pt
from lxml import etree

from toolkit.word import ooxml

#: The children of ``w:pPr`` a new paragraph can get here, in schema order.
_ON_OFF = ("keepNext", "keepLines", "pageBreakBefore", "widowControl")
_WRAPPER = f"<w:body {nsdecls('w', 'r')}>"
BREAK_RUN = "<w:r><w:br/></w:r>"  # paragraph.add_run().add_break()


def escape_text(text: str) -> str:
    """Return ``text`` escaped for XML character data (as lxml writes a text node)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def escape_attribute(value: str) -> str:
    """Return ``value`` escaped for a double-quoted XML attribute, so that it reads back as
    it is (tabs and line ends as character references: a parser turns them into spaces)."""
    value = escape_text(value).replace('"', "&quot;")
    return value.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


class PendingParagraph:
    """A paragraph the builder writes: its properties until it is made (``element`` None),
    and the runs (XML text) not yet added to it."""

    __slots__ = ("element", "jc", "numbering", "on", "runs", "spacing", "style_id")

    def __init__(self, style_id: str | None = None, element=None) -> None:
        self.style_id = style_id
        self.on: set[str] = set()  # on/off properties ("keepNext", ...)
        self.numbering: tuple[int, int] | None = None  # (numId, ilvl)
        self.spacing = ""  # the attributes of w:spacing, as XML text ('w:before="160"')
        self.jc: str | None = None  # the alignment
        self.runs: list[str] = []
        self.element = element  # the w:p, once made

    def switch_on(self, tag: str) -> None:
        """Turn on the on/off paragraph property ``tag`` (:func:`ooxml.switch_on`)."""
        if self.element is None:
            self.on.add(tag)
        else:
            ooxml.switch_on(self.element, tag)

    def xml(self) -> str:
        """Return the ``w:p`` of a paragraph not made yet, with its runs."""
        props = []
        if self.style_id is not None:
            props.append(f'<w:pStyle w:val="{escape_attribute(self.style_id)}"/>')
        props += [f"<w:{tag}/>" for tag in _ON_OFF if tag in self.on]
        if self.numbering is not None:
            num_id, level = self.numbering
            props.append(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        if self.spacing:
            props.append(f"<w:spacing {self.spacing}/>")
        if self.jc is not None:
            props.append(f'<w:jc w:val="{self.jc}"/>')
        p_pr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else "<w:pPr/>"
        return f"<w:p>{p_pr}{''.join(self.runs)}</w:p>"


class Pending:
    """The paragraphs written since the last :meth:`flush`, in document order: new ones,
    and made ones with runs still to add (a table cell's, a chart's)."""

    def __init__(self) -> None:
        self.items: list[PendingParagraph] = []
        self.empty_text = False  # a run with an empty w:t was written (see flush)

    def last_new(self) -> PendingParagraph | PendingTable | None:
        """Return the last block written when it is not made yet, else None."""
        last = self.items[-1] if self.items else None
        return last if last is not None and last.element is None else None

    def flush(self, body, end) -> None:
        """Make the new blocks (before ``end``, else at the end of ``body``) and add the
        runs written to the made paragraphs, from one parse of their XML."""
        items = [item for item in self.items if item.element is None or item.runs]
        self.items = []
        if not items:
            return
        parts = [_WRAPPER]
        for item in items:
            parts.append(item.xml() if item.element is None else f"<w:p>{''.join(item.runs)}</w:p>")
        parts.append("</w:body>")
        made = _parse(parts, self.empty_text)
        self.empty_text = False
        for item, element in zip(items, made, strict=True):
            if item.element is not None:  # a made paragraph: its new runs
                item.element.extend(list(element))
                item.runs = []
                continue
            # lxml's time to move an element into another document grows with the square of
            # the elements under it (a 4,000-row table: 0.2 s; 8,000 one-cell rows: 0.05 s,
            # one at a time: 0.002 s): a table's rows follow it one by one
            rows: list = element[2:] if isinstance(item, PendingTable) else []  # (tblPr, tblGrid)
            for row in rows:
                element.remove(row)
            if end is not None:
                end.addprevious(element)
            else:
                body.append(element)
            element.extend(rows)
            item.element = element


def run_xml(
    text: str,
    *,
    style_id: str | None = None,
    bold: bool = False,
    italic: bool = False,
    highlight: bool = False,
) -> str:
    """Return the ``w:r`` holding ``text`` formatted as asked (``w:rPr`` children in schema
    order). A tab is a ``w:tab`` and a line end a ``w:br``, as python-docx's ``run.text``
    writes them; such a run always has a ``w:rPr``, as python-docx's formatting setters leave
    one (it is written through them: ``paragraph.add_run(text)``, then ``run.bold`` ...)."""
    if "\t" in text or "\n" in text or "\r" in text:
        content = "".join(
            "<w:tab/>" if piece == "\t" else "<w:br/>" if piece in "\r\n" else _t(piece)
            for piece in _CONTROLS.split(text)
            if piece
        )
        r_pr = _run_properties(style_id, bold, italic, highlight) or "<w:rPr/>"
        return f"<w:r>{r_pr}{content}</w:r>"
    return f"<w:r>{_run_properties(style_id, bold, italic, highlight)}{_t(text)}</w:r>"


_CONTROLS = re.compile(r"([\t\r\n])")


def _t(text: str) -> str:
    if text[:1].isspace() or text[-1:].isspace():
        return f'<w:t xml:space="preserve">{escape_text(text)}</w:t>'
    return f"<w:t>{escape_text(text)}</w:t>"


@functools.lru_cache(maxsize=64)
def _run_properties(style_id: str | None, bold: bool, italic: bool, highlight: bool) -> str:
    """Return the ``w:rPr`` for the formatting asked, "" for none."""
    props = []
    if style_id:
        props.append(f'<w:rStyle w:val="{escape_attribute(style_id)}"/>')
    if bold:
        props.append("<w:b/>")
    if italic:
        props.append("<w:i/>")
    if highlight:
        props.append('<w:highlight w:val="yellow"/>')
    return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""


def hyperlink_xml(r_id: str, runs: list[str]) -> str:
    """Return a ``w:hyperlink`` to the relationship ``r_id`` (an external one, as Word
    writes links) holding ``runs``."""
    attributes = f'r:id="{escape_attribute(r_id)}" w:history="1"'
    return f"<w:hyperlink {attributes}>{''.join(runs)}</w:hyperlink>"


CELL_SPACING = Pt(1)  # above and below the text of a table cell
#: A table cell's paragraph spacing: single lines, CELL_SPACING above and below (body text
#: spacing would leave a gap under each row).
_CELL_SPACING = (
    f'w:before="{CELL_SPACING.twips}" w:after="{CELL_SPACING.twips}" w:line="240" w:lineRule="auto"'
)


def cell_paragraph(alignment: str | None) -> PendingParagraph:
    """Return the paragraph of a new table cell, aligned ``alignment`` ("left", "center",
    "right"; None: as the style says)."""
    paragraph = PendingParagraph()
    paragraph.spacing = _CELL_SPACING
    paragraph.jc = alignment
    return paragraph


#: A table's rows: each (a header row?, its cells' paragraphs).
Rows = list[tuple[bool, list[PendingParagraph]]]


class PendingTable:
    """A table of the body the builder writes, made with the paragraphs around it: what
    python-docx's ``add_table(rows=0, cols)`` makes, in the table style ``style_id``, with
    ``rows`` (see :func:`rows_xml`), its columns ``widths`` twips wide and fixed (``autofit``
    off, so Word keeps them). ``element`` is the ``w:tbl`` once made."""

    __slots__ = ("element", "height", "rows", "style_id", "widths")
    runs = ()  # (nothing is added to a made table)

    def __init__(self, style_id: str | None) -> None:
        self.style_id = style_id
        self.rows: Rows = []
        self.widths: list[int] = []
        self.height: int | None = None
        self.element: Any = None  # (a CT_Tbl)

    def xml(self) -> str:
        """Return the ``w:tbl``."""
        style = f'<w:tblStyle w:val="{escape_attribute(self.style_id)}"/>' if self.style_id else ""
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in self.widths)
        return (
            f"<w:tbl><w:tblPr>{style}{_TABLE_PROPERTIES}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            f"{rows_xml(self.rows, self.widths, self.height)}</w:tbl>"
        )


_TABLE_PROPERTIES = (
    '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" '
    'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
)


def rows_xml(rows: Rows, widths: list[int], height: int | None) -> str:
    """Return the ``w:tr`` elements of ``rows``, the cells ``widths`` twips wide: rows kept on
    one page (``w:cantSplit``), header rows repeated on every page (``w:tblHeader``), the
    others at least ``height`` twips tall when given."""
    body_row = (
        _ROW
        if height is None
        else f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}"/></w:trPr>'
    )
    parts = []
    for header, cells in rows:
        parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else body_row)
        for paragraph, width in zip(cells, widths, strict=False):
            parts.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>')
            parts.append(paragraph.xml())
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    return "".join(parts)


def table_rows(rows: Rows, widths: list[int], height: int | None, empty_text: bool) -> list:
    """Return the ``w:tr`` elements of :func:`rows_xml`, made (for a table made already);
    ``empty_text`` as for :func:`_parse`."""
    return _parse([_WRAPPER, rows_xml(rows, widths, height), "</w:body>"], empty_text)


def _parse(parts: list[str], empty_text: bool) -> list:
    """Return the elements in the XML text ``parts`` (a wrapper and its children).

    ``empty_text``: a run with an empty ``w:t`` may be among them. lxml writes a ``w:t`` whose
    text was set to "" as ``<w:t></w:t>``, but a parsed one as ``<w:t/>``: their text is set
    to "" as python-docx sets it.
    """
    made = etree.fromstring("".join(parts), oxml_parser)
    if empty_text:
        for t in made.iter(ooxml.W_T):
            if t.text is None:
                t.text = ""
    return list(made)


_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


# -- the package's own XML: content types and relationships ------------------------------------

_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"


def content_types_xml(parts) -> bytes:
    """Return ``[Content_Types].xml`` for the python-docx ``parts``, as python-docx's package
    writer makes it: a default per extension where the type is the usual one for it (sorted
    by extension), an override per part otherwise (sorted by part name)."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        partname, content_type = part.partname, part.content_type
        ext = partname.ext
        if (ext.lower(), content_type) in default_content_types:
            defaults[ext.lower()] = content_type
        else:
            overrides[partname] = content_type
    items = [f'<Types xmlns="{_CT_NS}">']
    for ext in sorted(defaults):
        items.append(f'<Default Extension="{_attr(ext)}" ContentType="{_attr(defaults[ext])}"/>')
    for partname in sorted(overrides):
        content_type = _attr(overrides[partname])
        items.append(f'<Override PartName="{_attr(partname)}" ContentType="{content_type}"/>')
    items.append("</Types>")
    return (_DECLARATION + "".join(items)).encode("utf-8")


def relationships_xml(rels, base_uri: str) -> bytes:
    """Return the .rels part of the python-docx relationships ``rels`` of a part whose
    folder is ``base_uri`` ("/" for the package's own), as python-docx writes it."""
    items = [f'<Relationships xmlns="{_RELS_NS}">']
    for rel in rels.values():
        if rel.is_external:
            target, mode = rel.target_ref, ' TargetMode="External"'
        else:
            target, mode = _relative_ref(rel.target_part.partname, base_uri), ""
        items.append(
            f'<Relationship Id="{_attr(rel.rId)}" Type="{_attr(rel.reltype)}" '
            f'Target="{_attr(target)}"{mode}/>'
        )
    items.append("</Relationships>")
    return (_DECLARATION + "".join(items)).encode("utf-8")


@functools.lru_cache(maxsize=256)
def _relative_ref(partname: str, base_uri: str) -> str:
    """Return the reference to ``partname`` from the folder ``base_uri`` (PackURI's
    ``relative_ref``, computed once per pair)."""
    return partname[1:] if base_uri == "/" else posixpath.relpath(partname, base_uri)


@functools.lru_cache(maxsize=512)
def _attr(value: str) -> str:
    return escape_attribute(value)


_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
