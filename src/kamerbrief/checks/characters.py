"""Characters the house font cannot print (KB740).

Fira Sans has Latin, Greek, Cyrillic and the usual signs (€, −, →, ≥), but no emoji, check
marks or boxes (🚀, ✓, ☐). WeasyPrint then takes the glyph from whatever font the building
machine has, or prints an empty box where none has it, so the PDF differs from machine to
machine or shows a hole. The font's own list of characters is packaged with its widths
(render/font_widths.py), so this costs nothing for a report in plain Latin text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from kamerbrief.checks.table_texts import table_texts
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation, Text
from kamerbrief.render.font_widths import prints
from kamerbrief.walk import chapter_inlines


def check_characters(report: Report) -> Iterator[Diagnostic]:
    """KB740 once per character per file, at its first line."""
    seen: set[tuple[str, str]] = set()
    for path, line, text in _texts(report):
        if text.isascii():
            continue
        for char in text:
            if char.isspace() or not char.isprintable() or (path, char) in seen or prints(char):
                continue
            seen.add((path, char))
            name = unicodedata.name(char, "").lower() or "unnamed"
            yield Diagnostic(
                "KB740", Severity.WARNING,
                f"'{char}' (U+{ord(char):04X}, {name}) is not in the house font: the PDF prints "
                "it in another font of the machine that builds it, or as an empty box",
                SourceLocation(path, line),
                hint="write it in words or with a character the font has (a dash, 'v', '→'); "
                     "a picture belongs in an image")


def _texts(report: Report) -> Iterator[tuple[str, int, str]]:
    """(file, line, text) of everything the PDF prints from the chapters and tables."""
    for chapter in report.chapters:
        line = 1
        for inline in chapter_inlines(chapter):
            if isinstance(inline, Text):
                line = inline.line or line
                yield chapter.path, line, inline.text
    for table in report.tables.values():
        if table.placed:
            for found in table_texts(table, report.root):
                yield found.location.path, found.location.line, found.text
