"""Raw OOXML: everything python-docx has no API for, in one place.

Nothing else in the toolkit builds or walks WordprocessingML by hand, but
:mod:`toolkit.word.xmltext` (the builder's paragraphs, runs and hyperlinks, as XML text).
Writers: list numbering (our own multi-level definitions, a fresh ``w:num`` per list so
numbering restarts), repeating table header rows, the "Page N of M" footer, the document
language, copying styles between documents, clearing a template's body. Readers (for the test
dump): which number a list paragraph carries, the inline content of a paragraph (runs, links,
breaks, fields, comments).
"""

from __future__ import annotations

import contextlib
import copy
import functools
from collections.abc import Iterable, Iterator

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.section import Section
from docx.shared import Emu, Inches
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

# ---------------------------------------------------------------------------------------------
# List numbering

LIST_KINDS = ("bullet", "number")
# (numFmt, lvlText) per level. The plain-text renderer shows the same numbers.
LEVEL_FORMATS: dict[str, tuple[tuple[str, str], ...]] = {
    "bullet": (("bullet", "\u2022"), ("bullet", "\u25e6"), ("bullet", "\u25aa")),
    "number": (("decimal", "%1."), ("lowerLetter", "%2."), ("lowerRoman", "%3.")),
}
# Where a list item's text starts, per level (twips); the marker hangs LIST_HANGING before it.
LIST_TEXT_INDENT = (720, 1080, 1440)
LIST_HANGING = 360
_ABSTRACT_NAME = "srkit-{kind}"


def _abstract_num_xml(abstract_id: int, kind: str) -> str:
    """Return the XML of our multi-level abstract numbering definition for ``kind``."""
    levels = []
    for ilvl, (num_fmt, lvl_text) in enumerate(LEVEL_FORMATS[kind]):
        levels.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{num_fmt}"/>'
            f'<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{LIST_TEXT_INDENT[ilvl]}" w:hanging="{LIST_HANGING}"/>'
            "</w:pPr></w:lvl>"
        )
    nsid = f"{0x53524B00 + abstract_id:08X}"
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="multilevel"/>'
        f'<w:tmpl w:val="{nsid}"/><w:name w:val="{_ABSTRACT_NAME.format(kind=kind)}"/>'
        f"{''.join(levels)}</w:abstractNum>"
    )


@functools.lru_cache(maxsize=16)
def _abstract_num(abstract_id: int, kind: str):
    """Return our abstract numbering definition, parsed once and copied into each document."""
    return parse_xml(_abstract_num_xml(abstract_id, kind))


def ensure_list_definitions(document: Document) -> dict[str, int]:
    """Return our abstract numbering ids by kind, adding the definitions first if missing.

    The definitions go after any existing ``w:abstractNum`` and before every ``w:num``, as the
    schema requires; they are found again by their ``w:name``, so calling this twice is safe.
    """
    numbering = document.part.numbering_part.element
    ids: dict[str, int] = {}
    for kind in LIST_KINDS:  # the children read directly: an XPath is compiled on each call
        name = _ABSTRACT_NAME.format(kind=kind)
        abstracts = list(numbering.iterchildren(_ABSTRACT_NUM))
        found = [
            abstract.get(_W_ABSTRACT_NUM_ID)
            for abstract in abstracts
            if abstract.get(_W_ABSTRACT_NUM_ID) is not None
            and any(n.get(_W_VAL) == name for n in abstract.iterchildren(_NAME))
        ]
        if found:
            ids[kind] = int(found[0])
            continue
        existing = [
            int(a.get(_W_ABSTRACT_NUM_ID))
            for a in abstracts
            if a.get(_W_ABSTRACT_NUM_ID) is not None
        ]
        abstract_id = max(existing, default=-1) + 1
        element = copy_tree(_abstract_num(abstract_id, kind))
        if abstracts:
            abstracts[-1].addnext(element)
        else:
            first_num = next(numbering.iterchildren(_NUM, _NUM_ID_MAC_AT_CLEANUP), None)
            if first_num is not None:
                first_num.addprevious(element)
            else:
                numbering.append(element)
        ids[kind] = abstract_id
    return ids


_ABSTRACT_NUM, _W_ABSTRACT_NUM_ID, _NAME, _NUM_ID_MAC_AT_CLEANUP = (
    qn(f"w:{t}") for t in ("abstractNum", "abstractNumId", "name", "numIdMacAtCleanup")
)


class ListNumbers:
    """Fresh ``w:num`` elements for the Markdown lists of one document, each made in constant
    time (python-docx's ``add_num`` reads every ``w:num`` to choose an id, which makes a
    document of many lists quadratic to build). The ids and places are the ones ``add_num``
    would choose: the lowest unused id, and the end of the numbering part."""

    def __init__(self, document: Document) -> None:
        self._numbering = document.part.numbering_part.element
        self._abstract_ids = ensure_list_definitions(document)
        self._used = {
            int(num.get(_W_NUM_ID))
            for num in self._numbering.iterchildren(_NUM)
            if num.get(_W_NUM_ID) is not None
        }
        self._next = 1
        self._before = first_child(self._numbering, _NUM_ID_MAC_AT_CLEANUP)

    def new(self, kind: str, start: int = 1, level: int = 0) -> int:
        """Return the numId of a fresh ``w:num`` for one Markdown list of ``kind``.

        ``kind`` is "bullet" or "number". The ``w:startOverride`` on ``level`` makes the list
        restart at ``start`` wherever it appears, instead of continuing an earlier list.
        """
        while self._next in self._used:
            self._next += 1
        num_id = self._next
        self._used.add(num_id)
        # the XML of CT_Num.new(...).add_lvlOverride(level).add_startOverride(start), built
        # directly (python-docx searches each child's place)
        num = etree.SubElement(self._numbering, _NUM, {_W_NUM_ID: str(num_id)})
        if self._before is not None:
            self._before.addprevious(num)
        _sub_val(num, _ABSTRACT_NUM_ID, str(self._abstract_ids[kind]))
        override = etree.SubElement(num, _LVL_OVERRIDE, {_W_ILVL: str(level)})
        _sub_val(override, _START_OVERRIDE, str(start))
        return num_id


_NUM, _W_NUM_ID, _ABSTRACT_NUM_ID, _LVL_OVERRIDE, _W_ILVL, _START_OVERRIDE = (
    qn(f"w:{t}") for t in ("num", "numId", "abstractNumId", "lvlOverride", "ilvl", "startOverride")
)


def body_end(document: Document):
    """Return the body's final ``w:sectPr``, before which new content goes (None if absent)."""
    body = document.element.body
    last = body[-1] if len(body) else None
    return last if last is not None and last.tag == W_SECT_PR else None


# ---------------------------------------------------------------------------------------------
# Paragraph properties, written directly
#
# python-docx's property setters (``paragraph_format.keep_with_next`` ...) find each child's
# place by searching for every possible successor tag; on a long document that search, and
# making elements through ``OxmlElement``, were most of the build. These write the same XML.

_W = nsmap["w"]
W_P, W_PPR, W_R, W_T, W_TC, W_TR = (f"{{{_W}}}{t}" for t in ("p", "pPr", "r", "t", "tc", "tr"))
W_SECT_PR = f"{{{_W}}}sectPr"
_W_VAL = f"{{{_W}}}val"
#: The children of ``w:pPr`` in schema order, and each one's rank in it.
_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip
_PPR_RANK = {f"{{{_W}}}{tag}": rank for rank, tag in enumerate(_PPR_ORDER)}
_SPACING_ATTRIBUTES = {name: f"{{{_W}}}{name}" for name in ("before", "after", "line", "lineRule")}


def copy_tree(element):
    """Return a copy of the XML ``element`` with everything in it: ``copy.deepcopy``, without
    its memo and dispatch (lxml's ``copy.copy`` of an element copies the whole subtree)."""
    return copy.copy(element)


def first_child(parent, clark: str):
    """Return the first child of ``parent`` with the tag ``clark`` (Clark notation), or None:
    ``parent.find(clark)`` without lxml's ElementPath, which is Python and 3 times slower."""
    for found in parent.iterchildren(clark):
        return found
    return None


def paragraph_properties(p):
    """Return the ``w:pPr`` of the paragraph element ``p``, adding it first if missing."""
    if len(p) and p[0].tag == W_PPR:
        return p[0]
    p_pr = etree.SubElement(p, W_PPR)  # made in place: of python-docx's class, no namespace
    p.insert(0, p_pr)  # declaration to reconcile
    return p_pr


def _ppr_child(p_pr, tag: str):
    """Return the child ``w:{tag}`` of ``p_pr``, adding it in schema order first if missing."""
    clark = f"{{{_W}}}{tag}"
    found = first_child(p_pr, clark)
    if found is not None:
        return found
    rank = _PPR_RANK[clark]
    later = next((e for e in p_pr if _PPR_RANK.get(e.tag, -1) > rank), None)
    child = etree.SubElement(p_pr, clark)
    if later is not None:
        later.addprevious(child)
    return child


def switch_on(p, tag: str) -> None:
    """Turn on the on/off paragraph property ``tag`` of paragraph element ``p`` ("keepNext",
    "pageBreakBefore"): ``paragraph_format.keep_with_next = True`` and the like."""
    _ppr_child(paragraph_properties(p), tag).attrib.pop(_W_VAL, None)


def set_spacing(p, **twips: int | str) -> None:
    """Set ``w:spacing`` attributes (before, after, line, lineRule; twips) of paragraph
    element ``p``, in the order given: ``paragraph_format.space_before`` and the like."""
    spacing = _ppr_child(paragraph_properties(p), "spacing")
    for name, value in twips.items():
        spacing.set(_SPACING_ATTRIBUTES[name], str(value))


# ---------------------------------------------------------------------------------------------
# Styles


def set_style_id(table: Table, style_id: str | None) -> None:
    """Apply the table style with id ``style_id`` (None: the default) to ``table``.

    The same as assigning ``table.style`` in python-docx, without its scan of every style to
    find the default one on each assignment.
    """
    table._tbl.tblStyle_val = style_id


# ---------------------------------------------------------------------------------------------
# Tables, sections, document settings


# the children of w:trPr, in schema order (those a row property must come before)
_ROW_PROPERTIES = (
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)


def add_body_table(document: Document, end, columns: int, width: int) -> Table:
    """Return a new table of ``columns`` columns sharing ``width`` EMU (the section's text
    width), placed before ``end`` (from :func:`body_end`): ``document.add_table(rows=0,
    cols=columns)``, without python-docx's scans of the body for the last section and for
    the table's place."""
    from docx.oxml.table import CT_Tbl

    tbl = CT_Tbl.new_tbl(0, columns, Emu(width))
    end.addprevious(tbl)
    return Table(tbl, document._body)


def set_repeat_header(row: _Row) -> None:
    """Mark ``row`` as a header row that Word repeats at the top of every page."""
    _set_row_property(row, "w:tblHeader")


def _set_row_property(row: _Row, tag: str) -> None:
    """Add the on/off row property ``tag`` to ``row`` (once, in schema order)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn(tag)) is None:
        after = _ROW_PROPERTIES[_ROW_PROPERTIES.index(tag) + 1 :]
        _insert_in_order(tr_pr, OxmlElement(tag), after)


def last_paragraph(document: Document, body=None) -> Paragraph | None:
    """Return the body's last block when it is a paragraph, else None. ``body`` is the body
    element when the caller has it (``document.element.body``, looked up otherwise)."""
    last = _last_block(document, body)
    return Paragraph(last, document._body) if last is not None and last.tag == W_P else None


def _last_block(document: Document, body=None):
    """Return the body's last paragraph or table (None when the body is empty)."""
    for child in reversed(document.element.body if body is None else body):
        if child.tag != W_SECT_PR:
            return child
    return None


def start_landscape_section(document: Document) -> Section:
    """Return a new last section, landscape, starting on a new page.

    What the body holds so far ends its own section (a copy of the page setup it had, with its
    headers and footers); the new section keeps the same margins, turned, and shows the same
    headers and footers (it links to the previous section's).
    """
    from docx.enum.section import WD_ORIENT, WD_SECTION

    body = document.element.body
    last = body.get_or_add_sectPr()
    holder = _last_block(document)
    if holder is None or holder.tag != qn("w:p"):
        holder = body.add_p()  # a section cannot end in a table
    holder.set_sectPr(last.clone())
    for reference in _xpath(last, "./w:headerReference | ./w:footerReference"):
        last.remove(reference)
    section = Section(last, document.part)
    section.start_type = WD_SECTION.NEW_PAGE
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    return section


def add_page_number_footer(
    section: Section, style: ParagraphStyle | None = None, keep_existing: bool = False
) -> Paragraph:
    """Return the centred footer paragraph "Page N of M" added to ``section``'s footer.

    N and M are PAGE and NUMPAGES fields, so Word and LibreOffice fill them in on layout. The
    footer's old content is replaced, or kept above the new line when ``keep_existing``.
    """
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraphs = footer.paragraphs
    has_content = any(p.text.strip() for p in paragraphs) or bool(footer.tables)
    if keep_existing and has_content:
        paragraph = footer.add_paragraph()
    else:
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        for table in footer.tables:
            table._tbl.getparent().remove(table._tbl)
        paragraph = paragraphs[0] if paragraphs else footer.add_paragraph()
        paragraph.clear()
    if style is not None:
        paragraph.style = style
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    _add_field(paragraph, "NUMPAGES", "1")
    return paragraph


def _add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append a complex field (begin, instruction, separate, cached result, end)."""
    for part in ("begin", f" {instruction} ", "separate", cached, "end"):
        run = paragraph.add_run()
        if part in ("begin", "separate", "end"):
            fld_char = OxmlElement("w:fldChar")
            fld_char.set(qn("w:fldCharType"), part)
            run._r.append(fld_char)
        elif part == cached:
            run.text = cached
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = part
            run._r.append(instr)


def has_page_field(section: Section) -> bool:
    """Return True when ``section``'s footer or header holds a PAGE field."""
    for part in (section.footer, section.header):
        if part.is_linked_to_previous:
            continue
        element = part._element
        instr = " ".join(_xpath(element, ".//w:instrText/text()"))
        simple = " ".join(_xpath(element, ".//w:fldSimple/@w:instr"))
        if "PAGE" in f"{instr} {simple}".split():
            return True
    return False


def set_language(document: Document, language: str = "en-US") -> None:
    """Set the default language of all text (``w:docDefaults``) to ``language``."""
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = OxmlElement("w:docDefaults")
        styles.insert(0, doc_defaults)
    r_pr_default = doc_defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        doc_defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert_in_order(r_pr, lang, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    lang.set(qn("w:val"), language)


def get_language(styles) -> str | None:
    """Return the default text language from the ``w:docDefaults`` of the ``w:styles``
    element ``styles``, or None when none is set."""
    found = _xpath(styles, "./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    return str(found[0]) if found else None


def clear_body(document: Document) -> None:
    """Remove every paragraph and table from ``document``'s body, keeping its section setup."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def copy_missing_styles(
    target: Document, source: Document, names: Iterable[str] | None = None
) -> list[str]:
    """Return the names of the styles copied from ``source`` into ``target``.

    Copies each style in ``names`` (all of ``source``'s styles when None) that ``target`` does
    not define, together with the styles it is based on or linked to that ``target`` also
    lacks. A copied style's ``w:numPr`` is dropped (its numId means nothing in ``target``; our
    builder numbers list paragraphs directly) and a clashing styleId is renamed.
    """
    source_styles = source.styles.element
    target_styles = target.styles.element
    wanted = list(names) if names is not None else [s.name for s in source.styles]
    queue = []
    for name in wanted:
        element = source_styles.get_by_name(_internal_name(name))
        if element is not None and target_styles.get_by_name(element.name_val) is None:
            queue.append(element)
    copied: list[str] = []
    id_map: dict[str, str] = {}
    new_elements = []
    while queue:
        element = queue.pop(0)
        if element.name_val in copied or target_styles.get_by_name(element.name_val) is not None:
            continue
        clone = copy.deepcopy(element)
        style_id = clone.styleId
        new_id = style_id
        while target_styles.get_by_id(new_id) is not None or new_id in id_map.values():
            new_id = f"{new_id}0"
        id_map[style_id] = new_id
        clone.styleId = new_id
        for num_pr in _xpath(clone, "./w:pPr/w:numPr"):
            num_pr.getparent().remove(num_pr)
        copied.append(element.name_val)
        new_elements.append(clone)
        for ref in ("w:basedOn", "w:link", "w:next"):
            ref_id = _xpath(element, f"./{ref}/@w:val")
            if not ref_id:
                continue
            ref_style = source_styles.get_by_id(ref_id[0])
            if ref_style is not None and target_styles.get_by_name(ref_style.name_val) is None:
                queue.append(ref_style)
    for clone in new_elements:
        for ref in ("w:basedOn", "w:link", "w:next"):
            for ref_el in _xpath(clone, f"./{ref}"):
                ref_id = ref_el.get(qn("w:val"))
                source_ref = source_styles.get_by_id(ref_id)
                same_name = (
                    target_styles.get_by_name(source_ref.name_val)
                    if source_ref is not None
                    else None
                )
                if ref_id in id_map:
                    ref_el.set(qn("w:val"), id_map[ref_id])
                elif same_name is not None:  # e.g. "Normal", whatever its id is in target
                    ref_el.set(qn("w:val"), same_name.styleId)
                else:
                    clone.remove(ref_el)
        target_styles.append(clone)
    return [_ui_name(name) for name in copied]


# ---------------------------------------------------------------------------------------------
# Reference-document styling (used by templates/make_reference.py)


def set_default_font(document: Document, name: str, size_pt: float) -> None:
    """Make ``name`` at ``size_pt`` the default font of all text, replacing theme fonts."""
    styles = document.styles.element
    r_pr = _xpath(styles, "./w:docDefaults/w:rPrDefault/w:rPr")
    if not r_pr:
        set_language(document, get_language(styles) or "en-US")  # creates the rPr chain
        r_pr = _xpath(styles, "./w:docDefaults/w:rPrDefault/w:rPr")
    fonts = r_pr[0].find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr[0].insert(0, fonts)
    fonts.attrib.clear()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)
    for tag in ("w:sz", "w:szCs"):
        size = r_pr[0].find(qn(tag))
        if size is None:
            size = OxmlElement(tag)
            _insert_in_order(r_pr[0], size, ("w:szCs", "w:highlight", "w:u", "w:lang"))
        size.set(qn("w:val"), str(round(size_pt * 2)))


def drop_theme_fonts(style: BaseStyle) -> None:
    """Remove ``style``'s theme-font references, so it uses the document's default font."""
    for fonts in _xpath(style.element, "./w:rPr/w:rFonts"):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        if not len(fonts.attrib):
            fonts.getparent().remove(fonts)


def drop_paragraph_border(style: BaseStyle) -> None:
    """Remove the paragraph border of ``style`` (the default Title's blue rule)."""
    for border in _xpath(style.element, "./w:pPr/w:pBdr"):
        border.getparent().remove(border)


def set_header_row_fill(table_style: BaseStyle, fill: str) -> None:
    """Give the first row of tables in ``table_style`` a ``fill`` (hex RGB) background."""
    for old in _xpath(table_style.element, './w:tblStylePr[@w:type="firstRow"]'):
        table_style.element.remove(old)
    element = parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:tblStylePr>'
    )
    table_style.element.append(element)


def drop_optional_parts(document: Document) -> None:
    """Remove parts a reference document is better without.

    The thumbnail (python-docx's default template carries one) and ``stylesWithEffects``, a
    Word 2010 copy of styles.xml that goes stale as soon as styles change (Word rebuilds it).
    """
    for rels, reltype in (
        (document.part.package.rels, RT.THUMBNAIL),
        (
            document.part.rels,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ),
    ):
        for r_id, rel in list(rels.items()):
            if rel.reltype == reltype:
                del rels[r_id]


def _internal_name(name: str) -> str:
    """Return the name Word stores for built-in style ``name`` ("Heading 1" → "heading 1")."""
    from docx.styles import BabelFish

    return BabelFish.ui2internal(name)


def _ui_name(name: str) -> str:
    """Return the name Word shows for stored style name ``name`` ("heading 1" → "Heading 1")."""
    from docx.styles import BabelFish

    return BabelFish.internal2ui(name)


def _xpath(element, expression: str) -> list:
    """Return ``element.xpath(expression)`` with the w:/r: prefixes bound (any lxml element)."""
    return etree._Element.xpath(element, expression, namespaces=nsmap)


def _insert_in_order(parent, child, successors: tuple[str, ...]) -> None:
    """Insert ``child`` into ``parent`` before the first element named in ``successors``."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _sub_val(parent, clark: str, value: str):
    """Return a new last child ``clark`` of ``parent`` with ``w:val`` ``value``."""
    return etree.SubElement(parent, clark, {_W_VAL: value})


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def docx_template(source):
    """Return ``docxtpl.DocxTemplate(source)``.

    Where docxcompose is installed (docxtpl's optional ``subdoc`` extra: srkit does not need
    it, but a user's environment may have it), importing docxtpl rebinds the ``cp`` prefix
    python-docx uses for the core properties to another namespace, which would write
    ``docProps/core.xml`` wrongly in this process from then on: the prefix is put back.
    """
    from docxtpl import DocxTemplate

    restore_core_prefix()
    return DocxTemplate(source)


def restore_core_prefix() -> None:
    """Bind python-docx's ``cp`` prefix to the core-properties namespace again: importing
    docxtpl anywhere in the process (a letter with a user's template, a test) rebinds it, and
    the core properties written after that would be in the wrong namespace."""
    nsmap["cp"] = CORE_PROPERTIES_NS


def _plain_text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def marker_paragraph_xml(marker: str) -> str:
    """Return the XML of a paragraph holding only ``marker`` (docxtpl puts it in the body)."""
    return f"<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>"


@contextlib.contextmanager
def built_in_place_of(document: Document, marker: str) -> Iterator[None]:
    """Move what is appended to ``document``'s body inside the ``with`` block to where the
    paragraph holding ``marker`` stands, and remove that paragraph. Without the marker (a
    user's template that does not place the letter) the content stays at the end."""
    body = document.element.body
    anchor = next((p for p in body.iter(qn("w:p")) if _plain_text(p) == marker), None)
    existing = list(body)  # holding the proxies keeps their identity stable
    before = {id(e) for e in existing}
    yield
    if anchor is None:
        return
    for element in [e for e in body if id(e) not in before and e.tag != qn("w:sectPr")]:
        anchor.addprevious(element)
    anchor.getparent().remove(anchor)


def text_width(document: Document) -> int:
    """Return the width in EMU between the margins of the document's last section (6.5 in,
    Letter paper with 1 in margins, when the document does not say)."""
    default = int(Inches(6.5))
    try:
        section = document.sections[-1]
    except (AttributeError, IndexError):
        return default
    page, left, right = section.page_width, section.left_margin, section.right_margin
    if page is None or left is None or right is None:
        return default
    return int(page - left - right)


def body_font_size(styles) -> float:
    """Return the size in points of body text in the ``w:styles`` element ``styles`` (only
    read): the Normal style's, else the document defaults', else 11."""
    from docx.styles.styles import Styles

    try:
        size = Styles(styles)["Normal"].font.size
    except KeyError:
        size = None
    if size is not None:
        return size.pt
    found = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    return int(found[0]) / 2 if found else 11.0
