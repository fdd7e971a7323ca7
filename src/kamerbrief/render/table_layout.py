"""How a table sits on its pages, the same in the PDF and the DOCX: orientation, font size,
which rows keep together, and, so that no column is ever lost, where it splits.

A column that runs past the page edge is data lost without a word, so every table is
measured before it is laid out, with the advance widths of the house font itself: figures
never wrap, label columns need at least their longest word. The first that fits wins:

1. the table font on a portrait page, then a smaller font, down to a legible floor;
2. the same on a landscape page (where a table with more than WIDE_COLUMNS figure columns
   always goes, as the Rijksbegroting prints them);
3. the figure columns split over several parts at the floor size on landscape pages, the
   label columns repeated in each part, later parts captioned "(vervolg)".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerbrief.model import Report, Row, RowKind, Table
from kamerbrief.render.common import cell_text, column_heading

# A table with more figure columns than this is set on a landscape page.
WIDE_COLUMNS = 8
# A table with at most this many rows is kept on one page; a longer one keeps its first and
# last EDGE_ROWS rows together, so no header or TOTAAL row stands alone.
KEEP_WHOLE_ROWS = 15
EDGE_ROWS = 3
# The rijk style's text block (style.css @page): A4 with 25 mm left and 20 mm right margins,
# A4 landscape with 20 mm each side.
PORTRAIT_MM = 210 - 25 - 20
LANDSCAPE_MM = 297 - 20 - 20
# Table font sizes tried in turn (pt): the style's table size, then smaller to a floor that
# stays legible in print.
FONT_STEPS = (8.5, 7.5, 6.5)
# Cell padding left and right (style.css: 1.5 mm each side).
PADDING_MM = 3.0
_PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class TableLayout:
    landscape: bool
    font_pt: float
    parts: tuple[tuple[str, ...], ...]  # the figure columns of each part, in order
    keep_whole: bool
    overflow_mm: float = 0.0  # how far the widest part runs past a landscape page, if at all

    @property
    def shrunk(self) -> bool:
        return self.font_pt != FONT_STEPS[0]

    def keep_row(self, rows: list[Row], index: int) -> bool:
        """Whether row ``index`` keeps with the next one: in a table kept whole, among the
        first and the last EDGE_ROWS rows, and before a SUBTOTAAL or TOTAAL row, which
        never stands alone at the top of a page."""
        following = rows[index + 1] if index + 1 < len(rows) else None
        return self.keep_whole or index < EDGE_ROWS - 1 or index >= len(rows) - EDGE_ROWS or \
            (following is not None and following.kind is not RowKind.ITEM)


@lru_cache(maxsize=4)
def _advances(font_file: str) -> tuple[dict[int, int], int]:
    """Advance widths of every character of a font file, in font units, and units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    metrics = font["hmtx"]
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def _font(bold: bool) -> Path:
    from kamerbrief.render.style import font_folders

    return font_folders()[0] / ("FiraSans-Bold.ttf" if bold else "FiraSans-Regular.ttf")


def text_mm(text: str, font_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` in the house font; every digit as wide as the widest
    (tabular figures), bold for headers and totals (headers are semibold: bold is the
    safe side)."""
    widths, per_em = _advances(str(_font(bold)))
    digit = max(widths.get(ord(d), per_em // 2) for d in "0123456789")
    fallback = per_em * 0.6
    units = sum(digit if char.isdigit() else widths.get(ord(char), fallback) for char in text)
    return units / per_em * font_pt * _PT_TO_MM


def column_widths(table: Table, report: Report, font_pt: float) -> dict[str, float]:
    """The least width (mm) each column needs: figures on one line, labels and headers their
    longest word."""
    needs: dict[str, float] = {}
    for index, column in enumerate(table.label_columns):
        widths = [text_mm(word, font_pt, bold=True) for word in column_heading(table, column).split()]
        for row in table.rows:
            if index < len(row.labels):
                widths += [text_mm(word, font_pt, _bold(row)) for word in row.labels[index].split()]
        needs[column] = max(widths, default=0) + PADDING_MM
    for column in table.numeric_columns:
        widths = [text_mm(word, font_pt, bold=True) for word in column_heading(table, column).split()]
        widths += [text_mm(cell_text(row.cells[column], table, column, report), font_pt, _bold(row))
                   for row in table.rows if column in row.cells]
        needs[column] = max(widths, default=0) + PADDING_MM
    return needs


def _bold(row: Row) -> bool:
    """Subtotal and total rows print bold (style.css)."""
    return row.kind is not RowKind.ITEM


def table_layout(table: Table, report: Report) -> TableLayout:
    keep_whole = len(table.rows) <= KEEP_WHOLE_ROWS
    columns = tuple(table.numeric_columns)
    orientations = (True,) if len(columns) > WIDE_COLUMNS else (False, True)
    for landscape in orientations:
        room = LANDSCAPE_MM if landscape else PORTRAIT_MM
        for font_pt in FONT_STEPS:
            if sum(column_widths(table, report, font_pt).values()) <= room:
                return TableLayout(landscape, font_pt, (columns,), keep_whole)
    font_pt = FONT_STEPS[-1]
    needs = column_widths(table, report, font_pt)
    parts = _split(table, needs)
    labels = sum(needs[column] for column in table.label_columns)
    widest = max(labels + sum(needs[column] for column in part) for part in parts)
    return TableLayout(True, font_pt, parts, keep_whole, max(0.0, widest - LANDSCAPE_MM))


def too_wide(report: Report) -> list[str]:
    """The placed tables that no layout fits on a page, even split at the smallest font:
    the label columns and one figure column are already wider than a landscape page. Such
    a table would lose columns in the PDF and the DOCX, so the build refuses it."""
    problems = []
    for _, placement in report.placements:
        table = report.tables.get(placement.table_id)
        if table is None:
            continue
        layout = table_layout(table, report)
        if layout.overflow_mm > 0:
            words = [word for row in table.rows for label in row.labels for word in label.split()]
            longest = max(words, key=len, default="")
            problems.append(
                f"table '{table.id}' ({table.path}) does not fit a landscape page even split "
                f"into parts at {FONT_STEPS[-1]} pt: {layout.overflow_mm:.0f} mm too wide. "
                f"Shorten the longest words of its labels ('{longest[:40]}'), or give fewer "
                "label columns (labels = … in its sidecar)")
    return problems


def _split(table: Table, needs: dict[str, float]) -> tuple[tuple[str, ...], ...]:
    """Figure columns in parts that each fit beside the repeated label columns; a part
    holds at least one column, however narrow the page."""
    room = LANDSCAPE_MM - sum(needs[column] for column in table.label_columns)
    parts: list[list[str]] = [[]]
    used = 0.0
    for column in table.numeric_columns:
        if parts[-1] and used + needs[column] > room:
            parts.append([])
            used = 0.0
        parts[-1].append(column)
        used += needs[column]
    return tuple(tuple(part) for part in parts)
