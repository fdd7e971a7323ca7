"""Map a block's printed text back onto its Markdown source, character by character.

The DOCX shows a paragraph as plain text: emphasis, links and footnote calls are formatting
there, a ``{{waarde …}}`` is the figure it printed, Dutch quotes are curly. To write a
reviewer's change back without losing any of that, the printed text is cut into segments,
in the order the renderer wrote them (the model's inlines):

- a **text** segment is prose the writer typed: each of its characters has a source offset
  (typography changed quotes and dashes one for one; an escaping backslash is skipped);
- an **atomic** segment is text the source does not hold as such: a quoted or computed
  figure, a table reference ("tabel 3"), a line break, a footnote call (no text at all), a
  label the renderer put in front. It is changed only as a whole (deleted), never inside.

Wrappers (emphasis, links, language spans) keep their source extent, so a change that
removes all of a wrapper's text removes its markup too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kamerbrief.model import (
    Code,
    Emphasis,
    FigureRef,
    FootnoteRef,
    Image,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    Report,
    TableRef,
    Text,
    ValueRef,
)
from kamerbrief.render.common import table_ref_text

# Typography turned these into curly quotes and en dashes: compare them as typed.
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "\u00a0": " "})
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass
class Segment:
    start: int  # in the printed text
    end: int
    src_start: int  # in the file's text
    src_end: int
    atomic: str = ""  # what it is when it is not prose: "figure", "table reference", …
    chars: list[int] = field(default_factory=list)  # text: each character's source offset

    @property
    def is_text(self) -> bool:
        return not self.atomic


@dataclass
class Wrapper:
    src_start: int  # its opening markup
    src_end: int  # after its closing markup
    start: int  # its text, in the printed text
    end: int


@dataclass
class BlockMap:
    """A block's printed text and where each part of it comes from in ``source``."""

    text: str
    segments: list[Segment]
    wrappers: list[Wrapper]
    region: tuple[int, int]  # the block's lines in the file: [start, end)


class NoMap(Exception):
    """The printed text cannot be matched to the source (the renderer wrote something the
    model walk does not know); the review still places the block, it is not edited."""


class _Source:
    """The file's text, with a plain form (typography undone, escapes dropped, a line end
    with the next line's indent and quote marks as one space) for searching."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        plain: list[str] = []
        offsets: list[int] = []
        i = start
        while i < end:
            char = text[i]
            if char == "\\" and i + 1 < end and text[i + 1] in _ESCAPABLE:
                i += 1
                char = text[i]
            if char == "\n":
                j = i + 1
                while j < end and text[j] in " \t>":
                    j += 1
                plain.append(" ")
                offsets.append(i)
                i = j
                continue
            plain.append(char.translate(_PLAIN))
            offsets.append(i)
            i += 1
        self.plain = "".join(plain)
        self.offsets = offsets
        self.end = end

    def index(self, offset: int) -> int:
        """The plain position at or after file offset ``offset``."""
        from bisect import bisect_left

        return bisect_left(self.offsets, offset)

    def offset(self, index: int) -> int:
        return self.offsets[index] if index < len(self.offsets) else self.end


def map_block(children: list[Inline], built: str, file_text: str, first_line: int,
              last_line: int, report: Report) -> BlockMap:
    """The segments of a block whose inlines are ``children``, printed as ``built``, written
    on lines ``first_line``–``last_line`` (1-based) of ``file_text``. Raises NoMap."""
    starts = _line_starts(file_text)
    if not 1 <= first_line <= last_line <= len(starts):
        raise NoMap("the block's lines are not in the file")
    region = (starts[first_line - 1],
              starts[last_line] - 1 if last_line < len(starts) else len(file_text))
    walker = _Walker(_Source(file_text, *region), report)
    walker.inlines(children)
    printed = "".join(walker.texts)
    if printed == built:
        prefix = 0
    elif built.endswith(printed):  # a footnote's mark, an annex's 'Bijlage 2' line
        prefix = len(built) - len(printed)
    else:
        raise NoMap("the printed text differs from what the source gives")
    segments = [Segment(0, prefix, region[0], region[0], "label")] if prefix else []
    for segment in walker.segments:
        segment.start += prefix
        segment.end += prefix
        segments.append(segment)
    for wrapper in walker.wrappers:
        wrapper.start += prefix
        wrapper.end += prefix
    return BlockMap(built, segments, walker.wrappers, region)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def line_of(file_text: str, offset: int) -> int:
    """The 1-based line of a file offset."""
    return file_text.count("\n", 0, offset) + 1


class _Walker:
    def __init__(self, source: _Source, report: Report):
        self.source = source
        self.report = report
        self.cursor = 0  # plain index
        self.printed = 0
        self.texts: list[str] = []
        self.segments: list[Segment] = []
        self.wrappers: list[Wrapper] = []

    def inlines(self, children: list[Inline]) -> None:
        for child in children:
            if isinstance(child, Text):
                self.text(child.text)
            elif isinstance(child, Code):
                self.text(child.text)
            elif isinstance(child, (Emphasis, LangSpan, Link)):
                self.wrapper(child)
            elif isinstance(child, (ValueRef, FigureRef)):
                self.atomic(child.text, "figure", re.compile(r"\{\{.*?\}\}", re.S))
            elif isinstance(child, TableRef):
                self.atomic(table_ref_text(child, self.report), "table reference",
                            re.compile(r"\[[^\]]*\]\(\s*#" + re.escape(child.table_id) +
                                       r"\s*\)"))
            elif isinstance(child, FootnoteRef):
                self.atomic("", "footnote call",
                            re.compile(r"\[\^" + re.escape(child.label) + r"\]"))
            elif isinstance(child, LineBreak):
                self.atomic("\n", "line break", re.compile(r"(\\| {2,})?\n"))
            elif isinstance(child, Image):
                self.atomic("", "image", re.compile(r"!\[[^\]]*\]\([^)]*\)"))

    def text(self, text: str) -> None:
        if not text:
            return
        wanted = text.translate(_PLAIN)
        found = self.source.plain.find(wanted, self.cursor)
        if found < 0:
            raise NoMap(f"'{text[:40]}' is not in the source")
        chars = self.source.offsets[found:found + len(wanted)]
        self._add(text, Segment(0, 0, chars[0], chars[-1] + 1, "", chars))
        self.cursor = found + len(wanted)

    def atomic(self, text: str, what: str, pattern: re.Pattern[str]) -> None:
        start = self.source.offset(self.cursor)
        match = pattern.search(self.source.text, start, self.source.end)
        if match is None:
            raise NoMap(f"the source of a {what} is not found")
        self._add(text, Segment(0, 0, match.start(), match.end(), what))
        self.cursor = self.source.index(match.end())

    def _add(self, text: str, segment: Segment) -> None:
        segment.start = self.printed
        segment.end = self.printed + len(text)
        self.printed = segment.end
        self.texts.append(text)
        self.segments.append(segment)

    def wrapper(self, child: Emphasis | LangSpan | Link) -> None:
        opening = self.source.offset(self.cursor)
        start, first = self.printed, len(self.segments)
        self.inlines(child.children)
        if len(self.segments) == first:
            return
        opening = min(opening, self.segments[first].src_start)
        closing = self._closing(child)
        self.wrappers.append(Wrapper(_opening(self.source.text, opening,
                                              self.segments[first].src_start),
                                     closing, start, self.printed))

    def _closing(self, child: Emphasis | LangSpan | Link) -> int:
        """Past the wrapper's closing markup: ``*``/``**``/``~~``, ``](…)``, ``>``, ``]{…}``."""
        text, end = self.source.text, self.source.end
        at = self.segments[-1].src_end
        if isinstance(child, Emphasis):
            marker = text[at:at + 1]
            while at < end and marker in "*_~" and marker and text[at] == marker:
                at += 1
            at = _attribute(text, at, end)
        elif isinstance(child, LangSpan):
            if text[at:at + 1] == "]":
                at = _attribute(text, at + 1, end)
        elif text[at:at + 2] == "](":
            depth, at = 0, at + 1
            while at < end:
                depth += {"(": 1, ")": -1}.get(text[at], 0)
                at += 1
                if depth == 0:
                    break
        elif text[at:at + 1] in (">", "]"):
            at += 1
        self.cursor = self.source.index(at)
        return at


def _attribute(text: str, at: int, end: int) -> int:
    """Past a ``{lang=en}`` right after ``at``."""
    if text[at:at + 1] == "{" and text[at:at + 2] != "{{":
        close = text.find("}", at, end)
        if close > 0:
            return close + 1
    return at


def _opening(text: str, lowest: int, first: int) -> int:
    """Where the opening markup before ``first`` starts: ``*``, ``**``, ``[``, ``<``."""
    at = first
    while at > lowest and text[at - 1] in "*_~[<":
        at -= 1
    return at
