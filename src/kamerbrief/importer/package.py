"""The importer's side of opening a .docx: its refusal, its limits, what it asks of the package.

Opening, bounding and parsing the file is ``kamerbrief.docx_input``'s, shared with
``kamerbrief review``; a refusal there is raised as ``ImportRefused``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kamerbrief.docx_input import DocxLimits, DocxPackage, DocxRefused, Relationship, open_docx
from kamerbrief.importer.ooxml import NS


@dataclass(frozen=True)
class Limits(DocxLimits):
    """How much of a package the importer is willing to read: the shared bounds, and how
    many paragraphs and tables the document may hold."""

    blocks: int = 200_000


class ImportRefused(DocxRefused):
    """The file cannot be imported; the message says why in a writer's words."""

    verb = "import"


def open_package(source: Path, limits: Limits = Limits()) -> DocxPackage:
    """The package of ``source``, checked; ImportRefused with a reason otherwise."""
    return open_docx(source, limits, ImportRefused)


def core_properties(package: DocxPackage) -> dict[str, str]:
    """Title, subject, creator and language from docProps/core.xml ({} when absent)."""
    part = package.related("", "core-properties")
    if part is None:
        return {}
    try:
        root = package.xml(part)
    except DocxRefused:
        return {}
    found = {}
    for key in ("title", "subject", "creator", "language"):
        element = root.find(f"{{{NS['dc']}}}{key}")
        if element is not None and (element.text or "").strip():
            found[key] = " ".join(element.text.split())
    return found


def external_relationships(package: DocxPackage) -> list[tuple[str, Relationship]]:
    """(part, relationship) for every external target that is not a plain hyperlink: linked
    images, attached templates, linked objects. None of them is ever opened."""
    found = []
    for part in [package.main, *(rel.target for rel in package.rels(package.main).values()
                                 if not rel.external and rel.target.endswith(".xml"))]:
        for rel in package.rels(part).values():
            if rel.external and rel.kind != "hyperlink":
                found.append((part, rel))
    return found
