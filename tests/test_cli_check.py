"""`kamerbrief check`, `explain` and `--version` as a writer runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SIDECAR, chapter_with_table, run_cli, table_project
from kamerbrief import __version__
from kamerbrief.codes import CODES

CLEAN_CSV = "Post;2023\nA;1\nB;2\nTOTAAL;3\n"


def assert_no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def test_clean_project_exits_0(make_project) -> None:
    result = run_cli("check", "--project", table_project(make_project, CLEAN_CSV))
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_errors_exit_1_and_name_the_place(make_project) -> None:
    root = table_project(make_project, CLEAN_CSV.replace("TOTAAL;3", "TOTAAL;4"))
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1
    assert "tables/t.csv" in result.output and "KB102" in result.output
    assert "1 error(s)" in result.output
    assert_no_traceback(result)


def test_missing_project_file_exits_2(tmp_path) -> None:
    result = run_cli("check", "--project", tmp_path)
    assert result.exit_code == 2
    assert "KB001" in result.output and "kamerbrief.toml" in result.output
    assert_no_traceback(result)


def test_toml_syntax_error_exits_2(make_project) -> None:
    root = make_project(config='[report]\ntitle = "T\nchapters = ["chapters/01-hoofdstuk.md"]\n')
    result = run_cli("check", "--project", root)
    assert result.exit_code == 2
    assert "KB001" in result.output and "syntax" in result.output
    assert_no_traceback(result)


def test_warnings_pass_unless_strict(make_project) -> None:
    root = table_project(make_project, CLEAN_CSV, chapters={
        "01.md": chapter_with_table() + "Tekst.\n\n[^1]: Ongebruikt.\n"})
    relaxed = run_cli("check", "--project", root)
    assert relaxed.exit_code == 0, relaxed.output
    assert "KB302" in relaxed.output and "warning" in relaxed.output
    strict = run_cli("check", "--project", root, "--strict")
    assert strict.exit_code == 1


def test_severity_override_changes_the_exit_code(make_project) -> None:
    chapters = {"01.md": chapter_with_table() + "[^1]: Ongebruikt.\n"}
    raised = table_project(make_project, CLEAN_CSV, chapters=chapters,
                           extra_config='[checks.severity]\nKB302 = "error"\n')
    assert run_cli("check", "--project", raised).exit_code == 1
    silenced = table_project(make_project, CLEAN_CSV.replace("TOTAAL;3", "TOTAAL;4"),
                             extra_config='[checks.severity]\nKB102 = "off"\n')
    result = run_cli("check", "--project", silenced)
    assert result.exit_code == 0 and "KB102" not in result.output


def test_json_format(make_project) -> None:
    root = table_project(make_project, CLEAN_CSV.replace("TOTAAL;3", "TOTAAL;4"),
                         chapters={"01.md": chapter_with_table() + "[^x]: Ongebruikt.\n"})
    result = run_cli("check", "--project", root, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"errors": 1, "warnings": 1}
    by_code = {f["code"]: f for f in data["findings"]}
    total = by_code["KB102"]
    assert (total["file"], total["line"], total["row"], total["column"]) == \
        ("tables/t.csv", 4, "TOTAAL", "2023")
    assert (total["expected"], total["found"], total["difference"]) == ("3", "4", "1")
    assert total["severity"] == "error" and total["message"] and total["hint"]
    note = by_code["KB302"]
    assert (note["file"], note["line"], note["severity"]) == ("chapters/01.md", 5, "warning")
    for finding in data["findings"]:
        assert {"code", "severity", "message", "file", "line"} <= set(finding)


def test_json_format_clean_and_unreadable(make_project, tmp_path) -> None:
    clean = run_cli("check", "--project", table_project(make_project, CLEAN_CSV), "--format", "json")
    assert clean.exit_code == 0
    assert json.loads(clean.output) == {"summary": {"errors": 0, "warnings": 0}, "findings": []}
    missing = run_cli("check", "--project", tmp_path, "-f", "json")
    assert missing.exit_code == 2
    assert json.loads(missing.output)["findings"][0]["code"] == "KB001"


def test_quiet_clean_prints_nothing(make_project) -> None:
    result = run_cli("check", "--project", table_project(make_project, CLEAN_CSV), "--quiet")
    assert result.exit_code == 0 and result.output.strip() == ""


BROKEN = {
    "binary csv": dict(tables={"t.csv": b"\x00\x01\x02"}),
    "undecodable csv": dict(tables={"t.csv": b"Post;2023\nA\x81;1\n"}),
    "sidecar syntax": dict(tables={"t.csv": CLEAN_CSV, "t.toml": 'caption = "x\n'}),
    "sidecar types": dict(tables={"t.csv": CLEAN_CSV, "t.toml": (
        'caption = 1\nunit = []\nsource = {}\nlabels = -1\nunit_scale = "x"\ntolerance = 3\n'
        'notes = "n"\nformulas = 5\nequals = "e"\nheader_groups = 7\n')}),
    "sidecar bad entries": dict(tables={"t.csv": CLEAN_CSV, "t.toml": (
        SIDECAR + 'header_groups = [1, {title = 2}]\n[[formulas]]\ncolumn = 1\nexpr = []\n'
        '[[formulas]]\ncolumn = "2023"\nexpr = "2023 / (2023 - 2023)"\n'
        '[[equals]]\nrow = 1\ntable = 2\n[[equals]]\nrow = "TOTAAL"\ntable = "t"\ncolumns = 3\n')}),
    "labels beyond columns": dict(tables={"t.csv": CLEAN_CSV, "t.toml": SIDECAR + "labels = 9\n"}),
    "no label columns": dict(tables={"t.csv": CLEAN_CSV, "t.toml": SIDECAR + "labels = 0\n"}),
    "empty csv": dict(tables={"t.csv": "", "t.toml": SIDECAR}),
    "unclosed quote": dict(tables={"t.csv": 'Post;2023\n"A;1\nB;2\n', "t.toml": SIDECAR}),
    "ragged and text": dict(tables={"t.csv": "Post;;2023;2023\nA;1\nTOTAAL;x;y;z;w\n"}),
    "only totals": dict(tables={"t.csv": "Post;2023\nSUBTOTAAL;1\nTOTAAL;\nTOTAAL;2\n"}),
    "binary chapter": dict(chapters={"01.md": b"\x00\x00"}),
    "odd markdown": dict(chapters={"01.md": (
        "---\n- lijst\n---\n::: kader\n{{}} {{ }} {{waarde}} {{waarde | | | }} {{tabel}}\n"
        "[^] [^x] ![](<>) [a]() <script>x</script>\n| a | b |\n|---|---|\n"
        "| [^1] | {{waarde t|A|2023}} |\n")}),
    "bad yaml": dict(chapters={"01.md": "---\n: : :\n\t- x\n---\n# T\n"}),
    "config types": dict(config='report = "x"\nchecks = 1\nvocabulary = []\n'),
    "config severity types": dict(config='[report]\ntitle = "T"\nchapters = ["chapters/01-hoofdstuk.md"]\n'
                                         '[checks]\nseverity = 1\n'),
    "config chapter list types": dict(
        config='[report]\ntitle = "T"\nchapters = [1, true]\noutputs = "pdf"\n'),
    "config not utf8": dict(config=b'[report]\ntitle = "\xe9\x81"\n'),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_no_traceback_for_broken_input(make_project, name: str) -> None:
    kwargs = dict(BROKEN[name])
    if "tables" in kwargs and "chapters" not in kwargs:
        kwargs["chapters"] = {"01-hoofdstuk.md": chapter_with_table()}
    root = make_project(**kwargs)
    for args in (["check", "--project", root], ["check", "--project", root, "--format", "json"]):
        result = run_cli(*args)
        assert result.exit_code in (1, 2), (name, result.exit_code, result.output, result.exception)
        assert_no_traceback(result)


def test_no_traceback_in_a_real_process(make_project) -> None:
    script = Path(sys.executable).parent / "kamerbrief"
    if not script.exists():
        pytest.skip("the kamerbrief console script is not installed next to this Python")
    root = make_project(tables={"t.csv": b"\x00binary"}, chapters={"01.md": chapter_with_table()})
    process = subprocess.run([str(script), "check", "--project", str(root)],
                             capture_output=True, text=True, timeout=60)
    output = process.stdout + process.stderr
    assert process.returncode == 2, output
    assert "KB110" in output
    assert "Traceback" not in output


def test_explain_prints_title_explanation_and_fix() -> None:
    result = run_cli("explain", "KB101")
    assert result.exit_code == 0
    info = CODES["KB101"]
    assert "KB101" in result.output and info.title in result.output
    assert "How to fix" in result.output
    assert "SUBTOTAAL" in result.output


def test_explain_is_case_insensitive_and_refuses_unknown_codes() -> None:
    assert run_cli("explain", "kb302").exit_code == 0
    unknown = run_cli("explain", "KB999")
    assert unknown.exit_code == 2
    assert "unknown code" in unknown.output


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_is_explained(code: str) -> None:
    info = CODES[code]
    assert info.code == code
    assert info.title.strip() and info.explanation.strip() and info.fix.strip()
    assert info.severity.value in ("error", "warning")
    result = run_cli("explain", code)
    assert result.exit_code == 0
    assert code in result.output


def test_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"kamerbrief {__version__}"
    assert __version__ == "0.1.0"
