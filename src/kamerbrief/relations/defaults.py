"""The default shape: a SUBTOTAAL row closes a group, a TOTAAL row closes the table.

- a SUBTOTAAL equals the sum of the item rows since the previous subtotal (or the start);
- a TOTAAL equals the sum of all subtotals plus every item row not under a subtotal, since
  the previous TOTAAL.
Which labels make a SUBTOTAAL or TOTAAL is the project's vocabulary plus the table's own
``totals`` and ``subtotals``. Breakdown rows (``waarvan``) are never parts; rows a
declaration or the table's shape already sums are left to that.
"""

from __future__ import annotations

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.formula import Ref, Total
from kamerbrief.model import Row, RowKind, SourceLocation, Table
from kamerbrief.relations.model import Operand, Produced, Relation
from kamerbrief.relations.rows import is_breakdown


def sum_words(target: Row, parts: list[Row]) -> str:
    """"Uitgaven = 4.1 + 4.2 + 4.3", shortened after six parts: the relation in a message."""
    names = [p.label for p in parts[:6]] + ([f"{len(parts) - 6} more"] if len(parts) > 6 else [])
    return f"{target.label} = {' + '.join(names)}"


def sum_relations(table: Table, target: Row, parts: list[Row], code: str, what: str,
                  words: str, hint: str, columns: list[str] | None = None) -> list[Relation]:
    """``target`` = Σ ``parts``, one relation per figure column; a column whose parts are all
    nil is skipped (it may be a column computed only on total rows, such as a Verschil)."""
    relations = []
    for column in columns if columns is not None else table.figure_columns:
        if all(p.cells[column].value is None for p in parts):
            continue
        expr = Total(tuple(Ref(Operand(table, p, column), p.label) for p in parts))
        relations.append(Relation(code, Operand(table, target, column), expr, words, what, hint,
                                  rounding=table.meta.rounding, parts=parts))
    return relations


def rate_columns(table: Table, target: Row, parts: list[Row]) -> list[str]:
    """Columns where the total row's percentage is no sum of its parts' percentages but lies
    among them: a growth rate or an average of the total ("2,8%" under 5,0% and 2,0%), not
    a share that adds up. Summing it would report a false error."""
    rates = []
    for column in table.figure_columns:
        cell = target.cells[column]
        values = [value for p in parts if (value := p.cells[column].value) is not None]
        if cell.suffix != "%" or cell.value is None or len(values) < 2:
            continue
        if min(values) <= cell.value <= max(values) and sum(values) != cell.value:
            rates.append(column)
    return rates


def _rate_warnings(table: Table, target: Row, columns: list[str]) -> list[Diagnostic]:
    return [Diagnostic(
        "KB124", Severity.WARNING,
        f"'{target.label}' in column '{column}' ({target.cells[column].text.strip()}) is no sum "
        "of the percentages above it: a rate or an average of the total, which kamerbrief "
        "does not check", target.cells[column].location,
        hint="if it is a rate of two columns, declare it: [[formulas]] column = "
             f"\"{column}\" expr = \"…\"; a share column should add up to its total")
        for column in columns]


def default_relations(table: Table, claimed: set[int]) -> Produced:
    """SUBTOTAAL and TOTAAL rows; ``claimed`` are row indexes another producer sums."""
    produced = Produced()
    pending: list[Row] = []  # item rows since the last subtotal
    closed: list[Row] = []  # subtotals and ungrouped items since the last total
    totals = 0
    hint = "correct the wrong figure; totals are checked column by column"
    for row in table.rows:
        if row.index in claimed or is_breakdown(row):
            continue
        if row.kind is RowKind.ITEM:
            pending.append(row)
        elif row.kind is RowKind.SUBTOTAL:
            if not pending:
                produced.findings.append(Diagnostic(
                    "KB105", Severity.ERROR,
                    f"SUBTOTAAL '{row.display_label}' has no item rows above it",
                    SourceLocation(table.path, row.line, row.display_label),
                    hint="put its item rows above it, or relabel the row"))
            else:
                rates = rate_columns(table, row, pending)
                produced.findings += _rate_warnings(table, row, rates)
                produced.relations += sum_relations(
                    table, row, pending, "KB101", f"SUBTOTAAL '{row.display_label}'", "", hint,
                    [c for c in table.figure_columns if c not in rates])
            closed.append(row)
            pending = []
        else:
            totals += 1
            parts = closed + pending
            if totals == 2 and not table.meta.totals:  # the table's own totals: one per group
                produced.findings.append(Diagnostic(
                    "KB106", Severity.WARNING, f"second TOTAAL row in table '{table.id}'",
                    SourceLocation(table.path, row.line, row.label),
                    hint="each TOTAAL adds up the rows since the previous one"))
            if not parts:
                produced.findings.append(Diagnostic(
                    "KB105", Severity.ERROR, f"TOTAAL '{row.label}' has no rows above it to add up",
                    SourceLocation(table.path, row.line, row.label),
                    hint="put the rows it totals above it; a total that stands above its parts "
                    f"is declared in the sidecar: [[sums]] total = \"{row.label}\" "
                    "parts = \"below\""))
            else:
                rates = rate_columns(table, row, parts)
                produced.findings += _rate_warnings(table, row, rates)
                produced.relations += sum_relations(table, row, parts, "KB102",
                                                    f"TOTAAL '{row.label}'", "", hint,
                                                    [c for c in table.figure_columns
                                                     if c not in rates])
            pending, closed = [], []
    return produced
