"""A change of printed text as a change of the Markdown file, or the reason it cannot be.

``source_edit`` takes an edit of a group's printed text (old ``[start, end)`` becomes
``new``) and the group's segments (review/segments.py) and gives the file offsets to
replace and the Markdown to put there: inserted words escaped so they stay words, a new
paragraph as a blank line (a new list item, quote or footnote paragraph with its marker).
Markup the edit does not remove entirely (the closing ``*`` of emphasis that keeps some of
its words) stays. A change inside a quoted figure or a label kamerbrief prints is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamerbrief.review.segments import BlockMap, Segment, Wrapper, line_of

_WHY = {
    "figure": "the words are a figure quoted from a table: change the table, not the text",
    "table reference": "the words are a table reference ('tabel 3') that kamerbrief numbers",
    "label": "the words are a label kamerbrief prints (a note number, 'Bijlage 2')",
    "line break": "a line break cannot be changed here",
    "image": "an image cannot be changed here",
    "boundary": "the change runs across two files or blocks that do not follow each other",
}


@dataclass(frozen=True)
class Block:
    """One anchored block of a group: its printed extent, its lines, and how a new
    paragraph after it is written (``prefix`` before its words, ``blank`` between)."""

    start: int
    end: int
    line_start: int  # file offset of its first line
    region_end: int  # file offset where its last line ends
    kind: str
    prefix: str
    blank: str
    path: str = ""


@dataclass(frozen=True)
class SourceEdit:
    """Replace ``[start, end)`` of the file ``path`` by ``text``; ``line`` is where it starts."""

    start: int
    end: int
    text: str
    line: int
    path: str = ""


class Refused(Exception):
    """The edit is not a text edit of the source; the message says what to do instead."""


# Blocks that are lines of their own: deleting all their words deletes the lines (not a
# table cell, a box's title or a chapter title, which share their line with markup).
_OWN_LINES = ("paragraph", "item", "heading", "quote", "box", "note")
_LIST = re.compile(r"^([ \t]*(?:>[ \t]?)*)(?:([-*+]|\d+[.)])[ \t]+)?")


def block_style(kind: str, first_line: str) -> tuple[str, str]:
    """(prefix, blank) for new paragraphs after a block whose first line is ``first_line``."""
    match = _LIST.match(first_line)
    quotes, marker = (match.group(1), match.group(2)) if match else ("", None)
    if kind == "item" and marker:
        return quotes + marker + " ", "\n"
    if ">" in quotes:
        return quotes, "\n" + quotes.rstrip() + "\n"
    if kind == "note":
        return "    ", "\n\n"
    return quotes, "\n\n"


def source_edit(start: int, end: int, new: str, mapped: BlockMap, blocks: list[Block],
                file_text: str) -> SourceEdit:
    """The file edit for old ``[start, end)`` → ``new``; raises Refused."""
    segments = mapped.segments
    _check_atomics(start, end, segments, blocks)
    _check_figures(start, end, new, segments, mapped.text)
    block = _block_at(blocks, start)
    if "\n" in new and block.kind in ("md-cell", "title", "box-title"):
        raise Refused("a new paragraph inside a table cell or title cannot be written back")
    if start == end:
        return _insertion(start, new, segments, block, file_text)
    src_a = _char_source(segments, start, first=True)
    src_b = _char_source(segments, end - 1, first=False)
    for wrapper in _gone(mapped, start, end, new):  # its markup goes with its last word
        src_a, src_b = min(src_a, wrapper.src_start), max(src_b, wrapper.src_end)
    whole = [b for b in blocks if start <= b.start and b.end <= end and b.end > b.start
             and not new and b.kind in _OWN_LINES]
    for gone in whole:  # a block whose every word goes: its lines go
        src_a = min(src_a, gone.line_start)
        if src_b <= gone.region_end:
            src_b = gone.region_end + (1 if file_text[gone.region_end:gone.region_end + 1]
                                       == "\n" else 0)
    covered = _covered(segments, mapped, start, end, new, blocks)
    residue = "".join(char for offset, char in enumerate(file_text[src_a:src_b], src_a)
                      if offset not in covered and not char.isspace())
    if whole and not new:
        residue = ""  # the block's own markers ('## ', '- ') go with it
    text = markdown(new, block, before=False) + residue
    return SourceEdit(src_a, src_b, text, line_of(file_text, src_a))


def _check_atomics(start: int, end: int, segments: list[Segment], blocks: list[Block]) -> None:
    for segment in segments:
        if not segment.atomic or segment.end == segment.start:
            continue
        if start == end:
            inside = segment.start < start < segment.end
        else:
            overlaps = start < segment.end and segment.start < end
            inside = overlaps and (start > segment.start or end < segment.end)
        if segment.atomic == "boundary" and start <= segment.start < end:
            # only a whole block before it may go, with its paragraph mark
            inside = end > segment.end or not any(
                b.end == segment.start and start <= b.start for b in blocks)
        if inside:
            raise Refused(_WHY.get(segment.atomic, f"a {segment.atomic} cannot be changed"))


def _check_figures(start: int, end: int, new: str, segments: list[Segment], text: str) -> None:
    """A quoted figure replaced by other words (and little else) is a changed figure: the
    table must change, or prose and table disagree."""
    if not new.strip():
        return
    for segment in segments:
        if segment.atomic == "figure" and start <= segment.start and segment.end <= end:
            around = text[start:segment.start] + text[segment.end:end]
            if not any(char.isalnum() for char in around):
                raise Refused(_WHY["figure"])


def _gone(mapped: BlockMap, start: int, end: int, new: str) -> list[Wrapper]:
    """The wrappers (emphasis, links) an edit removes with their markup: all their words
    deleted, not replaced by others in their place (typed words keep their formatting)."""
    return [w for w in mapped.wrappers if start <= w.start and w.end <= end
            and (not new or start < w.start or w.end < end)]


def _block_at(blocks: list[Block], position: int) -> Block:
    for block in blocks:
        if block.start <= position <= block.end:
            return block
    return blocks[-1]


def _insertion(at: int, new: str, segments: list[Segment], block: Block,
               file_text: str) -> SourceEdit:
    if new.startswith("\n") and at == block.end:  # a new paragraph after the block
        src = block.region_end
    elif new.endswith("\n") and at == block.start:  # a new paragraph before it
        text = markdown(new[:-1], block, before=True)
        return SourceEdit(block.line_start, block.line_start, text,
                          line_of(file_text, block.line_start))
    else:
        src = _point(segments, at, block)
    return SourceEdit(src, src, markdown(new, block, before=False), line_of(file_text, src))


def _point(segments: list[Segment], at: int, block: Block) -> int:
    """Where text typed at printed position ``at`` goes: after the prose before it (typed
    text takes the formatting before it, as in Word), else before the prose after it."""
    for segment in segments:
        if segment.is_text and segment.start < at < segment.end:
            return segment.chars[at - segment.start]
    for segment in segments:
        if segment.is_text and segment.end == at and segment.end > segment.start:
            return segment.chars[-1] + 1
    for segment in segments:
        if segment.is_text and segment.start == at and segment.end > segment.start:
            return segment.chars[0]
    for segment in segments:
        if segment.end == at:
            return segment.src_end
    for segment in segments:
        if segment.start == at:
            return segment.src_start
    return block.line_start


def _char_source(segments: list[Segment], position: int, first: bool) -> int:
    """The file offset where the printed character at ``position`` starts (``first``) or ends."""
    for segment in segments:
        if segment.start <= position < segment.end:
            if segment.is_text:
                offset = segment.chars[position - segment.start]
                return offset if first else offset + 1
            return segment.src_start if first else segment.src_end
    raise Refused("the change lies outside the mapped text")


def _covered(segments: list[Segment], mapped: BlockMap, start: int, end: int, new: str,
             blocks: list[Block]) -> set[int]:
    """File offsets the edit removes on purpose: its words, whole figures and notes calls,
    whole wrappers' markup, whole blocks."""
    covered: set[int] = set()
    for segment in segments:
        if segment.is_text:
            for index, offset in enumerate(segment.chars):
                if start <= segment.start + index < end:
                    covered.add(offset)
        elif start <= segment.start and segment.end <= end and \
                (segment.end > segment.start or start < segment.start < end):
            covered.update(range(segment.src_start, segment.src_end))
    for wrapper in _gone(mapped, start, end, new):
        covered.update(range(wrapper.src_start, wrapper.src_end))
    for block in blocks:
        if start <= block.start and block.end <= end and not new and block.kind in _OWN_LINES:
            covered.update(range(block.line_start, block.region_end + 1))
    return covered


# ---------------------------------------------------------------- inserted words as Markdown

_SPECIAL = re.compile(r"([\\`*\[\]<])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LINE_START = re.compile(r"^([ \t]*)([#>+-]|\d+(?=[.)]))")


def escape(text: str, line_start: bool) -> str:
    """Words as Markdown that prints them as they are: no emphasis, link or code from a
    stray ``*``, ``[`` or backtick; no heading or list item from one at a line start."""
    text = _UNDERSCORE.sub(r"\\_", _SPECIAL.sub(r"\\\1", text))
    if line_start:
        match = _LINE_START.match(text)
        if match and match.group(2).isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        elif match:
            text = _LINE_START.sub(r"\1\\\2", text, count=1)
    return text


def markdown(new: str, block: Block, before: bool) -> str:
    """Inserted text as Markdown in ``block``: each line end a new paragraph (or item).
    ``before``: the text goes in front of the block's first line, as paragraphs of its own."""
    pieces = new.split("\n")
    if before:
        return "".join(block.prefix + escape(piece, True) + block.blank for piece in pieces)
    text = escape(pieces[0], False)
    for piece in pieces[1:]:
        text += block.blank + block.prefix + escape(piece, True)
    return text
