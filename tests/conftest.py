"""Shared helpers: write a small project into tmp_path, check it, run the CLI.

A project is written from dicts of file texts::

    root = make_project(
        chapters={"01.md": "# Een\\n\\n{{tabel t}}\\n"},
        tables={"t.csv": "Post;2023\\nA;1\\nTOTAAL;1\\n", "t.toml": 'caption = "T"\\n'},
    )
    findings = check(root)

``kamerbrief.toml`` is generated ([report] title + the chapters in the order given) unless
``config`` is passed; ``extra_config`` is appended to the generated file. A generated file
turns the spelling check off (a test project's words are made up: "Fvw", "Post A") unless
``spelling=True``; tests/test_spelling.py, the example and the as-published fixture check it.

The suite runs in parallel (``make test``: pytest-xdist, ``--dist loadgroup``): a test never
depends on how fast the machine is, and a copy of a project never takes along a cache that
another process is writing (``copy_project``, ``copy_example``).
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from kamerbrief.checks import run_checks
from kamerbrief.cli import app
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.project import load_report

# Generated examples are judged on what they find, never on how long one takes: a busy
# machine (the suite's own parallel workers, or anything else) must not fail a property test.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

EXAMPLE_ROOT = Path(__file__).resolve().parent.parent

FINANCIAL_TABLES = (
    "ontvangen-middelen",
    "geplande-besteding",
    "besteding-2023",
    "geplande-besteding-2024",
    "besteding-per-opgave",
)

# A sidecar that satisfies the metadata checks (caption, unit, source), for tests that
# are about something else.
SIDECAR = 'caption = "Testtabel"\nunit = "in 1.000 euro"\nsource = "Testbron"\n'

FileText = str | bytes


# Modules whose fixtures are costly: the bad-input corpus (86 subprocesses), the example
# built to PDF, laid out by WeasyPrint, converted by LibreOffice, and the modules that share
# ``example_builds``. In a parallel run (`make test`: ``-n auto --dist loadgroup``) each group
# goes whole to one worker, so its fixtures are made once; every other test goes to whichever
# worker is free.
WORKER_GROUPS = {
    "tests/test_bad_inputs.py": "bad-inputs",
    "tests/test_pdf_output.py": "pdf-output",
    "tests/test_pdf_table_breaks.py": "pdf-layout",
    "tests/test_docx_libreoffice.py": "libreoffice",
    "tests/test_build_concurrent.py": "example-builds",
    "tests/test_output_coverage.py": "example-builds",
    "tests/test_no_lost_columns.py": "lost-columns",
    "tests/test_html_columns.py": "html-columns",
    "tests/test_docx_page_numbers.py": "libreoffice",
    "tests/test_accessibility_html.py": "axe",
    "tests/test_docx_accessibility.py": "example-builds",
    "tests/test_pdf_accessibility.py": "example-builds",
    "tests/test_import.py": "import",  # the example built to DOCX, imported, built again
    "tests/test_review.py": "review",  # the example edited in LibreOffice through UNO
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadgroup`` with the groups above, by the test's module path.

    pytest-xdist's own loadgroup reads ``xdist_group`` marks through a suffix it appends to
    node ids, which pytest 9.2 no longer lets it change: the marks would be silently ignored
    and every worker would build the corpus and the PDF again."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleGroups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return WORKER_GROUPS.get(nodeid.split("::", 1)[0], nodeid)

    return ModuleGroups(config, log)


def _write(path: Path, content: FileText) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        # newline="" keeps the text byte-exact: a test that wants CRLF writes "\r\n".
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)


def write_project(
    root: Path,
    chapters: dict[str, FileText] | None = None,
    tables: dict[str, FileText] | None = None,
    files: dict[str, FileText] | None = None,
    config: FileText | None = None,
    extra_config: str = "",
    title: str = "Testrapport",
    spelling: bool = False,
) -> Path:
    """Write a project: chapters/<name>, tables/<name>, any other files, kamerbrief.toml."""
    chapters = {"01-hoofdstuk.md": "# Hoofdstuk\n\nTekst.\n"} if chapters is None else chapters
    root.mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        _write(root / "chapters" / name, text)
    for name, text in (tables or {}).items():
        _write(root / "tables" / name, text)
    for name, text in (files or {}).items():
        _write(root / name, text)
    if config is None:
        listed = ",\n".join(f'    "chapters/{name}"' for name in chapters)
        config = f'[report]\ntitle = "{title}"\nchapters = [\n{listed},\n]\n'
        if extra_config:
            config += "\n" + textwrap.dedent(extra_config)
        if not spelling:
            config = _spelling_off(config)
    _write(root / "kamerbrief.toml", config)
    return root


def _spelling_off(config: str) -> str:
    """``spelling = false`` under [checks], beside what the test wrote there."""
    if re.search(r"^\s*spelling\s*=", config, re.M):
        return config
    header = re.search(r"^\s*\[checks\]\s*$", config, re.M)
    if header:
        return config[:header.end()] + "\nspelling = false" + config[header.end():]
    return config + "\n[checks]\nspelling = false\n"


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """``make_project(chapters=..., tables=..., files=..., config=...)`` → project root."""
    counter = iter(range(1000))

    def make(**kwargs) -> Path:
        return write_project(tmp_path / f"project{next(counter)}", **kwargs)

    return make


def check(root: Path) -> list[Diagnostic]:
    """Findings of ``kamerbrief check``: load_report + run_checks.

    When the project cannot be read (ProjectError), its diagnostics are returned, as the
    CLI prints them; use ``load_report`` with ``pytest.raises`` to tell the two apart.
    """
    try:
        report, reader_findings = load_report(root)
    except ProjectError as exc:
        return exc.diagnostics
    return run_checks(report, reader_findings)


def load(root: Path):
    """The resolved Report and the checks' findings, for tests that look at the model."""
    report, reader_findings = load_report(root)
    return report, run_checks(report, reader_findings)


def codes(findings: Iterable[Diagnostic]) -> list[str]:
    return [f.code for f in findings]


def only(findings: Iterable[Diagnostic], code: str) -> list[Diagnostic]:
    return [f for f in findings if f.code == code]


def one(findings: Iterable[Diagnostic], code: str) -> Diagnostic:
    """The single finding with this code; fails with the full list when there is not one."""
    findings = list(findings)
    matching = only(findings, code)
    assert len(matching) == 1, f"expected one {code}, got: {describe(findings)}"
    return matching[0]


def errors(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [f for f in findings if f.severity is Severity.ERROR]


def describe(findings: Iterable[Diagnostic]) -> list[str]:
    return [f"{f.location} {f.code} {f.severity.value}: {f.message}" for f in findings]


_runner = CliRunner()


def run_cli(*args: str | Path) -> Result:
    """Run ``kamerbrief ARGS`` in-process; the Result has exit_code, output, exception."""
    return _runner.invoke(app, [str(a) for a in args])


# What a copy of a project leaves out: tools' caches and environments. Another process may
# be writing them while the copy runs (a type checker's sqlite journal comes and goes), and
# no project reads them.
NOT_PROJECT = (".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache",
               ".hypothesis", "*.egg-info", ".kamerbrief-cache")

# What the example project is, of everything in the repository root: its config and the
# folders a project's sources live in (those that exist are copied).
EXAMPLE_PARTS = ("kamerbrief.toml", "woorden.txt", "chapters", "tables", "images", "files",
                 "styles")


def copy_project(source: Path, dest: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """Copy a project folder to ``dest`` (which may exist), leaving out caches and ``skip``
    (glob patterns). Every test that copies a project does it through here."""
    shutil.copytree(source, dest, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(*NOT_PROJECT, *skip))
    return dest


def copy_example(dest: Path) -> Path:
    """A copy of the repository's own example project: ``EXAMPLE_PARTS`` only, never the
    source tree, dist/, the virtual environment or caches that other processes write to."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in EXAMPLE_PARTS:
        part = EXAMPLE_ROOT / name
        if part.is_dir():
            copy_project(part, dest / name)
        elif part.is_file():
            shutil.copy2(part, dest / name)
    return dest


class ExampleBuilds:
    """The example built one format at a time (``build_outputs`` with that format alone),
    each format on first use: the reference that other builds are compared with."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.report, _ = load_report(root)
        self._paths: dict[str, Path] = {}

    def path(self, fmt: str) -> Path:
        if fmt not in self._paths:
            from kamerbrief.build import build_outputs

            (self._paths[fmt],) = build_outputs(self.report, [fmt], self.root.parent / f"alone-{fmt}")
        return self._paths[fmt]

    def data(self, fmt: str) -> bytes:
        return self.path(fmt).read_bytes()


@pytest.fixture(scope="session")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> ExampleBuilds:
    """Shared by every test that needs a finished example output but is not about making it
    (a PDF takes seconds): read the files, never change them. In a parallel run its users'
    modules share one worker (``WORKER_GROUPS``), so each format is built once."""
    return ExampleBuilds(copy_example(tmp_path_factory.mktemp("example-builds") / "example"))


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


def chapter_with_table(table_id: str = "t", before: str = "", after: str = "") -> str:
    """A chapter that places one table."""
    return f"# Hoofdstuk\n\n{before}{{{{tabel {table_id}}}}}\n\n{after}"


def table_project(make_project: Callable[..., Path], csv: FileText, sidecar: FileText | None = SIDECAR,
                  table_id: str = "t", **kwargs) -> Path:
    """A project with one chapter that places one table ``tables/<table_id>.csv``."""
    tables = {f"{table_id}.csv": csv}
    if sidecar is not None:
        tables[f"{table_id}.toml"] = sidecar
    tables.update(kwargs.pop("tables", {}))
    chapters = kwargs.pop("chapters", {"01-hoofdstuk.md": chapter_with_table(table_id)})
    return make_project(chapters=chapters, tables=tables, **kwargs)


# ---------------------------------------------------------------- a real browser

def chromium_path() -> str | None:
    for candidate in (os.environ.get("KAMERBRIEF_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium: install Debian's chromium (apt-get install chromium) "
                    "to run the browser tests of kamerbrief preview")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
