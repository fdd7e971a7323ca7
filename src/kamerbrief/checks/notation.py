"""Numbers written in two notations in one table (KB123).

A table is read in Dutch notation: ``1.234`` is one thousand two hundred and thirty-four,
``12,5`` twelve and a half. A plain ``2.5`` can only be a decimal point, so it is read as
two and a half. A table exported by an English Excel holds both ``2.5`` and ``1.234``, and
then ``1.234`` is most likely 1,234 (one point two three four) read a thousand times too
large. Nothing else can tell the two readings apart, so such a table is an error until its
numbers are written one way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Cell, Report
from kamerbrief.numbers import split_marks

# "1.234": one dot before three digits, and nothing else (Dutch thousands, or a decimal).
_AMBIGUOUS = re.compile(r"\d{1,3}\.\d{3}")
# "2.5", "12.75", "1234.5", "0.1234": a dot that can only be a decimal point.
_DECIMAL_POINT = re.compile(r"\d+\.\d+")


def _bare(cell: Cell) -> str:
    """The cell's number as typed: no marks, sign, brackets or spaces."""
    text = split_marks(cell.text)[0].replace("\u00a0", "").replace(" ", "")
    return text.strip("()").lstrip("-−–+")


def check_notation(report: Report) -> Iterator[Diagnostic]:
    for table in report.tables.values():
        if not table.placed or table.path.lower().endswith(".xlsx"):
            continue  # a workbook's number cells are numbers, not text to read
        cells = [cell for row in table.rows for cell in row.cells.values()
                 if cell.value is not None]
        points = [cell for cell in cells if _DECIMAL_POINT.fullmatch(_bare(cell))
                  and not _AMBIGUOUS.fullmatch(_bare(cell))]
        if not points:
            continue
        example = points[0]
        for cell in (c for c in cells if _AMBIGUOUS.fullmatch(_bare(c))):
            yield Diagnostic(
                "KB123", Severity.ERROR,
                f"'{cell.text.strip()}' reads as {_bare(cell).replace('.', '')} in Dutch "
                f"notation, but this table writes a decimal point elsewhere "
                f"('{example.text.strip()}', line {example.location.line}): in English "
                f"notation it is {_bare(cell)}, a thousand times smaller",
                cell.location,
                hint="write every number of the table one way: Dutch (1.234 and 2,5; export "
                     "from Excel with Dutch settings) or plain (1234 and 2.5)")
