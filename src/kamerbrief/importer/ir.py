"""What the importer reads out of a .docx before it writes Markdown: paragraphs with their
meaning (style, numbering, frame) and runs of formatted text, tables as grids of cells.

Nothing here knows Markdown; nothing in the writers knows WordprocessingML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kamerbrief.importer.styles import Style


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    lang: str = ""  # another language than the document's
    link: str = ""  # set while inside a HYPERLINK field: 'url' or '#anchor'


@dataclass
class Break:
    """A line break inside a paragraph."""


@dataclass
class NoteRef:
    key: str  # 'footnote:2' or 'endnote:1'


@dataclass
class NoteRepeat:
    """A second reference to a note (Word's NOTEREF field), by the bookmark on the first."""

    bookmark: str


@dataclass
class Picture:
    alt: str
    part: str = ""  # the image part inside the package
    link: str = ""  # an external address (a linked image): never fetched
    kind: str = "picture"  # picture | chart | shape


@dataclass
class Hyperlink:
    children: list[Inline]
    url: str = ""
    anchor: str = ""  # a bookmark in the document


Inline = Span | Break | NoteRef | NoteRepeat | Picture | Hyperlink


@dataclass
class Para:
    number: int  # 1-based, in document order: where a warning points
    where: str  # 'paragraph 12', 'footnote 3'
    style: Style
    inlines: list[Inline]
    heading: int = 0  # 1–9; 0 for no heading
    numbering: tuple[str, int] | None = None  # (numId, ilvl) of a list item
    ordered: bool = False
    start: int = 1
    framed: bool = False
    indent_left: int = 0
    indent_right: int = 0
    bookmarks: list[str] = field(default_factory=list)
    in_toc: bool = False
    boxes: list[list[Block]] = field(default_factory=list)  # text boxes anchored here

    @property
    def role(self) -> str:
        return self.style.role

    def text(self) -> str:
        """The paragraph's plain text, whitespace collapsed."""
        return " ".join(inline_text(self.inlines).split())


@dataclass
class Cell:
    blocks: list[Block]
    span: int = 1
    merge: str = ""  # '' | 'restart' | 'continue' (w:vMerge)

    def text(self) -> str:
        return " ".join(" ".join(b.text() if isinstance(b, Para) else b.text()
                                 for b in self.blocks).split())


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # w:tblHeader: repeated as a header row
    before: int = 0  # w:gridBefore: grid columns skipped at the start


@dataclass
class Grid:
    number: int  # the number of its first paragraph
    where: str
    rows: list[Row]
    style_name: str = ""
    bookmarks: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(cell.text() for row in self.rows for cell in row.cells)

    @property
    def width(self) -> int:
        return max((row.before + sum(c.span for c in row.cells) for row in self.rows), default=0)


Block = Para | Grid


def inline_text(inlines: list[Inline]) -> str:
    parts: list[str] = []
    for inline in inlines:
        if isinstance(inline, Span):
            parts.append(inline.text)
        elif isinstance(inline, Break):
            parts.append(" ")
        elif isinstance(inline, Hyperlink):
            parts.append(inline_text(inline.children))
    return "".join(parts)
