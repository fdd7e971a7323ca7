"""The read document → the files of a kamerbrief project (as bytes, nothing written yet).

Two passes: the plan (which tables hold figures and get which id, which paragraphs around
them were their caption, unit, notes and source, which headings are link targets), then one
chapter file per level-1 heading, each with its footnotes at the end, the tables' CSV files
and sidecars, the pictures, and kamerbrief.toml.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from kamerbrief.config import slugify
from kamerbrief.docx_input import DocxPackage
from kamerbrief.importer.images import Images
from kamerbrief.importer.inline_md import InlineWriter, Targets
from kamerbrief.importer.ir import Block, Grid, Hyperlink, Inline, Para
from kamerbrief.importer.markdown import BlockWriter, Plan
from kamerbrief.importer.outline import ChapterPart, Outline, outline
from kamerbrief.importer.read import WordDocument, paragraphs
from kamerbrief.importer.sums import infer_structure, model_table
from kamerbrief.importer.tables import (
    DataTable,
    cell_marks,
    data_table,
    kind_of,
    merge_continued,
    read_context,
)
from kamerbrief.importer.unmapped import Reporter

CHAPTER_DIR = "chapters"
TABLE_DIR = "tables"
MAX_SLUG = 40
_SMALL_WORDS = {"de", "het", "een", "van", "in", "op", "tot", "per", "en", "voor", "met", "aan",
                "bij", "naar", "over", "uit", "om", "te", "of", "the", "and", "a", "an",
                "to", "for", "on"}


@dataclass
class Project:
    """The new project's files by path, and what they hold."""

    files: dict[str, bytes] = field(default_factory=dict)
    chapters: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    title: str = ""


def short_slug(text: str, fallback: str) -> str:
    """A file name or id from a title: at most MAX_SLUG characters, cut between words and
    not ending in a small word ('overzicht-van-geplande-besteding')."""
    slug = slugify(text) if text.strip() else ""
    if not slug or slug == "rapport" and "rapport" not in text.lower():
        return fallback
    words = slug.split("-")
    while len("-".join(words)) > MAX_SLUG and len(words) > 1:
        words.pop()
    while len(words) > 1 and words[-1] in _SMALL_WORDS:
        words.pop()
    return "-".join(words)[:MAX_SLUG]


class Converter:
    def __init__(self, document: WordDocument, package: DocxPackage, reporter: Reporter):
        self.document = document
        self.reporter = reporter
        self.where = "the document"
        self.images = Images(package, self.warn)
        self.plan = Plan()
        self.tables: dict[str, DataTable] = {}
        self.by_number: dict[int, str] = {}
        self.anchors: dict[str, str] = {}  # bookmark → '#anchor'
        language = document.styles.default_lang.split("-")[0].lower()
        self.language = language if language == "nl" else ""
        self._ids: set[str] = set()

    def warn(self, message: str) -> None:
        self.reporter.add(self.where, message)

    def at(self, where: str) -> None:
        self.where = where

    # ------------------------------------------------------------ plan

    def run(self, fallback_title: str) -> Project:
        parts = outline(self.document.blocks, self.reporter)
        linked = {link.anchor for link in _links(self.document) if link.anchor}
        for chapter in parts.chapters:
            if chapter.heading is not None:
                self._anchor(chapter.heading, linked, chapter.title_text)
            self._plan_tables(chapter.blocks, chapter.title_text, linked)
        project = Project()
        project.title = parts.title or self.document.properties.get("title", "") or \
            (parts.chapters[0].title_text if parts.chapters else "") or fallback_title
        names: set[str] = set()
        width = 3 if len(parts.chapters) > 99 else 2
        writer = BlockWriter(InlineWriter(self._targets({})), self.plan, self.at)
        for number, chapter in enumerate(parts.chapters, start=1):
            slug = short_slug(chapter.title_text, "hoofdstuk")
            name = f"{CHAPTER_DIR}/{number:0{width}d}-{slug}.md"
            while name in names:
                name = name[:-3] + "-2.md"
            names.add(name)
            project.files[name] = self._chapter(chapter, writer).encode("utf-8")
            project.chapters.append(name)
        for table_id, table in self.tables.items():
            columns = table.columns
            table.structure = infer_structure(model_table(
                table_id, table.header, table.rows, columns.labels, columns.text_columns))
            project.files[f"{TABLE_DIR}/{table_id}.csv"] = table.csv_text().encode("utf-8")
            project.files[f"{TABLE_DIR}/{table_id}.toml"] = table.sidecar_text().encode("utf-8")
            project.tables.append(table_id)
        for path, data in self.images.files.items():
            project.files[path] = data
            project.images.append(path)
        project.files["kamerbrief.toml"] = config_text(parts, project, self.document,
                                                       self.reporter).encode("utf-8")
        return project

    def _anchor(self, para: Para, linked: set[str], text: str = "") -> None:
        targets = [mark for mark in para.bookmarks if mark in linked]
        if not targets:
            return
        anchor = self._unique(short_slug(text or para.text(), "kop"))
        self.plan.heading_ids[id(para)] = anchor
        for mark in targets:
            self.anchors[mark] = f"#{anchor}"

    def _unique(self, base: str) -> str:
        name, count = base, 1
        while name.lower() in self._ids:
            count += 1
            name = f"{base}-{count}"
        self._ids.add(name.lower())
        return name

    def _plan_tables(self, blocks: list[Block], heading: str, linked: set[str]) -> str:
        previous: DataTable | None = None
        for index, block in enumerate(blocks):
            if isinstance(block, Para):
                if block.heading:
                    heading = block.text()
                    self._anchor(block, linked)
                for box in block.boxes:
                    heading = self._plan_tables(box, heading, linked)
                continue
            kind = kind_of(block)
            if kind == "box":
                inner = [b for row in block.rows for cell in row.cells for b in cell.blocks]
                heading = self._plan_tables(inner, heading, linked)
                continue
            if kind != "data":
                continue
            self.at(block.where)
            context = read_context(blocks, index, cell_marks(block))
            fallback = short_slug(heading, "tabel")
            table_id = self._unique(short_slug(context.caption, fallback)
                                    if context.caption else fallback)
            table = data_table(block, context, table_id, self._note_text, self.warn)
            for position in context.used:
                self.plan.taken.add(id(blocks[position]))
            if context.continued and previous is not None and merge_continued(previous, table):
                self.plan.tables[id(block)] = ""
                self._ids.discard(table_id.lower())
                continue
            self.plan.tables[id(block)] = table_id
            self.tables[table_id] = table
            previous = table
            if context.number and context.number not in self.by_number:
                self.by_number[context.number] = table_id
            marks = list(block.bookmarks)
            marks += [m for position in context.used for m in _bookmarks(blocks[position])]
            marks += [m for row in block.rows for cell in row.cells for b in cell.blocks
                      for m in _bookmarks(b)]
            for mark in marks:
                self.anchors.setdefault(mark, f"#{table_id}")
        return heading

    def _note_text(self, key: str) -> str:
        blocks = self.document.notes.get(key, [])
        return " ".join(" ".join(b.text() for b in blocks).split())

    # ------------------------------------------------------------ write

    def _targets(self, labels: dict[str, str]) -> Targets:
        def note_label(key: str) -> str | None:
            if key not in self.document.notes:
                self.warn(f"a reference to a {key.split(':')[0]} that is not in the document "
                          "is left out")
                return None
            if key not in labels:
                labels[key] = str(len(labels) + 1)
            return labels[key]

        return Targets(note_label=note_label, bookmark_note=self.document.bookmark_notes.get,
                       anchor=self.anchors.get, image=self.images.path,
                       table_number=self.by_number.get, warn=self.warn, language=self.language)

    def _chapter(self, chapter: ChapterPart, writer: BlockWriter) -> str:
        labels: dict[str, str] = {}
        writer.inline.targets = self._targets(labels)
        parts: list[str] = []
        if chapter.kind == "annex":
            parts.append("---\nkind: annex\n---")
        if chapter.heading is not None:
            self.at(chapter.heading.where)
        title = writer.inline.render(chapter.title).replace("\\\n", " ")
        explicit = self.plan.heading_ids.get(id(chapter.heading)) if chapter.heading else None
        parts.append(f"# {' '.join(title.split())}" + (f" {{#{explicit}}}" if explicit else ""))
        parts += writer.blocks(chapter.blocks)
        done = 0
        while done < len(labels):  # a note may call another note
            key = list(labels)[done]
            done += 1
            notes = writer.blocks(self.document.notes.get(key, []), in_box=True)
            if not notes:
                notes = [""]
                self.warn(f"{key.replace(':', ' ')} is empty")
            first, *rest = notes
            lines = [f"[^{labels[key]}]: {first}".rstrip()]
            for more in rest:
                lines += [""] + [f"    {line}".rstrip() for line in more.split("\n")]
            parts.append("\n".join(lines))
        return "\n\n".join(parts) + "\n"


def _bookmarks(block: Block) -> list[str]:
    return block.bookmarks if isinstance(block, (Para, Grid)) else []


def _links(document: WordDocument) -> Iterator[Hyperlink]:
    def inlines(items: list[Inline]) -> Iterator[Hyperlink]:
        for inline in items:
            if isinstance(inline, Hyperlink):
                yield inline
                yield from inlines(inline.children)

    for para in paragraphs(document):
        if not (para.in_toc or para.role == "toc"):  # the contents is left out, its links too
            yield from inlines(para.inlines)


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def config_text(parts: Outline, project: Project, document: WordDocument,
                reporter: Reporter) -> str:
    """kamerbrief.toml: the title page as read, the chapters in order, the colophon."""
    lines = ["# Made by `kamerbrief import` from a Word document: check the title page",
             "# (title, subtitle, organisation, date) and the colophon below.", "",
             "[report]", f"title = {_toml(project.title)}"]
    subtitle = parts.subtitle or document.properties.get("subject", "")
    organisation = parts.organisation or document.properties.get("creator", "")
    for key, value in (("subtitle", subtitle), ("organisation", organisation),
                       ("date_text", parts.date_text)):
        if value:
            lines.append(f"{key} = {_toml(value)}")
    if project.tables:
        lines.append("list_of_tables = true")
    lines.append("chapters = [")
    lines += [f"    {_toml(name)}," for name in project.chapters]
    lines.append("]")
    if parts.colophon:
        lines += ["", "[colophon]", "lines = ["]
        lines += [f"    {_toml(line)}," for line in parts.colophon]
        lines.append("]")
    return "\n".join(lines) + "\n"
