"""The progress chart is a native Word chart whose numbers a user can edit: the chart part, the
workbook embedded in it (read back with openpyxl, an independent reader), the drawing's
alternative text, and the table of the same numbers beside it that every other reader keeps.

How it looks in LibreOffice is checked in test_rendering (the bars measured on the rendered page).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import zipfile
from pathlib import Path

import pytest
from conftest import IEP, run_cli
from lxml import etree

from toolkit.progress.log import read_log

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LOG = IEP.parent / "elias-okafor-log.csv"
TARGETS = {1: 60, 2: 180, 3: 270}  # the standard phases on a 360-minute day


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("chart")
    code, stdout, stderr = run_cli("build", IEP, "--only", "progress", "-o", out)
    assert code == 0, stderr
    return Path(stdout.splitlines()[0])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def log_days():
    return read_log(LOG, phase_count=5, day_minutes=360, start_date=None).days


def test_the_report_holds_one_native_chart_with_its_alternative_text(report):
    from docx import Document

    document = Document(str(report))
    shapes = document.inline_shapes
    assert len(shapes) == 1
    graphic = shapes[0]._inline.graphic.graphicData
    assert graphic.get("uri") == "http://schemas.openxmlformats.org/drawingml/2006/chart"
    alt = shapes[0]._inline.docPr.get("descr")
    assert alt.startswith(
        "Bar chart of the minutes Eli spent in school on each of 25 logged school days "
        "from 2027-01-11 to 2027-02-16, covering phases 1, 2, 3."
    )
    assert "Phase 2: 10 days, 110 to 205 minutes, target 180 minutes" in alt
    names = parts(report)
    assert "word/charts/chart1.xml" in names
    assert not [n for n in names if n.startswith("word/media/")], "a picture is no chart"


def test_bars_for_minutes_dashes_for_targets_and_distress_on_a_second_axis(report):
    chart = etree.fromstring(parts(report)["word/charts/chart1.xml"])
    days = log_days()
    bars = chart.find(f".//{C}barChart/{C}ser")
    lines = chart.findall(f".//{C}lineChart")
    assert len(lines) == 2

    def cached(series) -> list[float | None]:
        cache = series.find(f"{C}val/{C}numRef/{C}numCache")
        count = int(cache.find(f"{C}ptCount").get("val"))
        values: list[float | None] = [None] * count
        for point in cache.findall(f"{C}pt"):
            values[int(point.get("idx"))] = float(point.find(f"{C}v").text)
        return values

    assert cached(bars) == [d.minutes for d in days]
    targets, distress = (line.find(f"{C}ser") for line in lines)
    assert cached(targets) == [float(TARGETS[d.phase]) for d in days]
    assert cached(distress) == [d.distress for d in days]
    # distress is plotted against the right-hand axis, 0 to 10
    distress_axes = [a.get("val") for a in lines[1].findall(f"{C}axId")]
    right = next(
        ax
        for ax in chart.findall(f".//{C}valAx")
        if ax.find(f"{C}axId").get("val") in distress_axes
    )
    assert right.find(f"{C}axPos").get("val") == "r"
    assert right.find(f"{C}scaling/{C}max").get("val") == "10"
    # the phase boundaries: each day's label sits under its phase's label
    levels = chart.findall(f".//{C}multiLvlStrCache/{C}lvl")
    assert [p.find(f"{C}v").text for p in levels[0]] == [
        f"{d.date.strftime('%b')} {d.date.day}" for d in days
    ]
    assert [(p.get("idx"), p.find(f"{C}v").text) for p in levels[1]] == [
        ("0", "Phase 1"),
        ("8", "Phase 2"),
        ("18", "Phase 3"),
    ]


def test_the_series_differ_in_shape_not_only_in_colour(report):
    """Printed in greyscale the three series stay apart: filled bars, marker-only dashes, and a
    dashed line with circles."""
    chart = etree.fromstring(parts(report)["word/charts/chart1.xml"])
    bar, target, distress = chart.findall(f".//{C}ser")
    assert bar.find(f"{C}spPr/{A}solidFill") is not None
    assert target.find(f"{C}spPr/{A}ln/{A}noFill") is not None
    assert target.find(f"{C}marker/{C}symbol").get("val") == "dash"
    assert distress.find(f"{C}marker/{C}symbol").get("val") == "circle"
    assert distress.find(f"{C}spPr/{A}ln/{A}prstDash") is not None
    colours = {c.get("val") for c in chart.iter(f"{A}srgbClr")}
    for colour in colours:  # greys and a grey-blue: no hue carries meaning
        red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        assert max(red, green, blue) - min(red, green, blue) <= 0x30, colour


def test_edit_data_opens_a_workbook_with_the_same_numbers(report):
    """The chart part links an embedded workbook; its cells are what the series refer to."""
    import openpyxl

    names = parts(report)
    rels = etree.fromstring(names["word/charts/_rels/chart1.xml.rels"])
    (rel,) = rels
    assert rel.get("Type").endswith("/relationships/package")
    workbook_name = posixpath.normpath("word/charts/" + rel.get("Target"))
    assert workbook_name.startswith("word/embeddings/") and workbook_name in names
    chart = etree.fromstring(names["word/charts/chart1.xml"])
    external = chart.find(f"{C}externalData")
    assert external.get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    ) == (rel.get("Id"))

    sheet = openpyxl.load_workbook(io.BytesIO(names[workbook_name])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Phase",
        "Date",
        "Minutes in school",
        "Phase target (minutes)",
        "Distress (0–10)",
    )
    days = log_days()
    assert [row[2] for row in rows[1:]] == [d.minutes for d in days]
    assert [row[3] for row in rows[1:]] == [TARGETS[d.phase] for d in days]
    assert [row[4] for row in rows[1:]] == [d.distress for d in days]
    assert [row[0] for row in rows[1:]] == (
        ["Phase 1"] + [None] * 7 + ["Phase 2"] + [None] * 9 + ["Phase 3"] + [None] * 6
    )
    # every series formula points at the column holding its numbers
    formulas = [f.text for f in chart.iter(f"{C}f")]
    assert "Sheet1!$C$2:$C$26" in formulas
    assert "Sheet1!$D$2:$D$26" in formulas
    assert "Sheet1!$E$2:$E$26" in formulas
    assert "Sheet1!$A$2:$B$26" in formulas


def test_a_phase_without_a_target_leaves_its_cells_empty():
    import openpyxl

    from toolkit.packet import Chart
    from toolkit.progress.log import Day
    from toolkit.word.chart import chart_xml, workbook

    days = [
        Day(dt.date(2027, 1, 4 + i), phase, True, minutes, 0, 3, None, "", i + 2)
        for i, (phase, minutes) in enumerate([(1, 40), (1, 50), (4, 100)])
    ]
    chart = Chart("srkit-chart:minutes", tuple(days), ((1, 45), (4, None)), 390, "Ana's chart")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook(chart))).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [45, 45, None]
    xml = etree.fromstring(chart_xml(chart, 5_000_000))
    target = xml.findall(f".//{C}lineChart")[0].find(f"{C}ser/{C}val/{C}numRef/{C}numCache")
    assert [p.get("idx") for p in target.findall(f"{C}pt")] == ["0", "1"]
    assert xml.find(f".//{C}dispBlanksAs").get("val") == "gap"


def test_other_formats_keep_the_numbers_beside_the_alternative_text(tmp_path):
    code, _stdout, stderr = run_cli(
        "build", IEP, "--only", "progress", "--format", "md,txt", "-o", tmp_path
    )
    assert code == 0, stderr
    markdown = (tmp_path / "elias-okafor-progress.md").read_text(encoding="utf-8")
    assert "*Chart: Bar chart of the minutes Eli spent in school" in markdown
    assert "| January 13, 2027 | 1 | 0 | 60 | 9.0 |" in markdown  # distress: one decimal
    assert "| February 16, 2027 | 3 | 260 | 270 | 5.0 |" in markdown
    text = (tmp_path / "elias-okafor-progress.txt").read_text(encoding="utf-8")
    assert "January 13, 2027" in text and "Chart: Bar chart" in text


@pytest.mark.parametrize(
    "text", ["plain", "a & b < c > d", 'say "hi"', "it's", 'both "\'" quotes', "tab\tnew\nline\r"]
)
def test_chart_text_is_escaped_as_the_standard_library_escapes_it(text):
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from toolkit.word.chart import escape, quoteattr

    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)
