"""Read a reviewed DOCX: its paragraphs with their tracked changes, its comments, its anchors.

The file may come from anyone, so it is opened through ``kamerbrief.docx_input``, shared
with ``kamerbrief import``: its size, members, compression ratio and every part read are
bounded before inflating, XML is parsed without DTDs, entities, files or network, and
nothing the file links to (an external image, a template on a server) is ever opened. Only
the parts the review needs are read: the document, its footnotes and comments, the anchor
map. Every refusal is a ReviewError with a sentence a writer can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kamerbrief.docx_input import DocxPackage, open_docx
from kamerbrief.render.docx_anchors import Anchor, anchor_name, is_map, read_map
from kamerbrief.render.docx_text import Element, Piece, Revision, W, mark_revision, pieces
from kamerbrief.review.model import ReviewError

MAX_PARAGRAPHS = 500_000


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
    with open_docx(path, refused=ReviewError) as package:
        paragraphs: list[DocParagraph] = []
        moves: dict[str, str] = {}
        containers: dict[Element, int] = {}  # holding them keeps lxml's proxies (and keys) alive
        _collect(package.body, "body", paragraphs, moves, containers)
        notes_part = package.related(package.main, "footnotes")
        if notes_part is not None:
            for note in package.xml(notes_part).iter(f"{W}footnote"):
                number = note.get(f"{W}id", "0")
                if number.lstrip("-").isdigit() and int(number) > 0:
                    _collect(note, f"note {number}", paragraphs, moves, containers)
        comments: dict[str, DocComment] = {}
        comments_part = package.related(package.main, "comments")
        if comments_part is not None:
            for comment in package.xml(comments_part).iter(f"{W}comment"):
                text = "\n".join("".join(p.text for p in pieces(par) if p.text and (
                    p.revision is None or p.revision.kind in ("ins", "moveTo")))
                    for par in comment.iter(f"{W}p")).strip()
                comment_id = comment.get(f"{W}id", "")
                comments[comment_id] = DocComment(comment_id, comment.get(f"{W}author", ""),
                                                  comment.get(f"{W}date", ""), text)
        anchor_map = _anchor_map(package)
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


def _anchor_map(package: DocxPackage) -> dict[str, Anchor] | None:
    for name in sorted(package.names()):
        if name.startswith("customXml/item") and name.endswith(".xml") and \
                "Props" not in name:
            try:
                root = package.xml(name)
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
