"""Real Kamer and municipal tables, as published (tests/fixtures/real-tables, sources in notes/).

Each table was transcribed as printed and its arithmetic verified by hand first. The checks:
every relation it states is found and holds (one published error is found, at its cell);
stripped of its declarations, no table is ever reported as checked; and every single-digit
change to a figure the relations use is caught, at the cell or at the total it throws off.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import check, copy_project, describe, load, run_cli
from kamerbrief.project import load_report
from kamerbrief.relations import analyse, table_relations
from kamerbrief.relations.evaluate import evaluate, operands

FIXTURE = Path(__file__).parent / "fixtures" / "real-tables"
TABLE_IDS = sorted(p.stem for p in (FIXTURE / "tables").glob("*.csv"))
STRUCTURE_KEYS = {"shape", "totals", "subtotals", "unchecked", "sums", "row_rules", "column_rules",
                  "formulas", "equals"}


def test_every_fixture_names_its_source() -> None:
    for table_id in TABLE_IDS:
        notes = (FIXTURE / "notes" / f"{table_id}.md").read_text(encoding="utf-8")
        assert "https://" in notes or "http://" in notes, table_id


def test_as_published_only_the_real_error_is_found() -> None:
    """Tabel 3.1.1 of the Gemeentefonds' 2015 budget prints 27.036.042 for 2016, where its nine
    'waarvan' rows add up to 27.036.022 (notes/waarvan.md): the one error in these tables."""
    findings = check(FIXTURE)
    assert [(f.code, f.location.path, f.location.line, f.location.column) for f in findings] == \
        [("KB107", "tables/waarvan.csv", 6, "2016")], describe(findings)
    finding = findings[0]
    assert (finding.expected, finding.found) == (Decimal("27036022"), Decimal("27036042"))
    assert "Stand ontwerpbegroting 2015 = Waarvan verplichtingenbedrag" in finding.message


def test_every_table_is_checked_and_nothing_is_left_unchecked() -> None:
    report, _ = load(FIXTURE)
    coverage = analyse(report).coverage
    for table_id in TABLE_IDS:
        assert coverage[table_id].relations > 0, table_id
        assert coverage[table_id].unchecked_rows == [], table_id
        assert coverage[table_id].unchecked_columns == [], table_id


# What each table's structure yields: (row label, column) of some relations that must exist.
EXPECTED = {
    # the named shape alone: Uitgaven over the numbered onderdelen, 17.03 by its numbering
    "bgvb-ontwerpbegroting": [("Uitgaven", "2017"), ("17.03 Hogesnelheidslijn-Zuid", "2021")],
    "genummerd": [("Uitgaven", "Realisatie 2014"), ("17.10 Programma Hoogfrequent Spoorvervoer",
                                                    "Realisatie 2018"),
                  ("Uitgaven", "Verschil 2018"), ("17.02 Betuweroute", "Verschil 2018")],
    # the column header "(4)=(2+3)"
    "suppletoire-mutaties": [("Integratie-uitkeringen", "Stand suppletoire begroting NJN (4)=(2+3)")],
}


@pytest.mark.parametrize("table_id", sorted(EXPECTED))
def test_inferred_structure(table_id: str) -> None:
    report, _ = load(FIXTURE)
    found = {(r.target.row.label, r.target.column) for r in table_relations(report.tables[table_id],
                                                                            report).relations}
    for wanted in EXPECTED[table_id]:
        assert wanted in found, (wanted, sorted(found))


@pytest.fixture(scope="module")
def stripped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixtures as a writer drops them in: the same CSVs, sidecars without structure."""
    root = tmp_path_factory.mktemp("stripped") / "project"
    copy_project(FIXTURE, root)
    for sidecar in (root / "tables").glob("*.toml"):
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        lines = [f"{key} = {value!r}".replace("'", '"') for key, value in data.items()
                 if key not in STRUCTURE_KEYS and not isinstance(value, dict)]
        notes = data.get("notes", {})
        lines += ["[notes]"] + [f'"{mark}" = "noot"' for mark in notes] if notes else []
        sidecar.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_undeclared_tables_are_never_reported_as_checked(stripped: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    findings = check(stripped)
    warned = {f.location.path for f in findings if f.code in ("KB120", "KB105")}
    for table_id in TABLE_IDS:
        assert f"tables/{table_id}.csv" in warned, (table_id, describe(findings))
    monkeypatch.setenv("COLUMNS", "400")
    result = run_cli("tables", "--project", stripped)
    rows = [line for line in result.output.splitlines() if any(f" {t} " in line for t in TABLE_IDS)]
    assert len(rows) == len(TABLE_IDS), result.output
    for line in rows:
        assert "not checked" in line and "✓" not in line, line


def test_the_suggested_shape_is_what_the_table_needs(stripped: Path, tmp_path: Path) -> None:
    project = copy_project(stripped, tmp_path / "project")  # `stripped` is shared: edit a copy
    findings = check(project)
    hint = next(f.hint for f in findings if f.location.path == "tables/genummerd.csv"
                and f.location.row == "Uitgaven")
    assert 'shape = "budgettaire-gevolgen"' in hint
    sidecar = project / "tables" / "genummerd.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + 'shape = "budgettaire-gevolgen"\n',
                       encoding="utf-8")
    assert [f for f in check(project) if f.location.path.startswith("tables/genummerd")] == []


def _digit_changes(value: Decimal) -> list[Decimal]:
    """Every change of one printed digit (d → d+1, 9 → 8), sign and exponent kept."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    changed = []
    for index, digit in enumerate(digits):
        new = list(digits)
        new[index] = digit + 1 if digit < 9 else 8
        changed.append(Decimal((sign, tuple(new), exponent)))
    return changed


def test_every_single_digit_change_is_caught_at_the_right_cell() -> None:
    """In memory: the relations are compiled once and re-evaluated for each changed figure,
    so thousands of changes run in seconds. A change is caught at the changed cell, or at a
    total or rule result that uses it; in tables of rounded figures, a change that stays
    within the documented rounding (|Δ| ≤ (n + 1) × ½ unit) may pass."""
    report, _ = load_report(FIXTURE)
    relations = analyse(report).relations
    def places_of(findings):
        return {(f.location.path, f.location.line, f.location.column, f.expected, f.found)
                for f in findings}

    baseline = places_of(evaluate(relations)[0])
    cells = {}
    for relation in relations:
        for operand in [relation.target, *operands(relation.expr)]:
            cells.setdefault(operand.key, operand)
    tried = caught = 0
    for operand in cells.values():
        cell = operand.cell
        if cell.value is None:
            continue
        related = [r for r in relations if r.target.key == operand.key
                   or operand.key in {o.key for o in operands(r.expr)}]
        places = {(r.target.cell.location.path, r.target.cell.location.line,
                   r.target.column) for r in related}
        slack = max(((len(operands(r.expr)) + 1) for r in related if r.rounding), default=0)
        original = cell.value
        for changed in _digit_changes(original):
            unit = Decimal(1).scaleb(original.as_tuple().exponent)  # type: ignore[arg-type]
            if abs(changed - original) <= slack * unit / 2:
                continue  # the documented rounding allows it
            cell.value = changed
            try:
                found = {place[:3] for place in places_of(evaluate(relations)[0]) - baseline}
            finally:
                cell.value = original
            tried += 1
            where = (operand.table.path, operand.row.line, operand.column)
            if not found and all(r.kind == "<=" or r.code == "KB104" or
                                 not _sensitive(r) for r in related):
                continue  # only a breakdown bound or a ratio uses it: it may still hold
            assert found, f"{where}: {original} → {changed} passed unnoticed"
            assert found <= places | {where}, f"{where}: {original} → {changed} gave {found}"
            caught += 1
    print(f"{tried} changes, {caught} caught")
    assert tried > 1500 and caught / tried > 0.95, (tried, caught)


def _sensitive(relation) -> bool:
    """A sum or difference moves with every part; a product or quotient may absorb a digit."""
    from kamerbrief.formula import Binary

    def walk(expr) -> bool:
        if isinstance(expr, Binary):
            return expr.op in "+-" and walk(expr.left) and walk(expr.right)
        return True

    return walk(relation.expr)
