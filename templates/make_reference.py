"""Build templates/reference.docx: the styles every srkit Word document starts from.

Run ``python templates/make_reference.py`` from the repository root. The output is
deterministic (fixed core properties and zip timestamps), so a rebuild shows no diff unless
this script changed. Like pandoc's reference document, a user may replace it with their own
(``--template``); the style names it must define are ``toolkit.word.styles.REQUIRED_STYLES``.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Inches, Pt, RGBColor, Twips

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from toolkit.word import ooxml
from toolkit.word.styles import REQUIRED_STYLES, STYLES, SUPPORT_STYLES

OUTPUT = Path(__file__).resolve().parent / "reference.docx"

BODY_FONT = "Calibri"  # LibreOffice shows Carlito, which has the same metrics
BODY_SIZE = 11
HEADING_COLOR = RGBColor(0x24, 0x3B, 0x53)  # dark blue-grey
TEXT_GREY = RGBColor(0x40, 0x40, 0x40)
LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)
HEADER_ROW_FILL = "E7ECF1"
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

# name: (size pt, bold, space before pt, space after pt)
HEADINGS = {
    "Title": (24, False, 0, 12),
    "Heading 1": (16, True, 18, 6),
    "Heading 2": (13, True, 14, 4),
    "Heading 3": (11.5, True, 12, 3),
}


def build_reference() -> Document:
    """Return the reference document, built from python-docx's default template."""
    document = docx.Document()
    _page_setup(document)
    _body_styles(document)
    _heading_styles(document)
    _list_styles(document)
    _other_styles(document)
    _drop_unused_table_styles(document)
    ooxml.set_language(document, "en-US")
    ooxml.add_page_number_footer(document.sections[0], document.styles[STYLES["footer"]])
    ooxml.drop_optional_parts(document)
    _core_properties(document)
    missing = sorted((REQUIRED_STYLES | SUPPORT_STYLES) - {style.name for style in document.styles})
    if missing:
        raise RuntimeError(f"reference.docx lacks styles: {', '.join(missing)}")
    return document


def _drop_unused_table_styles(document: Document) -> None:
    """Remove the ~100 decorative table styles of python-docx's template (Word offers them
    itself): they are 90% of styles.xml, which every build parses and writes."""
    keep = {STYLES["table"], "Normal Table"}
    for style in list(document.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in keep:
            style.element.getparent().remove(style.element)


def _page_setup(document: Document) -> None:
    """US Letter, 1-inch margins, header and footer half an inch from the edge."""
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)


def _body_styles(document: Document) -> None:
    """Calibri 11 pt, 6 pt after each paragraph, line spacing 1.1."""
    ooxml.set_default_font(document, BODY_FONT, BODY_SIZE)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            ooxml.drop_theme_fonts(style)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(6)
    normal.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    normal.line_spacing = 1.1


def _heading_styles(document: Document) -> None:
    """Title and Heading 1 to 3 in dark blue-grey; no rule under the Title."""
    for name, (size, bold, before, after) in HEADINGS.items():
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = HEADING_COLOR
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing = 1.0
        fmt.keep_with_next = True
    ooxml.drop_paragraph_border(document.styles["Title"])


def _list_styles(document: Document) -> None:
    """List paragraphs indent like our numbering; "List Continue" lines up with item text."""
    for depth in (1, 2, 3):
        suffix = "" if depth == 1 else f" {depth}"
        for base in ("List Bullet", "List Number", "List Continue"):
            style = document.styles[base + suffix]
            style.paragraph_format.space_after = Pt(3)
        cont = document.styles["List Continue" + suffix].paragraph_format
        cont.left_indent = Twips(ooxml.LIST_TEXT_INDENT[depth - 1])
        cont.first_line_indent = Twips(0)


def _other_styles(document: Document) -> None:
    """Quote, Table Grid, Hyperlink and Footer."""
    quote = document.styles["Quote"]
    quote.font.italic = True
    quote.font.color.rgb = TEXT_GREY
    quote.paragraph_format.left_indent = Inches(0.4)
    quote.paragraph_format.right_indent = Inches(0.4)

    table = document.styles["Table Grid"]
    table.paragraph_format.space_before = Pt(2)
    table.paragraph_format.space_after = Pt(2)
    ooxml.set_header_row_fill(table, HEADER_ROW_FILL)

    link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.base_style = document.styles["Default Paragraph Font"]
    link.font.color.rgb = LINK_BLUE
    link.font.underline = True
    link.unhide_when_used = True
    link.priority = 99

    footer = document.styles["Footer"]
    footer.font.size = Pt(9)
    footer.font.color.rgb = TEXT_GREY

    quote.paragraph_format.space_before = Pt(6)
    _comment_styles(document)


def _comment_styles(document: Document) -> None:
    """The styles python-docx's comments refer to by id: CommentReference, CommentText."""
    reference = document.styles.add_style(STYLES["comment_reference"], WD_STYLE_TYPE.CHARACTER)
    reference.style_id = "CommentReference"
    reference.base_style = document.styles["Default Paragraph Font"]
    reference.font.size = Pt(8)
    text = document.styles.add_style(STYLES["comment_text"], WD_STYLE_TYPE.PARAGRAPH)
    text.style_id = "CommentText"
    text.base_style = document.styles["Normal"]
    text.font.size = Pt(10)
    for style in (reference, text):
        style.unhide_when_used = True
        style.priority = 99


def _core_properties(document: Document) -> None:
    """Blank, fixed core properties: nothing about who or when built the template."""
    props = document.core_properties
    props.author = props.last_modified_by = props.comments = ""
    props.title = props.subject = props.keywords = props.category = ""
    props.language = "en-US"
    props.revision = 1
    props.created = props.modified = FIXED_TIME


def save_deterministic(document: Document, path: Path) -> None:
    """Write ``document`` to ``path`` with fixed zip timestamps, so rebuilds are identical."""
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


LETTER_OUTPUT = Path(__file__).resolve().parent / "letter.docx"


def build_letter() -> Document:
    """Return the letter template: the reference's styles and footer, and a body that is one
    docxtpl tag, ``{{p letter }}``, where srkit puts the whole rendered letter.

    A user's own letter template (``--template``) may use the same tag, or the pieces srkit
    also provides: ``date``, ``subject``, ``sender_name``, ``recipient_name``.
    """
    document = build_reference()
    # a letter is read on one sheet where it can be: single line spacing, a little less room
    # between paragraphs and at the top and bottom of the page than in a plan, so that the
    # half inch left to sign in does not push a one-page letter onto a second sheet
    normal = document.styles["Normal"].paragraph_format
    normal.line_spacing = 1.0
    normal.space_after = Pt(3)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Inches(0.6)
    section.footer_distance = Inches(0.35)
    document.add_paragraph("{{p letter }}")
    return document


def main() -> None:
    """Build and write templates/reference.docx and templates/letter.docx."""
    save_deterministic(build_reference(), OUTPUT)
    save_deterministic(build_letter(), LETTER_OUTPUT)
    print(OUTPUT)
    print(LETTER_OUTPUT)


if __name__ == "__main__":
    main()
