"""Checks read the resolved model and yield findings; this module runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kamerbrief.checks import (
    characters,
    citations,
    figures,
    footnotes,
    foreign_phrases,
    links,
    metadata,
    notation,
    numbering,
    prose,
    references,
    spelling,
    sums,
    table_fit,
)
from kamerbrief.codes import CODES
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation

Check = Callable[[Report], Iterable[Diagnostic]]

ALL_CHECKS: list[Check] = [
    sums.check_relations,
    notation.check_notation,
    numbering.check_numbering,
    table_fit.check_table_fit,
    references.check_references,
    footnotes.check_footnotes,
    links.check_links,
    metadata.check_metadata,
    prose.check_calls_to_action,
    prose.check_term_variants,
    foreign_phrases.check_english_phrases,
    figures.check_typed_figures,
    citations.check_citations,
    spelling.check_spelling,
    characters.check_characters,
]


def run_checks(report: Report, reader_findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """All findings, with the project's severity overrides applied, sorted by place."""
    found = list(reader_findings)
    for check in ALL_CHECKS:
        found.extend(check(report))
    found = _without_ignored(report, found)
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


def _without_ignored(report: Report, found: list[Diagnostic]) -> list[Diagnostic]:
    """Drop what a line's {{negeer KB…}} silences; report a silencer with nothing to silence."""
    ignored = {(chapter.path, line): codes for chapter in report.chapters
               for line, codes in chapter.ignored.items()}
    if not ignored:
        return found
    used: set[tuple[str, int, str]] = set()
    kept = []
    for finding in found:
        key = (finding.location.path, finding.location.line)
        if finding.code in ignored.get(key, ()):
            used.add((*key, finding.code))
        else:
            kept.append(finding)
    for (path, line), codes in sorted(ignored.items()):
        for code in sorted(codes - {c for p, n, c in used if (p, n) == (path, line)}):
            what = ("is not a finding code" if code not in CODES else
                    "has no such finding on this line")
            kept.append(Diagnostic("KB506", Severity.WARNING,
                                   f"{{{{negeer {code}}}}}: {code} {what}",
                                   SourceLocation(path, line),
                                   hint="remove the {{negeer …}}, or correct the code in it"))
    return kept
