"""No false assurance: rows and columns that look like arithmetic but that nothing checks.

A row looks like a total when its label says so (totaal, subtotaal, saldo, uitgaven,
ontvangsten, verplichtingen, waarvan), when it is a numbered parent (4.2 above 4.2.1), or
when it equals the sum of the rows right above or below it in every column. A column looks
like one when its header says so (Totaal, Saldo, Verschil) or when it equals the sum of the
columns before it on every row. Each such row or column with no relation is a warning that
names it, with the declaration to paste where the arithmetic can be inferred.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Row, RowKind, SourceLocation, Table
from kamerbrief.relations.evaluate import operands
from kamerbrief.relations.model import Relation, TableCoverage
from kamerbrief.relations.rows import (
    code_of,
    has_figures,
    is_breakdown,
    labels_text,
    looks_like_total,
    matches,
)

# The relations that check a row as the sum or result of other rows. A column rule on the
# row, a cross-table equality or a breakdown under it say nothing about what it adds up.
ROW_SUMS = frozenset({"KB101", "KB102", "KB107", "KB108"})
_TOTAL_COLUMN = re.compile(r"^(totaal|saldo|verschil|som)\b", re.IGNORECASE)


def _figures(row: Row, table: Table) -> list[Decimal | None]:
    return [row.cells[c].value for c in table.figure_columns]


def _is_sum_of(row: Row, parts: list[Row], table: Table) -> bool:
    """``row`` equals the sum of ``parts`` in every column; every part an item with a figure
    other than zero, so that a row of zeros or a subtotal does not make a coincidence."""
    if any(p.kind is not RowKind.ITEM or is_breakdown(p) or not any(_figures(p, table))
           for p in parts):
        return False
    mine = _figures(row, table)
    if not any(v for v in mine):
        return False
    for column, value in zip(table.figure_columns, mine, strict=True):
        if value is None:
            continue
        if sum((p.cells[column].value or Decimal(0) for p in parts), Decimal(0)) != value:
            return False
    return True


def _neighbour_sum(row: Row, table: Table) -> list[Row]:
    """The shortest run of two or more rows right above or below ``row`` that adds up to it.

    With a single figure a coincidence is too easy (1 + 2 = 3), so such a row counts only when
    it adds up every row above or below it: the whole of a one-column table.
    """
    rows = table.rows
    at = rows.index(row)
    if sum(1 for v in _figures(row, table) if v) < 2:
        runs = [rows[:at]] if at == len(rows) - 1 else [rows[1:]] if at == 0 else []
    else:
        runs = [run for size in range(2, min(len(rows), 40))
                for run in (rows[at - size:at] if at >= size else [], rows[at + 1:at + 1 + size])]
    for parts in runs:
        if len(parts) >= 2 and _is_sum_of(row, parts, table):
            return parts
    return []


def sum_of_neighbours(row: Row, table: Table) -> list[Row]:
    """The rows right above or below ``row`` that add up to it in every column ([] when
    none): what a ``[[sums]]`` declaration for it names (``kamerbrief import`` declares it)."""
    return _neighbour_sum(row, table)


def sum_of_columns(table: Table, column: str) -> list[str]:
    """The columns right before ``column`` that add up to it on every row ([] when none)."""
    columns = table.figure_columns
    return _column_sum(table, columns.index(column)) if column in columns else []


def _quote(label: str) -> str:
    return label.replace("\\", "\\\\").replace('"', '\\"')


def _suggestion(row: Row, table: Table) -> str:
    parts = _neighbour_sum(row, table)
    if parts:
        return (f"it equals the sum of {parts[0].label!r} to {parts[-1].label!r} (lines "
                f"{parts[0].line}–{parts[-1].line}); declare it in {table.meta.sidecar or 'the sidecar'}: "
                f"[[sums]] total = \"{_quote(row.label)}\" parts = \"{_quote(parts[0].label)} .. "
                f"{_quote(parts[-1].label)}\"")
    words = {labels_text(r) for r in table.rows}
    if {"uitgaven", "ontvangsten"} <= words or {"verplichtingen", "uitgaven"} <= words:
        return ("this is the Rijksbegroting's 'budgettaire gevolgen van beleid' table: "
                "add shape = \"budgettaire-gevolgen\" to the sidecar")
    return ("declare what it sums ([[sums]] total = \"…\" parts = …, or row_rules), or say it "
            f"is no sum: unchecked = [\"{_quote(row.label)}\"] (docs/tables.md)")


def table_coverage(table: Table, relations: list[Relation], failed: set[int],
                   acknowledged: list[tuple[Row, str]]) -> tuple[TableCoverage, list[Diagnostic]]:
    coverage = TableCoverage(acknowledged=list(acknowledged))
    targets: set[int] = set()
    target_columns: set[str] = set()
    for relation in relations:
        if relation.target.table is not table:
            continue
        coverage.relations += 1
        coverage.failed += id(relation) in failed
        if relation.code in ROW_SUMS:
            targets.add(relation.target.row.index)
        # a waarvan row is checked when it is a part: of its breakdown, or of a declared sum
        targets.update(o.row.index for o in operands(relation.expr) if is_breakdown(o.row))
        if relation.code == "KB103":
            target_columns.add(relation.target.column)
    seen_acknowledged = {row.index for row, _ in acknowledged}
    findings = []
    for row in table.rows:
        if row.index in targets or row.index in seen_acknowledged or not has_figures(row, table):
            continue
        if any(matches(row, spec) for spec in table.meta.unchecked):
            coverage.acknowledged.append((row, "declared unchecked in the sidecar"))
            continue
        parent = bool(code_of(row)) and any(code_of(r).startswith(code_of(row) + ".")
                                            for r in table.rows)
        if not (looks_like_total(row) or parent or _neighbour_sum(row, table)):
            continue
        coverage.unchecked_rows.append(row)
        why = ("its label says it is a total" if looks_like_total(row) else
               "it is numbered above sub-numbers" if parent else "it equals the sum of its neighbours")
        findings.append(Diagnostic(
            "KB120", Severity.WARNING,
            f"'{row.display_label}' looks like a total ({why}), but no sum or rule checks it",
            SourceLocation(table.path, row.line, row.display_label),
            hint=_suggestion(row, table)))
    for index, column in enumerate(table.figure_columns):
        if column in target_columns:
            continue
        run = _column_sum(table, index)
        if not (_TOTAL_COLUMN.match(column.strip()) or run):
            continue
        coverage.unchecked_columns.append(column)
        hint = (f"it equals the sum of the columns {run[0]!r} to {run[-1]!r} on every row; add "
                f"column_rules = [\"`{column}` = som(`{run[0]}` .. `{run[-1]}`)\"]" if run else
                "declare its rule, such as column_rules = [\"Verschil = Realisatie - Begroting\"]")
        findings.append(Diagnostic(
            "KB120", Severity.WARNING,
            f"column '{column}' looks computed, but no column rule checks it",
            SourceLocation(table.path, table.header_line, column=column), hint=hint))
    return coverage, findings


def _column_sum(table: Table, index: int) -> list[str]:
    """The columns right before column ``index`` that add up to it on every row (2 or more)."""
    columns = table.figure_columns
    target = columns[index]
    rows = [r for r in table.rows if r.cells[target].value is not None]
    if sum(1 for r in rows if r.cells[target].value) < 2:
        return []
    for size in range(2, index + 1):
        run = columns[index - size:index]
        if any(not any(r.cells[c].value for r in rows) for c in run):
            continue  # a column of zeros adds nothing: no evidence of a sum
        if all(sum((r.cells[c].value or Decimal(0) for c in run), Decimal(0))
               == r.cells[target].value for r in rows):
            return run
    return []
