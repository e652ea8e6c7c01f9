"""The progress chart as a native Word chart: a DrawingML chart part with the numbers embedded
as a small workbook, so that Word's "Edit Data" opens them.

- Bars: minutes in school per logged day (left axis, 0 to a full school day).
- Dashes: each day's phase target in minutes; the step between two phases' targets and the
  second row of axis labels ("Phase 1", "Phase 2", grouped under the dates) mark the phase
  boundaries.
- Line with circles: the distress rating, on a second axis (right, 0–10).

Black, white and greys only, with a different shape for each series, so it reads in greyscale
print. The drawing carries the chart's alternative text. The chart's own cache holds the same
numbers as the workbook, so readers that do not open the workbook (LibreOffice) draw it too.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches
from docx.text.paragraph import Paragraph

from toolkit.frozen import Frozen
from toolkit.language import WORD_TAGS
from toolkit.language.locale import short_date
from toolkit.markdown import clean_text
from toolkit.word import ooxml

# escaped as xml.sax.saxutils.escape does (that module imports urllib.request, http.client,
# email and ssl: ~25 ms of a report's start-up)
from toolkit.word.xmltext import escape_text as escape

if TYPE_CHECKING:
    from docx.parts.document import DocumentPart

    from toolkit.packet import Chart

SHEET = "Sheet1"
HEIGHT = Inches(3.6)


class ChartWords(Frozen):
    """The chart's words in one language: title, workbook columns (the series names), the
    phase label under the dates, the axis titles, how a date is written under its bar."""

    title: str
    columns: tuple[str, str, str, str, str]
    phase: str
    minutes_axis: str
    distress_axis: str
    language: str  # dates under the bars: "Jan 11", "11 ene" (locale.short_date)


WORDS = {
    "en": ChartWords(
        "Minutes in school per day",
        ("Phase", "Date", "Minutes in school", "Phase target (minutes)", "Distress (0–10)"),
        "Phase {}",
        "Minutes in school",
        "Distress (0 calm – 10 worst)",
        "en",
    ),
    "es": ChartWords(
        "Minutos en la escuela por día",
        (
            "Etapa",
            "Fecha",
            "Minutos en la escuela",
            "Meta de la etapa (minutos)",
            "Malestar (0–10)",
        ),
        "Etapa {}",
        "Minutos en la escuela",
        "Malestar (0 calma – 10 peor)",
        "es",
    ),
}
TITLE = WORDS["en"].title
#: Series colours (greys) and the workbook's columns.
BAR_FILL, BAR_LINE, GRID, INK = "BCC4CC", "2F3B47", "E0E0E0", "000000"
COLUMNS = WORDS["en"].columns
_AXES = (101, 102, 103, 104)  # category, minutes, second category (hidden), distress
#: The workbook's creation time: fixed, so the same data always makes the same file.
_WORKBOOK_TIME = dt.datetime(2020, 1, 1)


def add_chart(paragraph: Paragraph, chart: Chart, width: int) -> None:
    """Append ``chart`` to ``paragraph`` as an inline Word chart ``width`` EMU wide."""
    document_part = paragraph.part
    package = document_part.package
    rows = _rows(chart)  # once for both (a date written per day)
    chart_part = Part(
        package.next_partname("/word/charts/chart%d.xml"),
        CT.DML_CHART,
        chart_xml(chart, width, rows),
        package,
    )
    workbook_part = Part(
        package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
        CT.SML_SHEET,
        workbook(chart, rows),
        package,
    )
    chart_part.relate_to(workbook_part, RT.PACKAGE)  # rId1, named in chart_xml's externalData
    r_id = document_part.relate_to(chart_part, RT.CHART)
    shape_id = document_part.next_id
    run = paragraph.add_run()
    title = WORDS[chart.language].title
    run._r.append(parse_xml(_inline_xml(r_id, shape_id, width, clean_text(chart.alt), title)))


def _inline_xml(r_id: str, shape_id: int, width: int, alt: str, title: str = TITLE) -> str:
    return (
        f"<w:drawing {nsdecls('w', 'wp', 'a', 'r')}>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{int(width)}" cy="{int(HEIGHT)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id}" descr={quoteattr(alt)} '
        f"title={quoteattr(title)}/>"
        "<wp:cNvGraphicFramePr/>"
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'r:id="{r_id}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing>"
    )


# --- the workbook ---------------------------------------------------------------------------------


#: A workbook row: the phase (on its first day only), the day, minutes, target, distress.
Row = tuple[str, str, float, int | None, float]


def _rows(chart: Chart) -> list[Row]:
    """Return the workbook's rows: the phase (on its first day only), the day, minutes, the
    phase target and distress."""
    words = WORDS[chart.language]
    rows = []
    previous = None
    for day in chart.days:
        phase = words.phase.format(day.phase) if day.phase != previous else ""
        previous = day.phase
        label = short_date(day.date, words.language)
        rows.append((phase, label, day.minutes, chart.target(day.phase), day.distress))
    return rows


def workbook(chart: Chart, rows: list[Row] | None = None) -> bytes:
    """Return the .xlsx the chart's data comes from (Word's "Edit Data" opens it); ``rows``
    are the chart's :func:`_rows` when the caller has them."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": _WORKBOOK_TIME, "author": "srkit"})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, WORDS[chart.language].columns, bold)
    for index, row in enumerate(_rows(chart) if rows is None else rows, start=1):
        for column, value in enumerate(row):
            if value is None or value == "":
                continue  # a phase without a target, a phase's later days: empty cells
            sheet.write(index, column, value)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 4, 22)
    book.close()
    return buffer.getvalue()


# --- the chart part -------------------------------------------------------------------------------


def _ref(column: int, rows: int) -> str:
    letter = "ABCDE"[column]
    return f"{SHEET}!${letter}$2:${letter}${rows + 1}"


def _name(column: int, words: ChartWords) -> str:
    """Return a series name: the header cell of ``column``, with its cached text."""
    letter = "ABCDE"[column]
    return (
        f'<c:tx><c:strRef><c:f>{SHEET}!${letter}$1</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(words.columns[column])}</c:v></c:pt></c:strCache>'
        "</c:strRef></c:tx>"
    )


def _numbers(column: int, values: list[float | int | None]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{value:g}</c:v></c:pt>'
        for i, value in enumerate(values)
        if value is not None
    )
    return (
        f"<c:val><c:numRef><c:f>{_ref(column, len(values))}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(values)}"/>{points}'
        "</c:numCache></c:numRef></c:val>"
    )


def _categories(rows: list[tuple]) -> str:
    """Return the two-level categories: the dates, grouped under their phase."""
    dates = "".join(f'<c:pt idx="{i}"><c:v>{escape(r[1])}</c:v></c:pt>' for i, r in enumerate(rows))
    phases = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(r[0])}</c:v></c:pt>' for i, r in enumerate(rows) if r[0]
    )
    count = f'<c:ptCount val="{len(rows)}"/>'
    return (
        f"<c:cat><c:multiLvlStrRef><c:f>{SHEET}!$A$2:$B${len(rows) + 1}</c:f>"
        f"<c:multiLvlStrCache>{count}<c:lvl>{dates}</c:lvl><c:lvl>{phases}</c:lvl>"
        "</c:multiLvlStrCache></c:multiLvlStrRef></c:cat>"
    )


def _line(colour: str, width_emu: int, dash: str | None = None) -> str:
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    fill = f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    return f'<a:ln w="{width_emu}">{fill}{dash_xml}</a:ln>'


def _text(size: int = 900, bold: bool = False) -> str:
    return (
        "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{size}" b="{int(bold)}"><a:solidFill><a:srgbClr val="{INK}"/></a:solidFill>'
        '</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
    )


def _axis_title(text: str, lang: str) -> str:
    return (
        "<c:title><c:tx><c:rich>"
        '<a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>'
        f'<a:defRPr sz="900" b="0"/></a:pPr><a:r><a:rPr lang="{lang}" sz="900" b="0"/>'
        f"<a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title>'
    )


def _value_axis(
    axis: int, cross: int, side: str, top: float, step: float, title: str, lang: str = "en-US"
) -> str:
    grid = (
        f"<c:majorGridlines><c:spPr>{_line(GRID, 6350)}</c:spPr></c:majorGridlines>"
        if side == "l"
        else ""
    )
    return (
        f'<c:valAx><c:axId val="{axis}"/><c:scaling><c:orientation val="minMax"/>'
        f'<c:max val="{top:g}"/><c:min val="0"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{side}"/>{grid}{_axis_title(title, lang)}'
        '<c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr>{_line(INK, 9525)}</c:spPr>{_text()}"
        f'<c:crossAx val="{cross}"/><c:crosses val="{"max" if side == "r" else "autoZero"}"/>'
        f'<c:crossBetween val="between"/><c:majorUnit val="{step:g}"/></c:valAx>'
    )


def _category_axis(axis: int, cross: int, hidden: bool) -> str:
    return (
        f'<c:catAx><c:axId val="{axis}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="{int(hidden)}"/><c:axPos val="b"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f"<c:spPr>{_line(INK, 9525)}</c:spPr>{_text(800)}"
        f'<c:crossAx val="{cross}"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
    )


def _dash_size(width: int, days: int) -> int:
    """Return the size in points of a target dash: most of one day's width on the chart."""
    plot_points = width / 12700 * 0.8
    return max(3, min(40, int(plot_points / max(days, 1) * 0.8)))


def chart_xml(chart: Chart, width: int, rows: list[Row] | None = None) -> bytes:
    """Return the chart part (``c:chartSpace``) of ``chart`` drawn ``width`` EMU wide;
    ``rows`` are its :func:`_rows` when the caller has them."""
    words, tag = WORDS[chart.language], WORD_TAGS[chart.language]
    rows = _rows(chart) if rows is None else rows
    categories = _categories(rows)
    cat, minutes, distress = _AXES[0], _AXES[1], _AXES[3]
    bars = (
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="0"/><c:order val="0"/>{_name(2, words)}'
        f'<c:spPr><a:solidFill><a:srgbClr val="{BAR_FILL}"/></a:solidFill>'
        f'{_line(BAR_LINE, 9525)}</c:spPr><c:invertIfNegative val="0"/>'
        f"{categories}{_numbers(2, [r[2] for r in rows])}</c:ser>"
        f'<c:gapWidth val="50"/><c:axId val="{cat}"/><c:axId val="{minutes}"/></c:barChart>'
    )
    size = _dash_size(width, len(rows))
    targets = (
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="1"/><c:order val="1"/>{_name(3, words)}'
        '<c:spPr><a:ln w="28575"><a:noFill/></a:ln></c:spPr>'
        f'<c:marker><c:symbol val="dash"/><c:size val="{size}"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{INK}"/></a:solidFill>{_line(INK, 9525)}'
        f"</c:spPr></c:marker>{categories}{_numbers(3, [r[3] for r in rows])}"
        '<c:smooth val="0"/></c:ser>'
        f'<c:marker val="1"/><c:axId val="{cat}"/><c:axId val="{minutes}"/></c:lineChart>'
    )
    line = (
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'<c:ser><c:idx val="2"/><c:order val="2"/>{_name(4, words)}'
        f"<c:spPr>{_line(INK, 15875, 'sysDash')}</c:spPr>"
        '<c:marker><c:symbol val="circle"/><c:size val="6"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>{_line(INK, 12700)}'
        f"</c:spPr></c:marker>{categories}{_numbers(4, [r[4] for r in rows])}"
        '<c:smooth val="0"/></c:ser>'
        f'<c:marker val="1"/><c:axId val="{_AXES[2]}"/><c:axId val="{distress}"/></c:lineChart>'
    )
    top = max(chart.day_minutes, *(r[2] for r in rows))
    step = 60 if top > 240 else 30
    axes = (
        _category_axis(cat, minutes, hidden=False)
        + _value_axis(minutes, cat, "l", top, step, words.minutes_axis, tag)
        + _category_axis(_AXES[2], distress, hidden=True)
        + _value_axis(distress, _AXES[2], "r", 10, 2, words.distress_axis, tag)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<c:chartSpace "
        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<c:date1904 val="0"/><c:lang val="{tag}"/>'
        '<c:roundedCorners val="0"/>'
        '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
        f"{bars}{targets}{line}{axes}</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f"</c:spPr>{_text()}"
        '<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )
    return xml.encode("utf-8")


def text_width(paragraph: Paragraph) -> int:
    """Return the width in EMU between the margins of the last section of the document."""
    return ooxml.text_width(cast("DocumentPart", paragraph.part).document)


def quoteattr(text: str) -> str:
    """Return ``text`` quoted as an XML attribute value, as ``xml.sax.saxutils.quoteattr`` does."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))
