"""A group label printed again on the page a page break continues its group on.

A group label ("Verstoren van netwerken en verdienmodellen" in the Hoofdlijn column) is
printed in its group's first row only. A group short enough stays on one page
(``table_layout.KEEP_GROUP_ROWS``); when a page break falls inside a longer one, the next
page would show the group's rows without its name. CSS cannot print a cell only where a
page begins, so the layout is read back: every row of a table with group labels says which
row it is (``data-kb-row``, ``pdf_tags.ROW_MARKS_CSS``); a row that opens a page inside its
group then gets its group label printed and a page break before it, which pins the page
where it fell, and the report is laid out again. Only a report with such a break pays for
the second layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kamerbrief.model import Report
from kamerbrief.render.common import label_cells

# (table id, part of a table split into parts, row index)
RowKey = tuple[str, int, int]
# Layouts after the first at most: each one can only add rows, one page break further on.
MAX_RELAYOUTS = 2


def row_mark(table_id: str, part: int, row: int) -> str:
    """The ``data-kb-row`` of a table row: its part and index first, the id (any text) last."""
    return f"{part} {row} {table_id}"


def _read(mark: str) -> RowKey | None:
    part, _, rest = mark.partition(" ")
    row, _, table_id = rest.partition(" ")
    if not (part.isdigit() and row.isdigit() and table_id):
        return None
    return table_id, int(part), int(row)


def rows_opening_pages(pages: Sequence[Sequence[str]]) -> set[RowKey]:
    """The marked rows that open a page of a table (part) that began on an earlier page:
    per page, the first marked row of each table seen on a page before."""
    seen: set[tuple[str, int]] = set()
    found: set[RowKey] = set()
    for marks in pages:
        first: dict[tuple[str, int], RowKey] = {}
        for mark in marks:
            key = _read(mark)
            if key is not None:
                first.setdefault(key[:2], key)
        found.update(key for table, key in first.items() if table in seen)
        seen.update(first)
    return found


def rows_to_label(report: Report, rows: Iterable[RowKey]) -> frozenset[RowKey]:
    """Of ``rows``, those whose group label is not printed in them: a row inside a group,
    below the group's first row."""
    wanted = set()
    cells: dict[str, list[bool]] = {}
    for key in rows:
        table = report.tables.get(key[0])
        if table is None or key[2] >= len(table.rows):
            continue
        if key[0] not in cells:
            cells[key[0]] = [any(cell.repeated for cell in row) for row in label_cells(table)]
        if cells[key[0]][key[2]]:
            wanted.add(key)
    return frozenset(wanted)


def printed_rows(labelled: Iterable[RowKey], table_id: str, part: int) -> frozenset[int]:
    """The rows of one table part that print their group label (for the template)."""
    return frozenset(row for table, at, row in labelled if table == table_id and at == part)
