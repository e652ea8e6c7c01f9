"""Tests for the Markdown → Word layer, the dump, and the plain-text export."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Inches

from toolkit.errors import ToolkitError
from toolkit.markdown import (
    SUPPORTED_BLOCK_TYPES,
    SUPPORTED_INLINE_TYPES,
    clean_text,
    escape,
    parse,
    unsupported,
)
from toolkit.markers import placeholder
from toolkit.plaintext import render_plain
from toolkit.word import (
    REFERENCE_DOCX,
    REQUIRED_STYLES,
    WordBuilder,
    missing_styles,
    ooxml,
    open_template,
    reading,
    set_properties,
)
from toolkit.word.builder import BuildWarning
from toolkit.word.dump import dump_docx
from toolkit.word.styles import SUPPORT_STYLES

HAS_PANDOC = shutil.which("pandoc") is not None


def new_document() -> Document:
    """Return a fresh document based on templates/reference.docx."""
    return docx.Document(str(REFERENCE_DOCX))


def build(
    markdown: str, source: str = "test.md", first_line: int = 1
) -> tuple[Document, list[str]]:
    """Return a document holding ``markdown`` and the warnings the builder gave."""
    found: list[BuildWarning] = []
    document = new_document()
    WordBuilder(document, found.append).add_markdown(markdown, source, first_line)
    return document, [warning.format() for warning in found]


def body_dump(document: Document) -> list[str]:
    """Return the body lines of the dump (everything before the properties)."""
    return dump_docx(document).split("\n---\n")[0].splitlines()


def reload(document: Document, tmp_path: Path) -> Document:
    """Return ``document`` saved to disk and opened again."""
    path = tmp_path / "out.docx"
    document.save(str(path))
    return docx.Document(str(path))


def pandoc_plain(document: Document, tmp_path: Path) -> str:
    """Return pandoc's plain-text reading of ``document``."""
    path = tmp_path / "pandoc.docx"
    document.save(str(path))
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


# -- lists ----------------------------------------------------------------------------------------

TWO_LISTS = "1. alpha\n2. beta\n\nBetween the lists.\n\n1. gamma\n2. delta\n"


def test_numbered_lists_restart_in_dump():
    document, warnings = build(TWO_LISTS)
    assert body_dump(document) == [
        "[List Number] 1. alpha",
        "[List Number] 2. beta",
        "[Normal] Between the lists.",
        "[List Number] 1. gamma",
        "[List Number] 2. delta",
    ]
    assert warnings == []


@pytest.mark.skipif(not HAS_PANDOC, reason="pandoc not on PATH")
def test_numbered_lists_restart_in_pandoc(tmp_path):
    document, _ = build(TWO_LISTS + "\nAgain.\n\n7. seventh\n8. eighth\n")
    lines = [line.strip() for line in pandoc_plain(document, tmp_path).splitlines() if line.strip()]
    assert lines == [
        "1.  alpha", "2.  beta", "Between the lists.", "1.  gamma", "2.  delta",
        "Again.", "7.  seventh", "8.  eighth",
    ]  # fmt: skip


def test_every_list_gets_its_own_numbering_instance():
    document, _ = build(TWO_LISTS)
    num_ids = [reading.paragraph_numbering(p) for p in document.paragraphs]
    assert num_ids[0] == num_ids[1]
    assert num_ids[3] == num_ids[4]
    assert num_ids[0] != num_ids[3]
    assert num_ids[2] is None


def test_ordered_list_start_number_is_kept():
    document, _ = build("Intro.\n\n3. three\n4. four\n")
    assert body_dump(document)[1:] == ["[List Number] 3. three", "[List Number] 4. four"]


def test_nested_lists_levels_styles_and_markers():
    markdown = (
        "1. one\n"
        "   - bullet\n"
        "     1. deep\n"
        "     2. deeper\n"
        "   - bullet two\n"
        "2. two\n"
        "   1. sub a\n"
        "   2. sub b\n"
    )
    document, warnings = build(markdown)
    assert body_dump(document) == [
        "[List Number] 1. one",
        "[List Bullet 2]   \u25e6 bullet",
        "[List Number 3]     i. deep",
        "[List Number 3]     ii. deeper",
        "[List Bullet 2]   \u25e6 bullet two",
        "[List Number] 2. two",
        "[List Number 2]   a. sub a",
        "[List Number 2]   b. sub b",
    ]
    assert warnings == []


def test_lists_deeper_than_three_levels_are_clamped_with_a_warning():
    markdown = "- a\n  - b\n    - c\n      - d\n"
    document, warnings = build(markdown, source="deep.md")
    assert body_dump(document)[-1] == "[List Bullet 3]     \u25aa d"
    assert warnings == ["deep.md:4: list nested 4 levels deep; shown at level 3"]


def test_list_item_second_paragraph_uses_list_continue():
    document, _ = build("- first\n\n  more about first\n- second\n")
    assert body_dump(document) == [
        "[List Bullet] \u2022 first",
        "[List Continue] more about first",
        "[List Bullet] \u2022 second",
    ]


# -- blocks and inline ----------------------------------------------------------------------------


def test_headings_quote_and_page_break():
    markdown = "# Plan\n\n## One\n\n### Two\n\n#### Three\n\n> quoted *text*\n\n---\n\nAfter.\n"
    document, warnings = build(markdown)
    assert body_dump(document) == [
        "[Title] Plan",
        "[Heading 1] One",
        "[Heading 2] Two",
        "[Heading 3] Three",
        "[Quote] quoted *text*",
        "--- page break ---",
        "[Normal] After.",
    ]
    assert warnings == []


def test_heading_deeper_than_level_four_warns():
    document, warnings = build("Text.\n\n##### Deep\n", source="h.md")
    assert body_dump(document)[-1] == "[Heading 3] Deep"
    assert warnings == ["h.md:3: heading level 5 is deeper than Word's; written as Heading 3"]


def test_bold_italic_breaks():
    document, _ = build("a **b** *c* ***d*** `e`\nsoft\\\nhard\n")
    assert body_dump(document) == ["[Normal] a **b** *c* ***d*** e soft\u23cehard"]


def test_special_characters_round_trip_exactly(tmp_path):
    value = 'St. Mary\'s & Holy Cross <school> "quoted" café ü 日本 {{ x }} {% if %} \u2014 ✓'
    markdown = escape(value)
    document, warnings = build(f"Name: {markdown}\n")
    again = reload(document, tmp_path)
    assert again.paragraphs[0].text == f"Name: {value}"
    assert warnings == []


@pytest.mark.parametrize(
    "value",
    [
        "1. not a list", "12) nor this", "- not a bullet", "+ plus", "= equals", "# not a heading",
        "*stars* and _under_", "back\\slash", "[x](http://y)", "<b>bold</b>", "a | b", "~~s~~",
        "&amp; stays", "`tick`", "![img](x.png)", "trailing \\", "> not a quote",
    ],
)  # fmt: skip
def test_escape_renders_back_as_typed(value):
    document, warnings = build(f"Value: {escape(value)} end\n")
    assert document.paragraphs[0].text == f"Value: {value} end"
    assert warnings == []


def test_escape_turns_newlines_into_spaces():
    assert escape("a\nb\r\nc") == "a b c"


def test_xml_illegal_characters_are_removed(tmp_path):
    assert clean_text("a\x00b\x0bc\ufffed\uffff\ud800e\tf\n") == "abcde\tf\n"
    document, _ = build("bad\x01chars\x1f here\n")
    assert reload(document, tmp_path).paragraphs[0].text == "badchars here"


def test_hyperlink_is_a_real_relationship(tmp_path):
    url = "https://example.org/policy?a=1&b=2"
    document, _ = build(f"See [the **policy**]({url}) now.\n")
    again = reload(document, tmp_path)
    paragraph = again.paragraphs[0]
    assert len(paragraph.hyperlinks) == 1
    link = paragraph.hyperlinks[0]
    assert link.url == url
    assert link.text == "the policy"
    rel = again.part.rels[link._hyperlink.rId]
    assert rel.reltype == RT.HYPERLINK and rel.is_external
    assert all(run.style.name == "Hyperlink" for run in link.runs)
    assert body_dump(again) == [f"[Normal] See the **policy** <{url}> now."]


def test_placeholders_are_highlighted_and_not_bold():
    label = placeholder("name of the school contact")
    document, _ = build(f"Contact **{label}** today.\n")
    runs = document.paragraphs[0].runs
    marked = [run for run in runs if run.text == "[name of the school contact]"]
    assert len(marked) == 1
    assert marked[0].font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert not marked[0].bold
    assert body_dump(document) == ["[Normal] Contact [name of the school contact]{hl} today."]


# -- tables ---------------------------------------------------------------------------------------


def test_table_header_row_repeats_and_is_bold():
    document, _ = build("| Day | Minutes |\n|---|--:|\n| Mon | *45* |\n| Tue | 60 |\n")
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    header, first, _second = table.rows
    assert header._tr.trPr is not None
    assert header._tr.trPr.find(ooxml.qn("w:tblHeader")) is not None
    assert not reading.is_repeating_header(first)
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert body_dump(document) == [
        "[Table Grid]",
        "| **Day** | **Minutes** | (header, repeats)",
        "| Mon | *45* |",
        "| Tue | 60 |",
    ]


# -- unsupported Markdown -------------------------------------------------------------------------


def test_unsupported_markdown_warns_with_line_and_keeps_text():
    markdown = "Intro.\n\n![a chart](chart.png) and <span>x</span>\n\n```\nline 1\nline 2\n```\n"
    document, warnings = build(markdown, source="snip.md", first_line=10)
    assert warnings == [
        "snip.md:12: unsupported Markdown (image); written as plain text",
        "snip.md:12: unsupported Markdown (html_inline); written as plain text",
        "snip.md:12: unsupported Markdown (html_inline); written as plain text",
        "snip.md:14: unsupported Markdown (fence); written as plain text",
    ]
    assert body_dump(document) == [
        "[Normal] Intro.",
        "[Normal] a chart and <span>x</span>",
        "[Normal] line 1\u23celine 2",
    ]


def test_unsupported_lists_tokens_and_lines():
    tokens = parse("para\nline two ![x](y)\n\n<div>raw</div>\n\n    code\n")
    assert unsupported(tokens) == [("image", 2), ("html_block", 4), ("code_block", 6)]
    assert unsupported(parse("# ok\n\n- **fine** `code` [l](u)\n")) == []


def test_builder_has_a_method_for_every_supported_token_type():
    missing = [
        kind
        for kind in SUPPORTED_BLOCK_TYPES | SUPPORTED_INLINE_TYPES
        if not callable(getattr(WordBuilder, f"_{kind}", None))
    ]
    assert missing == []


# -- document level -------------------------------------------------------------------------------


def test_comment_on_last_heading():
    document = new_document()
    builder = WordBuilder(document, lambda message: None)
    builder.add_markdown("## Accommodations\n\nText.\n")
    builder.add_comment_to_last_heading("Why these supports.", "Pat Lee")
    dump = dump_docx(document)
    assert "[Heading 1] Accommodations{comment 0}" in dump
    assert "comment 0 (Pat Lee): Why these supports." in dump
    assert next(iter(document.comments)).initials == "PL"


def test_reference_document_has_styles_page_setup_and_footer():
    document = new_document()
    assert missing_styles(document) == []
    assert {style.name for style in document.styles} >= REQUIRED_STYLES | SUPPORT_STYLES
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Inches(8.5), Inches(11))
    assert section.left_margin == section.right_margin == Inches(1)
    assert ooxml.has_page_field(section)
    assert len(document.paragraphs) == 0
    assert dump_docx(document).endswith(
        "language: en-US\ntext language: en-US\nsection 1: 8.5 x 11 in, portrait\n"
        "footer 1: Page {PAGE} of {NUMPAGES}\n"
    )


def test_set_properties_shows_in_dump():
    document = new_document()
    set_properties(document, "Plan for Sam & Co", "IEP plan language", "en-US")
    assert "title: Plan for Sam & Co\nsubject: IEP plan language\nlanguage: en-US\n" in dump_docx(
        document
    )


def test_user_template_gets_missing_styles_and_page_numbers(tmp_path):
    plain = docx.Document()
    plain.styles["List Bullet"].delete()
    plain.add_paragraph("letterhead body text that is removed")
    path = tmp_path / "user.docx"
    plain.save(str(path))
    warnings: list[object] = []
    document = open_template(path, warnings.append)
    assert missing_styles(document) == []
    assert len(warnings) == 1 and "List Bullet" in warnings[0]
    assert len(document.paragraphs) == 0
    assert ooxml.has_page_field(document.sections[0])
    WordBuilder(document, warnings.append).add_markdown("- a [b](https://x.org)\n")
    assert body_dump(reload(document, tmp_path)) == ["[List Bullet] \u2022 a b <https://x.org>"]


def test_copied_style_with_clashing_id_is_renamed():
    target = docx.Document()
    target.styles["Quote"].delete()
    clash = target.styles.add_style("Letter Quote", WD_STYLE_TYPE.PARAGRAPH)
    clash.style_id = "Quote"
    copied = ooxml.copy_missing_styles(target, new_document(), ["Quote"])
    assert "Quote" in copied
    assert target.styles["Quote"].style_id != "Quote"
    assert target.styles["Quote"].base_style.name == "Normal"
    assert target.styles["Letter Quote"].style_id == "Quote"
    WordBuilder(target, lambda message: None).add_markdown("> quoted\n")
    assert body_dump(target) == ["[Quote] quoted"]


def test_page_break_before_a_table():
    document, _ = build("Before.\n\n---\n\n| a |\n|---|\n| 1 |\n")
    assert body_dump(document) == [
        "[Normal] Before.",
        "--- page break ---",
        "[Normal]",
        "[Table Grid]",
        "| **a** | (header, repeats)",
        "| 1 |",
    ]


def test_not_a_word_file_is_an_error(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_text("not a zip")
    with pytest.raises(ToolkitError, match=r"the template is not a Word \(\.docx\) file"):
        open_template(path, lambda message: None)


# -- plain text -----------------------------------------------------------------------------------


def test_plain_text_lists_match_word_numbering():
    markdown = "# Title\n\n1. one\n   - dot\n     1. deep\n2. two\n   1. sub\n\nAfter.\n\n4. four\n"
    assert render_plain(markdown) == (
        "Title\n\n1. one\n   \u2022 dot\n      i. deep\n2. two\n   a. sub\n\nAfter.\n\n4. four\n"
    )
    word_lines = body_dump(build(markdown)[0])
    word_markers = [line.split("] ", 1)[1].split()[0] for line in word_lines]
    plain_markers = [line.split()[0] for line in render_plain(markdown).splitlines() if line]
    expected = ["Title", "1.", "i.", "2.", "a.", "After.", "4."]
    assert [marker for marker in word_markers if marker[0].isalnum()] == expected
    assert [marker for marker in plain_markers if marker[0].isalnum()] == expected


def test_plain_text_inline_links_placeholders_and_breaks():
    label = placeholder("date of the meeting")
    markdown = f"**Bold** and *it* `c` [site](https://x.org) {label}\nnext\\\nhard\n\n> quote\n"
    assert render_plain(markdown) == (
        "Bold and it c site (https://x.org) [date of the meeting] next\nhard\n\n   quote\n"
    )


def test_plain_text_tables():
    markdown = "| Day | Minutes |\n|---|---|\n| Mon | 45 |\n| Tue | |\n"
    assert render_plain(markdown) == "Day: Mon; Minutes: 45\nDay: Tue; Minutes: ____\n"
    empty = "| Date | Minutes | Distress |\n|---|---|---|\n| | | |\n| | | |\n"
    assert render_plain(empty) == (
        "Date; Minutes; Distress\n"
        "Date: ____; Minutes: ____; Distress: ____\n"
        "Date: ____; Minutes: ____; Distress: ____\n"
    )


def test_plain_text_has_no_markdown_symbols_and_keeps_unsupported_text():
    markdown = "## Heading\n\nText &amp; more \\*literal\\*\n\n```\ncode\n```\n\n---\n\nEnd.\n"
    assert render_plain(markdown) == "Heading\n\nText & more *literal*\n\ncode\n\nEnd.\n"


@pytest.mark.parametrize("epoch", [None, "1796212800"], ids=["clock", "SOURCE_DATE_EPOCH"])
def test_saved_bytes_are_what_python_docx_saves(monkeypatch, epoch):
    """docx_bytes deflates each distinct part once per process and writes the archive itself:
    its bytes are still exactly python-docx's (stamped with SOURCE_DATE_EPOCH when set), the
    first time and when every part has been seen before."""
    import io

    from toolkit.word.package import docx_bytes, restamp, source_date

    monkeypatch.setattr("time.time", lambda: 1_700_000_000.0)  # one moment for both writers
    if epoch is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    document, _ = build(
        "# Café\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n- one\n- [two](https://example.org)\n"
    )
    # a part a user's template may carry, named outside ASCII (zipfile flags it UTF-8)
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    extra = Part(PackURI("/customXml/ítem2.xml"), "application/xml", b"<x/>", document.part.package)
    document.part.relate_to(
        extra, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
    )
    saved = io.BytesIO()
    document.save(saved)
    stamp = source_date()
    expected = saved.getvalue() if stamp is None else restamp(saved.getvalue(), stamp)
    assert docx_bytes(document) == expected
    assert docx_bytes(document) == expected  # every part deflated before


def test_fresh_copies_of_the_reference_share_nothing():
    """Each document starts from a copy of reference.docx read once: what one document
    adds (text, a link's relationship, list numbering, properties) is in no later copy."""
    from toolkit.word import fresh_copy

    reference_lists = new_document().part.numbering_part.element.findall(ooxml.qn("w:num"))
    first = fresh_copy(REFERENCE_DOCX)
    WordBuilder(first, lambda _w: None).add_markdown(
        "# T\n\n[a link](https://example.org)\n\n- x\n"
    )
    set_properties(first, title="First")
    second = fresh_copy(REFERENCE_DOCX)
    assert len(first.paragraphs) == 3 and second.paragraphs == []
    assert [r.reltype for r in first.part.rels.values()].count(RT.HYPERLINK) == 1
    assert RT.HYPERLINK not in [r.reltype for r in second.part.rels.values()]
    lists = [len(d.part.numbering_part.element.findall(ooxml.qn("w:num"))) for d in (first, second)]
    assert lists == [len(reference_lists) + 1, len(reference_lists)]
    assert (first.core_properties.title, second.core_properties.title) == ("First", "")
    assert second.part.package is not first.part.package


def test_a_template_gets_the_missing_styles_in_the_same_order_in_every_process(tmp_path):
    template = tmp_path / "plain.docx"
    docx.Document().save(str(template))  # lacks some of srkit's styles: they are copied in
    code = (
        "import sys; from pathlib import Path; from toolkit.word import open_template; "
        "d = open_template(Path(sys.argv[1]), lambda m: None); "
        "print([s.style_id for s in d.styles])"
    )
    orders = {
        subprocess.run(
            [sys.executable, "-c", code, str(template)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},  # (string hashes differ)
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(orders) == 1
