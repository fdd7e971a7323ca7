"""Open a .docx safely: refuse what is not one, and bound everything before it is read.

A .docx is a ZIP package of XML parts. Before any part is decompressed the package's
directory is checked against ``Limits``: the file's size, the number of members, their
declared uncompressed sizes and compression ratios (a zip bomb inflates a few kilobytes
into gigabytes). Each part is then read with a hard cap on the bytes actually produced.
Relationships whose target is outside the package (``TargetMode="External"``: linked images,
attached templates) are listed, never opened.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from kamerbrief.importer.ooxml import NS, STRICT_W_NS, Element, XmlError, namespace, parse

MIB = 1024 * 1024
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, or an encrypted .docx
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


@dataclass(frozen=True)
class Limits:
    """How much of a package the importer is willing to read."""

    file_bytes: int = 200 * MIB  # the .docx itself
    members: int = 10_000  # files in the package
    total_bytes: int = 1024 * MIB  # all members together, uncompressed
    part_bytes: int = 128 * MIB  # one member, uncompressed
    ratio: int = 200  # uncompressed / compressed, for members over ratio_floor
    ratio_floor: int = 4 * MIB
    blocks: int = 200_000  # paragraphs and tables in the document


class ImportRefused(Exception):
    """The file cannot be imported; the message says why in a writer's words."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Relationship:
    rel_id: str
    kind: str  # the last segment of the relationship type: 'image', 'hyperlink', …
    target: str  # a part name inside the package, or the external address as written
    external: bool


@dataclass
class Package:
    """The package's parts by name (read on demand, bounded) and their relationships."""

    source: Path
    archive: zipfile.ZipFile
    limits: Limits
    main: str  # the main document part, e.g. 'word/document.xml'
    _rels: dict[str, dict[str, Relationship]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.archive.NameToInfo

    def read(self, name: str) -> bytes:
        """A part's bytes, never more than the part limit (a lying header cannot inflate it)."""
        info = self.archive.getinfo(name)
        try:
            with self.archive.open(info) as handle:
                data = handle.read(self.limits.part_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError,
                NotImplementedError) as exc:
            raise ImportRefused(f"{self.source.name} is damaged: {name} cannot be read ({exc})",
                                "open it in Word or LibreOffice and save it again") from None
        if len(data) > self.limits.part_bytes:
            raise ImportRefused(_too_big(self.source, name, self.limits))
        return data

    def xml(self, name: str) -> Element:
        try:
            return parse(self.read(name), name)
        except XmlError as exc:
            raise ImportRefused(f"{self.source.name}: {exc}",
                                "open it in Word or LibreOffice and save it again") from None

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` by id; {} when it has none."""
        if part not in self._rels:
            folder, name = posixpath.split(part)
            rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
            found: dict[str, Relationship] = {}
            if self.has(rels_name):
                for rel in self.xml(rels_name).iter(f"{{{NS['rel']}}}Relationship"):
                    external = (rel.get("TargetMode") or "").lower() == "external"
                    target = rel.get("Target") or ""
                    found[rel.get("Id") or ""] = Relationship(
                        rel.get("Id") or "", (rel.get("Type") or "").rpartition("/")[2], target
                        if external else _resolve(folder, target), external)
            self._rels[part] = found
        return self._rels[part]

    def related(self, part: str, suffix: str) -> str | None:
        """The internal part that ``part`` relates to by a type ending in ``suffix``."""
        return next((rel.target for rel in self.rels(part).values()
                     if rel.kind == suffix and not rel.external and self.has(rel.target)), None)


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name; '' when it points outside the package."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") or path.startswith("/") else path


def _too_big(source: Path, name: str, limits: Limits) -> str:
    return (f"{source.name} is too large to import: {name} holds more than "
            f"{limits.part_bytes // MIB} MB of text")


def open_package(source: Path, limits: Limits = Limits()) -> Package:
    """The package of ``source``, checked; ImportRefused with a reason otherwise."""
    data = _read_file(source, limits)
    if data.startswith(CFB_SIGNATURE):
        raise _compound_file(source, data)
    if not data.startswith(b"PK"):
        raise ImportRefused(f"{source.name} is not a Word document (.docx): it is not a ZIP "
                            "package", "save the report from Word as 'Word Document (.docx)'")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused(f"{source.name} is not a readable .docx: {exc}",
                            "open it in Word or LibreOffice and save it again") from None
    _check_directory(source, archive, len(data), limits)
    main = _main_part(source, archive, limits)
    return Package(source, archive, limits, main)


def _read_file(source: Path, limits: Limits) -> bytes:
    try:
        if not source.is_file():
            raise ImportRefused(f"{source} does not exist" if not source.exists()
                                else f"{source} is not a file")
        size = source.stat().st_size
        if size > limits.file_bytes:
            raise ImportRefused(f"{source.name} is too large to import ({size // MIB} MB; at most "
                                f"{limits.file_bytes // MIB} MB)",
                                "split the report, or save its pictures at a lower resolution")
        with source.open("rb") as handle:
            return handle.read(limits.file_bytes + 1)
    except OSError as exc:
        raise ImportRefused(f"cannot read {source}: {exc.strerror or exc}") from None


def _compound_file(source: Path, data: bytes) -> ImportRefused:
    """An OLE compound file: an encrypted .docx (it holds an EncryptionInfo stream) or .doc."""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return ImportRefused(f"{source.name} is protected with a password",
                             "open it in Word, remove the password (File > Info > Protect "
                             "Document) and save it again")
    return ImportRefused(f"{source.name} is an old Word 97–2003 document (.doc) or another "
                         "OLE file, not a .docx", "open it in Word or LibreOffice and save it as "
                         "'Word Document (.docx)'")


def _check_directory(source: Path, archive: zipfile.ZipFile, size: int, limits: Limits) -> None:
    """Refuse a zip bomb before anything is decompressed: by the members' declared sizes."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ImportRefused(f"{source.name} holds {len(infos)} files; a .docx holds far fewer "
                            f"(at most {limits.members} are read)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportRefused(f"{source.name} has encrypted parts",
                                "remove the protection in Word and save the document again")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.ratio:
            raise ImportRefused(
                f"{source.name} looks like a zip bomb: {info.filename} would expand "
                f"{int(ratio)} times, to {info.file_size // MIB} MB; it is not read",
                "if this is a real report, open it in Word and save it again")
        if info.file_size > limits.part_bytes and not info.filename.startswith("word/media/"):
            raise ImportRefused(_too_big(source, info.filename, limits))
    if total > limits.total_bytes:
        raise ImportRefused(f"{source.name} would expand to {total // MIB} MB, more than the "
                            f"{limits.total_bytes // MIB} MB the importer reads; it is not read",
                            "split the report, or save its pictures at a lower resolution")
    if total > limits.ratio * max(size, 1) and total > limits.ratio_floor:
        raise ImportRefused(f"{source.name} looks like a zip bomb: it would expand "
                            f"{total // max(size, 1)} times; it is not read")


def _main_part(source: Path, archive: zipfile.ZipFile, limits: Limits) -> str:
    """The main document part, from the package relationships, of a WordprocessingML type."""
    names = set(archive.NameToInfo)
    probe = Package(source, archive, limits, "")
    if "mimetype" in names and probe.read("mimetype").startswith(b"application/vnd.oasis"):
        raise ImportRefused(f"{source.name} is an OpenDocument file (.odt), not a .docx",
                            "open it in LibreOffice and save it as 'Word 2007–365 (.docx)'")
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise ImportRefused(f"{source.name} is a ZIP file but not a Word document (.docx)",
                            "save the report from Word as 'Word Document (.docx)'")
    main = next((rel.target for rel in probe.rels("").values()
                 if rel.kind == "officeDocument" and not rel.external), "")
    if not main or main not in names:
        raise ImportRefused(f"{source.name} is a ZIP file but not a Word document: it has no "
                            "main document part", "save the report from Word as "
                            "'Word Document (.docx)'")
    content_type = _content_type(probe, main)
    if content_type not in WORD_MAIN_TYPES:
        kind = ("an Excel workbook" if "spreadsheetml" in content_type else
                "a PowerPoint presentation" if "presentationml" in content_type else
                f"of type '{content_type or 'unknown'}'")
        raise ImportRefused(f"{source.name} is not a Word document: it is {kind}",
                            "import the report itself, saved as 'Word Document (.docx)'")
    root = probe.xml(main)
    if namespace(root.tag) == STRICT_W_NS:
        raise ImportRefused(f"{source.name} is saved as 'Strict Open XML', which the importer "
                            "does not read", "save it in Word as 'Word Document (.docx)'")
    return main


def _content_type(package: Package, part: str) -> str:
    types = package.xml("[Content_Types].xml")
    for override in types.iter(f"{{{NS['ct']}}}Override"):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType") or ""
    extension = part.rpartition(".")[2].lower()
    for default in types.iter(f"{{{NS['ct']}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") or ""
    return ""


def core_properties(package: Package) -> dict[str, str]:
    """Title, subject, creator and language from docProps/core.xml ({} when absent)."""
    part = package.related("", "core-properties")
    if part is None:
        return {}
    try:
        root = package.xml(part)
    except ImportRefused:
        return {}
    found = {}
    for key in ("title", "subject", "creator", "language"):
        element = root.find(f"{{{NS['dc']}}}{key}")
        if element is not None and (element.text or "").strip():
            found[key] = " ".join(element.text.split())
    return found


def external_relationships(package: Package) -> list[tuple[str, Relationship]]:
    """(part, relationship) for every external target that is not a plain hyperlink: linked
    images, attached templates, linked objects. None of them is ever opened."""
    found = []
    for part in [package.main, *(rel.target for rel in package.rels(package.main).values()
                                 if not rel.external and rel.target.endswith(".xml"))]:
        for rel in package.rels(part).values():
            if rel.external and rel.kind != "hyperlink":
                found.append((part, rel))
    return found

