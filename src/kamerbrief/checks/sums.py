"""Table arithmetic: every sum, rule and cross-table equality a table states or shows.

The relations module decides what the arithmetic is and checks it; this module only hands
its findings to the check runner.
"""

from __future__ import annotations

from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic
from kamerbrief.model import Report, Table
from kamerbrief.relations import analyse, table_relations
from kamerbrief.relations.evaluate import evaluate


def check_relations(report: Report) -> Iterator[Diagnostic]:
    yield from analyse(report).findings


def check_table_totals(table: Table) -> Iterator[Diagnostic]:
    """One table's own arithmetic (no cross-table equalities), for a table read on its own."""
    produced = table_relations(table)
    yield from produced.findings
    yield from evaluate(produced.relations)[0]
