"""The whole Word document as the importer sees it: body blocks, notes, styles, properties."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kamerbrief.docx_input import DocxPackage
from kamerbrief.importer.body import BodyReader
from kamerbrief.importer.ir import Block, Para
from kamerbrief.importer.numbering import read_numbering
from kamerbrief.importer.ooxml import qn
from kamerbrief.importer.package import ImportRefused, core_properties, external_relationships
from kamerbrief.importer.styles import Styles, read_styles
from kamerbrief.importer.unmapped import Reporter

_RELATION_WORDS = {
    "attachedTemplate": "an attached template",
    "image": "a linked picture",
    "oleObject": "a linked object",
    "subDocument": "a subdocument",
    "frame": "a frame",
    "externalLinkPath": "a linked file",
    "aFChunk": "an embedded document",
}


@dataclass
class WordDocument:
    blocks: list[Block]
    notes: dict[str, list[Block]]  # 'footnote:2' → its blocks
    bookmark_notes: dict[str, str]  # bookmark name → the note key whose reference it encloses
    styles: Styles
    properties: dict[str, str] = field(default_factory=dict)  # title, subject, creator, language


def read_document(package: DocxPackage, reporter: Reporter, max_blocks: int) -> WordDocument:
    """The document, refused when it holds more than ``max_blocks`` paragraphs and tables."""
    body = package.body
    count = sum(1 for _ in body.iter(qn("w:p"), qn("w:tbl")))
    if count > max_blocks:
        raise ImportRefused(f"{package.source.name} is too large to import: {count} paragraphs "
                            f"and tables, at most {max_blocks} are read",
                            "split the report into parts and import each one")
    styles_part = package.related(package.main, "styles")
    styles = read_styles(package.xml(styles_part) if styles_part else None)
    numbering_part = package.related(package.main, "numbering")
    numbering = read_numbering(package.xml(numbering_part) if numbering_part else None)
    for part, rel in external_relationships(package):
        what = _RELATION_WORDS.get(rel.kind, f"an external '{rel.kind}'")
        if rel.kind == "image":
            continue  # reported where the picture stands
        reporter.add("the document", f"{what} at {rel.target!r} ({part}) is not fetched or read")
    reader = BodyReader(package, package.main, styles, numbering, reporter)
    blocks = reader.blocks(body)
    notes: dict[str, list[Block]] = {}
    for kind in ("footnote", "endnote"):
        notes_part = package.related(package.main, f"{kind}s")
        if notes_part is None:
            continue
        for note in package.xml(notes_part).iter(qn(f"w:{kind}")):
            if note.get(qn("w:type")) not in (None, "normal"):
                continue  # separators
            note_id = str(note.get(qn("w:id")) or "")
            note_reader = BodyReader(package, notes_part, styles, numbering, reporter,
                                     label=f"{kind} {note_id}")
            notes[f"{kind}:{note_id}"] = note_reader.blocks(note)
    return WordDocument(blocks, notes, reader.bookmark_notes, styles, core_properties(package))



def paragraphs(document: WordDocument) -> Iterator[Para]:
    """Every paragraph, in tables, text boxes and notes too."""
    def walk(blocks: list[Block]) -> Iterator[Para]:
        for block in blocks:
            if isinstance(block, Para):
                yield block
                for box in block.boxes:
                    yield from walk(box)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(cell.blocks)

    yield from walk(document.blocks)
    for note in document.notes.values():
        yield from walk(note)
