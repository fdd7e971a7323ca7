"""Relations the sidecar declares: ``[[sums]]``, ``row_rules``, ``column_rules`` (and the older
``[[formulas]]``), and ``[[equals]]`` between tables.

Declarations are compiled once into relations over cells; a name that matches no row or
column, or a formula that cannot be read, is a finding at the declaration's sidecar line.
"""

from __future__ import annotations

from collections.abc import Callable

from kamerbrief.diagnostics import Diagnostic, Severity, clip
from kamerbrief.formula import (
    Binary,
    Expr,
    FormulaError,
    Name,
    Negate,
    Number,
    Ref,
    Span,
    Total,
    parse_expression,
    parse_rule,
    spell,
)
from kamerbrief.lookup import find_column, find_rows, normalise
from kamerbrief.model import Report, Row, SumDeclaration, Table
from kamerbrief.relations.defaults import sum_relations, sum_words
from kamerbrief.relations.model import Operand, Produced, Relation, sidecar_location
from kamerbrief.relations.rows import (
    has_figures,
    is_breakdown,
    looks_like_total,
    matches,
    select,
    top_level,
)


class DeclarationError(ValueError):
    """A declaration names something the table does not have; the message says what."""


def _bad(table: Table, line: int, message: str, hint: str, code: str = "KB116") -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, sidecar_location(table, line), hint=hint)


def _labels(rows: list[Row]) -> str:
    return ", ".join(f"'{r.display_label}'" for r in rows[:6]) + (" …" if len(rows) > 6 else "")


# ------------------------------------------------------------------ [[sums]]

def _stop(row: Row, declared: list[SumDeclaration]) -> bool:
    """Where ``below``/``above`` stop: the next row that is, or looks like, a total."""
    return looks_like_total(row) and not is_breakdown(row) or any(
        matches(row, d.total) for d in declared)


def _neighbours(table: Table, total: Row, direction: int, declared: list[SumDeclaration]) -> list[Row]:
    """The rows under (1) or above (-1) a total: a deeper block, else up to the next total."""
    rows = table.rows if direction > 0 else list(reversed(table.rows))
    after = rows[rows.index(total) + 1:]
    deeper = [r for r in after[:1] if r.depth > total.depth]
    block: list[Row] = []
    for row in after:
        if deeper and row.depth <= total.depth or not deeper and _stop(row, declared):
            break
        block.append(row)
    return block if direction > 0 else list(reversed(block))


def _parts(table: Table, total: Row, declaration: SumDeclaration,
           declared: list[SumDeclaration]) -> list[Row]:
    parts = declaration.parts
    if isinstance(parts, list):
        chosen: list[Row] = []
        for spec in parts:
            found = [r for r in select(table, spec) if r is not total]
            if not found:
                raise DeclarationError(f"part '{spec}' matches no row of '{table.id}'")
            chosen += [r for r in found if r not in chosen]
        return chosen
    word = parts.strip().casefold()
    if word in ("below", "onder"):
        return top_level(_neighbours(table, total, 1, declared), table)
    if word in ("above", "boven"):
        return top_level(_neighbours(table, total, -1, declared), table)
    if word == "waarvan":
        start = table.rows.index(total) + 1
        block = []
        for row in table.rows[start:]:
            if not is_breakdown(row):
                break
            block.append(row)
        return [r for r in block if has_figures(r, table)]
    first, separator, last = parts.partition("..")
    if not separator:
        raise DeclarationError(f"parts = \"{parts}\": write \"below\", \"above\", \"waarvan\", a "
                               "range \"First .. Last\", or a list of labels")
    ends = []
    for spec in (first.strip(), last.strip()):
        found = select(table, spec)
        if len(found) != 1:
            raise DeclarationError(f"range end '{spec}' matches {len(found) or 'no'} rows"
                                   + (f": {_labels(found)}" if found else ""))
        ends.append(table.rows.index(found[0]))
    low, high = sorted(ends)
    return top_level(table.rows[low:high + 1], table)


def declared_sums(table: Table) -> tuple[Produced, set[int]]:
    produced, claimed = Produced(), set()
    for declaration in table.meta.sums:
        totals = select(table, declaration.total)
        if not totals:
            produced.findings.append(_bad(
                table, declaration.line, f"[[sums]] total '{declaration.total}' matches no row",
                "use the row's label as printed, 'Groep > Rij', or a pattern with *"))
            continue
        columns = None
        if declaration.columns is not None:
            columns = [find_column(table, c) for c in declaration.columns]
            missing = [c for c, found in zip(declaration.columns, columns, strict=True) if not found]
            if missing:
                produced.findings.append(_bad(
                    table, declaration.line, f"[[sums]] columns: '{missing[0]}' is not a column",
                    f"columns: {', '.join(table.figure_columns)}"))
                continue
        for total in totals:
            claimed.add(total.index)
            try:
                parts = _parts(table, total, declaration, table.meta.sums)
            except DeclarationError as exc:
                produced.findings.append(_bad(table, declaration.line, f"[[sums]] for "
                                              f"'{total.display_label}': {exc}",
                                              "see docs/tables.md, 'Declared sums'"))
                continue
            if not parts:
                produced.findings.append(_bad(
                    table, declaration.line,
                    f"[[sums]] for '{total.display_label}': no rows with figures to add up",
                    "parts = \"below\" or \"above\" take the rows up to the next total; name the "
                    "parts as a range or a list", "KB105"))
                continue
            produced.relations += sum_relations(
                table, total, parts, "KB107", f"'{total.display_label}'", sum_words(total, parts),
                f"correct the wrong figure; declared in {table.meta.sidecar}:{declaration.line}",
                [c for c in columns if c] if columns is not None else None)
    return produced, claimed


# ------------------------------------------------------------------ rules

Resolve = Callable[[Name], Expr]


def _resolve(expr: Expr, resolve: Resolve, span: Callable[[Span], list[Expr]]) -> Expr:
    """Replace names by what the caller says they are (a row or a column, then a cell); a
    number is a name only when a row or column is called that (a column "2024")."""
    if isinstance(expr, Name):
        return resolve(expr)
    if isinstance(expr, Number) and span is not _no_span:
        try:
            return resolve(Name(expr.text, numeric=True))
        except DeclarationError:
            return expr
    if isinstance(expr, Negate):
        return Negate(_resolve(expr.operand, resolve, span))
    if isinstance(expr, Binary):
        return Binary(expr.op, _resolve(expr.left, resolve, span),
                      _resolve(expr.right, resolve, span))
    if isinstance(expr, Span):
        return Total(tuple(_resolve(part, resolve, span) for part in span(expr)))
    if isinstance(expr, Total):
        return Total(tuple(_resolve(part, resolve, span) for part in expr.parts))
    return expr


def _no_span(span: Span) -> list[Expr]:
    """After the first pass no span is left; instantiating a rule never meets one."""
    return []


def _column_rule(table: Table, target_name: str, expr: Expr, line: int, text: str,
                 code: str = "KB103") -> Produced:
    produced = Produced()

    def column(name: Name) -> str:
        found = find_column(table, name.text)
        if found is None or found not in table.figure_columns:
            raise DeclarationError(f"unknown column '{name.text}'")
        return found

    try:
        target = column(Name(target_name))
        positions = table.figure_columns

        def span(s: Span) -> list[Expr]:
            first, last = sorted((positions.index(column(s.first)), positions.index(column(s.last))))
            return [Name(c) for c in positions[first:last + 1]]

        resolved = _resolve(expr, lambda n: Name(column(n)), span)
    except DeclarationError as exc:
        produced.findings.append(_bad(table, line, f"column rule '{clip(text)}': {exc}",
                                      f"columns are: {', '.join(table.figure_columns)}", "KB115"))
        return produced
    words = f"{target} = {spell(resolved)}"
    for row in table.rows:
        if row.cells[target].value is None:
            continue

        def ref(name: Name, row: Row = row) -> Expr:
            return Ref(Operand(table, row, name.text), name.text)

        produced.relations.append(Relation(
            code, Operand(table, row, target), _resolve(resolved, ref, _no_span), words,
            f"'{row.display_label}' / '{target}'",
            f"correct the cell or the rule in {table.meta.sidecar}:{line}",
            rounding=table.meta.rounding))
    return produced


def column_rules(table: Table) -> Produced:
    produced = Produced()
    for formula in table.meta.formulas:  # the older [[formulas]] entries: column rules too
        try:
            expr = parse_expression(formula.expr)
        except FormulaError as exc:
            produced.findings.append(_bad(
                table, formula.line, f"formula '{clip(formula.column)} = {clip(formula.expr)}': "
                f"{exc}", f"columns are: {', '.join(table.figure_columns)}", "KB115"))
            continue
        if find_column(table, formula.column) is None:
            produced.findings.append(_bad(
                table, formula.column_line or formula.line,
                f"formula '{clip(formula.column)} = {clip(formula.expr)}': unknown column "
                f"'{formula.column}'", f"columns are: {', '.join(table.figure_columns)}", "KB115"))
            continue
        produced.extend(_column_rule(table, formula.column, expr, formula.line,
                                     f"{formula.column} = {formula.expr}"))
    for rule in table.meta.column_rules:
        try:
            target, expr = parse_rule(rule.text)
        except FormulaError as exc:
            produced.findings.append(_bad(table, rule.line, f"column rule '{clip(rule.text)}': "
                                          f"{exc}", "write Target = expression, such as "
                                          "Verschil = Plan - Realisatie", "KB115"))
            continue
        produced.extend(_column_rule(table, target.text, expr, rule.line, rule.text))
    return produced


def _row_of(table: Table, name: Name, near: Row) -> Row:
    """A row by name: within the target's group first (a Saldo in every programme), then in
    the whole table; a name that stays ambiguous is an error, never a guess."""
    found = [r for r in table.rows if matches(r, name.text)]
    if len(found) > 1:
        same_group = [r for r in found if normalise(r.group) == normalise(near.group)]
        found = same_group if len(same_group) == 1 else found
    if len(found) > 1:  # "Lasten" under each programme, its Saldo further down: the nearest above
        above = [r for r in found if r.index < near.index and r.group == near.group]
        found = above[-1:] if above else found
    if not found:
        raise DeclarationError(f"no row '{name.text}'")
    if len(found) > 1:
        raise DeclarationError(f"'{name.text}' matches {len(found)} rows ({_labels(found)}); "
                               "write 'Groep > Rij'")
    return found[0]


def row_rules(table: Table) -> tuple[Produced, set[int]]:
    produced, claimed = Produced(), set()
    for rule in table.meta.row_rules:
        try:
            target_name, expr = parse_rule(rule.text)
        except FormulaError as exc:
            produced.findings.append(_bad(table, rule.line, f"row rule '{clip(rule.text)}': {exc}",
                                          "write Target = expression, such as "
                                          "Saldo = Baten - Lasten", "KB115"))
            continue
        targets = select(table, target_name.text)
        if not targets:
            produced.findings.append(_bad(table, rule.line, f"row rule '{clip(rule.text)}': no "
                                          f"row '{target_name.text}'",
                                          "use the row's label as printed, or 'Groep > Rij'"))
            continue
        for target in targets:
            def row_ref(name: Name, target: Row = target) -> Expr:
                return Name(str(_row_of(table, name, target).index))

            def row_span(s: Span, target: Row = target) -> list[Expr]:
                low, high = sorted((_row_of(table, s.first, target).index,
                                    _row_of(table, s.last, target).index))
                return [Name(str(i)) for i in range(low, high + 1)
                        if not is_breakdown(table.rows[i])]

            try:
                resolved = _resolve(expr, row_ref, row_span)
            except DeclarationError as exc:
                produced.findings.append(_bad(table, rule.line, f"row rule '{clip(rule.text)}' "
                                              f"for '{target.display_label}': {exc}",
                                              "use the row's label as printed, or 'Groep > Rij'"))
                continue
            claimed.add(target.index)
            def label(name: Name) -> Expr:
                return Name(table.rows[int(name.text)].label)

            words = f"{target.label} = {spell(_resolve(resolved, label, _no_span))}"
            for column in table.figure_columns:
                if target.cells[column].value is None:
                    continue

                def ref(name: Name, column: str = column) -> Expr:
                    row = table.rows[int(name.text)]
                    return Ref(Operand(table, row, column), row.label)

                produced.relations.append(Relation(
                    "KB108", Operand(table, target, column), _resolve(resolved, ref, _no_span),
                    words, f"'{target.display_label}' / '{column}'",
                    f"correct the figure or the rule in {table.meta.sidecar}:{rule.line}",
                    rounding=table.meta.rounding))
    return produced, claimed


# ------------------------------------------------------------------ [[equals]]

def equalities(table: Table, report: Report) -> Produced:
    produced = Produced()
    for eq in table.meta.equals:
        other = report.tables.get(eq.table)
        if other is None:
            produced.findings.append(_bad(table, eq.line, f"[[equals]] names table '{eq.table}', "
                                          "which does not exist",
                                          f"table ids: {', '.join(sorted(report.tables))}"))
            continue
        mine, theirs = find_rows(table, eq.row), find_rows(other, eq.other_row)
        problem = (f"row '{eq.row}' not found in '{table.id}'" if len(mine) != 1 else
                   f"row '{eq.other_row}' not found in '{other.id}'" if len(theirs) != 1 else "")
        if problem:
            produced.findings.append(_bad(table, eq.line, f"[[equals]]: {problem} (or not unique)",
                                          "use the row's label; 'Groep > Rij' when it repeats"))
            continue
        pairs = eq.columns or {c: c for c in table.figure_columns if c in other.figure_columns}
        for left, right in pairs.items():
            left_col, right_col = find_column(table, left), find_column(other, right)
            if left_col is None or right_col is None:
                missing = left if left_col is None else right
                owner = table if left_col is None else other
                produced.findings.append(_bad(
                    table, eq.line, f"[[equals]]: column '{missing}' does not exist in "
                    f"'{owner.id}'", f"columns of '{owner.id}': "
                    f"{', '.join(owner.figure_columns) or 'none'}"))
                continue
            theirs_cell = theirs[0].cells[right_col]
            place = (f"{other.path} {theirs_cell.location.cell}" if theirs_cell.location.cell
                     else f"{other.path}:{theirs[0].line}")
            expr: Expr = Ref(Operand(other, theirs[0], right_col), theirs[0].label)
            factor = "" if eq.factor == 1 else f"{eq.factor} × "
            if eq.factor != 1:
                expr = Binary("*", Number(eq.factor, str(eq.factor)), expr)
            produced.relations.append(Relation(
                "KB104", Operand(table, mine[0], left_col), expr,
                f"should equal {factor}{other.id} '{theirs[0].display_label}' / '{right_col}' "
                f"({place})", f"'{mine[0].display_label}' / '{left_col}'",
                "make the two tables agree",
                # a change of unit rounds: 1.500 in 1.000 euro stands for 1.499.500 … 1.500.500
                rounding=eq.factor != 1 or table.meta.rounding or other.meta.rounding))
    return produced
