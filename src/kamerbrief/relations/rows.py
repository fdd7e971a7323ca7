"""How a table's rows read: which carry figures, which are breakdowns, which look like totals,
their numbering and depth, and which rows a writer's words (label, pattern, range) select."""

from __future__ import annotations

import re

from kamerbrief.lookup import normalise, row_matches
from kamerbrief.model import Row, RowKind, Table

_CODE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+|$)")
_WAARVAN = re.compile(r"^(waarvan\b|w\.v\.)")
_SHARE = re.compile(r"%|\bpercentage\b|\bprocent\b|\baandeel\b")
# Labels that claim arithmetic: a total, a balance, the Rijksbegroting's main lines.
_TOTAL_WORDS = re.compile(r"^((sub)?totaal|totale|totalen|saldo|generaal totaal)\b|\btotaal\b|"
                          r"^(uitgaven|ontvangsten)$|"
                          r"\(\s*\d+\s*[-+−]\s*\d+[\d\s+\-−]*\)")  # "(1-2-3+4+5)": a formula


def labels_text(row: Row) -> str:
    """All of a row's label cells, as one normalised text, without a leading article number."""
    text = " ".join(normalise(text) for text in row.labels if text)
    return _CODE.sub("", text, count=1) if code_of(row) else text


def has_figures(row: Row, table: Table) -> bool:
    return any(row.cells[c].value is not None for c in table.figure_columns)


def is_breakdown(row: Row) -> bool:
    """A ``waarvan`` (``w.v.``) row: a part of the row above, never an additional part."""
    return bool(_WAARVAN.match(labels_text(row)))


def is_share(row: Row, table: Table) -> bool:
    """A row of percentages or shares ("waarvan juridisch verplicht (%)"): not an amount."""
    return bool(_SHARE.search(labels_text(row))) or any(
        row.cells[c].suffix == "%" for c in table.figure_columns)


def looks_like_total(row: Row) -> bool:
    text = labels_text(row)
    return row.kind is not RowKind.ITEM or bool(_TOTAL_WORDS.search(text)) \
        or bool(_WAARVAN.match(text))


def code_of(row: Row) -> str:
    """The row's article or paragraph number ("4.2.1"), from the start of a label; "" if none."""
    for text in row.labels:
        if text:
            match = _CODE.match(text.strip())
            return match.group(1) if match and (match.end() < len(text.strip())
                                                or len(row.labels) > 1) else ""
    return ""


def depths(rows: list[Row]) -> dict[int, tuple[int, int]]:
    """Outline depth of each row: its label column first, then its numbering level; a row
    without a number under a numbered one (an instrument under article 31.1) is one deeper."""
    result: dict[int, tuple[int, int]] = {}
    level = 0
    for row in rows:
        code = code_of(row)
        if code:
            level = code.count(".") + 1
            result[row.index] = (row.depth, level)
        else:
            result[row.index] = (row.depth, level + 1 if level else 0)
    return result


def matches(row: Row, spec: str) -> bool:
    """A row against a writer's label, pattern (``Totaal *``), ``Groep > Rij`` or its number."""
    code = code_of(row)
    return row_matches(row, spec) or bool(code) and spec.rstrip("*").rstrip(".").strip() == code


def select(table: Table, spec: str) -> list[Row]:
    return [row for row in table.rows if matches(row, spec)]


def top_level(rows: list[Row], table: Table) -> list[Row]:
    """The outermost rows with figures: a deeper row under a shallower one is its part.

    Rows without figures (a heading such as an instrument's name) are passed through, so
    their children count at the heading's level.
    """
    candidates = [r for r in rows if has_figures(r, table) and not is_breakdown(r)]
    if not candidates:
        return []
    outline = depths(rows)
    shallowest = min(outline[r.index] for r in candidates)
    return [r for r in candidates if outline[r.index] == shallowest]


def children(parent: Row, rows: list[Row], table: Table) -> list[Row]:
    """The rows directly under ``parent`` in an outline: deeper rows up to the next row that is
    as shallow as the parent; of those, the outermost ones with figures."""
    outline = depths(rows)
    block: list[Row] = []
    for row in rows[rows.index(parent) + 1:]:
        if outline[row.index] <= outline[parent.index]:
            break
        block.append(row)
    return top_level(block, table)
