"""Kamerstuk and official-publication citations written in another form than the house
style (KB720), or missing a part the form needs (KB721).

One report citing "Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113" and "TK 2022–2023,
24 077, nr. 513" reads as two house styles; Aanwijzing 3.43 gives one form,
"Kamerstukken II 2023/24, 28741, nr. 113". The finding gives the corrected text to paste.
"""

from __future__ import annotations

from collections.abc import Iterator

from kamerbrief.checks.prose_text import paragraphs
from kamerbrief.citations import find_citations
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation


def check_citations(report: Report) -> Iterator[Diagnostic]:
    """KB720 for a citation not in the configured form; KB721 for one that lacks a part."""
    style = report.config.citation_style
    for chapter in report.chapters:
        for block, span in paragraphs(chapter, footnotes=True):
            for citation in find_citations(span.text):
                location = SourceLocation(chapter.path,
                                          span.line_at(citation.start, block.location.line))
                written = citation.text.strip()
                canonical = citation.canonical(style)
                if canonical is None:
                    missing = " and ".join(citation.missing())
                    yield Diagnostic(
                        "KB721", Severity.WARNING,
                        f"citation '{written}' does not say its {missing}", location,
                        hint=f"add the {missing}, as in 'Kamerstukken II 2023/24, 28741, "
                             "nr. 113'; kamerbrief cannot know it")
                elif canonical != written:
                    yield Diagnostic(
                        "KB720", Severity.WARNING,
                        f"citation '{written}' is not in the report's form", location,
                        hint=f"write '{canonical}' (Aanwijzing 3.43; [citations] in "
                             "kamerbrief.toml sets the form)")
