"""Cross-references: [tabel](#id) and #anchor links must land, and annexes be linked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Link, Report, SourceLocation, TableRef, Text
from kamerbrief.walk import chapter_inlines

_ANNEX_TEXT = re.compile(r"\(?\bzie\s+(de\s+)?bijlage\b\)?", re.IGNORECASE)


def check_references(report: Report) -> Iterator[Diagnostic]:
    anchors = set(report.anchors) | {c.anchor for c in report.chapters}
    for chapter in report.chapters:
        linked: set[int] = set()
        for inline in chapter_inlines(chapter):
            if isinstance(inline, TableRef) and inline.table_id not in report.tables:
                yield Diagnostic("KB202", Severity.ERROR,
                                 f"reference to unknown table '{inline.table_id}'",
                                 inline.location,
                                 hint=f"table ids: {', '.join(sorted(report.tables)) or 'none'}")
            elif isinstance(inline, TableRef) and not report.tables[inline.table_id].placed:
                yield Diagnostic("KB202", Severity.ERROR,
                                 f"reference to table '{inline.table_id}', which is not placed",
                                 inline.location, hint=f"place it with {{{{tabel {inline.table_id}}}}}")
            elif isinstance(inline, TableRef) and not report.tables[inline.table_id].number:
                yield Diagnostic("KB209", Severity.ERROR,
                                 f"[{_word(report, inline)}](#{inline.table_id}) needs a table "
                                 f"number, but table '{inline.table_id}' has numbered = false",
                                 inline.location,
                                 hint=f"link with words of your own ([de tabel hieronder]"
                                 f"(#{inline.table_id})), or remove numbered = false from "
                                 f"tables/{inline.table_id}.toml")
            elif isinstance(inline, Link):
                linked.update(id(c) for c in inline.children)
                target = inline.target
                if target.startswith("#") and len(target) > 1 and target[1:] not in anchors \
                        and target[1:] not in report.tables:
                    yield Diagnostic("KB202", Severity.ERROR,
                                     f"link to '{target}', which is no heading or table",
                                     inline.location, hint="use a heading id or a table id")
            elif isinstance(inline, Text) and id(inline) not in linked:
                for match in _ANNEX_TEXT.finditer(inline.text):
                    yield Diagnostic("KB208", Severity.WARNING,
                                     f"'{match.group(0)}' points at no annex",
                                     SourceLocation(chapter.path, inline.line),
                                     hint="link it: [bijlage](#anchor-of-the-annex)")


def _word(report: Report, ref: TableRef) -> str:
    word = report.config.vocabulary.table
    return word if ref.capital else word.lower()
