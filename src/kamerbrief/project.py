"""Load a project directory into one resolved Report: config, chapters, tables."""

from __future__ import annotations

from pathlib import Path

from kamerbrief.config import Config, load_config
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import Report, SourceLocation, Table
from kamerbrief.readers.markdown import read_chapter
from kamerbrief.readers.tables import read_table
from kamerbrief.readers.textfile import TextFileError, read_text
from kamerbrief.resolve import resolve

TABLE_DIR = "tables"


TABLE_SUFFIXES = (".csv", ".xlsx")


def table_files(root: Path) -> list[Path]:
    """The tables: ``tables/*.csv`` and ``tables/*.xlsx``, sorted (so a .csv comes before an
    .xlsx of the same id). Excel's lock files (``~$name.xlsx``) are not tables."""
    folder = root / TABLE_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in TABLE_SUFFIXES
                  and not path.name.startswith("~$"))


def load_report(root: Path, config: Config | None = None) -> tuple[Report, list[Diagnostic]]:
    """Read everything once. Raises ProjectError only when the project cannot be read."""
    root = root.resolve()
    config = config or load_config(root)
    findings: list[Diagnostic] = []
    fatal: list[Diagnostic] = []
    chapters = []
    for rel in config.chapters:
        path = (root / rel).resolve()
        if not path.is_relative_to(root):
            fatal.append(Diagnostic("KB001", Severity.ERROR,
                                    f"chapter '{rel}' lies outside the project folder",
                                    SourceLocation("kamerbrief.toml"),
                                    hint="keep chapters inside the project"))
            continue
        try:
            source, _ = read_text(path)
        except TextFileError as exc:
            fatal.append(Diagnostic("KB004", Severity.ERROR, f"cannot read chapter: {exc}",
                                    SourceLocation(rel, exc.line),
                                    hint=exc.hint or "save the chapter as UTF-8 text"))
            continue
        chapter, chapter_findings = read_chapter(path, rel, source, config.vocabulary)
        chapters.append(chapter)
        findings.extend(chapter_findings)
    tables: dict[str, Table] = {}
    seen: dict[str, str] = {}  # table id → the file read for it
    for csv_path in table_files(root):
        rel = csv_path.relative_to(root).as_posix()
        if csv_path.stem in seen:
            findings.append(Diagnostic(
                "KB110", Severity.ERROR,
                f"two files for table id '{csv_path.stem}': {seen[csv_path.stem]} and {rel}; "
                f"{rel} is not read", SourceLocation(rel),
                hint="keep one of them: remove the other, or rename it to a new table id"))
            continue
        seen[csv_path.stem] = rel
        try:
            table = read_table(csv_path, root, config.vocabulary, findings)
        except ProjectError as exc:
            fatal.extend(exc.diagnostics)
            continue
        tables[table.id] = table
    if fatal:
        raise ProjectError(fatal)
    report = Report(root=root, config=config, chapters=chapters, tables=tables)
    findings.extend(resolve(report))
    return report, findings
