"""Texts every renderer shows the same way: captions, references, cells, notes.

Numbering comes from the model (resolve.py); these helpers only phrase it.
"""

from __future__ import annotations

import re

from kamerbrief.model import Cell, Chapter, Report, Row, Table, TableRef
from kamerbrief.numbers import format_number, is_word_nil, split_marks


def vocabulary(report: Report):
    return report.config.vocabulary  # type: ignore[attr-defined]


def locale(report: Report) -> str:
    return getattr(report.config, "locale", "nl_NL")


def caption_label(table: Table, report: Report) -> str:
    """'Tabel 3' — the number part of a caption; '' for a table with numbered = false."""
    return f"{vocabulary(report).table} {table.number}" if table.number else ""


def caption_text(table: Table, report: Report) -> str:
    """'Tabel 3 – Overzicht besteding middelen 2023'; the caption alone when unnumbered."""
    label = caption_label(table, report)
    return f"{label} – {table.meta.caption}" if label else table.meta.caption


def table_name(table: Table, report: Report) -> str:
    """What a screen reader announces for the table: its caption ('Tabel 3 – …'), else the
    heading it stands under (a table with numbered = false and no caption)."""
    return caption_text(table, report) or table.heading


def table_ref_text(ref: TableRef, report: Report) -> str:
    """'tabel 3' or 'Tabel 3', as the writer capitalised the link text."""
    table = report.tables.get(ref.table_id)
    word = vocabulary(report).table
    word = word if ref.capital else word.lower()
    return f"{word} {table.number}" if table is not None and table.number else f"{word} ?"


def table_anchor(table_id: str) -> str:
    return f"tabel-{table_id}"


def cell_text(cell: Cell, table: Table, column: str, report: Report) -> str:
    """A figure as printed: its own decimals (``250`` stays 250 in a column of 249,8), Dutch
    notation, negatives with a true minus or the table's convention, '-' for a nil dash,
    ``p.m.`` and ``n.v.t.`` as written, and its percent sign and marks kept.

    A workbook cell has no printed text, so it takes the column's decimals."""
    if column in table.meta.text_columns:
        return cell.text
    if cell.value is None:
        printed = split_marks(cell.text)[0]
        if is_word_nil(printed):
            return printed + cell.marks
        return ("-" if cell.text.strip() else "") + cell.marks
    decimals = table.column_decimals(column) if cell.location.cell else None
    text = format_number(cell.value, decimals, locale=locale(report),
                         negative=table.meta.negatives)
    return text + cell.suffix + cell.marks


_SYNTHETIC_LABEL = re.compile(r"^label\d+$")


def column_heading(table: Table, column: str) -> str:
    """The header a reader sees. A label column without a header in the CSV gets a made-up
    key from the reader (``label1``); print it empty."""
    if column in table.label_columns and _SYNTHETIC_LABEL.match(column):
        return ""
    return column


def label_text(label: str) -> tuple[str, str]:
    """Split a row label into its text and its note marks ('Preventie met gezag', '*')."""
    return split_marks(label)


def row_class(row: Row) -> str:
    return row.kind.value


def source_line(table: Table, report: Report) -> str:
    return f"{vocabulary(report).source}: {table.meta.source}" if table.meta.source else ""


def chapter_label(chapter: Chapter, report: Report, annex_number: int) -> str:
    """'Bijlage 1 – Financieel overzicht' for annexes, the title for chapters."""
    if chapter.kind == "annex":
        return f"{vocabulary(report).annex} {annex_number} – {chapter.title}"
    return chapter.title


def kamerstuk_text(report: Report) -> str:
    kamerstuk = getattr(report.config, "kamerstuk", None)
    return str(kamerstuk) if kamerstuk else ""


def header_group_cells(table: Table) -> list[tuple[str, int]]:
    """The spanning header row above the numeric columns: (title, colspan) per cell."""
    cells: list[tuple[str, int]] = []
    index = 0
    columns = table.numeric_columns
    while index < len(columns):
        group = next((g for g in table.meta.header_groups if g.columns and
                      g.columns[0] == columns[index]), None)
        if group is not None:
            cells.append((group.title, len(group.columns)))
            index += len(group.columns)
        else:
            cells.append(("", 1))
            index += 1
    return cells


def is_remote(src: str) -> bool:
    """An image address on another machine (http:, //host/…): never loaded, never linked.

    The HTML shows its alt text instead, so not even a draft makes a reader's browser fetch it.
    The print HTML keeps the address, so the PDF renderer's fetcher refuses and names it.
    """
    from urllib.parse import urlparse

    parsed = urlparse(src.strip())
    return bool(parsed.netloc) or (len(parsed.scheme) > 1 and parsed.scheme.lower() != "data")


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def image_data_uri(report: Report, src: str) -> str:
    """A project image as a data: URI, so the HTML is one self-contained file.

    Returns "" for anything that is not an image file inside the project (the template then
    shows the alt text): the HTML never points a reader's browser at a path or a host.
    """
    import base64
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    parsed = urlparse(src.strip())
    if parsed.scheme or parsed.netloc or Path(unquote(parsed.path)).is_absolute():
        return ""
    path = (report.root / unquote(parsed.path)).resolve()
    mime = _IMAGE_TYPES.get(path.suffix.lower())
    if mime is None or not path.is_relative_to(report.root) or not path.is_file():
        return ""
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
