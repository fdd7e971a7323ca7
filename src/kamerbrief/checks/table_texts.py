"""The texts a table prints, each with where it stands: what the prose-like checks
(spelling, characters the font lacks) read of a table, decided once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kamerbrief.model import SourceLocation, Table


@dataclass(frozen=True)
class TableText:
    text: str
    location: SourceLocation  # file and line; for a header, label or cell its row and column


def _mark_line(source: str, mark: str, default: int) -> int:
    """The line of a note ``"*" = "…"`` in a sidecar's text."""
    match = re.search(rf"^[ \t]*([\"']?){re.escape(mark)}\1[ \t]*=", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else default


def table_texts(table: Table, root: Path) -> Iterator[TableText]:
    """Caption, unit, source line, notes and header groups (from the sidecar), column headers,
    row and group labels, and the cells of text columns."""
    meta = table.meta
    sidecar = meta.sidecar or table.path
    for key, text in (("caption", meta.caption), ("unit", meta.unit), ("source", meta.source)):
        if text:
            yield TableText(text, SourceLocation(sidecar, meta.lines.get(key, 0)))
    if meta.notes:
        try:
            source = (root / sidecar).read_text(encoding="utf-8-sig")
        except (OSError, ValueError):
            source = ""
        for mark, note in meta.notes.items():
            line = _mark_line(source, mark, meta.lines.get("notes", 0))
            yield TableText(note, SourceLocation(sidecar, line))
    for group in meta.header_groups:
        yield TableText(group.title, SourceLocation(sidecar, meta.lines.get("header_groups", 0)))
    for column in table.columns:
        yield TableText(column, SourceLocation(table.path, table.header_line, "", column))
    for row in table.rows:
        for column, label in zip(table.label_columns, row.labels, strict=False):
            if label:
                yield TableText(label, SourceLocation(table.path, row.line, row.label, column))
        for column in meta.text_columns:
            cell = row.cells.get(column)
            if cell is not None and cell.text:
                yield TableText(cell.text, SourceLocation(cell.location.path, cell.location.line,
                                                          row.label, column))
