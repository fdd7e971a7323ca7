"""Where each check finding goes on the preview page: the view-model the templates read.

Kept apart from the HTML and the server so the placement rules (above the table, before the
paragraph, else in the panel) can be read and tested without either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Block, Report, Row, Table
from kamerbrief.walk import walk_blocks


@dataclass(frozen=True)
class FindingNote:
    """One finding as the preview templates show it; ``id`` marks it in the page."""

    id: int
    code: str
    severity: str
    message: str
    where: str
    hint: str
    path: str
    line: int
    column: str

    @classmethod
    def of(cls, index: int, finding: Diagnostic) -> FindingNote:
        loc = finding.location
        return cls(index, finding.code, finding.severity.value, finding.message, str(loc),
                   finding.hint, loc.path, loc.line, loc.column)


class PreviewFindings:
    """The ``findings`` the templates take in preview mode: which note goes where.

    A finding in a table file or its sidecar goes above that table (its row and cell are
    outlined); a finding in a chapter goes before the block at or above its source line;
    every other finding, or one whose place the page does not show, goes into ``panel``.
    """

    def __init__(self, report: Report, findings: Iterable[Diagnostic],
                 to_panel: Iterable[int] = ()):
        self.notes = [FindingNote.of(i, f) for i, f in enumerate(findings)]
        forced = set(to_panel)
        self.panel: list[FindingNote] = []
        self._tables: dict[str, list[FindingNote]] = {}
        self._blocks: dict[int, list[FindingNote]] = {}
        self._rows: dict[tuple[str, int], str] = {}
        self._cells: dict[tuple[str, int, str], str] = {}
        self._keep: list[Block] = []  # the blocks keyed by id() stay alive while we exist
        table_of_file: dict[str, Table] = {}
        placed = {placement.table_id for _, placement in report.placements}
        for table in report.tables.values():
            if table.id in placed:
                table_of_file[table.path] = table
                if table.meta.sidecar:
                    table_of_file[table.meta.sidecar] = table
        chapters = {chapter.path: chapter for chapter in report.chapters}
        for note in self.notes:
            if note.id in forced:
                self.panel.append(note)
            elif note.path in table_of_file:
                self._place_in_table(table_of_file[note.path], note)
            elif note.path in chapters and (block := self._block_at(chapters[note.path].blocks,
                                                                    note.line)) is not None:
                self._blocks.setdefault(id(block), []).append(note)
                self._keep.append(block)
            else:
                self.panel.append(note)

    def _place_in_table(self, table: Table, note: FindingNote) -> None:
        self._tables.setdefault(table.id, []).append(note)
        if note.path != table.path or not note.line:
            return
        for row in table.rows:
            if row.line == note.line:
                key = (table.id, row.line)
                self._rows[key] = _worse(self._rows.get(key, ""), note.severity)
                if note.column in row.cells:
                    ckey = (table.id, row.line, note.column)
                    self._cells[ckey] = _worse(self._cells.get(ckey, ""), note.severity)

    @staticmethod
    def _block_at(blocks: list[Block], line: int) -> Block | None:
        """The last block, in reading order, that starts at or above ``line``."""
        found = None
        if line <= 0:
            return None
        for block in walk_blocks(blocks):
            start = block.location.line
            if 0 < start <= line:
                found = block
        return found

    # -- what the templates ask

    def block(self, block: Block) -> list[FindingNote]:
        return self._blocks.get(id(block), [])

    def table(self, table: Table) -> list[FindingNote]:
        return self._tables.get(table.id, [])

    def row_class(self, table: Table, row: Row) -> str:
        severity = self._rows.get((table.id, row.line), "")
        return f" kb-finding-row kb-{severity}" if severity else ""

    def cell_class(self, table: Table, row: Row, column: str) -> str:
        severity = self._cells.get((table.id, row.line, column), "")
        return f" kb-finding-cell kb-{severity}" if severity else ""

    def summary(self) -> str:
        return summary(self.notes)


def summary(findings: Iterable[Diagnostic | FindingNote]) -> str:
    """'2 errors, 1 warning' or 'no findings'."""
    severities = [str(getattr(f.severity, "value", f.severity)) for f in findings]
    if not severities:
        return "no findings"
    return (f"{_count(severities.count(Severity.ERROR.value), 'error')}, "
            f"{_count(severities.count(Severity.WARNING.value), 'warning')}")


def marker(note: FindingNote) -> str:
    """The attribute that marks a note in the page: how the page is searched for it."""
    return f'data-finding="{note.id}"'


def _worse(a: str, b: str) -> str:
    return Severity.ERROR.value if Severity.ERROR.value in (a, b) else (a or b)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
