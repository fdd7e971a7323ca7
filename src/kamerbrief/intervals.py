"""Printed figures as intervals: the one rounding rule for sums, formulas and row rules.

A figure printed as ``250`` stands for every value that rounds to it, [249,5; 250,5]; ``249,8``
for [249,75; 249,85]. A relation between printed figures holds when the intervals of both
sides overlap (XBRL Calculations 1.1, "rounded values consistent"). In exact mode the parts
are taken as the true figures and only the result keeps its interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from kamerbrief.numbers import MAX_DIGITS, decimals_of

# Products and quotients of 18-digit figures, kept exact enough that rounding them to the
# printed precision never depends on the context's default 28 digits.
PRECISION = 2 * MAX_DIGITS + 30


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @staticmethod
    def point(value: Decimal) -> Interval:
        return Interval(value, value)

    @staticmethod
    def printed(value: Decimal) -> Interval:
        """Every value that prints as ``value`` at its own printed precision."""
        half = Decimal(5).scaleb(-decimals_of(value) - 1)
        return Interval(value - half, value + half)

    @property
    def middle(self) -> Decimal:
        with localcontext() as context:
            context.prec = PRECISION
            return (self.lo + self.hi) / 2

    @property
    def radius(self) -> Decimal:
        with localcontext() as context:
            context.prec = PRECISION
            return (self.hi - self.lo) / 2

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def __add__(self, other: Interval) -> Interval:
        with localcontext() as context:
            context.prec = PRECISION
            return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        with localcontext() as context:
            context.prec = PRECISION
            return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval) -> Interval:
        with localcontext() as context:
            context.prec = PRECISION
            products = [a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
            return Interval(min(products), max(products))

    def __truediv__(self, other: Interval) -> Interval:
        """Raises ZeroDivisionError when the divisor's interval holds zero: no bound exists."""
        if other.lo <= 0 <= other.hi:
            raise ZeroDivisionError("division by a figure that may be zero")
        with localcontext() as context:
            context.prec = PRECISION
            quotients = [a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi)]
            return Interval(min(quotients), max(quotients))
