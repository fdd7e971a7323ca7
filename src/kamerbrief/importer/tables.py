"""Word tables → kamerbrief tables: a CSV with the figures as printed and a TOML sidecar.

A table with figures is a data table. Its header rows (Word's repeated header rows, or the
first row and the rows under a merged cell) give the column names; a merged header cell over
figure columns becomes a header group. The leading columns without figures are label
columns. A vertically merged label cell is written once, as kamerbrief writes a group label.
The paragraphs around the table give its caption ("Tabel 3 – …" or a Caption style), its unit
line ("in 1.000 euro", "bedragen x € 1.000": unit and unit_scale), its notes and its "Bron:"
line. A one-cell table is a box; a table without figures is a Markdown table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kamerbrief.importer.ir import Block, Break, Grid, Hyperlink, Inline, NoteRef, Para, Picture, Span
from kamerbrief.importer.sums import Structure
from kamerbrief.numbers import NumberError, parse_number, split_marks, split_percent

_CAPTION = re.compile(r"^(tabel|table|tab\.)\s+(\d+(?:[.\-]\d+)*)\s*(?:[:.–—-]\s*)?(.*)$",
                      re.IGNORECASE)
_NOT_TABLE_CAPTION = re.compile(r"^(figuur|figure|grafiek|afbeelding|kaart|illustratie)\b",
                                re.IGNORECASE)
_SOURCE = re.compile(r"^(bron|bronnen|source|sources)\s*:\s*(.+)$", re.IGNORECASE)
_NOTE = re.compile(r"^(\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|†|‡)\s*(.+)$")
_CONTINUED = re.compile(r"\s*\((vervolg|continued)\)\s*$", re.IGNORECASE)
_SCALE_WORDS = {"duizend": 1000, "duizenden": 1000, "miljoen": 10**6, "miljoenen": 10**6,
                "mln": 10**6, "miljard": 10**9, "miljarden": 10**9, "mld": 10**9}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_UNIT_LENGTH = 60


@dataclass
class Context:
    """What the paragraphs around a table say about it."""

    caption: str = ""
    number: int = 0  # as printed: "Tabel 3" → 3; 0 when the caption has no number
    continued: bool = False  # "Tabel 3 – … (vervolg)": the rest of the table before it
    unit: str = ""
    unit_scale: int = 0  # 0 when the unit line says no amount
    source: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)  # indexes of the blocks taken


@dataclass
class Columns:
    names: list[str]
    labels: int
    text_columns: list[str]
    groups: list[tuple[str, list[str]]]


@dataclass
class DataTable:
    table_id: str
    header: list[str]
    rows: list[list[str]]
    columns: Columns
    context: Context
    notes: dict[str, str]  # marks of footnotes in cells → their texts
    structure: Structure = field(default_factory=Structure)

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return out.getvalue()

    def sidecar_text(self) -> str:
        context = self.context
        lines = []
        if context.caption:
            lines.append(f"caption = {_toml(context.caption)}")
        if not context.number:
            lines.append("numbered = false")
        if context.unit:
            lines.append(f"unit = {_toml(context.unit)}")
        if context.unit_scale > 1:
            lines.append(f"unit_scale = {context.unit_scale}")
        if context.source:
            lines.append(f"source = {_toml(context.source)}")
        if self.columns.labels != 1:
            lines.append(f"labels = {self.columns.labels}")
        if self.columns.text_columns:
            lines.append(f"text_columns = [{', '.join(_toml(c) for c in self.columns.text_columns)}]")
        if self.columns.groups:
            groups = ", ".join(f"{{ title = {_toml(title)}, columns = "
                               f"[{', '.join(_toml(c) for c in columns)}] }}"
                               for title, columns in self.columns.groups)
            lines.append(f"header_groups = [ {groups} ]")
        structure = self.structure
        if structure.shape:
            lines.append(f"shape = {_toml(structure.shape)}")
        if structure.column_rules:
            lines.append(f"column_rules = [{', '.join(_toml(r) for r in structure.column_rules)}]")
        notes = {**context.notes, **self.notes}
        if notes:
            lines += ["", "[notes]"] + [f"{_toml(mark)} = {_toml(text)}" for mark, text in notes.items()]
        for total, parts in structure.sums or []:
            lines += ["", "[[sums]]", f"total = {_toml(total)}",
                      f"parts = [{', '.join(_toml(part) for part in parts)}]"]
        return "\n".join(lines) + "\n"


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


# ---------------------------------------------------------------- what a table is


def kind_of(grid: Grid) -> str:
    """'empty' (decoration), 'box' (one cell with content), 'data' (figures), or 'text'."""
    if not grid.rows or (not grid.text() and not _pictures(grid)):
        return "empty"
    cells = [cell for row in grid.rows for cell in row.cells]
    if len(cells) == 1 or "kader" in grid.style_name.lower():
        return "box"
    matrix = _matrix(grid)
    body = matrix[_header_count(grid, matrix):]
    if any(_kind(text) == "number" for row in body for text in row[1:]):
        return "data"
    return "text"


def _pictures(grid: Grid) -> bool:
    return any(isinstance(inline, Picture) for row in grid.rows for cell in row.cells
               for block in cell.blocks if isinstance(block, Para) for inline in block.inlines)


def _kind(text: str) -> str:
    """'number', 'nil' (empty, '-', 'p.m.' …) or 'text', as the table reader would read it."""
    number_text, _marks = split_marks(text.strip())
    number_text, _percent = split_percent(number_text)
    try:
        return "nil" if parse_number(number_text) is None else "number"
    except NumberError:
        return "text"


def _matrix(grid: Grid, cell_text: Callable[[list[Block]], str] | None = None) -> list[list[str]]:
    """Every row as wide as the table: a merged cell's text in its first column, '' after it
    and below it (a vertically merged cell is continued with '')."""
    width = grid.width
    rows = []
    for row in grid.rows:
        texts = [""] * row.before
        for cell in row.cells:
            text = "" if cell.merge == "continue" else (
                cell_text(cell.blocks) if cell_text else cell.text())
            texts += [text] + [""] * (cell.span - 1)
        rows.append((texts + [""] * width)[:width])
    return rows


def _spans(grid: Grid) -> list[list[tuple[int, int, str]]]:
    """Per row (start column, span, merge) of each cell."""
    out = []
    for row in grid.rows:
        column = row.before
        cells = []
        for cell in row.cells:
            cells.append((column, cell.span, cell.merge))
            column += cell.span
        out.append(cells)
    return out


def _header_count(grid: Grid, matrix: list[list[str]]) -> int:
    """Word's repeated header rows; else the first row, and the next ones while a cell above
    spans columns or is merged down and the row holds no figures (at most three)."""
    marked = 0
    for row in grid.rows:
        if not row.header:
            break
        marked += 1
    if marked:
        return min(marked, max(len(grid.rows) - 1, 1))
    spans = _spans(grid)
    count = 1
    while count < min(3, len(grid.rows) - 1):
        above = spans[count - 1]
        merged = any(span > 1 or merge == "restart" for _, span, merge in above)
        figures = any(_kind(text) == "number" for text in matrix[count][1:])
        if not merged or figures:
            break
        count += 1
    return count


# ---------------------------------------------------------------- the paragraphs around it


def unit_scale(line: str) -> int | None:
    """The factor of a unit line ('in 1.000 euro' → 1000, 'x € 1 mln' → 1000000, 'in euro'
    → 1); None when the line is no unit line."""
    text = " ".join(line.replace("\u00a0", " ").replace("×", "x").split()).lower()
    text = text.strip().strip("()").strip().rstrip(".:").strip()
    text = re.sub(r"^(alle\s+)?(bedragen|cijfers|getallen)\s+", "", text)
    factor = r"(1(?:[.\s]?000){1,3}|1\s*(?:mln|miljoen|mld|miljard)\.?)"
    words = r"(duizend(?:en)?|miljoen(?:en)?|miljard(?:en)?|mln\.?|mld\.?)"
    money = r"(?:euro(?:['’]s)?|€|eur)"
    times = re.fullmatch(rf"(?:x|maal)\s*{money}?\s*{factor}\s*{money}?", text)
    if times:
        return _factor(times.group(1))
    within = re.fullmatch(rf"in\s+{money}?\s*(?:{factor}|{words})?\s*{money}?", text)
    if within and re.search(money, text):
        return _factor(within.group(1) or within.group(2) or "1")
    return None


def _factor(text: str) -> int:
    word = text.rstrip(".").split()[-1] if text else "1"
    if word in _SCALE_WORDS:
        return _SCALE_WORDS[word]
    return int(re.sub(r"\D", "", text) or "1")


def caption_of(para: Para) -> tuple[str, int, bool] | None:
    """(caption, printed number, continued) when ``para`` is a table caption."""
    text = para.text()
    if not text or _NOT_TABLE_CAPTION.match(text):
        return None
    continued = bool(_CONTINUED.search(text))
    text = _CONTINUED.sub("", text)
    match = _CAPTION.match(text)
    if match:
        number = match.group(2)
        return (match.group(3).strip(), int(number) if number.isdigit() else 0, continued)
    if para.role == "caption":
        return text, 0, continued
    return None


def read_context(blocks: list[Block], index: int, marks: set[str]) -> Context:
    """Caption and unit line above the table (or below it, when no table follows them); notes
    for the marks in the table and the "Bron:" line below it."""
    context = Context()
    position = index - 1
    while position >= 0 and len(context.used) < 3:
        block = blocks[position]
        if not isinstance(block, Para) or block.heading or block.numbering:
            break
        if not block.text():
            if block.boxes or block.inlines and any(isinstance(i, Picture) for i in block.inlines):
                break
            position -= 1
            continue
        if not context.unit and _unit(block, context):
            context.used.add(position)
        elif not context.caption and not context.number and caption_of(block):
            context.caption, context.number, context.continued = caption_of(block) or ("", 0, False)
            context.used.add(position)
            break
        else:
            break
        position -= 1
    position = index + 1
    while position < len(blocks):
        block = blocks[position]
        if not isinstance(block, Para) or block.heading or block.numbering:
            break
        text = block.text()
        if not text:
            if block.boxes or any(isinstance(i, Picture) for i in block.inlines):
                break
            position += 1
            continue
        source = _SOURCE.match(text)
        note = _NOTE.match(text)
        if source and not context.source:
            context.source = source.group(2).strip()
        elif note and note.group(1) in marks:
            context.notes[note.group(1)] = note.group(2).strip()
        elif not _followed_by_table(blocks, position) and not context.unit and _unit(block, context):
            pass
        elif not _followed_by_table(blocks, position) and not context.caption and \
                not context.number and caption_of(block):
            context.caption, context.number, context.continued = caption_of(block) or ("", 0, False)
        else:
            break
        context.used.add(position)
        position += 1
    return context


def _unit(para: Para, context: Context) -> bool:
    text = para.text()
    if len(text) > MAX_UNIT_LENGTH:
        return False
    scale = unit_scale(text)
    if scale is None and para.role != "unit":
        return False
    context.unit = text
    context.unit_scale = scale or 0
    return True


def _followed_by_table(blocks: list[Block], position: int) -> bool:
    """The next block after ``position`` that is not an empty paragraph or a unit line is a
    table: a caption there belongs to that table."""
    for block in blocks[position + 1:position + 4]:
        if isinstance(block, Grid):
            return True
        if block.text() and unit_scale(block.text()) is None:
            return False
    return False


# ---------------------------------------------------------------- the table itself


def data_table(grid: Grid, context: Context, table_id: str,
               note_text: Callable[[str], str], warn: Callable[[str], None]) -> DataTable:
    notes: dict[str, str] = {}
    keys: dict[str, str] = {}

    def cell_text(blocks: list[Block]) -> str:
        return _cell_text(blocks, keys, notes, note_text, warn)

    matrix = _matrix(grid, cell_text)
    header_count = _header_count(grid, matrix)
    header = _header_matrix(grid, matrix[:header_count])
    body = [row for row in matrix[header_count:] if any(text for text in row)]
    columns = _columns(header, body, grid, warn)
    width = len(columns.names)
    rows = [row[:width] for row in body]
    return DataTable(table_id, columns.names, rows, columns, context, notes)


def _header_matrix(grid: Grid, rows: list[list[str]]) -> list[list[tuple[str, int, int]]]:
    """Header rows as (text, first column, span) per column; a cell merged down from above
    takes the text of the cell it continues."""
    spans = _spans(grid)
    width = len(rows[0]) if rows else 0
    out: list[list[tuple[str, int, int]]] = []
    for r, texts in enumerate(rows):
        slots: list[tuple[str, int, int]] = [("", c, 1) for c in range(width)]
        for start, span, merge in spans[r]:
            text = texts[start] if start < width else ""
            if merge == "continue" and out:
                text = out[-1][start][0] if start < width else ""
            for column in range(start, min(start + span, width)):
                slots[column] = (text, start, span)
        out.append(slots)
    return out


def _columns(header: list[list[tuple[str, int, int]]], body: list[list[str]], grid: Grid,
             warn: Callable[[str], None]) -> Columns:
    width = len(header[0]) if header else (len(body[0]) if body else 0)
    kinds = [[_kind(row[c]) for row in body] for c in range(width)]
    numeric = [("number" in ks and "text" not in ks) for ks in kinds]
    labels = next((c for c, is_numeric in enumerate(numeric) if is_numeric), width)
    labels = max(labels, 1)
    names: list[str] = []
    for column in range(width):
        single = [text for text, _start, span in reversed([r[column] for r in header])
                  if text and span == 1]
        spanning = [text for text, _start, span in reversed([r[column] for r in header]) if text]
        names.append((single or spanning or [""])[0])
    for column, name in enumerate(names):
        if not name and column >= labels:
            names[column] = f"kolom {column + 1}"
            warn(f"column {column + 1} of the table has no header: it is called "
                 f"'{names[column]}'")
    groups: list[tuple[str, list[str]]] = []
    for row in header[:-1]:
        seen = set()
        for text, start, span in row:
            if span < 2 or not text or start in seen or start < labels:
                continue
            seen.add(start)
            covered = list(range(start, min(start + span, width)))
            if any(names[c] == text for c in covered):
                continue
            groups.append((text, [str(c) for c in covered]))
    names = _unique(names, groups, warn)
    groups = [(title, [names[int(c)] for c in covered]) for title, covered in groups]
    text_columns = [names[c] for c in range(labels, width)
                    if any(k == "text" for k in kinds[c])]
    return Columns(names, labels, text_columns, groups)


def _unique(names: list[str], groups: list[tuple[str, list[str]]],
            warn: Callable[[str], None]) -> list[str]:
    """Column names as the reader needs them: unique; a repeated name takes its group's
    title ('Plan 2024'), else its position."""
    out = list(names)
    for column, name in enumerate(names):
        if not name or names.count(name) < 2:
            continue
        group = next((title for title, covered in groups if str(column) in covered), "")
        out[column] = f"{name} {group}" if group else f"{name} ({column + 1})"
    for column, name in enumerate(out):
        if name and out.count(name) > 1:
            out[column] = f"{name} ({column + 1})"
            warn(f"the column name {name!r} is used twice; column {column + 1} is called "
                 f"{out[column]!r}")
    return out


def _cell_text(blocks: list[Block], keys: dict[str, str], notes: dict[str, str],
               note_text: Callable[[str], str], warn: Callable[[str], None]) -> str:
    """A cell's text on one line; a footnote in it becomes a mark (¹) with a note."""
    parts: list[str] = []

    def inlines(items: list[Inline]) -> None:
        for inline in items:
            if isinstance(inline, Span):
                parts.append(inline.text)
            elif isinstance(inline, Break):
                parts.append(" ")
            elif isinstance(inline, Hyperlink):
                inlines(inline.children)
            elif isinstance(inline, NoteRef):
                if inline.key not in keys:
                    keys[inline.key] = str(len(keys) + 1).translate(_SUPERSCRIPT)
                    notes[keys[inline.key]] = note_text(inline.key)
                parts.append(keys[inline.key])
            elif isinstance(inline, Picture):
                warn(f"a picture in a table cell is left out{': ' + inline.alt if inline.alt else ''}")

    for block in blocks:
        if isinstance(block, Para):
            inlines(block.inlines)
            parts.append(" ")
        else:
            warn("a table inside a table cell is kept as the cell's text")
            parts.append(block.text() + " ")
    return " ".join("".join(parts).replace("\u00a0", " ").split())


def cell_marks(grid: Grid) -> set[str]:
    """Note marks written after figures and labels in the table ('*', '¹')."""
    return {split_marks(text)[1] for row in _matrix(grid) for text in row if text} - {""}


def merge_continued(first: DataTable, rest: DataTable) -> bool:
    """Join a table that a build split in parts ("(vervolg)"): the same rows, more columns."""
    labels = first.columns.labels
    if labels != rest.columns.labels or len(first.rows) != len(rest.rows) or \
            any(a[:labels] != b[:labels] for a, b in zip(first.rows, rest.rows, strict=True)):
        return False
    first.columns.names += rest.columns.names[labels:]  # first.header is the same list
    first.columns.text_columns += rest.columns.text_columns
    first.columns.groups += rest.columns.groups
    for row, more in zip(first.rows, rest.rows, strict=True):
        row += more[labels:]
    first.notes.update(rest.notes)
    first.context.notes.update(rest.context.notes)
    first.context.source = first.context.source or rest.context.source
    return True


def text_rows(grid: Grid, cell_markdown: Callable[[list[Block]], str]) -> list[str]:
    """A table without figures as a Markdown (GFM) table: the first row is its header."""
    rows = _matrix(grid, lambda blocks: cell_markdown(blocks).replace("|", "\\|"))
    width = max((len(r) for r in rows), default=0)
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return lines
