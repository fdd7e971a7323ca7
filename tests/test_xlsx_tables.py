"""readers/xlsx.py: a table as an Excel workbook, read into the same model as a CSV."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (
    EXAMPLE_ROOT,
    SIDECAR,
    chapter_with_table,
    check,
    codes,
    copy_example,
    describe,
    one,
    only,
    run_cli,
)
from kamerbrief.checks.sums import check_table_totals
from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic, ProjectError
from kamerbrief.model import RowKind
from kamerbrief.numbers import parse_number, split_marks
from kamerbrief.project import load_report, table_files
from kamerbrief.readers.tables import read_table
from kamerbrief.readers.xlsx import excel_number, sheet_prefix

Rows = list[list[object]]


def workbook_bytes(sheets: dict[str, Rows], origin: str = "A1") -> bytes:
    """An .xlsx with the given sheets (in order); each sheet's rows start at ``origin``."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    start = openpyxl.utils.cell.coordinate_to_tuple(origin)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.cell(start[0] + r, start[1] + c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_cached_value(data: bytes, formula: str, value: str) -> bytes:
    """Store a computed value for ``formula``, as Excel does (openpyxl writes none)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(f"<f>{formula}</f><v></v>".encode(),
                                          f"<f>{formula}</f><v>{value}</v>".encode())
            target.writestr(item, content)
    return out.getvalue()


def xlsx_project(make_project, data: bytes, sidecar: str | None = SIDECAR, **kwargs) -> Path:
    tables = {"t.xlsx": data}
    if sidecar is not None:
        tables["t.toml"] = sidecar
    tables.update(kwargs.pop("tables", {}))
    return make_project(chapters={"01-hoofdstuk.md": chapter_with_table("t")}, tables=tables,
                        **kwargs)


def read(make_project, rows: Rows, sidecar: str = SIDECAR, sheet: str = "Blad1"):
    root = xlsx_project(make_project, workbook_bytes({sheet: rows}), sidecar)
    report, _ = load_report(root)
    return report.tables["t"], check(root)


def values(table, column):
    return [row.cells[column].value for row in table.rows]


def comparable(findings):
    """What must agree between the CSV and the workbook: all but the file suffix and text."""
    return sorted((f.code, f.location.path.rsplit(".", 1)[0], f.location.line, f.location.row,
                   f.location.column, f.expected, f.found) for f in findings)


# ---------------------------------------------------------------- the example's Tabel 3

EXAMPLE_ID = "besteding-2023"


def csv_to_workbook(csv_path: Path, labels: int, change: tuple[str, object] | None = None) -> bytes:
    """The CSV as a workbook with numbers as numbers (as a writer would have it in Excel)."""
    text = csv_path.read_text(encoding="utf-8-sig")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    for r, record in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1):
        for c, cell in enumerate(record, start=1):
            value: object = cell or None
            number_text, marks = split_marks(cell)
            if r > 1 and c > labels and cell and not marks:
                number = parse_number(number_text)
                value = None if number is None else (int(number) if number == number.to_integral_value()
                                                     else float(number))
            if value is not None:
                sheet.cell(r, c, value)
    if change:
        sheet[change[0]] = change[1]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def example_as_workbook(dest: Path, change: tuple[str, object] | None = None) -> Path:
    root = copy_example(dest)
    csv_path = root / "tables" / f"{EXAMPLE_ID}.csv"
    (root / "tables" / f"{EXAMPLE_ID}.xlsx").write_bytes(csv_to_workbook(csv_path, 2, change))
    csv_path.unlink()
    return root


def test_example_table_as_workbook_is_clean_and_reads_as_the_csv(tmp_path: Path) -> None:
    root = example_as_workbook(tmp_path / "xlsx")
    findings = check(root)
    assert findings == [], describe(findings)
    workbook = load_report(root)[0].tables[EXAMPLE_ID]
    text = load_report(EXAMPLE_ROOT)[0].tables[EXAMPLE_ID]
    assert workbook.path == f"tables/{EXAMPLE_ID}.xlsx"
    assert (workbook.label_columns, workbook.numeric_columns) == (text.label_columns,
                                                                  text.numeric_columns)
    assert workbook.meta == text.meta
    assert workbook.header_line == text.header_line == 1
    for mine, theirs in zip(workbook.rows, text.rows, strict=True):
        assert (mine.kind, mine.labels, mine.group, mine.line) == \
            (theirs.kind, theirs.labels, theirs.group, theirs.line)
        for column in text.numeric_columns:
            a, b = mine.cells[column], theirs.cells[column]
            assert (a.value, a.marks, a.is_nil) == (b.value, b.marks, b.is_nil), (mine.label, column)
            assert a.location.cell.startswith("Blad1!") and b.location.cell == ""
    assert workbook.rows[0].cells["Plan"].location.cell == "Blad1!C2"


@pytest.mark.parametrize(
    ("cell", "xlsx_value", "csv_old", "csv_new", "expected_codes"),
    [
        # Realisatie of "Aanpak logistieke knooppunten" (sheet row 5, column D)
        ("D5", 23391, "23.390;22.355;", "23.390;23.391;", ["KB101"]),
        ("D5", "veel", "23.390;22.355;", "23.390;veel;", ["KB101", "KB111"]),
        # the TOTAAL's Plan (C19) breaks the sum and the [[equals]] with geplande-besteding
        ("C19", 705901, ";TOTAAL;705.900;", ";TOTAAL;705.901;", ["KB102", "KB104"]),
    ],
)
def test_one_changed_cell_gives_the_same_findings_as_the_csv(
        tmp_path: Path, cell, xlsx_value, csv_old, csv_new, expected_codes) -> None:
    csv_root = copy_example(tmp_path / "csv")
    csv_path = csv_root / "tables" / f"{EXAMPLE_ID}.csv"
    text = csv_path.read_text(encoding="utf-8")
    assert text.count(csv_old) == 1
    csv_path.write_text(text.replace(csv_old, csv_new), encoding="utf-8")
    csv_findings = check(csv_root)
    xlsx_findings = check(example_as_workbook(tmp_path / "xlsx", (cell, xlsx_value)))
    assert sorted(set(codes(xlsx_findings))) == expected_codes, describe(xlsx_findings)
    assert comparable(xlsx_findings) == comparable(csv_findings)
    for finding in xlsx_findings:
        if finding.location.path.endswith(".xlsx") and finding.location.column:
            assert finding.location.cell in finding.message, finding.message
    changed = [f for f in xlsx_findings if f.location.cell == f"Blad1!{cell}"]
    if isinstance(xlsx_value, str):
        assert f"Blad1!{cell}" in one(changed, "KB111").message
    for finding in csv_findings:
        assert "Blad1!" not in finding.message and finding.location.cell == ""


def test_workbook_finding_location_prints_the_excel_cell(tmp_path: Path) -> None:
    root = example_as_workbook(tmp_path / "xlsx", ("D5", 23391))
    finding = one(check(root), "KB101")
    assert str(finding.location) == f"tables/{EXAMPLE_ID}.xlsx:11 [Blad1!D11]"
    assert finding.to_dict()["cell"] == "Blad1!D11"
    assert "(Blad1!D11)" in finding.message and "sheet rows 5–10" in finding.message
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "[Blad1!D11]" in result.output
    assert "│" not in result.output  # no "source line" quoted from the binary file
    parsed = json.loads(run_cli("check", "--project", root, "--format", "json").output)
    assert parsed["findings"][0]["cell"] == "Blad1!D11"


def test_csv_location_text_is_unchanged(make_project) -> None:
    root = make_project(chapters={"01-hoofdstuk.md": chapter_with_table("t")},
                        tables={"t.csv": "Post;2023\nA;1\nTOTAAL;2\n", "t.toml": SIDECAR})
    finding = one(check(root), "KB102")
    assert str(finding.location) == "tables/t.csv:3 [TOTAAL / 2023]"
    assert "cell" not in finding.to_dict()
    assert "(" not in finding.message.split(":")[0]


# ---------------------------------------------------------------- cells

def test_numbers_text_numbers_and_nil(make_project) -> None:
    rows: Rows = [
        ["Post", 2023, "2024"],
        ["A", 110404.0, "1.234"],
        ["B", 12.5, "12,5"],
        ["C", "-", None],
        ["D", "", "(16)"],
        ["TOTAAL", 110416.5, 1230.5],
    ]
    table, findings = read(make_project, rows)
    assert findings == [], describe(findings)
    assert table.numeric_columns == ["2023", "2024"]  # a number in the header reads as text
    assert values(table, "2023") == [Decimal("110404"), Decimal("12.5"), None, None,
                                     Decimal("110416.5")]
    assert str(table.rows[0].cells["2023"].value) == "110404"  # no ".0": shown without decimals
    assert values(table, "2024") == [Decimal(1234), Decimal("12.5"), None, Decimal(-16),
                                     Decimal("1230.5")]
    assert [row.line for row in table.rows] == [2, 3, 4, 5, 6]
    assert [row.kind for row in table.rows][-1] is RowKind.TOTAL
    assert table.rows[1].cells["2024"].location.cell == "Blad1!C3"


@pytest.mark.parametrize("bad", ["veel", True, "#DIV/0!"])
def test_text_in_a_number_column_is_kb111_naming_the_cell(make_project, bad) -> None:
    _, findings = read(make_project, [["Post", "2023"], ["A", 1], ["B", bad]])
    finding = one(findings, "KB111")
    assert (finding.location.path, finding.location.line, finding.location.row,
            finding.location.column, finding.location.cell) == ("tables/t.xlsx", 3, "B", "2023",
                                                                 "Blad1!B3")
    assert "Blad1!B3" in finding.message


def test_float_noise_is_rounded_away(make_project) -> None:
    rows: Rows = [["Post", "Bedrag"], ["A", 0.1], ["B", 0.2], ["TOTAAL", 0.1 + 0.2]]
    assert 0.1 + 0.2 != 0.3
    table, findings = read(make_project, rows)
    assert findings == [], describe(findings)
    assert values(table, "Bedrag") == [Decimal("0.1"), Decimal("0.2"), Decimal("0.3")]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (110404.0, None, "110404"),
        (12.5, None, "12.5"),
        (0.1 + 0.2, None, "0.3"),
        (1 / 3, None, "0.3333333333"),  # more than 10 decimals: rounded to 10
        (-2.675, None, "-2.675"),
        (1e20, None, "100000000000000000000"),
        (7, None, "7"),
        (12.25, 1, "12.3"),  # half away from zero, as Excel shows it
        (-12.25, 1, "-12.3"),
        (5, 2, "5.00"),
        (110404.0, 0, "110404"),
    ],
)
def test_decimals_rule(value, decimals, expected) -> None:
    assert str(excel_number(value, decimals)) == expected


def test_declared_decimals_round_the_stored_numbers(make_project) -> None:
    rows: Rows = [["Post", "Aandeel"], ["A", 12.25], ["B", 3], ["TOTAAL", 15.26]]
    table, findings = read(make_project, rows, SIDECAR + "decimals = 1\n")
    assert findings == [], describe(findings)  # 12,3 + 3,0 = 15,3
    assert values(table, "Aandeel") == [Decimal("12.3"), Decimal("3.0"), Decimal("15.3")]
    assert table.column_decimals("Aandeel") == 1


@pytest.mark.parametrize(("decimals", "word"), [('"1"', "decimals"), ("11", "decimals"),
                                                ("-1", "decimals"), ("true", "decimals"),
                                                ("sheet = 1", "sheet"), ("range = 3", "range")])
def test_wrong_workbook_keys_are_kb114(make_project, decimals, word) -> None:
    line = decimals if "=" in decimals else f"decimals = {decimals}"
    _, findings = read(make_project, [["Post", "2023"], ["A", 1]], SIDECAR + line + "\n")
    finding = one(findings, "KB114")
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 4)
    assert word in finding.message


def test_workbook_keys_in_a_csv_sidecar_are_kb114(make_project) -> None:
    root = make_project(chapters={"01-hoofdstuk.md": chapter_with_table("t")},
                        tables={"t.csv": "Post;2023\nA;1\n",
                                "t.toml": SIDECAR + 'sheet = "Blad1"\n'})
    finding = one(check(root), "KB114")
    assert finding.location.line == 4 and "only for Excel tables" in finding.message


# ---------------------------------------------------------------- formulas

FORMULA_ROWS: Rows = [["Post", "2023"], ["A", 1], ["B", 2], ["TOTAAL", "=SUM(B2:B3)"]]


def test_formula_without_computed_value_is_kb118(make_project) -> None:
    _, findings = read(make_project, FORMULA_ROWS)
    finding = one(findings, "KB118")
    assert (finding.location.path, finding.location.line, finding.location.row,
            finding.location.column, finding.location.cell) == ("tables/t.xlsx", 4, "TOTAAL",
                                                                 "2023", "Blad1!B4")
    assert "=SUM(B2:B3)" in finding.message and "Blad1!B4" in finding.message
    assert "save it again" in finding.hint


def test_formula_with_computed_value_reads_the_value(make_project) -> None:
    data = workbook_bytes({"Blad1": FORMULA_ROWS})
    root = xlsx_project(make_project, with_cached_value(data, "SUM(B2:B3)", "3"))
    findings = check(root)
    assert findings == [], describe(findings)
    assert load_report(root)[0].tables["t"].rows[-1].cells["2023"].value == Decimal(3)
    wrong = xlsx_project(make_project, with_cached_value(data, "SUM(B2:B3)", "4"))
    assert one(check(wrong), "KB102").found == Decimal(4)


def test_formula_in_a_label_cell_without_value_is_kb118(make_project) -> None:
    _, findings = read(make_project, [["Post", "2023"], ['=CONCAT("A","B")', 1]])
    assert one(findings, "KB118").location.cell == "Blad1!A2"


# ---------------------------------------------------------------- sheet and range

def test_default_is_the_first_sheet_and_its_used_range(make_project) -> None:
    data = workbook_bytes({"Eerste": [["Post", "2023"], ["A", 1], ["TOTAAL", 1]],
                           "Tweede": [["Post", "2023"], ["A", 5]]}, origin="C4")
    root = xlsx_project(make_project, data)
    table = load_report(root)[0].tables["t"]
    assert check(root) == []
    assert table.label_columns == ["Post"]  # empty rows 1-3 and columns A-B are skipped
    assert table.header_line == 4 and [row.line for row in table.rows] == [5, 6]
    assert table.rows[0].cells["2023"].location.cell == "Eerste!D5"


def test_sheet_and_range_keys(make_project) -> None:
    rows: Rows = [["Tabel 3 Overzicht"], [], ["Post", "2023", "2024"], ["A", 1, 2],
                  ["B", 3, 4], ["TOTAAL", 4, 6], [], ["Bron: OM"]]
    data = workbook_bytes({"Toelichting": [["Zie het tweede blad"]], "Cijfers": rows})
    sidecar = SIDECAR + 'sheet = "Cijfers"\nrange = "A3:C6"\n'
    root = xlsx_project(make_project, data, sidecar)
    assert check(root) == [], describe(check(root))
    table = load_report(root)[0].tables["t"]
    assert table.numeric_columns == ["2023", "2024"]
    assert [row.line for row in table.rows] == [4, 5, 6]
    assert table.rows[-1].cells["2024"].location.cell == "Cijfers!C6"
    # without the range the title row is the header (sheet names match case-insensitively)
    unranged = xlsx_project(make_project, data, SIDECAR + 'sheet = "cijfers"\n')
    assert [f.location.cell for f in only(check(unranged), "KB113")] == ["Cijfers!B1", "Cijfers!C1"]


def test_sheet_names_that_excel_quotes() -> None:
    assert sheet_prefix("Blad1") == "Blad1!"
    assert sheet_prefix("Blad 1") == "'Blad 1'!"
    assert sheet_prefix("O'Brien") == "'O''Brien'!"
    assert sheet_prefix("A1") == "'A1'!"
    assert sheet_prefix("2023") == "'2023'!"


def test_unknown_sheet_is_kb114_naming_the_sheets(make_project) -> None:
    data = workbook_bytes({"Blad1": [["Post", "2023"], ["A", 1]], "Blad2": [["x"]]})
    root = xlsx_project(make_project, data, SIDECAR + 'sheet = "Blad3"\n')
    findings = check(root)
    finding = one(findings, "KB114")
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 4)
    assert "'Blad1', 'Blad2'" in finding.message and "Blad3" in finding.message
    assert "did you mean" in finding.hint


@pytest.mark.parametrize("bad", ["A3-H20", "H20", "A0:B2", "B5:A1", "A1:XFE3"])
def test_malformed_range_is_kb114(make_project, bad: str) -> None:
    root = xlsx_project(make_project, workbook_bytes({"Blad1": [["Post", "2023"], ["A", 1]]}),
                        SIDECAR + f'range = "{bad}"\n')
    finding = one(check(root), "KB114")
    assert finding.location.line == 4 and bad in finding.message


def test_empty_sheet_is_kb110(make_project) -> None:
    _, findings = read(make_project, [])
    assert one(findings, "KB110").location.path == "tables/t.xlsx"


# ---------------------------------------------------------------- files

def _truncated() -> bytes:
    data = workbook_bytes({"Blad1": [["Post", "2023"], ["A", 1]]})
    return data[: len(data) // 2]


def _zip_without_workbook() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("leesmij.txt", "geen werkmap")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "word"),
    [
        (b"Post;2023\nA;1\n", "not a zip archive"),  # a CSV renamed to .xlsx
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (_truncated(), "not a valid Excel workbook"),
        (_zip_without_workbook(), "not a valid Excel workbook"),
    ],
)
def test_invalid_workbook_is_kb110_not_a_traceback(make_project, content: bytes, word: str) -> None:
    root = xlsx_project(make_project, content)
    with pytest.raises(ProjectError) as info:
        load_report(root)
    finding = one(info.value.diagnostics, "KB110")
    assert finding.location.path == "tables/t.xlsx"
    assert word in finding.message
    result = run_cli("check", "--project", root)
    assert result.exit_code == 2 and "KB110" in result.output
    assert "Traceback" not in result.output


def test_csv_and_xlsx_with_the_same_id_is_kb110(make_project) -> None:
    root = xlsx_project(make_project, workbook_bytes({"Blad1": [["Post", "2023"], ["A", 1]]}),
                        tables={"t.csv": "Post;2023\nA;1\n"})
    findings = check(root)
    finding = one(findings, "KB110")
    assert "two files for table id 't'" in finding.message
    assert finding.location.path == "tables/t.xlsx"
    assert load_report(root)[0].tables["t"].path == "tables/t.csv"


def test_excel_lock_files_are_not_tables(make_project) -> None:
    root = xlsx_project(make_project, workbook_bytes({"Blad1": [["Post", "2023"], ["A", 1]]}),
                        tables={"~$t.xlsx": b"\x00lock"})
    assert [p.name for p in table_files(root)] == ["t.xlsx"]
    assert check(root) == []


# ---------------------------------------------------------------- openpyxl stays lazy

PROBE = """
import json, sys
from pathlib import Path
from kamerbrief.checks import run_checks
from kamerbrief.project import load_report
report, findings = load_report(Path(sys.argv[1]))
run_checks(report, findings)
print(json.dumps({"openpyxl": "openpyxl" in sys.modules, "tables": len(report.tables)}))
"""


@pytest.mark.parametrize("with_workbook", [False, True])
def test_openpyxl_is_imported_only_for_a_workbook_table(tmp_path: Path, with_workbook) -> None:
    root = example_as_workbook(tmp_path / "x") if with_workbook else EXAMPLE_ROOT
    process = subprocess.run([sys.executable, "-c", PROBE, str(root)], capture_output=True,
                             text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result == {"openpyxl": with_workbook, "tables": 8}


# ---------------------------------------------------------------- robustness

_value = st.one_of(
    st.none(),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.sampled_from(["", "-", "–", "1.234", "12,5", "(7)", "TOTAAL", "SUBTOTAAL", "x*", "#N/A",
                     "=SUM(B1:B2)", "=1/0", True, datetime.date(2023, 1, 31)]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_value, max_size=4), max_size=5),
       labels=st.integers(min_value=0, max_value=3))
def test_any_workbook_gives_findings_not_exceptions(tmp_path_factory, rows, labels) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "tables").mkdir()
    (root / "tables" / "t.xlsx").write_bytes(workbook_bytes({"Blad1": rows}))
    (root / "tables" / "t.toml").write_text(f"caption = \"x\"\nlabels = {labels}\n")
    findings: list[Diagnostic] = []
    table = read_table(root / "tables" / "t.xlsx", root, Vocabulary(), findings)
    findings.extend(check_table_totals(table))
    for finding in findings:
        assert finding.location.path.startswith("tables/t.")
    for row in table.rows:
        assert set(row.cells) == set(table.numeric_columns)
        assert all(cell.location.cell.startswith("Blad1!") for cell in row.cells.values())


def test_a_zip_bomb_workbook_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    """A workbook whose parts unpack to more than the limit is KB110, not a memory blow-up."""
    import kamerbrief.readers.xlsx as xlsx_reader

    workbook = openpyxl.Workbook()
    workbook.active.append(["Post", "Plan"])
    workbook.active.append(["A", 1])
    path = tmp_path / "groot.xlsx"
    workbook.save(path)
    monkeypatch.setattr(xlsx_reader, "MAX_UNPACKED_BYTES", 100)  # the real file unpacks to more
    with pytest.raises(ProjectError) as raised:
        xlsx_reader.read_workbook_records(path, "tables/groot.xlsx",
                                          xlsx_reader.WorkbookOptions(), [])
    assert raised.value.diagnostics[0].code == "KB110"
    assert "unpacks to" in raised.value.diagnostics[0].message


def _hidden_book(rows: Rows, hide_rows: tuple[int, ...] = (), hide_columns: str = "",
                 filtered: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Blad1"
    for row in rows:
        sheet.append(row)
    for number in hide_rows:
        sheet.row_dimensions[number].hidden = True
    for letter in hide_columns:
        sheet.column_dimensions[letter].hidden = True
    if filtered:  # a filter that hides a row writes the same mark as Excel's Hide
        sheet.auto_filter.ref = "A1:B4"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HIDDEN_ROWS = [["Post", "2023", "2024"], ["A", 1, 2], ["Hulpregel", 5, 5], ["B", 3, 4],
               ["TOTAAL", 4, 6]]


def test_a_row_hidden_in_excel_is_kb122_as_it_is_printed_all_the_same(make_project) -> None:
    findings = check(xlsx_project(make_project, _hidden_book(HIDDEN_ROWS, hide_rows=(3,))))
    finding = one(findings, "KB122")
    assert (finding.location.path, finding.location.line, finding.severity.value) == \
        ("tables/t.xlsx", 3, "warning")
    assert "row 3 of sheet 'Blad1' is hidden" in finding.message
    assert only(findings, "KB102")  # and the hidden row is in the sum, as it is printed


def test_rows_hidden_by_a_filter_and_a_hidden_column_are_kb122(make_project) -> None:
    data = _hidden_book([["Post", "2023", "2024"], ["A", 1, 2], ["B", 3, 4], ["C", 5, 6]],
                        hide_rows=(2, 3), hide_columns="C", filtered=True)
    findings = only(check(xlsx_project(make_project, data)), "KB122")
    assert [(f.location.line, f.message.split(":")[0]) for f in findings] == [
        (1, "column C of sheet 'Blad1' is hidden in Excel"),
        (2, "row 2 of sheet 'Blad1' is hidden in Excel (and 1 more")]


def test_a_hidden_row_outside_the_range_is_no_finding(make_project) -> None:
    sidecar = SIDECAR + 'range = "A1:C2"\n'
    rows = [["Post", "2023", "2024"], ["A", 1, 2], ["Hulpregel", 5, 5]]
    findings = check(xlsx_project(make_project, _hidden_book(rows, hide_rows=(3,)), sidecar))
    assert only(findings, "KB122") == [], describe(findings)
