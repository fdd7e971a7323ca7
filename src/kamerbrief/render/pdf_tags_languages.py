"""Words in another language: /Lang on the element that holds them, found from their marks
(``Marks.languages``).

A step of ``pdf_tags.mend_pdf``, run before anything moves: the phrases are found in
WeasyPrint's own order of the tree, page by page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import pikepdf

from kamerbrief.render.pdf_structure import Element, StructureTree

# What a phrase's text is compared by: no spaces (a line break is one), no hyphen a line
# break added (U+2010, as WeasyPrint hyphenates; U+00AD), no case (text-transform).
_UNSPOKEN = re.compile(r"[\s\u00ad\u2010]+")


def comparable_words(text: str) -> str:
    """The words as a phrase is compared by (also a group label, ``pdf_tags_groups``)."""
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
            for piece in phrases.find(page, comparable_words(text)):
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
            self._words[index] = comparable_words(self.tree.text(self.elements[index]))
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
