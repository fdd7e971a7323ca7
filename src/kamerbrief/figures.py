"""Figures computed from table cells, for prose: ``{{reken …}}``.

A writer who types "in 89 procent" beside a quoted 1.129 and 1.273 has restated the table
by hand, and the figure goes stale at the next revision. ``{{reken}}`` computes it from the
cells instead, with the same ``[tabel | rij | kolom]`` addressing as ``{{waarde}}``::

    {{reken [vrijheidsstraffen | Totaal | 2023] / [uitspraken | Schuldig | 2023] | procent 0}}

Arithmetic is exact (``Decimal``) and dimension-aware: a cell is an amount in its table's
unit (``in 1.000 euro`` is scaled to euros first), a number is a plain factor. Adding an
amount to a factor, a percentage of an amount, or an amount printed without a unit word
when the tables' units differ is refused with a message, so a figure can never be silently
wrong by a factor of a thousand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext

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
    spell,
)
from kamerbrief.numbers import SCALES

PERCENT = "procent"
# Default decimals: a percentage reads as "89 procent", a scaled amount as "705,9 miljoen",
# a bare ratio as "0,89".
_PERCENT_DECIMALS = 0
_SCALED_DECIMALS = 1
_RATIO_DECIMALS = 2
_MAX_DECIMALS = 6
_DUTCH_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")


class FigureError(ValueError):
    """The expression cannot be read or computed; the message says what to write instead."""


@dataclass(frozen=True)
class CellTerm:
    """``[tabel | rij | kolom]``: one cell, looked up as ``{{waarde}}`` does."""

    table_id: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"[{self.table_id} | {self.row} | {self.column}]"


@dataclass(frozen=True)
class FigureFormat:
    """``procent 0``, ``miljoen 1``, ``2`` or nothing: how the result is printed."""

    scale: str = ""  # "", "procent", or a word of numbers.SCALES
    decimals: int | None = None


@dataclass(frozen=True)
class Figure:
    expression: Expr  # formula.py's tree; its Refs hold CellTerms
    fmt: FigureFormat


@dataclass(frozen=True)
class Quantity:
    """A value with its dimension: 1 for an amount (euros, cases), 0 for a ratio or factor."""

    value: Decimal
    dimension: int


# A cell's value in absolute units (euros, not thousands) and its table's unit scale.
CellLookup = Callable[[CellTerm], tuple[Decimal, Decimal]]


def parse_figure(body: str) -> Figure:
    """Read ``<expression> | <format>``; raises FigureError naming what is wrong.

    The expression is the sidecar's formula language (formula.py: ``+ - * /``, parentheses,
    the usual precedence) with cells for names; its numbers are read the Dutch way."""
    expression_text, fmt = _split_format(body)
    if not expression_text.strip():
        raise FigureError("the expression is empty; write e.g. [tabel | rij | kolom] / "
                          "[tabel | rij | kolom] | procent 0")
    try:
        expression = _dutch_operands(parse_expression(expression_text, cell=_cell))
    except FormulaError as exc:
        raise FigureError(f"{exc}; write cells as [tabel | rij | kolom], numbers as 100 or "
                          "0,5, and + - * / ( )") from None
    return Figure(expression, fmt)


def _split_format(body: str) -> tuple[str, FigureFormat]:
    """The format follows the last '|' outside brackets."""
    depth, split = 0, -1
    for index, char in enumerate(body):
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            split = index
    if depth:
        raise FigureError("a '[' has no matching ']'; write each cell as [tabel | rij | kolom]")
    if split < 0:
        return body, FigureFormat()
    return body[:split], _format(body[split + 1:])


def _format(text: str) -> FigureFormat:
    words = text.split()
    scale = ""
    if words and (words[0] == PERCENT or words[0] in SCALES):
        scale, words = words[0], words[1:]
    if not words:
        return FigureFormat(scale)
    if len(words) == 1 and re.fullmatch(r"[0-9]{1,2}", words[0]) and int(words[0]) <= _MAX_DECIMALS:
        return FigureFormat(scale, int(words[0]))
    raise FigureError(f"unknown format '{text.strip()}'; write e.g. 'procent 0', 'miljoen 1' or "
                      f"'2' (0 to {_MAX_DECIMALS} decimals)")


def _cell(text: str) -> CellTerm:
    parts = [part.strip() for part in text.split("|")]
    if len(parts) != 3 or not all(parts):
        raise FormulaError(f"'[{text}]' is not a cell")
    return CellTerm(*parts)


def _dutch_operands(expression: Expr) -> Expr:
    """Only cells and numbers, the numbers read the Dutch way: ``1.000`` is a thousand and
    ``1.000,5`` one more half (the sidecar language reads ``1.000`` as 1, or as a name)."""
    if isinstance(expression, Name | Number):
        if not _DUTCH_NUMBER.fullmatch(expression.text):
            raise FormulaError(f"unexpected '{expression.text}'")
        return Number(_dutch_value(expression.text), expression.text)
    if isinstance(expression, Span | Total):
        raise FormulaError(f"unexpected '{spell(expression)}'")
    if isinstance(expression, Negate):
        return Negate(_dutch_operands(expression.operand))
    if isinstance(expression, Binary):
        return Binary(expression.op, _dutch_operands(expression.left),
                      _dutch_operands(expression.right))
    return expression


def _dutch_value(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def cells(expression: Expr) -> list[CellTerm]:
    """Every cell the expression reads, left to right."""
    if isinstance(expression, Ref) and isinstance(expression.key, CellTerm):
        return [expression.key]
    if isinstance(expression, Negate):
        return cells(expression.operand)
    if isinstance(expression, Binary):
        return cells(expression.left) + cells(expression.right)
    return []


def evaluate(expression: Expr, lookup: CellLookup) -> Quantity:
    """The exact value; amounts in absolute units. Raises FigureError (or the lookup's)."""
    with localcontext() as context:
        context.prec = 40
        context.traps[DivisionByZero] = True
        context.traps[InvalidOperation] = True
        return _evaluate(expression, lookup)


def _evaluate(expression: Expr, lookup: CellLookup) -> Quantity:
    if isinstance(expression, Ref) and isinstance(expression.key, CellTerm):
        value, scale = lookup(expression.key)
        return Quantity(value * scale, 1)
    if isinstance(expression, Number):
        return Quantity(expression.value, 0)
    if isinstance(expression, Negate):
        inner = _evaluate(expression.operand, lookup)
        return Quantity(-inner.value, inner.dimension)
    if not isinstance(expression, Binary):
        raise FigureError(f"unexpected '{spell(expression)}'")
    left, right = _evaluate(expression.left, lookup), _evaluate(expression.right, lookup)
    if expression.op in "+-":
        if left.dimension != right.dimension:
            raise FigureError("a number is added to or taken from a table figure; multiply or "
                              "divide by numbers only, or write the number as a cell")
        value = left.value + right.value if expression.op == "+" else left.value - right.value
        return Quantity(value, left.dimension)
    if expression.op == "*":
        return Quantity(left.value * right.value, left.dimension + right.dimension)
    if right.value == 0:
        raise FigureError("division by zero: the divisor is 0 in the table")
    return Quantity(left.value / right.value, left.dimension - right.dimension)


def scaled(result: Quantity, fmt: FigureFormat, unit_scales: set[Decimal],
           cell_decimals: int) -> tuple[Decimal, int]:
    """The number to print and its decimals; an amount in the tables' own unit keeps the
    most decimals its cells show, as the tables print it."""
    if result.dimension == 0:
        if fmt.scale in SCALES:
            raise FigureError(f"'{fmt.scale}' scales an amount, but this is a ratio; use "
                              f"'{PERCENT}' or give decimals only")
        if fmt.scale == PERCENT:
            return result.value * 100, _default(fmt, _PERCENT_DECIMALS)
        return result.value, _default(fmt, _RATIO_DECIMALS)
    if result.dimension != 1:
        raise FigureError("the result multiplies table figures by each other; divide one by "
                          "the other, or by a number")
    if fmt.scale == PERCENT:
        raise FigureError("a percentage needs a ratio: divide by a table figure")
    if fmt.scale in SCALES:
        return result.value / SCALES[fmt.scale], _default(fmt, _SCALED_DECIMALS)
    if len(unit_scales) > 1:
        raise FigureError("the cells come from tables in different units; give a unit word "
                          "(duizend, miljoen, miljard) to print the result in")
    unit = next(iter(unit_scales), Decimal(1))
    return result.value / unit, _default(fmt, cell_decimals)


def _default(fmt: FigureFormat, decimals: int) -> int:
    return decimals if fmt.decimals is None else fmt.decimals
