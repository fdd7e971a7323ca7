"""The text of a WordprocessingML paragraph, piece by piece, with its tracked-change state.

One definition of "the text of a paragraph", used when a build records what each anchored
block says (render/docx_anchors.py) and when ``kamerbrief review`` reads a reviewed file back
(review/): both must read the same runs the same way, or an unchanged paragraph would look
edited. Plain lxml, no python-docx: the reviewed file may come from any editor.

What counts as text: ``w:t`` and ``w:delText``, a tab as ``\\t``, a line break as ``\\n``, a
non-breaking hyphen as ``-``; field instructions, note and comment marks, pictures and
text boxes do not. A field's cached result does (a REF field shows "3"). Runs inside
hyperlinks, smart tags, inline content controls and simple fields are read through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element  # lxml's element type, named once

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

# Tracked-change wrappers of runs, and the state each gives its text.
REVISION_TAGS = {f"{W}ins": "ins", f"{W}del": "del", f"{W}moveFrom": "moveFrom",
                 f"{W}moveTo": "moveTo"}
# Containers read through to the runs inside them.
_TRANSPARENT = {f"{W}hyperlink", f"{W}smartTag", f"{W}sdt", f"{W}sdtContent", f"{W}fldSimple",
                f"{W}customXml", f"{W}dir", f"{W}bdo"}
# Never text: pictures, text boxes, their fallbacks, field codes, the paragraph's properties.
_SKIPPED = {f"{W}pPr", f"{W}rPr", f"{W}drawing", f"{W}pict", f"{W}object", f"{W}instrText",
            f"{W}delInstrText", f"{W}sdtPr", f"{W}sdtEndPr",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"}


@dataclass(frozen=True)
class Revision:
    """Who changed the text, when, and how: ``kind`` is ins, del, moveFrom or moveTo, or
    struck for text one reviewer inserted and another deleted again; ``move`` names the
    move a moveFrom/moveTo belongs to (Word's ``w:name``)."""

    kind: str
    author: str = ""
    date: str = ""
    move: str = ""


@dataclass(frozen=True)
class Piece:
    """Text of one run (or a marker: ``element`` is a bookmark or comment mark, text "")."""

    text: str
    revision: Revision | None = None
    element: Element | None = None


def revision_of(element: Element, move: str = "") -> Revision:
    kind = REVISION_TAGS[element.tag]
    return Revision(kind, element.get(f"{W}author", ""), element.get(f"{W}date", ""), move)


def run_text(run: Element) -> str:
    """The text of one ``w:r``."""
    parts = []
    for child in run:
        tag = child.tag
        if tag in (f"{W}t", f"{W}delText"):
            parts.append(child.text or "")
        elif tag == f"{W}tab" or tag == f"{W}ptab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if child.get(f"{W}type", "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


_MARKERS = {f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}commentRangeStart",
            f"{W}commentRangeEnd", f"{W}moveFromRangeStart", f"{W}moveToRangeStart"}


def pieces(paragraph: Element, moves: dict[str, str] | None = None) -> Iterator[Piece]:
    """The paragraph's runs and markers in document order, each with its revision (the
    innermost ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` around it).

    ``moves`` holds the name of the open move range by kind; pass one dict for a whole
    document, as a move range may span paragraphs."""
    yield from _walk(paragraph, None, {} if moves is None else moves)


def _walk(parent: Element, revision: Revision | None,
          moves: dict[str, str]) -> Iterator[Piece]:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{W}r":
            text = run_text(child)
            if text:
                yield Piece(text, revision)
            reference = child.find(f"{W}commentReference")
            if reference is not None:  # a comment's place when it marks no range
                yield Piece("", revision, reference)
        elif tag in REVISION_TAGS:
            kind = REVISION_TAGS[tag]
            inner = revision_of(child, moves.get(kind, ""))
            if revision is not None and revision.kind in ("ins", "moveTo") and \
                    kind in ("del", "moveFrom"):  # inserted, then deleted: in neither text
                inner = Revision("struck", inner.author, inner.date)
            yield from _walk(child, inner, moves)
        elif tag in (f"{W}moveFromRangeStart", f"{W}moveToRangeStart"):
            moves["moveFrom" if tag == f"{W}moveFromRangeStart" else "moveTo"] = \
                child.get(f"{W}name", "")
            yield Piece("", revision, child)
        elif tag in _MARKERS:
            yield Piece("", revision, child)
        elif tag in _TRANSPARENT:
            yield from _walk(child, revision, moves)


def paragraph_text(paragraph: Element) -> str:
    """The text of a paragraph as it stands before any tracked change is accepted: its
    own runs, and deleted or moved-away text, never inserted or moved-in text."""
    return "".join(piece.text for piece in pieces(paragraph)
                   if piece.revision is None or piece.revision.kind in ("del", "moveFrom"))


def mark_revision(paragraph: Element) -> Revision | None:
    """A tracked change of the paragraph mark itself: ``ins`` when the paragraph was split
    off (Enter pressed), ``del`` when it was joined to the next."""
    properties = paragraph.find(f"{W}pPr/{W}rPr")
    if properties is None:
        return None
    for child in properties:
        if child.tag in REVISION_TAGS:
            return revision_of(child)
    return None
