"""The built documents as other programs read them: LibreOffice lays them out as PDF (text read
back with pdftotext), and pandoc reads the .docx as plain text. Numbered lists must restart
at 1 in each, and the footer's page fields must be filled in.

Every document of the example cases is read: the plans, every letter (the
salutation, the subject line, the closing) and the progress report (the recommendation), all
converted in one LibreOffice run.

Needs soffice, pdftotext and pandoc (see .ci/run). Without them the tests are skipped with a
message, except in CI (when CI is set), where a missing tool is a failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DOCUMENTS, EXAMPLES, ci, clean_env, run_cli

KEY_TEXT = {
    "iep": ["Elias Okafor", "Phase 1: Re-entry", "Flexible arrival time", "Credit recovery"],
    "504": [
        "Amira Haddad",
        "Phase 3: Mornings with the class",
        "Safe space and break pass",
        "This plan is part of the Section 504 plan",
    ],
    "none": [
        "Jordan Rivera-Núñez",
        "Proposed School Re-integration Plan",
        "Phase 4: Lunch and afternoons",
        "Other ways to show learning",
    ],
    "lists": ["Sam Lists", "Phase 2: Building tolerance", "Flexible arrival time"],
}

#: Key text of every letter and progress report of the example cases, by
#: "{case}-{letter type}" and "{case}-progress".
OTHER_TEXT = {
    "iep-meeting-request": [
        "Dear Dr. Alan Whitaker,",
        "Re: Request for an IEP meeting: Elias Okafor, Westbrook High School",
        "Sincerely,",
    ],
    "iep-records-request": [
        "Dear Dr. Alan Whitaker,",
        "Re: Request for copies of education records: Elias Okafor, Westbrook High School",
        "Sincerely,",
    ],
    "iep-policy-inquiry": [
        "Dear Dr. Alan Whitaker,",
        "Re: Request for the written policies behind recent statements: Elias Okafor, "
        "Westbrook High School",
        "Sincerely,",
        "Eli can only come back if he attends full days. We don't do partial schedules.",
    ],
    "iep-progress": [
        "Attendance Progress Report",
        "What the data suggests",
        "Hold at the current phase with the same supports.",
    ],
    "504-plan-in-writing": [
        "Dear Laura Bennett,",
        "Re: Request to write the re-integration plan into the Section 504 plan: "
        "Amira Haddad, Pine Hill Elementary School",
        "Sincerely,",
    ],
    "504-pwn-request": [
        "Dear Laura Bennett,",
        "Re: Request for written notice under Section 504: Amira Haddad, "
        "Pine Hill Elementary School",
        "Sincerely,",
    ],
    "none-evaluation-request": [
        "Dear Dr. Helen Park,",
        "Re: Request for a special education evaluation: Jordan Rivera-Núñez, "
        "Oakwood Middle School",
        "Sincerely,",
    ],
}
ALL_TEXT = KEY_TEXT | OTHER_TEXT

#: The numbered items of the "lists" document, in order: three lists, each restarting at 1.
NUMBERED_ITEMS = [
    ("1", "a later alarm"),
    ("2", "a visual morning routine"),
    ("3", "driving instead of the bus"),
    ("1", "a phone call home"),
    ("2", "a meeting with the counselor"),
    ("1", "a list of missed work"),
    ("2", "a meeting with each teacher"),
]


def need(program: str, message: str) -> str:
    """Return the path of ``program``; skip with ``message`` (fail in CI) when it is missing."""
    path = shutil.which(program)
    if path is None:
        if ci():
            pytest.fail(f"{message} (CI is set: the rendering tools must be installed)")
        pytest.skip(message)
    return path


def flat(text: str) -> str:
    """Return ``text`` with every run of whitespace (line wraps, page breaks) as one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def all_built(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return key → .docx of the plans (``built``) and of every letter and progress report of
    the example cases."""
    out = tmp_path_factory.mktemp("letters")
    env = clean_env(tmp_path_factory.mktemp("home"))
    paths = dict(built)
    for key, (case, _plan) in EXAMPLES.items():
        data = yaml.safe_load(case.read_text(encoding="utf-8"))
        only = ",".join(kind for kind in ("letters", "progress") if data.get(kind))
        code, stdout, stderr = run_cli("build", case, "-o", out, "--only", only, env=env)
        assert code == 0, stderr
        expected = [f"{key}-{letter['type']}" for letter in data.get("letters") or []]
        expected += [f"{key}-progress"] if data.get("progress") else []
        found = []
        for line in stdout.splitlines():
            path = Path(line)
            if path.suffix != ".docx":
                continue
            match = re.search(r"-\d{4}-\d{2}-\d{2}-([a-z-]+)$", path.stem)
            found.append(f"{key}-{match.group(1) if match else 'progress'}")
            paths[found[-1]] = path
        assert found == expected, stdout
    assert set(paths) == set(ALL_TEXT)
    return paths


@pytest.fixture(scope="module")
def pdf_texts(
    all_built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """Convert every built document to PDF in one LibreOffice run; return key → PDF text."""
    soffice = need("soffice", "LibreOffice not installed: rendering check skipped")
    pdftotext = need("pdftotext", "pdftotext (poppler-utils) not installed: PDF check skipped")
    work = tmp_path_factory.mktemp("pdf")
    profile = work / "lo-profile"
    result = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *(str(path) for path in all_built.values()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    texts = {}
    for key, path in all_built.items():
        pdf = work / (path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}:\n{result.stderr}"
        extracted = subprocess.run(
            [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        texts[key] = extracted.stdout
    return texts


@pytest.fixture(scope="module")
def pandoc_texts(all_built: dict[str, Path]) -> dict[str, str]:
    """Return key → pandoc's plain-text reading (with the title) of each built document."""
    pandoc = need("pandoc", "pandoc not installed: rendering check skipped")
    return {
        key: subprocess.run(
            [pandoc, "-s", "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        for key, path in all_built.items()
    }


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_pdf_has_key_text_and_page_numbers(pdf_texts, key):
    text = pdf_texts[key]
    for expected in KEY_TEXT[key]:
        assert expected in flat(text), expected
    pages = text.count("\f")
    assert pages >= 2
    numbers = re.findall(r"Page (\d+) of (\d+)", text)
    assert numbers == [(str(n), str(pages)) for n in range(1, pages + 1)]


def test_pdf_numbered_lists_restart(pdf_texts):
    found = re.findall(r"(?m)^(\d+)\.\s+(.+?)\s*$", pdf_texts["lists"])
    items = [(number, item) for number, item in found if (number, item) in NUMBERED_ITEMS]
    assert items == NUMBERED_ITEMS


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_pandoc_reads_key_text(pandoc_texts, key):
    text = flat(pandoc_texts[key])
    for expected in KEY_TEXT[key]:
        assert expected in text, expected


def test_pandoc_numbered_lists_restart(pandoc_texts):
    found = re.findall(r"(?m)^(\d+)\.\s+(\S.*?)\s*$", pandoc_texts["lists"])
    assert found == NUMBERED_ITEMS


def test_pandoc_sees_the_phase_table_and_bullets(pandoc_texts):
    text = pandoc_texts["iep"]
    assert re.search(r"(?m)^\s*4\. Stabilization\s+.*324 minutes a day", text)
    assert re.search(r"(?m)^-\s+plays bass in the jazz ensemble$", text)


@pytest.mark.parametrize("key", list(OTHER_TEXT))
def test_pdf_of_letters_and_progress_has_key_text_and_page_numbers(pdf_texts, key):
    text = pdf_texts[key]
    for expected in OTHER_TEXT[key]:
        assert expected in flat(text), expected
    pages = text.count("\f")
    assert pages >= 1
    numbers = re.findall(r"Page (\d+) of (\d+)", text)
    assert numbers == [(str(n), str(pages)) for n in range(1, pages + 1)]


@pytest.mark.parametrize("key", list(OTHER_TEXT))
def test_pandoc_reads_key_text_of_letters_and_progress(pandoc_texts, key):
    text = flat(pandoc_texts[key])
    for expected in OTHER_TEXT[key]:
        assert expected in text, expected


def test_letter_closing_comes_after_the_salutation_and_subject(pdf_texts):
    """The letter body sits between the frame's parts, in order, in the laid-out PDF."""
    for key in (k for k in OTHER_TEXT if not k.endswith("-progress")):
        text = flat(pdf_texts[key])
        dear, subject, closing = (text.find(part) for part in OTHER_TEXT[key][:3])
        assert 0 <= subject < dear < closing, key


def test_pandoc_sees_the_chart_with_its_alternative_text(pandoc_texts):
    text = flat(pandoc_texts["iep-progress"])
    assert re.search(r"\[Bar chart of the minutes Eli spent in school on each of \d+ logged", text)
