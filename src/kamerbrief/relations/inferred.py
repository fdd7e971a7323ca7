"""Arithmetic a table shows by itself, found without a declaration where it is unambiguous.

- **Numbering**: a row numbered 4.2 with rows 4.2.1, 4.2.2 under it equals their sum (a
  parent with one child equals that child).
- **Breakdowns**: ``waarvan`` rows under a row together are at most that row (a share such
  as "waarvan juridisch verplicht (%)" is no amount, and is said to be not arithmetic).
- **Column headers that state a formula**: "Stand (4)=(2+3)" with columns numbered (2), (3).
- **shape = "budgettaire-gevolgen"**: the Rijksbegroting's standard table.
"""

from __future__ import annotations

import re

from kamerbrief.formula import Binary, Expr, Negate, Ref
from kamerbrief.model import Row, Table
from kamerbrief.relations.defaults import sum_relations, sum_words
from kamerbrief.relations.model import Operand, Produced, Relation
from kamerbrief.relations.rows import (
    children,
    code_of,
    has_figures,
    is_breakdown,
    is_share,
    labels_text,
    top_level,
)


def numbering(table: Table, claimed: set[int]) -> tuple[Produced, set[int]]:
    produced, sums = Produced(), set()
    coded = [(code_of(r), r) for r in table.rows if code_of(r) and not is_breakdown(r)]
    counts: dict[str, int] = {}
    for code, _ in coded:
        counts[code] = counts.get(code, 0) + 1
    for code, parent in coded:
        if counts[code] > 1 or parent.index in claimed or not has_figures(parent, table):
            continue
        kids = [r for c, r in coded if c.startswith(code + ".") and "." not in c[len(code) + 1:]
                and has_figures(r, table)]
        if not kids:
            continue
        sums.add(parent.index)
        produced.relations += sum_relations(
            table, parent, kids, "KB107", f"'{parent.display_label}'", sum_words(parent, kids),
            f"correct the wrong figure; {code} is the sum of its sub-numbers {code}.*")
    return produced, sums


def breakdowns(table: Table) -> Produced:
    produced = Produced()
    rows = table.rows
    index = 0
    while index < len(rows):
        if not is_breakdown(rows[index]):
            index += 1
            continue
        start = index
        while index < len(rows) and is_breakdown(rows[index]):
            index += 1
        group = rows[start:index]
        parent = next((r for r in reversed(rows[:start]) if has_figures(r, table)), None)
        amounts = []
        for row in group:
            if is_share(row, table):
                produced.acknowledged.append((row, "a share, not an amount: no sum to check"))
            elif has_figures(row, table):
                amounts.append(row)
        if parent is None or not amounts:
            continue
        for relation in sum_relations(table, parent, amounts, "KB109",
                                      f"'waarvan' under '{parent.display_label}'", "", ""):
            relation.kind = "<="
            relation.words = (f"{' + '.join(r.label for r in amounts)} break down "
                              f"'{parent.label}'")
            relation.hint = ("a 'waarvan' row is part of the row above it; together they cannot "
                             "be more than that row")
            produced.relations.append(relation)
    return produced


_NUMBERED_HEADER = re.compile(r"\((\d+)\)")
_HEADER_FORMULA = re.compile(r"\((\d+)\)\s*=\s*\(?\s*((?:\(?\d+\)?\s*[-+−–]\s*)+\(?\d+\)?)\s*\)?")


def header_formulas(table: Table) -> Produced:
    """"Stand (4)=(2+3)": column (4) = column (2) + column (3), as the header says."""
    produced = Produced()
    numbered: dict[str, str] = {}
    for column in table.figure_columns:
        found = _NUMBERED_HEADER.findall(column)
        if found:
            numbered.setdefault(found[0], column)
    for column in table.figure_columns:
        match = _HEADER_FORMULA.search(column)
        if not match or numbered.get(match.group(1)) != column:
            continue
        terms = re.findall(r"([-+−–]?)\s*\(?(\d+)\)?", match.group(2))
        if not all(number in numbered for _, number in terms):
            continue
        words = " ".join(f"{'−' if sign and sign != '+' else '+'} ({n})"
                         for sign, n in terms).lstrip("+ ")
        for row in table.rows:
            if row.cells[column].value is None:
                continue
            expr: Expr | None = None
            for sign, number in terms:
                ref: Expr = Ref(Operand(table, row, numbered[number]), f"({number})")
                negative = bool(sign) and sign != "+"
                if expr is None:
                    expr = Negate(ref) if negative else ref
                else:
                    expr = Binary("-" if negative else "+", expr, ref)
            assert expr is not None
            produced.relations.append(Relation(
                "KB103", Operand(table, row, column), expr, f"({match.group(1)}) = {words}",
                f"'{row.display_label}' / '{column}'",
                "the column header states this formula; correct the figure",
                rounding=table.meta.rounding))
    return produced


# ------------------------------------------------------------------ budgettaire gevolgen

MAIN_LINES = ("verplichtingen", "uitgaven", "ontvangsten")


def _main_line(row: Row) -> str:
    text = labels_text(row)
    return next((word for word in MAIN_LINES if text == word), "")


def budgettaire_gevolgen(table: Table, claimed: set[int]) -> tuple[Produced, set[int]]:
    """The Rijksbegrotingsvoorschriften' table: Verplichtingen, Uitgaven with the articles,
    instruments and regelingen that make it up, Ontvangsten (with their parts, if any).

    Uitgaven = the outermost rows with figures between Uitgaven and Ontvangsten; a deeper
    row (label column, then numbering) is a part of the row above it that is shallower.
    A jaarverslag's Verschil column = Realisatie − Vastgestelde begroting.
    """
    produced, sums = Produced(), set()
    rows = table.rows
    lines = [(index, _main_line(row)) for index, row in enumerate(rows) if _main_line(row)]
    for position, (index, word) in enumerate(lines):
        if word == "verplichtingen":
            continue
        end = lines[position + 1][0] if position + 1 < len(lines) else len(rows)
        block = [r for r in rows[index + 1:end] if not is_breakdown(r)]
        parts = top_level(block, table)
        target = rows[index]
        if not has_figures(target, table) or target.index in claimed:
            continue
        if not parts:
            produced.acknowledged.append((target, "a main line with no parts under it"))
            continue
        sums.add(target.index)
        produced.relations += sum_relations(
            table, target, parts, "KB107", f"'{target.label}'", sum_words(target, parts),
            "correct the wrong figure; in this shape the outermost rows under it add up to it")
        for row in block:  # an instrument with its regelingen, in deeper label columns
            kids = children(row, block, table) if has_figures(row, table) else []
            if kids and row.index not in claimed:
                sums.add(row.index)
                produced.relations += sum_relations(
                    table, row, kids, "KB107", f"'{row.display_label}'", sum_words(row, kids),
                    "correct the wrong figure; the indented rows under it add up to it")
    produced.extend(_verschil(table))
    return produced, sums


def _verschil(table: Table) -> Produced:
    columns = table.figure_columns
    if len(columns) < 3 or not columns[-1].strip().casefold().startswith("verschil") \
            or "begroting" not in columns[-2].casefold():
        return Produced()
    realisatie, begroting, verschil = columns[-3], columns[-2], columns[-1]
    produced = Produced()
    for row in table.rows:
        if row.cells[verschil].value is None:
            continue
        expr = Binary("-", Ref(Operand(table, row, realisatie), realisatie),
                      Ref(Operand(table, row, begroting), begroting))
        produced.relations.append(Relation(
            "KB103", Operand(table, row, verschil), expr,
            f"{verschil} = {realisatie} − {begroting}", f"'{row.display_label}' / '{verschil}'",
            "in this shape Verschil = Realisatie − Vastgestelde begroting; correct the figure",
            rounding=table.meta.rounding))
    return produced
