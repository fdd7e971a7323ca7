"""Column formulas in the sidecar: KB103 (does not hold) and KB115 (cannot be read)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SIDECAR, check, describe, one, only, table_project

# Tabel 3's Verschil column: given on subtotal/total rows and on the single-row group only.
CSV = """Hoofdlijn;Deelopgave;Plan;Realisatie;Verschil
Voorkomen;Preventie;88.204;84.035;
;Drugs;22.200;17.416;
;SUBTOTAAL;110.404;101.451;8.953
Beleid;Monitoring;72.697;70.104;2.593
;TOTAAL;183.101;171.555;11.546
"""


def formula(expr: str, column: str = "Verschil") -> str:
    return SIDECAR + f'labels = 2\n\n[[formulas]]\ncolumn = "{column}"\nexpr = "{expr}"\n'


def test_formula_that_holds_is_clean(make_project) -> None:
    assert check(table_project(make_project, CSV, formula("Plan - Realisatie"))) == []


def test_formula_broken_on_a_row_is_kb103_at_the_cell(make_project) -> None:
    csv = CSV.replace("70.104;2.593", "70.104;2.539")
    findings = check(table_project(make_project, csv, formula("Plan - Realisatie")))
    finding = one(findings, "KB103")
    assert finding.location.path == "tables/t.csv"
    assert (finding.location.line, finding.location.row, finding.location.column) == \
        (5, "Monitoring", "Verschil")
    assert finding.expected == Decimal("2593")
    assert finding.found == Decimal("2539")
    assert finding.difference == Decimal("-54")
    assert "2.593" in finding.message and "2.539" in finding.message
    # one wrong figure, one finding: the total's Verschil agrees with the corrected cell
    assert only(findings, "KB102") == [], describe(findings)


def test_formula_is_checked_only_where_the_target_has_a_value(make_project) -> None:
    # the item rows' Verschil is empty: no KB103 there
    findings = check(table_project(make_project, CSV, formula("Plan - Realisatie")))
    assert only(findings, "KB103") == []


def test_formula_on_a_total_row(make_project) -> None:
    csv = CSV.replace(";TOTAAL;183.101;171.555;11.546", ";TOTAAL;183.101;171.555;11.564")
    findings = check(table_project(make_project, csv, formula("Plan - Realisatie")))
    finding = one(findings, "KB103")
    assert (finding.location.line, finding.location.row) == (6, "TOTAAL")
    assert finding.expected == Decimal("11546")


def test_wrong_total_breaks_its_formula_but_is_reported_once(make_project) -> None:
    """The TOTAAL's Realisatie is off by one: its sum fails, and the Verschil on that row, which
    agrees with the corrected Realisatie, is not reported a second time."""
    csv = CSV.replace(";TOTAAL;183.101;171.555;11.546", ";TOTAAL;183.101;171.556;11.546")
    findings = check(table_project(make_project, csv, formula("Plan - Realisatie")))
    finding = one(findings, "KB102")
    assert (finding.location.row, finding.location.column) == ("TOTAAL", "Realisatie")
    assert only(findings, "KB103") == [], describe(findings)


def test_backticks_for_names_with_spaces_and_numeric_names(make_project) -> None:
    csv = "Post;Plan 2023;2024;Groei\nA;10;15;5\nB;20;18;-2\n"
    sidecar = SIDECAR + '[[formulas]]\ncolumn = "Groei"\nexpr = "2024 - `Plan 2023`"\n'
    assert check(table_project(make_project, csv, sidecar)) == []
    bad = csv.replace("B;20;18;-2", "B;20;18;2")
    finding = one(check(table_project(make_project, bad, sidecar)), "KB103")
    assert (finding.location.line, finding.location.row) == (3, "B")


def test_precedence_parentheses_and_numbers(make_project) -> None:
    csv = "Post;A;B;C\nx;2;3;-4\ny;1;1;0\n"
    sidecar = SIDECAR + '[[formulas]]\ncolumn = "C"\nexpr = "(A - B) * 4"\n'
    assert check(table_project(make_project, csv, sidecar)) == []
    sidecar = SIDECAR + '[[formulas]]\ncolumn = "C"\nexpr = "A - B * 2"\n'
    findings = check(table_project(make_project, csv, sidecar))
    # x: 2 - 3 × 2 = -4 holds ((2 - 3) × 2 would not); y: 1 - 1 × 2 = -1, not 0
    assert [(f.code, f.location.line) for f in findings] == [("KB103", 3)]


def test_division_compares_at_the_decimals_shown(make_project) -> None:
    csv = "Post;Deel;Geheel;Aandeel\nx;1;3;33,3\n"
    sidecar = SIDECAR + '[[formulas]]\ncolumn = "Aandeel"\nexpr = "Deel / Geheel * 100"\n'
    assert check(table_project(make_project, csv, sidecar)) == []
    findings = check(table_project(make_project, csv.replace("33,3", "33,4"), sidecar))
    one(findings, "KB103")


def test_column_names_are_case_insensitive(make_project) -> None:
    sidecar = formula("plan - REALISATIE", column="verschil")
    assert check(table_project(make_project, CSV, sidecar)) == []


@pytest.mark.parametrize(
    ("expr", "column", "word"),
    [
        ("Plan - Realisatie2", "Verschil", "unknown column 'Realisatie2'"),
        ("Plan - Realisatie", "Verschill", "unknown column 'Verschill'"),
        ("Plan -", "Verschil", "ends too early"),
        ("(Plan - Realisatie", "Verschil", "missing ')'"),
        # adjacent words are one name ("Totaal baten"): a missing operator shows as that name
        ("Plan Realisatie", "Verschil", "unknown column 'Plan Realisatie'"),
        ("Plan % Realisatie", "Verschil", "unknown column 'Plan % Realisatie'"),
        ("Plan + * Realisatie", "Verschil", "unexpected '*'"),
        ("", "Verschil", "empty"),
        ("Hoofdlijn - Plan", "Verschil", "unknown column 'Hoofdlijn'"),  # a label column
    ],
)
def test_unreadable_formula_is_kb115_at_its_line(make_project, expr, column, word) -> None:
    findings = check(table_project(make_project, CSV, formula(expr, column)))
    finding = one(findings, "KB115")
    # an unknown target column is reported at 'column =' (line 7), the rest at 'expr =' (8)
    line = 7 if word == f"unknown column '{column}'" else 8
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", line)
    assert word in finding.message
    assert only(findings, "KB103") == []


def test_kb115_points_at_the_right_formula(make_project) -> None:
    sidecar = SIDECAR + ('labels = 2\n\n[[formulas]]\ncolumn = "Verschil"\nexpr = "Plan - Realisatie"\n'
                         '\n[[formulas]]\ncolumn = "Plan"\nexpr = "Realisatie + Nope"\n')
    findings = check(table_project(make_project, CSV, sidecar))
    assert one(findings, "KB115").location.line == 12, describe(findings)
