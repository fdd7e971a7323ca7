"""What a table's arithmetic is made of: cells (operands) and relations between them.

Every way a table states its arithmetic (a SUBTOTAAL row, a declared sum, a numbering
hierarchy, a rule between rows or columns, a cross-table equality) produces Relations; one
evaluator checks them all with one rounding rule (kamerbrief.intervals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kamerbrief.diagnostics import Diagnostic
from kamerbrief.formula import Expr
from kamerbrief.model import Cell, Row, SourceLocation, Table


@dataclass(frozen=True, eq=False)
class Operand:
    """One printed cell of one table."""

    table: Table
    row: Row
    column: str

    @property
    def cell(self) -> Cell:
        return self.row.cells[self.column]

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.table.id, self.row.index, self.column)


@dataclass(eq=False)
class Relation:
    """``target`` = ``expr`` (or, for a breakdown, ``expr`` at most ``target``).

    ``words`` is the relation as a writer reads it ("Uitgaven = 4.1 + 4.2 + 4.3"); ``parts``
    the rows of a sum, for "sum of 3 rows, lines 5–7"; ``what`` leads the message.
    """

    code: str
    target: Operand
    expr: Expr
    words: str
    what: str
    hint: str
    rounding: bool = False
    kind: str = "="  # "=" or "<=" (a breakdown: the parts together at most the target)
    parts: list[Row] = field(default_factory=list)


@dataclass
class TableCoverage:
    """What was checked in one table, and what looks like arithmetic but was not."""

    relations: int = 0
    failed: int = 0
    unchecked_rows: list[Row] = field(default_factory=list)  # look like totals, no relation
    unchecked_columns: list[str] = field(default_factory=list)
    acknowledged: list[tuple[Row, str]] = field(default_factory=list)  # not arithmetic, and why


@dataclass
class Analysis:
    """The relations of a report, the findings their evaluation gave, and per-table coverage."""

    relations: list[Relation]
    findings: list[Diagnostic]
    coverage: dict[str, TableCoverage]


@dataclass
class Produced:
    """What one producer found in a table: relations, structural findings, acknowledged rows."""

    relations: list[Relation] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    acknowledged: list[tuple[Row, str]] = field(default_factory=list)

    def extend(self, other: Produced) -> None:
        self.relations.extend(other.relations)
        self.findings.extend(other.findings)
        self.acknowledged.extend(other.acknowledged)


def sidecar_location(table: Table, line: int) -> SourceLocation:
    return SourceLocation(table.meta.sidecar or table.path, line)
