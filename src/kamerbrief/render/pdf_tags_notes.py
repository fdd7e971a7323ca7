"""Footnotes: each note a /Note with its number as /Lbl, its call a /Reference, a page's
notes at the end of the section their calls are in. A step of ``pdf_tags.mend_pdf``; the
page-break step (``pdf_tags_pages``) leaves the footnote area, recognised here, alone.
"""

from __future__ import annotations

import re

import pikepdf

from kamerbrief.render.pdf_structure import Element, StructureTree

_NUMBER = re.compile(r"^\s*(\d{1,4})\s*$")
_NOTE_MARKER = re.compile(r"^\s*(\d{1,4})\s*[.):]?\s*$")


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
            found = footnote_area(tree, area)
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


def footnote_area(tree: StructureTree, area: Element) -> dict[int, Element]:
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
