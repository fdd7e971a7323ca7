"""Place each reviewed group in the current source: which blocks, which files and lines.

An anchor in the reviewed file is found again in a build of the current source by its
digest (render/docx_anchors.py): the same file and the same text. Found, the block is
where it is now (lines may have moved) and its text is the one the reviewer saw: its
changes are **placed**. Not found, the source changed since the build: **stale**, at the
line the anchor map remembers. Without any anchor (text typed after a table, a file not
built by kamerbrief) a group is **unplaced**. A placed group of text gets its segments
(review/segments.py) over all its blocks, joined by their paragraph breaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kamerbrief.model import Box, Chapter, Heading, Inline, Paragraph, Quote, Report, SourceLocation, Text
from kamerbrief.render.docx_anchors import Anchor
from kamerbrief.review.edits import Block, block_style
from kamerbrief.review.groups import Group
from kamerbrief.review.model import Status
from kamerbrief.review.segments import BlockMap, NoMap, Segment, map_block
from kamerbrief.walk import walk_inlines

WHAT = {"title": "chapter title", "heading": "heading", "paragraph": "paragraph",
        "item": "list item", "quote": "quote", "box": "box", "box-title": "box title",
        "note": "footnote", "cell": "table cell", "header": "column header",
        "md-cell": "table cell"}


@dataclass
class Placement:
    """A group and what it is in the source. ``anchors`` are the current anchors (all of
    the group's, or none); ``recorded`` the map's entry for its first anchor."""

    group: Group
    status: Status
    anchors: list[Anchor] = field(default_factory=list)
    recorded: Anchor | None = None
    note: str = ""
    built: str = ""
    mapped: BlockMap | None = None
    blocks: list[Block] = field(default_factory=list)
    map_problem: str = ""
    files: dict[str, str] = field(default_factory=dict)  # path → text, of its blocks' files
    near: SourceLocation | None = None

    @property
    def first(self) -> Anchor | None:
        return self.anchors[0] if self.anchors else self.recorded

    @property
    def is_cell(self) -> bool:
        first = self.first
        return first is not None and first.is_cell


class Finder:
    """Current anchors by digest; each reviewed anchor takes the nearest unused one."""

    def __init__(self, current: list[Anchor], recorded: dict[str, Anchor] | None):
        self.by_digest: dict[str, list[Anchor]] = {}
        for anchor in current:
            self.by_digest.setdefault(anchor.digest, []).append(anchor)
        self.recorded = recorded or {}
        self.used: set[str] = set()

    def find(self, name: str) -> Anchor | None:
        candidates = self.by_digest.get(name.rpartition("_")[2], [])
        was = self.recorded.get(name)
        if was is not None:
            candidates = [c for c in candidates if c.path == was.path] or candidates
        fresh = [c for c in candidates if c.name not in self.used] or candidates
        if not fresh:
            return None
        line = was.line if was is not None else 0
        chosen = min(fresh, key=lambda c: abs(c.line - line))
        self.used.add(chosen.name)
        return chosen


def place_groups(groups: list[Group], current: list[Anchor], recorded: dict[str, Anchor] | None,
                 report: Report) -> list[Placement]:
    """Each group placed against the current source (whose build gives ``current``)."""
    finder = Finder(current, recorded)
    chapters = {chapter.path: chapter for chapter in report.chapters}
    placements: list[Placement] = []
    last: dict[str, SourceLocation] = {}  # by story: the body, each footnote
    for group in groups:
        placement = _place(group, finder, chapters, report)
        if placement.status is Status.UNPLACED:
            placement.near = last.get(group.story)
            if group.story.startswith("note "):
                placement.note = f"in a footnote the reviewer added ({group.story}): " \
                                 "add it to the source by hand"
        first = placement.first
        if first is not None:
            last[group.story] = SourceLocation(first.path, first.line)
        placements.append(placement)
    return placements


def _place(group: Group, finder: Finder, chapters: dict[str, Chapter],
           report: Report) -> Placement:
    if not group.anchors:
        return Placement(group, Status.UNPLACED,
                         note="no anchor leads to the source: text outside the report's "
                              "blocks, or a file not built by kamerbrief")
    found = [finder.find(name) for name in group.anchors]
    recorded = finder.recorded.get(group.anchors[0])
    if any(anchor is None for anchor in found):
        known = next((a for a in found if a is not None), None) or recorded
        if known is None:
            return Placement(group, Status.UNPLACED,
                             note="its anchor is not in the current source, and the file "
                                  "has no anchor map to say where it was")
        return Placement(group, Status.STALE, recorded=known,
                         note="the source changed since this file was built: compare the "
                              "change with the source and apply it by hand")
    anchors = [a for a in found if a is not None]
    placement = Placement(group, Status.PLACED, anchors, recorded,
                          built="\n".join(a.text for a in anchors))
    if not anchors[0].is_cell:
        _map(placement, chapters, report)
    return placement


def _map(placement: Placement, chapters: dict[str, Chapter], report: Report) -> None:
    """The group's segments over its blocks, joined by their paragraph breaks."""
    segments: list[Segment] = []
    wrappers = []
    blocks: list[Block] = []
    offset = 0
    previous: tuple[Anchor, BlockMap] | None = None
    for anchor in placement.anchors:
        chapter = chapters.get(anchor.path)
        children = _inlines(anchor)
        if chapter is None or children is None:
            placement.map_problem = f"a {WHAT.get(anchor.kind, anchor.kind)} kamerbrief " \
                                    "makes from more than its text (a title from the front matter)"
            return
        file_text = placement.files.setdefault(anchor.path, "\n".join(chapter.lines))
        first = anchor.line
        last = max([first] + [c.line for c in walk_inlines(children)
                              if isinstance(c, Text) and c.line])
        try:
            mapped = map_block(children, anchor.text, file_text, first, last, report)
        except NoMap as exc:
            placement.map_problem = str(exc)
            return
        if previous is not None:
            segments.append(_separator(previous, anchor, mapped, offset - 1))
        for segment in mapped.segments:
            segments.append(replace(segment, start=segment.start + offset,
                                    end=segment.end + offset))
        for wrapper in mapped.wrappers:
            wrappers.append(replace(wrapper, start=wrapper.start + offset,
                                    end=wrapper.end + offset))
        line_text = chapter.lines[first - 1] if first <= len(chapter.lines) else ""
        prefix, blank = block_style(anchor.kind, line_text)
        blocks.append(Block(offset, offset + len(anchor.text), mapped.region[0],
                            mapped.region[1], anchor.kind, prefix, blank, anchor.path))
        offset += len(anchor.text) + 1
        previous = (anchor, mapped)
    placement.mapped = BlockMap(placement.built, segments, wrappers,
                                (blocks[0].line_start, blocks[-1].region_end))
    placement.blocks = blocks


def _separator(previous: tuple[Anchor, BlockMap], anchor: Anchor, mapped: BlockMap,
               at: int) -> Segment:
    """The paragraph break between two blocks of a group: the blank line(s) and the next
    block's markers, when the blocks follow each other in one file."""
    before, before_map = previous
    start = before_map.region[1]
    end = next((s.src_start for s in mapped.segments if s.is_text), mapped.region[0])
    if before.path != anchor.path or end < start:
        return Segment(at, at + 1, start, start, "boundary")
    return Segment(at, at + 1, start, end, "paragraph break")


def _inlines(anchor: Anchor) -> list[Inline] | None:
    source = anchor.source
    if anchor.kind == "md-cell" and isinstance(source, list):
        return source
    if anchor.kind == "title":
        return source.children if isinstance(source, Heading) else None
    if anchor.kind == "quote" and isinstance(source, Quote):
        return source.attribution
    if anchor.kind == "box-title" and isinstance(source, Box):
        return source.title_inlines or [Text(source.title, source.location.line)]
    if isinstance(source, (Paragraph, Heading)):
        return source.children
    return None
