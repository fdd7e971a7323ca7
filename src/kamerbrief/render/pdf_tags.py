"""Mend WeasyPrint's PDF/UA tag tree where it falls short of PDF/UA-1 and of screen readers.

One post-pass over the finished PDF (``mend_pdf``), through pikepdf's public API and the
structure of ISO 32000-1 (``render/pdf_structure.py``): it never touches WeasyPrint's or
pydyf's Python objects, so a WeasyPrint release can change how it builds the tree and this
module still sees a PDF. Each step below recognises one shape WeasyPrint 70 writes (pinned by
``tests/test_pdf_accessibility.py``) and leaves the tree alone where the shape is not there.

What the PDF alone does not say (where an element a page break cut starts, which words are in
another language, which rows belong to a group label) the print HTML says through bookmark
labels (``MARKS_CSS``), which render/pdf.py reads from WeasyPrint's public ``Page.bookmarks``
and takes out before the PDF is written (``Marks``).

Upstream, for when a step can go: running heads as artifacts (Kozea/WeasyPrint#1836), /Scope
(#2508), one element across page breaks (#2903), PDF/UA in general (#2482).
"""

from __future__ import annotations

import bisect
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name

from kamerbrief.render.pdf_structure import (
    Annotation,
    Content,
    Element,
    StructureTree,
    rewrite_marked_content,
)

# Leader dots (CSS ``leader(".")``) and the space around them.
_LEADER = re.compile(r"^[\s.·…\u2024\u2025]+$")
# A list marker that is only a bullet (CSS list-style-type disc, circle, square, or a dash).
_BULLET = re.compile(r"^\s*[•◦▪▫■□‣⁃∙·–—-]\s*$")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_NOTE_MARKER = re.compile(r"^\s*(\d{1,4})\s*[.):]?\s*$")
# What ``drop_empty`` keeps when empty: an empty table cell is part of its table's grid.
_CELLS = {"TD", "TH", "TR", "THead", "TBody", "TFoot", "Table"}


# ---------------------------------------------------------------- marks from the layout

MARK = "kamerbrief-"
START_MARK = MARK + "start "
LANG_MARK = MARK + "lang "
GROUPS_MARK = MARK + "groups "


@dataclass
class Marks:
    """What the print HTML told the layout through ``MARKS_CSS``, read back from the pages'
    bookmarks (render/pdf.py, ``take_marks``).

    ``starts``: per page, how many elements of each structure type in ``FRAGMENT_KINDS``
    begin on it. ``languages``: per page, in order, each element in another language that
    begins on it: (language tag, its text). ``groups``: per table body that has group labels
    repeated for screen readers, in document order, per row: (label column, group label) of
    each label cell the row leaves empty though it is in that group (``common.group_marks``)."""

    starts: list[Counter[str]] = field(default_factory=list)
    languages: list[list[tuple[str, str]]] = field(default_factory=list)
    groups: list[list[list[tuple[int, str]]]] = field(default_factory=list)

    @classmethod
    def read(cls, pages: Sequence[Sequence[str]]) -> Marks:
        """The marks from each page's bookmark labels that start with ``MARK``, in order."""
        marks = cls()
        for labels in pages:
            starts: Counter[str] = Counter()
            languages: list[tuple[str, str]] = []
            for label in labels:
                if label.startswith(START_MARK):
                    starts[label[len(START_MARK):]] += 1
                elif label.startswith(LANG_MARK):
                    lang, _, text = label[len(LANG_MARK):].partition(" ")
                    if lang and text.strip():
                        languages.append((lang, text))
                elif label.startswith(GROUPS_MARK):
                    marks.groups.append(_group_rows(label[len(GROUPS_MARK):]))
            marks.starts.append(starts)
            marks.languages.append(languages)
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


# ---------------------------------------------------------------- running heads and folios

def running_heads_as_artifacts(tree: StructureTree, artifacts: dict[Content, Dictionary]) -> None:
    """Page-margin content (running heads, page numbers) as /Artifact /Pagination.

    WeasyPrint tags it but leaves its elements out of the tree: marked content whose
    /ParentTree element is not reachable from the root. PDF/UA-1 wants it an artifact
    (Matterhorn 18-001). Without /Subtype (/Header or /Footer, optional): telling them apart
    would mean reading every page's content stream for where it draws, a third of this
    pass's time, for a word no checker or screen reader uses."""
    reachable = {e.obj.objgen for e in tree.walk()}
    for content, owner in tree.mapped_content().items():
        if owner.objgen not in reachable:
            artifacts[content] = Dictionary(Type=Name.Pagination)


# ---------------------------------------------------------------- elements across page breaks

# HTML elements whose box a page break can cut, and the structure type WeasyPrint 70 gives
# each of them: one element per page it reaches. render/pdf.py marks where each one
# starts (``START_MARKS_CSS``), so that here a page's elements of a type, less those that
# start on it, are the ones continued from the page before.
# (Not ``div``: WeasyPrint also makes a /Div of an anonymous box inside a div, which would
# throw the count; a /Div continues when its first element does.)
FRAGMENT_KINDS = {
    "main": "Part", "section": "Sect", "article": "Art", "blockquote": "BlockQuote",
    "p": "P", "ul": "L", "ol": "L", "dl": "L", "li": "LI", "dt": "LI", "dd": "LI",
    "table": "Table",
}
# A bookmark label on each of those elements, read and taken out of the pages' bookmarks
# before the PDF is written (render/pdf.py): WeasyPrint gives a box split over pages its
# bookmark on the first page only. Level 9, below any heading a house style bookmarks.
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
MARKS_CSS = "\n".join((START_MARKS_CSS, LANG_MARKS_CSS, GROUPS_MARKS_CSS))


def join_page_breaks(tree: StructureTree, starts: Sequence[Mapping[str, int]],
                     artifacts: dict[Content, Dictionary]) -> None:
    """One element for each element a page break cut (Kozea/WeasyPrint#2903).

    WeasyPrint builds each page's tag tree on its own, from the document down, so a
    chapter, a list, a table or a paragraph over two pages is two elements, and so is every
    element around it. Walking down the first elements of a page, an element continues the
    last element of the same type on the page before when ``starts`` shows it did not start
    on its page; an element of another type (a /NonStruct, a /Div of no counted tag)
    continues when its first element does. A continued table keeps one /THead: the header
    row a page repeats becomes an artifact, and its cells' /Headers name the first one's."""
    counted = set(FRAGMENT_KINDS.values())
    on_page: dict[tuple[int, str], list[Element]] = {}
    for element in tree.walk():
        if element.page is not None and element.kind in counted:
            on_page.setdefault((element.page, element.kind), []).append(element)

    def continued(element: Element) -> bool:
        if element.kind in counted:
            if element.page is None or element.page >= len(starts):
                return False
            same = on_page.get((element.page, element.kind), [])
            carried = len(same) - starts[element.page].get(element.kind, 0)
            return any(e is element for e in same[:max(carried, 0)])
        first = element.kids[0] if element.kids else None
        return isinstance(first, Element) and continued(first)

    for root in tree.roots:
        # the last top-level element of each type, and the last page it reaches
        last: dict[str, tuple[Element, int]] = {}
        for element in list(root.elements):
            if element.page is None or _footnote_area(tree, element):
                continue
            before = last.get(element.kind)
            if before is not None and element.page == before[1] + 1 and continued(element):
                _join(tree, before[0], element, continued, artifacts)
                last[element.kind] = (before[0], element.page)
            else:
                last[element.kind] = (element, element.page)


def _join(tree: StructureTree, before: Element, after: Element, continued,
          artifacts: dict[Content, Dictionary]) -> None:
    """Move ``after``'s kids into ``before`` and join their edges, page break inwards."""
    assert after.parent is not None
    tree.detach(after, after.parent)
    if before.kind == "Table":
        _join_tables(tree, before, after, artifacts)
        return
    last = before.kids[-1] if before.kids else None
    first = after.kids[0] if after.kids else None
    tree.insert(before, len(before.kids), *after.kids)
    if (isinstance(last, Element) and isinstance(first, Element) and last.kind == first.kind
            and continued(first)):
        _join(tree, last, first, continued, artifacts)


def _head_cells(head: Element) -> list[Element]:
    return [cell for row in head.elements if row.kind == "TR" for cell in row.elements]


def _join_tables(tree: StructureTree, before: Element, after: Element,
                 artifacts: dict[Content, Dictionary]) -> None:
    head = next((k for k in before.elements if k.kind == "THead"), None)
    repeated = next((k for k in after.elements if k.kind == "THead"), None)
    renamed: dict[bytes, pikepdf.Object] = {}
    if repeated is not None:
        if head is not None:
            for was, now in zip(_head_cells(repeated), _head_cells(head), strict=False):
                was_id, now_id = was.obj.get("/ID"), now.obj.get("/ID")
                if was_id is not None and now_id is not None:
                    renamed[bytes(was_id)] = now_id
        for content in repeated.contents():
            artifacts[content] = Dictionary(Type=Name.Pagination)
        tree.detach(repeated, after)
    body = next((k for k in reversed(before.elements) if k.kind == "TBody"), None)
    moved: list[Element] = []
    for kid in list(after.kids):
        if isinstance(kid, Element) and kid.kind == "TBody" and body is not None:
            tree.insert(body, len(body.kids), *kid.kids)
            moved.extend(kid.elements)
        else:
            tree.insert(before, len(before.kids), kid)
            if isinstance(kid, Element):
                moved.append(kid)
    for element in moved:
        for cell in [element, *element.descendants()]:
            attributes = cell.obj.get("/A")
            if isinstance(attributes, Dictionary) and isinstance(attributes.get("/Headers"), Array):
                attributes.Headers = Array([renamed.get(bytes(h), h) for h in attributes.Headers])


# ---------------------------------------------------------------- words in another language

# What a phrase's text is compared by: no spaces (a line break is one), no hyphen a line
# break added (U+2010, as WeasyPrint hyphenates; U+00AD), no case (text-transform).
_UNSPOKEN = re.compile(r"[\s\u00ad\u2010]+")


def _squeeze(text: str) -> str:
    return _UNSPOKEN.sub("", text).casefold()


def foreign_languages(tree: StructureTree, languages: Sequence[Sequence[tuple[str, str]]]) -> None:
    """/Lang on the element that holds a phrase in another language (WCAG 3.1.2, ISO
    14289-1 7.2), which WeasyPrint 70 writes only on the catalog.

    WeasyPrint gives each inline element an element of its own (``<span>`` a /Span,
    ``<em>`` a /NonStruct) around its words, one per line the phrase takes. ``languages``
    (``Marks.languages``) lists, page by page in the order of the page's boxes, which is the
    order of WeasyPrint's tree, each phrase with its language and its text: the phrase is
    the next element on its page, in reading order, whose words are the phrase's, or whose
    words begin it and whose next elements of its kind hold the rest (a phrase broken over
    lines or pages). Each gets the /Lang; a /NonStruct becomes a /Span, the element ISO
    32000-1 names for an inline run with attributes of its own (14.8.4.4, 14.9.2), so that
    no reader passes the /Lang over with an element it ignores. Run before anything moves.
    """
    if not any(languages):
        return
    phrases = _Phrases(tree)
    for page, marked in enumerate(languages):
        for lang, text in marked:
            for piece in phrases.find(page, _squeeze(text)):
                if piece.kind == "NonStruct":
                    tree.set_kind(piece, "Span")
                piece.obj.Lang = pikepdf.String(lang)


class _Phrases:
    """The inline elements (/Span, /NonStruct) in tree order, page by page; each phrase found
    is taken, with the elements below it that hold the same words."""

    def __init__(self, tree: StructureTree) -> None:
        self.tree = tree
        walk = list(tree.walk())
        # where each element's subtree ends in the walk (preorder)
        end = list(range(1, len(walk) + 1))
        at = {id(e): i for i, e in enumerate(walk)}
        for i in range(len(walk) - 1, -1, -1):
            for kid in walk[i].elements:
                end[i] = max(end[i], end[at[id(kid)]])
        chosen = [i for i, e in enumerate(walk) if e.kind in ("Span", "NonStruct") and e.page is not None]
        self.elements = [walk[i] for i in chosen]
        # for each of them: the index of the first one after it that is not below it
        self.after = [bisect.bisect_left(chosen, end[i]) for i in chosen]
        self.pages: dict[int, list[int]] = {}
        for index, element in enumerate(self.elements):
            self.pages.setdefault(element.page or 0, []).append(index)
        self.last = 0  # where the last phrase found begins
        self.taken: set[int] = set()
        self._words: dict[int, str] = {}

    def words(self, index: int) -> str:
        if index not in self._words:
            self._words[index] = _squeeze(self.tree.text(self.elements[index]))
        return self._words[index]

    def find(self, page: int, want: str) -> list[Element]:
        """The elements that hold the words ``want``, the first of them on ``page``; [] when
        the page has none. The page is searched from where the last phrase began, as the
        phrases come in the order of the page's boxes, which is the tree's (the same words
        twice on a page are found in order); then from the page's top."""
        on_page = self.pages.get(page, [])
        split = bisect.bisect_left(on_page, self.last)
        for i in on_page[split:] + on_page[:split]:
            if i in self.taken or not want:
                continue
            got = self.words(i)
            if not got or not want.startswith(got):
                continue
            pieces, j = [i], self.after[i]
            while got != want and j < len(self.elements):
                more = self.words(j)
                if not more:
                    j += 1
                elif self.elements[j].kind == self.elements[i].kind and j not in self.taken \
                        and want.startswith(got + more):
                    pieces.append(j)
                    got += more
                    j = self.after[j]
                else:
                    break
            if got == want:
                for piece in pieces:
                    self.taken.add(piece)
                    self.taken.update(k for k in range(piece + 1, self.after[piece])
                                      if self.words(k) == self.words(piece))
                self.last = i + 1
                return [self.elements[k] for k in pieces]
        return []


# ---------------------------------------------------------------- links and the contents page

def contents_links(tree: StructureTree, artifacts: dict[Content, Dictionary]) -> None:
    """One /Link per link, its leader dots artifacts, its annotation described by its text.

    WeasyPrint makes ``a`` and each of its pseudo-elements (``a::after`` with the leader and
    the page number) a /Link with an annotation of its own, nested three deep; the leader's
    dots are tagged text. Here the nested links fold into the outer one, annotations that
    lie inside another of the same link go (the outer one covers them, so clicking is
    unchanged), the dots become layout artifacts, and each annotation's /Contents, which
    WeasyPrint fills with the target's id, becomes the words the link shows."""
    for link in [e for e in tree.walk() if e.kind == "Link"]:
        if link.parent is None or link.parent.kind == "Link":
            continue
        _fold_links(tree, link)
        leaders = {c for c in link.contents() if _LEADER.match(tree.text(c) or "x")}
        for content in leaders:
            artifacts[content] = Dictionary(Type=Name.Layout)
        link.kids = [k for k in link.kids if not (isinstance(k, Content) and k in leaders)]
        _drop_covered_annotations(tree, link)
        words = tree.words(link)
        for annotation in link.annotations():
            if words:
                annotation.annot.Contents = pikepdf.String(words)
            # Print flag: the link prints as it shows (nothing: it has no border).
            annotation.annot.F = int(annotation.annot.get("/F", 0)) | 4


def _fold_links(tree: StructureTree, link: Element) -> None:
    inner = [e for e in link.descendants() if e.kind == "Link"]
    if not inner:
        return
    annotations: list[Annotation] = list(link.annotations())
    contents = sorted(link.contents(), key=lambda c: (c.page, c.mcid))
    others = [e for e in link.descendants() if e.kind != "Link"]
    if others:  # a link around structure (an image, a span) keeps its shape
        return
    link.kids = [*annotations, *contents]


def _drop_covered_annotations(tree: StructureTree, link: Element) -> None:
    annotations = list(link.annotations())
    keep: list[Annotation] = []
    for annotation in annotations:
        rect = _rect(annotation.annot)
        covered = rect is not None and any(
            other is not annotation and other.page == annotation.page
            and _same_target(other.annot, annotation.annot)
            and (r := _rect(other.annot)) is not None and _inside(rect, r)
            and (not _inside(r, rect) or annotations.index(other) < annotations.index(annotation))
            for other in annotations)
        if not covered:
            keep.append(annotation)
    for annotation in annotations:
        if annotation in keep or annotation.page is None:
            continue
        page = tree.pdf.pages[annotation.page].obj
        page.Annots = Array([a for a in page.get("/Annots", []) if a.objgen != annotation.annot.objgen])
    link.kids = [k for k in link.kids if not isinstance(k, Annotation) or k in keep]


def _rect(annot: Dictionary) -> tuple[float, float, float, float] | None:
    rect = annot.get("/Rect")
    if not isinstance(rect, Array) or len(rect) != 4:
        return None
    x1, y1, x2, y2 = (float(v) for v in rect)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    slack = 0.5
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _same_target(a: Dictionary, b: Dictionary) -> bool:
    return repr(a.get("/Dest")) == repr(b.get("/Dest")) and repr(a.get("/A")) == repr(b.get("/A"))


# ---------------------------------------------------------------- lists

def list_bodies(tree: StructureTree, artifacts: dict[Content, Dictionary]) -> None:
    """Every /LI holds its /Lbl and an /LBody (ISO 32000-1 14.8.4.3.3), and a nested list
    sits in its item's /LBody. WeasyPrint gives an item /Lbl + /P, and puts a nested list
    beside its item in the parent /L.

    A label that is only a bullet says nothing the /LI does not: it becomes a layout
    artifact, so a screen reader does not say "bullet" before every item. WeasyPrint also
    paints all markers after the text of the page, so on a page of many items the tag tree
    would seem to read them out of place (outloud ORD-001). A numbered label stays a /Lbl."""
    for item in [e for e in tree.walk() if e.kind == "LI"]:
        for label in [k for k in item.elements if k.kind == "Lbl"]:
            contents = list(label.contents())
            if contents and all(_BULLET.match(tree.text(c)) for c in contents):
                for content in contents:
                    artifacts[content] = Dictionary(Type=Name.Layout)
                tree.detach(label, item)
        _give_body(tree, item)
    for lst in [e for e in tree.walk() if e.kind == "L"]:
        for nested in [k for k in lst.elements if k.kind == "L"]:
            before = lst.kids[:nested.index()]
            owner = next((k for k in reversed(before) if isinstance(k, Element) and k.kind == "LI"),
                         None)
            if owner is None:
                continue
            body = next(k for k in owner.elements if k.kind == "LBody")
            tree.detach(nested, lst)
            tree.insert(body, len(body.kids), nested)


def _give_body(tree: StructureTree, item: Element) -> None:
    labels = [k for k in item.kids if isinstance(k, Element) and k.kind == "Lbl"]
    bodies = [k for k in item.kids if isinstance(k, Element) and k.kind == "LBody"]
    rest = [k for k in item.kids if k not in labels and k not in bodies]
    if len(bodies) == 1 and not rest:
        return
    body = bodies[0] if bodies else tree.new_element("LBody", item.page)
    moved = [k for k in item.kids if k not in labels and k is not body]
    item.kids = [*labels, body]
    body.parent = item
    for kid in moved:
        if isinstance(kid, Element) and kid.kind == "LBody":
            tree.insert(body, len(body.kids), *kid.kids)
        else:
            tree.insert(body, len(body.kids), kid)


# ---------------------------------------------------------------- footnotes

def footnotes_as_notes(tree: StructureTree) -> None:
    """Each footnote a /Note with an /ID and its number as /Lbl, its call a /Reference
    (Matterhorn 19).

    WeasyPrint puts a page's footnotes in one element of their own at the top of the tree
    (the footnote area: an element per note, each opening with its marker "1. ") and tags
    the call in the text as an element holding only its number. A call and a note are
    paired by that number (CSS counts footnotes through the whole document): the last call
    with the note's number before the note, in reading order, on its page or the one before,
    one outside a table first (a number in a table is more likely the table's own note mark).

    The notes stay where the page prints them, after the page's text: moved next to their
    calls, a long note would be read in the middle of a sentence, and the tag tree would no
    longer follow the page (outloud ORD-001)."""
    notes: dict[int, Element] = {}
    for root in tree.roots:
        for area in root.elements:
            found = _footnote_area(tree, area)
            for number, note in found.items():
                notes.setdefault(number, note)
    if not notes:
        return
    order = {id(e): i for i, e in enumerate(tree.walk())}
    calls: dict[int, list[Element]] = {}
    note_ids = {id(n) for n in notes.values()}
    for element in tree.walk():
        if element.kind in ("Lbl", "Link") or element.parent is None or id(element) in note_ids:
            continue
        if _inside_note_area(element, notes):
            continue
        if element.kind != "NonStruct" or len(list(element.contents())) != 1 \
                or any(k.kind != "Span" for k in element.descendants()):
            continue
        match = _NUMBER.match(tree.text(element))
        if match and int(match.group(1)) in notes:
            calls.setdefault(int(match.group(1)), []).append(element)
    used: set[str] = set()
    paired: list[tuple[Element, Element]] = []
    for number, note in sorted(notes.items()):
        note_page = note.page if note.page is not None else -1
        candidates = [c for c in calls.get(number, [])
                      if order[id(c)] < order[id(note)] and c.page in (note_page, note_page - 1)]
        if not candidates:
            continue
        call = sorted(candidates, key=lambda c: (not _in_table(c), order[id(c)]))[-1]
        tree.set_kind(call, "Reference")
        marker = note.elements[0]
        tree.set_kind(marker, "Lbl")
        tree.set_kind(note, "Note")
        identifier = f"kb-note-{number}"
        while identifier in used:
            identifier += "-"
        used.add(identifier)
        note.obj.ID = pikepdf.String(identifier)
        paired.append((note, call))
    _notes_to_their_sections(tree, paired)


def _notes_to_their_sections(tree: StructureTree,
                             paired: list[tuple[Element, Element]]) -> None:
    """A page's notes close the section their calls are in, in page order, as the HTML puts
    a chapter's footnotes at its end: the text reads on without them, and where the
    sections were joined over page breaks a page's notes would otherwise all trail the
    document."""
    for note, call in paired:
        area = note.parent
        section = call.parent
        while section is not None and section.kind not in ("Sect", "Art", "Part"):
            section = section.parent
        if area is None or section is None or area.parent is None or area.parent is section:
            continue
        tree.detach(area, area.parent)
        tree.insert(section, len(section.kids), area)


def _footnote_area(tree: StructureTree, area: Element) -> dict[int, Element]:
    """{number: note} when ``area`` has the footnote area's shape, else {}."""
    if area.kind != "NonStruct" or not area.elements or len(area.elements) != len(area.kids):
        return {}
    notes: dict[int, Element] = {}
    for note in area.elements:
        first = note.elements[0] if note.elements else None
        if note.kind != "Span" or first is None or note.kids[0] is not first or first.kind != "NonStruct":
            return {}
        match = _NOTE_MARKER.match(tree.text(first))
        if not match or int(match.group(1)) in notes:
            return {}
        notes[int(match.group(1))] = note
    return notes


def _in_table(element: Element) -> bool:
    parent = element.parent
    while parent is not None:
        if parent.kind == "Table":
            return True
        parent = parent.parent
    return False


def _inside_note_area(element: Element, notes: dict[int, Element]) -> bool:
    areas = {id(n.parent) for n in notes.values()}
    parent: Element | None = element
    while parent is not None:
        if id(parent) in areas:
            return True
        parent = parent.parent
    return False


# ---------------------------------------------------------------- tables

def tables(tree: StructureTree) -> None:
    for table in [e for e in tree.walk() if e.kind == "Table"]:
        caption_inside(tree, table)
        empty_corner_cells(tree, table)
        corner_cells(tree, table)
        scope_header_cells(table)
        column_headers(table)


def caption_inside(tree: StructureTree, table: Element) -> None:
    """A table's /Caption inside its /Table, as its first kid (ISO 32000-1 14.8.4.3.4).

    WeasyPrint tags ``<figcaption>`` as a /Caption beside the table (kamerbrief's table is a
    ``<figure>``: caption, unit line, the table in its scroll box, notes, source). The
    caption moves into the /Table with what stands between it and the table (the unit line),
    so both are read first, as printed."""
    holder = table
    while holder.parent is not None and holder.parent.kind in ("Div", "NonStruct") \
            and len(holder.parent.elements) == 1 and holder.parent.parent is not None:
        holder = holder.parent
    figure = holder.parent
    if figure is None or figure.kind not in ("NonStruct", "Div", "Figure", "Sect"):
        return
    position = holder.index()
    before = figure.kids[:position]
    captions = [k for k in before if isinstance(k, Element) and k.kind == "Caption"]
    if len(captions) != 1 or any(isinstance(k, Element) and k.kind == "Table" for k in before):
        return
    caption = captions[0]
    start = caption.index()
    between = figure.kids[start + 1:position]
    if any(not isinstance(k, Element) or k.kind != "P" for k in between):
        return
    for kid in [caption, *between]:
        tree.detach(kid, figure)
    if between:  # the caption's own words in a paragraph, then the unit line
        words = tree.new_element("P", caption.page)
        tree.insert(words, 0, *caption.kids)
        caption.kids = []
        tree.insert(caption, 0, words, *between)
    tree.insert(table, 0, caption)


def _cells(table: Element) -> Iterable[tuple[str, Element, Element]]:
    """(section kind, row, cell) for every cell, head first, in order."""
    for section in table.elements:
        rows = section.elements if section.kind in ("THead", "TBody", "TFoot") else [section]
        for row in rows:
            if row.kind != "TR":
                continue
            for cell in row.elements:
                if cell.kind in ("TH", "TD"):
                    yield (section.kind if section.kind != "TR" else "TBody"), row, cell


def empty_corner_cells(tree: StructureTree, table: Element) -> None:
    """A header cell with no text heads nothing: it becomes a /TD, and no cell names it in
    /Headers (the corner above a label column the writer left without a heading)."""
    _header_to_data(table, [cell for _section, _row, cell in _cells(table) if cell.kind == "TH"
                            and not tree.text(cell).strip() and "/Alt" not in cell.obj])


def corner_cells(tree: StructureTree, table: Element) -> None:
    """Where a table's header cells would outnumber its data cells (a table of one row, or
    row labels with a single column of figures), the head's cells above the row-header
    column(s) are tagged as data cells. They head only other headers, never a figure (no
    data cell names them in /Headers), and so many headers against so few data cells is the
    shape of a table whose cells were cut apart (outloud TBL-010)."""
    cells = [cell for _section, _row, cell in _cells(table)]
    if sum(c.kind == "TH" for c in cells) <= sum(c.kind == "TD" for c in cells):
        return
    leading = max((_leading_headers(row) for row in _rows(table, head=False)), default=0)
    corner: list[Element] = []
    for head_row in _rows(table, head=True):
        column = 0
        for cell in head_row.elements:
            if column < leading and cell.kind == "TH":
                corner.append(cell)
            column += _span(cell, "/ColSpan")
    _header_to_data(table, corner)


def _leading_headers(row: Element) -> int:
    """How many columns the row's leading header cells (its row labels) take."""
    columns = 0
    for cell in row.elements:
        if cell.kind != "TH":
            break
        columns += _span(cell, "/ColSpan")
    return columns


def _rows(table: Element, head: bool) -> list[Element]:
    rows: dict[int, Element] = {}
    for section, row, _cell in _cells(table):
        if (section == "THead") == head:
            rows.setdefault(id(row), row)
    return list(rows.values())


def _span(cell: Element, key: str) -> int:
    attributes = cell.obj.get("/A")
    value = attributes.get(key) if isinstance(attributes, Dictionary) else None
    return int(value) if value is not None else 1


def _header_to_data(table: Element, cells: list[Element]) -> None:
    dropped: set[bytes] = set()
    for cell in cells:
        cell.kind = "TD"
        cell.obj.S = Name.TD
        identifier = cell.obj.get("/ID")
        if identifier is not None:
            dropped.add(bytes(identifier))
            del cell.obj["/ID"]
        attributes = cell.obj.get("/A")
        if isinstance(attributes, Dictionary) and "/Scope" in attributes:
            del attributes["/Scope"]
    if not dropped:
        return
    for _section, _row, cell in _cells(table):
        attributes = cell.obj.get("/A")
        if isinstance(attributes, Dictionary) and isinstance(attributes.get("/Headers"), Array):
            attributes.Headers = Array([h for h in attributes.Headers if bytes(h) not in dropped])


def scope_header_cells(table: Element) -> None:
    """Every /TH gets a /Scope, which WeasyPrint 70 leaves out (Kozea/WeasyPrint#2508):
    /Column in the head, /Row in the body."""
    for section, _row, cell in _cells(table):
        if cell.kind != "TH":
            continue
        attributes = cell.obj.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            cell.obj.A = attributes
        if "/Scope" not in attributes:
            attributes.Scope = Name.Column if section == "THead" else Name.Row


def column_headers(table: Element) -> None:
    """Each data cell names in /Headers the head cells above its column(s), top row first.

    WeasyPrint 70 numbers the columns of a head with a cell that spans two rows wrongly (its
    count of the rows a cell still covers is overwritten by the next row's first cell): under
    a year over "Plan, Realisatie, Verschil" beside two label headers of two rows, the figure
    under "Plan" named "Verschil" and the one under "Realisatie" nothing. Here the grid is laid
    out again from every cell's /ColSpan and /RowSpan (the HTML table model), and the head's
    part of each body /TD's /Headers is written from it; the rest (row headers, group
    labels) stays, in its order."""
    taken: set[tuple[int, int]] = set()
    columns: dict[int, list[pikepdf.Object]] = {}
    head_ids: set[bytes] = set()
    body: list[tuple[Element, range]] = []
    for number, (section, row) in enumerate(_sections_rows(table)):
        column = 0
        for cell in [c for c in row.elements if c.kind in ("TH", "TD")]:
            while (number, column) in taken:
                column += 1
            across, down = _span(cell, "/ColSpan"), _span(cell, "/RowSpan")
            span = range(column, column + max(across, 1))
            taken.update((number + r, c) for r in range(max(down, 1)) for c in span)
            identifier = cell.obj.get("/ID")
            if section == "THead" and cell.kind == "TH" and identifier is not None:
                head_ids.add(bytes(identifier))
                for c in span:
                    columns.setdefault(c, []).append(identifier)
            elif section != "THead" and cell.kind == "TD":
                body.append((cell, span))
            column = span.stop
    if not head_ids:
        return
    for cell, span in body:
        above = list({bytes(i): i for c in span for i in columns.get(c, [])}.values())
        attributes = cell.obj.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            cell.obj.A = attributes
        old = attributes.get("/Headers")
        rest = [h for h in old if bytes(h) not in head_ids] if isinstance(old, Array) else []
        if rest or above:
            attributes.Headers = Array([*rest, *above])


def _sections_rows(table: Element) -> list[tuple[str, Element]]:
    """(section kind, row) for every row, head first, in order."""
    rows: dict[int, tuple[str, Element]] = {}
    for section, row, _cell in _cells(table):
        rows.setdefault(id(row), (section, row))
    return list(rows.values())


def group_labels(tree: StructureTree, groups: Sequence[Sequence[Sequence[tuple[int, str]]]]) -> None:
    """Every cell of a row in a group names the group's label in /Headers (WCAG 1.3.1).

    A group label ("Voorkomen" in the Hoofdlijn column) is printed in its group's first row
    only, as published, where it is a row header (/TH, /Scope /Row) that WeasyPrint puts in
    the /Headers of that row's cells. The rows below leave the column empty, and so their
    cells would not be tied to the group. ``groups`` (``Marks.groups``) lists, for each table
    body that has such rows, in document order, each row's label columns that repeat a group
    label and the label. Matched to the /Table elements in reading order (one per table part,
    joined over page breaks), a table takes a body's marks when it has as many body rows and
    every such cell is an empty /TD below a /TH of that column with the label's words; then
    the /ID of that /TH goes first in the /Headers of every /TD of the row, as in the group's
    first row. The pages do not change: the label is not printed again, not even hidden."""
    if not groups:
        return
    tables = [e for e in tree.walk() if e.kind == "Table"]
    position = 0
    for rows in groups:
        for index in range(position, len(tables)):
            headers = _group_headers(tree, tables[index], rows)
            if headers is not None:
                for row, ids in headers:
                    _add_headers(row, ids)
                position = index + 1
                break


def _group_headers(tree: StructureTree, table: Element, marks: Sequence[Sequence[tuple[int, str]]]
                   ) -> list[tuple[Element, list[pikepdf.Object]]] | None:
    """(row, group header ids) for each marked row of ``table``; None when the table is not
    the one ``marks`` describes."""
    rows = _rows(table, head=False)
    if len(rows) != len(marks) or not any(marks):
        return None
    cells = [[c for c in row.elements if c.kind in ("TH", "TD")] for row in rows]
    found: list[tuple[Element, list[pikepdf.Object]]] = []
    for number, repeats in enumerate(marks):
        ids: list[pikepdf.Object] = []
        for column, label in repeats:
            if column >= len(cells[number]):
                return None
            cell = cells[number][column]
            if cell.kind != "TD" or tree.text(cell).strip():
                return None
            header = _header_above(tree, cells, number, column)
            identifier = header.obj.get("/ID") if header is not None else None
            if header is None or identifier is None \
                    or not _squeeze(tree.text(header)).startswith(_squeeze(label)):
                return None
            ids.append(identifier)
        if ids:
            found.append((rows[number], ids))
    return found


def _header_above(tree: StructureTree, cells: list[list[Element]], row: int,
                  column: int) -> Element | None:
    """The nearest /TH above ``row`` in ``column``, over empty cells only."""
    for above in range(row - 1, -1, -1):
        if column >= len(cells[above]):
            return None
        cell = cells[above][column]
        if cell.kind == "TH":
            return cell
        if tree.text(cell).strip():
            return None
    return None


def _add_headers(row: Element, ids: list[pikepdf.Object]) -> None:
    for cell in row.elements:
        if cell.kind != "TD":
            continue
        attributes = cell.obj.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            cell.obj.A = attributes
        old = attributes.get("/Headers")
        rest = list(old) if isinstance(old, Array) else []
        named = {bytes(i) for i in ids}
        attributes.Headers = Array([*ids, *(h for h in rest if bytes(h) not in named)])


# ---------------------------------------------------------------- empty elements

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
