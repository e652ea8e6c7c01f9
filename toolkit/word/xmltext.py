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
import re

from docx.oxml.ns import nsdecls
from docx.oxml.parser import oxml_parser
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

    __slots__ = ("before", "element", "numbering", "on", "runs", "style_id")

    def __init__(self, style_id: str | None = None, element=None) -> None:
        self.style_id = style_id
        self.on: set[str] = set()  # on/off properties ("keepNext", ...)
        self.before: int | None = None  # w:spacing w:before, twips
        self.numbering: tuple[int, int] | None = None  # (numId, ilvl)
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
        if self.before is not None:
            props.append(f'<w:spacing w:before="{self.before}"/>')
        p_pr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else "<w:pPr/>"
        return f"<w:p>{p_pr}{''.join(self.runs)}</w:p>"


class Pending:
    """The paragraphs written since the last :meth:`flush`, in document order: new ones,
    and made ones with runs still to add (a table cell's, a chart's)."""

    def __init__(self) -> None:
        self.items: list[PendingParagraph] = []
        self.empty_text = False  # a run with an empty w:t was written (see flush)

    def last_new(self) -> PendingParagraph | None:
        """Return the last new paragraph when it is the last block written, else None."""
        last = self.items[-1] if self.items else None
        return last if last is not None and last.element is None else None

    def flush(self, body, end) -> None:
        """Make the new paragraphs (before ``end``, else at the end of ``body``) and add the
        runs written to the made ones, from one parse of their XML."""
        items = [item for item in self.items if item.element is None or item.runs]
        self.items = []
        if not items:
            return
        parts = [_WRAPPER]
        for item in items:
            parts.append(item.xml() if item.element is None else f"<w:p>{''.join(item.runs)}</w:p>")
        parts.append("</w:body>")
        made = etree.fromstring("".join(parts), oxml_parser)
        if self.empty_text:  # lxml writes t.text = "" as <w:t></w:t>, a parsed one as <w:t/>
            for t in made.iter(ooxml.W_T):
                if t.text is None:
                    t.text = ""
            self.empty_text = False
        for item, p in zip(items, list(made), strict=True):
            item.runs = []
            if item.element is not None:
                item.element.extend(list(p))
            elif end is not None:
                end.addprevious(p)
                item.element = p
            else:
                body.append(p)
                item.element = p


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
