"""Check relations with one rounding rule, and phrase a failure as a writer reads it.

Every printed figure stands for the interval of its printed precision; in exact mode the
parts are taken as exact and only the target keeps its interval (kamerbrief.intervals).
Relations are checked parts-first, so one wrong figure gives one finding: a total that
holds once a wrong subtotal above it is corrected is not reported a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, localcontext

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.formula import Binary, Expr, Negate, Number, Ref, Total
from kamerbrief.intervals import PRECISION, Interval
from kamerbrief.model import Row
from kamerbrief.numbers import decimals_of, format_number
from kamerbrief.relations.model import Operand, Relation

Values = Callable[[Operand], Interval]


def printed(operand: Operand, rounding: bool) -> Interval:
    """A cell's value: nil is exactly nothing; a figure is exact, or its printed interval."""
    value = operand.cell.value
    if value is None:
        return Interval.point(Decimal(0))
    return Interval.printed(value) if rounding else Interval.point(value)


def interval_of(expr: Expr, values: Values) -> Interval:
    if isinstance(expr, Ref):
        assert isinstance(expr.key, Operand)
        return values(expr.key)
    if isinstance(expr, Number):
        return Interval.point(expr.value)
    if isinstance(expr, Negate):
        return -interval_of(expr.operand, values)
    if isinstance(expr, Total):
        result = Interval.point(Decimal(0))
        for part in expr.parts:
            result = result + interval_of(part, values)
        return result
    if isinstance(expr, Binary):
        left, right = interval_of(expr.left, values), interval_of(expr.right, values)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        return left * right if expr.op == "*" else left / right
    raise TypeError(f"unresolved name in a relation: {expr!r}")


def operands(expr: Expr) -> list[Operand]:
    if isinstance(expr, Ref):
        assert isinstance(expr.key, Operand)
        return [expr.key]
    if isinstance(expr, Negate):
        return operands(expr.operand)
    if isinstance(expr, Binary):
        return operands(expr.left) + operands(expr.right)
    if isinstance(expr, Total):
        return [o for part in expr.parts for o in operands(part)]
    return []


def holds(relation: Relation, computed: Interval) -> bool:
    """The target's printed interval meets the computed one. Exact parts give a point, which
    must round (half away from zero) to the target as printed: 3,75 is 3,8, not 3,7."""
    target = relation.target.cell.value
    wanted = Interval.point(Decimal(0)) if target is None else Interval.printed(target)
    if relation.kind == "=":
        if target is not None and computed.lo == computed.hi:
            with localcontext() as context:
                context.prec = PRECISION
                return computed.lo.quantize(Decimal(1).scaleb(-decimals_of(target)),
                                            rounding=ROUND_HALF_UP) == target
        return computed.overlaps(wanted)
    # a breakdown: the parts together no larger than the whole, on the whole's side of zero
    return computed.lo <= wanted.hi if (target or 0) >= 0 else computed.hi >= wanted.lo


def parts_first(relations: list[Relation]) -> list[Relation]:
    """Relations ordered so that a relation comes after those whose targets it uses."""
    by_target: dict[tuple[str, int, str], list[int]] = {}
    for index, relation in enumerate(relations):
        by_target.setdefault(relation.target.key, []).append(index)
    needs = [{i for o in operands(r.expr) for i in by_target.get(o.key, ()) if i != index}
             for index, r in enumerate(relations)]
    done: set[int] = set()
    order: list[int] = []
    while len(order) < len(relations):
        ready = [i for i in range(len(relations)) if i not in done and needs[i] <= done]
        if not ready:  # a cycle of declarations: keep the writer's order for the rest
            ready = [min(i for i in range(len(relations)) if i not in done)]
        for index in ready:
            done.add(index)
            order.append(index)
    return [relations[i] for i in order]


def evaluate(relations: list[Relation]) -> tuple[list[Diagnostic], set[int]]:
    """Findings for the relations that do not hold, and the ids of the relations that failed."""
    findings: list[Diagnostic] = []
    failed: set[int] = set()
    corrected: dict[tuple[str, int, str], Interval] = {}  # reported targets → what they should be
    for relation in parts_first(relations):
        def actual(operand: Operand, rounding: bool = relation.rounding) -> Interval:
            return printed(operand, rounding)

        try:
            computed = interval_of(relation.expr, actual)
        except (ArithmeticError, ZeroDivisionError):
            continue  # a ratio over a zero figure: nothing to compare
        if holds(relation, computed):
            continue
        if any(o.key in corrected for o in operands(relation.expr)):
            def repaired(operand: Operand, rounding: bool = relation.rounding) -> Interval:
                return corrected.get(operand.key) or printed(operand, rounding)

            try:
                if holds(relation, interval_of(relation.expr, repaired)):
                    continue  # the wrong figure above is the one mistake, and is reported
            except (ArithmeticError, ZeroDivisionError):
                pass
        failed.add(id(relation))
        if relation.kind == "=":
            corrected.setdefault(relation.target.key, computed)
        findings.append(finding(relation, computed))
    return findings, failed


def _span(rows: list[Row], excel: bool) -> str:
    first, last = rows[0].line, rows[-1].line
    word = "sheet row" if excel else "line"
    return f"{word} {first}" if first == last else f"{word}s {first}–{last}"


def finding(relation: Relation, computed: Interval) -> Diagnostic:
    cell = relation.target.cell
    negative = relation.target.table.meta.negatives
    expected = computed.middle
    found = cell.value
    shown = format_number(found, negative=negative) if found is not None else "empty"
    with localcontext() as context:  # a long computed value keeps every digit
        context.prec = PRECISION
        difference = (found or Decimal(0)) - expected
    sign = "+" if difference > 0 else ""
    name = f" ({cell.location.cell})" if cell.location.cell else ""
    expected_text = format_number(expected, _decimals(expected, found), negative=negative)
    if relation.rounding and computed.radius:
        expected_text += f" (± {format_number(computed.radius + _half(found))} for rounding)"
    if relation.kind == "<=":
        message = (f"{relation.what} in column '{relation.target.column}'{name}: "
                   f"{relation.words}, but together they are {expected_text} against {shown}")
    elif relation.parts:
        span = _span(relation.parts, bool(cell.location.cell))
        words = f"{relation.words}: " if relation.words else ""
        message = (f"{relation.what} in column '{relation.target.column}'{name}: {words}expected "
                   f"{expected_text} (sum of {len(relation.parts)} rows, {span}), found {shown}, "
                   f"difference {sign}{format_number(difference, negative=negative)}")
    else:
        message = (f"{relation.what}{name}: {relation.words} = {expected_text}, found {shown}, "
                   f"difference {sign}{format_number(difference, _decimals(difference, found))}")
    return Diagnostic(relation.code, Severity.ERROR, message, cell.location, expected=expected,
                      found=found if found is not None else Decimal(0), hint=relation.hint)


def _half(value: Decimal | None) -> Decimal:
    return Interval.printed(value).radius if value is not None else Decimal(0)


def _decimals(value: Decimal, found: Decimal | None) -> int | None:
    """A computed ratio prints one decimal more than the figure it is compared with."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -2:
        return None
    shown = found.as_tuple().exponent if found is not None else 0
    return min(-exponent, max(0, -shown if isinstance(shown, int) else 0) + 1)
