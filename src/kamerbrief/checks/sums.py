"""Financial arithmetic: SUBTOTAAL and TOTAAL rows, column formulas, cross-table equalities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, localcontext

from kamerbrief.diagnostics import Diagnostic, Severity, clip
from kamerbrief.lookup import find_column, find_rows
from kamerbrief.model import Cell, Report, Row, RowKind, SourceLocation, Table
from kamerbrief.numbers import MAX_DIGITS, decimals_of, format_number


def tolerance(table: Table, column: str, parts: int) -> Decimal:
    """0 for exact tables; (n + 1) × ½ unit of the last shown digit for rounded ones."""
    if table.meta.tolerance != "rounding":
        return Decimal(0)
    unit = Decimal(1).scaleb(-table.column_decimals(column))
    return (parts + 1) * unit / 2


def _lines(rows: list[Row]) -> str:
    if not rows:
        return ""
    first, last = rows[0].line, rows[-1].line
    return f"line {first}" if first == last else f"lines {first}–{last}"


def _cell_name(cell: Cell) -> str:
    """`` (Blad1!C7)`` for a cell of an Excel table; nothing for a CSV cell."""
    return f" ({cell.location.cell})" if cell.location.cell else ""


def _place(path: str, line: int, cell: Cell) -> str:
    """``tables/x.csv:7``, or ``tables/x.xlsx Blad1!C7`` for a cell of an Excel table."""
    return f"{path} {cell.location.cell}" if cell.location.cell else f"{path}:{line}"


def _mismatch(code: str, what: str, cell: Cell, expected: Decimal, found: Decimal | None,
              parts: list[Row], hint: str) -> Diagnostic:
    shown = format_number(found) if found is not None else "empty"
    difference = (found or Decimal(0)) - expected
    sign = "+" if difference > 0 else ""
    span = _lines(parts)
    if cell.location.cell:  # an Excel table: name the cell, count in sheet rows
        span = span.replace("line", "sheet row")
    message = (f"{what} in column '{cell.location.column}'{_cell_name(cell)}: expected "
               f"{format_number(expected)} (sum of {len(parts)} rows, {span}), found {shown}, difference "
               f"{sign}{format_number(difference)}")
    return Diagnostic(code, Severity.ERROR, message, cell.location, expected=expected,
                      found=found if found is not None else Decimal(0), hint=hint)


def _check_sum(table: Table, row: Row, parts: list[Row], code: str, what: str,
               wrong: dict[tuple[int, str], Decimal]) -> Iterator[Diagnostic]:
    """Check ``row`` against the sum of ``parts``, column by column.

    ``wrong`` maps (row index, column) of subtotals already reported to the value their items
    add up to. A total that holds with those values is not reported again: one wrong subtotal
    is one finding, at the subtotal, not a second one at the TOTAAL it throws off.
    """
    for column in table.numeric_columns:
        values = [p.cells[column].value for p in parts]
        cell = row.cells[column]
        if all(v is None for v in values):
            continue  # a formula column, or nothing to add up
        expected = sum((v for v in values if v is not None), Decimal(0))
        found = cell.value
        allowed = tolerance(table, column, len(parts))
        if found is not None and abs(found - expected) <= allowed:
            continue
        if found is not None and any((p.index, column) in wrong for p in parts):
            repaired = sum((wrong.get((p.index, column), p.cells[column].value) or Decimal(0)
                            for p in parts), Decimal(0))
            if abs(found - repaired) <= allowed:
                continue  # the wrong subtotal above is the one mistake, and is reported
        if row.kind is RowKind.SUBTOTAL:
            wrong[(row.index, column)] = expected
        yield _mismatch(code, what, cell, expected, found, parts,
                        "correct the wrong figure; totals are checked column by column")


def check_table_totals(table: Table) -> Iterator[Diagnostic]:
    pending: list[Row] = []  # item rows since the last subtotal
    closed: list[Row] = []  # subtotals and ungrouped items since the last total
    wrong: dict[tuple[int, str], Decimal] = {}  # reported subtotals → what their items add to
    totals = 0
    for row in table.rows:
        if row.kind is RowKind.ITEM:
            pending.append(row)
        elif row.kind is RowKind.SUBTOTAL:
            if not pending:
                yield Diagnostic("KB105", Severity.ERROR,
                                 f"SUBTOTAAL '{row.display_label}' has no item rows above it",
                                 SourceLocation(table.path, row.line, row.display_label),
                                 hint="put its item rows above it, or relabel the row")
            else:
                yield from _check_sum(table, row, pending, "KB101",
                                      f"SUBTOTAAL '{row.display_label}'", wrong)
            closed.append(row)
            pending = []
        else:
            totals += 1
            parts = closed + pending
            if totals == 2:
                yield Diagnostic("KB106", Severity.WARNING,
                                 f"second TOTAAL row in table '{table.id}'",
                                 SourceLocation(table.path, row.line, row.label),
                                 hint="each TOTAAL adds up the rows since the previous one")
            if not parts:
                yield Diagnostic("KB105", Severity.ERROR,
                                 f"TOTAAL '{row.label}' has no rows above it to add up",
                                 SourceLocation(table.path, row.line, row.label),
                                 hint="put the rows it totals above it")
            else:
                yield from _check_sum(table, row, parts, "KB102", f"TOTAAL '{row.label}'", wrong)
            pending, closed = [], []


def check_totals(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        yield from check_table_totals(table)


# ------------------------------------------------------------------ formulas

_TOKEN = re.compile(r"\s*(?:`([^`]+)`|(\d+(?:[.,]\d+)?)(?![\w])|([A-Za-z_][\w]*)|(\S))")


class FormulaError(ValueError):
    pass


def parse_formula(expr: str, columns: list[str]) -> list[tuple[str, str]]:
    """Tokenise to ('col', name) / ('num', text) / ('op', char); validates names."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if not match or match.end() == pos:
            break
        quoted, number, name, other = match.groups()
        if quoted is not None or name is not None:
            column = find_column_name(quoted or name, columns)
            if column is None:
                raise FormulaError(f"unknown column '{quoted or name}'")
            tokens.append(("col", column))
        elif number is not None:
            tokens.append(("col", number) if number in columns else ("num", number))
        elif other in "+-*/()":
            tokens.append(("op", other))
        else:
            raise FormulaError(f"unexpected '{other}'")
        pos = match.end()
    try:
        _Evaluator(tokens, {}).check_syntax()
    except RecursionError:
        raise FormulaError("the formula is nested too deeply") from None
    return tokens


def find_column_name(name: str, columns: list[str]) -> str | None:
    return next((c for c in columns if c.casefold() == name.strip().casefold()), None)


class _Evaluator:
    """Recursive descent over + - * / and parentheses, in Decimal."""

    def __init__(self, tokens: list[tuple[str, str]], values: dict[str, Decimal]):
        self.tokens, self.values, self.pos = tokens, values, 0

    def check_syntax(self) -> None:
        self.values = {t[1]: Decimal(1) for t in self.tokens if t[0] == "col"}
        try:
            self.evaluate()
        except ArithmeticError:  # division by zero, overflow: a matter of values, not syntax
            pass

    def evaluate(self) -> Decimal:
        self.pos = 0
        if not self.tokens:
            raise FormulaError("empty formula")
        value = self.expr()
        if self.pos != len(self.tokens):
            raise FormulaError(f"unexpected '{self.tokens[self.pos][1]}'")
        return value

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expr(self) -> Decimal:
        value = self.term()
        while (tok := self.peek()) and tok in (("op", "+"), ("op", "-")):
            self.pos += 1
            value = value + self.term() if tok[1] == "+" else value - self.term()
        return value

    def term(self) -> Decimal:
        value = self.factor()
        while (tok := self.peek()) and tok in (("op", "*"), ("op", "/")):
            self.pos += 1
            right = self.factor()
            value = value * right if tok[1] == "*" else value / right
        return value

    def factor(self) -> Decimal:
        tok = self.peek()
        if tok is None:
            raise FormulaError("formula ends too early")
        self.pos += 1
        if tok == ("op", "-"):
            return -self.factor()
        if tok == ("op", "("):
            value = self.expr()
            if self.peek() != ("op", ")"):
                raise FormulaError("missing ')'")
            self.pos += 1
            return value
        if tok[0] == "num":
            return Decimal(tok[1].replace(",", "."))
        if tok[0] == "col":
            return self.values.get(tok[1], Decimal(0))
        raise FormulaError(f"unexpected '{tok[1]}'")


def check_formulas(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        for formula in table.meta.formulas:
            loc = SourceLocation(table.meta.sidecar, formula.line)
            target = find_column_name(formula.column, table.numeric_columns)
            try:
                if target is None:
                    loc = SourceLocation(table.meta.sidecar, formula.column_line or formula.line)
                    raise FormulaError(f"unknown column '{formula.column}'")
                tokens = parse_formula(formula.expr, table.numeric_columns)
            except FormulaError as exc:
                yield Diagnostic("KB115", Severity.ERROR,
                                 f"formula '{clip(formula.column)} = {clip(formula.expr)}': {exc}", loc,
                                 hint=f"columns are: {', '.join(table.numeric_columns)}")
                continue
            operands = [t[1] for t in tokens if t[0] == "col"]
            for row in table.rows:
                cell = row.cells[target]
                if cell.value is None:
                    continue
                values = {c: row.cells[c].value or Decimal(0) for c in operands}
                try:
                    with localcontext() as context:  # long literals and products stay exact
                        context.prec = 2 * MAX_DIGITS + 60
                        expected = _Evaluator(tokens, values).evaluate()
                        rounded = round(expected, decimals_of(cell.value))
                except ArithmeticError:  # division by zero, overflow
                    continue
                allowed = tolerance(table, target, len(operands))
                if abs(cell.value - expected) > max(allowed, Decimal(0)) and rounded != cell.value:
                    yield Diagnostic(
                        "KB103", Severity.ERROR,
                        f"'{row.display_label}'{_cell_name(cell)}: {target} should be {clip(formula.expr)} = "
                        f"{format_number(expected)}, found {format_number(cell.value)}",
                        cell.location, expected=expected, found=cell.value,
                        hint=f"correct the cell or the formula in {table.meta.sidecar}")


# ------------------------------------------------------------------ cross-table

def check_cross_table(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        for eq in table.meta.equals:
            loc = SourceLocation(table.meta.sidecar, eq.line)
            other = report.tables.get(eq.table)
            if other is None:
                yield Diagnostic("KB116", Severity.ERROR,
                                 f"[[equals]] names table '{eq.table}', which does not exist",
                                 loc, hint=f"table ids: {', '.join(sorted(report.tables))}")
                continue
            mine, theirs = find_rows(table, eq.row), find_rows(other, eq.other_row)
            problem = (f"row '{eq.row}' not found in '{table.id}'" if len(mine) != 1 else
                       f"row '{eq.other_row}' not found in '{other.id}'" if len(theirs) != 1
                       else "")
            if problem:
                yield Diagnostic("KB116", Severity.ERROR, f"[[equals]]: {problem} (or not unique)",
                                 loc, hint="use the row's label; 'Groep > Rij' when it repeats")
                continue
            pairs = eq.columns or {c: c for c in table.numeric_columns
                                   if c in other.numeric_columns}
            for left, right in pairs.items():
                left_col, right_col = find_column(table, left), find_column(other, right)
                if left_col is None or right_col is None:
                    missing = left if left_col is None else right
                    owner = table if left_col is None else other
                    yield Diagnostic("KB116", Severity.ERROR,
                                     f"[[equals]]: column '{missing}' does not exist in "
                                     f"'{owner.id}'", loc,
                                     hint=f"columns of '{owner.id}': "
                                     f"{', '.join(owner.numeric_columns) or 'none'}")
                    continue
                cell, their = mine[0].cells[left_col], theirs[0].cells[right_col]
                if cell.value != their.value:
                    yield Diagnostic(
                        "KB104", Severity.ERROR,
                        f"'{mine[0].display_label}' / '{left_col}'{_cell_name(cell)} should equal "
                        f"{other.id} '{theirs[0].display_label}' / '{right_col}' "
                        f"({_place(other.path, theirs[0].line, their)}) = {format_number(their.value)}, "
                        f"found {format_number(cell.value)}",
                        cell.location, expected=their.value or Decimal(0),
                        found=cell.value or Decimal(0),
                        hint="make the two tables agree")
