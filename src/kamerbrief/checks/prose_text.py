"""The running text of a chapter as prose checks read it: paragraph by paragraph, with the
source line of every piece, where the links are and which figures are quoted.

Checks search the text a reader sees, not the Markdown, so one place decides what that text
is: quoted figures and table references stand in as a space (never a word or a number typed
by the writer), emphasis and link texts are read through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kamerbrief.model import (
    Chapter,
    Code,
    Emphasis,
    FigureRef,
    Heading,
    Inline,
    LangSpan,
    Link,
    Paragraph,
    Text,
    ValueRef,
)
from kamerbrief.walk import chapter_blocks


@dataclass
class Span:
    """Plain text of a paragraph with where each piece came from."""

    text: str = ""
    links: list[tuple[int, int]] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)  # (offset, line) of each piece
    quotes: list[ValueRef | FigureRef] = field(default_factory=list)

    def line_at(self, offset: int, default: int) -> int:
        """The source line of the text at ``offset``."""
        return next((line for start, line in reversed(self.lines) if start <= offset), default)


def _add(children: list[Inline], span: Span) -> None:
    for child in children:
        start = len(span.text)
        if isinstance(child, (Text, Code)):
            if isinstance(child, Text) and child.line:
                span.lines.append((start, child.line))
            span.text += child.text
        elif isinstance(child, (Emphasis, LangSpan, Link)):
            _add(child.children, span)
            if isinstance(child, Link):
                span.links.append((start, len(span.text)))
        else:  # a quoted figure or table reference: text the reader sees, never the writer's
            if isinstance(child, (ValueRef, FigureRef)):
                span.quotes.append(child)
            span.text += " "


def span_of(children: list[Inline]) -> Span:
    span = Span()
    _add(children, span)
    return span


def paragraphs(chapter: Chapter, footnotes: bool = False
               ) -> Iterator[tuple[Paragraph | Heading, Span]]:
    """Every heading and paragraph (in lists, boxes and quotes too), in reading order; with
    ``footnotes``, the footnote texts after them."""
    for block in chapter_blocks(chapter, with_footnotes=footnotes):
        if isinstance(block, (Paragraph, Heading)):
            yield block, span_of(block.children)
