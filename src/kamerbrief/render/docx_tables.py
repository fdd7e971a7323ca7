"""Financial tables in Word: caption with a SEQ field, unit line, the table, notes and source.

Word's own machinery where it exists: the caption's number is a ``SEQ`` field inside a
bookmark (so prose can cross-reference it), header rows repeat (``w:tblHeader``), rows do
not break across pages (``w:cantSplit``). Numbers come from ``render.common.cell_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from docx.shared import Twips
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from kamerbrief.model import Report, Row, RowKind, SourceLocation, Table
from kamerbrief.render.common import (
    caption_label,
    caption_text,
    cell_text,
    column_heading,
    printed,
    source_line,
    table_description,
    table_name,
    vocabulary,
)
from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_ORDER,
    BaseOxmlElement,
    BlockItemContainer,
    add_paragraph,
    add_table,
    append_text,
    border,
    element,
    field_runs,
    get_or_add,
    insert_ordered,
    name_table,
    paragraph_element,
    ppr,
    qn,
    rpr,
    run_element,
    subelement,
    table_element,
    text_run,
    wrap_bookmark,
)
from kamerbrief.render.docx_styles import StyleIds
from kamerbrief.render.table_layout import FONT_STEPS, TableLayout

if TYPE_CHECKING:
    from kamerbrief.render.docx_anchors import AnchorRecorder

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


def add_financial_table(container: BlockItemContainer, table: Table, report: Report,
                        target: CaptionTarget, width: int, layout: TableLayout,
                        anchors: AnchorRecorder | None = None) -> None:
    """Caption, unit line, table, notes and "Bron:" line; ``width`` is the text width in twips.

    A table with numbered = false gets its caption as plain text (no SEQ field, not in the
    list of tables), or none; links to it land on the caption or else its first header cell.
    A table too wide for any page comes in parts (render/table_layout.py), as in the PDF:
    the label columns repeat, later parts are captioned "(vervolg)", notes and source close
    the last.
    """
    # The layout's font steps are the PDF's; Word's table font is smaller in points (a wider
    # face), so it shrinks in the same proportion.
    font_pt = round(TABLE_FONT_PT * layout.font_pt / FONT_STEPS[0] * 2) / 2
    for number, columns in enumerate(layout.parts):
        part = _part(table, columns)
        if number == 0:
            _first_caption(container, table, report, target)
        elif table.number or table.meta.caption:
            caption = paragraph_element(_styled(add_paragraph(container), StyleIds.CAPTION))
            caption.append(text_run(f"{caption_text(table, report)} "
                                    f"({vocabulary(report).continued})"))
        if table.meta.unit:
            _styled(add_paragraph(container), StyleIds.TABLE_UNIT).add_run(table.meta.unit)
        figures = _figure_texts(part, report)
        grid = _column_widths(part, width, figures, font_pt)
        docx_table = add_table(container, 0, len(part.columns), Twips(width))
        _table_properties(docx_table, grid)
        tbl = table_element(docx_table)
        # Word's alt text: the title a screen reader announces, and caption, unit and source
        name_table(tbl.tblPr, table_name(table, report), table_description(table, report))
        _header_rows(tbl, part, grid, None if anchors is None else _header_anchor(anchors, part))
        if number == 0 and not table.number and not table.meta.caption:
            wrap_bookmark(tbl.find(f".//{qn('w:p')}"), target.name, target.mark_id)
        for index, (row, texts) in enumerate(zip(part.rows, figures, strict=True)):
            _body_row(tbl, part, row, texts, grid, layout.keep_row(part.rows, index))
            if anchors is not None:
                _anchor_row(anchors, tbl[-1], part, row)
        if font_pt != TABLE_FONT_PT:
            _font_size(tbl, font_pt)
    _notes(container, table, report)


def _font_size(tbl: BaseOxmlElement, font_pt: float) -> None:
    """Every run of the table in ``font_pt``: a table the layout shrank to fit its page."""
    half_points = str(int(font_pt * 2))
    for run in tbl.iter(qn("w:r")):
        properties = rpr(run)
        for tag in ("w:sz", "w:szCs"):
            insert_ordered(properties, element(tag, val=half_points), RPR_ORDER)


def _first_caption(container: BlockItemContainer, table: Table, report: Report,
                   target: CaptionTarget) -> None:
    """The numbered caption with its SEQ field, or an unnumbered table's plain caption."""
    if table.number:
        add_caption(container, table, report, target)
    elif table.meta.caption:
        caption = paragraph_element(_styled(add_paragraph(container), StyleIds.CAPTION))
        caption.append(text_run(table.meta.caption))
        wrap_bookmark(caption, target.name, target.mark_id)


def _part(table: Table, columns: tuple[str, ...]) -> Table:
    """The table with only these figure columns (its header groups trimmed to them)."""
    if list(columns) == table.numeric_columns:
        return table
    groups = [replace(group, columns=[c for c in group.columns if c in columns])
              for group in table.meta.header_groups]
    meta = replace(table.meta, header_groups=[g for g in groups if g.columns])
    return replace(table, numeric_columns=list(columns), meta=meta)


def _figure_texts(table: Table, report: Report) -> list[list[str]]:
    """Each row's numeric cells as printed, computed once: the column widths need them too."""
    return [[cell_text(row.cells[column], table, column, report) if column in row.cells else ""
             for column in table.numeric_columns] for row in table.rows]


def add_caption(container: BlockItemContainer, table: Table, report: Report,
                target: CaptionTarget) -> Paragraph:
    """'Tabel 3 – …' with the number as ``SEQ Tabel`` (cached) and 'Tabel 3' bookmarked."""
    label = caption_label(table, report)
    word = label.rsplit(" ", 1)[0]
    rest = caption_text(table, report)[len(label):]
    paragraph = _styled(add_paragraph(container), StyleIds.CAPTION)
    p = paragraph_element(paragraph)
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


def _text_twips(text: str, bold: bool = False, font_pt: float = TABLE_FONT_PT) -> int:
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
    return int(em * (1.15 if bold else 1.0) * font_pt * 20)


def _column_widths(table: Table, width: int, figures: list[list[str]],
                   font_pt: float = TABLE_FONT_PT) -> list[int]:
    """Figures get what their widest number needs; label columns split no word if they can.

    Labels first get their longest word, then share what is left in proportion to how much
    more their longest label would need on one line. Figures never wrap: when even the
    longest words do not fit, the labels share what the figures leave.
    """
    numeric = []
    for index, column in enumerate(table.numeric_columns):
        texts = [row[index] for row in figures if row[index]]
        words = column_heading(table, column).split() or [""]
        need = max([_text_twips(text, True, font_pt) for text in texts] +
                   [_text_twips(word, True, font_pt) for word in words] +
                   [_text_twips("0000", False, font_pt)])
        numeric.append(need + _CELL_PADDING)
    minimum, desired = [], []
    for index, column in enumerate(table.label_columns):
        texts = [row.labels[index] for row in table.rows if index < len(row.labels)]
        texts.append(column_heading(table, column))
        words = [word for text in texts for word in text.split()] or ["xxxxxx"]
        minimum.append(max(_text_twips(word, True, font_pt) for word in words) + _CELL_PADDING)
        desired.append(max(_text_twips(text, False, font_pt) for text in texts) + _CELL_PADDING)
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
    tbl = table_element(docx_table)
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


def _header_anchor(anchors: AnchorRecorder, table: Table) -> _HeaderMark:
    """Anchors a column's header cell to the CSV header line, for ``kamerbrief review``."""
    def mark(paragraph: BaseOxmlElement, column: str) -> None:
        anchors.mark(paragraph, "header", SourceLocation(table.path, table.header_line,
                                                         column=column),
                     table, table=table.id, column=column)
    return mark


def _anchor_row(anchors: AnchorRecorder, tr: BaseOxmlElement, table: Table, row: Row) -> None:
    """Anchors each cell of a body row to its CSV line and column, for ``kamerbrief review``."""
    for tc, column in zip(tr.iterchildren(qn("w:tc")), table.columns, strict=False):
        cell = row.cells.get(column)
        location = cell.location if cell is not None else \
            SourceLocation(table.path, row.line, row.display_label, column)
        anchors.mark(tc.find(qn("w:p")), "cell", location, table, table=table.id,
                     row=row.display_label, column=column)


_HeaderMark = Callable[[BaseOxmlElement, str], None]


def _header_rows(tbl: BaseOxmlElement, table: Table, grid: list[int],
                 mark: _HeaderMark | None = None) -> None:
    """One header row, or two when columns are grouped ("2023" over Plan/Realisatie/Verschil):
    a group title spans its columns, and the other headings span both rows (a vertical merge
    whose text sits in the top cell). Header rows repeat on every page and keep with the
    rows below them."""
    columns = table.columns
    numeric = set(table.numeric_columns)
    spans = _group_spans(table)
    def marked(paragraph: BaseOxmlElement, column: str) -> None:
        if mark is not None:
            mark(paragraph, column)

    if not spans:
        row = _header_row(tbl)
        for index, column in enumerate(columns):
            marked(_header_cell(row, grid[index], column_heading(table, column), bottom=6,
                                valign=True, align="right" if column in numeric else None), column)
        return
    grouped = {i for start, end, _ in spans for i in range(start, end + 1)}
    starts = {start: (end, title) for start, end, title in spans}
    top, below = _header_row(tbl), _header_row(tbl)
    for index, column in enumerate(columns):
        align = "right" if column in numeric else None
        if index in starts:
            end, title = starts[index]
            _header_cell(top, sum(grid[index:end + 1]), title, bottom=4, align="center",
                         span=end - index + 1)
        if index in grouped:
            marked(_header_cell(below, grid[index], column_heading(table, column), bottom=6,
                                valign=True, align=align), column)
        else:
            marked(_header_cell(top, grid[index], column_heading(table, column), valign=True,
                                align=align, merge="restart"), column)
            _header_cell(below, grid[index], "", bottom=6, merge="continue", style=False)


def _group_spans(table: Table) -> list[tuple[int, int, str]]:
    """(first, last column index, title) of each header group that names a column here; a
    group overlapping an earlier one is left out, as one cell cannot be in two spans."""
    columns = table.columns
    spans = []
    for group in table.meta.header_groups:
        indexes = [columns.index(c) for c in group.columns if c in columns]
        if indexes:
            spans.append((min(indexes), max(indexes), group.title))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans):
        if not kept or span[0] > kept[-1][1]:
            kept.append(span)
    return kept


def _header_row(tbl: BaseOxmlElement) -> BaseOxmlElement:
    tr = subelement(tbl, "w:tr")
    properties = subelement(tr, "w:trPr")
    subelement(properties, "w:cantSplit")
    subelement(properties, "w:tblHeader")
    return tr


def _header_cell(tr: BaseOxmlElement, twips: int, text: str, *, bottom: int = 0,
                 valign: bool = False, align: str | None = None, span: int = 1,
                 merge: str = "", style: bool = True) -> BaseOxmlElement:
    """A header cell, its properties in schema order (width, span, merge, borders, vAlign);
    returns its paragraph."""
    tc = subelement(tr, "w:tc")
    tc_pr = subelement(tc, "w:tcPr")
    subelement(tc_pr, "w:tcW", type="dxa", w=str(twips))
    if span > 1:
        subelement(tc_pr, "w:gridSpan", val=str(span))
    if merge == "restart":
        subelement(tc_pr, "w:vMerge", val="restart")
    elif merge:
        subelement(tc_pr, "w:vMerge")
    if bottom:
        subelement(tc_pr, "w:tcBorders").append(border("bottom", "single", bottom, "auto"))
    if valign:
        subelement(tc_pr, "w:vAlign", val="bottom")
    p = subelement(tc, "w:p")
    p_pr = subelement(p, "w:pPr")
    if style:
        subelement(p_pr, "w:pStyle", val=StyleIds.TABLE_HEAD)
    subelement(p_pr, "w:keepNext")
    if align:
        subelement(p_pr, "w:jc", val=align)
    if text:
        run = element("w:r")
        append_text(run, text)
        p.append(run)
    return p


_RULE_ABOVE = {RowKind.SUBTOTAL: "single", RowKind.TOTAL: "double"}


def _body_row(tbl: BaseOxmlElement, table: Table, row: Row, figures: list[str], grid: list[int],
              keep: bool) -> None:
    """One body row, written as WordprocessingML directly: python-docx's row and cell objects
    re-validate the schema order on every property and made rows the bulk of a DOCX build."""
    tr = subelement(tbl, "w:tr")
    subelement(subelement(tr, "w:trPr"), "w:cantSplit")
    bold = row.kind is not RowKind.ITEM
    rule = _RULE_ABOVE.get(row.kind)
    labels = [printed(table, row.labels[i]) if i < len(row.labels) else ""
              for i in range(len(table.label_columns))]
    cells = [(text, StyleIds.TABLE_TEXT) for text in labels] + \
        [(text, StyleIds.TABLE_NUMBER) for text in figures]
    for (text, style_id), twips in zip(cells, grid, strict=True):
        tc = subelement(tr, "w:tc")
        tc_pr = subelement(tc, "w:tcPr")
        subelement(tc_pr, "w:tcW", type="dxa", w=str(twips))
        if rule:
            subelement(tc_pr, "w:tcBorders").append(border("top", rule, 4, "auto"))
        p = subelement(tc, "w:p")
        p_pr = subelement(p, "w:pPr")
        subelement(p_pr, "w:pStyle", val=style_id)
        if keep:
            subelement(p_pr, "w:keepNext")
        if text:
            run = run_element(bold=bold)
            append_text(run, text)
            p.append(run)


def _notes(container: BlockItemContainer, table: Table, report: Report) -> None:
    """Notes for the marks, then "Bron: …"; the last line carries the space after the table."""
    lines = [f"{mark} {text}" for mark, text in table.meta.notes.items()]
    source = source_line(table, report)
    if source:
        lines.append(source)
    paragraphs = [_styled(add_paragraph(container), StyleIds.TABLE_NOTE) for _ in lines] or \
        [add_paragraph(container)]
    for paragraph, line in zip(paragraphs, lines, strict=False):
        paragraph.add_run(line)
    last = paragraphs[-1]
    spacing = get_or_add(ppr(paragraph_element(last)), "w:spacing", PPR_ORDER)
    spacing.set(qn("w:after"), "200")
    if not lines:
        spacing.set(qn("w:line"), "120")
        spacing.set(qn("w:lineRule"), "exact")


def _styled(paragraph: Paragraph, style_id: str) -> Paragraph:
    insert_ordered(ppr(paragraph_element(paragraph)), element("w:pStyle", val=style_id), PPR_ORDER)
    return paragraph
