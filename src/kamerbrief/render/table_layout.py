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
from math import ceil

from kamerbrief.model import Report, Row, RowKind, Table
from kamerbrief.render.common import cell_text, column_heading, table_name, vocabulary
from kamerbrief.render.font_widths import packaged

# A table with more figure columns than this is set on a landscape page.
WIDE_COLUMNS = 8
# A table with at most this many rows is kept on one page; a longer one keeps its first and
# last EDGE_ROWS rows together, so no header or TOTAAL row stands alone.
KEEP_WHOLE_ROWS = 15
EDGE_ROWS = 3
# A group of rows under one group label ("Voorkomen" in the Hoofdlijn column) with at most
# this many rows, its SUBTOTAAL included, is kept on one page: a page then breaks between
# groups, where the next page opens with the group's own label. A longer group may break;
# the PDF repeats its label on the next page (render/pdf_continued.py).
KEEP_GROUP_ROWS = 8
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
# The caption a continued page prints above the repeated header, in its page's top margin
# (style.css, @top-center): semibold at this size, on one line, of at most this many words
# of an unnumbered table's name.
CONTINUED_PT = 9.0
CONTINUED_WORDS = 5


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
        first and the last EDGE_ROWS rows, before a SUBTOTAAL or TOTAAL row, which never
        stands alone at the top of a page, and within a short group (KEEP_GROUP_ROWS)."""
        following = rows[index + 1] if index + 1 < len(rows) else None
        return self.keep_whole or index < EDGE_ROWS - 1 or index >= len(rows) - EDGE_ROWS or \
            (following is not None and following.kind is not RowKind.ITEM) or \
            (following is not None and _short_group(rows, index))


def text_mm(text: str, font_pt: float, bold: bool = False) -> float:
    """Printed width of ``text`` in the house font; every digit as wide as the widest
    (tabular figures), bold for headers and totals (headers are semibold: bold is the
    safe side). The widths are the font's own, packaged (render/font_widths.py), so no
    font is parsed: ``check`` measures every table too."""
    font = packaged(bold)
    advances, fallback, digit = font.advances, font.fallback, font.digit
    units = sum(digit if char.isdigit() else advances.get(ord(char), fallback) for char in text)
    return units / font.units_per_em * font_pt * _PT_TO_MM


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


def group_span(rows: list[Row], index: int) -> range:
    """The rows of the group row ``index`` belongs to (``Row.group``, set by the reader):
    the run of rows around it with the same group label; only itself when it is in none."""
    group = rows[index].group
    if not group:
        return range(index, index + 1)
    start = index
    while start > 0 and rows[start - 1].group == group:
        start -= 1
    end = index + 1
    while end < len(rows) and rows[end].group == group:
        end += 1
    return range(start, end)


def _short_group(rows: list[Row], index: int) -> bool:
    """Whether rows ``index`` and ``index + 1`` are in one group short enough to keep whole."""
    span = group_span(rows, index)
    return index + 1 in span and len(span) <= KEEP_GROUP_ROWS


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
    return TableLayout(True, font_pt, _split(table, needs), keep_whole, _overflow_mm(table, needs))


def continued_caption(table: Table, report: Report, layout: TableLayout) -> str:
    """What a page that continues the table says above its repeated header: "Tabel 5
    (vervolg)"; for a table without a number its name, cut to CONTINUED_WORDS words and one
    line. Short, as a running line is: the full caption stands on the table's first page, and
    a long line in the page margin reads as prose to a screen reader's checker."""
    more = f"({vocabulary(report).continued})"
    if table.number:
        return f"{vocabulary(report).table} {table.number} {more}"
    room = LANDSCAPE_MM if layout.landscape else PORTRAIT_MM
    name = table_name(table, report).split()
    words = name[:CONTINUED_WORDS]
    while len(words) > 1 and text_mm(" ".join(words) + " … " + more, CONTINUED_PT, True) > room:
        words.pop()
    cut = " …" if len(words) < len(name) else ""
    return " ".join(words) + cut + " " + more


@dataclass(frozen=True)
class TooWide:
    """A placed table that no layout fits on a page, even split at the smallest font: the
    label columns and one figure column are already wider than a landscape page. Such a
    table would lose columns in the PDF and the DOCX. Worded here once: ``build`` refuses
    it with ``str()``, ``check`` reports ``problem`` and ``fix`` as KB121."""

    table: Table
    overflow_mm: float
    longest: str  # the longest word of its label columns, the likely cause

    @property
    def problem(self) -> str:
        return (f"does not fit a landscape page even split into parts at {FONT_STEPS[-1]} pt: "
                f"{ceil(self.overflow_mm)} mm too wide")

    @property
    def fix(self) -> str:
        return (f"shorten the longest words of its labels ('{self.longest[:40]}'), or give "
                "fewer label columns (labels = … in its sidecar)")

    def __str__(self) -> str:
        fix = self.fix
        return f"table '{self.table.id}' ({self.table.path}) {self.problem}. {fix[0].upper()}{fix[1:]}"


def too_wide(report: Report) -> list[TooWide]:
    """The placed tables no page can hold, in placement order. One measure at the smallest
    font decides it (``_overflow_mm``, as ``table_layout`` reports it), so ``check`` pays
    for one pass over each table, not for every layout tried."""
    problems = []
    for table_id in dict.fromkeys(placement.table_id for _, placement in report.placements):
        table = report.tables.get(table_id)  # placed twice is KB201's, said once here
        if table is None:
            continue
        overflow = _overflow_mm(table, column_widths(table, report, FONT_STEPS[-1]))
        if overflow > 0:
            words = [word for column in table.label_columns
                     for word in column_heading(table, column).split()]
            words += [word for row in table.rows for label in row.labels for word in label.split()]
            problems.append(TooWide(table, overflow, max(words, key=len, default="")))
    return problems


def _overflow_mm(table: Table, needs: dict[str, float]) -> float:
    """How far the widest part of the split table runs past a landscape page. A part of
    several columns always fits (``_split``), so only the widest column alone beside the
    labels can run past it."""
    labels = sum(needs[column] for column in table.label_columns)
    widest = max((needs[column] for column in table.numeric_columns), default=0.0)
    return max(0.0, labels + widest - LANDSCAPE_MM)


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
