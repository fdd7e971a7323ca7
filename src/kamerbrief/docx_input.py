"""Open a .docx that may come from anyone: refuse what is not one, bound everything read.

``kamerbrief review`` and ``kamerbrief import`` both read Word files through this module
alone, so what an untrusted .docx may hold is decided once. A .docx is a ZIP package of XML
parts. Before any part is inflated the package's directory is checked against
``DocxLimits``: the file's size, the number of members, their declared uncompressed sizes
and compression ratios (a zip bomb inflates a few kilobytes into gigabytes). A part is read
only when its declared size fits the part limit and what is left of the budget, and never
beyond that size. XML is parsed with no DTD, no entities, no network and no file outside the
package (a DTD or entity that names one is not loaded); a part that declares a DOCTYPE is
refused, as Word never writes one. Relationships whose target is outside the package
(``TargetMode="External"``: linked pictures, attached templates) are listed, never opened.

Every refusal is a ``DocxRefused`` with a sentence a writer can act on; a command passes its
own subclass (``ImportRefused``, ``ReviewError``) to ``open_docx`` and gets that raised.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from lxml import etree

MIB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or an encrypted .docx
WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)

Element = Any  # lxml's _Element: lxml ships no type information

_SAVE_AGAIN = "open it in Word or LibreOffice and save it again"
_SAVE_AS_DOCX = "save the report from Word as 'Word Document (.docx)'"
_SMALLER = "split the report, or save its pictures at a lower resolution"


@dataclass(frozen=True)
class DocxLimits:
    """How much of a .docx is read. Each bound is checked before a byte is inflated."""

    file_bytes: int = 200 * MIB  # the .docx itself
    members: int = 10_000  # files in the package; Word writes a few dozen
    # All members together as declared, checked on opening, and all bytes read. A .docx at the
    # file limit is mostly pictures, which do not shrink in a ZIP; this leaves room for its
    # text parts at their usual 5 to 30 times.
    total_bytes: int = 256 * MIB
    # One part, inflated. The example report's document.xml is 0.4 MB; lxml's tree takes
    # several times a part's size in memory, so 64 MB of XML is both ample and affordable.
    part_bytes: int = 64 * MIB
    # Inflated / compressed, for a member (and the package) larger than ratio_floor: Word's
    # XML shrinks 5 to 30 times, a bomb about 1,000. Below the floor a part is harmless
    # whatever its ratio (an empty table repeated for 2 MB shrinks 200 times).
    ratio: int = 200
    ratio_floor: int = 4 * MIB


class DocxRefused(Exception):
    """The .docx is not read: ``message`` says why in a writer's words, ``hint`` what to do.

    A command subclasses it for its own refusal; ``verb`` is the command's word in the
    messages ('too large to import')."""

    verb = "read"

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Relationship:
    rel_id: str
    kind: str  # the last segment of the relationship type: 'image', 'footnotes', …
    target: str  # a part name inside the package ('' when it points out), or the address as written
    external: bool  # TargetMode="External": listed, never opened


class _NoExternalFiles(etree.Resolver):
    """Answers every DTD or entity a part names with nothing: libxml2 would otherwise open a
    file on this machine (or a network path) named by a DOCTYPE even with ``load_dtd=False``."""

    def resolve(self, url: str, public_id: str, context: object) -> object:
        return self.resolve_string("", context)


def xml_parser() -> Any:
    """A new parser (lxml's parsers are not to be shared between threads) that loads no DTD,
    expands no entity, opens no file or address, and keeps libxml2's limits on depth and
    text size (no ``huge_tree``)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True,
                             remove_pis=True, collect_ids=False)
    parser.resolvers.add(_NoExternalFiles())
    return parser


class DocxPackage:
    """An opened .docx: its parts by name, each read on demand within the limits, their
    relationships, and the main document part found and parsed (``main``, ``body``)."""

    def __init__(self, source: Path, archive: zipfile.ZipFile, limits: DocxLimits,
                 refused: type[DocxRefused]):
        self.source = source
        self.limits = limits
        self.main = ""  # the main document part, e.g. 'word/document.xml'
        self.body: Element = None  # its w:body
        self._archive = archive
        self._refused = refused
        self._left = limits.total_bytes  # the budget of bytes still to be read
        self._rels: dict[str, dict[str, Relationship]] = {}

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    def refuse(self, message: str, hint: str = "") -> DocxRefused:
        """The caller's refusal, for a reason of its own about this file."""
        return self._refused(message, hint)

    @property
    def verb(self) -> str:
        """The caller's word for what it does with the file ('import', 'review')."""
        return self._refused.verb

    def names(self) -> list[str]:
        return self._archive.namelist()

    def has(self, name: str) -> bool:
        return name in self._archive.NameToInfo

    def size(self, name: str) -> int:
        """The part's size inflated, as the package declares it (nothing is inflated)."""
        return self._archive.getinfo(name).file_size

    def read(self, name: str) -> bytes:
        """A part's bytes: refused before inflating when it declares more than the part limit
        or than is left of the budget, and never more than it declares (a lying header gets
        no further)."""
        source = self.source.name
        info = self._archive.NameToInfo.get(name)
        if info is None:
            raise self.refuse(f"{source} is damaged: it has no part {name}", _SAVE_AGAIN)
        if info.file_size > self.limits.part_bytes:
            raise self.refuse(f"{source} is too large to {self.verb}: {name} holds more "
                              f"than {_size(self.limits.part_bytes)}", _SMALLER)
        if info.file_size > self._left:
            raise self.refuse(f"{source} would expand to more than "
                              f"{_size(self.limits.total_bytes)}; it is not read", _SMALLER)
        try:
            with self._archive.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError,
                NotImplementedError) as exc:
            raise self.refuse(f"{source} is damaged: {name} cannot be read ({exc})",
                              _SAVE_AGAIN) from None
        if len(data) > info.file_size:
            raise self.refuse(f"{source} is damaged: {name} is larger than it says", _SAVE_AGAIN)
        self._left -= len(data)
        return data

    def xml(self, name: str) -> Element:
        """A part's root element; refused when it is not well-formed or declares a DTD."""
        data = self.read(name)
        try:
            root = etree.fromstring(data, xml_parser())
        except etree.XMLSyntaxError as exc:
            raise self.refuse(f"{self.source.name} is damaged: {name} is not well-formed XML "
                              f"({exc})", _SAVE_AGAIN) from None
        if root.getroottree().docinfo.doctype:
            raise self.refuse(f"{self.source.name}: {name} declares a DTD, which no Word "
                              "document does", _SAVE_AGAIN)
        return root

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of ``part`` ('' for the package's own) by id; {} when none."""
        if part not in self._rels:
            folder, name = posixpath.split(part)
            rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
            found: dict[str, Relationship] = {}
            if self.has(rels_name):
                for rel in self.xml(rels_name).iter(f"{{{REL_NS}}}Relationship"):
                    external = (rel.get("TargetMode") or "").lower() == "external"
                    target = rel.get("Target") or ""
                    found[rel.get("Id") or ""] = Relationship(
                        rel.get("Id") or "", (rel.get("Type") or "").rpartition("/")[2],
                        target if external else _resolve(folder, target), external)
            self._rels[part] = found
        return self._rels[part]

    def related(self, part: str, kind: str) -> str | None:
        """The part inside the package that ``part`` relates to as ``kind`` ('footnotes');
        None when there is none. An external target is never an answer."""
        return next((rel.target for rel in self.rels(part).values()
                     if rel.kind == kind and not rel.external and self.has(rel.target)), None)


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a part name; '' when it points outside the package."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") or path.startswith("/") else path


def _size(count: int) -> str:
    """A size for a writer, rounded up: a file 1 byte over a 200 MB limit is '201 MB'."""
    return f"{-(-count // MIB)} MB" if count >= MIB else f"{count} bytes"


def open_docx(source: Path, limits: DocxLimits = DocxLimits(),
              refused: type[DocxRefused] = DocxRefused) -> DocxPackage:
    """The package of ``source``, checked, with its main document part found and parsed.
    Raises ``refused`` with a reason when it is not a .docx or exceeds ``limits``."""
    head, size = _head(source, limits, refused)
    if head == OLE_SIGNATURE:
        raise _compound_file(source, limits, refused)
    if not head.startswith(b"PK"):
        raise refused(f"{source.name} is not a Word document (.docx): it is not a ZIP package",
                      _SAVE_AS_DOCX)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise refused(f"{source.name} is a damaged .docx file ({exc})", _SAVE_AGAIN) from None
    package = DocxPackage(source, archive, limits, refused)
    try:
        _check_directory(package, archive.infolist(), size)
        _find_main(package)
    except BaseException:
        archive.close()
        raise
    return package


def _head(source: Path, limits: DocxLimits, refused: type[DocxRefused]) -> tuple[bytes, int]:
    """The file's first bytes and its size, once it is known to be a regular file within
    the size limit (a folder, a device or a pipe is never opened)."""
    try:
        if not source.is_file():
            raise refused(f"{source} does not exist" if not source.exists() else
                          f"{source} is a folder, not a .docx file" if source.is_dir() else
                          f"{source} is not a file")
        size = source.stat().st_size
        if size > limits.file_bytes:
            raise refused(f"{source.name} is too large to {refused.verb} ({_size(size)}; at "
                          f"most {_size(limits.file_bytes)})", _SMALLER)
        with source.open("rb") as handle:
            return handle.read(len(OLE_SIGNATURE)), size
    except OSError as exc:
        raise refused(f"cannot read {source}: {exc.strerror or exc}") from None


def _compound_file(source: Path, limits: DocxLimits, refused: type[DocxRefused]) -> DocxRefused:
    """An OLE compound file: an encrypted .docx (it holds an EncryptionInfo stream) or .doc."""
    try:
        with source.open("rb") as handle:
            data = handle.read(limits.file_bytes)
    except OSError as exc:
        return refused(f"cannot read {source}: {exc.strerror or exc}")
    if "EncryptionInfo".encode("utf-16-le") in data:
        return refused(f"{source.name} is protected with a password",
                       "open it in Word, remove the password (File > Info > Protect Document) "
                       "and save it again")
    return refused(f"{source.name} is an old Word 97–2003 document (.doc) or another OLE file, "
                   "not a .docx", "open it in Word or LibreOffice and save it as "
                   "'Word Document (.docx)'")


def _check_directory(package: DocxPackage, infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse a zip bomb before anything is inflated: by the members' declared sizes."""
    limits, source = package.limits, package.source.name
    if len(infos) > limits.members:
        raise package.refuse(f"{source} holds {len(infos)} files; a .docx holds far fewer (at "
                             f"most {limits.members} are read)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise package.refuse(f"{source} has encrypted parts",
                                 "remove the protection in Word and save the document again")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.ratio:
            raise package.refuse(
                f"{source} looks like a zip bomb: {info.filename} would expand {int(ratio)} "
                f"times, to {_size(info.file_size)}; it is not read",
                "if this is a real report, open it in Word and save it again")
    if total > limits.total_bytes:
        raise package.refuse(f"{source} would expand to {_size(total)}, more than the "
                             f"{_size(limits.total_bytes)} that are read; it is not read", _SMALLER)
    size = max(size, 1)
    if total > limits.ratio * size and total > limits.ratio_floor:
        raise package.refuse(f"{source} looks like a zip bomb: it would expand {total // size} "
                             "times; it is not read")


def _find_main(package: DocxPackage) -> None:
    """The main document part, from the package relationships, of a WordprocessingML type,
    parsed; its body set on ``package``."""
    source = package.source.name
    if package.has("mimetype") and package.read("mimetype").startswith(b"application/vnd.oasis"):
        raise package.refuse(f"{source} is an OpenDocument file (.odt), not a .docx",
                             "open it in LibreOffice and save it as 'Word 2007–365 (.docx)'")
    if not package.has("[Content_Types].xml") or not package.has("_rels/.rels"):
        raise package.refuse(f"{source} is a ZIP file but not a Word document (.docx)",
                             _SAVE_AS_DOCX)
    main = next((rel.target for rel in package.rels("").values()
                 if rel.kind == "officeDocument" and not rel.external), "")
    if not main or not package.has(main):
        raise package.refuse(f"{source} is a ZIP file but not a Word document: it has no main "
                             "document part", _SAVE_AS_DOCX)
    content_type = _content_type(package, main)
    if content_type not in WORD_MAIN_TYPES:
        kind = ("an Excel workbook" if "spreadsheetml" in content_type else
                "a PowerPoint presentation" if "presentationml" in content_type else
                f"of type '{content_type or 'unknown'}'")
        raise package.refuse(f"{source} is not a Word document: it is {kind}",
                             f"{package.verb} the report itself, saved as 'Word "
                             "Document (.docx)'")
    root = package.xml(main)
    if root.tag.startswith(f"{{{STRICT_W_NS}}}"):
        raise package.refuse(f"{source} is saved as 'Strict Open XML', which kamerbrief does not read",
                             "save it in Word as 'Word Document (.docx)'")
    body = root.find(f"{{{W_NS}}}body")
    if body is None:
        raise package.refuse(f"{source} has no document body: it is not a Word document",
                             _SAVE_AGAIN)
    package.main, package.body = main, body


def _content_type(package: DocxPackage, part: str) -> str:
    types = package.xml("[Content_Types].xml")
    for override in types.iter(f"{{{CT_NS}}}Override"):
        if (override.get("PartName") or "").lstrip("/") == part:
            return override.get("ContentType") or ""
    extension = part.rpartition(".")[2].lower()
    for default in types.iter(f"{{{CT_NS}}}Default"):
        if (default.get("Extension") or "").lower() == extension:
            return default.get("ContentType") or ""
    return ""
