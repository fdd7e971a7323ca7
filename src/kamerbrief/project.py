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


def table_files(root: Path) -> list[Path]:
    folder = root / TABLE_DIR
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


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
                                    SourceLocation(rel), hint="save the chapter as UTF-8 text"))
            continue
        chapter, chapter_findings = read_chapter(path, rel, source, config.vocabulary)
        chapters.append(chapter)
        findings.extend(chapter_findings)
    tables: dict[str, Table] = {}
    for csv_path in table_files(root):
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
