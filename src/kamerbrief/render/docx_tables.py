"""Financial tables in Word: caption with a SEQ field, unit line, the table, notes and source.

Word's own machinery where it exists: the caption's number is a ``SEQ`` field inside a
bookmark (so prose can cross-reference it), header rows repeat (``w:tblHeader``), rows do
not break across pages (``w:cantSplit``). Numbers come from ``render.common.cell_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.blkcntnr import BlockItemContainer
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from kamerbrief.model import Report, Row, RowKind, Table
from kamerbrief.render.common import (
    caption_label,
    caption_text,
    cell_text,
    column_heading,
    source_line,
)
from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    border,
    element,
    field_runs,
    get_or_add,
    insert_ordered,
    mark_row,
    ppr,
    set_borders,
    text_run,
    wrap_bookmark,
)
from kamerbrief.render.docx_styles import StyleIds

WIDE_COLUMNS = 8  # more numeric columns than this go on a landscape page
KEEP_WHOLE_ROWS = 12  # tables up to this many rows are kept on one page
TABLE_FONT_PT = 7.0  # matches the "Tabel tekst" style
_CELL_MARGIN = "45"  # 0.08 cm left and right
_CELL_PADDING = 2 * 45 + 60  # both cell margins and a little air, in twips


@dataclass(frozen=True)
class CaptionTarget:
    """Bookmarks on a caption: around "Tabel N" (links, the list of tables) and around the
    SEQ field alone, which REF fields in the prose show. The prose keeps its own word
    ("tabel"/"Tabel"), so the case is right in every program, not only where Word's
    ``\\* Lower`` switch is honoured."""

    name: str
    mark_id: int
    number_mark_id: int

    @property
    def number_name(self) -> str:
        return f"{self.name}_nr"


def is_wide(table: Table) -> bool:
    return len(table.numeric_columns) > WIDE_COLUMNS


def add_financial_table(container: BlockItemContainer, table: Table, report: Report,
                        target: CaptionTarget, width: int) -> None:
    """Caption, unit line, table, notes and "Bron:" line; ``width`` is the text width in twips."""
    add_caption(container, table, report, target)
    if table.meta.unit:
        _styled(container.add_paragraph(), StyleIds.TABLE_UNIT).add_run(table.meta.unit)
    grid = _column_widths(table, report, width)
    docx_table = BlockItemContainer.add_table(container, 0, len(table.columns), Twips(width))
    _table_properties(docx_table, grid)
    _header_rows(docx_table, table, grid)
    for row in table.rows:
        _body_row(docx_table, table, row, report, grid)
    _keep_together(docx_table, len(table.rows))
    _notes(container, table, report)


def add_caption(container: BlockItemContainer, table: Table, report: Report,
                target: CaptionTarget) -> Paragraph:
    """'Tabel 3 – …' with the number as ``SEQ Tabel`` (cached) and 'Tabel 3' bookmarked."""
    label = caption_label(table, report)
    word = label.rsplit(" ", 1)[0]
    rest = caption_text(table, report)[len(label):]
    paragraph = _styled(container.add_paragraph(), StyleIds.CAPTION)
    p = paragraph._p
    first = text_run(f"{word} ")
    p.append(first)
    runs = field_runs(f"SEQ {seq_name(word)} \\* ARABIC", str(table.number))
    for run in runs:
        p.append(run)
    wrap_bookmark(p, target.name, target.mark_id, first, runs[-1])
    wrap_bookmark(p, target.number_name, target.number_mark_id, runs[0], runs[-1])
    p.append(text_run(rest))
    return paragraph


def seq_name(word: str) -> str:
    """The SEQ identifier: the vocabulary's table word without spaces ('Tabel')."""
    return re.sub(r"\W", "", word) or "Tabel"


# ---------------------------------------------------------------- layout


def _text_twips(text: str, bold: bool = False) -> int:
    """Rough printed width of ``text`` in the table font (Verdana-like advance widths)."""
    em = 0.0
    for char in text:
        if char.isdigit():
            em += 0.636
        elif char in ".,:;'’!|()[]- ":
            em += 0.36
        elif char in "iljtfr":
            em += 0.42
        elif char in "mwMW":
            em += 0.95
        elif char.isupper():
            em += 0.70
        else:
            em += 0.58
    return int(em * (1.15 if bold else 1.0) * TABLE_FONT_PT * 20)


def _column_widths(table: Table, report: Report, width: int) -> list[int]:
    """Figures get what their widest number needs; label columns split no word if they can.

    Labels first get their longest word, then share what is left in proportion to how much
    more their longest label would need on one line. Figures never wrap: when even the
    longest words do not fit, the labels share what the figures leave.
    """
    numeric = []
    for column in table.numeric_columns:
        texts = [cell_text(row.cells[column], table, column, report)
                 for row in table.rows if column in row.cells]
        words = column_heading(table, column).split() or [""]
        need = max([_text_twips(text, bold=True) for text in texts] +
                   [_text_twips(word, bold=True) for word in words] + [_text_twips("0000")])
        numeric.append(need + _CELL_PADDING)
    minimum, desired = [], []
    for index, column in enumerate(table.label_columns):
        texts = [row.labels[index] for row in table.rows if index < len(row.labels)]
        texts.append(column_heading(table, column))
        words = [word for text in texts for word in text.split()] or ["xxxxxx"]
        minimum.append(max(_text_twips(word, bold=True) for word in words) + _CELL_PADDING)
        desired.append(max(_text_twips(text) for text in texts) + _CELL_PADDING)
    rest = width - sum(numeric)
    if not minimum:
        if numeric:  # an empty table (reported as KB110) has no columns at all
            numeric[-1] += max(rest, 0)
        return numeric
    if rest <= sum(minimum):
        labels = [int(rest * m / sum(minimum)) for m in minimum]
    else:
        spare = rest - sum(minimum)
        wants = [max(d - m, 0) for d, m in zip(desired, minimum, strict=True)]
        total_want = sum(wants) or 1
        labels = [m + int(spare * w / total_want) for m, w in zip(minimum, wants, strict=True)]
    labels[-1] += rest - sum(labels)
    return labels + numeric


def _table_properties(docx_table: DocxTable, grid: list[int]) -> None:
    tbl = docx_table._tbl
    tbl_pr = tbl.tblPr
    insert_ordered(tbl_pr, element("w:tblStyle", val=StyleIds.TABLE), TBLPR_ORDER)
    insert_ordered(tbl_pr, element("w:tblW", w=str(sum(grid)), type="dxa"), TBLPR_ORDER)
    insert_ordered(tbl_pr, element("w:tblLayout", type="fixed"), TBLPR_ORDER)
    margins = element("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(element(f"w:{side}", w="20" if side in ("top", "bottom") else _CELL_MARGIN,
                               type="dxa"))
    insert_ordered(tbl_pr, margins, TBLPR_ORDER)
    for col, twips in zip(tbl.tblGrid.findall(qn("w:gridCol")), grid, strict=True):
        col.set(qn("w:w"), str(twips))


def _keep_together(docx_table: DocxTable, body_rows: int) -> None:
    """A short table stays on one page; a long one keeps its first rows with the header and
    caption and its last three rows together (and with the notes below), so neither a caption
    nor a TOTAAL row is left alone on a page."""
    rows = list(docx_table.rows)
    header_rows = len(rows) - body_rows
    if body_rows <= KEEP_WHOLE_ROWS:
        kept = rows
    else:
        kept = rows[:header_rows + 3] + rows[-3:]
    for row in kept:
        for p in row._tr.iter(qn("w:p")):
            insert_ordered(ppr(p), element("w:keepNext"), PPR_ORDER)


def _new_row(docx_table: DocxTable, grid: list[int], header: bool = False) -> list[_Cell]:
    row = docx_table.add_row()
    mark_row(row._tr, header=header)
    cells = list(row.cells)
    for cell, twips in zip(cells, grid, strict=True):
        cell.width = Twips(twips)
    return cells


def _header_rows(docx_table: DocxTable, table: Table, grid: list[int]) -> None:
    """One header row, or two when columns are grouped ("2023" over Plan/Realisatie/Verschil)."""
    columns = table.columns
    groups = [g for g in table.meta.header_groups if any(c in columns for c in g.columns)]
    names = _new_row(docx_table, grid, header=True)
    if groups:
        top = names
        names = _new_row(docx_table, grid, header=True)
        grouped: set[str] = set()
        for group in groups:
            indexes = [columns.index(c) for c in group.columns if c in columns]
            merged = top[min(indexes)].merge(top[max(indexes)])
            _cell_text(merged, group.title, StyleIds.TABLE_HEAD, align="center")
            _cell_border(merged, bottom=border("bottom", "single", 4, "auto"))
            grouped.update(columns[i] for i in range(min(indexes), max(indexes) + 1))
        for index, column in enumerate(columns):
            if column not in grouped:
                top[index].merge(names[index])
    last = docx_table.rows[len(docx_table.rows) - 1]
    for index, column in enumerate(columns):
        cell = last.cells[index]  # the top cell when the header is merged vertically
        numeric = column in table.numeric_columns
        _cell_text(cell, column_heading(table, column), StyleIds.TABLE_HEAD,
                   align="right" if numeric else None)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for tc in last._tr.tc_lst:
        set_borders(tc.get_or_add_tcPr(), "w:tcBorders", TCPR_ORDER,
                    bottom=border("bottom", "single", 6, "auto"))


def _body_row(docx_table: DocxTable, table: Table, row: Row, report: Report,
              grid: list[int]) -> None:
    cells = _new_row(docx_table, grid)
    bold = row.kind is not RowKind.ITEM
    for index in range(len(table.label_columns)):
        label = row.labels[index] if index < len(row.labels) else ""
        _cell_text(cells[index], label, StyleIds.TABLE_TEXT, bold=bold)
    offset = len(table.label_columns)
    for index, column in enumerate(table.numeric_columns):
        cell = row.cells.get(column)
        text = cell_text(cell, table, column, report) if cell is not None else ""
        _cell_text(cells[offset + index], text, StyleIds.TABLE_NUMBER, bold=bold)
    if row.kind is RowKind.SUBTOTAL:
        for cell in cells:
            _cell_border(cell, top=border("top", "single", 4, "auto"))
    elif row.kind is RowKind.TOTAL:
        for cell in cells:
            _cell_border(cell, top=border("top", "double", 4, "auto"))


def _cell_text(cell: _Cell, text: str, style_id: str, bold: bool = False,
               align: str | None = None) -> None:
    paragraph = _styled(cell.paragraphs[0], style_id)
    if align:
        insert_ordered(ppr(paragraph._p), element("w:jc", val=align), PPR_ORDER)
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


def _cell_border(cell: _Cell, **edges: BaseOxmlElement) -> None:
    set_borders(cell._tc.get_or_add_tcPr(), "w:tcBorders", TCPR_ORDER, **edges)


def _notes(container: BlockItemContainer, table: Table, report: Report) -> None:
    """Notes for the marks, then "Bron: …"; the last line carries the space after the table."""
    lines = [f"{mark} {text}" for mark, text in table.meta.notes.items()]
    source = source_line(table, report)
    if source:
        lines.append(source)
    paragraphs = [_styled(container.add_paragraph(), StyleIds.TABLE_NOTE) for _ in lines] or \
        [container.add_paragraph()]
    for paragraph, line in zip(paragraphs, lines, strict=False):
        paragraph.add_run(line)
    last = paragraphs[-1]
    spacing = get_or_add(ppr(last._p), "w:spacing", PPR_ORDER)
    spacing.set(qn("w:after"), "200")
    if not lines:
        spacing.set(qn("w:line"), "120")
        spacing.set(qn("w:lineRule"), "exact")


def _styled(paragraph: Paragraph, style_id: str) -> Paragraph:
    insert_ordered(ppr(paragraph._p), element("w:pStyle", val=style_id), PPR_ORDER)
    return paragraph
