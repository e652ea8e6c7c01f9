"""Column widths for tables: every word whole, the rest of the text width shared by content.

A column is never narrower than its longest word (a word may still break after a hyphen, as
typesetters do). When the longest words of all columns do not fit the text width (eight
columns between 1.25 in margins), the table's text is set smaller, down to ``MIN_FONT_PT``.
Word widths are estimated from the characters, on the wide side, since the font that renders
them (Calibri, or its metric twin Carlito) is not read here.
"""

from __future__ import annotations

import math
import re

from docx.shared import Emu, Pt
from docx.table import Table

MIN_FONT_PT = 7.0
EMU_PER_PT = 12700
EMU_PER_TWIP = 635  # Word stores widths in twips: every width is a whole number of them
CELL_PADDING = 2 * 108 * 635  # the table style's left and right cell margins (108 twips each)
_BOLD = 1.06  # header cells are bold
_PIECES_RE = re.compile(r"[^\s-]*-|[^\s-]+")  # "Re-entry" -> "Re-", "entry"


def _em(ch: str) -> float:
    """Return the width of ``ch`` in ems, rounded up (Calibri-like proportions)."""
    if ch in "mwMW@%":
        return 0.9
    if ch in "il.,;:!|'jtf()[]":
        return 0.34
    if ch.isupper():
        return 0.66
    if ch.isdigit():
        return 0.52
    return 0.54


def word_width(word: str, size_pt: float, bold: bool = False) -> int:
    """Return the estimated width of ``word`` set at ``size_pt``, in EMU."""
    ems = sum(_em(ch) for ch in word) * (_BOLD if bold else 1.0)
    return math.ceil(ems * size_pt * EMU_PER_PT)


def _twips_up(emu: int) -> int:
    return -(-emu // EMU_PER_TWIP) * EMU_PER_TWIP


def fit_columns(table: Table, usable: int, size_pt: float) -> None:
    """Set the column widths of ``table`` to share ``usable`` EMU: each column at least as wide
    as its longest word, the rest by how much text each column holds. The table's text is set
    smaller when the longest words do not fit at ``size_pt``."""
    columns = len(table.columns)
    texts: list[list[tuple[str, bool]]] = [[] for _ in range(columns)]
    for r, row in enumerate(table.rows):
        for i, cell in enumerate(row.cells[:columns]):
            texts[i].append((cell.text, r == 0))

    def needs(size: float) -> list[int]:
        return [
            _twips_up(
                CELL_PADDING
                + max(
                    (
                        word_width(piece, size, bold)
                        for text, bold in column
                        for piece in _PIECES_RE.findall(text)
                    ),
                    default=0,
                )
            )
            for column in texts
        ]

    need = needs(size_pt)
    if sum(need) > usable:
        text_room = usable - columns * CELL_PADDING
        wanted = sum(need) - columns * CELL_PADDING
        size = max(MIN_FONT_PT, math.floor(2 * size_pt * text_room / wanted) / 2)
        for cell in (c for row in table.rows for c in row.cells):
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
        need = needs(size)
    longest = [max((len(text) for text, _ in column), default=1) for column in texts]
    weights = [min(length, 80) for length in longest]
    spare = max(0, usable - sum(need))
    total = sum(weights) or 1
    for i, column in enumerate(table.columns):
        width = Emu(need[i] + spare * weights[i] // total // EMU_PER_TWIP * EMU_PER_TWIP)
        column.width = width
        for cell in column.cells:
            cell.width = width
