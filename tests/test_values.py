"""Values quoted in prose: {{waarde …}} resolves and renders (KB501), unknown shortcodes (KB503)."""

from __future__ import annotations

import pytest

from conftest import SIDECAR, describe, load, one, only
from kamerbrief.model import ValueRef
from kamerbrief.walk import chapter_inlines

BESTEDING = """Hoofdlijn;Deelopgave;Plan;Realisatie;Verschil
Voorkomen;Preventie;88.204;84.035;
;Drugs;22.200;17.416;
;SUBTOTAAL;110.404;101.451;8.953
Bestraffen;Berechting;68.190;51.768;
;SUBTOTAAL;68.190;51.768;16.422
Beleid;Monitoring;527.306;457.705;69.601
;TOTAAL;705.900;610.924;94.976
"""
STRAFFEN = ";2023\n< 1 jaar;368\n> 5 jaar;167\nTotaal;535\n"
TABLES = {
    "besteding.csv": BESTEDING,
    "besteding.toml": SIDECAR + 'labels = 2\nunit_scale = 1000\n'
                      'column_rules = ["Verschil = Plan - Realisatie"]\n',
    "straffen.csv": STRAFFEN,
    "straffen.toml": SIDECAR,
}


def rendered(make_project, text: str):
    """The rendered text of each {{waarde}} in ``text``, and the findings."""
    chapter = f"# H\n\n{{{{tabel besteding}}}}\n\n{{{{tabel straffen}}}}\n\n{text}\n"
    report, findings = load(make_project(chapters={"01.md": chapter}, tables=TABLES))
    values = [i.text for i in chapter_inlines(report.chapters[0]) if isinstance(i, ValueRef)]
    return values, findings


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        ("besteding | TOTAAL | Plan | miljoen 1", "705,9"),
        ("besteding | TOTAAL | Verschil | miljoen 0", "95"),
        ("besteding | TOTAAL | Plan | miljard 2", "0,71"),
        ("besteding | TOTAAL | Realisatie", "610.924"),
        ("besteding | TOTAAL | Plan | 2", "705.900,00"),
        ("besteding | Voorkomen > SUBTOTAAL | Plan", "110.404"),
        ("besteding | Bestraffen > SUBTOTAAL | Verschil", "16.422"),
        ("besteding | preventie | plan", "88.204"),  # case-insensitive
        ("straffen | > 5 jaar | 2023", "167"),  # a label that itself starts with '>'
        ("straffen | < 1 jaar | 2023", "368"),
        ("straffen | Totaal | 2023", "535"),
    ],
)
def test_value_renders_as_in_the_table(make_project, reference: str, text: str) -> None:
    values, findings = rendered(make_project, f"Het bedrag is {{{{waarde {reference}}}}} euro.")
    assert findings == [], describe(findings)
    assert values == [text]


@pytest.mark.parametrize(
    ("reference", "word"),
    [
        ("onbekend | TOTAAL | Plan", "no table 'onbekend'"),
        ("besteding | Eindtotaal | Plan", "no row 'Eindtotaal'"),
        ("besteding | TOTAAL | Begroot", "no column 'Begroot'"),
        ("besteding | Preventie | Verschil", "is empty"),
        ("besteding | SUBTOTAAL | Plan", "ambiguous"),
        ("besteding | Onbekend > SUBTOTAAL | Plan", "no row"),
        ("besteding | TOTAAL | Plan | miljoen x", "unknown format"),
        ("besteding | TOTAAL | Plan | procent", "unknown format"),
        ("besteding | TOTAAL", "no column"),
    ],
)
def test_unresolved_value_is_kb501(make_project, reference: str, word: str) -> None:
    values, findings = rendered(make_project, f"Eerst tekst.\nHet bedrag is {{{{waarde {reference}}}}}.")
    finding = one(findings, "KB501")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 8)
    assert word in finding.message
    assert values == ["??"]


def test_ambiguous_row_names_the_groups(make_project) -> None:
    _, findings = rendered(make_project, "{{waarde besteding | SUBTOTAAL | Plan}}")
    finding = one(findings, "KB501")
    assert "'Voorkomen > SUBTOTAAL'" in finding.message
    assert "'Bestraffen > SUBTOTAAL'" in finding.message


def test_several_values_on_one_line(make_project) -> None:
    values, findings = rendered(
        make_project, "Van {{waarde besteding | TOTAAL | Plan | miljoen 1}} naar "
                      "{{waarde besteding | TOTAAL | Realisatie | miljoen 1}} miljoen.")
    assert findings == []
    assert values == ["705,9", "610,9"]


def test_unknown_shortcode_is_kb503(make_project) -> None:
    values, findings = rendered(make_project, "Regel.\nDe {{waard besteding | TOTAAL | Plan}} klopt.")
    finding = one(findings, "KB503")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 8)
    assert "waard" in finding.message
    assert values == []


def test_known_shortcodes_are_not_kb503(make_project) -> None:
    _, findings = rendered(make_project, "Het is {{waarde besteding | TOTAAL | Plan}}.")
    assert only(findings, "KB503") == []


def test_example_report_quotes_its_own_tables(example_copy) -> None:
    report, findings = load(example_copy)
    assert findings == []
    quoted = {(i.table_id, i.row, i.column, i.fmt): i.text
              for chapter in report.chapters for i in chapter_inlines(chapter)
              if isinstance(i, ValueRef)}
    assert quoted[("besteding-2023", "TOTAAL", "Plan", "miljoen 1")] == "705,9"
    assert quoted[("besteding-2023", "TOTAAL", "Verschil", "miljoen 0")] == "95"
    assert quoted[("uitspraken", "Totaal", "2023", "")] == "1.499"
    assert quoted[("beslaglegging", "Gerealiseerde waarde (in miljoen euro's)", "2023", "")] == "371,8"
