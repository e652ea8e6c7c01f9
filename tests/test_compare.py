"""``srkit compare``: school drafts made from the example cases (``school_drafts.py``), read as
.docx, as .txt and as PDF printed by LibreOffice, must get the right verdict item by item.

PDFs need LibreOffice: without it the PDF cases are skipped with a message, except in CI (when
CI is set), where a missing LibreOffice is a failure.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, ci, no_traceback, run_cli
from school_drafts import TODAY, SchoolDraft, load, make_drafts, write_docx, write_txt

from toolkit.compare import compare_draft, follow_up_letter
from toolkit.compare.match import FOUND, MISSING, WEAKER
from toolkit.compare.report import letter_notes, report_markdown

DRAFTS = ("faithful", "weakened", "reordered")
FORMATS = ("docx", "txt", "pdf")


def usable(case: Path) -> bool:
    """Return whether the example case has what the weakened draft changes: 4 accommodations,
    an intervention with minutes, and 2 phases with a minute target."""
    vc = load(case)
    accommodations = len(vc.case.accommodations)
    reint = vc.case.reintegration
    phases = reint.phases if reint and reint.phases != "standard" else None
    return (
        accommodations >= 4 and bool(vc.case.interventions) and (phases is None or len(phases) >= 2)
    )


EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*.yaml") if usable(p))


def test_there_are_example_cases_to_compare():
    assert EXAMPLES, "no example case has 4 accommodations, interventions and phases"


@pytest.fixture(scope="session")
def school_drafts(tmp_path_factory) -> dict[str, tuple[Path, dict[str, SchoolDraft], dict]]:
    """Write every draft of every example as .docx and .txt, and print the .docx files to PDF
    in one LibreOffice run; return case stem → (case path, drafts, format → draft → path)."""
    work = tmp_path_factory.mktemp("school-drafts")
    made = {}
    docx_files = []
    for case in EXAMPLES:
        drafts = make_drafts(case)
        paths: dict[str, dict[str, Path]] = {fmt: {} for fmt in FORMATS}
        for name, draft in drafts.items():
            stem = f"{case.stem}-{name}"
            paths["docx"][name] = write_docx(draft, work / f"{stem}.docx")
            paths["txt"][name] = write_txt(draft, work / f"{stem}.txt")
            paths["pdf"][name] = work / "pdf" / f"{stem}.pdf"
            docx_files.append(paths["docx"][name])
        made[case.stem] = (case, drafts, paths)
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={(work / 'lo-profile').as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work / "pdf"),
                *map(str, docx_files),
            ],
            capture_output=True,
            timeout=600,
        )
    return made


def _need_pdf(path: Path) -> None:
    if path.is_file():
        return
    message = "LibreOffice not installed: the PDF drafts were not made"
    if ci() or shutil.which("soffice"):
        pytest.fail(f"{path.name} was not printed to PDF by LibreOffice ({message} in CI)")
    pytest.skip(message)


CASES = [
    pytest.param(case.stem, name, fmt, id=f"{case.stem}-{name}-{fmt}")
    for case in EXAMPLES
    for name in DRAFTS
    for fmt in FORMATS
]
RESULTS: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}


@pytest.mark.parametrize(("case", "name", "fmt"), CASES)
def test_verdicts_item_by_item(school_drafts, case, name, fmt):
    case_path, drafts, paths = school_drafts[case]
    path = paths[fmt][name]
    if fmt == "pdf":
        _need_pdf(path)
    comparison = compare_draft(path, load(case_path), TODAY)
    expected = drafts[name].expected
    got = {f.item.key: f.verdict for f in comparison.findings}
    assert set(got) == set(expected)
    RESULTS[(case, name, fmt)] = [(k, expected[k], got[k]) for k in expected]
    wrong = {k: (expected[k], got[k]) for k in expected if expected[k] != got[k]}
    assert not wrong, f"(expected, got) by item: {wrong}"
    for finding in comparison.findings:
        if finding.verdict != MISSING:
            assert finding.where, finding.item.key
            prefix = {"docx": ("¶ ", "table "), "txt": ("line ",), "pdf": ("p. ", "pp. ")}[fmt]
            assert finding.where.startswith(prefix), finding.where


def test_precision_and_recall(school_drafts, capsys):
    """Print how well problems are found over every draft compared (a problem: an item that
    is missing, weaker or different); run after the verdict tests."""
    for key in CASES:
        case, name, fmt = key.values
        if (case, name, fmt) not in RESULTS:
            path = school_drafts[case][2][fmt][name]
            if fmt == "pdf" and not path.is_file():
                continue
            comparison = compare_draft(path, load(school_drafts[case][0]), TODAY)
            expected = school_drafts[case][1][name].expected
            RESULTS[(case, name, fmt)] = [
                (f.item.key, expected[f.item.key], f.verdict) for f in comparison.findings
            ]
    rows = [row for rows in RESULTS.values() for row in rows]
    flagged = [r for r in rows if r[2] != FOUND]
    problems = [r for r in rows if r[1] != FOUND]
    hits = [r for r in flagged if r[1] != FOUND]
    exact = [r for r in rows if r[1] == r[2]]
    precision = len(hits) / len(flagged) if flagged else 1.0
    recall = len(hits) / len(problems) if problems else 1.0
    with capsys.disabled():
        print(
            f"\ncompare: {len(RESULTS)} drafts, {len(rows)} items: problems found with "
            f"precision {precision:.2f} and recall {recall:.2f}; "
            f"{len(exact)} of {len(rows)} verdicts exactly right"
        )
    dropped = [r for r in rows if r[1] == MISSING]
    weakened = [r for r in rows if r[1] == WEAKER]
    assert dropped and weakened
    assert all(r[2] == MISSING for r in dropped), "a dropped item was not reported missing"
    assert all(r[2] == WEAKER for r in weakened), "a weakened item was not flagged"
    assert not [r for r in rows if r[1] == FOUND and r[2] == MISSING], "a faithful item missing"
    assert precision == 1.0 and recall == 1.0


def test_report_and_letter_name_what_is_missing_and_weaker(school_drafts):
    case_path, drafts, paths = school_drafts[EXAMPLES[0].stem]
    vc = load(case_path)
    comparison = compare_draft(paths["docx"]["weakened"], vc, TODAY)
    text = report_markdown(comparison)
    titles = {f.item.key: f.item.title for f in comparison.findings}
    expected = drafts["weakened"].expected
    for key, verdict in expected.items():
        if verdict == MISSING:
            assert f"| **{titles[key]}**" in text
    summary = text.split("## Summary for the family", 1)[1].split("\n## ", 1)[0]
    for key, verdict in expected.items():
        if verdict != FOUND:
            assert titles[key] in summary, titles[key]
    assert "“as needed”" in summary
    notes = letter_notes(comparison)
    assert notes is not None
    for key, verdict in expected.items():
        assert (titles[key] in notes) == (verdict != FOUND), titles[key]
    letter = follow_up_letter(vc, comparison, TODAY)
    assert letter.kind == "letter" and letter.stem.endswith("-meeting-follow-up")
    assert not letter.attachments  # the follow-up adds no row to the correspondence log
    assert all(titles[k] in letter.text for k, v in expected.items() if v != FOUND)


def test_no_letter_when_everything_is_found(school_drafts):
    case_path, _drafts, paths = school_drafts[EXAMPLES[0].stem]
    vc = load(case_path)
    comparison = compare_draft(paths["docx"]["faithful"], vc, TODAY)
    assert letter_notes(comparison) is None
    assert follow_up_letter(vc, comparison, TODAY) is None


# -- the command line ---------------------------------------------------------------------------


def test_cli_writes_the_report_and_the_letter(school_drafts, tmp_path):
    import docx

    case_path, drafts, paths = school_drafts[EXAMPLES[0].stem]
    out = tmp_path / "out"
    draft = paths["docx"]["weakened"]
    code, stdout, stderr = run_cli("compare", draft, case_path, "-o", out, "--letter")
    assert code == 0, stderr
    written = [Path(line) for line in stdout.splitlines()]
    assert [p.name.endswith("-compare.docx") for p in written] == [True, False]
    assert written[1].name.endswith("-meeting-follow-up.docx")
    expected = drafts["weakened"].expected
    missing = sum(v == MISSING for v in expected.values())
    weaker = sum(v == WEAKER for v in expected.values())
    assert f"{weaker} weaker, 0 different, {missing} missing" in stderr
    document = docx.Document(str(written[0]))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    verdicts = [row[2] for row in rows if row[0] != "What the family asked for" and len(row) == 4]
    assert verdicts.count("Missing") == missing
    assert verdicts.count("Weaker") == weaker
    header = document.tables[0].rows[0].cells
    assert [c.text for c in header] == [
        "What the family asked for",
        "What the draft says",
        "Verdict",
        "What to ask for",
    ]
    # the same command again refuses to replace the report without --force
    code, stdout, stderr = run_cli("compare", draft, case_path, "-o", out)
    assert code == 1 and "already exists; not overwritten" in stderr
    code, stdout, stderr = run_cli("compare", draft, case_path, "-o", out, "--force")
    assert code == 0, stderr


def test_cli_markdown_and_text(school_drafts, tmp_path):
    case_path, _drafts, paths = school_drafts[EXAMPLES[0].stem]
    code, stdout, stderr = run_cli(
        "compare", paths["txt"]["weakened"], case_path, "-o", tmp_path, "--format", "md,txt"
    )
    assert code == 0, stderr
    md, txt = (Path(line) for line in stdout.splitlines())
    assert md.suffix == ".md" and txt.suffix == ".txt"
    plain = txt.read_text(encoding="utf-8")
    assert "Verdict: Missing" in plain and "|" not in plain.split("Summary for the family")[1][:200]


def _minimal_pdf(content: bytes) -> bytes:
    """Return a one-page PDF whose page draws ``content`` (no text unless it says so)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "scan.pdf",
            _minimal_pdf(b"0 0 1 rg 100 100 400 600 re f"),
            "error: the PDF has no text layer (it looks like a scan), so srkit cannot read it",
        ),
        ("broken.pdf", b"%PDF-1.4\nnothing else", "error: the PDF is damaged and cannot be read"),
        ("fake.pdf", b"hello, not a pdf", "error: not a PDF file"),
        ("fake.docx", b"hello, not a zip", "error: not a Word (.docx) file"),
        (
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "error: this is an encrypted Word file or an old .doc file",
        ),
        ("empty.txt", b"", "error: the file is empty"),
        ("binary.txt", b"\x00\x01\x02binary", "error: not a text file"),
        ("draft.odt", b"PK", "error: cannot read '.odt' files"),
    ],
)
def test_unreadable_drafts_are_one_line_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    code, stdout, stderr = run_cli("compare", path, ROOT / "examples" / "jordan-rivera.yaml")
    no_traceback(stderr)
    assert code == 1
    lines = stderr.splitlines()
    assert lines[0].startswith(f"{path}: {message}"), stderr
    assert len(lines) == 2 and lines[1].startswith("  hint: "), stderr
    assert stdout == ""


def test_a_pdf_scan_error_suggests_the_word_version(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_minimal_pdf(b"0 0 1 rg 100 100 400 600 re f"))
    code, _stdout, stderr = run_cli("compare", path, ROOT / "examples" / "jordan-rivera.yaml")
    assert code == 1 and "Word (.docx) version" in stderr


def test_huge_and_missing_drafts(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: nothing is written to disk
    code, _stdout, stderr = run_cli("compare", huge, ROOT / "examples" / "jordan-rivera.yaml")
    no_traceback(stderr)
    assert code == 1 and stderr.startswith(f"{huge}: error: the file is too large (51 MB")
    code, _stdout, stderr = run_cli(
        "compare", tmp_path / "nope.docx", ROOT / "examples" / "jordan-rivera.yaml"
    )
    assert code == 1 and stderr.startswith(f"{tmp_path / 'nope.docx'}: error: file not found")


def test_an_encrypted_pdf_is_a_one_line_error(school_drafts, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if ci():
            pytest.fail("LibreOffice not installed (CI is set, so this is a failure)")
        pytest.skip("LibreOffice not installed: encrypted PDF not made")
    source = write_docx(SchoolDraft("x", [("para", "A short draft.")]), tmp_path / "locked.docx")
    export = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            export,
            "--outdir",
            str(tmp_path / "pdf"),
            str(source),
        ],
        capture_output=True,
        timeout=300,
    )
    locked = tmp_path / "pdf" / "locked.pdf"
    assert locked.is_file()
    code, _stdout, stderr = run_cli("compare", locked, ROOT / "examples" / "jordan-rivera.yaml")
    no_traceback(stderr)
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{locked}: error: the PDF is encrypted with a password; srkit cannot read it"
    )
