"""Lists as ISO 32000-1 shapes them: each /LI its /Lbl and /LBody, a nested list in its
item's /LBody, a bullet an artifact. A step of ``pdf_tags.mend_pdf``.
"""

from __future__ import annotations

import re

from pikepdf import Dictionary, Name

from kamerbrief.render.pdf_structure import Content, Element, StructureTree

# A list marker that is only a bullet (CSS list-style-type disc, circle, square, or a dash).
_BULLET = re.compile(r"^\s*[•◦▪▫■□‣⁃∙·–—-]\s*$")


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
