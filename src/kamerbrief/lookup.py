"""Find a table's rows and cells by the labels a writer sees ("Voorkomen > SUBTOTAAL")."""

from __future__ import annotations

import re

from kamerbrief.model import Row, Table
from kamerbrief.numbers import split_marks


def normalise(label: str) -> str:
    return re.sub(r"\s+", " ", split_marks(label)[0]).strip().casefold()


def find_rows(table: Table, spec: str) -> list[Row]:
    """Rows whose label (any label column) matches; ``group > label`` narrows to a group."""
    group, _, label = spec.rpartition(">")
    wanted, wanted_group = normalise(label), normalise(group)
    matches = []
    for row in table.rows:
        labels = {normalise(text) for text in row.labels if text}
        if wanted in labels and (not wanted_group or normalise(row.group) == wanted_group):
            matches.append(row)
    return matches


def find_column(table: Table, name: str) -> str | None:
    wanted = normalise(name)
    return next((c for c in table.numeric_columns if normalise(c) == wanted), None)
