"""The ``kamerbrief`` command: parse options, call the library, print, set the exit code.

Exit codes: 0 clean, 1 findings of severity error (or warnings with --strict), 2 could not
run (bad project file, unreadable source, output not writable).
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kamerbrief import __version__

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="Reports to the Tweede Kamer from Markdown chapters and CSV tables.\n\n"
    "Examples:\n\n  kamerbrief check\n\n  kamerbrief build --format pdf\n\n"
    "  kamerbrief explain KB101",
)

ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Project folder "
                                             "(holding kamerbrief.toml).")]


class CheckFormat(StrEnum):
    human = "human"
    json = "json"


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, no_color=bool(os.environ.get("NO_COLOR")), highlight=False)


def _version(value: bool) -> None:
    if value:
        print(f"kamerbrief {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool | None, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version.")] = None) -> None:
    """kamerbrief: check and build reports."""


def _load(project: Path):
    from kamerbrief.checks import run_checks
    from kamerbrief.diagnostics import ProjectError
    from kamerbrief.project import load_report

    try:
        report, reader_findings = load_report(project)
    except ProjectError as exc:
        return None, exc.diagnostics
    return report, run_checks(report, reader_findings)


@app.command()
def check(
    project: ProjectOption = Path("."),
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")]
    = CheckFormat.human,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only findings.")] = False,
) -> None:
    """Check sums, numbering, references and footnotes. Exit 0 clean, 1 findings, 2 error.

    Example: kamerbrief check --format json > findings.json
    """
    from kamerbrief.diagnostics import Severity, to_json
    from kamerbrief.report_output import print_findings

    report, findings = _load(project)
    console = _console()
    if format is CheckFormat.json:
        print(to_json(findings))
    elif findings or not quiet:
        print_findings(console, project.resolve(), findings)
    if report is None:
        raise typer.Exit(2)
    failing = [f for f in findings if f.severity is Severity.ERROR or strict]
    raise typer.Exit(1 if failing else 0)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A finding code such as KB101.")]) -> None:
    """Explain what a finding code means and how to fix it."""
    from kamerbrief.checks.registry import CODES

    info = CODES.get(code.upper())
    console = _console()
    if info is None:
        console.print(f"[red]unknown code {code}[/red]; known codes: {', '.join(CODES)}")
        raise typer.Exit(2)
    console.print(f"[bold]{info.code}[/bold] {info.title} ({info.severity.value})\n")
    console.print(info.explanation + "\n")
    console.print(f"[green]How to fix:[/green] {info.fix}")


@app.command()
def tables(project: ProjectOption = Path(".")) -> None:
    """List all tables: number, id, caption, file, rows, and whether their sums hold."""
    from rich.table import Table as RichTable

    from kamerbrief.diagnostics import Severity

    report, findings = _load(project)
    console = _console()
    if report is None:
        from kamerbrief.report_output import print_findings

        print_findings(_console(stderr=True), project.resolve(), findings)
        raise typer.Exit(2)
    failing = {f.location.path for f in findings if f.severity is Severity.ERROR
               and f.code.startswith("KB1")}
    grid = RichTable("Nr", "Id", "Caption", "File", "Rows", "Sums")
    for table in sorted(report.tables.values(), key=lambda t: (t.number == 0, t.number)):
        grid.add_row(str(table.number or "–"), table.id, table.meta.caption, table.path,
                     str(len(table.rows)),
                     "[red]✗[/red]" if table.path in failing else "[green]✓[/green]")
    console.print(grid)


@app.command()
def build(
    project: ProjectOption = Path("."),
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="pdf, docx, html or all.")] = "all",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder "
                                                "(default: dist/ in the project).")] = None,
    force: Annotated[bool, typer.Option(help="Build despite errors; the draft is marked "
                                        "'CONCEPT – bevat fouten'.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Check, then build the PDF, DOCX and HTML into dist/.

    Example: kamerbrief build --format pdf --out build/
    """
    from kamerbrief.build import BuildError, build_outputs
    from kamerbrief.diagnostics import Severity
    from kamerbrief.report_output import print_findings

    formats = ["pdf", "docx", "html"] if format == "all" else [f.strip() for f in
                                                                 format.split(",")]
    unknown = [f for f in formats if f not in ("pdf", "docx", "html")]
    console = _console(stderr=True)
    if unknown:
        console.print(f"[red]unknown format {', '.join(unknown)}[/red]: use pdf, docx, html "
                      "or all")
        raise typer.Exit(2)
    report, findings = _load(project)
    if report is None:
        print_findings(console, project.resolve(), findings)
        raise typer.Exit(2)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and not force:
        print_findings(console, project.resolve(), findings)
        console.print("[red]not built:[/red] fix the errors above, or use --force for a "
                      "draft marked 'CONCEPT – bevat fouten'")
        raise typer.Exit(1)
    out_dir = (out or report.root / "dist")
    try:
        written = build_outputs(report, formats, out_dir, draft=bool(errors),
                                console=None if quiet else console)
    except BuildError as exc:
        console.print(f"[red]build failed:[/red] {exc}")
        raise typer.Exit(2) from None
    if not quiet:
        for path in written:
            console.print(f"[green]✓[/green] {path}")


def run() -> None:  # pragma: no cover - console script entry
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
