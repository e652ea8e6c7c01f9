"""The builder's paragraphs and runs, written as XML text (toolkit.word.xmltext), are the XML
python-docx writes for the same content: the documents did not change when the builder
stopped making them through python-docx."""

from __future__ import annotations

import copy
import io
import itertools

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from lxml import etree

from toolkit.word import REFERENCE_DOCX, WordBuilder, fresh_copy, ooxml, set_properties
from toolkit.word.measure import FORM_ROW_HEIGHT_IN
from toolkit.word.package import docx_bytes
from toolkit.word.xmltext import Pending, PendingParagraph, run_xml

TEXTS = ["plain", " leading", "trailing ", "a & b < c > d", "tab\there", "two\nlines", "\r", ""]
FORMATS = list(itertools.product([None, "Hyperlink"], [False, True], [False, True], [False, True]))


def made_by_python_docx(text: str, style_id, bold: bool, italic: bool, highlight: bool) -> bytes:
    """Return the XML of the run python-docx makes: ``add_run`` and its formatting setters."""
    paragraph = docx.Document(str(REFERENCE_DOCX)).add_paragraph()
    run = paragraph.add_run()
    if "\t" in text or "\n" in text or "\r" in text:  # through the setters, as python-docx
        run.text = text
        if style_id:  # writes them
            run._r.style = style_id
        run.bold = bold or None
        run.italic = italic or None
        if highlight:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:  # the elements in schema order, as the builder asked for them; an empty text too
        run._r.add_t(text)  # (a link to "" shows its address: an empty w:t)
        r_pr = "".join(
            xml
            for xml, wanted in (
                (f'<w:rStyle w:val="{style_id}"/>', style_id),
                ("<w:b/>", bold),
                ("<w:i/>", italic),
                ('<w:highlight w:val="yellow"/>', highlight),
            )
            if wanted
        )
        if r_pr:
            run._r.insert(0, etree.fromstring(f"<w:rPr {_W}>{r_pr}</w:rPr>"))
    return etree.tostring(run._r)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def made_here(text: str, style_id, bold: bool, italic: bool, highlight: bool) -> bytes:
    """Return the XML of the same run from :func:`run_xml`, made in a document's paragraph."""
    document = docx.Document(str(REFERENCE_DOCX))
    p = document.add_paragraph()._p
    pending = Pending()
    paragraph = PendingParagraph(element=p)
    paragraph.runs.append(
        run_xml(text, style_id=style_id, bold=bold, italic=italic, highlight=highlight)
    )
    pending.items.append(paragraph)
    pending.empty_text = not text
    pending.flush(document.element.body, None)
    return etree.tostring(p[-1])


@pytest.mark.parametrize("text", TEXTS)
def test_a_run_is_the_xml_python_docx_writes(text):
    for style_id, bold, italic, highlight in FORMATS:
        expected = made_by_python_docx(text, style_id, bold, italic, highlight)
        assert made_here(text, style_id, bold, italic, highlight) == expected


def test_paragraph_properties_come_in_schema_order_and_the_file_reads_back():
    document = docx.Document(str(REFERENCE_DOCX))
    builder = WordBuilder(document, lambda _warning: None)
    builder.add_markdown(
        "Intro\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter:\n\n1. one\n2. two\n3. three\n"
    )
    reread = docx.Document(io.BytesIO(docx_bytes(document)))
    paragraphs = reread.paragraphs
    after = next(p for p in paragraphs if p.text == "After:")
    p_pr = after._p.pPr
    tags = [etree.QName(child).localname for child in p_pr]
    assert tags == ["keepNext", "spacing"]  # a lead-in, after a table
    item = next(p for p in paragraphs if p.text == "one")
    tags = [etree.QName(child).localname for child in item._p.pPr]
    assert tags == ["pStyle", "keepNext", "numPr"]
    assert [p.text for p in paragraphs if p.text] == ["Intro", "After:", "one", "two", "three"]


def test_table_rows_carry_their_widths_header_alignment_and_form_height():
    document = docx.Document(str(REFERENCE_DOCX))
    builder = WordBuilder(document, lambda _warning: None)
    builder.add_markdown(
        "| Date | Signed |\n|---|:---:|\n| Monday | |\n| Tuesday | |\n\n"
        "| a | b |\n|---|---|\n| **x** & y | [link](https://example.org) |\n"
    )
    reread = docx.Document(io.BytesIO(docx_bytes(document)))
    form, table = reread.tables
    for each in (form, table):
        grid = [column.width for column in each.columns]
        assert sum(grid) <= Inches(6.5)
        for row in each.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            assert [cell.width for cell in row.cells] == grid
            for cell in row.cells:
                spacing = cell.paragraphs[0].paragraph_format
                assert (spacing.space_before, spacing.space_after) == (Pt(1), Pt(1))
        assert each.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert each.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert form.rows[0].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [row.height for row in form.rows] == [None, *[Inches(FORM_ROW_HEIGHT_IN)] * 2]
    assert table.rows[1].cells[0].text == "x & y"
    assert table.rows[1].cells[0].paragraphs[0].runs[0].bold
    assert table.rows[1].cells[1].paragraphs[0].hyperlinks[0].address == "https://example.org"


def test_fresh_copies_share_srkit_styles_until_one_changes_them():
    changed = fresh_copy(REFERENCE_DOCX)
    set_properties(changed, title="Plan", language="es-US")
    changed.styles["Normal"].font.size = Pt(20)
    untouched, read = fresh_copy(REFERENCE_DOCX), fresh_copy(REFERENCE_DOCX)
    assert read.styles["Normal"].font.size != Pt(20)  # reading gives it its own copy
    saved = [docx.Document(io.BytesIO(docx_bytes(d))) for d in (changed, untouched, read)]
    languages = [ooxml.get_language(d.styles.element) for d in saved]
    assert languages == ["es-US", "en-US", "en-US"]
    assert [d.styles["Normal"].font.size == Pt(20) for d in saved] == [True, False, False]
    original = docx.Document(str(REFERENCE_DOCX)).part.package
    styles = next(p for p in original.parts if p.partname == "/word/styles.xml").blob
    for document in (untouched, read):
        part = next(p for p in document.part.package.parts if p.partname == "/word/styles.xml")
        assert part.blob == styles
    assert docx_bytes(copy.deepcopy(untouched)) == docx_bytes(untouched)  # a copy of a copy
