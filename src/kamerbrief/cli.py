"""The ``kamerbrief`` command: parse options, call the library, print, set the exit code.

Exit codes: 0 clean, 1 findings of severity error (or warnings with --strict), 2 could not
run (bad project file, unreadable source, output not writable, bad usage).

Output conventions: every command's --help ends with examples; NO_COLOR (any non-empty
value) turns off colour, bold and every other terminal escape code, also in --help;
--quiet prints only what matters (findings, errors), --verbose adds what was done.
"""

from __future__ import annotations

import os
import shlex
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from kamerbrief import __version__

if TYPE_CHECKING:
    from kamerbrief.build import RenderWorker
    from kamerbrief.diagnostics import Diagnostic
    from kamerbrief.model import Report
    from kamerbrief.relations.model import TableCoverage
    from kamerbrief.review import Review


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


class _Group(TyperGroup):
    """Applies NO_COLOR to typer's own help and error output before each run, and gives
    Ctrl-C in any command a message (typer would exit 130 without a word)."""

    def main(self, *args, **kwargs):
        if _no_color() or "typer.rich_utils" in sys.modules:
            from typer import rich_utils

            rich_utils.COLOR_SYSTEM = None if _no_color() else "auto"
        return super().main(*args, **kwargs)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Ctrl-C in a command without its own message: say so, instead of typer's silence."""
        with _on_ctrl_c(lambda: "the command did not finish"):
            return super().invoke(ctx)


@contextmanager
def _on_ctrl_c(what_happened: Callable[[], str]) -> Iterator[None]:
    """Ctrl-C: one line on stderr saying what was (not) done, then exit 130, no traceback.

    Typer turns KeyboardInterrupt into a silent exit 130 inside its main(), before ``run``
    could see it, so each command says itself what an interrupt left behind.
    """
    try:
        yield
    except KeyboardInterrupt:
        _console(stderr=True).print(f"interrupted: {escape(what_happened())}")
        raise typer.Exit(130) from None


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="Reports to the Tweede Kamer from Markdown chapters and CSV tables.\n\n"
    "Examples:\n"
    "  kamerbrief new voortgangsrapportage --title \"Voortgangsrapportage 2025\"\n"
    "  kamerbrief check\n"
    "  kamerbrief build --format pdf\n"
    "  kamerbrief explain KB101\n\n"
    "Set NO_COLOR=1 for output without colours.",
)

ProjectOption = Annotated[Path, typer.Option("--project", "-p", help="Project folder "
                                             "(holding kamerbrief.toml).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only findings and "
                                           "errors.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Also print what was "
                                             "read and how long it took.")]


class CheckFormat(StrEnum):
    human = "human"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


def _console(stderr: bool = False) -> Console:
    plain = _no_color()
    # soft_wrap: paths and messages stay on one line in CI logs, where rich would otherwise
    # wrap at 80 columns in the middle of a file name.
    return Console(stderr=stderr, no_color=plain, color_system=None if plain else "auto",
                   highlight=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        print(f"kamerbrief {__version__}")
        raise typer.Exit()


def _one_of_quiet_verbose(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        _console(stderr=True).print("[red]use either --quiet or --verbose, not both[/red]")
        raise typer.Exit(2)


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


def _ci_prefix(project: Path) -> str:
    """The project folder relative to the working directory (the repository root in CI),
    so CI formats name files as the CI system knows them; '' when it is not below it."""
    try:
        rel = project.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return ""
    return "" if rel == Path(".") else rel.as_posix()


def _checked_files(report) -> list[str]:
    files = ["kamerbrief.toml"]
    files += [chapter.path for chapter in report.chapters]
    for table in sorted(report.tables.values(), key=lambda t: t.path):
        files.append(table.path)
        if table.meta.sidecar:
            files.append(table.meta.sidecar)
    return files


@app.command()
def check(
    project: ProjectOption = Path("."),
    format: Annotated[CheckFormat, typer.Option(
        "--format", "-f", help="human, json, or for CI: github (annotations), sarif (code "
        "scanning), junit (test report), gitlab (Code Quality).")] = CheckFormat.human,
    strict: Annotated[bool, typer.Option(help="Warnings fail the check too.")] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    add_words: Annotated[bool, typer.Option(
        "--add-words", help="Append the words the spelling check does not know (KB730) to the "
        "word list (woorden.txt), sorted, each once, keeping its lines and comments. Review "
        "the KB730 findings first: a typo added there is never reported again.")] = False,
) -> None:
    """Check that the tables add up, that every table number, reference, footnote and
    figure quoted in the text resolves, and the spelling.

    Exit codes:
      0  no errors (warnings are listed but pass, unless --strict)
      1  errors found, or warnings with --strict
      2  could not run (bad kamerbrief.toml, unreadable file, wrong option)

    Examples:
      kamerbrief check
      kamerbrief check --project rapport --strict
      kamerbrief check --format json > findings.json
      kamerbrief check --format github             (in a GitHub Actions step)
      kamerbrief check --format sarif > kamerbrief.sarif
      kamerbrief check --format gitlab > gl-code-quality-report.json
      kamerbrief check --add-words                 (after reviewing the KB730 words)
    """
    _one_of_quiet_verbose(quiet, verbose)
    with _on_ctrl_c(lambda: "the check did not finish"):
        _check(project, format, strict, quiet, verbose, add_words)


def _add_unknown_words(report: Report, findings: list[Diagnostic], quiet: bool
                       ) -> list[Diagnostic]:
    """``check --add-words``: the KB730 words into the word list; the findings without them."""
    from kamerbrief.readers.textfile import TextFileError
    from kamerbrief.wordlist import add_words

    words = [finding.extra.get("word", "") for finding in findings if finding.code == "KB730"]
    name = report.config.word_list
    try:
        added = add_words(report.root / name, words)
    except (OSError, TextFileError) as exc:
        _console(stderr=True).print(f"[red]cannot add words to {escape(name)}:[/red] "
                                    f"{escape(str(exc))}")
        raise typer.Exit(2) from None
    if not quiet:
        listed = ", ".join(added) if added else "none new"
        _console(stderr=True).print(f"added {len(added)} word(s) to {escape(name)}: "
                                    f"{escape(listed)}", emoji=False)
    return [finding for finding in findings if finding.code != "KB730"]


def _ci_report(format: CheckFormat, findings: list[Diagnostic], report: Report | None,
               prefix: str, strict: bool) -> str:
    """The findings in a CI system's format; its module loads only for these formats."""
    from kamerbrief import ci_formats

    if format is CheckFormat.github:
        return ci_formats.to_github(findings, prefix)
    if format is CheckFormat.sarif:
        return ci_formats.to_sarif(findings, prefix, successful=report is not None)
    if format is CheckFormat.junit:
        files = _checked_files(report) if report is not None else []
        return ci_formats.to_junit(findings, files, prefix, strict=strict)
    return ci_formats.to_gitlab(findings, prefix)


def _check(project: Path, format: CheckFormat, strict: bool, quiet: bool, verbose: bool,
           add_words: bool = False) -> None:
    """The check command's work, apart so Ctrl-C anywhere in it gets one message."""
    from kamerbrief.diagnostics import Severity, to_json
    from kamerbrief.report_output import print_findings

    started = time.perf_counter()
    report, findings = _load(project)
    elapsed = time.perf_counter() - started
    console = _console()
    if add_words and report is not None:
        findings = _add_unknown_words(report, findings, quiet)
    prefix = _ci_prefix(project) if format not in (CheckFormat.human, CheckFormat.json) else ""
    if format is CheckFormat.json:
        print(to_json(findings))
    elif format is not CheckFormat.human:
        print(_ci_report(format, findings, report, prefix, strict))
    else:
        if verbose:
            console.print(f"project {escape(str(project.resolve()))}")
            if report is not None:
                console.print(f"read {len(report.chapters)} chapter(s) and "
                              f"{len(report.tables)} table(s), checked in {elapsed:.2f} s")
        if findings or not quiet:
            print_findings(console, project.resolve(), findings, verbose=verbose)
    if report is None:
        raise typer.Exit(2)
    failing = [f for f in findings if f.severity is Severity.ERROR or strict]
    raise typer.Exit(1 if failing else 0)


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A finding code such as KB101.")]) -> None:
    """Explain what a finding code means and how to fix it.

    Examples:
      kamerbrief explain KB101
      kamerbrief explain kb302
    """
    from kamerbrief.codes import CODES

    info = CODES.get(code.upper())
    console = _console()
    if info is None:
        console.print(f"[red]unknown code {escape(code)}[/red]; known codes: {', '.join(CODES)}")
        raise typer.Exit(2)
    console.print(f"[bold]{info.code}[/bold] {escape(info.title)} ({info.severity.value})\n")
    console.print(escape(info.explanation) + "\n")
    console.print(f"[green]How to fix:[/green] {escape(info.fix)}")


@app.command()
def tables(project: ProjectOption = Path(".")) -> None:
    """List all tables: number, id, caption, file, rows, and whether their sums hold.

    Examples:
      kamerbrief tables
      kamerbrief tables --project rapport
    """
    from rich.table import Table as RichTable

    from kamerbrief.diagnostics import Severity

    report, findings = _load(project)
    console = _console()
    if report is None:
        from kamerbrief.report_output import print_findings

        print_findings(_console(stderr=True), project.resolve(), findings)
        raise typer.Exit(2)
    from kamerbrief.relations import analyse

    failing = {f.location.path for f in findings if f.severity is Severity.ERROR
               and f.code.startswith("KB1")}
    coverage = analyse(report).coverage
    grid = RichTable("Nr", "Id", "Caption", "File", "Rows", "Arithmetic")
    for table in sorted(report.tables.values(),
                        key=lambda t: (t.number == 0, not t.placed, t.number)):
        number = str(table.number) if table.number else "–" if table.placed else "not placed"
        caption = escape(table.meta.caption) or (f"[dim]under: {escape(table.heading)}[/dim]"
                                                 if table.heading else "")
        grid.add_row(number, escape(table.id), caption, escape(table.path), str(len(table.rows)),
                     _arithmetic(coverage[table.id], table.path in failing))
    console.print(grid)


def _arithmetic(coverage: TableCoverage, failing: bool) -> str:
    """What was checked: never a ✓ for a table whose totals nothing checks."""
    unchecked = [f"'{escape(r.label)}'" for r in coverage.unchecked_rows]
    unchecked += [f"column '{escape(c)}'" for c in coverage.unchecked_columns]
    shown = ", ".join(unchecked[:3]) + (" …" if len(unchecked) > 3 else "")
    if failing:
        return "[red]✗ wrong[/red]" + (f"; [yellow]not checked: {shown}[/yellow]" if shown else "")
    if shown:
        checked = f"{coverage.relations} relations hold; " if coverage.relations else ""
        return f"[yellow]{checked}not checked: {shown}[/yellow]"
    if coverage.relations:
        return f"[green]✓ {coverage.relations} relations[/green]"
    return "[dim]no sums[/dim]"


@app.command()
def build(
    project: ProjectOption = Path("."),
    format: Annotated[str, typer.Option("--format", "-f",
                                        help="pdf, docx, html, a list such as pdf,docx, "
                                        "or all.")] = "all",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output folder "
                                                "(default: dist/ in the project).")] = None,
    force: Annotated[bool, typer.Option(help="Build despite errors; the draft is marked "
                                        "'CONCEPT – bevat fouten'.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no list of "
                                        "written files; errors are still printed.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also print warnings, and "
                                          "the time and size of each output.")] = False,
) -> None:
    """Check, then build the PDF, DOCX and HTML into dist/.

    Nothing is built while the check finds errors (exit 1), unless --force. Exit 2 when the
    project cannot be read or an output cannot be written.

    Examples:
      kamerbrief build
      kamerbrief build --format pdf --out build/
      kamerbrief build --format html,docx --project rapport
      kamerbrief build --force          (a draft marked 'CONCEPT – bevat fouten')
    """
    _one_of_quiet_verbose(quiet, verbose)
    formats = ["pdf", "docx", "html"] if format == "all" else [f.strip() for f in
                                                                 format.split(",")]
    unknown = [f for f in formats if f not in ("pdf", "docx", "html")]
    if unknown:
        _console(stderr=True).print(f"[red]unknown format {escape(', '.join(unknown))}[/red]: "
                                    "use pdf, docx, html or all")
        raise typer.Exit(2)
    done: list[Path] = []
    where = f"{(out or project / 'dist').as_posix()}/"
    with _on_ctrl_c(lambda: _build_interrupted(where, done, formats)):
        _build(project, formats, out, force, quiet, verbose, done)


def _build_interrupted(where: str, done: list[Path], formats: list[str]) -> str:
    """What Ctrl-C left in the output folder, truthfully: each output is renamed into place
    only when complete, so finished ones are whole and the rest keep their previous file."""
    if not done:
        return f"nothing was written; the previous files in {where} are unchanged"
    names = ", ".join(path.name for path in done)
    missing = [fmt.upper() for fmt in formats if f".{fmt}" not in {p.suffix for p in done}]
    if not missing:
        return f"all outputs were already written ({names})"
    one = len(missing) == 1
    return (f"{names} {'was' if len(done) == 1 else 'were'} written complete; the "
            f"{' and '.join(missing)} {'was' if one else 'were'} not, "
            f"{'its previous file' if one else 'their previous files'} in {where} "
            f"{'is' if one else 'are'} unchanged")


def _build(project: Path, formats: list[str], out: Path | None, force: bool, quiet: bool,
           verbose: bool, done: list[Path]) -> None:
    """The build command's work; ``done`` collects each output once it is written."""
    from kamerbrief.build import worker_for

    worker = worker_for(formats)  # imports WeasyPrint (or python-docx) while the project is read
    try:
        _check_and_build(project, formats, out, force, quiet, verbose, done, worker)
    finally:
        if worker is not None:
            worker.close()


def _check_and_build(project: Path, formats: list[str], out: Path | None, force: bool, quiet: bool,
                     verbose: bool, done: list[Path], worker: RenderWorker | None) -> None:
    from kamerbrief.build import BuildError, build_outputs
    from kamerbrief.diagnostics import Severity
    from kamerbrief.report_output import print_findings

    console = _console(stderr=True)
    report, findings = _load(project)
    if report is None:
        print_findings(console, project.resolve(), findings)
        raise typer.Exit(2)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and not force:
        print_findings(console, project.resolve(), findings, verbose=verbose)
        console.print("[red]not built:[/red] fix the errors above, or use --force for a "
                      "draft marked 'CONCEPT – bevat fouten'")
        raise typer.Exit(1)
    if verbose and findings:
        print_findings(console, project.resolve(), findings, verbose=True)
    out_dir = (out or report.root / "dist")
    building = f"building {', '.join(f.upper() for f in formats)}…"
    # A spinner writes terminal control codes: none when quiet, a plain line with NO_COLOR.
    if _no_color() and not quiet:
        console.print(building)

    pending = list(formats)
    show_phase: Callable[[str], None] = lambda _message: None  # noqa: E731 - set below

    def written_one(fmt: str, path: Path, seconds: float) -> None:
        done.append(path)
        pending.remove(fmt)
        if verbose:
            console.print(f"  {fmt.upper()} in {seconds:.1f} s, {path.stat().st_size:,} bytes")
        if pending:  # the PDF is last and longest: say what is still going on
            show_phase(_building_phase(pending, done, page[0]))

    page = [0]

    def laid_out(number: int) -> None:  # a second pass (repagination) counts from 1 again
        if number > page[0]:
            page[0] = number
            show_phase(_building_phase(pending, done, number))

    try:
        with _spinner(console, building, show=not quiet and not _no_color()) as show_phase:
            written = build_outputs(report, formats, out_dir, draft=bool(errors),
                                    on_written=written_one, worker=worker, on_page=laid_out)
    except BuildError as exc:
        console.print(f"[red]build failed:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    if not quiet:
        for path in written:
            console.print(f"[green]✓[/green] {escape(str(path))}")
        if "docx" in formats:
            _note_docx_page_numbers(console)


def _note_docx_page_numbers(console: Console) -> None:
    """Say when the DOCX's contents went out without page numbers, and what would add them."""
    from kamerbrief.render.docx_pages import missing_tools

    missing = missing_tools()
    if missing:
        console.print(f"[yellow]note:[/yellow] the DOCX contents and list of tables have no page "
                      f"numbers until Word updates them; install {' and '.join(missing)} to "
                      "have them filled in here")


def _building_phase(pending: list[str], done: list[Path], page: int = 0) -> str:
    """The spinner's text while the build runs: what is left, what it does (how many PDF
    pages are laid out, once WeasyPrint reports them) and what is written."""
    layout = f"{page} pages laid out" if page else "laying out the pages"
    left = ", ".join(f"PDF ({layout})" if fmt == "pdf" else fmt.upper() for fmt in pending)
    written = ", ".join(path.suffix.lstrip(".").upper() for path in done)
    return f"building {left}…" + (f" ({written} written)" if written else "")


@contextmanager
def _spinner(console: Console, message: str, show: bool) -> Iterator[Callable[[str], None]]:
    """A rich status spinner with ``message`` while the block runs, when ``show``; it is
    gone (not left on screen) before anything after the block is printed. The block gets a
    function that changes the message (a no-op without a spinner)."""
    if not show:
        yield lambda _message: None
        return
    with console.status(message) as status:
        yield lambda text: status.update(text)


@app.command()
def new(
    directory: Annotated[Path, typer.Argument(help="The folder to create (new, or empty).",
                                              metavar="DIR", show_default=False)],
    title: Annotated[str | None, typer.Option(
        "--title", "-t", help="The report's title (default: made from the folder name).",
        show_default=False)] = None,
) -> None:
    """Start a new report: a working skeleton that check and build pass straight away.

    It holds kamerbrief.toml, two chapters (with a footnote, a box, a table reference and a
    figure quoted from the table), a financial table with its sidecar, a Makefile, a
    pre-commit configuration and CI workflows for GitHub Actions and GitLab. Refuses a
    folder that already holds files (exit 2).

    Examples:
      kamerbrief new voortgangsrapportage-2025
      kamerbrief new rapport --title "Aanpak georganiseerde criminaliteit"
    """
    from kamerbrief.scaffold import ScaffoldError, create_project

    console = _console()
    try:
        written = create_project(directory, title)
    except ScaffoldError as exc:
        _console(stderr=True).print(f"[red]not created:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    console.print(f"[green]✓[/green] created {escape(str(directory))} ({len(written)} files)\n")
    console.print("Next:")
    console.print(f"  cd {escape(shlex.quote(str(directory)))}")
    console.print("  kamerbrief check      # do the tables add up, do all references resolve?")
    console.print("  kamerbrief build      # dist/*.pdf, *.docx, *.html")
    console.print("  kamerbrief preview    # the report in your browser, updated on save")


@app.command("import")
def import_(
    report: Annotated[Path, typer.Argument(help="The Word report (.docx) to import.",
                                           metavar="REPORT.docx", show_default=False)],
    directory: Annotated[Path, typer.Argument(help="The project folder to create (new, or "
                                              "empty).", metavar="DIR", show_default=False)],
    force: Annotated[bool, typer.Option(help="Replace the files of a DIR that is not "
                                        "empty.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every finding of "
                                          "the check, warnings too.")] = False,
) -> None:
    """Make a project from an existing Word report, then check it.

    Chapters are split at Heading 1, sections come from Heading 2–4. Lists,
    emphasis, links, footnotes, quotes, boxes and pictures become Markdown;
    every table with figures a CSV file with a sidecar. The Word file is only
    read: nothing it links to is fetched. What could not be mapped is listed
    with its place in the Word file, then the check's findings on the project.

    Exit codes:
      0  imported; the check finds no errors
      1  imported; the check finds errors (listed: fix them in the new project)
      2  not imported (not a .docx, protected, too large, DIR not empty, …)

    Examples:
      kamerbrief import jaarverslag-2023.docx jaarverslag-2024
      kamerbrief import rapport.docx rapport --force
    """
    with _on_ctrl_c(lambda: f"the import did not finish; {directory} is unchanged"):
        _import(report, directory, force, verbose)


def _import(source: Path, directory: Path, force: bool, verbose: bool) -> None:
    from kamerbrief.diagnostics import Severity
    from kamerbrief.importer import ImportRefused, import_docx
    from kamerbrief.report_output import print_findings

    errors_console = _console(stderr=True)
    try:
        result = import_docx(source, directory, force=force)
    except ImportRefused as exc:
        errors_console.print(f"[red]not imported:[/red] {escape(exc.message)}")
        if exc.hint:
            errors_console.print(f"  → {escape(exc.hint)}")
        raise typer.Exit(2) from None
    except Exception as exc:  # a Word feature the importer trips over: no traceback
        errors_console.print(f"[red]not imported:[/red] the importer failed on {escape(source.name)} "
                             f"({escape(type(exc).__name__)}: {escape(str(exc))}); "
                             f"{escape(str(directory))} is unchanged. Please report this with the file.")
        raise typer.Exit(2) from None
    console = _console()
    console.print(f"[green]✓[/green] imported {escape(source.name)} into {escape(str(directory))}: "
                  f"{len(result.chapters)} chapter(s), {len(result.tables)} table(s), "
                  f"{len(result.images)} picture(s)")
    if result.unmapped:
        console.print(f"\n[yellow]Not mapped ({len(result.unmapped)})[/yellow], look at these "
                      f"places in {escape(source.name)}:")
        for item in result.unmapped:
            console.print(f"  {escape(item.place)}: {escape(item.message)}")
    report, findings = _load(directory)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is not Severity.ERROR]
    console.print(f"\nCheck of the new project: {len(errors)} error(s), {len(warnings)} warning(s)")
    shown = findings if verbose or report is None else errors
    if shown:
        print_findings(console, directory.resolve(), shown, verbose=verbose)
    if warnings and not verbose:
        counts: dict[str, int] = {}
        for finding in warnings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        console.print("  warnings: " + ", ".join(f"{n} × {code}" for code, n in sorted(counts.items()))
                      + " (kamerbrief explain CODE; the list: kamerbrief check)")
    console.print("\nNext:")
    console.print(f"  cd {escape(shlex.quote(str(directory)))}")
    console.print("  kamerbrief check      # the findings above, with their lines")
    if any(finding.code == "KB730" for finding in warnings):
        console.print("  kamerbrief check --add-words   # after reading them: the names and terms "
                      "of the report into woorden.txt")
    if any(finding.code in ("KB504", "KB505") for finding in warnings):
        console.print("  # KB504/KB505: figures typed in the text; quote them with {{waarde}} or "
                      "{{reken}} as each finding says")
    console.print("  kamerbrief build      # dist/*.pdf, *.docx, *.html")
    raise typer.Exit(1 if errors or report is None else 0)


class ReviewFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    gitlab = "gitlab"


_REVIEW_STYLE = {"placed": "cyan", "stale": "yellow", "unplaced": "red", "refused": "red",
                 "note": "yellow"}


@app.command()
def review(
    docx: Annotated[Path, typer.Argument(help="The DOCX a reviewer changed in Word or "
                                         "LibreOffice.", metavar="REVIEWED.docx",
                                         show_default=False)],
    project: ProjectOption = Path("."),
    format: Annotated[ReviewFormat, typer.Option(
        "--format", "-f", help="text, json, or for CI: github, sarif, junit, gitlab (as "
        "check).")] = ReviewFormat.text,
    apply: Annotated[bool, typer.Option("--apply", help="Write the placed changes into the "
                                        "Markdown and CSV files, then run the check.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what --apply would change, "
                                          "as a diff; write nothing.")] = False,
    comments_file: Annotated[bool, typer.Option(
        "--comments-file", help="With --apply: also write the comments to "
        "reviews/<name>.md.")] = False,
    quiet: QuietOption = False,
) -> None:
    """List a reviewer's comments and tracked changes, each at its file and line or table
    cell; with --apply, write the changes into the source.

    Only a change whose paragraph or cell is still what the DOCX was built from is applied:
    the others are listed as stale, unplaced or refused and left alone. A change inside a
    figure quoted from a table is refused: change the table instead.

    Exit codes:
      0  every comment and change is placed (and, with --apply, applied; the check passes)
      1  some are not placed or not applied, or the check after --apply finds errors
      2  could not run (not a .docx, unreadable project, files not writable)

    Examples:
      kamerbrief review rapport-opmerkingen.docx
      kamerbrief review rapport-opmerkingen.docx --dry-run
      kamerbrief review rapport-opmerkingen.docx --apply --comments-file
      kamerbrief review rapport-opmerkingen.docx --format github
    """
    if comments_file and not (apply or dry_run):
        _console(stderr=True).print("[red]--comments-file goes with --apply or --dry-run[/red]")
        raise typer.Exit(2)
    with _on_ctrl_c(lambda: "the review did not finish; no file was changed"):
        _review(docx, project, format, apply or dry_run, dry_run, comments_file, quiet)


def _review(docx: Path, project: Path, format: ReviewFormat, apply: bool, dry_run: bool,
            comments_file: bool, quiet: bool) -> None:
    """The review command's work: read, maybe apply and check, then print in ``format``."""
    from kamerbrief.diagnostics import ProjectError, Severity
    from kamerbrief.report_output import print_findings
    from kamerbrief.review import (
        ApplyError,
        ReviewError,
        comments_path,
        plan_apply,
        read_review,
        unified_diff,
        write_plan,
    )
    from kamerbrief.review.output import to_diagnostics, to_json

    errors_console = _console(stderr=True)
    try:
        found, report = read_review(docx, project)
    except ProjectError as exc:
        print_findings(errors_console, project.resolve(), exc.diagnostics)
        raise typer.Exit(2) from None
    except ReviewError as exc:
        errors_console.print(f"[red]cannot review {escape(docx.name)}:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except Exception as exc:  # a Word construct the review trips over: no traceback
        errors_console.print(f"[red]cannot review {escape(docx.name)}:[/red] the review failed "
                             f"({escape(type(exc).__name__)}: {escape(str(exc))}); nothing was "
                             "changed. Please report this with the file.")
        raise typer.Exit(2) from None
    plan, written, diff = None, [], ""
    findings: list[Diagnostic] = []
    try:
        if apply:
            plan = plan_apply(found, report, comments_path(docx) if comments_file else "")
            diff = unified_diff(plan)
        if plan is not None and not dry_run:
            written = write_plan(report.root, plan)
            findings = _load(project)[1]  # the check, on what was written
    except ApplyError as exc:
        errors_console.print(f"[red]not applied:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    conflicts = plan.conflicts if plan is not None else []
    if format is ReviewFormat.json:
        print(to_json(found, written if plan is not None else None, conflicts,
                      diff if dry_run else None, findings if plan and not dry_run else None))
    elif format is not ReviewFormat.text:
        output = _ci_report(CheckFormat(format.value), to_diagnostics(found, docx.name) + findings,
                            report, _ci_prefix(project), strict=False)
        print(output.replace("kamerbrief check: ", "kamerbrief review: ")
              if format is ReviewFormat.github else output)
    else:
        _print_review(found, quiet)
    side = _console(stderr=format is not ReviewFormat.text)
    if dry_run and format is not ReviewFormat.json:
        if diff:
            (sys.stdout if format is ReviewFormat.text else sys.stderr).write(diff)
        else:
            side.print("--dry-run: nothing would change")
    if plan is not None and not dry_run and format is ReviewFormat.text:
        for path in written:
            side.print(f"[green]✓[/green] {escape(path)}")
        if not written:
            side.print("nothing written: no change could be applied")
        if findings:
            side.print("check after applying:")
            print_findings(side, project.resolve(), findings)
    failing = bool(found.problems) or bool(conflicts) or \
        any(f.severity is Severity.ERROR for f in findings)
    raise typer.Exit(1 if failing else 0)


def _print_review(found: Review, quiet: bool) -> None:
    """The review on the terminal: one item a paragraph, its location first."""
    from kamerbrief.review.output import summary, text_lines

    console = _console()
    for line in text_lines(found):
        if quiet and line.status == "placed":
            continue
        if line.lead:
            style = _REVIEW_STYLE.get(line.status, "cyan")
            console.print(f"[{style}]{escape(line.lead)}[/{style}]  {escape(line.text)}",
                          emoji=False)
        elif not quiet:
            console.print(f"    {escape(line.text)}", emoji=False)
    console.print(summary(found), emoji=False)


@app.command()
def preview(
    project: ProjectOption = Path("."),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open a browser.")] = False,
) -> None:
    """Show the report in your browser, rebuilt each time you save a chapter or table.

    Stop with Ctrl-C.

    Examples:
      kamerbrief preview
      kamerbrief preview --project rapport --port 8080 --no-open
    """
    from kamerbrief.preview import PreviewError

    console = _console(stderr=True)
    if not (project / "kamerbrief.toml").is_file():
        console.print(f"[red]no kamerbrief.toml in {escape(str(project.resolve()))}[/red]: run "
                      "'kamerbrief new DIR' to start a project, or pass --project DIR")
        raise typer.Exit(2)
    try:
        _serve_preview(project.resolve(), host=host, port=port, open_browser=not no_open)
    except (PreviewError, OSError) as exc:  # the port is taken, the address cannot be used
        console.print(f"[red]preview cannot start:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _serve_preview(project: Path, host: str = "127.0.0.1", port: int = 8000,
                   open_browser: bool = True) -> None:
    """Serve the preview of ``project`` until Ctrl-C; print its URL, maybe open a browser.

    Each build's one-line summary (from the watcher's thread too) goes to stdout as it
    happens. Ctrl-C once serving says "preview stopped" and ends cleanly (exit 0); one during
    the first build is any command's interrupt (exit 130). Raises PreviewError when the
    address cannot be used (e.g. the port is taken).
    """
    import threading

    from kamerbrief.preview import PreviewServer

    console = _console()

    def say(message: str) -> None:
        console.print(escape(message), emoji=False)

    server = PreviewServer(project, host=host, port=port, log=say)
    server.start()
    say(f"kamerbrief preview: {server.url} (Ctrl-C to stop)")
    if open_browser and _can_open_browser():
        import webbrowser

        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        while not server.wait(0.5):
            pass
    except KeyboardInterrupt:
        say("preview stopped")
    finally:
        server.stop()


def _can_open_browser() -> bool:
    """A browser can be shown: not on CI (CI set), and on Linux and the BSDs only with a
    display (X11 or Wayland)."""
    if os.environ.get("CI"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run() -> None:  # pragma: no cover - console script entry
    """The console script. Ctrl-C inside a command is answered by ``_on_ctrl_c``; this
    catches only one that arrives outside typer's main (which would otherwise show a traceback)."""
    try:
        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
