"""`kamerbrief check` stays light: it never imports the renderers' heavy libraries, nor, once
the spelling cache knows the project's words, the spelling engine (0.2 s to load its
dictionary)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE_ROOT, copy_example
from kamerbrief.checks import run_checks
from kamerbrief.project import load_report

# fontTools: KB121 measures tables with the packaged widths (render/font_widths.py), never
# by parsing the font (50 ms to import).
HEAVY = ("weasyprint", "docx", "pandas", "hunspell", "fontTools")
# Modules of the build and the preview (server, watcher, browser) that a pre-commit hook
# has no use for.
NOT_ON_CHECK_PATH = ("kamerbrief.preview", "kamerbrief.build", "watchfiles", "http.server",
                     "webbrowser")

SCRIPT = """
import json, sys
from pathlib import Path
import kamerbrief.cli
from kamerbrief.cli import check
from kamerbrief.checks import run_checks
from kamerbrief.project import load_report

report, reader_findings = load_report(Path(sys.argv[1]))
findings = run_checks(report, reader_findings)
code = None
try:
    check(project=Path(sys.argv[1]), format=kamerbrief.cli.CheckFormat.json, strict=False, quiet=True)
except BaseException as exc:  # typer.Exit
    code = getattr(exc, "exit_code", getattr(exc, "code", None))
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))
print(json.dumps({"heavy": heavy, "findings": len(findings), "exit": code,
                  "tables": len(report.tables)}))
"""


def _warm_spelling_cache(root: Path = EXAMPLE_ROOT) -> None:
    """Check once, as the writer's previous run did: the spelling cache then knows every word."""
    report, findings = load_report(root)
    run_checks(report, findings)


def test_check_does_not_import_renderer_libraries() -> None:
    _warm_spelling_cache()
    process = subprocess.run([sys.executable, "-c", SCRIPT, str(EXAMPLE_ROOT), *HEAVY],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result["tables"] == 8 and result["findings"] == 0 and result["exit"] == 0  # it really ran
    assert result["heavy"] == [], f"check imported {result['heavy']}"


def test_the_probe_would_notice_a_heavy_import() -> None:
    """The same probe reports a library the script itself imports (so the test above can fail)."""
    probe = SCRIPT.replace("import kamerbrief.cli\n", "import kamerbrief.cli\nimport json.decoder\n")
    process = subprocess.run([sys.executable, "-c", probe, str(EXAMPLE_ROOT), "json"],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout.strip().splitlines()[-1])["heavy"] == ["json"]


CLI_SCRIPT = """
import json, sys
from kamerbrief.cli import run
sys.argv = ["kamerbrief", "check", "--quiet", "--project", sys.argv[1]]
try:
    run()
except SystemExit as exc:
    code = exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
heavy += sorted(set(sys.modules) & set(NOT_ON_CHECK_PATH))
print(json.dumps({"heavy": heavy, "exit": code}))
"""


def test_the_command_line_path_stays_light() -> None:
    """The whole command line, as a pre-commit hook runs it: typer's set-up included, which in
    some releases pulls in pydantic (0.1 s of a 0.4 s check)."""
    _warm_spelling_cache()
    script = (f"HEAVY = {(*HEAVY, 'pydantic')!r}\n"
              f"NOT_ON_CHECK_PATH = {NOT_ON_CHECK_PATH!r}\n" + CLI_SCRIPT)
    process = subprocess.run([sys.executable, "-c", script, str(EXAMPLE_ROOT)],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result["exit"] == 0  # it really checked the example
    assert result["heavy"] == [], f"`kamerbrief check` imported {result['heavy']}"


def test_a_cold_spelling_cache_loads_the_engine(tmp_path: Path) -> None:
    """Without its cache (a fresh clone) the check looks the words up: the probe above sees
    the engine then, so it would see it on the warm path too."""
    root = copy_example(tmp_path / "example")
    process = subprocess.run([sys.executable, "-c", SCRIPT, str(root), *HEAVY],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert result["heavy"] == ["hunspell"] and result["findings"] == 0
