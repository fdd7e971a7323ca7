"""Paragraphs and tables of one chapter → Markdown blocks as docs/markdown.md describes them.

Headings (Heading 2–4 → ## … ####), paragraphs, lists (numbered and bulleted, nested by
their Word level), block quotes (a Quote style, or a paragraph indented on both sides; a
following "— speaker" line is the attribution), boxes (``::: kader`` from a one-cell table,
a text box or a run of shaded or bordered paragraphs; ``::: praktijkverhaal`` when it says
so), table placements ``{{tabel id}}`` where a data table stood, and small Markdown tables
for tables without figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kamerbrief.importer.inline_md import InlineWriter
from kamerbrief.importer.ir import Block, Grid, Para, Picture, Span
from kamerbrief.importer.tables import kind_of, text_rows

QUOTE_INDENT = 567  # twips: 1 cm
_ATTRIBUTION = ("—", "– ", "-- ")
STORY = "praktijkverhaal"


@dataclass
class Plan:
    """Decided before writing: which tables are data tables (and their ids), which
    paragraphs around them were taken as caption, unit, notes or source, and which
    headings are link targets (with their ids)."""

    tables: dict[int, str] = field(default_factory=dict)  # id(Grid) → table id
    taken: set[int] = field(default_factory=set)  # id(Para) used by a table
    heading_ids: dict[int, str] = field(default_factory=dict)  # id(Para) → explicit {#id}


@dataclass
class _Item:
    level: int
    ordered: bool
    start: int
    text: str
    more: list[str] = field(default_factory=list)  # continuation paragraphs


class BlockWriter:
    def __init__(self, inline: InlineWriter, plan: Plan, at: Callable[[str], None]):
        self.inline = inline
        self.plan = plan
        self.at = at  # tells the converter where warnings now point
        self.counters: dict[tuple[str, int], int] = {}  # Word continues a numbering instance

    def blocks(self, blocks: list[Block], in_box: bool = False) -> list[str]:
        """Markdown blocks, each a text of one or more lines; joined by blank lines."""
        out: list[str] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            self.at(block.where)
            if isinstance(block, Grid):
                out.extend(self.grid(block, in_box))
                index += 1
                continue
            if id(block) in self.plan.taken:
                index += 1
                continue
            if block.numbering:
                index = self.list_block(blocks, index, out)
                continue
            if self._quote(block):
                index = self.quote(blocks, index, out)
                continue
            if block.framed and not block.heading and not in_box and block.text():
                end = index
                while end < len(blocks) and isinstance(blocks[end], Para) and \
                        blocks[end].framed and not blocks[end].heading:  # type: ignore[union-attr]
                    end += 1
                out.extend(self.box(blocks[index:end]))
                index = end
                continue
            if block.role == "code":
                index = self.code(blocks, index, out)
                continue
            out.extend(self.paragraph(block, in_box))
            index += 1
        return [text for text in out if text.strip()]

    # ------------------------------------------------------------ one block

    def paragraph(self, para: Para, in_box: bool) -> list[str]:
        out: list[str] = []
        text = self.inline.render(para.inlines)
        if para.heading >= 2 and text and not in_box:
            level = min(para.heading, 4)
            if para.heading > 4:
                self.inline.targets.warn(f"a heading of level {para.heading} becomes a level-4 "
                                         "heading (####), the deepest kamerbrief has")
            explicit = self.plan.heading_ids.get(id(para))
            out.append("#" * level + " " + " ".join(text.replace("\\\n", " ").split())
                       + (f" {{#{explicit}}}" if explicit else ""))
        elif para.heading >= 2 and text:
            out.append(f"**{text}**" if "\n" not in text else text)
        elif text:
            out.append(text)
        for box in para.boxes:
            out.extend(self.box(box))
        return out

    def grid(self, grid: Grid, in_box: bool) -> list[str]:
        kind = kind_of(grid)
        if kind == "empty":
            return []
        if id(grid) in self.plan.tables:  # '' for the second part of a table split in two
            table_id = self.plan.tables[id(grid)]
            return [f"{{{{tabel {table_id}}}}}"] if table_id else []
        if kind == "box":
            blocks = [b for row in grid.rows for cell in row.cells for b in cell.blocks]
            if in_box:
                self.inline.targets.warn("a box inside a box is imported as its text")
                return self.blocks(blocks, in_box=True)
            return self.box(blocks)
        if kind == "data":  # a data table whose id was not planned (inside a text box)
            self.inline.targets.warn("a table with figures inside a text box is kept as a "
                                     "Markdown table; move it out of the box")
        return ["\n".join(text_rows(grid, self._cell_markdown))]

    def _cell_markdown(self, blocks: list[Block]) -> str:
        texts = [self.inline.render(b.inlines).replace("\\\n", " ") if isinstance(b, Para)
                 else self.inline.plain([Span(b.text())]) for b in blocks]
        return " ".join(" ".join(texts).split())

    def box(self, blocks: list[Block]) -> list[str]:
        """'::: kader Title' … ':::'; a first bold line is the title; 'Praktijkverhaal' above
        it makes a practice story."""
        content = [b for b in blocks if not (isinstance(b, Para) and _blank(b))]
        kind, title = "kader", ""
        first = content[0] if content else None
        if isinstance(first, Para) and (first.role == "box_label" or
                                         first.text().lower() == STORY):
            kind = STORY
            content = content[1:]
            first = content[0] if content else None
        if isinstance(first, Para) and (first.role == "box_title" or (
                len(content) > 1 and _all_bold(first) and len(first.text()) <= 150)):
            title = first.text()
            content = content[1:]
        inner = self.blocks(content, in_box=True)
        return ["\n\n".join([f"::: {kind} {title}".rstrip(), *inner, ":::"])]

    def list_block(self, blocks: list[Block], index: int, out: list[str]) -> int:
        items: list[_Item] = []
        base = None
        while index < len(blocks):
            block = blocks[index]
            if not isinstance(block, Para) or id(block) in self.plan.taken:
                break
            self.at(block.where)
            if block.numbering:
                num_id, level = block.numbering
                base = level if base is None else min(base, level)
                previous = items[-1].level if items else -1
                depth = min(level - base, previous + 1)
                start = self._start(block)
                items.append(_Item(depth, block.ordered, start, self.inline.render(block.inlines)))
                for box in block.boxes:
                    items[-1].more.extend(self.box(box))
            elif items and (block.role == "list_continue" or _blank(block)):
                text = self.inline.render(block.inlines)
                if text:
                    items[-1].more.append(text)
            else:
                break
            index += 1
        out.append("\n".join(_list_lines(items)))
        return index

    def _start(self, para: Para) -> int:
        """The number Word shows: numbering continues through a list that is interrupted."""
        assert para.numbering is not None
        num_id, level = para.numbering
        key = (num_id, level)
        number = self.counters.get(key, para.start)
        self.counters[key] = number + 1
        for other in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[other]
        return number

    def _quote(self, para: Para) -> bool:
        if para.role == "quote":
            return True
        if para.role or para.heading or para.numbering or not para.text():
            return False
        italic = all(inline.italic for inline in para.inlines
                     if isinstance(inline, Span) and inline.text.strip())
        return para.indent_left >= QUOTE_INDENT and (para.indent_right >= QUOTE_INDENT // 2
                                                     or italic)

    def quote(self, blocks: list[Block], index: int, out: list[str]) -> int:
        paragraphs: list[str] = []
        while index < len(blocks):
            block = blocks[index]
            if not isinstance(block, Para) or id(block) in self.plan.taken:
                break
            if self._quote(block) and block.role != "quote_source" and \
                    not block.text().startswith(_ATTRIBUTION):
                paragraphs.append(self.inline.render(block.inlines))
                index += 1
            elif _blank(block):
                index += 1
            else:
                break
        if index < len(blocks) and isinstance(blocks[index], Para):
            source = blocks[index]
            assert isinstance(source, Para)
            text = source.text()
            if source.role == "quote_source" or (text.startswith(_ATTRIBUTION) and len(text) < 300):
                attribution = self.inline.render(source.inlines).lstrip("—–- \\")
                paragraphs.append(f"— {attribution}")
                index += 1
        lines: list[str] = []
        for paragraph in paragraphs:
            if lines:
                lines.append(">")
            lines += [f"> {line}".rstrip() for line in paragraph.split("\n")]
        out.append("\n".join(lines))
        return index

    def code(self, blocks: list[Block], index: int, out: list[str]) -> int:
        lines: list[str] = []
        while index < len(blocks) and isinstance(blocks[index], Para) and \
                blocks[index].role == "code":  # type: ignore[union-attr]
            para = blocks[index]
            assert isinstance(para, Para)
            lines.append(para.text())
            index += 1
        fence = "~~~~" if any("```" in line or "~~~" in line for line in lines) else "```"
        out.append("\n".join([fence, *lines, fence]))
        return index


def _list_lines(items: list[_Item]) -> list[str]:
    """Nested Markdown lists: a list one level deeper is indented to its parent item's text."""
    lines: list[str] = []
    levels: list[tuple[str, bool]] = []  # per open level: (indent of its markers, ordered)
    child_indent = [""]  # child_indent[n]: where a list at level n puts its markers
    for item in items:
        level = min(item.level, len(levels))
        if level < len(levels) and levels[level][1] != item.ordered:
            del levels[level:]  # a bullet list after a numbered one: a new list
        del levels[level + 1:]
        if level == len(levels):
            levels.append((child_indent[level], item.ordered))
        indent = levels[level][0]
        marker = f"{item.start}. " if item.ordered else "- "
        inner = indent + " " * len(marker)
        del child_indent[level + 1:]
        child_indent.append(inner)
        text_lines = item.text.split("\n") if item.text else [""]
        lines.append(f"{indent}{marker}{text_lines[0]}".rstrip())
        lines += [f"{inner}{line}" for line in text_lines[1:]]
        for more in item.more:
            lines.append("")
            lines += [f"{inner}{line}".rstrip() for line in more.split("\n")]
    return lines


def _all_bold(para: Para) -> bool:
    spans = [inline for inline in para.inlines if isinstance(inline, Span) and inline.text.strip()]
    return bool(spans) and all(span.bold for span in spans)


def _blank(para: Para) -> bool:
    """No text, no picture, no text box: a spacer."""
    return not para.text() and not para.boxes and \
        not any(isinstance(inline, Picture) for inline in para.inlines)
