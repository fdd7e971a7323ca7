"""Table metadata a reader needs: unit line, "Bron:", and notes for every mark."""

from __future__ import annotations

from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation
from kamerbrief.numbers import split_marks

SUPERSCRIPT_DIGITS = set("¹²³⁴⁵⁶⁷⁸⁹⁰")


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
