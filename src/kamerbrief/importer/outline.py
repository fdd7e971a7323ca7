"""The document's outline: title page, chapters (split at level-1 headings), colophon.

A chapter starts at each paragraph of heading level 1: a Heading 1 style in any language, a
style based on it, or a paragraph with outline level 1. A chapter heading that starts with
"Bijlage N" (Annex, Appendix) makes an annex. What a kamerbrief build puts around the text
(the cover, the contents, the list of tables, the colophon) goes back into kamerbrief.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kamerbrief.importer.ir import (
    Block,
    Break,
    Grid,
    Hyperlink,
    Inline,
    Para,
    Picture,
    Span,
    inline_text,
)
from kamerbrief.importer.unmapped import Reporter

_ANNEX = re.compile(r"^(bijlage|annex|appendix|bijlagen)\s+([0-9]+|[IVXLC]+|[A-Z])\b\s*", re.IGNORECASE)
_ANNEX_SEPARATOR = re.compile(r"^[–—:.\-]?\s*")
_CONTENTS_TITLES = {"inhoud", "inhoudsopgave", "tabellen", "colofon", "contents",
                    "table of contents", "lijst van tabellen", "figuren"}
FRONT_TITLE = "Voorwerk"


@dataclass
class ChapterPart:
    title: list[Inline]  # the heading's inlines, an annex's "Bijlage N" taken off
    kind: str  # chapter | annex
    blocks: list[Block]
    heading: Para | None = None  # None for text before the first chapter heading

    @property
    def title_text(self) -> str:
        return " ".join(inline_text(self.title).split())


@dataclass
class Outline:
    title: str = ""
    subtitle: str = ""
    organisation: str = ""
    date_text: str = ""
    colophon: list[str] = field(default_factory=list)
    chapters: list[ChapterPart] = field(default_factory=list)


def outline(blocks: list[Block], reporter: Reporter) -> Outline:
    result = Outline()
    front: list[Block] = []
    cover: list[str] = []
    current: ChapterPart | None = None
    for block in blocks:
        if isinstance(block, Para) and _front_matter(block, result, cover, reporter):
            continue
        if isinstance(block, Grid) and not block.text() and not _has_picture(block):
            continue  # a decoration: the cover's ribbon, an empty layout table
        if isinstance(block, Para) and block.heading == 1 and not block.numbering:
            if not block.text():
                reporter.add(block.where, "an empty chapter heading is left out")
                continue
            kind, title = annex_title(block.inlines)
            current = ChapterPart(title, kind, [], block)
            result.chapters.append(current)
            continue
        (current.blocks if current is not None else front).append(block)
    if any(_content(block) for block in front):
        first = next(b for b in front if _content(b))
        reporter.add(first.where, f"text before the first chapter heading is kept in a chapter "
                     f"titled '{FRONT_TITLE}': give it a title of its own, or move it")
        result.chapters.insert(0, ChapterPart([Span(FRONT_TITLE)], "chapter", front))
    result.organisation = cover[0] if cover else ""
    result.date_text = cover[1] if len(cover) > 1 else ""
    for extra in cover[2:]:
        reporter.add("the title page", f"the line {extra!r} is not kept: kamerbrief builds the "
                     "title page from kamerbrief.toml")
    while result.colophon and not result.colophon[-1]:
        result.colophon.pop()
    return result


def _front_matter(para: Para, result: Outline, cover: list[str], reporter: Reporter) -> bool:
    """Paragraphs a kamerbrief build (or Word) puts around the text; True when taken."""
    role = para.role
    text = para.text()
    if para.in_toc or role == "toc" or role == "draft":
        return True
    if role == "toc_heading":
        if text.lower() not in _CONTENTS_TITLES and text:
            reporter.add(para.where, f"the heading {text!r} of a table of contents is left out")
        return True
    if role == "title" and not result.title:
        result.title = text
        return True
    if role == "subtitle" and not result.subtitle:
        result.subtitle = text
        return True
    if role == "cover":
        if text:
            cover.append(text)
        return True
    if role == "colophon":
        result.colophon.append(text)
        return True
    return False


def annex_title(inlines: list[Inline]) -> tuple[str, list[Inline]]:
    """('annex', title) for "Bijlage 1 – Financieel overzicht" or "Bijlage 1⏎Financieel
    overzicht"; ('chapter', inlines) otherwise. An annex needs a title after its number."""
    text = inline_text(inlines)
    match = _ANNEX.match(text.strip())
    if match is None:
        return "chapter", inlines
    rest = text.strip()[match.end():]
    separator = _ANNEX_SEPARATOR.match(rest)
    title_start = match.end() + (separator.end() if separator else 0)
    title = _drop_chars(inlines, len(text) - len(text.lstrip()) + title_start)
    if not inline_text(title).strip():
        return "chapter", inlines
    return "annex", title


def _drop_chars(inlines: list[Inline], count: int) -> list[Inline]:
    """The inlines without their first ``count`` characters of text (and leading breaks)."""
    out: list[Inline] = []
    for inline in inlines:
        if count <= 0:
            out.append(inline)
        elif isinstance(inline, Span):
            if len(inline.text) <= count:
                count -= len(inline.text)
            else:
                out.append(Span(inline.text[count:], inline.bold, inline.italic, inline.strike,
                                inline.lang))
                count = 0
        elif isinstance(inline, Break):
            count -= 1
        elif isinstance(inline, Hyperlink):
            length = len(inline_text(inline.children))
            if length <= count:
                count -= length
            else:
                out.append(Hyperlink(_drop_chars(inline.children, count), inline.url,
                                     inline.anchor))
                count = 0
    while out and (isinstance(out[0], Break) or (isinstance(out[0], Span) and
                                                 not out[0].text.strip())):
        out.pop(0)
    if out and isinstance(out[0], Span):
        first = out[0]
        out[0] = Span(first.text.lstrip(), first.bold, first.italic, first.strike, first.lang)
    return out


def _content(block: Block) -> bool:
    if isinstance(block, Grid):
        return bool(block.text()) or _has_picture(block)
    return bool(block.text()) or bool(block.boxes) or _has_picture(block)


def _has_picture(block: Block) -> bool:
    if isinstance(block, Para):
        return any(isinstance(inline, Picture) for inline in block.inlines)
    return any(_has_picture(inner) for row in block.rows for cell in row.cells
               for inner in cell.blocks)
