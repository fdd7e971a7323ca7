"""Read a reviewed DOCX: its paragraphs with their tracked changes, its comments, its anchors.

The file may come from anyone, so it is read defensively: only the few parts the review
needs (the document, its footnotes and comments, the anchor map), each bounded in size and
compression ratio before it is inflated, parsed without DTDs, entities or network access.
Nothing the file links to (an external image, a template on a server) is ever opened.
Every refusal is a ReviewError with a sentence a writer can act on.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kamerbrief.render.docx_anchors import Anchor, anchor_name, is_map, read_map
from kamerbrief.render.docx_text import Element, Piece, Revision, W, mark_revision, pieces
from kamerbrief.review.model import ReviewError

MAX_FILE = 200 * 1024 * 1024  # the .docx itself
MAX_PART = 64 * 1024 * 1024  # one part, inflated
MAX_TOTAL = 256 * 1024 * 1024  # the parts read, inflated, together
MAX_RATIO = 200  # inflated / compressed, for a part over 1 MB: a zip bomb
MAX_MEMBERS = 10_000
MAX_PARAGRAPHS = 500_000

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted .docx or an old .doc


@dataclass
class DocParagraph:
    """One paragraph: where it stands (``story``: body, note 3; ``container``: the element
    holding it, so neighbours can be told apart), its pieces and its mark's revision."""

    index: int
    story: str
    container: int
    pieces: list[Piece]
    mark: Revision | None
    anchors: list[str]
    row_revision: Revision | None = None  # its table row was inserted or deleted

    @property
    def old(self) -> str:
        return "".join(p.text for p in self.pieces
                       if p.revision is None or p.revision.kind in ("del", "moveFrom"))

    @property
    def new(self) -> str:
        return "".join(p.text for p in self.pieces
                       if p.revision is None or p.revision.kind in ("ins", "moveTo"))


@dataclass
class DocComment:
    id: str
    author: str
    date: str
    text: str


@dataclass
class ReviewedDocx:
    paragraphs: list[DocParagraph]
    comments: dict[str, DocComment]
    anchor_map: dict[str, Anchor] | None  # None: the file has no map part
    anchor_names: set[str] = field(default_factory=set)


def read_docx(path: Path) -> ReviewedDocx:
    """The reviewed file's paragraphs (body, then footnotes), comments and anchor map."""
    archive = _open(path)
    with archive:
        budget = [MAX_TOTAL]
        names = set(archive.namelist())
        main = _main_part(archive, names, budget)
        document = _xml(archive, main, budget)
        rels = _relationships(archive, main, names, budget)
        paragraphs: list[DocParagraph] = []
        moves: dict[str, str] = {}
        containers: dict[Element, int] = {}  # holding them keeps lxml's proxies (and keys) alive
        body = document.find(f"{W}body")
        if body is None:
            raise ReviewError(f"{path.name} has no document body: it is not a Word document")
        _collect(body, "body", paragraphs, moves, containers)
        notes_part = rels.get("footnotes")
        if notes_part in names:
            for note in _xml(archive, notes_part, budget).iter(f"{W}footnote"):
                number = note.get(f"{W}id", "0")
                if number.lstrip("-").isdigit() and int(number) > 0:
                    _collect(note, f"note {number}", paragraphs, moves, containers)
        comments: dict[str, DocComment] = {}
        comments_part = rels.get("comments")
        if comments_part in names:
            for comment in _xml(archive, comments_part, budget).iter(f"{W}comment"):
                text = "\n".join("".join(p.text for p in pieces(par) if p.text and (
                    p.revision is None or p.revision.kind in ("ins", "moveTo")))
                    for par in comment.iter(f"{W}p")).strip()
                comment_id = comment.get(f"{W}id", "")
                comments[comment_id] = DocComment(comment_id, comment.get(f"{W}author", ""),
                                                  comment.get(f"{W}date", ""), text)
        anchor_map = _anchor_map(archive, names, budget)
    _anchors_home(paragraphs)
    found = {name for paragraph in paragraphs for name in paragraph.anchors}
    return ReviewedDocx(paragraphs, comments, anchor_map, found)


def _anchors_home(paragraphs: list[DocParagraph]) -> None:
    """An anchor carried along with a tracked move (its paragraph's words all moved in)
    belongs to where the words were built: the paragraph they moved from."""
    origins: dict[str, DocParagraph] = {}
    for paragraph in paragraphs:
        for piece in paragraph.pieces:
            if piece.revision is not None and piece.revision.kind == "moveFrom" and \
                    piece.revision.move:
                origins.setdefault(piece.revision.move, paragraph)
    for paragraph in paragraphs:
        texts = [p for p in paragraph.pieces if p.text]
        if not paragraph.anchors or not texts or any(
                p.revision is None or p.revision.kind != "moveTo" for p in texts):
            continue
        origin = origins.get(texts[0].revision.move if texts[0].revision else "")
        if origin is not None and not origin.anchors:
            origin.anchors, paragraph.anchors = paragraph.anchors, []


def _open(path: Path) -> zipfile.ZipFile:
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise ReviewError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise ReviewError(f"{path} is a folder, not a .docx file") from None
    except OSError as exc:
        raise ReviewError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_FILE:
        raise ReviewError(f"{path.name} is {size // 2**20} MB; a reviewed report over "
                          f"{MAX_FILE // 2**20} MB is not read")
    if head == _OLE:
        raise ReviewError(f"{path.name} is password-protected (or an old .doc file): save it "
                          "in Word without a password, as a .docx")
    if not head.startswith(b"PK"):
        raise ReviewError(f"{path.name} is not a .docx file (not a zip package); save it from "
                          "Word or LibreOffice as Word document (.docx)")
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReviewError(f"{path.name} is a damaged .docx file ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        archive.close()
        raise ReviewError(f"{path.name} holds {len(infos)} files; a .docx has a few dozen")
    return archive


def _read(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """One member's bytes, refused before inflating when too large or too compressed, and
    never more than its declared size (a lying header does not get further)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ReviewError(f"the .docx has no part {name}") from None
    if info.flag_bits & 0x1:
        raise ReviewError("the .docx is encrypted; save it without a password")
    limit = min(MAX_PART, budget[0])
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limit or (info.file_size > 2**20 and ratio > MAX_RATIO):
        raise ReviewError(f"part {name} inflates to {info.file_size // 2**20} MB "
                          f"({ratio:.0f} times its packed size): refused as a zip bomb or a "
                          "document too large to review")
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise ReviewError(f"part {name} of the .docx cannot be read ({exc})") from None
    if len(data) > limit:
        raise ReviewError(f"part {name} is larger than it says: refused")
    budget[0] -= len(data)
    return data


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False,
                       huge_tree=False, remove_comments=True, remove_pis=True)


def _xml(archive: zipfile.ZipFile, name: str, budget: list[int]) -> Element:
    data = _read(archive, name, budget)
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReviewError(f"part {name} of the .docx is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise ReviewError(f"part {name} declares a DTD, which no Word document does: refused")
    return root


def _main_part(archive: zipfile.ZipFile, names: set[str], budget: list[int]) -> str:
    if "_rels/.rels" in names:
        for rel in _xml(archive, "_rels/.rels", budget).iter(_REL):
            if rel.get("Type", "").endswith("/officeDocument") and \
                    rel.get("TargetMode") != "External":
                target = posixpath.normpath(rel.get("Target", "").lstrip("/"))
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise ReviewError("the file is a zip package but not a Word document (no word/document.xml)")


def _relationships(archive: zipfile.ZipFile, main: str, names: set[str],
                   budget: list[int]) -> dict[str, str]:
    """The main part's internal relationships by kind (footnotes, comments), as part names."""
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    found: dict[str, str] = {}
    if rels_name not in names:
        return found
    for rel in _xml(archive, rels_name, budget).iter(_REL):
        kind = rel.get("Type", "")
        if rel.get("TargetMode") == "External" or not kind.startswith(_RT):
            continue
        target = rel.get("Target", "")
        part = posixpath.normpath(target.lstrip("/") if target.startswith("/")
                                  else posixpath.join(folder, target))
        found.setdefault(kind[len(_RT):], part)
    return found


def _anchor_map(archive: zipfile.ZipFile, names: set[str],
                budget: list[int]) -> dict[str, Anchor] | None:
    for name in sorted(names):
        if name.startswith("customXml/item") and name.endswith(".xml") and \
                "Props" not in name:
            try:
                root = _xml(archive, name, budget)
            except ReviewError:
                continue
            if is_map(root):
                return read_map(root)
    return None


def _collect(story: Element, name: str, out: list[DocParagraph], moves: dict[str, str],
             containers: dict[Element, int]) -> None:
    for paragraph in story.iter(f"{W}p"):
        if len(out) >= MAX_PARAGRAPHS:
            raise ReviewError(f"the document has more than {MAX_PARAGRAPHS} paragraphs: too "
                              "large to review")
        if any(a.tag in (f"{W}txbxContent", f"{W}comment") for a in paragraph.iterancestors()):
            continue  # text boxes and comments are not the report's text
        found = list(pieces(paragraph, moves))
        marks = [piece.element for piece in found if piece.element is not None]
        anchors = [anchor_name(mark.get(f"{W}name", "")) for mark in marks
                   if mark.tag == f"{W}bookmarkStart"]
        container = containers.setdefault(paragraph.getparent(), len(containers))
        out.append(DocParagraph(len(out), name, container, found, mark_revision(paragraph),
                                [a for a in anchors if a is not None],
                                _row_revision(paragraph)))


def _row_revision(paragraph: Element) -> Revision | None:
    """An inserted or deleted table row (``w:trPr/w:ins|w:del``) around the paragraph."""
    for ancestor in paragraph.iterancestors(f"{W}tr"):
        for tag, kind in ((f"{W}ins", "ins"), (f"{W}del", "del")):
            mark = ancestor.find(f"{W}trPr/{tag}")
            if mark is not None:
                return Revision(kind, mark.get(f"{W}author", ""), mark.get(f"{W}date", ""))
        break
    return None
