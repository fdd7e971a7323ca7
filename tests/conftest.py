"""Shared helpers: write a small project into tmp_path, check it, run the CLI.

A project is written from dicts of file texts::

    root = make_project(
        chapters={"01.md": "# Een\\n\\n{{tabel t}}\\n"},
        tables={"t.csv": "Post;2023\\nA;1\\nTOTAAL;1\\n", "t.toml": 'caption = "T"\\n'},
    )
    findings = check(root)

``kamerbrief.toml`` is generated ([report] title + the chapters in the order given) unless
``config`` is passed; ``extra_config`` is appended to the generated file.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kamerbrief.checks import run_checks
from kamerbrief.cli import app
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.project import load_report

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
    _write(root / "kamerbrief.toml", config)
    return root


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


def copy_example(dest: Path) -> Path:
    """A copy of the repository's own example project (without .venv, dist, caches)."""
    shutil.copytree(
        EXAMPLE_ROOT, dest,
        ignore=shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache",
                                      ".ruff_cache", ".hypothesis", "*.egg-info", "tests",
                                      "benchmarks"),
    )
    return dest


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
