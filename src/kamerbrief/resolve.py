"""Whole-document numbering and lookups, computed once after reading.

Tables are numbered in placement order, footnotes in order of first reference through the
whole document, and values quoted in prose are taken from their tables. Renderers use these
numbers as they are and never recompute them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.figures import CellTerm, FigureError, cells, evaluate, parse_figure, scaled
from kamerbrief.lookup import CellNotFound, cell_value
from kamerbrief.model import (
    FigureRef,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Report,
    TablePlacement,
    ValueRef,
)
from kamerbrief.numbers import SCALES, format_number
from kamerbrief.walk import chapter_inlines, plain_text, walk_blocks


def resolve(report: Report) -> list[Diagnostic]:
    """Number, look up and index the report; safe to run again on the same objects.

    Everything it computes is reset first, so a chapter or table reused from an earlier load
    (project.SourceCache) ends up exactly as a freshly read one.
    """
    findings: list[Diagnostic] = []
    _reset(report)
    _number_annexes(report)
    _number_tables(report, findings)
    _number_footnotes(report)
    _resolve_values(report, findings)
    for chapter in report.chapters:
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Heading):
                report.anchors.setdefault(block.anchor, chapter.title)
    return findings


def _number_annexes(report: Report) -> None:
    """Annexes are numbered in reading order: Bijlage 1, Bijlage 2, …"""
    count = 0
    for chapter in report.chapters:
        count += chapter.kind == "annex"
        chapter.annex_number = count if chapter.kind == "annex" else 0


def _reset(report: Report) -> None:
    """Forget what an earlier resolve computed: numbers, quoted values, placements, anchors."""
    report.placements = []
    report.anchors = {}
    for table in report.tables.values():
        table.number = 0
        table.placed = False
        table.heading = ""
    for chapter in report.chapters:
        for definition in chapter.footnotes.values():
            definition.number = 0
        for inline in chapter_inlines(chapter):
            if isinstance(inline, FootnoteRef):
                inline.number = 0
            elif isinstance(inline, (ValueRef, FigureRef)):
                inline.text = ""


def _number_tables(report: Report, findings: list[Diagnostic]) -> None:
    number = 0
    for chapter in report.chapters:
        heading = chapter.title
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Heading):
                heading = plain_text(block.children) or heading
            if not isinstance(block, TablePlacement):
                continue
            table = report.tables.get(block.table_id)
            if table is None:
                known = ", ".join(sorted(report.tables)) or "none"
                findings.append(Diagnostic(
                    "KB207", Severity.ERROR, f"no table '{block.table_id}' to place",
                    block.location,
                    hint=f"add tables/{block.table_id}.csv (or .xlsx), or use one of: {known}"))
                continue
            if table.placed:
                first = f" (first as tabel {table.number})" if table.number else ""
                findings.append(Diagnostic(
                    "KB201", Severity.ERROR, f"table '{table.id}' is placed twice{first}",
                    block.location, hint="place a table once; refer to it with [tabel](#id)"))
                continue
            table.placed = True
            table.heading = heading
            if table.meta.numbered:
                number += 1
                table.number = number
            report.placements.append((chapter, block))


def _number_footnotes(report: Report) -> None:
    number = 0
    for chapter in report.chapters:
        seen: dict[str, int] = {}
        for inline in chapter_inlines(chapter, with_footnotes=False):
            if not isinstance(inline, FootnoteRef):
                continue
            definition: FootnoteDef | None = chapter.footnotes.get(inline.label)
            if definition is None:
                continue  # reported by the footnote check
            if inline.label not in seen:
                number += 1
                seen[inline.label] = number
                definition.number = number
            inline.number = seen[inline.label]


def value_text(ref: ValueRef, report: Report) -> tuple[str, str]:
    """Render a quoted value, or return ("", reason) when it does not resolve."""
    table = report.tables.get(ref.table_id)
    if table is None:
        return "", f"no table '{ref.table_id}'"
    try:
        value, _, _ = cell_value(table, ref.row, ref.column)
    except CellNotFound as exc:
        return "", str(exc)
    words = ref.fmt.split()
    decimals: int | None = None
    if words and words[0] in SCALES:
        value = value * table.meta.unit_scale / SCALES[words[0]]
        words = words[1:]
        decimals = 1
    if words:
        # ASCII digits only ("²".isdigit() is true), and a sane number of decimals
        if len(words) > 1 or not re.fullmatch(r"[0-9]{1,2}", words[0]) or int(words[0]) > 6:
            return "", f"unknown format '{ref.fmt}'; use e.g. 'miljoen 1' or '0' (0 to 6 decimals)"
        decimals = int(words[0])
    locale = report.config.locale
    return format_number(Decimal(value), decimals, locale=locale), ""


def figure_text(ref: FigureRef, report: Report) -> tuple[str, str]:
    """Compute and print a ``{{reken}}`` figure, or return ("", reason)."""
    try:
        figure = parse_figure(ref.expression)
        terms = cells(figure.expression)
        tables = {term.table_id: report.tables.get(term.table_id) for term in terms}
        missing = sorted(name for name, table in tables.items() if table is None)
        if missing:
            raise FigureError(f"no table '{missing[0]}'")
        columns: list[tuple[str, str]] = []

        def lookup(term: CellTerm) -> tuple[Decimal, Decimal]:
            table = report.tables[term.table_id]
            value, _, column = cell_value(table, term.row, term.column)
            columns.append((term.table_id, column))
            return value, table.meta.unit_scale

        result = evaluate(figure.expression, lookup)
        unit_scales = {report.tables[term.table_id].meta.unit_scale for term in terms}
        decimals = max((report.tables[table_id].column_decimals(column)
                        for table_id, column in columns), default=0)
        value, shown = scaled(result, figure.fmt, unit_scales, decimals)
    except (FigureError, CellNotFound) as exc:
        return "", str(exc)
    return format_number(value, shown, locale=report.config.locale), ""


# A quoted value or computed figure that does not resolve: its code, message and fix.
_UNRESOLVED = {
    ValueRef: ("KB501", "value reference does not resolve",
               "write {{waarde <tabel> | <rij> | <kolom> | <formaat>}}"),
    FigureRef: ("KB502", "computed figure does not resolve",
                "write {{reken [tabel | rij | kolom] / [tabel | rij | kolom] | procent 0}}; "
                "see docs/markdown.md"),
}


def _resolve_values(report: Report, findings: list[Diagnostic]) -> None:
    for chapter in report.chapters:
        for inline in chapter_inlines(chapter):
            if isinstance(inline, ValueRef):
                text, problem = value_text(inline, report)
            elif isinstance(inline, FigureRef):
                text, problem = figure_text(inline, report)
            else:
                continue
            if problem:
                code, what, hint = _UNRESOLVED[type(inline)]
                findings.append(Diagnostic(code, Severity.ERROR, f"{what}: {problem}",
                                           inline.location, hint=hint))
            inline.text = "??" if problem else text
