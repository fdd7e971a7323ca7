"""Links and the contents page: one /Link per link, its leader dots artifacts, its
annotation described by the words it shows. A step of ``pdf_tags.mend_pdf``.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name

from kamerbrief.render.pdf_structure import Annotation, Content, Element, StructureTree

# Leader dots (CSS ``leader(".")``) and the space around them.
_LEADER = re.compile(r"^[\s.·…\u2024\u2025]+$")


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
    if not others:
        link.kids = [*annotations, *contents]
        return
    # A link around structure (an image, a /Span of words in another language) keeps its
    # shape: each nested link gives its place to what it holds, its annotation to this one.
    for element in inner:  # parents first
        parent = element.parent
        assert parent is not None
        held = [kid for kid in element.kids if not isinstance(kid, Annotation)]
        at = element.index()
        parent.kids[at:at + 1] = held
        for kid in held:
            if isinstance(kid, Element):
                kid.parent = parent
    own = [kid for kid in link.kids if not isinstance(kid, Annotation)]
    link.kids = [*annotations, *own]


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
