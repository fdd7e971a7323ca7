"""Find a table's rows and cells by the labels a writer sees ("Voorkomen > SUBTOTAAL")."""

from __future__ import annotations

import fnmatch
import re

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


def _matching(table: Table, group: str, label: str) -> list[Row]:
    wanted, wanted_group = normalise(label), normalise(group)
    matches = []
    for row in table.rows:
        labels = {normalise(text) for text in row.labels if text}
        if wanted in labels and (not wanted_group or normalise(row.group) == wanted_group):
            matches.append(row)
    return matches


def find_rows(table: Table, spec: str) -> list[Row]:
    """Rows whose label (any label column) matches; ``group > label`` narrows to a group.

    A label that itself contains '>' ("> 5 jaar") matches as written; otherwise each '>'
    is tried as the separator between group and label.
    """
    exact = _matching(table, "", spec)
    if exact or ">" not in spec:
        return exact
    for index in (i for i, char in enumerate(spec) if char == ">"):
        group, label = spec[:index], spec[index + 1:]
        if group.strip() and label.strip():
            matches = _matching(table, group, label)
            if matches:
                return matches
    return []


def find_column(table: Table, name: str) -> str | None:
    wanted = normalise(name)
    return next((c for c in table.numeric_columns if normalise(c) == wanted), None)
