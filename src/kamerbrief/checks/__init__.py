"""Checks read the resolved model and yield findings; this module runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kamerbrief.checks import (
    footnotes,
    links,
    metadata,
    numbering,
    prose,
    references,
    sums,
)
from kamerbrief.codes import CODES
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report

Check = Callable[[Report], Iterable[Diagnostic]]

ALL_CHECKS: list[Check] = [
    sums.check_relations,
    numbering.check_numbering,
    references.check_references,
    footnotes.check_footnotes,
    links.check_links,
    metadata.check_metadata,
    prose.check_calls_to_action,
    prose.check_term_variants,
]


def run_checks(report: Report, reader_findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """All findings, with the project's severity overrides applied, sorted by place."""
    found = list(reader_findings)
    for check in ALL_CHECKS:
        found.extend(check(report))
    overrides = report.config.severity
    result = []
    for finding in found:
        info = CODES.get(finding.code)
        severity = overrides.get(finding.code, finding.severity if info is None
                                 or finding.severity is not info.severity else info.severity)
        if severity is Severity.OFF:
            continue
        result.append(finding if severity is finding.severity else finding.with_severity(severity))
    return sorted(result, key=Diagnostic.sort_key)
