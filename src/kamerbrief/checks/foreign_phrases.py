"""English phrases in a Dutch report that are not marked as English (WCAG 2.1, 3.1.2).

A screen reader reads "best practices" in a Dutch voice unless the words say they are
English; Word and the PDF also hyphenate them as Dutch. The writer marks them
``*best practices*{lang=en}`` or ``[liaison officers]{lang=en}``.

The list is short on purpose: multi-word phrases that are English and that Dutch government
texts use as they stand. Single words that Dutch has taken in (team, online, taskforce,
hotspot, workshop) are Dutch by now, and need no marking.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Code, Inline, Report, SourceLocation, Text
from kamerbrief.walk import block_inlines, chapter_blocks, inline_languages

ENGLISH_PHRASES = (
    "best practices?", "good practices?", "lessons? learned", "liaison officers?",
    "high[- ]impact crimes?", "follow the money", "level playing field", "quick wins?",
    "proofs? of concept", "smart seals?", "money mules?", "state of the art", "early warning",
    "track records?", "safe havens?",
)
# Whole words only, and not part of a Dutch compound ("early warning-systeem").
_PHRASE = re.compile(r"(?<![\w-])(?:" + "|".join(p.replace(" ", r"\s+")
                                                 for p in ENGLISH_PHRASES) + r")(?![\w-])",
                     re.IGNORECASE)
_MARKED = "\x00"  # stands for words already marked with a language: no phrase spans it


def _pieces(children: list[Inline]) -> tuple[str, list[tuple[int, int]]]:
    """The unmarked text of a run of inlines, and (offset, line) of each piece."""
    text, lines = "", []
    for inline, lang in inline_languages(children):
        if isinstance(inline, Text):
            if lang:
                text += _MARKED
                continue
            if inline.line:
                lines.append((len(text), inline.line))
            text += inline.text
        elif isinstance(inline, Code):
            text += _MARKED
        elif not hasattr(inline, "children"):
            text += " "  # a quoted figure or a note call: never part of a phrase
    return text, lines


def check_english_phrases(report: Report) -> Iterator[Diagnostic]:
    """KB711: a common English phrase in an nl report, not marked with {lang=en}."""
    if not report.config.language.lower().startswith("nl"):
        return
    for chapter in report.chapters:
        for block in chapter_blocks(chapter):
            default = getattr(getattr(block, "location", None), "line", 0)
            for run in block_inlines(block):
                text, lines = _pieces(run)
                for match in _PHRASE.finditer(text):
                    line = next((n for start, n in reversed(lines) if start <= match.start()),
                                default)
                    words = " ".join(match.group(0).split())
                    yield Diagnostic(
                        "KB711", Severity.WARNING,
                        f"'{words}' is English: a screen reader reads it as Dutch",
                        SourceLocation(chapter.path, line),
                        hint=f"mark it: *{words}*{{lang=en}} in italics, or "
                             f"[{words}]{{lang=en}} as the words around it")
