"""CSV or Excel workbook + TOML sidecar → Table, with row kinds (item, SUBTOTAAL, TOTAAL) and cell locations.

Reading never raises on bad data: structural problems become findings on the table, so a
writer sees all of them at once. Only an unreadable file is fatal (ProjectError).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic, ProjectError, clip, error
from kamerbrief.lookup import label_matches
from kamerbrief.model import Cell, Row, RowKind, SourceLocation, Table, TableMeta
from kamerbrief.numbers import NumberError, parse_number, split_marks, split_percent
from kamerbrief.readers.records import RawCell, Record, WorkbookOptions
from kamerbrief.readers.sidecar import read_sidecar
from kamerbrief.readers.textfile import TextFileError, outside_project, read_text
from kamerbrief.readers.xlsx import read_workbook_records


def sniff_delimiter(first_line: str) -> str:
    """Dutch Excel writes ';', English ',' and some exports a tab: guess from the header line."""
    return ";" if first_line.count(";") >= max(1, first_line.count(",") // 2) else \
        ("\t" if "\t" in first_line else ",")


def refuse_outside(path: Path, root: Path, rel: str) -> None:
    """A table file must be inside the project: a symlink out of it is refused, not read."""
    if outside_project(path, root):
        raise ProjectError([error(
            "KB405", f"'{rel}' is a link to a file that lies outside the project folder",
            SourceLocation(rel), "copy the file into the project instead of linking to it")])


def row_kind(labels: list[str], vocabulary: Vocabulary, meta: TableMeta | None = None) -> RowKind:
    """TOTAAL/SUBTOTAAL by the project's words, or by the table's own ``totals``/``subtotals``."""
    cleaned = [split_marks(text)[0].strip() for text in labels]
    totals, subtotals = (meta.totals, meta.subtotals) if meta is not None else ([], [])
    if any(text in vocabulary.total or any(label_matches(text, p) for p in totals)
           for text in cleaned if text):
        return RowKind.TOTAL
    if any(text in vocabulary.subtotal or any(label_matches(text, p) for p in subtotals)
           for text in cleaned if text):
        return RowKind.SUBTOTAL
    return RowKind.ITEM


def read_table(path: Path, root: Path, vocabulary: Vocabulary,
               findings: list[Diagnostic], typography: bool = True) -> Table:
    """Read one table (.csv or .xlsx); structural problems are appended to ``findings``."""
    rel = path.relative_to(root).as_posix()
    sidecar = path.with_suffix(".toml")
    refuse_outside(path, root, rel)
    workbook = WorkbookOptions() if path.suffix.lower() == ".xlsx" else None
    if sidecar.is_file() or sidecar.is_symlink():
        sidecar_rel = sidecar.relative_to(root).as_posix()
        refuse_outside(sidecar, root, sidecar_rel)
        meta, label_count = read_sidecar(sidecar, sidecar_rel, findings, workbook, typography)
    else:
        meta, label_count = TableMeta(), 1
    meta.typography = typography
    table = Table(id=path.stem, path=rel, label_columns=[], numeric_columns=[], rows=[],
                  meta=meta)
    if workbook is not None:
        sheet_records = read_workbook_records(path, rel, workbook, findings)
        if sheet_records is None:  # the reader has said why (e.g. no such sheet)
            return table
        return build_table(table, sheet_records, label_count, vocabulary, findings,
                           "check the sheet, or set sheet = and range = in the sidecar")
    records = _read_csv_records(path, rel, findings)
    if records is None:  # an empty file, reported
        return table
    return build_table(table, records, label_count, vocabulary, findings,
                       "export the sheet again as CSV")


def _read_csv_records(path: Path, rel: str, findings: list[Diagnostic]) -> list[Record] | None:
    """The CSV's non-blank records with their lines, the counterpart of read_workbook_records."""
    try:
        text, _ = read_text(path)
    except TextFileError as exc:
        raise ProjectError([error("KB110", f"cannot read table: {exc}",
                                     SourceLocation(rel, exc.line),
                                     exc.hint or "export the sheet again as CSV")]) from None
    if not text.strip():
        findings.append(error("KB110", "the table file is empty", SourceLocation(rel, 1),
                                 "export the sheet again as CSV"))
        return None
    first_line = text.split("\n", 1)[0]
    # A StringIO keeps line breaks inside quoted cells (Excel's Alt+Enter); a record's line
    # is the line it starts on, one past where the previous record ended.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    records: list[Record] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, [RawCell(cell.strip()) for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(error("KB110", f"CSV error: {exc}", SourceLocation(rel, reader.line_num),
                                 "look for a quote (\") that is never closed, or export the sheet "
                                 "again as CSV"))
    return records


def _named(message: str, cell: RawCell) -> str:
    """A message with the workbook cell it is about: "… (Blad1!C7)"; unchanged for a CSV."""
    return f"{message} ({cell.name})" if cell.name else message


# Column headers that name footnote or article numbers, not figures: such a column is text
# even when the sidecar does not say so, so its numbers are never added up.
TEXT_HEADERS = frozenset({"nr", "nr.", "noot", "noten", "voetnoot", "voetnoten", "art", "art.",
                          "artikel", "artikelnummer"})


def _text_columns(table: Table, findings: list[Diagnostic]) -> set[str]:
    """The declared ``text_columns`` by their real names, and footnote-number columns."""
    chosen = {c for c in table.numeric_columns if c.strip().casefold() in TEXT_HEADERS}
    for wanted in table.meta.text_columns:
        match = next((c for c in table.columns if c.strip().casefold() == wanted.casefold()), None)
        if match is None:
            findings.append(error(
                "KB114", f"text_columns names '{wanted}', which is not a column of the table",
                SourceLocation(table.meta.sidecar, table.meta.lines.get("text_columns", 0)),
                f"columns: {', '.join(table.columns)}"))
        elif match in table.numeric_columns:
            chosen.add(match)
    table.meta.text_columns = [c for c in table.numeric_columns if c in chosen]
    return chosen


def build_table(table: Table, records: list[Record], label_count: int, vocabulary: Vocabulary,
                findings: list[Diagnostic], empty_hint: str) -> Table:
    """Header + records → the table's columns and rows: row kinds, groups, parsed cells.

    Shared by the CSV and the workbook reader, so both give the same rows and findings.
    """
    if not records:
        findings.append(error("KB110", "the table has no rows", SourceLocation(table.path, 1),
                                 empty_hint))
        return table
    table.header_line, header = records[0]
    if len(records) == 1:
        findings.append(error("KB110", "the table has no rows below the header",
                                 SourceLocation(table.path, table.header_line),
                                 "add the table's rows, or remove the file"))
    names = _column_names(table, header, label_count, findings)
    label_count = _fitted_label_count(table, label_count, len(names), findings)
    table.label_columns, table.numeric_columns = names[:label_count], names[label_count:]
    text_columns = _text_columns(table, findings)
    _add_rows(table, records[1:], vocabulary, text_columns, findings)
    return table


def _report_cell_problem(cell: RawCell, loc: SourceLocation, findings: list[Diagnostic]) -> None:
    """Pass on what the reader saw in a cell (a formula without a value, say) as a finding."""
    if cell.problem:
        code, message, hint = cell.problem
        findings.append(error(code, message, loc, hint))


def _column_names(table: Table, header: list[RawCell], label_count: int,
                  findings: list[Diagnostic]) -> list[str]:
    """A unique name for every column, reporting empty and duplicate headers (KB113)."""
    rel, line = table.path, table.header_line
    names: list[str] = []
    for index, cell in enumerate(header):
        name = cell.text
        if not name:
            name = f"label{index + 1}" if index < label_count else f"kolom{index + 1}"
            if index >= label_count and cell.problem is None:
                findings.append(error("KB113", _named(f"column {index + 1} has no header", cell),
                                         SourceLocation(rel, line, column=name, cell=cell.name),
                                         "give every numeric column a name in the first row"))
        if name in names:
            findings.append(error("KB113", _named(f"duplicate column header '{name}'", cell),
                                     SourceLocation(rel, line, column=name, cell=cell.name),
                                     "give each column a unique name"))
            name = f"{name} ({index + 1})"
        names.append(name)
        _report_cell_problem(cell, SourceLocation(rel, line, column=name, cell=cell.name), findings)
    return names


def _fitted_label_count(table: Table, label_count: int, width: int,
                        findings: list[Diagnostic]) -> int:
    """The sidecar's ``labels``, cut to the table's width when it claims more columns."""
    if label_count <= width:
        return label_count
    findings.append(error("KB114", f"sidecar says labels = {label_count} but the table "
                             f"has {width} columns",
                             SourceLocation(table.meta.sidecar or table.path)))
    return width


def _add_rows(table: Table, records: list[Record], vocabulary: Vocabulary,
              text_columns: set[str], findings: list[Diagnostic]) -> None:
    """Each record → a Row with its kind and group; a SUBTOTAAL row closes the open group."""
    label_count, width = len(table.label_columns), len(table.columns)
    group = ""
    for index, (line, record) in enumerate(records):
        record = _fitted_record(record, line, width, table.path, findings)
        labels = [cell.text for cell in record[:label_count]]
        kind = row_kind(labels, vocabulary, table.meta)
        if labels and labels[0] and kind is RowKind.ITEM:
            group = labels[0]
        # A row belongs to a group only when its first label cell is empty; a row whose first
        # cell reads SUBTOTAAL (Tabel 4) closes everything above it, not the last group.
        own_word = bool(labels) and row_kind(labels[:1], vocabulary, table.meta) is not RowKind.ITEM
        row = Row(index=index, kind=kind, labels=labels,
                  group="" if kind is RowKind.TOTAL or own_word else group, cells={}, line=line)
        for name, raw in zip(table.label_columns, record, strict=False):
            _report_cell_problem(raw, SourceLocation(table.path, line, row.display_label, name,
                                                     raw.name), findings)
        for name, raw in zip(table.numeric_columns, record[label_count:], strict=False):
            loc = SourceLocation(table.path, line, row.display_label, name, raw.name)
            if name in text_columns:  # footnote or article numbers: kept as printed
                row.cells[name] = Cell(raw.text, None, "", loc)
            else:
                row.cells[name] = _number_cell(raw, loc, findings)
        table.rows.append(row)
        if kind is RowKind.SUBTOTAL:
            group = ""


def _fitted_record(record: list[RawCell], line: int, width: int, rel: str,
                   findings: list[Diagnostic]) -> list[RawCell]:
    """A record as wide as the header: a short or long row is reported (KB112), then padded or cut."""
    if len(record) == width:
        return record
    spread = next((cell.text.count("\n") for cell in record if "\n" in cell.text), 0)
    findings.append(error(
        "KB112", f"row has {len(record)} cells, the header has {width}"
        + (f"; a quoted cell runs over {spread + 1} lines" if spread else ""),
        SourceLocation(rel, line), "add or remove cells so every row matches the header"
        + ("; is a closing quote (\") missing?" if spread else "")))
    return (record + [RawCell("")] * width)[:width]


def _number_cell(raw: RawCell, loc: SourceLocation, findings: list[Diagnostic]) -> Cell:
    """A figure cell: the workbook's stored number, or the text parsed as a Dutch number."""
    if raw.problem:
        _report_cell_problem(raw, loc, findings)
        return Cell(raw.text, None, "", loc, "")
    if raw.number is not None:
        return Cell(raw.text, raw.number, "", loc, "")
    number_text, marks = split_marks(raw.text)
    number_text, suffix = split_percent(number_text)
    try:
        value = parse_number(number_text)
    except NumberError as exc:
        findings.append(error(
            "KB111", _named(f"'{clip(raw.text)}' in a number column {exc.detail}", raw),
            loc, "write Dutch numbers (1.234 or 12,5) and '-' for nil"))
        value = None
    return Cell(raw.text, value, marks, loc, suffix)
