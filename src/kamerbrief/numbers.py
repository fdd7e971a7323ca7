"""Dutch and plain numbers to exact Decimals, and back to Dutch text.

Money is never a float: a cell's text becomes a ``Decimal`` that keeps the number of
decimals the writer showed, so rounding tolerances and output formatting follow the source.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.numbers import NumberPattern

NIL_TEXTS = frozenset({"", "-", "–", "—", "‒"})
# Nil as Kamer tables print it in words or dots: pro memorie, not applicable, not known, secret
# (CBS). Read as nil, printed as written.
WORD_NILS = frozenset({"p.m.", "pm", "p.m", "n.v.t.", "nvt", "n.v.t", "n.b.", ".", "..", "...", "…"})
_MINUS = "-−–‒"
# Printed for a nil cell: an en dash, never the hyphen, so it cannot be read as a minus (a
# negative figure gets the true minus sign U+2212).
NIL_SIGN = "–"
NEGATIVE_STYLES = ("minus", "dash", "parentheses")
_DUTCH = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$")
_MARKS = "*¹²³⁴⁵⁶⁷⁸⁹⁰†‡"


MAX_DIGITS = 18  # 1.234.567.890.123.456,78 is plenty; sums stay exact in 28-digit Decimals


class NumberError(ValueError):
    """A cell's text is not a number; ``detail`` says what is wrong ("is not a number")."""

    def __init__(self, message: str, detail: str = "is not a number"):
        super().__init__(message)
        self.detail = detail


def split_marks(text: str) -> tuple[str, str]:
    """Split trailing note marks (``*``, superscripts) from a cell's text."""
    stripped = text.rstrip()
    end = len(stripped)
    while end and (stripped[end - 1] in _MARKS or stripped[end - 1] == " "):
        end -= 1
    return stripped[:end].rstrip(), stripped[end:].replace(" ", "")


def is_nil(text: str) -> bool:
    """True for the texts a Dutch table uses for 'nothing': empty, dash, en dash."""
    return text.strip().replace("\u00a0", "") in NIL_TEXTS


def is_word_nil(text: str) -> bool:
    """True for a nil written as a word or dots (``p.m.``, ``n.v.t.``, ``...``): printed as is."""
    return text.strip().casefold() in WORD_NILS


def split_percent(text: str) -> tuple[str, str]:
    """``12,5%`` → (``12,5``, ``%``): a percentage keeps its sign for printing."""
    stripped = text.rstrip()
    if stripped.endswith("%"):
        return stripped[:-1].rstrip(), "%"
    return text, ""


def parse_number(text: str) -> Decimal | None:
    """Parse ``1.234.567``, ``12,5``, ``-1.234``, ``(1.234)`` or plain ``1234.5``.

    Returns None for nil. Raises NumberError for anything else.
    """
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned in NIL_TEXTS or cleaned.casefold() in WORD_NILS:
        return None
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    elif cleaned[0] in _MINUS and len(cleaned) > 1:
        negative, cleaned = True, cleaned[1:]
    elif cleaned[0] == "+":
        cleaned = cleaned[1:]
    if _DUTCH.match(cleaned):
        canonical = cleaned.replace(".", "").replace(",", ".")
    elif _PLAIN.match(cleaned):
        canonical = cleaned
    else:
        raise NumberError(f"'{text.strip()}' is not a number")
    digits = sum(char.isdigit() for char in canonical)
    if digits > MAX_DIGITS:
        detail = f"has {digits} digits; a number may have at most {MAX_DIGITS}"
        raise NumberError(f"'{text.strip()}' {detail}", detail)
    try:
        value = Decimal(canonical)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above exclude this
        raise NumberError(f"'{text.strip()}' is not a number") from exc
    return -value if negative else value


def decimals_of(value: Decimal) -> int:
    """Number of decimals shown in the source text (``12,50`` → 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(
    value: Decimal | None, decimals: int | None = None, nil: str = NIL_SIGN, locale: str = "nl_NL",
    negative: str = "minus",
) -> str:
    """Locale notation via Babel (nl_NL: ``1.234.567``, ``12,5``, ``−1.234``); ``nil`` for None.

    Babel formats Decimals exactly and knows every locale's separators, so a project with
    ``locale = "en_GB"`` gets ``1,234,567.5`` without code of ours. Negatives get a true minus,
    never the hyphen that a nil dash also is; or the table's own convention: ``dash``
    (``– 3.343``, the Rijksbegroting's) or ``parentheses`` (``(3.343)``).
    """
    if value is None:
        return nil
    if decimals is None:
        decimals = decimals_of(value)
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as context:  # a long computed value must not overflow 28 digits
        context.prec = max(context.prec, value.adjusted() + decimals + 3)
        rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
        separators = _SEPARATORS.get(locale)
        if separators is not None:
            text = _grouped(abs(rounded), *separators)
        else:
            pattern, babel_locale = _number_format(decimals, locale)
            text = pattern.apply(abs(rounded), babel_locale, decimal_quantization=True)
    if rounded >= 0:
        return text
    if negative == "dash":
        return f"– {text}"
    if negative == "parentheses":
        return f"({text})"
    return f"−{text}"


# Group and decimal separators of the locales Kamer reports are written in, as Babel's CLDR
# data gives them (tests/test_numbers.py compares the two): loading that data costs more than
# a whole `kamerbrief check` of the example otherwise does. Other locales go through Babel.
_SEPARATORS = {"nl_NL": (".", ","), "nl": (".", ","), "nl_BE": (".", ",")}


def _grouped(value: Decimal, group: str, decimal: str) -> str:
    """A non-negative, already rounded Decimal as ``1.234.567,50``."""
    whole, _, fraction = f"{value:f}".partition(".")
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)]
    return group.join(parts) + (decimal + fraction if fraction else "")


@lru_cache(maxsize=64)
def _number_format(decimals: int, locale: str) -> tuple[NumberPattern, Locale]:
    """Babel's parsed pattern and locale, once per (decimals, locale): ``format_decimal``
    parses both again on every call, which was most of the cost of a table's cells."""
    from babel import Locale
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "")), Locale.parse(locale)


SCALES: dict[str, Decimal] = {
    "duizend": Decimal(1000),
    "miljoen": Decimal(1_000_000),
    "miljard": Decimal(1_000_000_000),
}
