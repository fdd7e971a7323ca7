"""Invisible anchors from each block of the DOCX back to its source, for ``kamerbrief review``.

Every heading, paragraph, list item, box and quote paragraph, footnote paragraph and table
cell the DOCX builds carries a hidden bookmark (its name starts with ``_``, which Word hides
and LibreOffice keeps). The bookmark's name is ``_KB<number>_<digest>``: the number orders
the anchors, the digest is 8 hex digits of a SHA-256 over the source file, the row and
column of a cell, and the text the block was built with, so an anchor can be found again in
a later build of the same source without any other data.

A custom XML part (``/customXml/itemN.xml``, namespace ``MAP_NS``) maps each name to its
source: the chapter file and line, or the table file, CSV line, row label and column (and a
cell's text as built; a paragraph's text would double the file's size, and its digest is in
the name). Word keeps such parts and never shows them; LibreOffice keeps them too.
docs/review.md records what survives which editor, and why these carriers were chosen.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from kamerbrief.render.docx_text import Element, paragraph_text

if TYPE_CHECKING:
    from docx.document import Document

    from kamerbrief.model import SourceLocation
    from kamerbrief.render.docx_ooxml import BaseOxmlElement

ANCHOR_PREFIX = "_KB"
MAP_NS = "urn:kamerbrief:review-anchors:1"
_M = f"{{{MAP_NS}}}"

# What a block is, for the review's words ("footnote", "table cell").
KINDS = ("title", "heading", "paragraph", "item", "quote", "box", "box-title", "note", "cell",
         "header", "md-cell")


@dataclass(frozen=True)
class Anchor:
    """One anchored block: where it came from and what it said when built.

    ``line`` is the chapter line, or for a table cell the CSV line (the sheet row of an
    Excel table, whose ``cell`` names it: ``Blad1!C7``); ``row`` is the row's label and
    ``column`` the column's name. ``source`` is the model object the block was built from
    (a Block, or the Table of a cell); it lives only in memory, during a build."""

    name: str
    kind: str
    path: str
    line: int
    text: str
    table: str = ""
    row: str = ""
    column: str = ""
    cell: str = ""
    source: object = field(default=None, compare=False, repr=False)

    @property
    def digest(self) -> str:
        return self.name.rpartition("_")[2]

    @property
    def is_cell(self) -> bool:
        return self.kind in ("cell", "header")


def digest(path: str, kind: str, text: str, row: str = "", column: str = "") -> str:
    key = "\0".join((path, "cell" if kind in ("cell", "header") else "text", row, column, text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


_NAME = re.compile(rf"^({ANCHOR_PREFIX}\d+_[0-9a-f]{{8}})(?:_Copy_\d+)*$")


def is_anchor_name(name: str) -> bool:
    return _NAME.match(name) is not None


def anchor_name(name: str) -> str | None:
    """The anchor a bookmark name stands for, or None. LibreOffice renames a bookmark in a
    footnote ``…_Copy_1`` when it saves (it copies the note while laying it out)."""
    match = _NAME.match(name)
    return match.group(1) if match else None


# ---------------------------------------------------------------- the map part


def map_xml(anchors: list[Anchor]) -> bytes:
    """The anchor map as the custom XML part's bytes."""
    root = etree.Element(f"{_M}anchors", nsmap={"kb": MAP_NS})
    root.set("version", "1")
    for anchor in anchors:
        item = etree.SubElement(root, f"{_M}a")
        item.set("name", anchor.name)
        item.set("kind", anchor.kind)
        item.set("path", anchor.path)
        item.set("line", str(anchor.line))
        for key in ("table", "row", "column", "cell"):
            value = getattr(anchor, key)
            if value:
                item.set(key, value)
        if anchor.is_cell:  # a paragraph's text is in the document; its digest is in the name
            item.text = anchor.text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def item_props_xml(data: bytes) -> str:
    """The ``itemProps`` part Word pairs with a custom XML part: a stable item id (made from
    the content, so the same build gives the same bytes) and the schema it follows."""
    item_id = uuid.uuid5(uuid.NAMESPACE_URL, MAP_NS + hashlib.sha256(data).hexdigest())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            f'<ds:datastoreItem ds:itemID="{{{str(item_id).upper()}}}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
            f'<ds:schemaRefs><ds:schemaRef ds:uri="{MAP_NS}"/></ds:schemaRefs>'
            "</ds:datastoreItem>")


def read_map(root: Element) -> dict[str, Anchor]:
    """Anchor name → Anchor from a parsed map part (``root`` is its ``kb:anchors``)."""
    anchors: dict[str, Anchor] = {}
    for item in root.iter(f"{_M}a"):
        name = item.get("name", "")
        line = item.get("line", "0")
        if not is_anchor_name(name):
            continue
        anchors[name] = Anchor(
            name, item.get("kind", "paragraph"), item.get("path", ""),
            int(line) if line.isdigit() else 0, item.text or "", item.get("table", ""),
            item.get("row", ""), item.get("column", ""), item.get("cell", ""))
    return anchors


def is_map(root: Element) -> bool:
    return root.tag == f"{_M}anchors"


# ---------------------------------------------------------------- writing, during a build


@dataclass
class _Pending:
    paragraph: BaseOxmlElement
    start: BaseOxmlElement
    kind: str
    location: SourceLocation
    source: object
    table: str
    row: str
    column: str


class AnchorRecorder:
    """Collects the anchors while a DOCX is rendered; ``finish`` names them and writes the map.

    ``mark`` bookmarks a paragraph's content at once (a note mark inserted in front later
    stays outside); names and texts are decided at the end, when every paragraph is whole."""

    def __init__(self, next_id):
        self._next_id = next_id  # the renderer's bookmark id counter
        self._pending: list[_Pending] = []
        self.anchors: list[Anchor] = []

    def mark(self, paragraph: BaseOxmlElement, kind: str, location: SourceLocation,
             source: object = None, table: str = "", row: str = "", column: str = "") -> None:
        from kamerbrief.render.docx_ooxml import element, qn

        if not location.path:
            return
        mark_id = str(self._next_id())
        start = element("w:bookmarkStart", id=mark_id, name=ANCHOR_PREFIX)
        end = element("w:bookmarkEnd", id=mark_id)
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        paragraph.append(end)
        self._pending.append(_Pending(paragraph, start, kind, location, source, table, row,
                                      column))

    def finish(self, document: Document | None = None) -> list[Anchor]:
        """Name every bookmark, and add the map part to ``document`` (when given)."""
        from kamerbrief.render.docx_ooxml import add_custom_xml_part, qn

        width = max(5, len(str(len(self._pending))))
        for number, pending in enumerate(self._pending, start=1):
            text = paragraph_text(pending.paragraph)
            location = pending.location
            name = (f"{ANCHOR_PREFIX}{number:0{width}d}_"
                    f"{digest(location.path, pending.kind, text, pending.row, pending.column)}")
            pending.start.set(qn("w:name"), name)
            self.anchors.append(Anchor(name, pending.kind, location.path, location.line, text,
                                       pending.table, pending.row, pending.column,
                                       location.cell, pending.source))
        if document is not None and self.anchors:
            data = map_xml(self.anchors)
            add_custom_xml_part(document, data, item_props_xml(data))
        return self.anchors
