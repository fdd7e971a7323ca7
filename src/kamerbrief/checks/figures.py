"""Figures typed in prose that the tables already give: KB504 for a copy of a cell, KB505 for
a percentage computed from cells by hand.

Both go stale silently when the table is revised, which is how the June 2024 report came to
print "167 verdachten" and "89 procent" beside its tables. The fix is to quote the cell with
``{{waarde}}`` or compute the figure with ``{{reken}}``; each finding gives the text to paste.

What is looked for, and what is not (so a clean result is not read as more than it is):
- a number equal to a cell as its table prints it (``1.129``), or scaled as the prose writes
  it (``705,9 miljoen`` for 705.900 in a table in 1.000 euro);
- a percentage equal to one cell divided by another, where the divisor is a figure quoted or
  typed in the same paragraph and the dividend stands in the same table row or column, or is
  quoted there too;
- not: years, dates, numbers in citations, counts below ``MINIMUM`` (they coincide with
  cells by chance), differences, sums and other derivations than a share.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache

from kamerbrief.checks.prose_text import Span, paragraphs
from kamerbrief.citations import find_citations
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.figures import FigureError, cells, parse_figure
from kamerbrief.lookup import CellNotFound, cell_value, find_rows
from kamerbrief.model import FigureRef, Report, Row, SourceLocation, Table, ValueRef
from kamerbrief.numbers import SCALES, decimals_of, format_number

# Counts below this coincide with table cells too often to be worth a warning ("5 verdachten").
MINIMUM = Decimal(100)
_NUMBER = re.compile(
    r"(?<![\w.,/:−–-])(?P<euro>€\s*)?(?P<number>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w−–-]|[.,]\d)"
    r"(?P<unit>\s*(?:%|procent\b|(?:duizend|miljoen|miljard)\b))?"
    r"(?P<noun>\s*(?:euro\b|[^\W\d_]+))?")
_WORD = re.compile(r"[^\W\d_]{4,}")
_SENTENCE_END = re.compile(r"[.!?:;](?=\s)")
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_DATE = re.compile(rf"\b(?:{'|'.join(_MONTHS)})\s*$|^\s*(?:{'|'.join(_MONTHS)})\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

@dataclass(frozen=True, eq=False)
class _Place:
    table: Table
    row: Row
    column: str

    @property
    def key(self) -> tuple[str, int, str]:
        return self.table.id, self.row.index, self.column

    @property
    def value(self) -> Decimal:
        value = self.row.cells[self.column].value
        assert value is not None  # only figures are indexed
        return value

    def quote(self, fmt: str = "") -> str:
        return f"{{{{waarde {self.table.id} | {_row_spec(self.table, self.row)} | {self.column}" \
               f"{' | ' + fmt if fmt else ''}}}}}"

    def term(self) -> str:
        return f"[{self.table.id} | {_row_spec(self.table, self.row)} | {self.column}]"


def _row_spec(table: Table, row: Row) -> str:
    """The shortest label that finds exactly this row."""
    if len(find_rows(table, row.label)) == 1 or not row.group:
        return row.label
    return f"{row.group} > {row.label}"


@dataclass(frozen=True)
class _Literal:
    text: str  # the number as typed
    value: Decimal
    unit: str  # "", "%", or a word of SCALES
    start: int
    money: bool  # "€ 30.000", "30.000 euro": an amount in euros, not in a table's unit
    noun: str  # the word after it, lower case: "verdachten" in "167 verdachten"
    context: str  # the paragraph's text

    @property
    def sentence(self) -> frozenset[str]:
        """The words of its sentence, lower case."""
        return _sentence_words(self.context, self.start)


def _literals(span: Span) -> Iterator[_Literal]:
    if not _DIGIT.search(span.text):
        return
    masked = span.text
    for citation in find_citations(masked):  # "28 741, nr. 113" are no figures
        masked = masked[:citation.start] + " " * (citation.end - citation.start) + \
            masked[citation.end:]
    for match in _NUMBER.finditer(masked):
        text = match.group("number")
        unit = (match.group("unit") or "").strip()
        noun = (match.group("noun") or "").strip().lower()
        money = bool(match.group("euro")) or noun == "euro"
        if not (unit or money or len(text) > 2):
            continue  # a count below MINIMUM: never reported, never a share's part
        value = Decimal(text.replace(".", "").replace(",", "."))
        if "." not in text and "," not in text and 1900 <= value <= 2100:
            continue  # a year
        if _DATE.search(masked[max(0, match.start() - 12):match.start()]) or \
                _DATE.search(masked[match.end("number"):match.end("number") + 12]):
            continue  # "1 juni", "juni 2024"
        yield _Literal(text, value, "%" if unit == "procent" else unit, match.start(), money,
                       noun, span.text)


@lru_cache(maxsize=256)
def _sentence_words(text: str, offset: int) -> frozenset[str]:
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, offset)), default=0)
    end = next((m.start() for m in _SENTENCE_END.finditer(text, offset)), len(text))
    return frozenset(word.lower() for word in _WORD.findall(text[start:end]))


class _Index:
    """Every figure of the report's tables, by the text it prints as; built on first use,
    as most paragraphs type no figure at all."""

    def __init__(self, report: Report):
        self.report = report
        self._scaled: dict[tuple[str, int], dict[Decimal, list[_Place]]] = {}

    @cached_property
    def places(self) -> list[_Place]:
        return [_Place(table, row, column) for table in self.report.tables.values()
                for row in table.rows for column in table.figure_columns
                if (cell := row.cells.get(column)) is not None and cell.value is not None]

    @cached_property
    def printed(self) -> dict[str, list[_Place]]:
        printed: dict[str, list[_Place]] = defaultdict(list)
        locale = self.report.config.locale
        for place in self.places:
            text = format_number(abs(place.value), None, locale=locale)
            printed[text + place.row.cells[place.column].suffix].append(place)
        return printed

    def in_scale(self, unit: str, decimals: int) -> dict[Decimal, list[_Place]]:
        """Every figure in millions (or thousands, billions), rounded to ``decimals``."""
        key = (unit, decimals)
        if key not in self._scaled:
            found: dict[Decimal, list[_Place]] = defaultdict(list)
            for place in self.places:
                value = abs(place.value) * place.table.meta.unit_scale / SCALES[unit]
                found[_rounded(value, decimals)].append(place)
            self._scaled[key] = found
        return self._scaled[key]

    def matches(self, literal: _Literal) -> list[tuple[_Place, str]]:
        """The cells this literal restates, each with the format to quote it in."""
        if literal.money and literal.unit not in SCALES:  # € 30.000: thirty thousand euros
            return [(place, "") for place in self.places
                    if abs(place.value) * place.table.meta.unit_scale == literal.value
                    and place.table.meta.unit_scale == 1]
        if literal.unit in SCALES:
            decimals = decimals_of(literal.value)
            found = []
            for place in self.in_scale(literal.unit, decimals).get(literal.value, []):
                same = place.table.meta.unit_scale == SCALES[literal.unit]
                found.append((place, "" if same and decimals_of(place.value) == decimals
                              else f"{literal.unit} {decimals}"))
            return found
        return [(place, "") for place in self.printed.get(literal.text + literal.unit, [])]

    def place_of(self, table_id: str, row: str, column: str) -> _Place | None:
        table = self.report.tables.get(table_id)
        if table is None:
            return None
        try:
            _, found, name = cell_value(table, row, column)
        except CellNotFound:
            return None
        return _Place(table, found, name)

    def quoted(self, quote: ValueRef | FigureRef) -> list[_Place]:
        """The cells a {{waarde}} or {{reken}} reads."""
        if isinstance(quote, ValueRef):
            place = self.place_of(quote.table_id, quote.row, quote.column)
            return [place] if place else []
        try:
            terms = cells(parse_figure(quote.expression).expression)
        except FigureError:
            return []
        return [p for t in terms if (p := self.place_of(t.table_id, t.row, t.column))]


def _rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def check_typed_figures(report: Report) -> Iterator[Diagnostic]:
    """KB504 and KB505, paragraph by paragraph, footnotes included."""
    if not report.tables:
        return
    index = _Index(report)
    for chapter in report.chapters:
        for block, span in paragraphs(chapter, footnotes=True):
            quoted = [place for quote in span.quotes for place in index.quoted(quote)]
            literals = list(_literals(span))
            restated, shares = _paragraph_figures(index, literals, quoted)
            for literal, found in restated:
                line = span.line_at(literal.start, block.location.line)
                yield _restated(literal, found, SourceLocation(chapter.path, line))
            for literal, pairs in shares:
                line = span.line_at(literal.start, block.location.line)
                yield _computed(literal, pairs, SourceLocation(chapter.path, line))


_Found = list[tuple[_Place, str]]
_Pairs = list[tuple[_Place, _Place]]


def _paragraph_figures(index: _Index, literals: list[_Literal], quoted: list[_Place]
                       ) -> tuple[list[tuple[_Literal, _Found]], list[tuple[_Literal, _Pairs]]]:
    """The typed figures that restate a cell, and the percentages that are a share of two.

    A typed number equal to a cell is reported where the match is no coincidence:
    - it is distinctive: four significant digits or more ("1.129", "705,9 miljoen"; not
      "30.000" or "10,5 miljoen", which many cells round to);
    - or the word after it is the table's ("167 verdachten" in a table of "aantal
      verdachten"), or its sentence names a column or the unit ("95 miljoen euro lager dan
      begroot" beside a column "Realisatie");
    - or the paragraph quotes another figure of that table, or types one that is reported;
    - or a percentage in the paragraph is exactly its share of another typed figure.
    Counts below MINIMUM are skipped (a scaled figure or an amount in euros is no count).
    Rounds repeat until nothing changes, so "1.499 ondermijningszaken" makes the "191"
    beside it relevant, and a share found makes its figures relevant."""
    candidates = [(literal, found) for literal in literals if literal.unit != "%"
                  and (literal.value >= MINIMUM or literal.unit or literal.money)
                  and (found := index.matches(literal))]
    typed = [place for _, found in candidates for place, _ in found]
    percentages = [literal for literal in literals if literal.unit == "%"]
    tables = {place.table.id for place in quoted}
    shared: set[tuple[str, int, str]] = set()
    restated: dict[int, tuple[_Literal, _Found]] = {}
    shares: list[tuple[_Literal, _Pairs]] = []
    for _ in range(4):
        before = (len(restated), len(shared))
        for literal, found in candidates:
            relevant = [(place, fmt) for place, fmt in found
                        if _distinctive(literal) or _table_word(literal.noun, place.table)
                        or literal.sentence & _header_words(place.table)
                        or place.table.id in tables or place.key in shared]
            if relevant and literal.start not in restated:
                restated[literal.start] = (literal, relevant)
                tables.update(place.table.id for place, _ in relevant)
        trusted = quoted + [place for _, found in restated.values() for place, _ in found]
        shares = _all_shares(percentages, trusted, typed)
        shared = {place.key for _, pairs in shares for place in pairs[0]}
        if (len(restated), len(shared)) == before:
            break
    return [restated[start] for start in sorted(restated)], shares


def _all_shares(percentages: list[_Literal], trusted: list[_Place], typed: list[_Place]
                ) -> list[tuple[_Literal, _Pairs]]:
    """Each percentage with the pairs of cells it is a share of; a second "33 procent" in
    the same paragraph is given another pair first, if there is one."""
    used: set[tuple[tuple[str, int, str], tuple[str, int, str]]] = set()
    result = []
    for literal in percentages:
        pairs = _shares(literal, trusted, typed)
        pairs.sort(key=lambda pair: (pair[0].key, pair[1].key) in used)
        if pairs:
            used.add((pairs[0][0].key, pairs[0][1].key))
            result.append((literal, pairs))
    return result


def _distinctive(literal: _Literal) -> bool:
    digits = literal.text.replace(".", "").replace(",", "").strip("0")
    return len(digits) >= 4


def _table_word(noun: str, table: Table) -> bool:
    """The word after a number names what the table counts: "verdachten", "strafzaken"."""
    if len(noun) < 4:
        return False
    words = _table_words(table)
    return any(noun == word or noun.endswith(word) or word.endswith(noun) for word in words)


def _header_words(table: Table) -> set[str]:
    """What a sentence about the table's figures names: its columns, unit and caption."""
    texts = [table.meta.unit, table.meta.caption, *table.numeric_columns]
    return {word.lower() for text in texts for word in _WORD.findall(text)} - _COMMON


# Words of units and captions that any sentence about money or counts may contain.
_COMMON = frozenset({"euro", "euro's", "aantal", "bedragen", "miljoen", "miljard", "duizend",
                     "totaal"})


def _table_words(table: Table) -> set[str]:
    texts = [table.meta.unit, table.meta.caption, table.heading, *table.numeric_columns,
             *(label for row in table.rows for label in row.labels)]
    return {word.lower() for text in texts for word in _WORD.findall(text)} - _COMMON


def _restated(literal: _Literal, found: list[tuple[_Place, str]],
              location: SourceLocation) -> Diagnostic:
    place, fmt = found[0]
    written = f"{literal.text} {literal.unit}".strip()
    others = f" (or {len(found) - 1} other cell(s) with the same figure)" if len(found) > 1 else ""
    return Diagnostic(
        "KB504", Severity.WARNING,
        f"'{written}' restates table '{place.table.id}', row '{place.row.label}', column "
        f"'{place.column}'{others}: typed by hand, it goes stale when the table changes",
        location, hint=f"quote it with {place.quote(fmt)}; if the match is a coincidence, "
                       "add {{negeer KB504}} to the line")


def _shares(literal: _Literal, trusted: list[_Place], typed: list[_Place]) -> _Pairs:
    """(dividend, divisor) pairs whose share in percent rounds to the literal. A divisor the
    paragraph quotes (or types relevantly) may share with any figure in its table's row or
    column; figures merely typed only with each other, as a chance match is likelier."""
    decimals = decimals_of(literal.value)
    trusted_keys = {place.key for place in trusted}
    mentioned = list(_distinct(trusted + typed))
    found: _Pairs = []
    for divisor in mentioned:
        if divisor.value == 0:
            continue
        near = list(_neighbours(divisor)) if divisor.key in trusted_keys else []
        for dividend in _distinct([*near, *mentioned]):
            if dividend.key == divisor.key:
                continue
            share = dividend.value * 100 / divisor.value
            if _rounded(share, decimals) == literal.value:
                found.append((dividend, divisor))
    return found


def _distinct(places: list[_Place]) -> Iterator[_Place]:
    seen: set[tuple[str, int, str]] = set()
    for place in places:
        if place.key not in seen:
            seen.add(place.key)
            yield place


def _neighbours(place: _Place) -> Iterator[_Place]:
    """Figures in the same row or column of the same table."""
    table = place.table
    for row in table.rows:
        for column in table.figure_columns:
            cell = row.cells.get(column)
            if cell is not None and cell.value is not None and (
                    row is place.row or column == place.column):
                yield _Place(table, row, column)


def _computed(literal: _Literal, shares: list[tuple[_Place, _Place]],
              location: SourceLocation) -> Diagnostic:
    dividend, divisor = shares[0]
    decimals = decimals_of(literal.value)
    others = f" (or {len(shares) - 1} other pair(s) of cells)" if len(shares) > 1 else ""
    figure = f"{{{{reken {dividend.term()} / {divisor.term()} | procent {decimals}}}}}"
    return Diagnostic(
        "KB505", Severity.WARNING,
        f"'{literal.text} procent' is {dividend.term()} as a share of {divisor.term()}{others}: "
        "computed by hand, it goes stale when the table changes",
        location, hint=f"compute it with {figure}; if the match is a coincidence, add "
                       "{{negeer KB505}} to the line")
