"""An imported table's arithmetic, found by the project's own table checks, declared in its
sidecar.

Row kinds come from the labels as the table reader reads them (SUBTOTAAL, TOTAAL, Totaal);
the relations package then says which rows and columns look like totals without being
checked, and which neighbours they add up to. For those the sidecar gets the declaration the
check itself suggests: ``shape = "budgettaire-gevolgen"`` for the Rijksbegroting's table,
``[[sums]]`` for a row that equals the rows next to it, ``column_rules`` for a column that
equals the columns before it. A declaration is kept only when it checks more and breaks
nothing; what stays unchecked is reported by ``check`` (KB120) after the import.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamerbrief.config import Vocabulary
from kamerbrief.diagnostics import Diagnostic
from kamerbrief.model import Row, RuleDeclaration, SumDeclaration, Table, TableMeta
from kamerbrief.numbers import split_marks
from kamerbrief.readers.records import RawCell
from kamerbrief.readers.tables import build_table
from kamerbrief.relations import table_relations
from kamerbrief.relations.coverage import sum_of_columns, sum_of_neighbours, table_coverage
from kamerbrief.relations.evaluate import evaluate
from kamerbrief.relations.rows import labels_text, select

BUDGET_SHAPE = "budgettaire-gevolgen"


@dataclass
class Structure:
    """What the sidecar declares beyond its defaults."""

    shape: str = ""
    sums: list[tuple[str, list[str]]] | None = None  # (total, parts)
    column_rules: list[str] | None = None


@dataclass
class _Score:
    unchecked: int
    failed: int
    problems: int

    def better_than(self, other: _Score) -> bool:
        return self.unchecked < other.unchecked and self.failed <= other.failed and \
            self.problems <= other.problems


def model_table(table_id: str, header: list[str], rows: list[list[str]], labels: int,
                text_columns: list[str]) -> Table:
    """The table as the project's reader will read it from the CSV."""
    meta = TableMeta(text_columns=list(text_columns), sidecar=f"tables/{table_id}.toml")
    table = Table(id=table_id, path=f"tables/{table_id}.csv", label_columns=[],
                  numeric_columns=[], rows=[], meta=meta)
    records = [(1, [RawCell(text) for text in header])]
    records += [(line, [RawCell(text) for text in row]) for line, row in enumerate(rows, start=2)]
    findings: list[Diagnostic] = []
    return build_table(table, records, labels, Vocabulary(), findings, "")


def _score(table: Table) -> tuple[_Score, list[Row], list[str]]:
    produced = table_relations(table)
    _findings, failed = evaluate(produced.relations)
    coverage, _warnings = table_coverage(table, produced.relations, failed, produced.acknowledged)
    unchecked = len(coverage.unchecked_rows) + len(coverage.unchecked_columns)
    return (_Score(unchecked, len(failed), len(produced.findings)), coverage.unchecked_rows,
            coverage.unchecked_columns)


def infer_structure(table: Table) -> Structure:
    structure = Structure()
    score, rows, columns = _score(table)
    if not rows and not columns:
        return structure
    words = {labels_text(row) for row in table.rows}
    if {"uitgaven", "ontvangsten"} <= words or {"verplichtingen", "uitgaven"} <= words:
        table.meta.shape = BUDGET_SHAPE
        shaped, rows_after, columns_after = _score(table)
        if shaped.better_than(score):
            structure.shape, score, rows, columns = BUDGET_SHAPE, shaped, rows_after, columns_after
        else:
            table.meta.shape = ""
    sums = []
    for row in rows:
        parts = sum_of_neighbours(row, table)
        names = [_address(r, table) for r in [row, *parts]]
        if parts and all(names):
            sums.append((names[0], names[1:]))
            table.meta.sums.append(SumDeclaration(names[0], names[1:], None, 0))
    if sums:
        summed, rows, columns = _score(table)
        if summed.better_than(score):
            structure.sums, score = sums, summed
        else:
            table.meta.sums.clear()
    rules = []
    for column in columns:
        run = sum_of_columns(table, column)
        if run:
            rules.append(f"`{column}` = som(`{run[0]}` .. `{run[-1]}`)")
            table.meta.column_rules.append(RuleDeclaration(rules[-1], 0))
    if rules:
        ruled, _rows, _columns = _score(table)
        if ruled.better_than(score):
            structure.column_rules = rules
        else:
            table.meta.column_rules.clear()
    return structure


def _address(row: Row, table: Table) -> str:
    """A label that names ``row`` alone in the table ('Groep > Rij' where the label repeats);
    '' when there is none."""
    label = split_marks(row.label)[0].strip()
    candidates = [label]
    if row.group:
        candidates.append(f"{split_marks(row.group)[0].strip()} > {label}")
    for candidate in candidates:
        if "*" not in candidate and select(table, candidate) == [row]:
            return candidate
    return ""
