"""numbers.py: Dutch number text ⇄ exact Decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamerbrief.numbers import (
    NumberError,
    decimals_of,
    format_number,
    is_nil,
    parse_number,
    split_marks,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", Decimal("1234567")),
        ("1.234", Decimal("1234")),
        ("12,5", Decimal("12.5")),
        ("12,50", Decimal("12.50")),
        ("1.234,56", Decimal("1234.56")),
        ("0", Decimal("0")),
        ("705.900", Decimal("705900")),
        ("-1.234", Decimal("-1234")),
        ("−1.234", Decimal("-1234")),  # U+2212 minus sign
        ("–5", Decimal("-5")),  # en dash before a number is a minus
        ("(1.234)", Decimal("-1234")),
        ("+5", Decimal("5")),
        ("  42  ", Decimal("42")),
        ("1\u00a0234", Decimal("1234")),  # non-breaking space as thousands separator
        ("1234.5", Decimal("1234.5")),  # plain notation
        ("1234", Decimal("1234")),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    value = parse_number(text)
    assert value == expected
    assert isinstance(value, Decimal)


def test_parse_number_keeps_the_decimals_shown() -> None:
    assert decimals_of(parse_number("12,50")) == 2
    assert decimals_of(parse_number("1.234")) == 0
    assert decimals_of(parse_number("0,125")) == 3


@pytest.mark.parametrize("text", ["", "-", "–", "—", "   ", "\u00a0"])
def test_nil_texts_parse_to_none(text: str) -> None:
    assert parse_number(text) is None
    assert is_nil(text)


@pytest.mark.parametrize("text", ["abc", "12a", "1,2,3", "1.234,", ",5", "1.23.4", "--5", "()", "€ 5",
                                  "5%", "+"])
def test_parse_number_rejects_text(text: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    assert text.strip() in str(info.value)


def test_is_nil_false_for_numbers() -> None:
    assert not is_nil("0")
    assert not is_nil("-5")


@pytest.mark.parametrize(
    ("text", "value", "marks"),
    [
        ("Preventie met gezag*", "Preventie met gezag", "*"),
        ("1.234 *", "1.234", "*"),
        ("Totaal⁵", "Totaal", "⁵"),
        ("Post¹²", "Post", "¹²"),
        ("geen merk", "geen merk", ""),
    ],
)
def test_split_marks(text: str, value: str, marks: str) -> None:
    assert split_marks(text) == (value, marks)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Decimal("1234567"), None, "1.234.567"),
        (Decimal("12.5"), None, "12,5"),
        (Decimal("-1234"), None, "−1.234"),
        (Decimal("12.50"), None, "12,50"),
        (Decimal("705.9"), 1, "705,9"),
        (Decimal("94.976"), 0, "95"),
        (Decimal("1.25"), 1, "1,3"),  # half up, as a reader expects
        (Decimal("1000"), 2, "1.000,00"),
        (None, None, "–"),  # nil: an en dash, so it is no minus
    ],
)
def test_format_number(value: Decimal | None, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_other_locale_and_nil_text() -> None:
    assert format_number(Decimal("1234567.5"), locale="en_GB") == "1,234,567.5"
    assert format_number(None, nil="–") == "–"


_amounts = st.integers(min_value=-10**12, max_value=10**12)


@settings(max_examples=200, deadline=None)
@given(units=_amounts, decimals=st.integers(min_value=0, max_value=3))
def test_format_then_parse_round_trips(units: int, decimals: int) -> None:
    value = Decimal(units).scaleb(-decimals)
    text = format_number(value)
    parsed = parse_number(text)
    assert parsed == value, text
    assert decimals_of(parsed) == decimals_of(value), text


@settings(max_examples=400, deadline=None)
@given(value=st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"),
                         allow_nan=False, allow_infinity=False, places=4),
       decimals=st.integers(min_value=0, max_value=4),
       locale=st.sampled_from(["nl_NL", "nl", "nl_BE"]))
def test_dutch_grouping_is_what_babel_gives(value: Decimal, decimals: int, locale: str) -> None:
    """The Dutch separators are written out to spare loading Babel's locale data; they must
    stay what Babel (CLDR) says."""
    from babel.numbers import format_decimal

    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    expected = format_decimal(abs(rounded), format="#,##0" + ("." + "0" * decimals if decimals
                                                              else ""), locale=locale,
                              decimal_quantization=True)
    text = format_number(value, decimals, locale=locale)
    assert text.removeprefix("−") == expected
