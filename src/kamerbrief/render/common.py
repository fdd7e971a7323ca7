"""Texts every renderer shows the same way: captions, references, cells, notes.

Numbering comes from the model (resolve.py); these helpers only phrase it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from kamerbrief.config import Vocabulary
from kamerbrief.model import Box, Cell, Chapter, Heading, Inline, Link, Report, Row, Table, TableRef
from kamerbrief.numbers import NIL_SIGN, format_number, is_word_nil, split_marks
from kamerbrief.targets import IMAGE_TYPES, LinkKind, image_file, link_kind
from kamerbrief.typography import dutch
from kamerbrief.walk import language_runs, plain_text, title_heading, walk_blocks

# Headings down to this level are listed in the contents ("Inhoud"), as in the publication:
# chapters and their sections.
CONTENTS_DEPTH = 2


def vocabulary(report: Report) -> Vocabulary:
    return report.config.vocabulary


def locale(report: Report) -> str:
    return report.config.locale


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


def table_description(table: Table, report: Report) -> str:
    """What a screen reader can read about a table beyond its name: the caption, the unit its
    figures are in and its source ('Tabel 3 – …; in 1.000 euro; Bron: …')."""
    parts = [table_name(table, report), table.meta.unit, source_line(table, report)]
    return "; ".join(part for part in parts if part)


def box_name(box: Box, report: Report) -> str:
    """What a screen reader announces for a box: its kind ('Praktijkverhaal', 'Kader') and
    its title, if any. The box is a layout device, not a data table."""
    words = vocabulary(report)
    kind = words.story if box.kind == "praktijkverhaal" else words.box
    title = "".join(text for text, _ in box_title_runs(box, report))
    return f"{kind} – {title}" if title else kind


def box_title_runs(box: Box, report: Report) -> Runs:
    """A box's title as printed, in language runs (``inline_runs``)."""
    return inline_runs(box.title_inlines, report) if box.title_inlines else \
        ((box.title, ""),) * bool(box.title)


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
    notation, negatives with a true minus or the table's convention, an en dash for a nil,
    ``p.m.`` and ``n.v.t.`` as written, and its percent sign and marks kept.

    A workbook cell has no printed text, so it takes the column's decimals."""
    if column in table.meta.text_columns:
        return cell.text
    if cell.value is None:
        printed = split_marks(cell.text)[0]
        if is_word_nil(printed):
            return printed + cell.marks
        return (NIL_SIGN if cell.text.strip() else "") + cell.marks
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
    return printed(table, column)


def printed(table: Table, text: str) -> str:
    """A label or column header as printed: with Dutch quotes, apostrophes and ranges
    ("Risico’s 2023–2024"), as the chapters and the sidecar's texts, unless the project
    turns typography off. Only the outputs see it; lookups use the text as typed."""
    return dutch(text) if table.meta.typography else text


def label_text(label: str) -> tuple[str, str]:
    """Split a row label into its text and its note marks ('Preventie met gezag', '*')."""
    return split_marks(label)


@dataclass(frozen=True)
class LabelCell:
    """One label cell of a table row, as the outputs show it.

    A group label ("Voorkomen" in the Hoofdlijn column) is printed in its group's first row
    only; the rows below belong to it all the same. ``repeated`` marks such a cell: it holds
    the group's label for assistive technology (so every figure of the row is tied to its
    group, WCAG 1.3.1) and prints nothing."""

    text: str
    marks: str = ""
    repeated: bool = False

    @property
    def header(self) -> bool:
        """A row header: a cell that names its row (printed or for screen readers only)."""
        return bool(self.text)


def label_cells(table: Table) -> list[list[LabelCell]]:
    """Each row's label cells. A label column left of the row's own label that is empty
    takes the label above it in that column, while the row is in that group (``Row.group``,
    decided by the reader: a TOTAAL row, or one after the group's SUBTOTAAL, is in none)."""
    width = len(table.label_columns)
    carried = [""] * width
    rows: list[list[LabelCell]] = []
    for row in table.rows:
        labels = (row.labels + [""] * width)[:width]
        own = next((i for i, text in enumerate(labels) if text), width)
        cells: list[LabelCell] = []
        for index, label in enumerate(labels):
            if label:
                text, marks = label_text(label)
                text = printed(table, text)
                cells.append(LabelCell(text, marks))
                carried[index:] = [text] + [""] * (width - index - 1)
            elif index < own and row.group and index < width - 1:
                above = printed(table, label_text(row.group)[0]) if index == 0 else carried[index]
                cells.append(LabelCell(above, "", True) if above else LabelCell(""))
            else:
                cells.append(LabelCell(""))
        if not row.group:
            carried = [""] * width
        rows.append(cells)
    return rows


def group_marks(rows: list[list[LabelCell]], printed: Collection[int] = ()) -> str:
    """For the PDF's tags: per row of ``label_cells``, each label column that repeats a group
    label, with the label, as JSON (``[[], [[0, "Voorkomen"]], …]``); "" when no row does.
    The print template puts it on the table body, where render/pdf_tags_groups.py
    (``group_labels``) reads it back from the layout to name the printed group label in those
    rows' /Headers. Rows in ``printed`` print their group label (a row that opens a page,
    render/pdf_continued.py) and so repeat none."""
    marks = [[[column, cell.text] for column, cell in enumerate(cells)
              if cell.repeated and index not in printed]
             for index, cells in enumerate(rows)]
    return json.dumps(marks, ensure_ascii=False) if any(marks) else ""


def row_class(row: Row) -> str:
    return row.kind.value


def source_line(table: Table, report: Report) -> str:
    return f"{vocabulary(report).source}: {table.meta.source}" if table.meta.source else ""


def annex_label(chapter: Chapter, report: Report) -> str:
    """'Bijlage 1' for the first annex; '' for a chapter."""
    return f"{vocabulary(report).annex} {chapter.annex_number}" if chapter.annex_number else ""


def chapter_label(chapter: Chapter, report: Report) -> str:
    """'Bijlage 1 – Financieel overzicht' for annexes, the title for chapters."""
    label = annex_label(chapter, report)
    return f"{label} – {chapter.title}" if label else chapter.title


def inline_text(children: list[Inline], report: Report) -> str:
    """What a reader sees of a heading or link, table references numbered ("tabel 3")."""
    return plain_text(children, lambda ref: table_ref_text(ref, report)).strip()


Runs = tuple[tuple[str, str], ...]


def inline_runs(children: list[Inline], report: Report) -> Runs:
    """``inline_text`` in pieces of one language each, (text, lang) with "" for the
    report's own: a contents line or a chapter title keeps its words in another language
    marked (HTML ``lang``, DOCX ``w:lang``, PDF /Lang)."""
    runs: list[tuple[str, str]] = []
    for text, lang in language_runs(children, lambda ref: table_ref_text(ref, report)):
        if runs and runs[-1][1] == lang:
            runs[-1] = (runs[-1][0] + text, lang)
        elif text:
            runs.append((text, lang))
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return tuple(run for run in runs if run[0])


def title_runs(chapter: Chapter, report: Report) -> Runs:
    """The chapter title in language runs: its title heading's, unless the front matter
    gives the chapter another title (plain text)."""
    heading = title_heading(chapter.blocks)
    runs = inline_runs(heading.children, report) if heading is not None else ()
    return runs if "".join(text for text, _ in runs) == chapter.title else ((chapter.title, ""),)


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents: a chapter (``heading`` is its title heading, if any) or
    one of its headings down to CONTENTS_DEPTH."""

    level: int
    text: str
    anchor: str
    chapter: Chapter
    heading: Heading | None
    runs: Runs = ()  # ``text`` in language runs (``inline_runs``)


def contents_entries(report: Report) -> list[ContentsEntry]:
    entries: list[ContentsEntry] = []
    for chapter in report.chapters:
        title = title_heading(chapter.blocks)
        label = annex_label(chapter, report)
        runs = ((f"{label} – ", ""),) * bool(label) + title_runs(chapter, report)
        entries.append(ContentsEntry(1, chapter_label(chapter, report), chapter.anchor, chapter,
                                     title, runs))
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Heading) and block is not title and \
                    block.level <= CONTENTS_DEPTH:
                runs = inline_runs(block.children, report)
                entries.append(ContentsEntry(block.level, "".join(text for text, _ in runs),
                                             block.anchor, chapter, block, runs))
    return entries


def numbered_tables(report: Report) -> list[Table]:
    """The tables of the list of tables: placed and numbered, in number order."""
    return sorted((t for t in report.tables.values() if t.number), key=lambda t: t.number)


def kamerstuk_text(report: Report) -> str:
    kamerstuk = report.config.kamerstuk
    return str(kamerstuk) if kamerstuk else ""


def cover_lines(report: Report) -> list[tuple[str, str]]:
    """The title page, top to bottom, as (role, text): the kind of document ('Rapportage')
    above the title, as the publication has it, then organisation, date and Kamerstuk."""
    config = report.config
    lines = [("kind", config.subtitle), ("title", config.title),
             ("org", config.organisation), ("date", config.date_text),
             ("kamerstuk", kamerstuk_text(report))]
    return [(role, text) for role, text in lines if text]


def header_group_cells(table: Table, columns: Sequence[str] | None = None
                       ) -> list[tuple[str, int]]:
    """The spanning header row above the figure columns (all, or one part's): (title,
    colspan) per cell; a group split over two parts spans its columns in each."""
    columns = list(table.numeric_columns if columns is None else columns)
    cells: list[tuple[str, int]] = []
    for column in columns:
        group = next((g for g in table.meta.header_groups if column in g.columns), None)
        title = group.title if group is not None else ""
        previous = cells[-1][0] if cells else None
        same_group = group is not None and previous == title and \
            columns[columns.index(column) - 1] in group.columns
        if same_group:
            cells[-1] = (title, cells[-1][1] + 1)
        else:
            cells.append((title, 1))
    return cells


def link_href(link: Link, report: Report) -> str | None:
    """Where a link goes in every output: '#anchor' for a heading, chapter or table of the
    report, the address for a web link, None (the text alone) for anything else: a
    placeholder, an unknown anchor, a file in the project (not part of the outputs) or
    another scheme. The checks report each of those."""
    kind = link_kind(link.target)
    target = link.target.strip()
    if kind is LinkKind.WEB:
        return target
    if kind is not LinkKind.ANCHOR:
        return None
    anchor = target[1:]
    placed = {placement.table_id for _, placement in report.placements}
    if anchor in placed:
        return "#" + table_anchor(anchor)
    known = {table_anchor(t) for t in placed} | set(report.anchors) | \
        {chapter.anchor for chapter in report.chapters}
    return target if anchor in known else None


def is_placeholder(link: Link) -> bool:
    return link_kind(link.target) is LinkKind.PLACEHOLDER


def image_data_uri(report: Report, src: str) -> str:
    """A project image as a data: URI, so the HTML is one self-contained file; "" for
    anything else (the template then shows the alt text): the HTML never points a reader's
    browser at a path or a host."""
    import base64

    path = image_file(report.root, src)
    if path is None:
        return ""
    mime = IMAGE_TYPES[path.suffix.lower()]
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
