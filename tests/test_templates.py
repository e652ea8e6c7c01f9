"""--template and --letter-template: letter tags filled, letter templates for letters only, and
tables and the chart fitted to a letterhead's margins (rendered with LibreOffice)."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, ci, run_cli
from docx.shared import Inches

ELIAS = ROOT / "examples" / "elias-okafor.yaml"  # an IEP case with letters and a daily log
MEETING = "elias-okafor-2027-01-04-meeting-request.docx"


def letterhead(path: Path, *, header: str, footer: str = "", body: str = "") -> Path:
    """Write a Word file with 1.25 in side margins, ``header`` and ``footer``; return it."""
    document = docx.Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Inches(1.25)
        section.header.paragraphs[0].text = header
        section.footer.paragraphs[0].text = footer
    if body:
        document.add_paragraph(body)
    document.save(str(path))
    return path


def tagged(path: Path) -> Path:
    """Return a letter template using every documented tag."""
    return letterhead(
        path,
        header="From {{ sender_name }} · {{ date }}",
        footer="Re: {{ subject }} · to {{ recipient_name }}",
        body="{{p letter }}",
    )


def xml_text(path: Path) -> str:
    """Return the text of every part of a .docx (body, headers, footers), XML included."""
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def build(tmp_path: Path, *args: object) -> Path:
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", ELIAS, "-o", out, *args)
    assert code == 0, stderr
    return out


def test_a_letter_template_gets_every_tag_filled_with_the_date_written_out(tmp_path):
    out = build(tmp_path, "--only", "letters", "--template", tagged(tmp_path / "tags.docx"))
    letter = docx.Document(str(out / MEETING))
    section = letter.sections[0]
    assert section.header.paragraphs[0].text == "From Grace Okafor · January 4, 2027"
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("Re: Request for an IEP meeting") and footer.endswith(
        " · to Dr. Alan Whitaker"
    ), footer
    assert "{{" not in xml_text(out / MEETING)


def test_a_letter_template_is_for_letters_only(tmp_path):
    out = build(tmp_path, "--only", "plan,progress", "--template", tagged(tmp_path / "tags.docx"))
    for name in ("elias-okafor-plan.docx", "elias-okafor-progress.docx"):
        text = xml_text(out / name)
        assert "{{" not in text and "{%" not in text, name
        assert "Grace Okafor ·" not in text  # nothing of the letter template's header
        assert docx.Document(str(out / name)).sections[0].left_margin == Inches(1)  # srkit's own


def test_letter_template_beside_a_plain_letterhead(tmp_path):
    plain = letterhead(tmp_path / "plain.docx", header="Family Advocacy Center, 12 Main Street")
    out = build(tmp_path, "--template", plain, "--letter-template", tagged(tmp_path / "t.docx"))
    plan = docx.Document(str(out / "elias-okafor-plan.docx"))
    assert plan.sections[0].header.paragraphs[0].text == "Family Advocacy Center, 12 Main Street"
    letter = docx.Document(str(out / MEETING))
    assert letter.sections[0].header.paragraphs[0].text.startswith("From Grace Okafor")


def test_letter_template_from_the_configuration_file(tmp_path, monkeypatch):
    tagged(tmp_path / "tags.docx")
    config = tmp_path / "config.yaml"
    config.write_text("letter_template: tags.docx\n", encoding="utf-8")
    monkeypatch.setenv("SRKIT_CONFIG", str(config))
    out = build(tmp_path, "--only", "letters")
    letter = docx.Document(str(out / MEETING))
    assert letter.sections[0].header.paragraphs[0].text.startswith("From Grace Okafor")


def _pdf_words(pdf: Path) -> set[str]:
    found = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return {html.unescape(word) for word in re.findall(r"<word [^>]*>([^<]*)</word>", found)}


def _whole(word: str, printed: set[str]) -> bool:
    """Return True when ``word`` was printed whole (or broken only after its hyphens)."""
    return word in printed or all(piece in printed for piece in re.findall(r"[^-]*-|[^-]+", word))


def test_progress_tables_and_chart_fit_a_letterhead_with_wide_margins(tmp_path):
    soffice = "soffice"
    for program in (soffice, "pdftotext"):
        if subprocess.run(["which", program], capture_output=True).returncode:
            if ci():
                pytest.fail(f"{program} not installed (CI is set)")
            pytest.skip(f"{program} not installed")
    plain = letterhead(tmp_path / "plain.docx", header="Family Advocacy Center")
    out = build(tmp_path, "--only", "progress", "--template", plain)
    report = out / "elias-okafor-progress.docx"
    document = docx.Document(str(report))
    text_width = Inches(8.5 - 2.5)
    for table in document.tables:
        assert sum(column.width for column in table.columns) <= text_width
    extents = re.findall(r'<wp:extent cx="(\d+)"', xml_text(report))
    assert extents and all(int(cx) <= text_width for cx in extents)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        capture_output=True,
        timeout=300,
        check=True,
    )
    printed = _pdf_words(tmp_path / "elias-okafor-progress.pdf")
    cell_words = {
        word
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for word in cell.text.split()
    }
    assert len(cell_words) > 50
    broken = sorted(word for word in cell_words if not _whole(word, printed))
    assert broken == [], f"words broken inside a table cell: {broken}"


def test_the_template_check_accepts_the_documented_tags_only(tmp_path):
    bad = letterhead(tmp_path / "bad.docx", header="{{ sender }}", body="{{p letter }}")
    code, _, stderr = run_cli("build", ELIAS, "-o", tmp_path / "out", "--letter-template", bad)
    assert code == 1
    assert stderr.startswith(f"{bad}: error: the template's Jinja cannot be rendered")
    assert not (tmp_path / "out").exists()
