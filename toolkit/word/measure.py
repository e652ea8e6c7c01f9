"""Table column widths from content: pure arithmetic on text, no python-docx.

Widths are measured with the advance widths of Carlito (metric-compatible with Calibri, the
reference document's font, ``toolkit/data/text-widths.json``) and a safety margin for wider
fonts a user's template may use. Every column is at least as wide as the longest word of its
header, so no header word breaks in the middle; the table fills the text width of the page and
never exceeds it.
"""

from __future__ import annotations

import functools
import json
import re

from toolkit.resources import data_file

POINTS_PER_INCH = 72
# Arial and Times are up to ~10% wider than Calibri at the same size; measure on the safe side.
SAFETY = 1.1
# Word's default cell margins (0.08 in on each side) plus room for the border and rounding.
CELL_PADDING_PT = 12.0
# A blank form's rows are tall enough to write in by hand.
FORM_ROW_HEIGHT_IN = 0.55

# Only ordinary spaces and line ends separate words; a no-break space (U+00A0) joins them.
_WORD_SEPARATORS = re.compile(r"[ \t\n\r]+")
NBSP = "\u00a0"


@functools.cache
def _widths() -> dict[str, dict[str, int]]:
    data = json.loads(data_file("text-widths.json").read_text(encoding="utf-8"))
    return {"regular": data["regular"], "bold": data["bold"]}


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of ``text`` on one line at ``size_pt``, in points (with the margin)."""
    return _points(_units(text, bold), size_pt)


def _points(units: int, size_pt: float) -> float:
    return units * size_pt / 1000 * SAFETY


@functools.lru_cache(maxsize=8192)
def _units(text: str, bold: bool) -> int:
    """Return the width of ``text`` in thousandths of the type size (a table's cells are
    measured at several sizes, and the same texts come again in every document)."""
    table = _widths()["bold" if bold else "regular"]
    fallback = table["n"]  # characters we have no width for count as an average letter
    return sum(table.get(char, fallback) for char in text)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
# "January 14, 2027" and "14 de enero de 2027"
_DATE_RE = re.compile(
    rf"\b(?:(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} de (?:{_MESES}) de \d{{4}})\b"
)
_NUMBERED_RE = re.compile(r"^\d+\. \S+")
# a range with an en dash ("(0–10)") and the word before it: a line may break after the dash,
# so the column must hold both ("Distress (0–10)", not "Distress (0–" and "10)")
_RANGE_RE = re.compile(r"\S+ \S*\d–\d\S*")


def words(text: str) -> list[str]:
    """Return the pieces of ``text`` that a line may not break inside: words, and whole dates
    ("March 12, 2027", "12 de marzo de 2027"), a leading number with its word ("4.
    Stabilization") and a range with the word before it ("Distress (0–10)"), which the column
    widths keep on one line."""
    glued = _DATE_RE.sub(lambda m: m[0].replace(" ", NBSP), text)
    glued = _NUMBERED_RE.sub(lambda m: m[0].replace(" ", NBSP), glued)
    glued = _RANGE_RE.sub(lambda m: m[0].replace(" ", NBSP), glued)
    return [word.replace(NBSP, " ") for word in _WORD_SEPARATORS.split(glued) if word]


def column_widths(
    header: list[str],
    body: list[list[str]],
    usable_pt: float,
    size_pt: float,
    *,
    form: bool = False,
) -> list[float]:
    """Return the width of each column in points, summing to ``usable_pt``.

    A column's minimum fits its longest word (header words in bold); its wish is its longest
    text on one line. When every wish fits, each column gets its wish and the rest of the
    width in proportion; otherwise each gets its minimum and the rest goes to the columns in
    proportion to how much more they wish for (the way browsers lay out automatic tables).
    When even the minimums do not fit, header words still do not break and the rest of the
    width goes to the columns whose body words need it most; if the header words alone are too
    wide the columns shrink in proportion.

    ``form``: a blank form to fill in by hand. Columns with no text below the header get
    their minimum, and the last of them (Notes) gets all the room that is left.
    """
    columns = len(header)
    rows = [row + [""] * (columns - len(row)) for row in body]
    header_min = [_longest_word(cell, size_pt, bold=True) for cell in header]
    body_min = [
        max((_longest_word(row[i], size_pt) for row in rows), default=0.0) for i in range(columns)
    ]
    wish = [
        max(
            text_width_pt(header[i], size_pt, bold=True),
            *(text_width_pt(" ".join(row[i].split()), size_pt) for row in rows),
        )
        + CELL_PADDING_PT
        for i in range(columns)
    ]
    minimum = [max(h, b) + CELL_PADDING_PT for h, b in zip(header_min, body_min, strict=True)]
    if sum(minimum) > usable_pt:
        header_only = [h + CELL_PADDING_PT for h in header_min]
        if sum(header_only) >= usable_pt:
            return [usable_pt * m / sum(header_only) for m in header_only]
        # every header word fits; the rest goes where body words need it most
        room = usable_pt - sum(header_only)
        need = [m - h for m, h in zip(minimum, header_only, strict=True)]
        return [h + room * n / sum(need) for h, n in zip(header_only, need, strict=True)]
    wish = [min(max(w, m), usable_pt) for w, m in zip(wish, minimum, strict=True)]
    if form:
        blank = [i for i in range(columns) if not any(row[i].strip() for row in rows)]
        if blank:
            widths = [wish[i] if i not in blank else minimum[i] for i in range(columns)]
            if sum(widths) <= usable_pt:
                widths[blank[-1]] += usable_pt - sum(widths)
                return widths
    if sum(wish) <= usable_pt:
        return [w + (usable_pt - sum(wish)) * w / sum(wish) for w in wish]
    room = usable_pt - sum(minimum)
    extra = [w - m for w, m in zip(wish, minimum, strict=True)]
    return [m + room * e / sum(extra) for m, e in zip(minimum, extra, strict=True)]


MIN_FONT_PT = 7.0


def fitting_size(
    header: list[str], body: list[list[str]], usable_pt: float, size_pt: float
) -> float:
    """Return the largest type size, ``size_pt`` or smaller in half points down to
    ``MIN_FONT_PT``, at which every column's longest word fits the text width."""
    columns = len(header)
    rows = [row + [""] * (columns - len(row)) for row in body]
    size = size_pt
    while size > MIN_FONT_PT:
        need = sum(
            max(
                _longest_word(header[i], size, bold=True),
                *(_longest_word(row[i], size) for row in rows),
            )
            + CELL_PADDING_PT
            for i in range(columns)
        )
        if need <= usable_pt:
            return size
        size -= 0.5
    return MIN_FONT_PT


def _longest_word(text: str, size_pt: float, bold: bool = False) -> float:
    longest = _longest_units(text, bold)
    return 0.0 if longest is None else _points(longest, size_pt)


@functools.lru_cache(maxsize=8192)
def _longest_units(text: str, bold: bool) -> int | None:
    """Return the width of the longest word of ``text`` (see :func:`_units`), None if none."""
    return max((_units(word, bold) for word in words(text)), default=None)
