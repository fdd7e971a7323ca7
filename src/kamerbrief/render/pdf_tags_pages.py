"""What a page does to the tag tree, mended: the running heads and folios in its margin,
which WeasyPrint tags but leaves out of the tree, and the elements its break cuts in two.

Steps of ``pdf_tags.mend_pdf``; where an element starts is told by its marks (``Marks.starts``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name

from kamerbrief.render.pdf_structure import Content, Element, StructureTree
from kamerbrief.render.pdf_tags_notes import footnote_area

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
# starts (``pdf_tags.START_MARKS_CSS``), so that here a page's elements of a type, less those that
# start on it, are the ones continued from the page before.
# (Not ``div``: WeasyPrint also makes a /Div of an anonymous box inside a div, which would
# throw the count; a /Div continues when its first element does.)
FRAGMENT_KINDS = {
    "main": "Part", "section": "Sect", "article": "Art", "blockquote": "BlockQuote",
    "p": "P", "ul": "L", "ol": "L", "dl": "L", "li": "LI", "dt": "LI", "dd": "LI",
    "table": "Table",
}


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
            if element.page is None or footnote_area(tree, element):
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
