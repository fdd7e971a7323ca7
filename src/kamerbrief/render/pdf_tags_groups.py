"""Group labels: every cell of a row in a group names the group's printed label in /Headers,
found from the table body's marks (``Marks.groups``). A step of ``pdf_tags.mend_pdf``, after
the tables are mended (``pdf_tags_tables``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array

from kamerbrief.render.pdf_structure import Element, StructureTree
from kamerbrief.render.pdf_tags_languages import comparable_words
from kamerbrief.render.pdf_tags_tables import table_attributes, table_rows


def group_labels(tree: StructureTree, groups: Sequence[Sequence[Sequence[tuple[int, str]]]]) -> None:
    """Every cell of a row in a group names the group's label in /Headers (WCAG 1.3.1).

    A group label ("Voorkomen" in the Hoofdlijn column) is printed in its group's first row
    only, as published, where it is a row header (/TH, /Scope /Row) that WeasyPrint puts in
    the /Headers of that row's cells. The rows below leave the column empty, and so their
    cells would not be tied to the group. ``groups`` (``Marks.groups``) lists, for each table
    body that has such rows, in document order, each row's label columns that repeat a group
    label and the label. Matched to the /Table elements in reading order (one per table part,
    joined over page breaks), a table takes a body's marks when it has as many body rows and
    every such cell is an empty /TD below a /TH of that column with the label's words; then
    the /ID of that /TH goes first in the /Headers of every /TD of the row, as in the group's
    first row. The pages do not change: the label is not printed again, not even hidden."""
    if not groups:
        return
    tables = [e for e in tree.walk() if e.kind == "Table"]
    position = 0
    for rows in groups:
        for index in range(position, len(tables)):
            headers = _group_headers(tree, tables[index], rows)
            if headers is not None:
                for row, ids in headers:
                    _add_headers(row, ids)
                position = index + 1
                break


def _group_headers(tree: StructureTree, table: Element, marks: Sequence[Sequence[tuple[int, str]]]
                   ) -> list[tuple[Element, list[pikepdf.Object]]] | None:
    """(row, group header ids) for each marked row of ``table``; None when the table is not
    the one ``marks`` describes."""
    rows = table_rows(table, head=False)
    if len(rows) != len(marks) or not any(marks):
        return None
    cells = [[c for c in row.elements if c.kind in ("TH", "TD")] for row in rows]
    found: list[tuple[Element, list[pikepdf.Object]]] = []
    for number, repeats in enumerate(marks):
        ids: list[pikepdf.Object] = []
        for column, label in repeats:
            if column >= len(cells[number]):
                return None
            cell = cells[number][column]
            if cell.kind != "TD" or tree.text(cell).strip():
                return None
            header = _header_above(tree, cells, number, column)
            identifier = header.obj.get("/ID") if header is not None else None
            if header is None or identifier is None \
                    or not comparable_words(tree.text(header)).startswith(comparable_words(label)):
                return None
            ids.append(identifier)
        if ids:
            found.append((rows[number], ids))
    return found


def _header_above(tree: StructureTree, cells: list[list[Element]], row: int,
                  column: int) -> Element | None:
    """The nearest /TH above ``row`` in ``column``, over empty cells only."""
    for above in range(row - 1, -1, -1):
        if column >= len(cells[above]):
            return None
        cell = cells[above][column]
        if cell.kind == "TH":
            return cell
        if tree.text(cell).strip():
            return None
    return None


def _add_headers(row: Element, ids: list[pikepdf.Object]) -> None:
    for cell in row.elements:
        if cell.kind != "TD":
            continue
        attributes = table_attributes(cell)
        old = attributes.get("/Headers")
        rest = list(old) if isinstance(old, Array) else []
        named = {bytes(i) for i in ids}
        attributes.Headers = Array([*ids, *(h for h in rest if bytes(h) not in named)])
