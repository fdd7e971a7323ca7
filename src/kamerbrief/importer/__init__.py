"""``kamerbrief import``: a working project from an existing Word report.

    result = import_docx(Path("jaarverslag-2023.docx"), Path("jaarverslag-2024"))
    result.unmapped  # what could not be mapped, with where it stands in the Word file

Modules, one job each: ``package`` opens the .docx safely (bounds, refusals), ``styles`` and
``numbering`` say what paragraph styles and list numbering mean, ``body`` reads paragraphs,
runs and tables in order (``ir`` holds what it reads), ``outline`` splits chapters,
``tables`` turns data tables into CSV and sidecar, ``sums`` declares their arithmetic through
the project's own checks, ``images`` saves pictures, ``inline_md`` and ``markdown`` write
Markdown, ``convert`` puts the project together and ``write`` writes it atomically.

The check of the new project is the caller's: ``load_report`` + ``run_checks`` (the CLI
prints its findings after the import).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamerbrief.importer.convert import Converter
from kamerbrief.importer.package import ImportRefused, Limits, open_package
from kamerbrief.importer.read import paragraphs, read_document
from kamerbrief.importer.unmapped import Reporter, Unmapped
from kamerbrief.importer.write import check_destination, write_project

__all__ = ["ImportRefused", "ImportResult", "Limits", "Unmapped", "import_docx"]


@dataclass
class ImportResult:
    root: Path
    title: str
    chapters: list[str]  # project-relative paths, in reading order
    tables: list[str]  # table ids
    images: list[str]  # project-relative paths
    unmapped: list[Unmapped]  # what could not be mapped, in document order


def import_docx(source: Path, dest: Path, force: bool = False,
                limits: Limits = Limits()) -> ImportResult:
    """Read the Word report ``source`` and write it as a kamerbrief project into ``dest``.

    ``dest`` must be new or empty, unless ``force`` (its files are then replaced, all at
    once, when the import has succeeded). Raises ImportRefused with a reason when the file
    cannot be imported; nothing is written then. Nothing outside ``source`` is read and
    nothing is fetched: linked pictures and templates are listed in ``unmapped``.
    """
    check_destination(dest, source, force)
    reporter = Reporter()
    package = open_package(source, limits)
    try:
        document = read_document(package, reporter, limits.blocks)
        project = Converter(document, package, reporter).run(_title_from(source))
    finally:
        package.close()
    if not project.chapters:
        raise ImportRefused(f"{source.name} holds no text to import")
    write_project(project.files, dest, force)
    excerpts: dict[str, str] = {}
    for para in paragraphs(document):
        excerpts.setdefault(para.where, para.text())
    unmapped = [Unmapped(item.where, item.message, excerpts.get(item.where, ""))
                for item in reporter.items]
    return ImportResult(dest, project.title, project.chapters, project.tables, project.images,
                        unmapped)


def _title_from(source: Path) -> str:
    words = source.stem.replace("-", " ").replace("_", " ").split()
    text = " ".join(words) or "Rapport"
    return text[0].upper() + text[1:]
