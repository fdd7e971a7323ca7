"""Every number of the example's tables equals the publication's, cell by cell, in order.

The seed text holds the printed tables as tab-separated lines. For each table this test
takes the number cells ("1.234", "12,5", "-") of the data rows below the table's caption or
heading in the seed, and compares them with the CSV's number cells in reading order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kamerbrief.project import load_report
from seed_coverage import SEED_PATH

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not SEED_PATH.is_file(),
                                reason=f"seed text not found at {SEED_PATH}")

# table id -> text of the seed line that stands above the printed table
ANCHORS = {
    "beslaglegging": "Beslaglegging crimineel vermogen",
    "uitspraken": "Aantal uitspraken rechter in ondermijningszaken",
    "vrijheidsstraffen": "Aantal veroordelingen tot een vrijheidsstraf in ondermijningszaken",
    "ontvangen-middelen": "Tabel 1 – ",
    "geplande-besteding": "Tabel 2 – ",
    "besteding-2023": "Tabel 3 – ",
    "geplande-besteding-2024": "Tabel 4 – ",
    "besteding-per-opgave": "Tabel 5 – ",
}
_NUMBER = re.compile(r"-?\d[\d.]*(,\d+)?|-|–")
_YEAR = re.compile(r"20\d\d")


def seed_numbers(lines: list[str], anchor: str) -> list[str]:
    start = next(n for n, line in enumerate(lines) if line.strip().startswith(anchor))
    block: list[str] = []
    for line in lines[start + 1:]:
        if "\t" in line:
            block.append(line)
        elif block and line.strip():
            break
    numbers: list[str] = []
    for line in block:
        tokens = [t.strip() for t in line.split("\t") if _NUMBER.fullmatch(t.strip())]
        if tokens and all(_YEAR.fullmatch(t) for t in tokens):
            continue  # a header row of years
        numbers.extend("-" if t == "–" else t for t in tokens)
    return numbers


def csv_numbers(table) -> list[str]:
    return [row.cells[c].text.strip() for row in table.rows for c in table.numeric_columns
            if row.cells[c].text.strip()]


@pytest.fixture(scope="module")
def report():
    loaded, _ = load_report(ROOT)
    return loaded


@pytest.mark.parametrize("table_id", sorted(ANCHORS))
def test_table_numbers_equal_the_publication(report, table_id: str) -> None:
    lines = SEED_PATH.read_text(encoding="utf-8").split("\n")
    expected = seed_numbers(lines, ANCHORS[table_id])
    assert expected, f"no numbers found under '{ANCHORS[table_id]}' in the seed"
    assert csv_numbers(report.tables[table_id]) == expected


def test_every_table_of_the_example_is_compared(report) -> None:
    assert set(report.tables) == set(ANCHORS)
