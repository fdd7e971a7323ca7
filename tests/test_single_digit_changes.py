"""Property tests: one wrong digit in a table with totals never goes unnoticed.

1. In a copy of the example project, changing any single digit of any number in any table
   that has a SUBTOTAAL or TOTAAL row makes ``check`` report an error in that table's CSV.
2. Random consistent grouped tables (items, SUBTOTAAL, TOTAAL) pass; changing one cell fails,
   at the subtotal or total that closes it, with the change as the difference.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_ROOT, SIDECAR, check, copy_example, describe, errors, load, run_cli
from kamerbrief.model import RowKind
from kamerbrief.numbers import format_number

# ---------------------------------------------------------------- the example's own tables


def _digit_sites() -> list[tuple[str, int, int, int]]:
    """(table id, CSV line, cell index, character index) for every digit of every number."""
    report, _ = load(EXAMPLE_ROOT)
    sites = []
    for table in report.tables.values():
        if all(row.kind is RowKind.ITEM for row in table.rows):
            continue
        lines = (EXAMPLE_ROOT / table.path).read_text(encoding="utf-8").split("\n")
        for row in table.rows:
            cells = lines[row.line - 1].split(";")
            for offset, column in enumerate(table.numeric_columns):
                index = len(table.label_columns) + offset
                cell = row.cells[column]
                assert cells[index] == cell.text  # the example has no quoting
                if cell.value is None:
                    continue
                sites.extend((table.id, row.line, index, pos)
                             for pos, char in enumerate(cell.text) if char.isdigit())
    return sites


SITES = _digit_sites()


def test_sites_cover_every_table_with_totals() -> None:
    assert {site[0] for site in SITES} == {
        "ontvangen-middelen", "geplande-besteding", "besteding-2023", "geplande-besteding-2024",
        "besteding-per-opgave", "uitspraken", "vrijheidsstraffen"}
    assert len(SITES) > 1000


@pytest.fixture(scope="module")
def example_root(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("digits") / "example")


def change_digit(text: str, line: int, index: int, pos: int, step: int) -> str:
    lines = text.split("\n")
    cells = lines[line - 1].split(";")
    cell = cells[index]
    new_digit = str((int(cell[pos]) + step) % 10)
    cells[index] = cell[:pos] + new_digit + cell[pos + 1:]
    lines[line - 1] = ";".join(cells)
    return "\n".join(lines)


@settings(max_examples=50, deadline=None)
@given(site=st.sampled_from(SITES), step=st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_an_error_in_that_table(example_root: Path, site, step) -> None:
    table_id, line, index, pos = site
    path = example_root / "tables" / f"{table_id}.csv"
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(change_digit(original, line, index, pos, step), encoding="utf-8")
        found = errors(check(example_root))
        assert any(f.location.path == f"tables/{table_id}.csv" for f in found), (site, describe(found))
    finally:
        path.write_text(original, encoding="utf-8")


def test_single_digit_change_through_the_cli(example_root: Path) -> None:
    path = example_root / "tables" / "besteding-2023.csv"
    original = path.read_text(encoding="utf-8")
    try:
        changed = original.replace(";Internationaal offensief;13.326;", ";Internationaal offensief;13.826;")
        path.write_text(changed, encoding="utf-8")
        result = run_cli("check", "--project", example_root, "--format", "json")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.exit_code == 1
    findings = json.loads(result.output)["findings"]
    assert {(f["code"], f["file"], f["line"], f["column"]) for f in findings} == {
        ("KB101", "tables/besteding-2023.csv", 11, "Plan")}
    (finding,) = findings
    assert (finding["expected"], finding["found"], finding["difference"]) == ("205452", "204952", "-500")


# ---------------------------------------------------------------- random grouped tables

_value = st.one_of(st.integers(min_value=-10**6, max_value=10**8), st.integers(min_value=0, max_value=99),
                   st.none())


@st.composite
def grouped_tables(draw):
    """CSV rows of a consistent table: groups closed by SUBTOTAAL, lone items, one TOTAAL.

    Returns (rows, decimals, closing) where rows are (labels, values, kind) and closing[i] is
    the index of the row whose sum includes row i (itself for the TOTAAL).
    """
    columns = draw(st.integers(min_value=1, max_value=3))
    decimals = draw(st.integers(min_value=0, max_value=2))
    row_values = st.lists(_value, min_size=columns, max_size=columns)
    groups = draw(st.lists(st.lists(row_values, min_size=1, max_size=4), min_size=0, max_size=4))
    lone = draw(st.lists(row_values, min_size=0 if groups else 1, max_size=3))

    def total(parts: list[list[int | None]]) -> list[int | None]:
        sums = []
        for column in range(columns):
            present = [p[column] for p in parts if p[column] is not None]
            sums.append(sum(present) if present else None)
        return sums

    rows: list[tuple[list[str], list[int | None], RowKind]] = []
    closing: list[int] = []
    closed: list[list[int | None]] = []
    for number, items in enumerate(groups):
        start = len(rows)
        for position, values in enumerate(items):
            rows.append(([f"Groep {number}" if position == 0 else "", f"Post {number}.{position}"],
                         values, RowKind.ITEM))
        subtotal = total(items)
        rows.append((["", "SUBTOTAAL"], subtotal, RowKind.SUBTOTAL))
        closing.extend([len(rows) - 1] * (len(rows) - start))
        closed.append(subtotal)
    lone_start = len(rows)
    for position, values in enumerate(lone):
        rows.append(([f"Los {position}", "Overig"], values, RowKind.ITEM))
    grand = total(closed + lone)
    rows.append((["", "TOTAAL"], grand, RowKind.TOTAL))
    closing.extend([len(rows) - 1] * (len(rows) - lone_start))
    return rows, decimals, closing


def to_csv(rows, decimals: int) -> str:
    columns = len(rows[0][1])
    header = ["Hoofdlijn", "Post"] + [f"Kolom {n}" for n in range(columns)]
    lines = [";".join(header)]
    for labels, values, _ in rows:
        cells = [format_number(None if v is None else Decimal(v).scaleb(-decimals), decimals)
                 for v in values]
        lines.append(";".join(labels + cells))
    return "\n".join(lines) + "\n"


def write(root: Path, csv: str) -> Path:
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    (root / "tables").mkdir(exist_ok=True)
    (root / "chapters" / "01.md").write_text("# Tabel\n\n{{tabel t}}\n", encoding="utf-8")
    (root / "tables" / "t.csv").write_text(csv, encoding="utf-8")
    (root / "tables" / "t.toml").write_text(SIDECAR + "labels = 2\n", encoding="utf-8")
    (root / "kamerbrief.toml").write_text('[report]\ntitle = "T"\nchapters = ["chapters/01.md"]\n',
                                          encoding="utf-8")
    return root


@settings(max_examples=50, deadline=None)
@given(table=grouped_tables(), data=st.data())
def test_random_consistent_tables_pass_and_one_changed_cell_fails(tmp_path_factory, table, data) -> None:
    rows, decimals, closing = table
    root = write(tmp_path_factory.mktemp("random"), to_csv(rows, decimals))
    # KB120 (a row that merely looks like a sum) is a heuristic; random figures may trip it
    assert errors(check(root)) == [], describe(check(root))

    filled = [(r, c) for r, (_, values, _) in enumerate(rows) for c, v in enumerate(values)
              if v is not None]
    if not filled:
        return
    row_index, column = data.draw(st.sampled_from(filled), label="cell")
    delta = data.draw(st.integers(min_value=1, max_value=10**5) | st.integers(min_value=-10**5, max_value=-1),
                      label="delta")
    labels, values, kind = rows[row_index]
    changed = list(rows)
    new_values = list(values)
    new_values[column] = values[column] + delta
    changed[row_index] = (labels, new_values, kind)
    write(root, to_csv(changed, decimals))

    found = errors(check(root))
    assert found, "a changed cell went unnoticed"
    assert {f.code for f in found} <= {"KB101", "KB102"}, describe(found)
    assert all(f.location.path == "tables/t.csv" and f.location.column == f"Kolom {column}"
               for f in found), describe(found)
    closer_line = closing[row_index] + 2  # header is line 1
    at_closer = [f for f in found if f.location.line == closer_line]
    assert at_closer, (closer_line, describe(found))
    assert abs(at_closer[0].difference) == abs(Decimal(delta).scaleb(-decimals))
