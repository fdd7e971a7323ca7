"""Real Word footnotes: a ``/word/footnotes.xml`` part and ``w:footnoteReference`` runs.

python-docx 1.2 has no footnote API. Word needs three things, all made here and nowhere else:
the part (content type WML_FOOTNOTES, related from the document with RT.FOOTNOTES) holding
the separator notes with ids -1 and 0 and the real notes from 1; the footnote styles; and
``w:footnotePr`` in settings naming the separators. python-docx must also be taught to load
the part (else a reopened file holds it as an opaque blob): ``register_footnote_part`` in
``docx_ooxml`` does that when a render starts, not on import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from docx.document import Document
from docx.oxml.ns import nsdecls, qn

from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    SETTINGS_ORDER,
    BaseOxmlElement,
    BlockItemContainer,
    CT_Footnote,
    element,
    footnotes_part,
    insert_ordered,
    note_container,
    parse,
    ppr,
    rpr,
    text_run,
)
from kamerbrief.render.docx_styles import StyleIds, ensure_styles

_TEXT_STYLE_ID = StyleIds.FOOTNOTE_TEXT
_REFERENCE_STYLE_ID = StyleIds.FOOTNOTE_REFERENCE

_EMPTY_PART = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


class Footnotes:
    """The document's footnotes: add notes by number and reference them from runs."""

    def __init__(self, document: Document):
        self.document = document
        self.part = footnotes_part(document, _EMPTY_PART)
        self._clear_notes()
        ensure_footnote_styles(document)
        _declare_separators(document)

    def add(self, number: int, fill: Callable[[BlockItemContainer], None]) -> None:
        """Add note ``number``; ``fill`` writes its paragraphs, then the number mark goes first."""
        note = cast(CT_Footnote, parse(f'<w:footnote {nsdecls("w")} w:id="{number}"/>'))
        self.part.element.append(note)
        body = note_container(note, self.part)
        fill(body)
        paragraphs = note.findall(qn("w:p"))
        first = paragraphs[0] if paragraphs else note.add_p()
        mark = _reference_run("w:footnoteRef")
        space = text_run(" ")
        properties = first.find(qn("w:pPr"))
        index = 0 if properties is None else list(first).index(properties) + 1
        first.insert(index, mark)
        first.insert(index + 1, space)
        for paragraph in note.findall(qn("w:p")):
            style = ppr(paragraph).find(qn("w:pStyle"))
            if style is None:
                insert_ordered(ppr(paragraph), element("w:pStyle", val=_TEXT_STYLE_ID), PPR_ORDER)

    @staticmethod
    def reference(number: int) -> BaseOxmlElement:
        """The superscript run referring to note ``number``; the caller places it."""
        return _reference_run("w:footnoteReference", number)

    def texts(self) -> dict[int, str]:
        """Note number → plain text, for tests and checks of the output."""
        return note_texts(self.part.element)

    def _clear_notes(self) -> None:
        """A reused template part keeps its separators but none of its own notes."""
        for note in self.part.element.findall(qn("w:footnote")):
            if int(note.get(qn("w:id"), "0")) > 0:
                self.part.element.remove(note)


def note_texts(footnotes: BaseOxmlElement) -> dict[int, str]:
    """Plain text of each real note in a ``w:footnotes`` element."""
    texts: dict[int, str] = {}
    for note in footnotes.findall(qn("w:footnote")):
        number = int(note.get(qn("w:id"), "0"))
        if number > 0:
            texts[number] = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
    return texts


def _reference_run(tag: str, number: int | None = None) -> BaseOxmlElement:
    run = element("w:r")
    insert_ordered(rpr(run), element("w:rStyle", val=_REFERENCE_STYLE_ID), RPR_ORDER)
    mark = element(tag) if number is None else element(tag, id=str(number))
    run.append(mark)
    return run


def ensure_footnote_styles(document: Document) -> None:
    """Define the footnote styles when the template has them only as latent styles."""
    ensure_styles(document, only={StyleIds.FOOTNOTE_TEXT, StyleIds.FOOTNOTE_REFERENCE})


def _declare_separators(document: Document) -> None:
    """``w:footnotePr`` in settings lists the separator notes, as Word itself writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    footnote_pr = element("w:footnotePr")
    footnote_pr.append(element("w:footnote", id="-1"))
    footnote_pr.append(element("w:footnote", id="0"))
    insert_ordered(settings, footnote_pr, SETTINGS_ORDER)
