"""Find a table's rows and cells by the labels a writer sees ("Voorkomen > SUBTOTAAL")."""

from __future__ import annotations

import fnmatch
import re
from decimal import Decimal

from kamerbrief.model import Row, Table
from kamerbrief.numbers import split_marks


def normalise(label: str) -> str:
    return re.sub(r"\s+", " ", split_marks(label)[0]).strip().rstrip(":").rstrip().casefold()


def label_matches(label: str, pattern: str) -> bool:
    """A label against a writer's pattern: case and marks ignored, ``*`` for any text."""
    text = normalise(label)
    if "*" not in pattern:
        return text == normalise(pattern)
    wanted = re.sub(r"\s+", " ", pattern).strip().rstrip(":").casefold()  # its * is a wildcard
    return fnmatch.fnmatchcase(text, wanted)


def _has_label(row: Row, group: str, label: str) -> bool:
    return any(label_matches(text, label) for text in row.labels if text) and (
        not group.strip() or label_matches(row.group, group))


def _splits(spec: str) -> list[tuple[str, str]]:
    """Each '>' of ``spec`` tried as the separator between group and label."""
    return [(spec[:i], spec[i + 1:]) for i, char in enumerate(spec)
            if char == ">" and spec[:i].strip() and spec[i + 1:].strip()]


def row_matches(row: Row, spec: str) -> bool:
    """One row against a writer's label, pattern (``Totaal *``) or ``Groep > Rij``."""
    return _has_label(row, "", spec) or any(_has_label(row, group, label)
                                            for group, label in _splits(spec))


def find_rows(table: Table, spec: str) -> list[Row]:
    """Rows whose label (any label column) matches; ``group > label`` narrows to a group.

    A label that itself contains '>' ("> 5 jaar") matches as written; otherwise each '>'
    is tried as the separator between group and label. ``*`` in a label is any text.
    """
    exact = [row for row in table.rows if _has_label(row, "", spec)]
    if exact:
        return exact
    for group, label in _splits(spec):
        matches = [row for row in table.rows if _has_label(row, group, label)]
        if matches:
            return matches
    return []


def find_column(table: Table, name: str) -> str | None:
    wanted = normalise(name)
    return next((c for c in table.numeric_columns if normalise(c) == wanted), None)


class CellNotFound(LookupError):
    """A quoted cell does not resolve; the message says which part and how to fix it."""


def cell_value(table: Table, row_spec: str, column_name: str) -> tuple[Decimal, Row, str]:
    """The value of the cell a writer names, its row and its column; raises CellNotFound."""
    rows = find_rows(table, row_spec)
    if not rows:
        raise CellNotFound(f"table '{table.id}' has no row '{row_spec}'")
    if len(rows) > 1:
        lines = ", ".join(str(r.line) for r in rows)
        named = [f"'{r.group} > {r.label}'" for r in rows if r.group]
        if len(set(named)) == len(rows):
            raise CellNotFound(f"row '{row_spec}' is ambiguous in '{table.id}' (lines {lines}); "
                               f"write one of {', '.join(named)}")
        raise CellNotFound(f"row '{row_spec}' is ambiguous in '{table.id}' (lines {lines}); give "
                           "the rows different labels")
    column = find_column(table, column_name)
    if column is None:
        raise CellNotFound(f"table '{table.id}' has no column '{column_name}'")
    value = rows[0].cells[column].value
    if value is None:
        raise CellNotFound(f"cell '{row_spec}' / '{column}' in '{table.id}' is empty")
    return value, rows[0], column
