"""Tables: the caption inside its /Table, header cells that head nothing tagged as data,
/Scope on every /TH, and each figure's column headers laid out again from the head's grid.
Steps of ``pdf_tags.mend_pdf``; group labels, which need the marks, are ``pdf_tags_groups``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name

from kamerbrief.render.pdf_structure import Element, StructureTree


def tables(tree: StructureTree) -> None:
    """Each /Table mended in turn; header cells that head nothing become /TD first, so that
    /Scope and /Headers are written for the headers that stay."""
    for table in [e for e in tree.walk() if e.kind == "Table"]:
        caption_inside(tree, table)
        empty_corner_cells(tree, table)
        corner_cells(tree, table)
        scope_header_cells(table)
        column_headers(table)


def caption_inside(tree: StructureTree, table: Element) -> None:
    """A table's /Caption inside its /Table, as its first kid (ISO 32000-1 14.8.4.3.4).

    WeasyPrint tags ``<figcaption>`` as a /Caption beside the table (kamerbrief's table is a
    ``<figure>``: caption, unit line, the table in its scroll box, notes, source). The
    caption moves into the /Table with what stands between it and the table (the unit line),
    so both are read first, as printed."""
    holder = table
    while holder.parent is not None and holder.parent.kind in ("Div", "NonStruct") \
            and len(holder.parent.elements) == 1 and holder.parent.parent is not None:
        holder = holder.parent
    figure = holder.parent
    if figure is None or figure.kind not in ("NonStruct", "Div", "Figure", "Sect"):
        return
    position = holder.index()
    before = figure.kids[:position]
    captions = [k for k in before if isinstance(k, Element) and k.kind == "Caption"]
    if len(captions) != 1 or any(isinstance(k, Element) and k.kind == "Table" for k in before):
        return
    caption = captions[0]
    start = caption.index()
    between = figure.kids[start + 1:position]
    if any(not isinstance(k, Element) or k.kind != "P" for k in between):
        return
    for kid in [caption, *between]:
        tree.detach(kid, figure)
    if between:  # the caption's own words in a paragraph, then the unit line
        words = tree.new_element("P", caption.page)
        tree.insert(words, 0, *caption.kids)
        caption.kids = []
        tree.insert(caption, 0, words, *between)
    tree.insert(table, 0, caption)


def _cells(table: Element) -> Iterable[tuple[str, Element, Element]]:
    """(section kind, row, cell) for every cell, head first, in order."""
    for section in table.elements:
        rows = section.elements if section.kind in ("THead", "TBody", "TFoot") else [section]
        for row in rows:
            if row.kind != "TR":
                continue
            for cell in row.elements:
                if cell.kind in ("TH", "TD"):
                    yield (section.kind if section.kind != "TR" else "TBody"), row, cell


def empty_corner_cells(tree: StructureTree, table: Element) -> None:
    """A header cell with no text heads nothing: it becomes a /TD, and no cell names it in
    /Headers (the corner above a label column the writer left without a heading)."""
    _header_to_data(table, [cell for _section, _row, cell in _cells(table) if cell.kind == "TH"
                            and not tree.text(cell).strip() and "/Alt" not in cell.obj])


def corner_cells(tree: StructureTree, table: Element) -> None:
    """Where a table's header cells would outnumber its data cells (a table of one row, or
    row labels with a single column of figures), the head's cells above the row-header
    column(s) are tagged as data cells. They head only other headers, never a figure (no
    data cell names them in /Headers), and so many headers against so few data cells is the
    shape of a table whose cells were cut apart (outloud TBL-010)."""
    cells = [cell for _section, _row, cell in _cells(table)]
    if sum(c.kind == "TH" for c in cells) <= sum(c.kind == "TD" for c in cells):
        return
    leading = max((_leading_headers(row) for row in table_rows(table, head=False)), default=0)
    corner: list[Element] = []
    for head_row in table_rows(table, head=True):
        column = 0
        for cell in head_row.elements:
            if column < leading and cell.kind == "TH":
                corner.append(cell)
            column += _span(cell, "/ColSpan")
    _header_to_data(table, corner)


def _leading_headers(row: Element) -> int:
    """How many columns the row's leading header cells (its row labels) take."""
    columns = 0
    for cell in row.elements:
        if cell.kind != "TH":
            break
        columns += _span(cell, "/ColSpan")
    return columns


def table_rows(table: Element, head: bool) -> list[Element]:
    """The rows of the head (``head``) or of the rest of the table, in order."""
    rows: dict[int, Element] = {}
    for section, row, _cell in _cells(table):
        if (section == "THead") == head:
            rows.setdefault(id(row), row)
    return list(rows.values())


def _span(cell: Element, key: str) -> int:
    attributes = cell.obj.get("/A")
    value = attributes.get(key) if isinstance(attributes, Dictionary) else None
    return int(value) if value is not None else 1


def table_attributes(cell: Element) -> Dictionary:
    """The cell's table attributes (/A with /O /Table), made when it has none, for the steps
    that write a /Scope or /Headers WeasyPrint left out."""
    attributes = cell.obj.get("/A")
    if not isinstance(attributes, Dictionary):
        attributes = Dictionary(O=Name.Table)
        cell.obj.A = attributes
    return attributes


def _header_to_data(table: Element, cells: list[Element]) -> None:
    dropped: set[bytes] = set()
    for cell in cells:
        cell.kind = "TD"
        cell.obj.S = Name.TD
        identifier = cell.obj.get("/ID")
        if identifier is not None:
            dropped.add(bytes(identifier))
            del cell.obj["/ID"]
        attributes = cell.obj.get("/A")
        if isinstance(attributes, Dictionary) and "/Scope" in attributes:
            del attributes["/Scope"]
    if not dropped:
        return
    for _section, _row, cell in _cells(table):
        attributes = cell.obj.get("/A")
        if isinstance(attributes, Dictionary) and isinstance(attributes.get("/Headers"), Array):
            attributes.Headers = Array([h for h in attributes.Headers if bytes(h) not in dropped])


def scope_header_cells(table: Element) -> None:
    """Every /TH gets a /Scope, which WeasyPrint 70 leaves out (Kozea/WeasyPrint#2508):
    /Column in the head, /Row in the body."""
    for section, _row, cell in _cells(table):
        if cell.kind != "TH":
            continue
        attributes = table_attributes(cell)
        if "/Scope" not in attributes:
            attributes.Scope = Name.Column if section == "THead" else Name.Row


def column_headers(table: Element) -> None:
    """Each data cell names in /Headers the head cells above its column(s), top row first.

    WeasyPrint 70 numbers the columns of a head with a cell that spans two rows wrongly (its
    count of the rows a cell still covers is overwritten by the next row's first cell): under
    a year over "Plan, Realisatie, Verschil" beside two label headers of two rows, the figure
    under "Plan" named "Verschil" and the one under "Realisatie" nothing. Here the grid is laid
    out again from every cell's /ColSpan and /RowSpan (the HTML table model), and the head's
    part of each body /TD's /Headers is written from it; the rest (row headers, group
    labels) stays, in its order."""
    taken: set[tuple[int, int]] = set()
    columns: dict[int, list[pikepdf.Object]] = {}
    head_ids: set[bytes] = set()
    body: list[tuple[Element, range]] = []
    for number, (section, row) in enumerate(_sections_rows(table)):
        column = 0
        for cell in [c for c in row.elements if c.kind in ("TH", "TD")]:
            while (number, column) in taken:
                column += 1
            across, down = _span(cell, "/ColSpan"), _span(cell, "/RowSpan")
            span = range(column, column + max(across, 1))
            taken.update((number + r, c) for r in range(max(down, 1)) for c in span)
            identifier = cell.obj.get("/ID")
            if section == "THead" and cell.kind == "TH" and identifier is not None:
                head_ids.add(bytes(identifier))
                for c in span:
                    columns.setdefault(c, []).append(identifier)
            elif section != "THead" and cell.kind == "TD":
                body.append((cell, span))
            column = span.stop
    if not head_ids:
        return
    for cell, span in body:
        above = list({bytes(i): i for c in span for i in columns.get(c, [])}.values())
        attributes = table_attributes(cell)
        old = attributes.get("/Headers")
        rest = [h for h in old if bytes(h) not in head_ids] if isinstance(old, Array) else []
        if rest or above:
            attributes.Headers = Array([*rest, *above])


def _sections_rows(table: Element) -> list[tuple[str, Element]]:
    """(section kind, row) for every row, head first, in order."""
    rows: dict[int, tuple[str, Element]] = {}
    for section, row, _cell in _cells(table):
        rows.setdefault(id(row), (section, row))
    return list(rows.values())
