"""Output conventions of every command: --help with examples, NO_COLOR, --quiet/--verbose,
stable exit codes, and `explain` for every code."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.rich_utils  # noqa: F401 - imported now, so its import-time FORCE_COLOR reading sees no test env
from typer.main import get_command
from typer.testing import CliRunner

from conftest import chapter_with_table, run_cli, table_project
from kamerbrief.ci_formats import sarif_rules
from kamerbrief.cli import app
from kamerbrief.codes import CODES
from kamerbrief.scaffold import create_project

ESC = "\x1b["
CLEAN_CSV = "Post;2023\nA;1\nB;2\nTOTAAL;3\n"
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _invoke(*args: str | Path, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], env=env)


@pytest.fixture
def broken(make_project) -> Path:
    return table_project(make_project, CLEAN_CSV.replace("TOTAAL;3", "TOTAAL;4"),
                         chapters={"01.md": chapter_with_table() + "[^x]: Ongebruikt.\n"})


# ---------------------------------------------------------------- --help


def test_the_commands_are_there() -> None:
    assert {"check", "build", "tables", "explain", "new", "preview"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output
    assert f"kamerbrief {command}" in result.output  # an example of this very command


def test_top_level_help_has_examples() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "kamerbrief new" in result.output
    for command in COMMANDS:
        assert command in result.output


def test_check_help_documents_the_exit_codes() -> None:
    output = _flat(run_cli("check", "--help").output)
    assert "Exit codes:" in output
    assert "0 no errors" in output and "1 errors found" in output and "2 could not run" in output
    for fmt in ("github", "sarif", "junit", "gitlab", "json"):
        assert fmt in output


def test_preview_help_lists_its_options() -> None:
    output = run_cli("preview", "--help").output
    for option in ("--project", "--port", "--host", "--no-open"):
        assert option in output


# ---------------------------------------------------------------- NO_COLOR


def _outputs(broken: Path, tmp_path: Path, env: dict[str, str]) -> dict[str, str]:
    runs = {
        "check": ("check", "--project", broken),
        "check --verbose": ("check", "--project", broken, "--verbose"),
        "explain": ("explain", "KB101"),
        "unknown code": ("explain", "KB999"),
        "tables": ("tables", "--project", broken),
        "new": ("new", tmp_path / f"nieuw-{len(env)}"),
        "build refused": ("build", "--project", broken, "--format", "html"),
        "check --help": ("check", "--help"),
        "--help": ("--help",),
        "bad option": ("check", "--no-such-option"),
    }
    return {name: _invoke(*args, env=env).output for name, args in runs.items()}


def test_no_color_removes_every_escape_code(broken: Path, tmp_path: Path) -> None:
    # FORCE_COLOR makes rich colour even into the test runner, so the contrast is real.
    coloured = _outputs(broken, tmp_path, {"FORCE_COLOR": "1"})
    assert all(ESC in text for text in coloured.values()), \
        [name for name, text in coloured.items() if ESC not in text]
    plain = _outputs(broken, tmp_path, {"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert [name for name, text in plain.items() if ESC in text] == []
    assert "KB102" in plain["check"] and "Examples:" in plain["check --help"]


def test_empty_no_color_does_not_count(broken: Path) -> None:
    result = _invoke("check", "--project", broken, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert ESC in result.output


def test_build_with_no_color_prints_plain_progress(tmp_path: Path) -> None:
    root = tmp_path / "r"
    create_project(root)
    result = _invoke("build", "--project", root, "--format", "html",
                     env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert ESC not in result.output and "building HTML" in result.output


# ---------------------------------------------------------------- --quiet / --verbose


def test_check_quiet_and_verbose(make_project, broken: Path) -> None:
    clean = table_project(make_project, CLEAN_CSV)
    assert run_cli("check", "--project", clean, "--quiet").output == ""
    loud = run_cli("check", "--project", clean, "--verbose")
    assert loud.exit_code == 0
    assert "read 1 chapter(s) and 1 table(s)" in loud.output and "no findings" in loud.output
    quiet_broken = run_cli("check", "--project", broken, "-q")
    assert quiet_broken.exit_code == 1 and "KB102" in quiet_broken.output


def test_build_quiet_and_verbose(make_project) -> None:
    root = table_project(make_project, CLEAN_CSV,
                         chapters={"01.md": chapter_with_table() + "[^x]: Ongebruikt.\n"})
    quiet = run_cli("build", "--project", root, "--format", "html", "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    normal = run_cli("build", "--project", root, "--format", "html")
    assert normal.exit_code == 0 and ".html" in normal.output and "KB302" not in normal.output
    verbose = run_cli("build", "--project", root, "--format", "html", "--verbose")
    assert verbose.exit_code == 0
    assert "KB302" in verbose.output  # warnings are shown when verbose
    assert "HTML in" in verbose.output and "bytes" in verbose.output


@pytest.mark.parametrize("command", ["check", "build"])
def test_quiet_and_verbose_together_is_a_usage_error(command: str, make_project) -> None:
    root = table_project(make_project, CLEAN_CSV)
    result = run_cli(command, "--project", root, "--quiet", "--verbose")
    assert result.exit_code == 2 and "either --quiet or --verbose" in result.output


# ---------------------------------------------------------------- exit codes


def test_exit_codes_0_1_2(make_project, broken: Path, tmp_path: Path) -> None:
    assert run_cli("check", "--project", table_project(make_project, CLEAN_CSV)).exit_code == 0
    assert run_cli("check", "--project", broken).exit_code == 1
    assert run_cli("check", "--project", tmp_path / "nergens").exit_code == 2
    assert run_cli("build", "--project", broken, "--format", "html").exit_code == 1
    assert run_cli("build", "--project", tmp_path / "nergens").exit_code == 2


@pytest.mark.parametrize("args", [
    ("check", "--format", "xml"),
    ("check", "--no-such-option"),
    ("build", "--format", "odt"),
    ("explain", "KB999"),
    ("explain",),
    ("new",),
])
def test_wrong_usage_exits_2_in_plain_words(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.output.strip()


# ---------------------------------------------------------------- explain


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_is_documented_and_explain_names_the_fix(code: str) -> None:
    info = CODES[code]
    assert info.title.strip() and info.explanation.strip() and info.fix.strip()
    rule = next(r for r in sarif_rules() if r["id"] == code)
    assert rule["help"]["text"].strip() and rule["fullDescription"]["text"].strip()
    result = run_cli("explain", code)
    assert result.exit_code == 0
    output = _flat(result.output)
    assert f"How to fix: {_flat(info.fix)}" in output
    assert _flat(info.explanation) in output  # printed as written, brackets and all
    assert f"{code} {info.title}" in output
