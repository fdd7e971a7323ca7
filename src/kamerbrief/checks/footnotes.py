"""Footnotes: every reference has a text, every text is referenced."""

from __future__ import annotations

from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import FootnoteRef, Report
from kamerbrief.walk import chapter_inlines


def check_footnotes(report: Report) -> Iterator[Diagnostic]:
    for chapter in report.chapters:
        used: set[str] = set()
        for inline in chapter_inlines(chapter, with_footnotes=False):
            if not isinstance(inline, FootnoteRef):
                continue
            used.add(inline.label)
            if inline.label not in chapter.footnotes:
                yield Diagnostic("KB301", Severity.ERROR,
                                 f"footnote [^{inline.label}] has no text", inline.location,
                                 hint=f"add '[^{inline.label}]: …' to {chapter.path}")
        for label, definition in chapter.footnotes.items():
            if label not in used:
                yield Diagnostic("KB302", Severity.WARNING,
                                 f"footnote [^{label}] is defined but never referenced",
                                 definition.location,
                                 hint=f"add [^{label}] in the text, or remove the definition")
