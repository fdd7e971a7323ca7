"""Walking the document model: every block and inline in reading order, and the plain text
of inlines. The model's own vocabulary, used by readers, checks and renderers alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kamerbrief.model import (
    Block,
    Box,
    Chapter,
    Code,
    Emphasis,
    FigureRef,
    Heading,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    MarkdownTable,
    Paragraph,
    Quote,
    TableRef,
    Text,
    ValueRef,
)


def walk_blocks(blocks: list[Block]) -> Iterator[Block]:
    """Every block, depth first, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, (Box, Quote)):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)


def block_inlines(block: Block) -> list[list[Inline]]:
    if isinstance(block, (Paragraph, Heading)):
        return [block.children]
    if isinstance(block, Quote):
        return [block.attribution]
    if isinstance(block, Box):
        return [block.title_inlines]
    if isinstance(block, MarkdownTable):
        return block.header + [cell for row in block.rows for cell in row]
    return []


# Inlines that hold other inlines; a reader sees their children's text.
WRAPPERS = (Emphasis, LangSpan, Link)


def walk_inlines(children: list[Inline]) -> Iterator[Inline]:
    for child in children:
        yield child
        if isinstance(child, WRAPPERS):
            yield from walk_inlines(child.children)


def inline_languages(children: list[Inline], lang: str = "") -> Iterator[tuple[Inline, str]]:
    """Every inline with the language it is written in: the ``lang`` of the nearest marked
    ancestor (``*best practices*{lang=en}``), or ``lang`` ("": the report's own)."""
    for child in children:
        own = getattr(child, "lang", "") or lang
        yield child, own
        if isinstance(child, WRAPPERS):
            yield from inline_languages(child.children, own)


def chapter_blocks(chapter: Chapter, with_footnotes: bool = True) -> Iterator[Block]:
    """Every block of a chapter in reading order, nested ones included (footnotes last)."""
    yield from walk_blocks(chapter.blocks)
    if with_footnotes:
        for definition in chapter.footnotes.values():
            yield from walk_blocks(definition.blocks)


def chapter_inlines(chapter: Chapter, with_footnotes: bool = True) -> Iterator[Inline]:
    """Every inline of a chapter in reading order (footnote texts last)."""
    for block in chapter_blocks(chapter, with_footnotes):
        for run in block_inlines(block):
            yield from walk_inlines(run)


def title_heading(blocks: list[Block]) -> Heading | None:
    """A chapter's first top-level '# ' heading: it gives the chapter its title and anchor,
    and shows as the chapter title ('Bijlage N – …' for an annex) in every output."""
    return next((b for b in blocks if isinstance(b, Heading) and b.level == 1), None)


def plain_text(children: list[Inline], table_ref: Callable[[TableRef], str] | None = None) -> str:
    """The text a reader sees: emphasis and links unwrapped, quoted figures as resolved, note
    calls and images left out. ``table_ref`` phrases a table reference ("tabel 3") once the
    tables are numbered; without it (while reading) a reference contributes nothing."""
    return "".join(text for text, _ in language_runs(children, table_ref))


def language_runs(children: list[Inline], table_ref: Callable[[TableRef], str] | None = None,
                  lang: str = "") -> list[tuple[str, str]]:
    """``plain_text`` in pieces, each with the language it is written in ("" for the
    report's own): what a plain-text place (a contents line, a chapter title) needs to keep
    the ``lang`` of ``[Outlaw Motorcycle Gangs]{lang=en}``."""
    runs: list[tuple[str, str]] = []
    for child in children:
        if isinstance(child, (Text, Code, ValueRef, FigureRef)):
            runs.append((child.text, lang))
        elif isinstance(child, WRAPPERS):
            runs += language_runs(child.children, table_ref, getattr(child, "lang", "") or lang)
        elif isinstance(child, TableRef) and table_ref is not None:
            runs.append((table_ref(child), lang))
        elif isinstance(child, LineBreak):
            runs.append((" ", lang))
    return runs
