"""Paragraphs as they were built, and the edits a reviewer made to them.

A tracked change can split a paragraph (Enter pressed: the paragraph mark is inserted) or
join two (the mark deleted, which is also how a whole paragraph is deleted). So the unit of
review is a **group**: paragraphs of one container (the body, a table cell, a footnote)
linked by revised paragraph marks. A group's old text is what was built (its paragraphs
joined by their original marks as ``\\n``), its new text what the reviewer accepted; the
edits are the stretches between, each with the revisions (author, date) that made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kamerbrief.render.docx_text import Revision, W
from kamerbrief.review.docx_reader import DocParagraph

_OLD = ("del", "moveFrom")
_NEW = ("ins", "moveTo")


@dataclass
class Edit:
    """Old text ``[start, end)`` of the group becomes ``new``."""

    start: int
    end: int
    new: str
    revisions: list[Revision] = field(default_factory=list)
    struck: str = ""  # text inserted and deleted again (overlapping changes): in neither

    @property
    def moves(self) -> set[str]:
        return {r.move for r in self.revisions if r.move}


@dataclass
class Group:
    paragraphs: list[DocParagraph]
    anchors: list[str]  # the anchors starting in its paragraphs, in order
    old: str = ""
    new: str = ""
    edits: list[Edit] = field(default_factory=list)
    comments: dict[str, int] = field(default_factory=dict)  # comment id → old offset
    starts: list[int] = field(default_factory=list)  # old offset of each anchor's paragraph
    attached: set[int] = field(default_factory=set)  # new paragraphs taken from the next group

    @property
    def story(self) -> str:
        return self.paragraphs[0].story

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def group_paragraphs(paragraphs: list[DocParagraph]) -> list[Group]:
    groups: list[Group] = []
    previous: DocParagraph | None = None
    for paragraph in paragraphs:
        linked = previous is not None and previous.mark is not None and \
            previous.container == paragraph.container and previous.story == paragraph.story
        if linked and groups:
            groups[-1].paragraphs.append(paragraph)
        else:
            groups.append(Group([paragraph], []))
        previous = paragraph
    groups = _attach_new_paragraphs(groups)
    for group in groups:
        _texts(group)
    return groups


def _is_new(paragraph: DocParagraph) -> bool:
    """A paragraph the reviewer added (typed or moved in): its mark and all its words new."""
    return paragraph.mark is not None and paragraph.mark.kind in _NEW and \
        not paragraph.old and bool(paragraph.new)


def _attach_new_paragraphs(groups: list[Group]) -> list[Group]:
    """A new paragraph whose mark joins it to a paragraph without anchor (a caption, the
    space after a table) goes with the anchored paragraph before it instead: it was added
    after that one. Its inserted mark then stands between the two."""
    out: list[Group] = []
    for group in groups:
        lead = 0
        while lead < len(group.paragraphs) and _is_new(group.paragraphs[lead]):
            lead += 1
        previous = out[-1] if out else None
        if lead and not any(p.anchors for p in group.paragraphs) and previous is not None \
                and any(p.anchors for p in previous.paragraphs) and \
                previous.paragraphs[-1].container == group.paragraphs[0].container and \
                previous.paragraphs[-1].index + 1 == group.paragraphs[0].index:
            previous.attached.update(p.index for p in group.paragraphs[:lead])
            previous.paragraphs += group.paragraphs[:lead]
            group.paragraphs = group.paragraphs[lead:]
            if not group.paragraphs:
                continue
        out.append(group)
    return out


def _texts(group: Group) -> None:
    """The group's old and new text, its edits, anchors and comment offsets."""
    old: list[str] = []
    new: list[str] = []
    position = 0
    edit: Edit | None = None

    def close() -> None:
        nonlocal edit
        if edit is not None:
            edit.end = position
            group.edits.append(edit)
            edit = None

    def add(text: str, revision: Revision | None, struck: bool = False) -> None:
        nonlocal position, edit
        if revision is None:
            close()
            old.append(text)
            new.append(text)
            position += len(text)
            return
        if edit is None:
            edit = Edit(position, position, "")
        if revision not in edit.revisions:
            edit.revisions.append(revision)
        if struck:
            edit.struck += text
        elif revision.kind in _OLD:
            old.append(text)
            position += len(text)
        else:
            new.append(text)
            edit.new += text

    for number, paragraph in enumerate(group.paragraphs):
        for name in paragraph.anchors:
            if name not in group.anchors:
                group.anchors.append(name)
                group.starts.append(position)
        for piece in paragraph.pieces:
            if piece.element is not None:
                _marker(group, piece.element, position)
            elif piece.revision is not None and piece.revision.kind == "struck":
                add(piece.text, piece.revision, struck=True)
            else:
                add(piece.text, piece.revision)
        if number < len(group.paragraphs) - 1:
            following = group.paragraphs[number + 1]
            add("\n", following.mark if following.index in group.attached else paragraph.mark)
    close()
    group.old, group.new = "".join(old), "".join(new)


def _marker(group: Group, element, position: int) -> None:
    tag = element.tag
    if tag in (f"{W}commentRangeStart", f"{W}commentReference"):
        group.comments.setdefault(element.get(f"{W}id", ""), position)


def comment_ranges(paragraphs: list[DocParagraph]) -> dict[str, str]:
    """Each comment's anchored text, as the reviewer sees it (changes accepted); the text
    as it was when the range holds only deleted text. A range may span paragraphs."""
    open_: dict[str, list[list[str]]] = {}  # id → [accepted pieces, old pieces]
    found: dict[str, str] = {}
    for paragraph in paragraphs:
        for piece in paragraph.pieces:
            element = piece.element
            if element is not None and element.tag == f"{W}commentRangeStart":
                open_[element.get(f"{W}id", "")] = [[], []]
            elif element is not None and element.tag == f"{W}commentRangeEnd":
                texts = open_.pop(element.get(f"{W}id", ""), None)
                if texts is not None:
                    accepted, before = ("".join(t).strip() for t in texts)
                    found[element.get(f"{W}id", "")] = accepted or before
            elif piece.text:
                kind = piece.revision.kind if piece.revision is not None else ""
                for texts in open_.values():
                    if kind not in _OLD and kind != "struck":
                        texts[0].append(piece.text)
                    if kind not in _NEW and kind != "struck":
                        texts[1].append(piece.text)
        for texts in open_.values():
            texts[0].append("\n")
            texts[1].append("\n")
    return found
