"""Mend WeasyPrint's PDF/UA tag tree where it falls short of PDF/UA-1 and of screen readers.

One post-pass over the finished PDF (``mend_pdf``), through pikepdf's public API and the
structure of ISO 32000-1 (``render/pdf_structure.py``): it never touches WeasyPrint's or
pydyf's Python objects, so a WeasyPrint release can change how it builds the tree and this
module still sees a PDF. Each step recognises one shape WeasyPrint 70 writes (pinned by
``tests/test_pdf_accessibility.py``) and leaves the tree alone where the shape is not there.
This module holds the marks, the order of the steps and the artifacts they make; the steps
live beside it, one module a part of the document: ``pdf_tags_pages`` (running heads, page
breaks), ``pdf_tags_languages``, ``pdf_tags_links`` (and the contents page),
``pdf_tags_lists``, ``pdf_tags_notes`` (footnotes), ``pdf_tags_tables``, ``pdf_tags_groups``
(group labels in tables).

What the PDF alone does not say (where an element a page break cut starts, which words are in
another language, which rows belong to a group label) the print HTML says through bookmark
labels (``MARKS_CSS``), which render/pdf.py reads from WeasyPrint's public ``Page.bookmarks``
and takes out before the PDF is written (``Marks``).

Upstream, for when a step can go: running heads as artifacts (Kozea/WeasyPrint#1836), /Scope
(#2508), one element across page breaks (#2903), PDF/UA in general (#2482).
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary

from kamerbrief.render.pdf_structure import Content, Element, StructureTree, rewrite_marked_content
from kamerbrief.render.pdf_tags_groups import group_labels
from kamerbrief.render.pdf_tags_languages import foreign_languages
from kamerbrief.render.pdf_tags_links import contents_links
from kamerbrief.render.pdf_tags_lists import list_bodies
from kamerbrief.render.pdf_tags_notes import footnotes_as_notes
from kamerbrief.render.pdf_tags_pages import FRAGMENT_KINDS, join_page_breaks, running_heads_as_artifacts
from kamerbrief.render.pdf_tags_tables import tables

# ---------------------------------------------------------------- marks from the layout

MARK = "kamerbrief-"
START_MARK = MARK + "start "
LANG_MARK = MARK + "lang "
GROUPS_MARK = MARK + "groups "
ROW_MARK = MARK + "row "

# A bookmark label on each element in ``FRAGMENT_KINDS`` (``pdf_tags_pages``), read and taken
# out of the pages' bookmarks before the PDF is written (render/pdf.py): WeasyPrint gives a
# box split over pages its bookmark on the first page only. Level 9, below any heading a
# house style bookmarks.
START_MARKS_CSS = "\n".join(
    f'{tag} {{ bookmark-level: 9; bookmark-label: "{START_MARK}{kind}" }}'
    for tag, kind in FRAGMENT_KINDS.items())
# The inline elements the templates give a ``lang`` (``Emphasis.lang``, ``LangSpan``): each
# marks its language and its text where it begins (``foreign_languages``).
LANG_TAGS = ("span", "em", "strong")
LANG_MARKS_CSS = (", ".join(f"{tag}[lang]" for tag in LANG_TAGS)
                  + f' {{ bookmark-level: 9; bookmark-label: "{LANG_MARK}" attr(lang) " " content(text) }}')
# A table body whose rows repeat a group label for screen readers says which (the print
# template's ``data-kb-groups``, from ``common.group_marks``; ``group_labels``).
GROUPS_MARKS_CSS = ('tbody[data-kb-groups] { bookmark-level: 9; '
                    f'bookmark-label: "{GROUPS_MARK}" attr(data-kb-groups) }}')
# A body row of a table that prints a group label once says which row it is, so that a page
# it opens can be told apart (render/pdf_continued.py).
ROW_MARKS_CSS = f'tr[data-kb-row] {{ bookmark-level: 9; bookmark-label: "{ROW_MARK}" attr(data-kb-row) }}'
MARKS_CSS = "\n".join((START_MARKS_CSS, LANG_MARKS_CSS, GROUPS_MARKS_CSS, ROW_MARKS_CSS))


@dataclass
class Marks:
    """What the print HTML told the layout through ``MARKS_CSS``, read back from the pages'
    bookmarks (render/pdf.py, ``take_marks``).

    ``starts``: per page, how many elements of each structure type in ``FRAGMENT_KINDS``
    begin on it. ``languages``: per page, in order, each element in another language that
    begins on it: (language tag, its text). ``groups``: per table body that has group labels
    repeated for screen readers, in document order, per row: (label column, group label) of
    each label cell the row leaves empty though it is in that group (``common.group_marks``).
    ``rows``: per page, in order, the ``data-kb-row`` of each marked table row on it."""

    starts: list[Counter[str]] = field(default_factory=list)
    languages: list[list[tuple[str, str]]] = field(default_factory=list)
    groups: list[list[list[tuple[int, str]]]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @classmethod
    def read(cls, pages: Sequence[Sequence[str]]) -> Marks:
        """The marks from each page's bookmark labels that start with ``MARK``, in order."""
        marks = cls()
        for labels in pages:
            starts: Counter[str] = Counter()
            languages: list[tuple[str, str]] = []
            rows: list[str] = []
            for label in labels:
                if label.startswith(START_MARK):
                    starts[label[len(START_MARK):]] += 1
                elif label.startswith(LANG_MARK):
                    lang, _, text = label[len(LANG_MARK):].partition(" ")
                    if lang and text.strip():
                        languages.append((lang, text))
                elif label.startswith(GROUPS_MARK):
                    marks.groups.append(_group_rows(label[len(GROUPS_MARK):]))
                elif label.startswith(ROW_MARK):
                    rows.append(label[len(ROW_MARK):])
            marks.starts.append(starts)
            marks.languages.append(languages)
            marks.rows.append(rows)
        return marks


def _group_rows(text: str) -> list[list[tuple[int, str]]]:
    try:
        rows = json.loads(text)
        return [[(int(column), str(label)) for column, label in row] for row in rows]
    except (ValueError, TypeError):
        return []


def mend_pdf(data: bytes, marks: Marks | None = None) -> bytes:
    """The PDF with its tag tree mended; the pages look exactly the same.

    ``marks`` (render/pdf.py, ``take_marks``) says where elements cut by a page break begin,
    which words are in another language and which table rows belong to a group label;
    without it, elements broken by a page break stay in pieces, and those words and rows
    keep the tags WeasyPrint gave them."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return data
        tree = StructureTree(pdf)
        artifacts: dict[Content, Dictionary] = {}
        running_heads_as_artifacts(tree, artifacts)
        if marks is not None:
            # before anything moves: the tree still has WeasyPrint's order, page by page
            foreign_languages(tree, marks.languages)
            join_page_breaks(tree, marks.starts, artifacts)
        contents_links(tree, artifacts)
        list_bodies(tree, artifacts)
        footnotes_as_notes(tree)
        tables(tree)
        if marks is not None:
            group_labels(tree, marks.groups)
        drop_empty(tree)
        _remove_content(tree, set(artifacts))  # what is an artifact has no element
        tree.write()
        _write_artifacts(pdf, artifacts)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _write_artifacts(pdf: pikepdf.Pdf, artifacts: dict[Content, Dictionary]) -> None:
    pages: dict[int, dict[int, Dictionary]] = {}
    for content, properties in artifacts.items():
        pages.setdefault(content.page, {})[content.mcid] = properties
    for page, mcids in sorted(pages.items()):
        rewrite_marked_content(pdf, page, mcids)


def _remove_content(tree: StructureTree, doomed: set[Content]) -> None:
    for element in tree.walk():
        if any(isinstance(k, Content) and k in doomed for k in element.kids):
            element.kids = [k for k in element.kids if not (isinstance(k, Content) and k in doomed)]


# ---------------------------------------------------------------- empty elements

# What ``drop_empty`` keeps when empty: an empty table cell is part of its table's grid.
_CELLS = {"TD", "TH", "TR", "THead", "TBody", "TFoot", "Table"}


def drop_empty(tree: StructureTree) -> None:
    """Elements with no content, no kids that have any, and no alternative text go
    (Matterhorn 09: an empty /P or /Div is noise to a screen reader). Table cells stay: an
    empty cell is part of its table's grid."""
    def empty(element: Element) -> bool:
        if element.kind in _CELLS or "/Alt" in element.obj or "/ActualText" in element.obj:
            return False
        return all(isinstance(k, Element) and empty(k) for k in element.kids)

    for root in tree.roots:
        for element in list(root.descendants()):
            if element.parent is not None and empty(element):
                tree.detach(element, element.parent)
