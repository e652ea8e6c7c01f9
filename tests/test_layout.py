"""Printed layout of every document of every example case, as LibreOffice lays it out: with
srkit's own template and with a letterhead whose side margins are 1.25 in (made here).

The checks are in ``layout_harness.py``: no table word broken across lines, no page ending in a
heading or lead-in label, no empty table row, room to sign a letter; and the example letters
keep their page counts. A deliberately broken document proves that the checks can fail.

All documents are converted in one LibreOffice run per session, with its own profile. Needs
soffice (see .ci/run): skipped without it, except in CI, where that is a failure.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, clean_env, require_tools, run_cli

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TEMPLATES = ("default", "letterhead")
LETTER_NAME = re.compile(r"-\d{4}-\d{2}-\d{2}-[a-z-]+\.docx$")  # slug-DATE-type.docx

#: Pages of each example letter, by template: a one-page letter must stay one page.
LETTER_PAGES = {
    "default": {
        "amira-haddad-2027-01-25-plan-in-writing.docx": 2,
        "amira-haddad-2027-01-25-pwn-request.docx": 1,
        "elias-okafor-2027-01-04-meeting-request.docx": 2,
        "elias-okafor-2027-01-04-policy-inquiry.docx": 2,
        "elias-okafor-2027-01-04-records-request.docx": 2,
        "jordan-rivera-nunez-2027-01-05-evaluation-request.docx": 2,
        "mateo-vargas-ruiz-2027-01-04-meeting-request.docx": 2,
        "mateo-vargas-ruiz-2027-01-04-meeting-request-en-es.docx": 3,  # the parent's copy
        "mateo-vargas-ruiz-2027-01-04-pwn-request.docx": 1,
        "mateo-vargas-ruiz-2027-01-04-pwn-request-en-es.docx": 3,
        "noah-bennett-2026-10-05-records-request.docx": 2,
        "noah-bennett-2026-11-23-implementation-concern.docx": 1,
        "noah-bennett-2026-11-24-follow-up.docx": 1,
    },
    "letterhead": {  # 1 in top and bottom, 1.25 in sides, a header, a wider font
        "amira-haddad-2027-01-25-plan-in-writing.docx": 2,
        "amira-haddad-2027-01-25-pwn-request.docx": 2,
        "elias-okafor-2027-01-04-meeting-request.docx": 2,
        "elias-okafor-2027-01-04-policy-inquiry.docx": 2,
        "elias-okafor-2027-01-04-records-request.docx": 2,
        "jordan-rivera-nunez-2027-01-05-evaluation-request.docx": 2,
        "mateo-vargas-ruiz-2027-01-04-meeting-request.docx": 2,
        "mateo-vargas-ruiz-2027-01-04-meeting-request-en-es.docx": 3,
        "mateo-vargas-ruiz-2027-01-04-pwn-request.docx": 2,
        "mateo-vargas-ruiz-2027-01-04-pwn-request-en-es.docx": 2,
        "noah-bennett-2026-10-05-records-request.docx": 2,
        "noah-bennett-2026-11-23-implementation-concern.docx": 2,
        "noah-bennett-2026-11-24-follow-up.docx": 2,
    },
}


def make_letterhead(path: Path) -> Path:
    """Write a family advocate's letterhead: python-docx's blank document, 1.25 in side
    margins, the organisation's name and address in the header; return ``path``."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Inches(1.25)
    header = section.header.paragraphs[0]
    header.text = "Riverside Family Advocates · 40 River Road, Eastvale, OR 97001"
    document.save(str(path))
    return path


def make_broken(path: Path) -> Path:
    """Write a document with the defects the harness must find: a 0.5 in column holding
    "Attendance", an empty table row, a lead-in alone at the foot of a page, and a closing
    with no room to sign under it."""
    import docx
    from docx.shared import Inches

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.style = document.styles["Table Grid"]
    table.autofit = False
    for row, (label, value) in zip(
        table.rows, [("Attendance", "target"), ("", ""), ("x", "y")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = label, value
    for column, width in zip(table.columns, (Inches(0.5), Inches(5)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    document.add_paragraph("Data to track:")
    document.add_paragraph("Minutes in school").paragraph_format.page_break_before = True
    document.add_paragraph("Thank you for your help.")
    document.add_paragraph("Sincerely,")
    document.add_paragraph("Carmen Núñez")
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def layout_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Build every document of every example with each template; return template → .docx."""
    work = tmp_path_factory.mktemp("layout")
    env = clean_env(tmp_path_factory.mktemp("home"))
    letterhead = make_letterhead(work / "letterhead.docx")
    documents: dict[str, list[Path]] = {}
    for template in TEMPLATES:
        options = ["--template", letterhead] if template == "letterhead" else []
        documents[template] = []
        for case in EXAMPLES:
            out = work / template / case.stem
            code, stdout, stderr = run_cli("build", case, "-o", out, *options, env=env)
            assert code == 0, stderr
            documents[template] += [Path(p) for p in stdout.splitlines() if p.endswith(".docx")]
    return documents


@pytest.fixture(scope="session")
def rendered(layout_documents, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Convert every document (and the broken one) to PDF in one LibreOffice run; return
    "TEMPLATE/NAME.docx" (and "broken") → (the .docx, its PDF)."""
    require_tools("soffice", what="LibreOffice is needed for the layout checks")
    from layout_harness import convert

    work = tmp_path_factory.mktemp("render")
    copies = {}
    for template, paths in layout_documents.items():
        for path in paths:
            copy = work / f"{template}--{path.name}"
            shutil.copyfile(path, copy)
            copies[f"{template}/{path.name}"] = copy
    copies["broken"] = make_broken(work / "broken.docx")
    pdfs = convert(shutil.which("soffice"), list(copies.values()), work, work / "lo-profile")
    return {key: (docx_path, pdfs[docx_path]) for key, docx_path in copies.items()}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_page_of_every_example_document_is_laid_out_cleanly(rendered, template):
    from layout_harness import docx_facts, problems

    found = []
    documents = {key: value for key, value in rendered.items() if key.startswith(f"{template}/")}
    assert len(documents) >= len(EXAMPLES)
    for key, (docx_path, pdf) in documents.items():
        found += [f"{key}: {problem}" for problem in problems(pdf, docx_facts(docx_path))]
    assert found == []


@pytest.mark.parametrize("template", TEMPLATES)
def test_example_letters_keep_their_page_counts(rendered, template):
    from layout_harness import page_count

    letters = {
        key.split("/", 1)[1]: pdf
        for key, (_docx, pdf) in rendered.items()
        if key.startswith(f"{template}/") and LETTER_NAME.search(key)
    }
    pages = {name: page_count(pdf) for name, pdf in letters.items()}
    assert pages == LETTER_PAGES[template]


def test_the_harness_finds_a_broken_layout(rendered):
    """A 0.5 in column holding "Attendance" breaks the word; the empty row, the lead-in at the
    foot of page 1 and the closing pressed against the name are each reported."""
    from layout_harness import docx_facts, problems

    docx_path, pdf = rendered["broken"]
    found = problems(pdf, docx_facts(docx_path))
    broken = [p.split(": ")[-1] for p in found if "word broken across lines" in p]
    assert [piece.replace("|", "") for piece in broken] == ["Attendance"], found
    assert "page 1: an empty table row" in found
    assert "page 1: ends with a heading or lead-in: 'Data to track:'" in found
    assert any("between the closing and the name, less than 0.40 in" in p for p in found), found
