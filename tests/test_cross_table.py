"""Cross-table equalities in the sidecar: KB104 (figures differ) and KB116 (broken entry)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import SIDECAR, check, describe, one, only

PLAN = "Moment;Middel;2023;2024\nA;x;10;20\n;y;5;5\nTOTAAL;;15;25\n"
BESTEDING = ("Hoofdlijn;Deelopgave;Plan;Realisatie\nVoorkomen;p;12;10\n;q;3;3\n;SUBTOTAAL;15;13\n"
             "Beleid;r;0;0\n;TOTAAL;15;13\n")


def project(make_project, equals: str, plan: str = PLAN, besteding: str = BESTEDING):
    chapter = "# H\n\n{{tabel plan}}\n\n{{tabel besteding}}\n"
    return make_project(
        chapters={"01.md": chapter},
        tables={
            "plan.csv": plan, "plan.toml": SIDECAR + "labels = 2\n",
            "besteding.csv": besteding, "besteding.toml": SIDECAR + "labels = 2\n\n" + equals,
        },
    )


EQUALS = '[[equals]]\nrow = "TOTAAL"\ntable = "plan"\nother_row = "TOTAAL"\ncolumns = { Plan = "2023" }\n'


def test_equal_figures_are_clean(make_project) -> None:
    assert check(project(make_project, EQUALS)) == []


def test_differing_figure_is_kb104_at_this_tables_cell(make_project) -> None:
    plan = PLAN.replace("TOTAAL;;15;25", "TOTAAL;;16;25").replace(";y;5;5", ";y;6;5")
    findings = check(project(make_project, EQUALS, plan=plan))
    finding = one(findings, "KB104")
    assert finding.location.path == "tables/besteding.csv"
    assert (finding.location.line, finding.location.row, finding.location.column) == \
        (6, "TOTAAL", "Plan")
    assert finding.expected == Decimal(16)
    assert finding.found == Decimal(15)
    assert finding.difference == Decimal(-1)
    assert "tables/plan.csv:4" in finding.message  # names the other cell too
    assert findings == [finding], describe(findings)


def test_columns_as_list_and_omitted(make_project) -> None:
    other = "Post;2023;2024\nA;7;8\nTOTAAL;7;8\n"
    mine = "Post;2023;2024;2025\nB;7;8;1\nTOTAAL;7;8;1\n"

    def run(equals: str, mine_csv: str = mine):
        root = make_project(
            chapters={"01.md": "# H\n\n{{tabel a}}\n\n{{tabel b}}\n"},
            tables={"a.csv": other, "a.toml": SIDECAR, "b.csv": mine_csv,
                    "b.toml": SIDECAR + "\n" + equals})
        return check(root)

    omitted = '[[equals]]\nrow = "TOTAAL"\ntable = "a"\n'
    listed = '[[equals]]\nrow = "TOTAAL"\ntable = "a"\ncolumns = ["2024"]\n'
    assert run(omitted) == [] and run(listed) == []
    changed = mine.replace("B;7;8;1\nTOTAAL;7;8;1", "B;6;8;1\nTOTAAL;6;8;1")
    assert [f.location.column for f in only(run(omitted, changed), "KB104")] == ["2023"]
    assert only(run(listed, changed), "KB104") == []  # 2023 is not compared


def test_group_qualified_rows(make_project) -> None:
    equals = ('[[equals]]\nrow = "Voorkomen > SUBTOTAAL"\ntable = "plan"\nother_row = "TOTAAL"\n'
              'columns = { Plan = "2023" }\n')
    assert check(project(make_project, equals)) == []
    besteding = BESTEDING.replace(";SUBTOTAAL;15;13", ";SUBTOTAAL;15;13").replace(
        "Voorkomen;p;12;10\n;q;3;3\n;SUBTOTAAL;15;13", "Voorkomen;p;11;10\n;q;3;3\n;SUBTOTAAL;14;13")
    besteding = besteding.replace(";TOTAAL;15;13", ";TOTAAL;14;13")
    finding = one(check(project(make_project, equals, besteding=besteding)), "KB104")
    assert finding.location.row == "Voorkomen > SUBTOTAAL"


@pytest.mark.parametrize(
    ("equals", "word"),
    [
        ('[[equals]]\nrow = "TOTAAL"\ntable = "plna"\n', "'plna', which does not exist"),
        ('[[equals]]\nrow = "TOTAL"\ntable = "plan"\n', "row 'TOTAL' not found in 'besteding'"),
        ('[[equals]]\nrow = "TOTAAL"\ntable = "plan"\nother_row = "Eind"\n',
         "row 'Eind' not found in 'plan'"),
        ('[[equals]]\nrow = "SUBTOTAAL"\ntable = "plan"\nother_row = "TOTAAL"\ncolumns = ["Plan"]\n',
         "column 'Plan' does not exist"),  # a shared name the other table lacks
        ('[[equals]]\nrow = "TOTAAL"\ntable = "plan"\ncolumns = { Plan = "2030" }\n',
         "column '2030' does not exist"),
        ('[[equals]]\nrow = "TOTAAL"\ntable = "plan"\ncolumns = { Begroot = "2023" }\n',
         "column 'Begroot' does not exist"),
    ],
)
def test_broken_equality_is_kb116_at_its_line(make_project, equals: str, word: str) -> None:
    findings = check(project(make_project, equals))
    found = only(findings, "KB116")
    assert found, describe(findings)
    assert all((f.location.path, f.location.line) == ("tables/besteding.toml", 8) for f in found), \
        describe(found)
    assert any(word in f.message for f in found), describe(found)
    assert only(findings, "KB104") == []


def test_ambiguous_row_is_kb116(make_project) -> None:
    besteding = BESTEDING.replace("Beleid;r;0;0\n", "Beleid;r;0;0\n;SUBTOTAAL;0;0\n")
    equals = '[[equals]]\nrow = "SUBTOTAAL"\ntable = "plan"\nother_row = "TOTAAL"\n'
    finding = one(check(project(make_project, equals, besteding=besteding)), "KB116")
    assert "not unique" in finding.message


def test_kb116_points_at_the_right_entry(make_project) -> None:
    equals = (EQUALS + '\n[[equals]]\nrow = "TOTAAL"\ntable = "pla"\n')
    finding = one(check(project(make_project, equals)), "KB116")
    assert finding.location.line == 14

