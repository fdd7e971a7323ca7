"""What a review found, item by item: each change and comment, where, by whom, and the
file edit that applies it (or why there is none).

One item per edit of a placed group, with the change inline (``[-old-]{+new+}``) and the
line its words are on; a table cell's old → new value; a comment with the words it is on.
A deletion and an insertion of the same words become one move. Text that differs from the
build without a tracked change is reported as such, and applied too.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from kamerbrief.model import Report, SourceLocation
from kamerbrief.render.docx_anchors import Anchor
from kamerbrief.render.docx_text import Revision
from kamerbrief.review.docx_reader import ReviewedDocx
from kamerbrief.review.edits import Refused, SourceEdit, source_edit
from kamerbrief.review.groups import comment_ranges, group_paragraphs
from kamerbrief.review.model import Author, Kind, Review, ReviewItem, Status
from kamerbrief.review.place import WHAT, Placement, place_groups
from kamerbrief.review.segments import BlockMap, line_of

_CONTEXT = 70  # characters of context on each side of a change


def review_document(doc: ReviewedDocx, report: Report, current: list[Anchor],
                    docx_name: str) -> tuple[Review, list[Placement]]:
    """The review of ``doc`` against ``report`` (whose build gives ``current`` anchors)."""
    placements = place_groups(group_paragraphs(doc.paragraphs), current, doc.anchor_map,
                              report)
    quoted = comment_ranges(doc.paragraphs)
    items: list[ReviewItem] = []
    seen_comments: set[str] = set()
    origins: dict[int, Placement] = {}
    for placement in placements:
        for item in _change_items(placement):
            origins[id(item)] = placement
            items.append(item)
        for comment_id, offset in placement.group.comments.items():
            if comment_id in doc.comments and comment_id not in seen_comments:
                seen_comments.add(comment_id)
                items.append(_comment_item(placement, doc, comment_id, offset, quoted))
    for comment_id, comment in doc.comments.items():
        if comment_id not in seen_comments:  # in a header, a text box: never dropped
            items.append(ReviewItem(Kind.COMMENT, Status.UNPLACED, SourceLocation(docx_name),
                                    [Author(comment.author, comment.date)],
                                    comment=comment.text, quoted=quoted.get(comment_id, ""),
                                    note="the comment is not on the report's text"))
    items = _pair_moves(items, origins)
    review = Review(docx_name, items, _notes(doc, placements, docx_name),
                    anchors=len(doc.anchor_names),
                    current=sum(len(p.anchors) for p in placements))
    return review, placements

def _authors(revisions: list[Revision]) -> list[Author]:
    authors: list[Author] = []
    for revision in revisions:
        author = Author(revision.author, revision.date)
        if author not in authors:
            authors.append(author)
    return authors


def word_opcodes(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """The differences of ``old`` and ``new`` as character ranges ``(a, b, c, d)``: old
    ``[a, b)`` becomes new ``[c, d)``, compared word by word, so a changed word is one
    replacement, not a scatter of letters."""
    def split(text: str) -> tuple[list[str], list[int]]:
        tokens = re.findall(r"\w+|\s+|[^\w\s]", text)
        starts, at = [], 0
        for token in tokens:
            starts.append(at)
            at += len(token)
        return tokens, starts + [at]

    a, a_at = split(old)
    b, b_at = split(new)
    return [(a_at[i], a_at[j], b_at[k], b_at[m]) for tag, i, j, k, m in
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal"]


def _location(placement: Placement, offset: int | None = None) -> SourceLocation:
    first = placement.first
    if first is None:
        return SourceLocation("")
    if first.is_cell:
        return SourceLocation(first.path, first.line, first.row, first.column, first.cell)
    line = first.line
    if offset is not None and placement.mapped is not None and placement.blocks:
        block = next((b for b in placement.blocks if b.start <= offset <= b.end),
                     placement.blocks[-1])
        source = _source_offset(placement.mapped, offset)
        if source is not None and block.path in placement.files:
            line = line_of(placement.files[block.path], source)
        return SourceLocation(block.path, line)
    return SourceLocation(first.path, line)


def _source_offset(mapped: BlockMap, offset: int) -> int | None:
    for segment in mapped.segments:
        if segment.start <= offset < segment.end or (segment.end == offset and segment.is_text):
            if segment.is_text and segment.chars:
                return segment.chars[min(offset - segment.start, len(segment.chars) - 1)]
            return segment.src_start
    return None


def inline_change(text: str, start: int, end: int, new: str, clip: bool = True) -> str:
    """``text`` with old ``[start, end)`` shown as ``[-old-]`` and ``new`` as ``{+new+}``,
    cut to some words around the change."""
    before, old, after = text[:start], text[start:end], text[end:]
    if clip and len(before) > _CONTEXT:
        cut = before.find(" ", len(before) - _CONTEXT)
        before = "…" + before[cut + 1 if cut >= 0 else len(before) - _CONTEXT:]
    if clip and len(after) > _CONTEXT:
        cut = after.rfind(" ", 0, _CONTEXT)
        after = after[:cut if cut > 0 else _CONTEXT] + "…"
    shown = (f"[-{old}-]" if old else "") + (f"{{+{new}+}}" if new else "")
    return (before + shown + after).replace("\n", " ¶ ")


def inline_diff(old: str, new: str) -> str:
    """Every difference of ``old`` and ``new`` inline, word by word; unchanged stretches
    are cut to the words next to a change."""
    parts: list[str] = []
    position = 0
    changes = word_opcodes(old, new)
    for number, (a, b, c, d) in enumerate(changes):
        parts.append(_clip(old[position:a], keep_start=number > 0, keep_end=True))
        parts.append((f"[-{old[a:b]}-]" if b > a else "") + (f"{{+{new[c:d]}+}}" if d > c else ""))
        position = b
    parts.append(_clip(old[position:], keep_start=True, keep_end=False))
    return "".join(parts).replace("\n", " ¶ ")


def _clip(text: str, keep_start: bool, keep_end: bool) -> str:
    """``text`` cut to its first and/or last words around "…", at spaces."""
    if len(text) <= (2 if keep_start and keep_end else 1) * _CONTEXT:
        return text
    start = text[:text.rfind(" ", 0, _CONTEXT) + 1 or _CONTEXT] if keep_start else ""
    end = text[text.find(" ", len(text) - _CONTEXT):] if keep_end else ""
    return start.rstrip() + "…" + end


def _kind(old: str, new: str, revisions: list[Revision]) -> Kind:
    if any(r.kind in ("moveFrom", "moveTo") for r in revisions):
        return Kind.MOVE
    if old and new:
        return Kind.REPLACEMENT
    return Kind.DELETION if old else Kind.INSERTION


def _change_items(placement: Placement) -> list[ReviewItem]:
    group = placement.group
    what = WHAT.get(placement.first.kind, "text") if placement.first is not None else "text"
    if placement.status is Status.PLACED and group.old != placement.built:
        return _untracked_items(placement, what)
    items: list[ReviewItem] = []
    rows = {p.row_revision.kind for p in group.paragraphs if p.row_revision is not None}
    if placement.is_cell and group.edits:
        revisions = [r for e in group.edits for r in e.revisions]
        item = ReviewItem(Kind.CELL, placement.status, _location(placement), _authors(revisions),
                          old=group.old, new=group.new, context=f"{group.old} → {group.new}",
                          block=what, note=placement.note, anchor=group.anchors[0])
        if "del" in rows and placement.status is Status.PLACED:
            item.status = Status.REFUSED
            item.note = "the reviewer deleted the table row: delete its line from the CSV by hand"
        elif placement.status is Status.PLACED:
            item.edit = placement
        return [item]
    if "ins" in rows and placement.status is Status.UNPLACED:
        placement.note = "a table row the reviewer added: add it to the table's CSV by hand"
    for edit in group.edits:
        old = group.old[edit.start:edit.end]
        item = ReviewItem(_kind(old, edit.new, edit.revisions), placement.status,
                          _location(placement, edit.start), _authors(edit.revisions),
                          old=old, new=edit.new,
                          context=inline_change(group.old, edit.start, edit.end, edit.new),
                          block=what, note=placement.note,
                          anchor=group.anchors[0] if group.anchors else "")
        if placement.status is Status.UNPLACED and placement.near is not None:
            item.note += f" (it stands after {placement.near})"
        if not old and not edit.new and edit.struck:
            item.old = edit.struck
            item.note = "inserted and deleted again: no change to the text"
        elif placement.status is Status.PLACED:
            _plan_edit(placement, edit.start, edit.end, edit.new, item)
        items.append(item)
    return items


def _untracked_items(placement: Placement, what: str) -> list[ReviewItem]:
    """The file's text differs from the build without a tracked change (edited with track
    changes off): each difference is reported; the change to the accepted text is applied."""
    group = placement.group
    items: list[ReviewItem] = []
    for a, b, c, d in word_opcodes(placement.built, group.new):
        item = ReviewItem(Kind.UNTRACKED, Status.PLACED, _location(placement, a), [],
                          old=placement.built[a:b], new=group.new[c:d],
                          context=inline_change(placement.built, a, b, group.new[c:d]),
                          block=what, anchor=group.anchors[0],
                          note="changed with track changes off")
        if placement.is_cell:
            item.kind = Kind.CELL
            item.context = f"{placement.built} → {group.new}"
            item.old, item.new = placement.built, group.new
            item.edit = placement
            return [item]
        _plan_edit(placement, a, b, group.new[c:d], item)
        items.append(item)
    return items


def _plan_edit(placement: Placement, start: int, end: int, new: str, item: ReviewItem) -> None:
    """The file edit for a placed change, or why there is none (the item is refused)."""
    touched = {b.path for b in placement.blocks if b.start <= end and start <= b.end} or \
        {b.path for b in placement.blocks[-1:]}
    if placement.mapped is None or len(touched) != 1:
        item.status = Status.REFUSED
        why = placement.map_problem or "the change runs from one file into another"
        item.note = f"cannot be written back to the Markdown ({why}): apply it by hand"
        return
    path = touched.pop()
    try:
        edit = source_edit(start, end, new, placement.mapped,
                           [b for b in placement.blocks if b.path == path], placement.files[path])
    except Refused as exc:
        item.status = Status.REFUSED
        item.note = str(exc)
        return
    item.location = SourceLocation(path, edit.line)
    item.edit = replace(edit, path=path)


def _comment_item(placement: Placement, doc: ReviewedDocx, comment_id: str, offset: int,
                  quoted: dict[str, str]) -> ReviewItem:
    comment = doc.comments[comment_id]
    what = WHAT.get(placement.first.kind, "text") if placement.first is not None else "text"
    status = placement.status if placement.status is not Status.REFUSED else Status.PLACED
    item = ReviewItem(Kind.COMMENT, status, _location(placement, offset),
                      [Author(comment.author, comment.date)], comment=comment.text,
                      quoted=quoted.get(comment_id, ""), block=what, note=placement.note,
                      anchor=placement.group.anchors[0] if placement.group.anchors else "")
    if status is Status.UNPLACED and placement.near is not None:
        item.note += f" (it stands after {placement.near})"
    return item


def _pair_moves(items: list[ReviewItem], origins: dict[int, Placement]) -> list[ReviewItem]:
    """A deletion and an insertion of the same words (Word's moveFrom/moveTo, or LibreOffice's
    cut and paste) become one move, from where the words were to where they went."""
    out = list(items)
    deletions = [i for i in out if i.kind in (Kind.DELETION, Kind.MOVE) and i.old and not i.new]
    insertions = [i for i in out if i.kind in (Kind.INSERTION, Kind.MOVE) and i.new and not i.old]
    for gone in deletions:
        words = gone.old.strip("\n")
        if len(words) < 20:
            continue
        for came in insertions:
            if came not in out or gone not in out or came is gone or \
                    difflib.SequenceMatcher(None, words, came.new.strip("\n"),
                                            autojunk=False).ratio() < 0.9:
                continue
            arrival = came.edit
            if isinstance(gone.edit, SourceEdit) and isinstance(arrival, SourceEdit):
                arrival = _moved_block(origins.get(id(gone)), gone, came, arrival)
            move = replace(gone, kind=Kind.MOVE, new=came.new.strip("\n"),
                           authors=gone.authors + [a for a in came.authors
                                                   if a not in gone.authors],
                           destination=came.location,
                           status=_worst(gone.status, came.status),
                           note="; ".join(n for n in (gone.note, came.note) if n),
                           edit=[gone.edit, arrival])
            move.context = inline_diff(words, move.new)
            out[out.index(gone)] = move
            out.remove(came)
            break
    return out


def _moved_block(origin: Placement | None, gone: ReviewItem, came: ReviewItem,
                 arrival: SourceEdit) -> SourceEdit:
    """The arriving paragraph as the Markdown it was (emphasis, links, notes calls kept),
    with the reviewer's edits to it on the way; the typed text when that cannot be."""
    if origin is None or origin.mapped is None:
        return arrival
    words = gone.old.strip("\n")
    block = next((b for b in origin.blocks if origin.built[b.start:b.end] == words), None)
    if block is None or block.path not in origin.files:
        return arrival
    file_text = origin.files[block.path]
    arrived = came.new.strip("\n")
    region = file_text[block.line_start:block.region_end]
    edits = []
    for a, b, c, d in word_opcodes(words, arrived):
        try:
            edits.append(source_edit(block.start + a, block.start + b, arrived[c:d],
                                     origin.mapped, [block], file_text))
        except Refused:
            return arrival
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        start, end = edit.start - block.line_start, edit.end - block.line_start
        if not 0 <= start <= end <= len(region):
            return arrival
        region = region[:start] + edit.text + region[end:]
    if came.new.startswith("\n"):
        text = block.blank + region
    elif came.new.endswith("\n"):
        text = region + block.blank
    else:
        return arrival
    return replace(arrival, text=text)


def _worst(a: Status, b: Status) -> Status:
    order = [Status.PLACED, Status.REFUSED, Status.STALE, Status.UNPLACED]
    return max(a, b, key=order.index)


def _notes(doc: ReviewedDocx, placements: list[Placement], docx_name: str) -> list[str]:
    notes: list[str] = []
    if not doc.anchor_names and doc.anchor_map is None:
        notes.append(f"{docx_name} was not built by kamerbrief (it has no anchors to the "
                     "source): every comment and change is listed unplaced, with its text")
    elif doc.anchor_map is None:
        notes.append("the file has lost its anchor map (a custom XML part): changes are placed "
                     "where the source is unchanged; others are unplaced")
    if doc.anchor_map is not None:
        lost = [a for name, a in doc.anchor_map.items() if name not in doc.anchor_names]
        if lost:
            where = ", ".join(f"{a.path}:{a.line}" for a in lost[:5])
            more = f" and {len(lost) - 5} more" if len(lost) > 5 else ""
            notes.append(f"{len(lost)} block(s) lost their anchor ({where}{more}): deleted "
                         "with track changes off, or the editor dropped the bookmark; such "
                         "deletions are not applied")
    stale = sum(1 for p in placements if p.status is Status.STALE)
    if stale:
        notes.append(f"the source changed since the build in {stale} place(s): their changes "
                     "are listed as stale and not applied")
    return notes
