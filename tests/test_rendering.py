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

import csv
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DOCUMENTS, EXAMPLES, IEP, ci, clean_env, run_cli
from layout_harness import convert

KEY_TEXT = {
    "iep": ["Elias Okafor", "Phase 1: Re-entry", "Flexible arrival time", "Credit recovery"],
    "504": [
        "Amira Haddad",
        "Phase 3: Mornings with the class",
        "Safe space and break pass",
        "Writing this plan into the Section 504 plan",
    ],
    "none": [
        "Jordan Rivera-Núñez",
        "Proposed School Re-integration Plan",
        "Phase 4: Lunch and afternoons",
        "Other ways to show learning",
    ],
    "follow": [
        "Noah Bennett",
        "Phase 2: Building tolerance",
        "Trusted adult at arrival",
        "Supports in place each day",
    ],
    "lists": ["Sam Lists", "Phase 2: Building tolerance", "Flexible arrival time"],
}

#: Key text of every letter and progress report of the example cases, by
#: "{case}-{letter type}" and "{case}-progress".
OTHER_TEXT = {
    "iep-meeting-request": [
        "Dear Dr. Whitaker,",
        "Re: Request for an IEP meeting: Elias Okafor (born June 21, 2010), Westbrook High School",
        "Sincerely,",
    ],
    "iep-records-request": [
        "Dear Dr. Whitaker,",
        "Re: Request to inspect education records: Elias Okafor (born June 21, 2010), "
        "Westbrook High School",
        "Sincerely,",
    ],
    "iep-policy-inquiry": [
        "Dear Dr. Whitaker,",
        "Re: Request for the written policies behind recent statements: Elias Okafor "
        "(born June 21, 2010), "
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
        "Dear Ms. Bennett,",
        "Re: Request to write the re-integration plan into the Section 504 plan: "
        "Amira Haddad (born March 9, 2017), Pine Hill Elementary School",
        "Sincerely,",
    ],
    "504-pwn-request": [
        "Dear Ms. Bennett,",
        "Re: Request for written notice under Section 504: Amira Haddad (born March 9, 2017), "
        "Pine Hill Elementary School",
        "Sincerely,",
    ],
    "follow-records-request": [
        "Dear Mr. Cho,",
        "Re: Request to inspect education records: Noah Bennett, Lakeview Middle School",
        "Sincerely,",
    ],
    "follow-implementation-concern": [
        "Dear Mr. Cho,",
        "Re: Supports in the IEP not in place as written: Noah Bennett, Lakeview Middle School",
        "Sincerely,",
        "Trusted adult at arrival: not in place on November 4, 5, 6, 9 and 10, 2026",
    ],
    "follow-follow-up": [
        "Dear Mr. Cho,",
        "Re: Follow-up: Request to inspect education records: Noah Bennett, Lakeview Middle School",
        "Sincerely,",
        "the 45 days ended on November 21, 2026",
    ],
    "follow-progress": [
        "Attendance Progress Report",
        "The plan was not carried out:",
        "Supports in place",
    ],
    "none-evaluation-request": [
        "Dear Dr. Park,",
        "Re: Request for a special education evaluation: Jordan Rivera-Núñez "
        "(born September 14, 2012), "
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
def pdfs(all_built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Convert every built document to PDF in one LibreOffice run; return key → PDF path."""
    soffice = need("soffice", "LibreOffice not installed: rendering check skipped")
    work = tmp_path_factory.mktemp("pdf")
    converted = convert(soffice, list(all_built.values()), work, work / "lo-profile")
    return {key: converted[path] for key, path in all_built.items()}


@pytest.fixture(scope="module")
def pdf_texts(pdfs: dict[str, Path]) -> dict[str, str]:
    """Return key → the text of each document's PDF."""
    pdftotext = need("pdftotext", "pdftotext (poppler-utils) not installed: PDF check skipped")
    texts = {}
    for key, pdf in pdfs.items():
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


def test_pandoc_drops_the_chart_but_keeps_its_numbers_in_the_table_beside_it(pandoc_texts):
    text = flat(pandoc_texts["iep-progress"])
    for row in ("January 13, 2027 1 0 60 9", "February 5, 2027 3 230 270 6"):
        assert row in text, row


# --- the progress chart, as LibreOffice draws it --------------------------------------------------

DPI = 144  # pdftotext's boxes are in points (1/72 in): 2 pixels a point
MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Return (x min, y min, x max, y max, text) of every word on ``page``, in points."""
    pdftotext = need("pdftotext", "pdftotext (poppler-utils) not installed: PDF check skipped")
    html = subprocess.run(
        [pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [(*map(float, m[:4]), m[4]) for m in re.findall(pattern, html)]


def _grey_page(pdf: Path, page: int, folder: Path) -> tuple[int, bytes]:
    """Return (width, pixels) of ``page`` rendered in greyscale at ``DPI`` (one byte a pixel)."""
    pdftoppm = need("pdftoppm", "pdftoppm (poppler-utils) not installed: PNG check skipped")
    subprocess.run(
        [
            pdftoppm,
            "-gray",
            "-r",
            str(DPI),
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(folder / "page"),
        ],
        check=True,
        timeout=120,
    )
    (image,) = folder.glob("page*.pgm")
    magic, width, height, depth, pixels = image.read_bytes().split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), pixels[: int(width) * int(height)]


def test_libreoffice_draws_the_chart_bars_to_scale_in_greyscale(pdfs, tmp_path):
    """Render the chart's page in greyscale and measure each bar from the zero line up: every
    day's bar is as tall as its minutes on the drawn axis, the dates run left to right and each
    phase's label sits under its own days."""
    with (IEP.parent / "elias-okafor-log.csv").open(encoding="utf-8") as log:
        days = list(csv.DictReader(log))
    pdf = pdfs["iep-progress"]
    page = next(n for n in range(1, 6) if sum(w[4] in MONTHS for w in _words(pdf, n)) > 10)
    words = _words(pdf, page)
    months = [w for w in words if w[4] in MONTHS]
    labels = []  # (centre, month, day): each day's number is written under or beside its month
    for month in months:
        centre = (month[0] + month[2]) / 2
        number = min(
            (w for w in words if w[4].isdigit() and 0 <= w[1] - month[1] < 15),
            key=lambda w: abs((w[0] + w[2]) / 2 - centre) + abs(w[1] - month[1]),
        )
        labels.append((centre, f"{month[4]} {number[4]}"))
    expected = [dt.date.fromisoformat(d["date"]) for d in days]
    assert [label for _x, label in labels] == [f"{d:%b} {d.day}" for d in expected]
    centres = [x for x, _label in labels]
    assert centres == sorted(centres)
    label_top = months[0][1]
    left = [w for w in words if w[2] < centres[0] and label_top - 300 < w[1] < label_top]
    zero = next(w for w in left if w[4] == "0")
    top = max((w for w in left if w[4].isdigit()), key=lambda w: int(w[4]))
    zero_y, top_y = ((w[1] + w[3]) / 2 for w in (zero, top))
    points_per_minute = (zero_y - top_y) / int(top[4])
    phases = sorted(
        (w[0] + w[2]) / 2 for w in words if w[4] == "Phase" and 0 < w[1] - label_top < 40
    )
    assert len(phases) == 3, phases
    for phase, centre in enumerate(phases, start=1):
        mine = [x for x, d in zip(centres, days, strict=True) if d["phase"] == str(phase)]
        assert mine[0] < centre < mine[-1]

    width, pixels = _grey_page(pdf, page, tmp_path)
    target = {"1": 60, "2": 180, "3": 270}  # a phase target's dash can hide a bar's top
    exact = 0
    for centre, day in zip(centres, days, strict=True):
        minutes = int(day["minutes"])
        x = round(centre * DPI / 72)
        y = round(zero_y * DPI / 72) - 3
        run, tallest = 0, 0  # the topmost run of at least 3 pixels of the bars' grey
        for row in range(y, round(top_y * DPI / 72) - 20, -1):
            run = run + 1 if 160 <= pixels[row * width + x] <= 215 else 0
            if run >= 3:
                tallest = y + 3 - row
        drawn = tallest / (DPI / 72) / points_per_minute
        if abs(minutes - target[day["phase"]]) > 15:
            assert abs(drawn - minutes) <= 8, (day, round(drawn))
            exact += 1
        else:  # the bar reaches up to the dash
            assert min(minutes, target[day["phase"]]) - 25 <= drawn <= minutes + 8, (day, drawn)
    assert exact >= 10
