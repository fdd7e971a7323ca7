"""SUBTOTAAL and TOTAAL rows (KB101, KB102, KB105, KB106) and the rounding tolerance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SIDECAR, check, describe, one, only, table_project

GROUPED = SIDECAR + "labels = 2\n"

# The shape of the annex's Tabel 3: subtotals per group, a lone item, a TOTAAL over both.
TABEL3 = """Hoofdlijn;Deelopgave;Plan;Realisatie
Voorkomen;Preventie;88.204;84.035
;Drugs;22.200;17.416
;SUBTOTAAL;110.404;101.451
Bestraffen;Berechting;68.190;51.768
;Opsporing;152.911;123.763
;SUBTOTAAL;221.101;175.531
Beleid;Monitoring;72.697;70.104
;TOTAAL;404.202;347.086
"""

# The shape of Tabel 4: one SUBTOTAAL over the first rows, then items, then TOTAAL.
TABEL4 = """Moment;Middel;2024
Regeerakkoord;Versterking;10.000
Voorjaarsnota;BOTO;146.700
SUBTOTAAL;;156.700
;Loon- en prijsbijstelling;42.488
;Verschuiving middelen;12.012
TOTAAL;;211.200
"""


def test_grouped_table_that_adds_up_is_clean(make_project) -> None:
    assert check(table_project(make_project, TABEL3, GROUPED)) == []
    assert check(table_project(make_project, TABEL4, GROUPED)) == []


def test_wrong_subtotal_is_kb101_with_expected_found_difference(make_project) -> None:
    csv = TABEL3.replace(";SUBTOTAAL;221.101;", ";SUBTOTAAL;221.111;")
    findings = check(table_project(make_project, csv, GROUPED))
    finding = one(findings, "KB101")
    assert finding.location.path == "tables/t.csv"
    assert finding.location.line == 7
    assert finding.location.row == "Bestraffen > SUBTOTAAL"
    assert finding.location.column == "Plan"
    assert finding.expected == Decimal("221101")
    assert finding.found == Decimal("221111")
    assert finding.difference == Decimal("10")
    assert "expected 221.101" in finding.message and "found 221.111" in finding.message
    assert "+10" in finding.message and "lines 5–6" in finding.message
    # The TOTAAL agrees with the items, so the subtotal is the one mistake: reported once.
    assert only(findings, "KB102") == []


def test_wrong_subtotal_and_a_wrong_total_are_both_reported(make_project) -> None:
    csv = TABEL3.replace(";SUBTOTAAL;221.101;", ";SUBTOTAAL;221.111;").replace(
        ";TOTAAL;404.202;", ";TOTAAL;404.200;")
    findings = check(table_project(make_project, csv, GROUPED))
    assert one(findings, "KB101").location.line == 7
    total = one(findings, "KB102")
    assert total.location.line == 9 and total.expected == Decimal("404212")


def test_total_that_follows_a_wrong_subtotal_is_reported_once_at_the_subtotal(make_project) -> None:
    # Someone changed an item and the TOTAAL, and forgot the SUBTOTAAL between them.
    csv = TABEL3.replace(";Drugs;22.200;", ";Drugs;22.300;").replace(
        ";TOTAAL;404.202;", ";TOTAAL;404.302;")
    findings = check(table_project(make_project, csv, GROUPED))
    assert one(findings, "KB101").location.line == 4
    assert only(findings, "KB102") == [], describe(findings)


def test_wrong_item_breaks_its_subtotal_and_the_total(make_project) -> None:
    csv = TABEL3.replace(";Drugs;22.200;", ";Drugs;22.300;")
    findings = check(table_project(make_project, csv, GROUPED))
    sub = one(findings, "KB101")
    assert (sub.location.line, sub.location.row, sub.location.column) == (4, "Voorkomen > SUBTOTAAL",
                                                                          "Plan")
    assert sub.expected == Decimal("110504") and sub.found == Decimal("110404")
    assert sub.difference == Decimal("-100")
    assert only(findings, "KB102") == []  # the total sums the subtotals as written


def test_wrong_total_is_kb102(make_project) -> None:
    csv = TABEL3.replace(";TOTAAL;404.202;347.086", ";TOTAAL;404.202;347.087")
    findings = check(table_project(make_project, csv, GROUPED))
    finding = one(findings, "KB102")
    assert finding.location.path == "tables/t.csv"
    assert (finding.location.line, finding.location.row, finding.location.column) == \
        (9, "TOTAAL", "Realisatie")
    assert finding.expected == Decimal("347086")
    assert finding.found == Decimal("347087")
    assert finding.difference == Decimal("1")
    assert only(findings, "KB101") == []


def test_total_counts_the_lone_item_and_not_the_grouped_items_twice(make_project) -> None:
    # Leaving the lone item out of the total is caught: 404.202 - 72.697
    csv = TABEL3.replace(";TOTAAL;404.202;", ";TOTAAL;331.505;")
    finding = one(check(table_project(make_project, csv, GROUPED)), "KB102")
    assert finding.expected == Decimal("404202")


def test_tabel4_shape_subtotal_then_items(make_project) -> None:
    bad_sub = TABEL4.replace("SUBTOTAAL;;156.700", "SUBTOTAAL;;156.701")
    findings = check(table_project(make_project, bad_sub, GROUPED))
    assert one(findings, "KB101").location.line == 4
    assert only(findings, "KB102") == []  # the TOTAAL agrees with the items: one mistake
    bad_item = TABEL4.replace(";Verschuiving middelen;12.012", ";Verschuiving middelen;12.013")
    findings = check(table_project(make_project, bad_item, GROUPED))
    assert one(findings, "KB102").location.line == 7
    assert only(findings, "KB101") == []


def test_missing_total_value_is_reported_as_empty(make_project) -> None:
    finding = one(check(table_project(make_project, "Post;2023\nA;1\nB;2\nTOTAAL;-\n")), "KB102")
    assert "found empty" in finding.message
    assert finding.expected == Decimal(3)


def test_column_with_only_nil_parts_is_not_summed(make_project) -> None:
    # A formula column: empty on the item rows, filled on the total.
    csv = "Post;Plan;Verschil\nA;1;\nB;2;-\nTOTAAL;3;99\n"
    findings = check(table_project(make_project, csv))
    # not summed, and not silently passed either: the column looks computed and nothing checks it
    assert [(f.code, f.severity.value, f.location.column) for f in findings] == \
        [("KB120", "warning", "Verschil")], describe(findings)


def test_nil_parts_count_as_zero(make_project) -> None:
    csv = "Post;2023\nA;5\nB;-\nC;\nTOTAAL;5\n"
    assert check(table_project(make_project, csv)) == []


def test_negative_parts(make_project) -> None:
    assert check(table_project(make_project, "Post;2023\nA;10\nB;-3\nC;(2)\nTOTAAL;5\n")) == []
    one(check(table_project(make_project, "Post;2023\nA;10\nB;-3\nTOTAAL;13\n")), "KB102")


def test_decimal_figures(make_project) -> None:
    assert check(table_project(make_project, "Post;2023\nA;1,25\nB;2,5\nTOTAAL;3,75\n")) == []
    finding = one(check(table_project(make_project, "Post;2023\nA;1,25\nB;2,5\nTOTAAL;3,7\n")),
                  "KB102")
    assert finding.difference == Decimal("-0.05")


def test_subtotal_without_items_is_kb105(make_project) -> None:
    csv = "Groep;Post;2023\nA;x;1\n;SUBTOTAAL;1\n;SUBTOTAAL;0\n;TOTAAL;1\n"
    findings = check(table_project(make_project, csv, GROUPED))
    finding = one(findings, "KB105")
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 4)
    assert "SUBTOTAAL" in finding.message


def test_total_without_rows_is_kb105(make_project) -> None:
    finding = one(check(table_project(make_project, "Post;2023\nTOTAAL;1\n")), "KB105")
    assert (finding.location.path, finding.location.line, finding.location.row) == \
        ("tables/t.csv", 2, "TOTAAL")


def test_table_without_totals_has_nothing_to_check(make_project) -> None:
    assert check(table_project(make_project, "Post;2023\nA;1\nB;2\n")) == []


def test_second_total_is_kb106_and_sums_only_the_rows_since_the_first(make_project) -> None:
    csv = "Post;2023\nA;1\nB;2\nTOTAAL;3\nC;4\nD;5\nTOTAAL;9\n"
    findings = check(table_project(make_project, csv))
    finding = one(findings, "KB106")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 7)
    assert only(findings, "KB102") == []


def test_single_total_no_kb106(make_project) -> None:
    assert only(check(table_project(make_project, "Post;2023\nA;1\nTOTAAL;1\n")), "KB106") == []


def test_totaal_word_variants(make_project) -> None:
    # "Totaal" (the two prose tables of the example) and a mark after the word
    assert check(table_project(make_project, ";2023\nA;1\nB;2\nTotaal;3\n")) == []
    one(check(table_project(make_project, ";2023\nA;1\nB;2\nTotaal;4\n")), "KB102")
    sidecar = SIDECAR + '[notes]\n"*" = "Voorlopig"\n'
    one(check(table_project(make_project, "Post;2023\nA;1\nB;2\nTOTAAL*;4\n", sidecar)), "KB102")


# ---------------------------------------------------------------- rounding tolerance

ROUNDING = SIDECAR + 'tolerance = "rounding"\n'


@pytest.mark.parametrize(
    ("total", "passes"),
    [
        ("3", True),  # exact
        ("4", True),  # |diff| 1 ≤ (2 + 1) × ½ = 1,5
        ("2", True),
        ("5", False),  # |diff| 2 > 1,5
        ("1", False),
    ],
)
def test_rounding_tolerance_two_parts(make_project, total: str, passes: bool) -> None:
    findings = check(table_project(make_project, f"Post;2023\nA;1\nB;2\nTOTAAL;{total}\n", ROUNDING))
    assert (findings == []) is passes, describe(findings)


@pytest.mark.parametrize(("total", "passes"), [("8", True), ("4", True), ("9", False), ("3", False)])
def test_rounding_tolerance_three_parts_boundary_is_inclusive(make_project, total, passes) -> None:
    # n = 3: (3 + 1) × ½ = 2, so 6 ± 2 passes and 6 ± 3 does not
    csv = f"Post;2023\nA;1\nB;2\nC;3\nTOTAAL;{total}\n"
    findings = check(table_project(make_project, csv, ROUNDING))
    assert (findings == []) is passes, describe(findings)


@pytest.mark.parametrize(
    ("total", "passes"),
    [
        ("4,1", True),  # one decimal shown: unit 0,1, two parts: tolerance 0,15 around 4,0
        ("3,9", True),
        ("4,2", False),
        ("3,85", False),  # two decimals shown: the unit becomes 0,01, tolerance 0,015
    ],
)
def test_rounding_tolerance_follows_the_last_shown_digit(make_project, total, passes) -> None:
    csv = f"Post;2023\nA;1,5\nB;2,5\nTOTAAL;{total}\n"
    findings = check(table_project(make_project, csv, ROUNDING))
    assert (findings == []) is passes, describe(findings)


def test_rounding_tolerance_applies_to_subtotals(make_project) -> None:
    csv = "Groep;Post;2023\nA;x;1\n;y;2\n;SUBTOTAAL;4\n;TOTAAL;4\n"
    assert check(table_project(make_project, csv, ROUNDING + "labels = 2\n")) == []
    assert [f.code for f in check(table_project(make_project, csv, GROUPED))] == ["KB101"]


def test_exact_is_the_default(make_project) -> None:
    finding = one(check(table_project(make_project, "Post;2023\nA;1\nB;2\nTOTAAL;4\n")), "KB102")
    assert finding.difference == Decimal(1)
    explicit = SIDECAR + 'tolerance = "exact"\n'
    one(check(table_project(make_project, "Post;2023\nA;1\nB;2\nTOTAAL;4\n", explicit)), "KB102")


def test_a_rate_in_a_total_row_is_kb124_not_a_false_sum_error(make_project) -> None:
    """A growth column's TOTAAL (2,8% between 5,0% and 2,0%) is a rate of the total, not the
    sum of the rates: kamerbrief does not sum it, and says it does not check it. A share
    column that adds up is checked as ever, and one that does not is still an error."""
    from conftest import SIDECAR, check, describe, one, only, table_project

    rate = "Post;2023;Groei\nA;10;5,0%\nB;30;2,0%\nTOTAAL;40;2,8%\n"
    findings = check(table_project(make_project, rate, SIDECAR))
    assert only(findings, "KB102") == [], describe(findings)
    warning = one(findings, "KB124")
    assert (warning.location.line, warning.location.column) == (4, "Groei")
    shares = "Post;Aantal;Aandeel\nA;10;25%\nB;30;75%\nTOTAAL;40;100%\n"
    assert check(table_project(make_project, shares, SIDECAR)) == []
    wrong = "Post;Aantal;Aandeel\nA;10;25%\nB;30;75%\nTOTAAL;40;90%\n"
    findings = check(table_project(make_project, wrong, SIDECAR))
    assert one(findings, "KB102").location.column == "Aandeel" and only(findings, "KB124") == []
