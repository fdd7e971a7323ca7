"""Rows as a reader finds them, before a table's columns are known: shared by the CSV and
Excel readers, so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class RawCell:
    """One cell as a reader found it, before the table's columns are known.

    A CSV gives text only; a workbook also gives the number Excel stores (used as is, not
    parsed), the cell's name as Excel shows it, and a problem the reader saw in the cell
    (code, message, hint), such as a formula without a computed value.
    """

    text: str
    number: Decimal | None = None
    name: str = ""
    problem: tuple[str, str, str] | None = None

    @property
    def is_blank(self) -> bool:
        return not self.text and self.number is None and self.problem is None


# A record is one non-blank row of the source: its 1-based line (CSV) or sheet row (Excel),
# and its cells from the first column on.
Record = tuple[int, list[RawCell]]


@dataclass
class WorkbookOptions:
    """The sidecar keys that only an Excel table has, with their sidecar lines for findings."""

    sheet: str = ""  # "" = the first sheet
    range: str = ""  # "" = the used range
    decimals: int | None = None  # None = the fewest decimals that show the stored number
    sidecar: str = ""
    sheet_line: int = 0
    range_line: int = 0
