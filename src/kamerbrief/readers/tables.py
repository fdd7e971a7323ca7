"""CSV or Excel workbook + TOML sidecar → Table, with row kinds (item, SUBTOTAAL, TOTAAL) and cell locations.

Reading never raises on bad data: structural problems become findings on the table, so a
writer sees all of them at once. Only an unreadable file is fatal (ProjectError).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity, clip
from kamerbrief.lookup import label_matches
from kamerbrief.model import (
    Cell,
    Equality,
    Formula,
    HeaderGroup,
    Row,
    RowKind,
    RuleDeclaration,
    SourceLocation,
    SumDeclaration,
    Table,
    TableMeta,
)
from kamerbrief.numbers import (
    NEGATIVE_STYLES,
    NumberError,
    parse_number,
    split_marks,
    split_percent,
)
from kamerbrief.readers.textfile import TextFileError, outside_project, read_text

SIDECAR_KEYS = ("caption", "unit", "unit_scale", "source", "labels", "tolerance", "notes",
                "formulas", "equals", "header_groups", "sheet", "range", "decimals", "numbered",
                "shape", "totals", "subtotals", "text_columns", "unchecked", "negatives", "sums",
                "row_rules", "column_rules")
# The keys each entry of a list of tables may have; any other is a typo that would silently
# widen a check (``colums = [...]`` once compared every column), so it is reported.
ENTRY_KEYS = {"formulas": ("column", "expr"),
              "equals": ("row", "table", "other_row", "columns", "factor"),
              "sums": ("total", "parts", "columns"),
              "header_groups": ("title", "columns")}
SHAPES = ("budgettaire-gevolgen",)


def _sniff_delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= max(1, first_line.count(",") // 2) else \
        ("\t" if "\t" in first_line else ",")


def _finding(code: str, message: str, loc: SourceLocation, hint: str = "") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, loc, hint=hint)


def refuse_outside(path: Path, root: Path, rel: str) -> None:
    """A table file must be inside the project: a symlink out of it is refused, not read."""
    if outside_project(path, root):
        raise ProjectError([_finding(
            "KB405", f"'{rel}' is a link to a file that lies outside the project folder",
            SourceLocation(rel), "copy the file into the project instead of linking to it")])


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


def read_sidecar(path: Path, rel: str, findings: list[Diagnostic],
                 workbook: WorkbookOptions | None = None) -> tuple[TableMeta, int]:
    """Parse the sidecar into TableMeta and the number of label columns.

    For an Excel table pass ``workbook``: its sheet, range and decimals are filled in.
    """
    meta = TableMeta(sidecar=rel)
    try:
        source, _ = read_text(path)
        data: dict[str, Any] = tomllib.loads(source)
    except TextFileError as exc:
        raise ProjectError([_finding("KB114", f"cannot read sidecar: {exc}",
                                     SourceLocation(rel, exc.line), exc.hint)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ProjectError([_finding(
            "KB114", f"TOML syntax error in table sidecar: {exc}",
            SourceLocation(rel, int(match.group(1)) if match else 0),
            "check quotes, '=' and brackets on that line")]) from None
    except RecursionError:  # "a = [[[[…" thousands deep
        raise ProjectError([_finding("KB114", "TOML nested too deeply in table sidecar",
                                     SourceLocation(rel),
                                     "look for a run of '[' or '{' that never ends")]) from None

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
        scale = Decimal(str(data.get("unit_scale", 1)))
        if not scale.is_finite() or scale <= 0:  # nan, inf, 0 would print nonsense in prose
            raise InvalidOperation
        meta.unit_scale = scale
    except InvalidOperation:
        bad("'unit_scale' must be a positive number such as 1000", "unit_scale",
            "write unit_scale = 1000 for a table 'in 1.000 euro'")
    numbered = data.get("numbered", True)
    if isinstance(numbered, bool):
        meta.numbered = numbered
    else:
        bad(f"'numbered' must be true or false, not {numbered!r}", "numbered",
            "write numbered = false for a table without a number (a key-figures box, say)")
    tolerance = data.get("tolerance", "exact")
    if tolerance not in ("exact", "rounding"):
        bad(f"'tolerance' must be \"exact\" or \"rounding\", not {tolerance!r}", "tolerance",
            'write tolerance = "exact" (sums add up exactly) or "rounding" (rounded figures)')
    else:
        meta.tolerance = tolerance
    notes = data.get("notes", {})
    if isinstance(notes, dict):
        meta.notes = {str(k): str(v) for k, v in notes.items()}
    else:
        bad("'notes' must be a table: [notes] \"*\" = \"text\"", "notes")
    for section, allowed in ENTRY_KEYS.items():
        entries = data.get(section)
        for index, item in enumerate(entries if isinstance(entries, list) else []):
            for key in item if isinstance(item, dict) else ():
                if key not in allowed:
                    close = difflib.get_close_matches(key, allowed, n=1)
                    findings.append(_finding(
                        "KB114", f"unknown key '{key}' in [[{section}]]",
                        SourceLocation(rel, _entry_line(source, section, index, key)),
                        f"did you mean '{close[0]}'?" if close else
                        f"[[{section}]] takes: {', '.join(allowed)}"))
    _structure_keys(data, meta, bad, source)
    for index, item in enumerate(_list_of_tables(data, "formulas", bad)):
        if not isinstance(item.get("column"), str) or not isinstance(item.get("expr"), str):
            bad("each [[formulas]] needs column = \"…\" and expr = \"…\"", "formulas")
            continue
        meta.formulas.append(Formula(item["column"], item["expr"],
                                     _entry_line(source, "formulas", index, "expr"),
                                     _entry_line(source, "formulas", index, "column")))
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
        factor = _factor(item.get("factor", 1))
        if factor is None:
            bad("'factor' in [[equals]] must be a number such as -1 or 1000", "factor",
                "this row = factor × the other row; 1000 when this table is in euro and the "
                "other in 1.000 euro")
            continue
        meta.equals.append(Equality(item["row"], item["table"], str(item.get("other_row",
                                    item["row"])), columns,
                                    _entry_line(source, "equals", index, "table"), factor))
    for item in data.get("header_groups", []) if isinstance(data.get("header_groups"), list) else []:
        if isinstance(item, dict) and isinstance(item.get("columns"), list):
            meta.header_groups.append(HeaderGroup(str(item.get("title", "")),
                                                  [str(c) for c in item["columns"]]))
    _workbook_keys(data, workbook, bad, lambda key: _line_of(source, key), rel)
    return meta, labels


def _factor(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        factor = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return factor if factor.is_finite() and factor != 0 else None


def _texts(data: dict[str, Any], key: str, bad: Any) -> list[str]:
    """A key that takes one text or a list of texts (``totals = ["Saldo"]``)."""
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(f"'{key}' must be a list of texts in quotes, such as {key} = [\"Saldo\"]", key)
        return []
    return [v.strip() for v in value if v.strip()]


def _value_line(source: str, text: str, key: str) -> int:
    """The line a list item stands on: the first line after ``key`` that quotes it."""
    start = _line_of(source, key)
    lines = source.split("\n")
    for number in range(max(start, 1), len(lines) + 1):
        if text in lines[number - 1]:
            return number
    return start


def _structure_keys(data: dict[str, Any], meta: TableMeta, bad: Any, source: str) -> None:
    """The keys that declare a table's arithmetic: shape, extra total labels, sums and rules."""
    shape = data.get("shape", "")
    if shape and shape not in SHAPES:
        close = difflib.get_close_matches(str(shape), SHAPES, n=1)
        bad(f"unknown shape {shape!r}", "shape",
            f"did you mean '{close[0]}'?" if close else f"known shapes: {', '.join(SHAPES)}")
    else:
        meta.shape = shape
    negatives = data.get("negatives", "minus")
    if negatives not in NEGATIVE_STYLES:
        bad(f"'negatives' must be one of {', '.join(NEGATIVE_STYLES)}, not {negatives!r}",
            "negatives", 'minus prints −3.343, dash – 3.343 (the Rijksbegroting), '
            'parentheses (3.343)')
    else:
        meta.negatives = negatives
    for key in ("totals", "subtotals", "text_columns", "unchecked"):
        setattr(meta, key, _texts(data, key, bad))
    for key, target in (("row_rules", meta.row_rules), ("column_rules", meta.column_rules)):
        target.extend(RuleDeclaration(text, _value_line(source, text, key))
                      for text in _texts(data, key, bad))
    for index, item in enumerate(_list_of_tables(data, "sums", bad)):
        total, parts, columns = item.get("total"), item.get("parts", "below"), item.get("columns")
        line = _entry_line(source, "sums", index, "total")
        if not isinstance(total, str) or not total.strip():
            bad("each [[sums]] needs total = \"…\": the label of the row that holds the sum",
                "sums")
            continue
        if not (isinstance(parts, str) or isinstance(parts, list)
                and all(isinstance(p, str) for p in parts)):
            bad("'parts' in [[sums]] must be \"below\", \"above\", a range \"A .. B\" or a "
                "list of labels", "parts")
            continue
        if columns is not None and not (isinstance(columns, list)
                                        and all(isinstance(c, str) for c in columns)):
            bad("'columns' in [[sums]] must be a list of column names", "columns")
            continue
        meta.sums.append(SumDeclaration(total.strip(), parts, columns, line))
    meta.lines = {key: _line_of(source, key) for key in data}


def _list_of_tables(data: dict[str, Any], key: str, bad: Any) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        bad(f"'{key}' must be written as [[{key}]] tables", key)
        return []
    return value


WORKBOOK_KEYS = ("sheet", "range", "decimals")


def _workbook_keys(data: dict[str, Any], workbook: WorkbookOptions | None, bad: Any,
                   line_of: Any, rel: str) -> None:
    """Check ``sheet``, ``range`` and ``decimals``: the keys only an Excel table has."""
    if workbook is None:
        for key in WORKBOOK_KEYS:
            if key in data:
                bad(f"'{key}' is only for Excel tables (.xlsx); this table is a CSV", key,
                    f"remove the '{key}' line, or use the workbook itself as the table")
        return
    workbook.sidecar = rel
    sheet, cells, decimals = data.get("sheet", ""), data.get("range", ""), data.get("decimals")
    if not isinstance(sheet, str):
        bad("'sheet' must be the sheet's name in quotes, such as \"Blad1\"", "sheet")
    else:
        workbook.sheet, workbook.sheet_line = sheet.strip(), line_of("sheet")
    if not isinstance(cells, str):
        bad("'range' must be a cell range in quotes, such as \"A3:H20\"", "range")
    else:
        workbook.range, workbook.range_line = cells.strip(), line_of("range")
    if decimals is not None:
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
            bad("'decimals' must be a whole number from 0 to 10", "decimals",
                "the number of decimals the table shows, such as decimals = 1")
        else:
            workbook.decimals = decimals


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


@dataclass(frozen=True)
class RawCell:
    """One cell as a reader found it, before the table's columns are known.

    A CSV gives text only; a workbook also gives the number Excel stores (used as is, not
    parsed), the cell's name as Excel shows it, and a problem the reader saw in the cell
    (code, message, hint), such as a formula without a computed value.
    """

    text: str
    number: Decimal | None = None
    name: str = ""
    problem: tuple[str, str, str] | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text and self.number is None and self.problem is None


# A record is one non-blank row of the source: its 1-based line (CSV) or sheet row (Excel),
# and its cells from the first column on.
Record = tuple[int, list[RawCell]]


@dataclass
class WorkbookOptions:
    """The sidecar keys that only an Excel table has, with their sidecar lines for findings."""

    sheet: str = ""  # "" = the first sheet
    range: str = ""  # "" = the used range
    decimals: int | None = None  # None = the fewest decimals that show the stored number
    sidecar: str = ""
    sheet_line: int = 0
    range_line: int = 0


def read_table(path: Path, root: Path, vocabulary: Vocabulary,
               findings: list[Diagnostic]) -> Table:
    """Read one table (.csv or .xlsx); structural problems are appended to ``findings``."""
    rel = path.relative_to(root).as_posix()
    sidecar = path.with_suffix(".toml")
    refuse_outside(path, root, rel)
    workbook = WorkbookOptions() if path.suffix.lower() == ".xlsx" else None
    if sidecar.is_file() or sidecar.is_symlink():
        sidecar_rel = sidecar.relative_to(root).as_posix()
        refuse_outside(sidecar, root, sidecar_rel)
        meta, label_count = read_sidecar(sidecar, sidecar_rel, findings, workbook)
    else:
        meta, label_count = TableMeta(), 1
    table = Table(id=path.stem, path=rel, label_columns=[], numeric_columns=[], rows=[],
                  meta=meta)
    if workbook is not None:
        # openpyxl is imported only here, so checking a CSV-only project never loads it
        from kamerbrief.readers.xlsx import read_workbook_records

        records = read_workbook_records(path, rel, workbook, findings)
        if records is None:  # the reader has said why (e.g. no such sheet)
            return table
        return build_table(table, records, label_count, vocabulary, findings,
                           "check the sheet, or set sheet = and range = in the sidecar")
    try:
        text, _ = read_text(path)
    except TextFileError as exc:
        raise ProjectError([_finding("KB110", f"cannot read table: {exc}",
                                     SourceLocation(rel, exc.line),
                                     exc.hint or "export the sheet again as CSV")]) from None
    if not text.strip():
        findings.append(_finding("KB110", "the table file is empty", SourceLocation(rel, 1),
                                 "export the sheet again as CSV"))
        return table
    first_line = text.split("\n", 1)[0]
    # A StringIO keeps line breaks inside quoted cells (Excel's Alt+Enter); a record's line
    # is the line it starts on, one past where the previous record ended.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    records: list[Record] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append((start, [RawCell(cell.strip()) for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(_finding("KB110", f"CSV error: {exc}", SourceLocation(rel, reader.line_num),
                                 "look for a quote (\") that is never closed, or export the sheet "
                                 "again as CSV"))
    return build_table(table, records, label_count, vocabulary, findings,
                       "export the sheet again as CSV")


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
            findings.append(_finding(
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
    rel, meta = table.path, table.meta
    if not records:
        findings.append(_finding("KB110", "the table has no rows", SourceLocation(rel, 1),
                                 empty_hint))
        return table
    header_line, header = records[0]
    table.header_line = header_line
    if len(records) == 1:
        findings.append(_finding("KB110", "the table has no rows below the header",
                                 SourceLocation(rel, header_line),
                                 "add the table's rows, or remove the file"))
    names: list[str] = []
    for index, cell in enumerate(header):
        name = cell.text
        if not name:
            name = f"label{index + 1}" if index < label_count else f"kolom{index + 1}"
            if index >= label_count and cell.problem is None:
                findings.append(_finding("KB113", _named(f"column {index + 1} has no header", cell),
                                         SourceLocation(rel, header_line, column=name,
                                                        cell=cell.name),
                                         "give every numeric column a name in the first row"))
        if name in names:
            findings.append(_finding("KB113", _named(f"duplicate column header '{name}'", cell),
                                     SourceLocation(rel, header_line, column=name, cell=cell.name),
                                     "give each column a unique name"))
            name = f"{name} ({index + 1})"
        names.append(name)
        if cell.problem:
            code, message, hint = cell.problem
            findings.append(_finding(code, message, SourceLocation(rel, header_line, column=name,
                                                                   cell=cell.name), hint))
    if label_count > len(names):
        findings.append(_finding("KB114", f"sidecar says labels = {label_count} but the table "
                                 f"has {len(names)} columns", SourceLocation(meta.sidecar or rel)))
        label_count = min(label_count, len(names))
    table.label_columns, table.numeric_columns = names[:label_count], names[label_count:]
    text_columns = _text_columns(table, findings)

    group = ""
    for index, (line, record) in enumerate(records[1:]):
        if len(record) != len(names):
            spread = next((cell.text.count("\n") for cell in record if "\n" in cell.text), 0)
            findings.append(_finding(
                "KB112", f"row has {len(record)} cells, the header has {len(names)}"
                + (f"; a quoted cell runs over {spread + 1} lines" if spread else ""),
                SourceLocation(rel, line), "add or remove cells so every row matches the header"
                + ("; is a closing quote (\") missing?" if spread else "")))
            record = (record + [RawCell("")] * len(names))[: len(names)]
        labels = [cell.text for cell in record[:label_count]]
        kind = row_kind(labels, vocabulary, meta)
        if labels and labels[0] and kind is RowKind.ITEM:
            group = labels[0]
        # A row belongs to a group only when its first label cell is empty; a row whose first
        # cell reads SUBTOTAAL (Tabel 4) closes everything above it, not the last group.
        own_word = bool(labels) and row_kind(labels[:1], vocabulary, meta) is not RowKind.ITEM
        row = Row(index=index, kind=kind, labels=labels,
                  group="" if kind is RowKind.TOTAL or own_word else group, cells={}, line=line)
        for name, raw in zip(table.label_columns, record, strict=False):
            if raw.problem:
                code, message, hint = raw.problem
                findings.append(_finding(code, message, SourceLocation(
                    rel, line, row.display_label, name, raw.name), hint))
        for name, raw in zip(table.numeric_columns, record[label_count:], strict=False):
            loc = SourceLocation(rel, line, row.display_label, name, raw.name)
            marks = suffix = ""
            if name in text_columns:  # footnote or article numbers: kept as printed
                row.cells[name] = Cell(raw.text, None, "", loc)
                continue
            if raw.problem:
                code, message, hint = raw.problem
                findings.append(_finding(code, message, loc, hint))
                value = None
            elif raw.number is not None:
                value = raw.number
            else:
                number_text, marks = split_marks(raw.text)
                number_text, suffix = split_percent(number_text)
                try:
                    value = parse_number(number_text)
                except NumberError as exc:
                    findings.append(_finding(
                        "KB111", _named(f"'{clip(raw.text)}' in a number column {exc.detail}", raw),
                        loc, "write Dutch numbers (1.234 or 12,5) and '-' for nil"))
                    value = None
            row.cells[name] = Cell(raw.text, value, marks, loc, suffix)
        table.rows.append(row)
        if kind is RowKind.SUBTOTAL:
            group = ""
    return table
