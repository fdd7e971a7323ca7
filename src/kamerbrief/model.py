"""The document model: one tree that readers build once and checks and renderers only read.

Every element carries a SourceLocation, so any finding can point at file, line and cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader imports this module; the model only names the type
    from kamerbrief.config import Config


@dataclass(frozen=True)
class SourceLocation:
    """File (relative to the project root), 1-based line, and for cells the row and column.

    A cell of an Excel table also has ``cell``, the name Excel shows (``Blad1!C7``); its
    ``line`` is the 1-based sheet row.
    """

    path: str
    line: int = 0
    row: str = ""
    column: str = ""
    cell: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}" if self.line else self.path
        if self.cell:
            return f"{text} [{self.cell}]"
        if self.row or self.column:
            text += f" [{self.row} / {self.column}]" if self.row else f" [{self.column}]"
        return text


# ---------------------------------------------------------------- inlines


@dataclass
class Text:
    text: str
    line: int = 0  # source line, so prose checks can point at it


@dataclass
class Emphasis:
    children: list[Inline]
    strong: bool = False
    # ``*best practices*{lang=en}``: the words are in another language (a BCP 47 tag), so a
    # screen reader pronounces them in it and hyphenation and spelling follow it; "" is the
    # report's own language.
    lang: str = ""
    struck: bool = False  # ``~~words~~``: printed struck through, never as emphasis


@dataclass
class LangSpan:
    """``[liaison officers]{lang=en}``: words in another language, printed as the words
    around them; ``lang`` as on Emphasis."""

    children: list[Inline]
    lang: str


@dataclass
class Code:
    text: str


@dataclass
class LineBreak:
    pass


@dataclass
class Link:
    target: str
    children: list[Inline]
    location: SourceLocation


@dataclass
class Image:
    src: str
    alt: str
    location: SourceLocation


@dataclass
class FootnoteRef:
    """A ``[^label]`` in the text; ``number`` is filled in by resolve (document order)."""

    label: str
    chapter: str
    location: SourceLocation
    number: int = 0


@dataclass
class TableRef:
    """``[tabel](#id)``: rendered as "tabel N"; ``capital`` keeps the writer's "Tabel"."""

    table_id: str
    capital: bool
    location: SourceLocation


@dataclass
class ValueRef:
    """``{{waarde id | row | column | format}}``: a table cell quoted in prose."""

    table_id: str
    row: str
    column: str
    fmt: str
    location: SourceLocation
    text: str = ""  # resolved rendering; empty until resolved


@dataclass
class FigureRef:
    """``{{reken expression | format}}``: a figure computed from table cells (figures.py)."""

    expression: str  # as written, for messages and the HTML title
    location: SourceLocation
    text: str = ""  # resolved rendering; empty until resolved


Inline = (Text | Emphasis | LangSpan | Code | LineBreak | Link | Image | FootnoteRef | TableRef
          | ValueRef | FigureRef)


# ---------------------------------------------------------------- blocks


@dataclass
class Heading:
    level: int
    children: list[Inline]
    anchor: str
    location: SourceLocation


@dataclass
class Paragraph:
    children: list[Inline]
    location: SourceLocation


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    location: SourceLocation
    start: int = 1


@dataclass
class Quote:
    blocks: list[Block]
    attribution: list[Inline]
    location: SourceLocation


@dataclass
class Box:
    kind: str
    title: str  # as plain text
    blocks: list[Block]
    location: SourceLocation
    # the title as written: "Over de *mainports*{lang=en}" keeps its emphasis and language
    title_inlines: list[Inline] = field(default_factory=list)


@dataclass
class TablePlacement:
    table_id: str
    location: SourceLocation


@dataclass
class MarkdownTable:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    aligns: list[str]
    location: SourceLocation


@dataclass
class CodeBlock:
    text: str
    location: SourceLocation


@dataclass
class Rule:
    location: SourceLocation


Block = (
    Heading | Paragraph | ListBlock | Quote | Box | TablePlacement | MarkdownTable | CodeBlock | Rule
)


@dataclass
class FootnoteDef:
    label: str
    blocks: list[Block]
    location: SourceLocation
    number: int = 0


@dataclass
class Chapter:
    path: str
    title: str
    kind: str  # "chapter" | "annex"
    running_header: str
    anchor: str
    blocks: list[Block]
    footnotes: dict[str, FootnoteDef]
    location: SourceLocation
    # Source line texts, kept so checks can quote the offending line.
    lines: list[str] = field(default_factory=list, repr=False)
    annex_number: int = 0  # Bijlage 1, 2, … in reading order; filled in by resolve
    # {{negeer KB504}}: line → the codes the writer silenced on that line.
    ignored: dict[int, set[str]] = field(default_factory=dict)


# ---------------------------------------------------------------- tables


class RowKind(StrEnum):
    ITEM = "item"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass
class Cell:
    text: str
    value: Decimal | None
    marks: str
    location: SourceLocation
    suffix: str = ""  # "%" for a percentage as printed

    @property
    def is_nil(self) -> bool:
        return self.value is None


@dataclass
class Row:
    index: int
    kind: RowKind
    labels: list[str]
    group: str
    cells: dict[str, Cell]
    line: int

    @property
    def label(self) -> str:
        """The row's most specific non-empty label, for messages."""
        for text in reversed(self.labels):
            if text:
                return text
        return f"rij {self.index + 1}"

    @property
    def depth(self) -> int:
        """Which label column the row's label stands in: 0 for the first, 1 for an indented one."""
        return next((i for i, text in enumerate(self.labels) if text), 0)

    @property
    def display_label(self) -> str:
        if self.kind is RowKind.ITEM or not self.group:
            return self.label
        return f"{self.group} > {self.label}"


@dataclass
class Formula:
    column: str
    expr: str
    line: int  # of expr
    column_line: int = 0  # of column (0: same as line)


@dataclass
class Equality:
    row: str
    table: str
    other_row: str
    columns: dict[str, str] | None  # this column → other column; None = all shared
    line: int
    factor: Decimal = Decimal(1)  # this row = factor × the other row


@dataclass
class SumDeclaration:
    """``[[sums]]``: the row ``total`` is the sum of ``parts`` (a word, a range or a list)."""

    total: str
    parts: str | list[str]
    columns: list[str] | None
    line: int


@dataclass
class RuleDeclaration:
    """One entry of ``row_rules`` or ``column_rules``: ``Saldo = Baten - Lasten``."""

    text: str
    line: int


@dataclass
class HeaderGroup:
    title: str
    columns: list[str]


@dataclass
class TableMeta:
    caption: str = ""
    unit: str = ""
    unit_scale: Decimal = Decimal(1)
    source: str = ""
    tolerance: str = "exact"
    notes: dict[str, str] = field(default_factory=dict)
    formulas: list[Formula] = field(default_factory=list)
    equals: list[Equality] = field(default_factory=list)
    header_groups: list[HeaderGroup] = field(default_factory=list)
    sidecar: str = ""  # project-relative path, "" when there is none
    numbered: bool = True  # False: no "Tabel N", not counted, not in the list of tables
    shape: str = ""  # a named standard shape, such as "budgettaire-gevolgen"
    totals: list[str] = field(default_factory=list)  # more TOTAAL labels (patterns)
    subtotals: list[str] = field(default_factory=list)  # more SUBTOTAAL labels (patterns)
    text_columns: list[str] = field(default_factory=list)  # value-area columns holding text
    unchecked: list[str] = field(default_factory=list)  # rows that look like totals, said not to be
    negatives: str = "minus"  # how negatives print: minus, dash or parentheses
    sums: list[SumDeclaration] = field(default_factory=list)
    row_rules: list[RuleDeclaration] = field(default_factory=list)
    column_rules: list[RuleDeclaration] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # sidecar key → its line, for findings
    # Its labels and column headers print with Dutch typography (render/common.printed); the
    # model keeps them as typed, as the sidecar's sums and the chapters' {{waarde}} name them.
    typography: bool = True

    @property
    def rounding(self) -> bool:
        """Its figures were rounded before they were summed: every figure is an interval."""
        return self.tolerance == "rounding"


@dataclass
class Table:
    id: str
    path: str
    label_columns: list[str]
    numeric_columns: list[str]
    rows: list[Row]
    meta: TableMeta
    header_line: int = 1
    number: int = 0  # filled in by resolve, in placement order; 0 when unnumbered or unplaced
    placed: bool = False  # filled in by resolve
    heading: str = ""  # filled in by resolve: the heading the table stands under
    _decimals: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def columns(self) -> list[str]:
        return self.label_columns + self.numeric_columns

    @property
    def figure_columns(self) -> list[str]:
        """The numeric columns that hold figures: all but the declared text columns."""
        if not self.meta.text_columns:
            return self.numeric_columns
        return [c for c in self.numeric_columns if c not in self.meta.text_columns]

    def column_decimals(self, column: str) -> int:
        """Most decimals shown in the column; computed once, as every cell asks for it."""
        if column not in self._decimals:
            from kamerbrief.numbers import decimals_of

            values = [r.cells[column].value for r in self.rows if column in r.cells]
            self._decimals[column] = max((decimals_of(v) for v in values if v is not None),
                                         default=0)
        return self._decimals[column]


@dataclass
class Report:
    root: Path
    config: Config
    chapters: list[Chapter]
    tables: dict[str, Table]
    placements: list[tuple[Chapter, TablePlacement]] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)  # anchor → heading text
