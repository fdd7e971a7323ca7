"""CSV + TOML sidecar → Table, with row kinds (item, SUBTOTAAL, TOTAAL) and cell locations.

Reading never raises on bad data: structural problems become findings on the table, so a
writer sees all of them at once. Only an unreadable file is fatal (ProjectError).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import (
    Cell,
    Equality,
    Formula,
    HeaderGroup,
    Row,
    RowKind,
    SourceLocation,
    Table,
    TableMeta,
)
from kamerbrief.numbers import NumberError, parse_number, split_marks
from kamerbrief.readers.textfile import TextFileError, read_text

SIDECAR_KEYS = ("caption", "unit", "unit_scale", "source", "labels", "tolerance", "notes",
                "formulas", "equals", "header_groups")


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= max(1, first_line.count(",") // 2) else \
        ("\t" if "\t" in first_line else ",")


def _finding(code: str, message: str, loc: SourceLocation, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, loc, hint=hint)


def _line_of(source: str, needle: str) -> int:
    """Line of a key (``key =``, ``[key]``, ``[[key]]``); else of the text's first occurrence."""
    match = re.search(rf"^[ \t]*(\[+[ \t]*)?[\"']?{re.escape(needle)}[\"']?[ \t]*(=|\]|\.)", source,
                      re.MULTILINE)
    index = match.start() if match else source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else 0


def _entry_line(source: str, section: str, index: int, key: str) -> int:
    """Line of ``key`` inside the index-th ``[[section]]`` (its header line if ``key`` is absent)."""
    lines = source.split("\n")
    headers = [n for n, text in enumerate(lines)
               if re.match(rf"^\s*\[\[\s*{re.escape(section)}\s*\]\]", text)]
    if index >= len(headers):  # written inline: formulas = [{ … }]
        return _line_of(source, section)
    for n in range(headers[index] + 1, len(lines)):
        if re.match(r"^\s*\[", lines[n]):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[n]):
            return n + 1
    return headers[index] + 1


def read_sidecar(path: Path, rel: str, findings: list[Diagnostic]) -> tuple[TableMeta, int]:
    """Parse the sidecar into TableMeta and the number of label columns."""
    meta = TableMeta(sidecar=rel)
    try:
        source, _ = read_text(path)
        data: dict[str, Any] = tomllib.loads(source)
    except TextFileError as exc:
        raise ProjectError([_finding("KB114", f"cannot read sidecar: {exc}",
                                     SourceLocation(rel))]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ProjectError([_finding(
            "KB114", f"TOML syntax error in table sidecar: {exc}",
            SourceLocation(rel, int(match.group(1)) if match else 0),
            "check quotes, '=' and brackets on that line")]) from None

    def bad(message: str, key: str, hint: str = "") -> None:
        findings.append(_finding("KB114", message, SourceLocation(rel, _line_of(source, key)), hint))

    for key in data:
        if key not in SIDECAR_KEYS:
            close = difflib.get_close_matches(key, SIDECAR_KEYS, n=1)
            bad(f"unknown sidecar key '{key}'", key,
                f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(SIDECAR_KEYS)}")
    for key in ("caption", "unit", "source"):
        if key in data and not isinstance(data[key], str):
            bad(f"'{key}' must be text in quotes", key)
        else:
            setattr(meta, key, str(data.get(key, "")).strip())
    labels = data.get("labels", 1)
    if not isinstance(labels, int) or labels < 0:
        bad("'labels' must be a whole number (how many label columns come first)", "labels")
        labels = 1
    try:
        meta.unit_scale = Decimal(str(data.get("unit_scale", 1)))
    except InvalidOperation:
        bad("'unit_scale' must be a number such as 1000", "unit_scale")
    tolerance = data.get("tolerance", "exact")
    if tolerance not in ("exact", "rounding"):
        bad(f"'tolerance' must be \"exact\" or \"rounding\", not {tolerance!r}", "tolerance")
    else:
        meta.tolerance = tolerance
    notes = data.get("notes", {})
    if isinstance(notes, dict):
        meta.notes = {str(k): str(v) for k, v in notes.items()}
    else:
        bad("'notes' must be a table: [notes] \"*\" = \"text\"", "notes")
    for index, item in enumerate(_list_of_tables(data, "formulas", bad)):
        if not isinstance(item.get("column"), str) or not isinstance(item.get("expr"), str):
            bad("each [[formulas]] needs column = \"…\" and expr = \"…\"", "formulas")
            continue
        meta.formulas.append(Formula(item["column"], item["expr"],
                                     _entry_line(source, "formulas", index, "expr")))
    for index, item in enumerate(_list_of_tables(data, "equals", bad)):
        columns = item.get("columns")
        if isinstance(columns, list):
            columns = {str(c): str(c) for c in columns}
        elif isinstance(columns, dict):
            columns = {str(k): str(v) for k, v in columns.items()}
        elif columns is not None:
            bad("'columns' in [[equals]] must be a list or a table", "equals")
            continue
        if not isinstance(item.get("row"), str) or not isinstance(item.get("table"), str):
            bad("each [[equals]] needs row = \"…\" and table = \"…\"", "equals")
            continue
        meta.equals.append(Equality(item["row"], item["table"], str(item.get("other_row",
                                    item["row"])), columns,
                                    _entry_line(source, "equals", index, "table")))
    for item in data.get("header_groups", []) if isinstance(data.get("header_groups"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("columns"), list):
            meta.header_groups.append(HeaderGroup(str(item.get("title", "")),
                                                  [str(c) for c in item["columns"]]))
    return meta, labels


def _list_of_tables(data: dict[str, Any], key: str, bad: Any) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        bad(f"'{key}' must be written as [[{key}]] tables", key)
        return []
    return value


def row_kind(labels: list[str], vocabulary: Vocabulary) -> RowKind:
    cleaned = [split_marks(text)[0].strip() for text in labels]
    if any(text in vocabulary.total for text in cleaned):
        return RowKind.TOTAL
    if any(text in vocabulary.subtotal for text in cleaned):
        return RowKind.SUBTOTAL
    return RowKind.ITEM


def read_table(csv_path: Path, root: Path, vocabulary: Vocabulary,
               findings: list[Diagnostic]) -> Table:
    """Read one table; structural problems are appended to ``findings``."""
    rel = csv_path.relative_to(root).as_posix()
    sidecar = csv_path.with_suffix(".toml")
    if sidecar.is_file():
        meta, label_count = read_sidecar(sidecar, sidecar.relative_to(root).as_posix(), findings)
    else:
        meta, label_count = TableMeta(), 1
    try:
        text, _ = read_text(csv_path)
    except TextFileError as exc:
        raise ProjectError([_finding("KB110", f"cannot read table: {exc}",
                                     SourceLocation(rel))]) from None
    table = Table(id=csv_path.stem, path=rel, label_columns=[], numeric_columns=[], rows=[],
                  meta=meta)
    if not text.strip():
        findings.append(_finding("KB110", "the table file is empty", SourceLocation(rel, 1),
                                 "export the sheet again as CSV"))
        return table
    first_line = text.split("\n", 1)[0]
    # A StringIO keeps line breaks inside quoted cells (Excel's Alt+Enter); a record's line
    # is the line it starts on, one past where the previous record ended.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, [cell.strip() for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(_finding("KB110", f"CSV error: {exc}", SourceLocation(rel, reader.line_num)))
    if not records:
        findings.append(_finding("KB110", "the table has no rows", SourceLocation(rel, 1)))
        return table
    header_line, header = records[0]
    table.header_line = header_line
    names: list[str] = []
    for index, name in enumerate(header):
        if not name:
            name = f"label{index + 1}" if index < label_count else f"kolom{index + 1}"
            if index >= label_count:
                findings.append(_finding("KB113", f"column {index + 1} has no header",
                                         SourceLocation(rel, header_line, column=name),
                                         "give every numeric column a name in the first row"))
        if name in names:
            findings.append(_finding("KB113", f"duplicate column header '{name}'",
                                     SourceLocation(rel, header_line, column=name),
                                     "give each column a unique name"))
            name = f"{name} ({index + 1})"
        names.append(name)
    if label_count > len(names):
        findings.append(_finding("KB114", f"sidecar says labels = {label_count} but the table "
                                 f"has {len(names)} columns", SourceLocation(meta.sidecar or rel)))
        label_count = min(label_count, len(names))
    table.label_columns, table.numeric_columns = names[:label_count], names[label_count:]

    group = ""
    for index, (line, record) in enumerate(records[1:]):
        if len(record) != len(names):
            findings.append(_finding(
                "KB112", f"row has {len(record)} cells, the header has {len(names)}",
                SourceLocation(rel, line), "add or remove cells so every row matches the header"))
            record = (record + [""] * len(names))[: len(names)]
        labels = record[:label_count]
        kind = row_kind(labels, vocabulary)
        if labels and labels[0] and kind is RowKind.ITEM:
            group = labels[0]
        # A row belongs to a group only when its first label cell is empty; a row whose first
        # cell reads SUBTOTAAL (Tabel 4) closes everything above it, not the last group.
        own_word = bool(labels) and row_kind(labels[:1], vocabulary) is not RowKind.ITEM
        row = Row(index=index, kind=kind, labels=labels,
                  group="" if kind is RowKind.TOTAL or own_word else group, cells={}, line=line)
        for name, raw in zip(table.numeric_columns, record[label_count:], strict=False):
            number_text, marks = split_marks(raw)
            loc = SourceLocation(rel, line, row.display_label, name)
            try:
                value = parse_number(number_text)
            except NumberError:
                findings.append(_finding(
                    "KB111", f"'{raw}' in a number column is not a number", loc,
                    "write Dutch numbers (1.234 or 12,5) and '-' for nil"))
                value = None
            row.cells[name] = Cell(raw, value, marks, loc)
        table.rows.append(row)
        if kind is RowKind.SUBTOTAL:
            group = ""
    return table
