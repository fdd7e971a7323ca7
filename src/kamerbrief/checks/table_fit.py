"""Tables no page can hold (KB121), found before the build refuses them.

The measure is the layout's own (render/table_layout.py, with the house font's packaged
advance widths), so ``check`` and ``build`` cannot disagree about a table; it parses no
font, so ``check`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation
from kamerbrief.render.table_layout import too_wide


def check_table_fit(report: Report) -> Iterator[Diagnostic]:
    for problem in too_wide(report):
        table = problem.table
        yield Diagnostic("KB121", Severity.ERROR, f"table '{table.id}' {problem.problem}",
                         SourceLocation(table.path, table.header_line), hint=problem.fix)
