"""A table's TOML sidecar → TableMeta: what Excel cannot say (caption, unit, notes, sums…).

Reading never raises on bad keys: each becomes a KB114 finding at its line, so a writer sees
all of them at once. Only an unreadable or unparsable sidecar is fatal (ProjectError).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kamerbrief.diagnostics import Diagnostic, ProjectError, error
from kamerbrief.model import (
    Equality,
    Formula,
    HeaderGroup,
    RuleDeclaration,
    SourceLocation,
    SumDeclaration,
    TableMeta,
)
from kamerbrief.numbers import NEGATIVE_STYLES
from kamerbrief.readers.records import WorkbookOptions
from kamerbrief.readers.textfile import TextFileError, read_text
from kamerbrief.typography import dutch

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
WORKBOOK_KEYS = ("sheet", "range", "decimals")


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


def _value_line(source: str, text: str, key: str) -> int:
    """The line a list item stands on: the first line after ``key`` that quotes it."""
    start = _line_of(source, key)
    lines = source.split("\n")
    for number in range(max(start, 1), len(lines) + 1):
        if text in lines[number - 1]:
            return number
    return start


@dataclass
class _Sidecar:
    """A parsed sidecar with its text and findings list, so each step can point at a line."""

    rel: str
    source: str
    data: dict[str, Any]
    findings: list[Diagnostic]

    def line_of(self, key: str) -> int:
        """The line of ``key`` in this sidecar."""
        return _line_of(self.source, key)

    def entry_line(self, section: str, index: int, key: str) -> int:
        """The line of ``key`` in this sidecar's index-th ``[[section]]``."""
        return _entry_line(self.source, section, index, key)

    def bad(self, message: str, key: str, hint: str = "") -> None:
        """Report a KB114 at the line of ``key``."""
        self.findings.append(error("KB114", message, SourceLocation(self.rel, self.line_of(key)),
                                      hint))


def read_sidecar(path: Path, rel: str, findings: list[Diagnostic],
                 workbook: WorkbookOptions | None = None,
                 typography: bool = True) -> tuple[TableMeta, int]:
    """Parse the sidecar into TableMeta and the number of label columns.

    For an Excel table pass ``workbook``: its sheet, range and decimals are filled in. The
    printed texts (caption, unit, source, notes) get Dutch typography, as the chapters do,
    unless the project turns it off.
    """
    source, data = _load_sidecar(path, rel)
    sidecar = _Sidecar(rel, source, data, findings)
    meta = TableMeta(sidecar=rel)
    _report_unknown_keys(sidecar)
    _read_captions(sidecar, meta)
    labels = _label_count(sidecar)
    _read_settings(sidecar, meta)
    _report_unknown_entry_keys(sidecar)
    _read_shape(sidecar, meta)
    _read_negatives(sidecar, meta)
    _read_label_lists(sidecar, meta)
    _read_sums(sidecar, meta)
    meta.lines = {key: sidecar.line_of(key) for key in data}
    _read_formulas(sidecar, meta)
    _read_equalities(sidecar, meta)
    _read_header_groups(sidecar, meta)
    _read_workbook_keys(sidecar, workbook)
    if typography:
        meta.caption, meta.unit, meta.source = dutch(meta.caption), dutch(meta.unit), \
            dutch(meta.source)
        meta.notes = {mark: dutch(note) for mark, note in meta.notes.items()}
        for group in meta.header_groups:
            group.title = dutch(group.title)
    return meta, labels


def _load_sidecar(path: Path, rel: str) -> tuple[str, dict[str, Any]]:
    """The sidecar's text and TOML; one that cannot be read or parsed stops the run (KB114)."""
    try:
        source, _ = read_text(path)
        data: dict[str, Any] = tomllib.loads(source)
    except TextFileError as exc:
        raise ProjectError([error("KB114", f"cannot read sidecar: {exc}",
                                     SourceLocation(rel, exc.line), exc.hint)]) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ProjectError([error(
            "KB114", f"TOML syntax error in table sidecar: {exc}",
            SourceLocation(rel, int(match.group(1)) if match else 0),
            "check quotes, '=' and brackets on that line")]) from None
    except RecursionError:  # "a = [[[[…" thousands deep
        raise ProjectError([error("KB114", "TOML nested too deeply in table sidecar",
                                     SourceLocation(rel),
                                     "look for a run of '[' or '{' that never ends")]) from None
    return source, data


def _report_unknown_keys(sidecar: _Sidecar) -> None:
    """A misspelt key would silently be ignored, so name it and suggest the likely one."""
    for key in sidecar.data:
        if key not in SIDECAR_KEYS:
            close = difflib.get_close_matches(key, SIDECAR_KEYS, n=1)
            sidecar.bad(f"unknown sidecar key '{key}'", key, f"did you mean '{close[0]}'?"
                        if close else f"known keys: {', '.join(SIDECAR_KEYS)}")


def _read_captions(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Caption, unit and source: the texts printed around the table."""
    for key in ("caption", "unit", "source"):
        if key in sidecar.data and not isinstance(sidecar.data[key], str):
            sidecar.bad(f"'{key}' must be text in quotes", key)
        else:
            setattr(meta, key, str(sidecar.data.get(key, "")).strip())


def _label_count(sidecar: _Sidecar) -> int:
    """How many label columns come first (1 when unset or invalid)."""
    labels = sidecar.data.get("labels", 1)
    if not isinstance(labels, int) or labels < 0:
        sidecar.bad("'labels' must be a whole number (how many label columns come first)",
                    "labels")
        return 1
    return labels


def _read_settings(sidecar: _Sidecar, meta: TableMeta) -> None:
    """The single-valued settings: unit scale, numbering, tolerance and notes."""
    data = sidecar.data
    try:
        scale = Decimal(str(data.get("unit_scale", 1)))
        if not scale.is_finite() or scale <= 0:  # nan, inf, 0 would print nonsense in prose
            raise InvalidOperation
        meta.unit_scale = scale
    except InvalidOperation:
        sidecar.bad("'unit_scale' must be a positive number such as 1000", "unit_scale",
                    "write unit_scale = 1000 for a table 'in 1.000 euro'")
    numbered = data.get("numbered", True)
    if isinstance(numbered, bool):
        meta.numbered = numbered
    else:
        sidecar.bad(f"'numbered' must be true or false, not {numbered!r}", "numbered",
                    "write numbered = false for a table without a number (a key-figures box, say)")
    tolerance = data.get("tolerance", "exact")
    if tolerance not in ("exact", "rounding"):
        sidecar.bad(f"'tolerance' must be \"exact\" or \"rounding\", not {tolerance!r}",
                    "tolerance", 'write tolerance = "exact" (sums add up exactly) or "rounding" '
                    '(rounded figures)')
    else:
        meta.tolerance = tolerance
    notes = data.get("notes", {})
    if isinstance(notes, dict):
        meta.notes = {str(k): str(v) for k, v in notes.items()}
    else:
        sidecar.bad("'notes' must be a table: [notes] \"*\" = \"text\"", "notes")


def _report_unknown_entry_keys(sidecar: _Sidecar) -> None:
    """A misspelt key inside ``[[formulas]]``, ``[[sums]]``… could widen a check, so report it."""
    for section, allowed in ENTRY_KEYS.items():
        entries = sidecar.data.get(section)
        for index, item in enumerate(entries if isinstance(entries, list) else []):
            for key in item if isinstance(item, dict) else ():
                if key not in allowed:
                    close = difflib.get_close_matches(key, allowed, n=1)
                    sidecar.findings.append(error(
                        "KB114", f"unknown key '{key}' in [[{section}]]",
                        SourceLocation(sidecar.rel, sidecar.entry_line(section, index, key)),
                        f"did you mean '{close[0]}'?" if close else
                        f"[[{section}]] takes: {', '.join(allowed)}"))


def _read_shape(sidecar: _Sidecar, meta: TableMeta) -> None:
    """A named standard shape brings its own arithmetic; an unknown one would bring none."""
    shape = sidecar.data.get("shape", "")
    if shape and shape not in SHAPES:
        close = difflib.get_close_matches(str(shape), SHAPES, n=1)
        sidecar.bad(f"unknown shape {shape!r}", "shape",
                    f"did you mean '{close[0]}'?" if close else f"known shapes: {', '.join(SHAPES)}")
    else:
        meta.shape = shape


def _read_negatives(sidecar: _Sidecar, meta: TableMeta) -> None:
    """How negative figures are printed, one of the styles the renderers know."""
    negatives = sidecar.data.get("negatives", "minus")
    if negatives not in NEGATIVE_STYLES:
        sidecar.bad(f"'negatives' must be one of {', '.join(NEGATIVE_STYLES)}, not {negatives!r}",
                    "negatives", 'minus prints −3.343, dash – 3.343 (the Rijksbegroting), '
                    'parentheses (3.343)')
    else:
        meta.negatives = negatives


def _read_label_lists(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Extra total labels, text and unchecked columns, and row/column rules: lists of texts."""
    for key in ("totals", "subtotals", "text_columns", "unchecked"):
        setattr(meta, key, _texts(sidecar, key))
    for key, target in (("row_rules", meta.row_rules), ("column_rules", meta.column_rules)):
        target.extend(RuleDeclaration(text, _value_line(sidecar.source, text, key))
                      for text in _texts(sidecar, key))


def _texts(sidecar: _Sidecar, key: str) -> list[str]:
    """A key that takes one text or a list of texts (``totals = ["Saldo"]``)."""
    value = sidecar.data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        sidecar.bad(f"'{key}' must be a list of texts in quotes, such as {key} = [\"Saldo\"]", key)
        return []
    return [v.strip() for v in value if v.strip()]


def _list_of_tables(sidecar: _Sidecar, key: str) -> list[dict[str, Any]]:
    """The entries of ``[[key]]``; none (and a finding) when it is written otherwise."""
    value = sidecar.data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        sidecar.bad(f"'{key}' must be written as [[{key}]] tables", key)
        return []
    return value


def _read_sums(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Declared sums (``[[sums]]``): a total row and the rows it adds up."""
    for index, item in enumerate(_list_of_tables(sidecar, "sums")):
        total, parts, columns = item.get("total"), item.get("parts", "below"), item.get("columns")
        line = sidecar.entry_line("sums", index, "total")
        if not isinstance(total, str) or not total.strip():
            sidecar.bad("each [[sums]] needs total = \"…\": the label of the row that holds the "
                        "sum", "sums")
            continue
        if not (isinstance(parts, str) or isinstance(parts, list)
                and all(isinstance(p, str) for p in parts)):
            sidecar.bad("'parts' in [[sums]] must be \"below\", \"above\", a range \"A .. B\" or "
                        "a list of labels", "parts")
            continue
        if columns is not None and not (isinstance(columns, list)
                                        and all(isinstance(c, str) for c in columns)):
            sidecar.bad("'columns' in [[sums]] must be a list of column names", "columns")
            continue
        meta.sums.append(SumDeclaration(total.strip(), parts, columns, line))


def _read_formulas(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Column formulas (``[[formulas]]``), such as Verschil = Plan − Realisatie."""
    for index, item in enumerate(_list_of_tables(sidecar, "formulas")):
        if not isinstance(item.get("column"), str) or not isinstance(item.get("expr"), str):
            sidecar.bad("each [[formulas]] needs column = \"…\" and expr = \"…\"", "formulas")
            continue
        meta.formulas.append(Formula(item["column"], item["expr"],
                                     sidecar.entry_line("formulas", index, "expr"),
                                     sidecar.entry_line("formulas", index, "column")))


def _read_equalities(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Cross-table equalities (``[[equals]]``): this row = factor × a row of another table."""
    for index, item in enumerate(_list_of_tables(sidecar, "equals")):
        columns = item.get("columns")
        if isinstance(columns, list):
            columns = {str(c): str(c) for c in columns}
        elif isinstance(columns, dict):
            columns = {str(k): str(v) for k, v in columns.items()}
        elif columns is not None:
            sidecar.bad("'columns' in [[equals]] must be a list or a table", "equals")
            continue
        if not isinstance(item.get("row"), str) or not isinstance(item.get("table"), str):
            sidecar.bad("each [[equals]] needs row = \"…\" and table = \"…\"", "equals")
            continue
        factor = _factor(item.get("factor", 1))
        if factor is None:
            sidecar.bad("'factor' in [[equals]] must be a number such as -1 or 1000", "factor",
                        "this row = factor × the other row; 1000 when this table is in euro and "
                        "the other in 1.000 euro")
            continue
        meta.equals.append(Equality(item["row"], item["table"],
                                    str(item.get("other_row", item["row"])), columns,
                                    sidecar.entry_line("equals", index, "table"), factor))


def _factor(value: Any) -> Decimal | None:
    """An equality's factor as a finite, non-zero Decimal; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        factor = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None
    return factor if factor.is_finite() and factor != 0 else None


def _read_header_groups(sidecar: _Sidecar, meta: TableMeta) -> None:
    """Header groups: a title printed above several columns (malformed entries are skipped)."""
    groups = sidecar.data.get("header_groups")
    for item in groups if isinstance(groups, list) else []:
        if isinstance(item, dict) and isinstance(item.get("columns"), list):
            meta.header_groups.append(HeaderGroup(str(item.get("title", "")),
                                                  [str(c) for c in item["columns"]]))


def _read_workbook_keys(sidecar: _Sidecar, workbook: WorkbookOptions | None) -> None:
    """Check ``sheet``, ``range`` and ``decimals``: the keys only an Excel table has."""
    data = sidecar.data
    if workbook is None:
        for key in WORKBOOK_KEYS:
            if key in data:
                sidecar.bad(f"'{key}' is only for Excel tables (.xlsx); this table is a CSV", key,
                            f"remove the '{key}' line, or use the workbook itself as the table")
        return
    workbook.sidecar = sidecar.rel
    sheet, cells, decimals = data.get("sheet", ""), data.get("range", ""), data.get("decimals")
    if not isinstance(sheet, str):
        sidecar.bad("'sheet' must be the sheet's name in quotes, such as \"Blad1\"", "sheet")
    else:
        workbook.sheet, workbook.sheet_line = sheet.strip(), sidecar.line_of("sheet")
    if not isinstance(cells, str):
        sidecar.bad("'range' must be a cell range in quotes, such as \"A3:H20\"", "range")
    else:
        workbook.range, workbook.range_line = cells.strip(), sidecar.line_of("range")
    if decimals is not None:
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 10:
            sidecar.bad("'decimals' must be a whole number from 0 to 10", "decimals",
                        "the number of decimals the table shows, such as decimals = 1")
        else:
            workbook.decimals = decimals
