"""Table numbering: captions, tables never placed, hand-written "Tabel N" in prose."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Link, Report, SourceLocation, Text
from kamerbrief.walk import chapter_inlines


def check_numbering(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        if not table.placed:
            yield Diagnostic("KB203", Severity.WARNING,
                             f"table '{table.id}' is never placed in a chapter",
                             SourceLocation(table.path, 1),
                             hint=f"place it with {{{{tabel {table.id}}}}}, or remove the file")
        elif not table.meta.caption and table.number:  # an unnumbered table may go without
            yield Diagnostic("KB206", Severity.ERROR,
                             f"table '{table.id}' (tabel {table.number}) has no caption",
                             SourceLocation(table.meta.sidecar or table.path, 1),
                             hint=f"add caption = \"…\" to tables/{table.id}.toml")
    word = report.config.vocabulary.table
    pattern = re.compile(rf"\b{re.escape(word)}\s+(\d+)\b", re.IGNORECASE)
    by_number = {t.number: t for t in report.tables.values() if t.number}
    for chapter in report.chapters:
        linked: set[int] = set()
        for inline in chapter_inlines(chapter):
            if isinstance(inline, Link):
                linked.update(id(c) for c in inline.children)
            if not isinstance(inline, Text) or id(inline) in linked:
                continue
            for match in pattern.finditer(inline.text):
                number = int(match.group(1))
                loc = SourceLocation(chapter.path, inline.line)
                numbered = by_number.get(number)
                if numbered is None:
                    yield Diagnostic("KB204", Severity.ERROR,
                                     f"'{match.group(0)}' in the text, but there is no "
                                     f"{word.lower()} {number}", loc,
                                     hint="refer with [tabel](#id) so the number is computed")
                else:
                    yield Diagnostic("KB205", Severity.WARNING,
                                     f"hand-written '{match.group(0)}' (now '{numbered.id}')", loc,
                                     hint=f"write [{word.lower()}](#{numbered.id}) so the number "
                                     "follows the table")
