"""The repository's own example report: it reads clean, and its checks do real work."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import EXAMPLE_ROOT, FINANCIAL_TABLES, check, describe, errors, load, one, only
from kamerbrief.diagnostics import Severity
from kamerbrief.lookup import find_rows
from kamerbrief.model import RowKind, ValueRef
from kamerbrief.walk import chapter_inlines


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE_ROOT)


def test_example_loads_without_error_findings(example) -> None:
    report, findings = example
    assert errors(findings) == [], describe(findings)
    assert findings == [], describe(findings)  # nor warnings
    assert len(report.chapters) == 6
    assert report.chapters[-1].kind == "annex"


@pytest.mark.parametrize(
    ("table_id", "subtotals", "totals", "rows"),
    [
        ("ontvangen-middelen", 0, 1, 9),
        ("geplande-besteding", 0, 1, 9),
        ("besteding-2023", 4, 1, 18),
        ("geplande-besteding-2024", 1, 1, 12),
        ("besteding-per-opgave", 4, 1, 18),
    ],
)
def test_financial_tables_have_their_structure(example, table_id, subtotals, totals, rows) -> None:
    table = example[0].tables[table_id]
    kinds = [row.kind for row in table.rows]
    assert kinds.count(RowKind.SUBTOTAL) == subtotals
    assert kinds.count(RowKind.TOTAL) == totals
    assert len(table.rows) == rows
    assert kinds[-1] is RowKind.TOTAL
    assert len(table.label_columns) == 2
    assert table.meta.unit == "in 1.000 euro" and table.meta.unit_scale == 1000


def test_financial_tables_are_numbered_in_the_annex(example) -> None:
    """Tabel 1–5 as printed: the statistics before them have numbered = false."""
    report, _ = example
    assert [report.tables[t].number for t in FINANCIAL_TABLES] == [1, 2, 3, 4, 5]
    statistics = [report.tables[t] for t in ("beslaglegging", "uitspraken", "vrijheidsstraffen")]
    assert all(t.placed and t.number == 0 and not t.meta.caption for t in statistics)


def test_besteding_2023_groups(example) -> None:
    table = example[0].tables["besteding-2023"]
    subtotals = [row for row in table.rows if row.kind is RowKind.SUBTOTAL]
    assert [row.group for row in subtotals] == [
        "Voorkomen", "Verstoren van netwerken en verdienmodellen", "Bestraffen", "Beschermen"]
    assert [row.line for row in subtotals] == [4, 11, 14, 17]
    lone = table.rows[-2]
    assert (lone.kind, lone.group) == (RowKind.ITEM, "Ondermijningsbeleid")


def cell(report, table_id: str, row: str, column: str) -> Decimal | None:
    (found,) = find_rows(report.tables[table_id], row)
    return found.cells[column].value


@pytest.mark.parametrize(
    ("table_id", "row", "column", "value"),
    [
        ("besteding-2023", "TOTAAL", "Plan", Decimal("705900")),
        ("besteding-2023", "TOTAAL", "Realisatie", Decimal("610924")),
        ("besteding-2023", "TOTAAL", "Verschil", Decimal("94976")),
        ("besteding-2023", "Bestraffen > SUBTOTAAL", "Plan", Decimal("221101")),
        ("besteding-2023", "Preventie met Gezag", "Verschil", None),
        ("geplande-besteding", "TOTAAL", "2023", Decimal("705900")),
        ("geplande-besteding", "Incidentele bijdrage BOTO", "2024", None),
        ("geplande-besteding-2024", "SUBTOTAAL", "2024", Decimal("775500")),
        ("geplande-besteding-2024", "Loon- en prijsbijstelling", "structureel", Decimal("40114")),
        ("geplande-besteding-2024", "TOTAAL", "2024", Decimal("830000")),
        ("besteding-per-opgave", "TOTAAL", "2026", Decimal("806400")),
        ("besteding-per-opgave", "Beschermen > SUBTOTAAL", "2024", Decimal("103072")),
        ("ontvangen-middelen", "TOTAAL", "Incidenteel", Decimal("615000")),
        ("ontvangen-middelen", "TOTAAL", "structureel", Decimal("694000")),
    ],
)
def test_spot_check_values(example, table_id, row, column, value) -> None:
    assert cell(example[0], table_id, row, column) == value


def test_sidecar_formulas_and_equalities_are_read(example) -> None:
    tables = example[0].tables
    (formula,) = tables["besteding-2023"].meta.formulas
    assert (formula.column, formula.expr) == ("Verschil", "Plan - Realisatie")
    assert [(e.row, e.table, e.other_row) for t in FINANCIAL_TABLES for e in tables[t].meta.equals] == [
        ("TOTAAL", "geplande-besteding", "TOTAAL"),
        ("SUBTOTAAL", "geplande-besteding", "TOTAAL"),
        ("TOTAAL", "geplande-besteding-2024", "TOTAAL"),
    ]


# ---------------------------------------------------------------- the checks do real work

def corrupt(root: Path, table_id: str, old: str, new: str) -> None:
    path = root / "tables" / f"{table_id}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changed_item_breaks_its_subtotal_kb101(example_copy) -> None:
    corrupt(example_copy, "besteding-2023", "Preventie met Gezag*;88.204;", "Preventie met Gezag*;88.205;")
    findings = check(example_copy)
    finding = one(findings, "KB101")
    assert finding.location.path == "tables/besteding-2023.csv"
    assert (finding.location.line, finding.location.row, finding.location.column) == \
        (4, "Voorkomen > SUBTOTAAL", "Plan")
    assert (finding.expected, finding.found) == (Decimal("110405"), Decimal("110404"))
    assert [f.code for f in findings] == ["KB101"], describe(findings)


def test_changed_difference_breaks_the_formula_kb103(example_copy) -> None:
    corrupt(example_copy, "besteding-2023", ";SUBTOTAAL;110.404;101.451;8.953",
            ";SUBTOTAAL;110.404;101.451;8.935")
    findings = check(example_copy)
    finding = one(findings, "KB103")
    assert (finding.location.path, finding.location.line, finding.location.column) == \
        ("tables/besteding-2023.csv", 4, "Verschil")
    assert finding.expected == Decimal("8953")
    # one wrong figure, one finding: the TOTAAL's Verschil agrees with the corrected subtotal
    assert only(findings, "KB102") == [], describe(findings)


def test_changed_total_breaks_the_equality_kb104(example_copy) -> None:
    corrupt(example_copy, "besteding-2023", ";TOTAAL;705.900;", ";TOTAAL;705.800;")
    findings = check(example_copy)
    equality = one(findings, "KB104")
    assert (equality.location.path, equality.location.line, equality.location.column) == \
        ("tables/besteding-2023.csv", 19, "Plan")
    assert (equality.expected, equality.found) == (Decimal("705900"), Decimal("705800"))
    assert "geplande-besteding" in equality.message
    assert one(findings, "KB102").location.line == 19
    assert all(f.severity is Severity.ERROR for f in findings)


def test_changed_plan_total_is_one_finding_in_its_own_table(example_copy) -> None:
    """geplande-besteding TOTAAL 2024 is repeated by geplande-besteding-2024's SUBTOTAAL. A wrong
    TOTAAL there is KB102 at that TOTAAL; the other table, which agrees with what the TOTAAL
    should be, is not blamed with a KB104."""
    corrupt(example_copy, "geplande-besteding", "TOTAAL;;705.900;775.500;", "TOTAAL;;705.900;775.600;")
    findings = check(example_copy)
    assert [(f.code, f.location.path) for f in findings] == \
        [("KB102", "tables/geplande-besteding.csv")], describe(findings)


def test_changed_repeated_subtotal_breaks_the_equality(example_copy) -> None:
    """The other way round: the repeating table's own figure is wrong, and its SUBTOTAAL no longer
    equals geplande-besteding's TOTAAL (KB104), besides not adding up (KB101)."""
    findings_before = check(example_copy)
    csv = (example_copy / "tables" / "geplande-besteding-2024.csv").read_text(encoding="utf-8")
    line = next(text for text in csv.splitlines() if "SUBTOTAAL" in text)
    corrupt(example_copy, "geplande-besteding-2024", line, line.replace("775.500", "775.600"))
    findings = check(example_copy)
    assert findings_before == []
    equality = one(findings, "KB104")
    assert (equality.location.path, equality.location.row, equality.location.column) == \
        ("tables/geplande-besteding-2024.csv", "SUBTOTAAL", "2024")


def test_changed_opgave_total_breaks_equality_with_tabel_4(example_copy) -> None:
    corrupt(example_copy, "besteding-per-opgave", ";TOTAAL;830.000;", ";TOTAAL;830.001;")
    findings = check(example_copy)
    assert {f.code for f in findings} == {"KB102", "KB104"}
    assert {f.location.path for f in findings} == {"tables/besteding-per-opgave.csv"}


def test_prose_value_follows_the_table(example_copy) -> None:
    # The annex quotes TOTAAL Plan in millions; change the table, the prose follows.
    for table_id, old, new in [
        ("besteding-2023", "Ondermijningsbeleid, monitoring en verantwoording, solide kennissysteem, "
         "SKC, bijdrage IV problematiek;72.697;70.104;2.593", "Ondermijningsbeleid, monitoring en "
         "verantwoording, solide kennissysteem, SKC, bijdrage IV problematiek;72.797;70.104;2.693"),
        ("besteding-2023", ";TOTAAL;705.900;610.924;94.976", ";TOTAAL;706.000;610.924;95.076"),
        ("geplande-besteding", "Voorjaarsnota 2022;Middelen Coalitieakkoord 2021;30.000;",
         "Voorjaarsnota 2022;Middelen Coalitieakkoord 2021;30.100;"),
        ("geplande-besteding", "TOTAAL;;705.900;", "TOTAAL;;706.000;"),
    ]:
        corrupt(example_copy, table_id, old, new)
    report, findings = load(example_copy)
    assert findings == [], describe(findings)
    annex = report.chapters[-1]
    texts = [i.text for i in chapter_inlines(annex) if isinstance(i, ValueRef)]
    assert texts[0] == "706,0"


def test_checks_see_every_financial_table(example_copy) -> None:
    """Each financial table's TOTAAL is checked: a wrong total is reported in its own file."""
    for table_id in FINANCIAL_TABLES:
        path = example_copy / "tables" / f"{table_id}.csv"
        original = path.read_text(encoding="utf-8")
        lines = original.split("\n")
        last = next(n for n in range(len(lines) - 1, -1, -1) if lines[n].strip())
        cells = lines[last].split(";")
        index = next(i for i, c in enumerate(cells) if c[:1].isdigit())
        cells[index] = "1" + cells[index]
        lines[last] = ";".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
        found = only(check(example_copy), "KB102")
        assert [f.location.path for f in found] == [f"tables/{table_id}.csv"], describe(found)
        path.write_text(original, encoding="utf-8")
