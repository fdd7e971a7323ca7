"""KB504/KB505 on a real publication's prose: tests/fixtures/prose-figures/.

The fixture is the first two sections of the CBS news release "CBS Jaaroverzicht 2023", prose
and tables as published. The expected findings below come from the hand verification in the
fixture's README.md, not from the tool's output: of the figures the prose types, only
"ruim 12 duizend Oekraïense vluchtelingen" restates a cell under the documented rules
(docs/markdown.md, "Figures typed by hand"); the prose types no percentage, so no KB505.
"""

from __future__ import annotations

import re
from pathlib import Path

from kamerbrief.checks import run_checks
from kamerbrief.project import load_report

FIXTURE = Path(__file__).parent / "fixtures" / "prose-figures"
CHAPTER = FIXTURE / "chapters" / "jaaroverzicht.md"

# (code, line, figure as typed): README.md, "Hand verification".
EXPECTED = {("KB504", 9, "12 duizend")}


def _findings():
    report, reader_findings = load_report(FIXTURE)
    return run_checks(report, reader_findings)


def test_exactly_the_hand_verified_restatements():
    found = set()
    for finding in _findings():
        figure = re.match(r"'([^']+)'", finding.message)
        found.add((finding.code, finding.location.line, figure.group(1) if figure else ""))
    assert found == EXPECTED


def test_the_restatement_names_the_cell_it_copies():
    (finding,) = [f for f in _findings() if f.code == "KB504"]
    assert "table 'migratiesaldo', row '2023*'" in finding.message
    assert "Migratiesaldo Oekraïnse vluchtelingen (x 1 000)" in finding.message
    assert "other cell" not in finding.message  # natuurlijke aanwas 2018 (11,5) is not relevant
    assert "duizend 0}}" in finding.hint


def test_expected_lines_hold_their_figures():
    lines = CHAPTER.read_text(encoding="utf-8").splitlines()
    for _, line, figure in EXPECTED:
        assert figure in lines[line - 1]
