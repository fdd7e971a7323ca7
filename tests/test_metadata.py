"""Table metadata: unit (KB601), source (KB602), Markdown in its texts (KB603), note marks
(KB117, KB301 for ¹²³ marks)."""

from __future__ import annotations

from conftest import SIDECAR, check, describe, one, only, table_project

CSV = "Post;2023\nA;1\nB;2\n"


def test_complete_sidecar_is_clean(make_project) -> None:
    assert check(table_project(make_project, CSV)) == []


def test_missing_unit_is_kb601(make_project) -> None:
    findings = check(table_project(make_project, CSV, 'caption = "T"\nsource = "Bron"\n'))
    finding = one(findings, "KB601")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 1)
    assert only(findings, "KB602") == []


def test_missing_source_is_kb602(make_project) -> None:
    findings = check(table_project(make_project, CSV, 'caption = "T"\nunit = "in euro"\n'))
    finding = one(findings, "KB602")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 1)
    assert only(findings, "KB601") == []


def test_unplaced_table_gets_no_metadata_findings(make_project) -> None:
    root = table_project(make_project, CSV, 'caption = "T"\n', chapters={"01.md": "# H\n"})
    assert [f.code for f in check(root)] == ["KB203"]


def test_mark_without_note_is_kb117_at_the_row(make_project) -> None:
    findings = check(table_project(make_project, "Post;2023\nA;1\nB*;2\n"))
    finding = one(findings, "KB117")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line, finding.location.row) == \
        ("tables/t.csv", 3, "B*")
    assert "'*'" in finding.message


def test_mark_in_a_number_cell_is_kb117(make_project) -> None:
    finding = one(check(table_project(make_project, "Post;2023\nA;1\nB;2*\n")), "KB117")
    assert finding.location.line == 3


def test_note_never_used_is_kb117_at_the_sidecar(make_project) -> None:
    sidecar = SIDECAR + '[notes]\n"*" = "Voorlopig cijfer"\n'
    finding = one(check(table_project(make_project, CSV, sidecar)), "KB117")
    assert finding.location.path == "tables/t.toml"
    assert "never used" in finding.message


def test_marks_with_notes_are_clean(make_project) -> None:
    sidecar = SIDECAR + '[notes]\n"*" = "Voorlopig"\n"†" = "Geschat"\n"⁵" = "Zie noot"\n'
    csv = "Post;2023\nA*;1\nB⁵;2†\n"
    findings = check(table_project(make_project, csv, sidecar))
    assert findings == [], describe(findings)


def test_superscript_mark_without_note_is_kb301_at_the_csv_row(make_project) -> None:
    findings = check(table_project(make_project, "Post;2023\nA;1\nBeslag⁵;2\n"))
    finding = one(findings, "KB301")
    assert finding.severity.value == "error"
    assert (finding.location.path, finding.location.line, finding.location.row) == \
        ("tables/t.csv", 3, "Beslag⁵")
    assert "⁵" in finding.message
    assert only(findings, "KB117") == []


def test_mark_in_any_label_column(make_project) -> None:
    csv = "Hoofdlijn;Deelopgave;2023\nVoorkomen;Preventie met gezag*;1\n"
    finding = one(check(table_project(make_project, csv, SIDECAR + "labels = 2\n")), "KB117")
    assert finding.location.line == 2


def test_markdown_in_a_sidecar_text_is_kb603_at_its_line(make_project) -> None:
    """A sidecar's texts print as typed: Markdown carried over from a chapter would show its
    asterisks, brackets and braces in every output."""
    cases = {
        'caption = "Inzet van *liaison officers*"': ("caption", "*liaison officers*"),
        'caption = "Inzet van [liaison officers]{lang=en}"': ("caption", "[liaison officers]{lang=en}"),
        'source = "CBS, [StatLine](https://www.cbs.nl)"': ("source", "[StatLine](https://www.cbs.nl)"),
        'unit = "in {{waarde t | A | 2023}} euro"': ("unit", "{{waarde t | A | 2023}}"),
    }
    for line, (key, markup) in cases.items():
        sidecar = 'caption = "T"\nunit = "x"\nsource = "Bron"\n'.replace(f"{key} = ", "#")
        sidecar = f"{line}\n{sidecar}"
        finding = one(check(table_project(make_project, CSV, sidecar)), "KB603")
        assert (finding.location.path, finding.location.line) == ("tables/t.toml", 1), line
        assert f"'{markup}'" in finding.message and key in finding.message


def test_a_lone_mark_or_underscore_in_a_text_is_no_markdown(make_project) -> None:
    sidecar = ('caption = "Cijfers 2023* en 2024*"\nunit = "in 1.000 euro"\n'
               'source = "CBS, bestand gem_2023.csv; * voorlopig"\n'
               '[notes]\n"*" = "Voorlopige cijfers, * = geraamd"\n')
    findings = check(table_project(make_project, "Post;2023\nA*;1\nB;2\n", sidecar))
    assert only(findings, "KB603") == [], describe(findings)
