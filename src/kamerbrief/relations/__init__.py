"""A report's table arithmetic as one list of relations, checked by one evaluator.

Producers, in order: what the sidecar declares (sums, row rules), what the table shows by
itself (its named shape, its numbering, its breakdowns, formulas in column headers), the
default SUBTOTAAL/TOTAAL rows for what is left, column rules, and cross-table equalities.
A row that one producer sums is left alone by the later ones, so nothing is summed twice.
"""

from __future__ import annotations

from kamerbrief.model import Report, Table
from kamerbrief.relations.coverage import table_coverage
from kamerbrief.relations.declared import column_rules, declared_sums, equalities, row_rules
from kamerbrief.relations.defaults import default_relations
from kamerbrief.relations.evaluate import evaluate
from kamerbrief.relations.inferred import (
    breakdowns,
    budgettaire_gevolgen,
    header_formulas,
    numbering,
)
from kamerbrief.relations.model import Analysis, Produced

__all__ = ["Analysis", "analyse", "table_relations"]


def table_relations(table: Table, report: Report | None = None) -> Produced:
    """Every relation one table states, and the findings its declarations gave."""
    produced, claimed = declared_sums(table)
    rules, ruled = row_rules(table)
    produced.extend(rules)
    claimed |= ruled
    numbered, summed = numbering(table, claimed)
    produced.extend(numbered)
    claimed |= summed
    if table.meta.shape == "budgettaire-gevolgen":
        shaped, summed = budgettaire_gevolgen(table, claimed)
        produced.extend(shaped)
        claimed |= summed
    produced.extend(breakdowns(table))
    produced.extend(header_formulas(table))
    produced.extend(default_relations(table, claimed))
    produced.extend(column_rules(table))
    if report is not None:
        produced.extend(equalities(table, report))
    return produced


def analyse(report: Report) -> Analysis:
    """Relations of every table, the findings of checking them, and what was left unchecked."""
    everything = Produced()
    per_table: dict[str, Produced] = {}
    for table in report.tables.values():
        per_table[table.id] = table_relations(table, report)
        everything.extend(per_table[table.id])
    findings, failed = evaluate(everything.relations)
    findings = everything.findings + findings
    coverage = {}
    for table in report.tables.values():
        coverage[table.id], warnings = table_coverage(
            table, per_table[table.id].relations, failed, per_table[table.id].acknowledged)
        findings += warnings
    return Analysis(everything.relations, findings, coverage)
