"""readers/tables.py: CSV as Excel writes it, plus the TOML sidecar (KB110–KB114, KB119)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SIDECAR, check, describe, errors, one, only, run_cli, table_project
from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import RowKind
from kamerbrief.project import load_report
from kamerbrief.readers.tables import read_table

CLEAN = "Post;2023;2024\nA;1.234;12,5\nB;-34;-\nTOTAAL;1.200;12,5\n"


def read(make_project, csv, sidecar=SIDECAR):
    """The table 't' as read, and every finding of the project."""
    root = table_project(make_project, csv, sidecar)
    report, _ = load_report(root)
    return report.tables["t"], check(root)


def values(table, column):
    return [row.cells[column].value for row in table.rows]


def test_semicolon_csv_with_dutch_numbers(make_project) -> None:
    table, findings = read(make_project, CLEAN)
    assert findings == []
    assert table.label_columns == ["Post"]
    assert table.numeric_columns == ["2023", "2024"]
    assert values(table, "2023") == [Decimal("1234"), Decimal("-34"), Decimal("1200")]
    assert values(table, "2024") == [Decimal("12.5"), None, Decimal("12.5")]
    assert [row.line for row in table.rows] == [2, 3, 4]


def test_comma_csv_with_quoted_dutch_decimals(make_project) -> None:
    csv = 'Post,2023,2024\nA,"1.234,5",-\nB,"(1.000)",\nTOTAAL,"234,5",\n'
    table, findings = read(make_project, csv)
    assert errors(findings) == [], describe(findings)
    assert table.numeric_columns == ["2023", "2024"]
    assert values(table, "2023") == [Decimal("1234.5"), Decimal("-1000"), Decimal("234.5")]
    assert values(table, "2024") == [None, None, None]


def test_utf8_bom_and_crlf(make_project) -> None:
    csv = "\ufeffPost;2023\r\nA;1.234\r\nB;-5\r\nTOTAAL;1.229\r\n"
    table, findings = read(make_project, csv.encode("utf-8"))
    assert findings == [], describe(findings)
    assert table.label_columns == ["Post"]  # no BOM glued to the first header
    assert [row.labels[0] for row in table.rows] == ["A", "B", "TOTAAL"]
    assert [row.line for row in table.rows] == [2, 3, 4]


def test_windows_1252_bytes(make_project) -> None:
    csv = "Post;2023\nCafé Ø;–\nB;12,5\nTOTAAL;12,5\n".encode("cp1252")
    assert b"\x96" in csv  # the en dash as Excel on Windows saves it
    table, findings = read(make_project, csv)
    assert findings == [], describe(findings)
    assert table.rows[0].labels == ["Café Ø"]
    assert table.rows[0].cells["2023"].value is None
    assert table.rows[0].cells["2023"].text == "–"


@pytest.mark.parametrize("nil", ["-", "–", ""])
def test_nil_cells(make_project, nil: str) -> None:
    table, findings = read(make_project, f"Post;2023\nA;{nil}\nB;5\nTOTAAL;5\n")
    assert findings == [], describe(findings)
    assert table.rows[0].cells["2023"].is_nil


def test_negative_numbers(make_project) -> None:
    table, findings = read(make_project, "Post;2023\nA;-1.234\nB;(16)\nC;−2\nTOTAAL;-1.252\n")
    assert findings == [], describe(findings)
    assert values(table, "2023") == [Decimal(-1234), Decimal(-16), Decimal(-2), Decimal(-1252)]


def test_text_in_number_cell_is_kb111_at_the_cell(make_project) -> None:
    _, findings = read(make_project, "Post;2023;2024\nA;1;2\nB;veel;3\n")
    finding = one(findings, "KB111")
    assert finding.location.path == "tables/t.csv"
    assert finding.location.line == 3
    assert finding.location.row == "B"
    assert finding.location.column == "2023"
    assert "'veel'" in finding.message


def test_numbers_do_not_give_kb111(make_project) -> None:
    _, findings = read(make_project, "Post;2023;2024\nA;1;2\nB;3;4\n")
    assert only(findings, "KB111") == []


def test_ragged_rows_are_kb112_with_their_lines(make_project) -> None:
    table, findings = read(make_project, "Post;2023;2024\nA;1;2;3\nB;4\nC;5;6\n")
    found = only(findings, "KB112")
    assert [(f.location.path, f.location.line) for f in found] == [("tables/t.csv", 2),
                                                                     ("tables/t.csv", 3)]
    assert "3 cells" not in found[1].message and "2 cells" in found[1].message
    # the row is still read, padded or cut to the header
    assert table.rows[1].cells["2024"].value is None
    assert list(table.rows[0].cells) == ["2023", "2024"]


def test_even_rows_no_kb112(make_project) -> None:
    _, findings = read(make_project, "Post;2023;2024\nA;1;2\nB;4;\n")
    assert only(findings, "KB112") == []


def test_duplicate_header_is_kb113(make_project) -> None:
    table, findings = read(make_project, "Post;2023;2023\nA;1;2\n")
    finding = one(findings, "KB113")
    assert (finding.location.path, finding.location.line, finding.location.column) == \
        ("tables/t.csv", 1, "2023")
    assert "duplicate" in finding.message
    assert len(table.numeric_columns) == 2  # both columns are kept, under distinct names


def test_missing_numeric_header_is_kb113(make_project) -> None:
    _, findings = read(make_project, "Post;;2024\nA;1;2\n")
    finding = one(findings, "KB113")
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 1)


def test_empty_label_header_is_allowed(make_project) -> None:
    table, findings = read(make_project, ";2019\nSchuldig;5\nTotaal;5\n")
    assert findings == [], describe(findings)
    assert table.rows[-1].kind is RowKind.TOTAL


def test_unknown_sidecar_key_says_did_you_mean(make_project) -> None:
    sidecar = SIDECAR + "\ntolerence = \"rounding\"\n"
    _, findings = read(make_project, "Post;2023\nA;1\n", sidecar)
    finding = one(findings, "KB114")
    assert finding.location.path == "tables/t.toml"
    assert finding.location.line == 5
    assert "tolerence" in finding.message
    assert "did you mean 'tolerance'?" in finding.hint


def test_known_sidecar_keys_no_kb114(make_project) -> None:
    sidecar = SIDECAR + ('unit_scale = 1000\nlabels = 1\ntolerance = "rounding"\n'
                         'header_groups = [ { title = "Jaren", columns = ["2023"] } ]\n'
                         '[notes]\n"*" = "Noot"\n')
    _, findings = read(make_project, "Post;2023\nA*;1\n", sidecar)
    assert only(findings, "KB114") == [], describe(findings)


@pytest.mark.parametrize(
    ("extra", "line", "word"),
    [
        ('unit_scale = "veel"\n', 4, "unit_scale"),
        ('tolerance = "ruim"\n', 4, "tolerance"),
        ('labels = "2"\n', 4, "labels"),
        ("notes = 5\n", 4, "notes"),
        ('formulas = "Verschil = Plan - Realisatie"\n', 4, "formulas"),
        ("[[formulas]]\ncolumn = \"2023\"\n", 4, "formulas"),
        ("[[equals]]\nrow = \"TOTAAL\"\n", 4, "equals"),
    ],
)
def test_wrong_sidecar_values_are_kb114_at_their_line(make_project, extra, line, word) -> None:
    _, findings = read(make_project, "Post;2023\nA;1\n", SIDECAR + extra)
    finding = one(findings, "KB114")
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", line)
    assert word in finding.message


def test_wrong_caption_type_is_kb114(make_project) -> None:
    _, findings = read(make_project, "Post;2023\nA;1\n", 'caption = 5\nunit = "u"\nsource = "s"\n')
    finding = one(findings, "KB114")
    assert finding.location.line == 1 and "caption" in finding.message


def test_sidecar_labels_more_than_columns_is_kb114(make_project) -> None:
    _, findings = read(make_project, "Post;2023\nA;1\n", SIDECAR + "labels = 5\n")
    finding = one(findings, "KB114")
    assert finding.location.path == "tables/t.toml"
    assert "labels = 5" in finding.message


def test_sidecar_toml_syntax_error_cannot_run(make_project) -> None:
    root = table_project(make_project, "Post;2023\nA;1\n", 'caption = "x\nunit = "u"\n')
    with pytest.raises(ProjectError) as info:
        load_report(root)
    finding = one(info.value.diagnostics, "KB114")
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 1)
    assert "syntax" in finding.message


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"\x00\x01\x02binary", "binary"),
        (b"Post;2023\nA\x81;1\n", "UTF-8"),  # 0x81 is undefined in Windows-1252 too
    ],
)
def test_unreadable_table_cannot_run(make_project, content: bytes, word: str) -> None:
    root = table_project(make_project, content)
    with pytest.raises(ProjectError) as info:
        load_report(root)
    finding = one(info.value.diagnostics, "KB110")
    assert finding.location.path == "tables/t.csv"
    assert word in finding.message


def test_empty_table_is_kb110(make_project) -> None:
    _, findings = read(make_project, "")
    finding = one(findings, "KB110")
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 1)


def test_blank_lines_only_is_kb110(make_project) -> None:
    _, findings = read(make_project, "\n  \n\n")
    one(findings, "KB110")


def test_blank_lines_between_rows_are_skipped_and_lines_kept(make_project) -> None:
    table, findings = read(make_project, "Post;2023\n\nA;1\n;;\nB;x\n")
    assert [row.line for row in table.rows] == [3, 5]
    assert one(findings, "KB111").location.line == 5


def test_quoted_cell_with_line_break(make_project) -> None:
    """Excel writes a cell with Alt+Enter as a quoted value spanning two lines."""
    table, findings = read(make_project, 'Post;2023\n"Eerste\nregel";1\nB;x\n')
    assert table.rows[0].labels == ["Eerste\nregel"]
    assert table.rows[0].line == 2  # the line the row starts on
    assert table.rows[1].line == 4
    assert one(findings, "KB111").location.line == 4


def test_quoted_delimiter_inside_a_label(make_project) -> None:
    table, findings = read(make_project, 'Post;2023\n"A; met puntkomma";1\nTOTAAL;1\n')
    assert findings == [], describe(findings)
    assert table.rows[0].labels == ["A; met puntkomma"]


def test_row_kinds_groups_and_label_columns(make_project) -> None:
    csv = ("Hoofdlijn;Deelopgave;Plan\n"
           "Voorkomen;Preventie*;10\n"
           ";Drugs;5\n"
           ";SUBTOTAAL;15\n"
           "Bestraffen;Berechting;7\n"
           ";Subtotaal;7\n"
           "Beleid;Monitoring;1\n"
           ";Totaal;23\n")
    sidecar = SIDECAR + 'labels = 2\n[notes]\n"*" = "Noot"\n'
    table, findings = read(make_project, csv, sidecar)
    assert findings == [], describe(findings)
    assert table.label_columns == ["Hoofdlijn", "Deelopgave"]
    assert [row.kind for row in table.rows] == [
        RowKind.ITEM, RowKind.ITEM, RowKind.SUBTOTAL, RowKind.ITEM, RowKind.SUBTOTAL,
        RowKind.ITEM, RowKind.TOTAL]
    assert [row.group for row in table.rows[:6]] == ["Voorkomen"] * 3 + ["Bestraffen"] * 2 + \
        ["Beleid"]
    assert table.rows[2].display_label == "Voorkomen > SUBTOTAAL"
    assert table.rows[0].labels[1] == "Preventie*"


def test_subtotal_in_the_first_label_column_is_in_no_group(make_project) -> None:
    """Tabel 4: 'SUBTOTAAL;;…' closes the rows of several moments, not the last one's group."""
    csv = ("Moment;Middel;2024\nRegeerakkoord;Versterking;10\nVoorjaarsnota;BOTO;5\n"
           "SUBTOTAAL;;15\n;Loon- en prijsbijstelling;1\nTOTAAL;;16\n")
    table, findings = read(make_project, csv, SIDECAR + "labels = 2\n")
    assert findings == [], describe(findings)
    subtotal = table.rows[2]
    assert (subtotal.kind, subtotal.group, subtotal.display_label) == (RowKind.SUBTOTAL, "", "SUBTOTAAL")
    assert table.rows[1].group == "Voorjaarsnota"


def test_configured_total_words(make_project) -> None:
    csv = "Post;2023\nA;1\nB;2\nEindtotaal;4\n"
    root = table_project(make_project, csv, extra_config='[vocabulary]\ntotal = ["Eindtotaal"]\n')
    finding = one(check(root), "KB102")
    assert finding.location.row == "Eindtotaal"


# ---------------------------------------------------------------- sidecars without a table

def test_sidecar_left_behind_by_a_renamed_table_is_kb119(make_project) -> None:
    """besteding.csv renamed, besteding.toml not: the sidecar is named, with the likely table."""
    root = table_project(make_project, CLEAN, None, "besteding-2024",
                         tables={"besteding.toml": SIDECAR})
    finding = one(check(root), "KB119")
    assert finding.severity is Severity.WARNING
    assert (finding.location.path, finding.location.line) == ("tables/besteding.toml", 1)
    assert finding.message == ("sidecar tables/besteding.toml has no table: there is no "
                               "tables/besteding.csv or tables/besteding.xlsx")
    assert finding.hint == ("rename it to match its table file, or delete it; did you mean "
                            "tables/besteding-2024.toml, beside tables/besteding-2024.csv?")


def test_kb119_suggests_no_table_that_has_its_own_sidecar(make_project) -> None:
    """Renaming t-oud.toml to t.toml would overwrite t's sidecar: no 'did you mean'."""
    root = table_project(make_project, CLEAN, tables={"t-oud.toml": SIDECAR})
    finding = one(check(root), "KB119")
    assert finding.location.path == "tables/t-oud.toml"
    assert finding.hint == "rename it to match its table file, or delete it"
    assert run_cli("check", "--project", root).exit_code == 0  # a warning
    result = run_cli("check", "--project", root, "--strict")
    assert result.exit_code == 1 and "KB119" in result.output


def test_kb119_names_a_table_file_of_a_kind_that_is_not_read(make_project) -> None:
    root = table_project(make_project, CLEAN, tables={"oud.xls": b"\xd0\xcf", "oud.toml": SIDECAR})
    finding = one(check(root), "KB119")
    assert finding.location.path == "tables/oud.toml"
    assert "tables/oud.xls is not read: only .csv and .xlsx files are tables" in finding.hint


def test_a_sidecar_with_its_table_is_no_kb119(make_project) -> None:
    _, findings = read(make_project, CLEAN)
    assert only(findings, "KB119") == []


# ---------------------------------------------------------------- robustness

_cell = st.one_of(
    st.sampled_from(["", "-", "–", "1.234", "12,5", "(7)", "-3", "TOTAAL", "SUBTOTAAL", "Totaal",
                     "x*", "A⁵", '"', '""', "a;b", "a,b", "\t"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=6),
)
_csv = st.lists(st.lists(_cell, min_size=0, max_size=5), min_size=0, max_size=6).flatmap(
    lambda rows: st.tuples(st.just(rows), st.sampled_from([";", ",", "\t"]),
                           st.sampled_from(["\n", "\r\n"])))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_csv, labels=st.integers(min_value=0, max_value=3))
def test_any_csv_gives_findings_not_exceptions(tmp_path_factory, data, labels) -> None:
    rows, delimiter, newline = data
    root = tmp_path_factory.mktemp("fuzz")
    (root / "tables").mkdir()
    text = newline.join(delimiter.join(row) for row in rows)
    (root / "tables" / "t.csv").write_text(text, encoding="utf-8")
    (root / "tables" / "t.toml").write_text(f"caption = \"x\"\nlabels = {labels}\n")
    findings: list[Diagnostic] = []
    table = read_table(root / "tables" / "t.csv", root, Vocabulary(), findings)
    from kamerbrief.checks.sums import check_table_totals

    findings.extend(check_table_totals(table))
    for finding in findings:
        assert finding.location.path.startswith("tables/t.")
    for row in table.rows:
        assert set(row.cells) == set(table.numeric_columns)


def test_read_table_gives_project_relative_locations(tmp_path: Path) -> None:
    """read_table on a path gives project-relative locations."""
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "x.csv").write_text("Post;2023\nA;y\n")
    findings: list[Diagnostic] = []
    read_table(tmp_path / "tables" / "x.csv", tmp_path, Vocabulary(), findings)
    assert [f.location.path for f in findings] == ["tables/x.csv"]


@pytest.mark.parametrize(("extra", "typo", "meant"), [
    ('[[equals]]\nrow = "A"\ntable = "t"\nother_row = "A"\ncolums = ["2023"]\n', "colums", "columns"),
    ('[[formulas]]\ncolumn = "2023"\nexp = "2023"\n', "exp", "expr"),
    ('header_groups = [ { title = "Jaar", colums = ["2023"] } ]\n', "colums", "columns"),
    ('[[sums]]\ntotal = "A"\nparts = "below"\ncolumn = ["2023"]\n', "column", "columns"),
])
def test_a_typo_inside_a_nested_entry_is_kb114_with_did_you_mean(make_project, extra: str,
                                                                  typo: str, meant: str) -> None:
    """A misspelt key inside an entry once widened the check silently (``colums`` compared
    every column): it is reported at its line, with the key that was meant."""
    _, findings = read(make_project, "Post;2023\nA;1\n", SIDECAR + extra)
    finding = next(f for f in only(findings, "KB114") if f"'{typo}'" in f.message)
    assert f"'{meant}'" in finding.hint
    assert finding.location.path == "tables/t.toml"
    sidecar_lines = SIDECAR.count("\n")
    assert finding.location.line == sidecar_lines + extra[:extra.index(typo)].count("\n") + 1


def test_a_table_in_two_notations_is_kb123_at_each_ambiguous_number(make_project) -> None:
    """An English export writes 2.5 with a point; its 1.234 is then 1,234, not the 1.234
    (one thousand two hundred and thirty-four) Dutch notation reads."""
    from conftest import SIDECAR, check, describe, only, table_project

    findings = only(check(table_project(make_project, "Post,2023\nA,1.234\nB,2.5\nC,0.75\n",
                                        SIDECAR)), "KB123")
    assert [(f.location.line, f.location.row) for f in findings] == [(2, "A")], describe(findings)
    assert "'2.5', line 3" in findings[0].message and findings[0].severity.value == "error"
    for csv in ("Post;2023\nA;1.234\nB;2,5\n", "Post,2023\nA,1234\nB,2.5\n",
                "Post;2023\nA;1.234.567\nB;2.5\n", "Post;2023\nA;1.234\nB;12\n"):
        assert only(check(table_project(make_project, csv, SIDECAR)), "KB123") == [], csv
