"""Table metadata a reader needs: unit line, "Bron:", notes for every mark, and texts that
print as the writer meant them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation, Table
from kamerbrief.numbers import split_marks

SUPERSCRIPT_DIGITS = set("¹²³⁴⁵⁶⁷⁸⁹⁰")
# Markdown a writer carries over from a chapter into a sidecar, where texts print as typed:
# *emphasis*, **strong**, _emphasis_, [text](link), [words]{lang=en}, {{waarde …}}, `code`.
# A lone mark ("2023*", "* voorlopig") is no emphasis.
_MARKUP = re.compile(
    r"(?<![\w*])\*{1,2}[^\s*][^*]*?(?<=\S)\*{1,2}(?![\w*])"
    r"|(?<![\w_])_[^\s_][^_]*?(?<=\S)_(?![\w_])"
    r"|\[[^\]]+\][({][^)}]*[)}]|\{\{.*?\}\}|`[^`]+`")


def _marks(text: str, notes: dict[str, str]) -> list[str]:
    """The marks in a cell's trailing text: a whole run is one mark when a note has it ("**",
    "¹⁰", footnote 10), otherwise each character is one ("*¹" is two marks)."""
    if not text:
        return []
    if text in notes or len(text) > 1 and (set(text) <= SUPERSCRIPT_DIGITS or set(text) == {"*"}):
        return [text]
    return list(text)


def check_metadata(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        if not table.placed:
            continue
        where = SourceLocation(table.meta.sidecar or table.path, 1)
        if not table.meta.unit:
            yield Diagnostic("KB601", Severity.WARNING, f"table '{table.id}' has no unit line",
                             where, hint="add unit = \"in 1.000 euro\" (or the right unit)")
        if not table.meta.source:
            yield Diagnostic("KB602", Severity.WARNING, f"table '{table.id}' has no source",
                             where, hint="add source = \"…\" for the 'Bron:' line")
        yield from _markup(table)
        used = {mark for column in table.columns for mark in _marks(split_marks(column)[1],
                                                                    table.meta.notes)}
        for row in table.rows:
            found = [split_marks(label)[1] for label in row.labels]
            found += [cell.marks for cell in row.cells.values()]
            for mark in dict.fromkeys(m for text in found for m in _marks(text, table.meta.notes)):
                used.add(mark)
                if mark in table.meta.notes:
                    continue
                if mark in SUPERSCRIPT_DIGITS:
                    yield Diagnostic("KB301", Severity.ERROR,
                                     f"footnote mark '{mark}' in '{row.label}' has no text",
                                     SourceLocation(table.path, row.line, row.label),
                                     hint=f"add [notes] \"{mark}\" = \"…\" to the sidecar, "
                                     "or remove the mark")
                else:
                    yield Diagnostic("KB117", Severity.WARNING,
                                     f"mark '{mark}' in '{row.label}' has no note",
                                     SourceLocation(table.path, row.line, row.label),
                                     hint=f"add [notes] \"{mark}\" = \"…\" to the sidecar")
        for mark in table.meta.notes:
            if mark not in used:
                yield Diagnostic("KB117", Severity.WARNING,
                                 f"note '{mark}' is never used in table '{table.id}'", where,
                                 hint=f"put '{mark}' after the label it explains")


def _markup(table: Table) -> Iterator[Diagnostic]:
    """KB603: Markdown in a caption, unit, source or note, which every output would print
    with its asterisks, brackets and braces."""
    meta = table.meta
    texts = [("caption", meta.caption), ("unit", meta.unit), ("source", meta.source)]
    texts += [("notes", note) for note in meta.notes.values()]
    for key, text in texts:
        match = _MARKUP.search(text)
        if match is None:
            continue
        yield Diagnostic(
            "KB603", Severity.WARNING,
            f"the {key} of table '{table.id}' holds Markdown, '{match.group()}': a sidecar's "
            "texts print as typed", SourceLocation(meta.sidecar or table.path,
                                                   meta.lines.get(key, 1)),
            hint="write the words without the markup; a figure or words in another language "
                 "are quoted or marked in the chapter text, not in the sidecar")
