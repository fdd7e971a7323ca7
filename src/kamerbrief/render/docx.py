"""The report as a Word document a policy officer can keep working in.

Word's own machinery, not look-alikes: named styles from the house template, real footnotes,
captions with SEQ fields and cross-references as REF fields, a TOC field (and a list of
tables) with a readable cached entry list, PAGE fields, sections for the cover and for wide
tables. Fields carry cached results so the file reads right before Word updates them, and
``w:updateFields`` asks Word to refresh them on opening.

The renderer reads the resolved model only; numbers, captions and references are phrased by
``render.common``. One method per block kind and per inline kind, dispatched by type.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx import Document as open_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.section import Section
from docx.shared import Emu, Mm, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kamerbrief.model import (
    Block,
    Box,
    Chapter,
    Code,
    CodeBlock,
    Emphasis,
    FigureRef,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    MarkdownTable,
    Quote,
    Report,
    Rule,
    TablePlacement,
    TableRef,
    Text,
    ValueRef,
)
from kamerbrief.model import (
    Paragraph as ModelParagraph,
)
from kamerbrief.render.common import (
    CONTENTS_DEPTH,
    Runs,
    annex_label,
    box_name,
    box_title_runs,
    caption_text,
    contents_entries,
    cover_lines,
    link_href,
    table_anchor,
    table_ref_text,
    title_runs,
    vocabulary,
)
from kamerbrief.render.docx_anchors import Anchor, AnchorRecorder
from kamerbrief.render.docx_footnotes import Footnotes
from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    RT,
    SECTPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    TRPR_ORDER,
    BaseOxmlElement,
    BlockItemContainer,
    Cell,
    add_paragraph,
    add_table,
    append_text,
    body_container,
    border,
    cell_element,
    container_element,
    copy_run_format,
    describe_picture,
    drop_relationships,
    element,
    field_end,
    field_runs,
    field_start,
    get_or_add,
    hyperlink,
    insert_ordered,
    mark_layout_table,
    mark_row,
    name_table,
    paragraph_element,
    ppr,
    qn,
    register_footnote_part,
    row_element,
    run_element,
    section_of,
    section_properties,
    set_auto_hyphenation,
    set_borders,
    set_update_fields,
    shade,
    subelement,
    table_element,
    text_run,
    wrap_bookmark,
)
from kamerbrief.render.docx_package import document_bytes, document_datetime, set_core_properties
from kamerbrief.render.docx_styles import (
    BOX_FILL,
    LINTBLAUW,
    StyleIds,
    apply_house_style,
    ensure_styles,
    restart_numbering,
    set_document_language,
)
from kamerbrief.render.docx_tables import CaptionTarget, add_financial_table, seq_name
from kamerbrief.render.style import find_style
from kamerbrief.render.table_layout import table_layout
from kamerbrief.targets import image_file
from kamerbrief.walk import title_heading, walk_blocks

TEMPLATE_NAME = "template.docx"


def render_docx(report: Report, draft: bool = False) -> bytes:
    """The finished .docx as bytes; ``draft`` puts the draft mark in the page header.

    The renderer works on a copy without the control characters XML forbids (xml_safe.py).
    """
    from kamerbrief.render.xml_safe import xml_safe_copy

    return _DocxRenderer(xml_safe_copy(report), draft).render()


def docx_anchors(report: Report) -> list[Anchor]:
    """The review anchors a build of ``report`` makes (render/docx_anchors.py), each with the
    model object it was built from, without writing the file: ``kamerbrief review`` finds
    the blocks of the current source with them."""
    from kamerbrief.render.xml_safe import xml_safe_copy

    renderer = _DocxRenderer(xml_safe_copy(report), False)
    renderer.compose()
    return renderer.anchors.anchors


def template_path(report: Report) -> Path | None:
    """The style folder's ``template.docx`` (the same folder the HTML and PDF use), else the
    default style's, so a project style that changes only the CSS keeps the A4 template."""
    return find_style(report).file(TEMPLATE_NAME)


def open_template(report: Report) -> Document:
    """The house template, or python-docx's default dressed in the house style when absent."""
    register_footnote_part()  # before opening: a template's own footnotes part loads parsed
    path = template_path(report)
    if path is not None:
        document = open_document(str(path))
    else:
        document = open_document()
        apply_house_style(document, report.config.language)
    _clear_content(document)
    return document


def _clear_content(document: Document) -> None:
    """Keep the template's page setup, drop its text and its headers and footers: the
    renderer writes its own, and the cover must not inherit a template header."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sect_pr = body.get_or_add_sectPr()
    for reference in sect_pr.xpath("w:headerReference|w:footerReference|w:titlePg"):
        sect_pr.remove(reference)
    used = set(document.element.xpath("//@r:id|//@r:embed|//@r:link"))
    explicit = (RT.HEADER, RT.FOOTER, RT.HYPERLINK, RT.IMAGE)
    drop_relationships(document.part,
                       lambda rel_id, reltype: reltype in explicit and rel_id not in used)


@dataclass(frozen=True)
class _Format:
    """Run formatting inherited down nested inlines (emphasis inside a link, …)."""

    bold: bool = False
    italic: bool = False
    style_id: str | None = None
    lang: str = ""  # words in another language (w:lang), "" for the document's
    strike: bool = False  # ~~words~~


@dataclass(frozen=True)
class _Place:
    """Where blocks go: the container, the style of plain paragraphs, and the nesting."""

    container: BlockItemContainer
    text_style: str = StyleIds.NORMAL
    list_level: int = 0
    in_body: bool = True  # False inside boxes and footnotes: no section breaks there
    anchor_kind: str = "paragraph"  # what its paragraphs are, for the review anchors


@dataclass
class _Targets:
    """Bookmark names decided before writing, so links may point forward."""

    headings: dict[int, str]  # id(Heading) → bookmark
    titles: set[int]  # id(Heading) of each chapter's first level-1 heading
    anchors: dict[str, str]  # markdown anchor → bookmark
    tables: dict[str, CaptionTarget]  # table id → caption bookmark
    chapters: dict[str, str]  # chapter path → bookmark of a synthetic chapter heading


class _DocxRenderer:
    """One render: the template opened, bookmarks planned, then cover, contents, chapters.

    Block and inline kinds map to one method each (``block_rules``/``inline_rules``), the
    way markdown-it's renderer maps token types to rules.
    """

    def __init__(self, report: Report, draft: bool):
        self.report = report
        self.config = report.config
        self.draft = draft
        self.document = open_template(report)
        ensure_styles(self.document)
        set_document_language(self.document, self.config.language)
        self.footnotes = Footnotes(self.document)
        self.body = body_container(self.document)
        self._mark_id = 0
        self.targets = self._plan_targets()
        self.anchors = AnchorRecorder(self.next_mark_id)  # to the source, for review
        self.written_notes: dict[int, str] = {}  # note number → bookmark on its first reference
        self.chapter: Chapter | None = None
        self._last_spacer: BaseOxmlElement | None = None
        self._running: str | None = None  # the running header of the current part
        self._fresh_section = False  # no paragraph yet in the part just started
        # Each rule takes the one kind it is registered for, hence Any in the value type.
        self.block_rules: dict[type, Callable[[Any, _Place], None]] = {
            Heading: self.heading, ModelParagraph: self.paragraph, ListBlock: self.list_block,
            Quote: self.quote, Box: self.box, TablePlacement: self.table_placement,
            MarkdownTable: self.markdown_table, CodeBlock: self.code_block, Rule: self.rule,
        }
        self.inline_rules: dict[type, Callable[[Any, Paragraph, BaseOxmlElement, _Format], None]] = {
            Text: self.text, Emphasis: self.emphasis, LangSpan: self.lang_span, Code: self.code,
            LineBreak: self.line_break,
            Link: self.link, Image: self.image, FootnoteRef: self.footnote_ref,
            TableRef: self.table_ref, ValueRef: self.value_ref, FigureRef: self.value_ref,
        }

    # ------------------------------------------------------------ document

    def render(self) -> bytes:
        self.compose()
        return document_bytes(self.document)

    def compose(self) -> None:
        """The whole document, in memory."""
        self.cover()
        self.start_body()
        self.contents()
        if self.config.list_of_tables and \
                any(table.number for table in self.report.tables.values()):
            self.tables_list()
        for chapter in self.report.chapters:
            self.chapter_blocks(chapter)
        self.colophon()
        self.anchors.finish(self.document)
        set_update_fields(self.document.settings.element)
        set_auto_hyphenation(self.document.settings.element)
        set_core_properties(
            self.document, title=self.config.title, subject=self.config.subtitle,
            author=self.config.organisation, language=self.config.language,
            when=document_datetime(self.config.date))

    def next_mark_id(self) -> int:
        self._mark_id += 1
        return self._mark_id

    def _plan_targets(self) -> _Targets:
        targets = _Targets({}, set(), {}, {}, {})
        count = 0
        for chapter in self.report.chapters:
            headings = [b for b in walk_blocks(chapter.blocks) if isinstance(b, Heading)]
            title = title_heading(chapter.blocks)
            if title is not None:
                targets.titles.add(id(title))
            else:
                count += 1
                targets.chapters[chapter.path] = f"_Toc{count:05d}"
                targets.anchors.setdefault(chapter.anchor, f"_Toc{count:05d}")
            for heading in headings:
                count += 1
                targets.headings[id(heading)] = f"_Toc{count:05d}"
                targets.anchors.setdefault(heading.anchor, f"_Toc{count:05d}")
        for index, (_chapter, placement) in enumerate(self.report.placements, start=1):
            table = self.report.tables[placement.table_id]
            name = f"_RefTabel{table.number}" if table.number else f"_RefTabelZonderNr{index}"
            targets.tables[table.id] = CaptionTarget(name, self.next_mark_id(), self.next_mark_id())
        return targets

    def cover(self) -> None:
        """Title page in a section of its own: no running header, no page number."""
        if self.draft:
            self._header(self.document.sections[0], running=None)
        self._cover_ribbon()
        styles = {"kind": StyleIds.SUBTITLE, "title": StyleIds.TITLE}
        for role, text in cover_lines(self.report):
            self._paragraph(self.body, styles.get(role, StyleIds.COVER), text)
        if self.draft:
            self._paragraph(self.body, StyleIds.DRAFT, vocabulary(self.report).draft_mark)

    def _cover_ribbon(self) -> None:
        """The Rijkshuisstijl lint, as in the PDF: a ribbon from the page's top edge, centred,
        15 × 40 mm in lintblauw, and the beeldmerk slot under it (the project's PNG logo; an
        empty slot of the same height otherwise, as Word takes no SVG here)."""
        section = self.document.sections[0]
        section.top_margin = Mm(0)
        table = add_table(self.body, 1, 1, Mm(15))
        tbl = table_element(table)
        for child in (element("w:tblStyle", val="TableNormal"),  # Word's plain table, no rules
                      element("w:tblW", w=str(Mm(15).twips), type="dxa"),
                      element("w:jc", val="center"), element("w:tblLayout", type="fixed")):
            insert_ordered(tbl.tblPr, child, TBLPR_ORDER)
        margins = element("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            margins.append(element(f"w:{side}", w="0", type="dxa"))
        insert_ordered(tbl.tblPr, margins, TBLPR_ORDER)
        mark_layout_table(tbl.tblPr)  # decoration, not data
        name_table(tbl.tblPr, vocabulary(self.report).ribbon)
        row = row_element(table.rows[0])
        insert_ordered(row.get_or_add_trPr(), element("w:trHeight", val=str(Mm(40).twips),
                                                      hRule="exact"), TRPR_ORDER)
        shade(cell_element(table.cell(0, 0)).get_or_add_tcPr(), LINTBLAUW, TCPR_ORDER)
        slot = self._paragraph(self.body, StyleIds.COVER)
        slot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        slot.paragraph_format.space_before = Mm(3)
        slot.paragraph_format.line_spacing = Mm(24)
        slot.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        logo = self._logo_file()
        if logo is not None:
            describe_picture(slot.add_run().add_picture(str(logo), height=Mm(24)),
                             self.config.organisation)

    def _logo_file(self) -> Path | None:
        """The beeldmerk as a file Word can embed: the project's logo or the style's PNG."""
        candidates = [self.report.root / self.config.logo] if self.config.logo else \
            [find_style(self.report).folder / "logo.png"]
        return next((path for path in candidates
                     if path.suffix.lower() == ".png" and path.is_file()), None)

    def start_body(self) -> None:
        """New section after the cover: header with the title, PAGE in the footer."""
        section = self.new_part("")
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        self._style(paragraph, StyleIds.FOOTER)
        for run in field_runs("PAGE", "1"):
            paragraph_element(paragraph).append(run)
        first = section.first_page_footer  # shown on chapter opening pages (chapter_opening)
        first.is_linked_to_previous = False
        self._style(first.paragraphs[0], StyleIds.FOOTER)
        for run in field_runs("PAGE", "1"):
            paragraph_element(first.paragraphs[0]).append(run)
        section.first_page_header.is_linked_to_previous = False  # empty: no running header
        # No restart after the cover: the cover counts as page 1 (it shows no number), as in
        # the PDF, so both outputs give a chapter the same page number.

    def new_part(self, running: str) -> Section:
        """A section for a chapter (or the contents, the list of tables, the colophon) whose
        header names it, as the PDF's running header does: ``running`` left, the report's
        title right. The section starts the new page, so the first paragraph's own page
        break (Heading 1 has one) is switched off."""
        section = self.section_break()
        self._running = running
        self._header(section, running)
        self._fresh_section = True
        return section

    def _header(self, section: Section, running: str | None) -> None:
        """The draft mark (when a draft), then ``running`` and the title on one line, the title
        on a right tab at this section's text width (portrait and landscape differ)."""
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        if self.draft:
            self._style(paragraph, StyleIds.DRAFT)
            paragraph.add_run(vocabulary(self.report).draft_mark)
            paragraph = header.add_paragraph()
        if running is None:
            return
        self._style(paragraph, StyleIds.HEADER)
        insert_ordered(ppr(paragraph_element(paragraph)), self._header_tabs(section), PPR_ORDER)
        p = paragraph_element(paragraph)
        if running:
            p.append(text_run(running))
        p.append(_tab_run())
        p.append(text_run(self.config.title))

    def _header_tabs(self, section: Section) -> BaseOxmlElement:
        """Clear the header style's tab stops and set one right tab at the text width."""
        width = self.text_width(section)
        stops = {int(pos): "clear" for pos in self.document.styles.element.xpath(
            f'w:style[@w:styleId="{StyleIds.HEADER}"]/w:pPr/w:tabs/w:tab/@w:pos') if pos.isdigit()}
        stops[width] = "right"
        tabs = element("w:tabs")
        for position in sorted(stops):
            tabs.append(element("w:tab", val=stops[position], pos=str(position)))
        return tabs

    def section_break(self, landscape: bool | None = None) -> Section:
        """End the current section at the last paragraph (no empty page-filler paragraph).

        Like python-docx's ``add_section`` but reusing the last paragraph when there is one;
        the new section inherits headers and footers.
        """
        body = self.document.element.body
        sentinel = body.get_or_add_sectPr()
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or ppr(last).find(qn("w:sectPr")) is not None:
            last = body.add_p()
        last.set_sectPr(sentinel.clone())
        for reference in sentinel.xpath("w:headerReference|w:footerReference|w:pgNumType"):
            sentinel.remove(reference)
        section = section_of(sentinel, self.document)
        section.start_type = WD_SECTION.NEW_PAGE
        section.different_first_page_header_footer = False  # only a chapter opening sets it
        if landscape is not None and (section.orientation == WD_ORIENT.LANDSCAPE) != landscape:
            width, height = section.page_width, section.page_height
            section.page_width, section.page_height = height, width
            section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
            if self._running is not None:  # the title's tab stop moves with the page width
                self._header(section, self._running)
        return section

    def text_width(self, section: Section | None = None) -> int:
        """Width between the margins of ``section`` (default the current, last one), in twips."""
        # the last section is the body's own sectPr (``document.sections[-1]`` finds it by
        # scanning the whole body, once per table and box)
        section = section or section_of(self.document.element.body.get_or_add_sectPr(),
                                        self.document)
        page = section.page_width or Twips(11906)  # A4 when the template does not say
        width = page - (section.left_margin or Twips(1418)) - (section.right_margin or Twips(1418))
        return int(Emu(width).twips)

    def contents(self) -> None:
        """'Inhoud' and a TOC field over headings 1–3, its entries cached for reading now."""
        self._paragraph(self.body, StyleIds.TOC_HEADING, vocabulary(self.report).contents)
        entries: list[tuple[str, Runs, str]] = []
        for entry in contents_entries(self.report):
            mark = self.targets.headings[id(entry.heading)] if entry.heading is not None \
                else self.targets.chapters[entry.chapter.path]
            entries.append((StyleIds.TOC[entry.level - 1], entry.runs or ((entry.text, ""),),
                            mark))
        self._toc_field(f'TOC \\o "1-{CONTENTS_DEPTH}" \\h \\z \\u', entries)

    def tables_list(self) -> None:
        """'Tabellen': a TOC field over the SEQ captions (``TOC \\h \\c "Tabel"``)."""
        self.new_part(vocabulary(self.report).tables_list)
        self._paragraph(self.body, StyleIds.TOC_HEADING, vocabulary(self.report).tables_list)
        entries: list[tuple[str, Runs, str]] = []
        for _chapter, placement in self.report.placements:
            table = self.report.tables[placement.table_id]
            if table.number:  # a table with numbered = false is not listed
                entries.append((StyleIds.TABLE_OF_FIGURES, ((caption_text(table, self.report), ""),),
                                self.targets.tables[table.id].name))
        word = vocabulary(self.report).table
        self._toc_field(f'TOC \\h \\z \\c "{seq_name(word)}"', entries)

    def _toc_field(self, instruction: str, entries: list[tuple[str, Runs, str]]) -> None:
        """One field over several paragraphs: begin in the first entry, end after the last.
        Each entry's text in language runs (``common.inline_runs``)."""
        if not entries:
            entries = [(StyleIds.NORMAL, (("", ""),), "")]
        for index, (style_id, runs, mark) in enumerate(entries):
            paragraph = self._paragraph(self.body, style_id)
            p = paragraph_element(paragraph)
            if index == 0:
                for run in field_start(instruction, dirty=False):
                    p.append(run)
            link = hyperlink(self.document.part, anchor=mark) if mark else p
            if mark:
                p.append(link)
            for text, lang in runs:
                link.append(text_run(text, lang=lang))
            if mark:
                link.append(_tab_run())
                for run in field_runs(f"PAGEREF {mark} \\h", ""):
                    link.append(run)
        closing = self._paragraph(self.body, StyleIds.NORMAL)
        paragraph_element(closing).append(field_end())

    def colophon(self) -> None:
        lines = list(self.config.colophon)
        if not lines:
            return
        # The last page, a verso (an even page), its text at the foot, no header or footer:
        # as the PDF prints it.
        section = self.section_break()
        section.start_type = WD_SECTION.EVEN_PAGE
        self._running = None
        for part in (section.header, section.footer):
            part.is_linked_to_previous = False
        insert_ordered(section_properties(section), element("w:vAlign", val="bottom"),
                       SECTPR_ORDER)
        self._fresh_section = True
        self._paragraph(self.body, StyleIds.TOC_HEADING, vocabulary(self.report).colophon)
        for line in lines:
            self._paragraph(self.body, StyleIds.COLOPHON, str(line))

    # ------------------------------------------------------------ chapters and blocks

    def chapter_title(self, target: BaseOxmlElement, chapter: Chapter) -> None:
        """The chapter title into a heading paragraph; an annex's 'Bijlage 2' stands on a line
        of its own above its title, as in the HTML and PDF."""
        label = annex_label(chapter, self.report)
        if label:
            target.append(text_run(label))
            target.append(line_break_run())
        for text, lang in title_runs(chapter, self.report):
            target.append(text_run(text, lang=lang))

    def chapter_blocks(self, chapter: Chapter) -> None:
        self.chapter = chapter
        section = self.new_part(chapter.running_header)
        # The opening page has no running header, as in the PDF: Word's first-page header of
        # the section (empty, inherited from the first part), and its page number footer.
        section.different_first_page_header_footer = True
        place = _Place(self.body)
        if chapter.path in self.targets.chapters:
            paragraph = self._paragraph(self.body, StyleIds.HEADING[0])
            self.chapter_title(paragraph_element(paragraph), chapter)
            wrap_bookmark(paragraph_element(paragraph), self.targets.chapters[chapter.path],
                          self.next_mark_id())
            self.anchors.mark(paragraph_element(paragraph), "title", chapter.location, chapter)
        for block in chapter.blocks:
            self.blocks([block], place)
            self._fresh_section = False

    def blocks(self, blocks: list[Block], place: _Place) -> None:
        for block in blocks:
            rule = self.block_rules.get(type(block))
            if rule is not None:
                rule(block, place)

    def heading(self, block: Heading, place: _Place) -> None:
        """Heading 1–4 styles; a chapter's title heading shows the chapter title."""
        level = min(max(block.level, 1), 4)
        paragraph = self._paragraph(place.container, StyleIds.HEADING[level - 1])
        if id(block) in self.targets.titles and self.chapter is not None:
            self.chapter_title(paragraph_element(paragraph), self.chapter)
            self._footnotes_only(block.children, paragraph)
        else:
            self.inlines(block.children, paragraph)
        mark = self.targets.headings.get(id(block))
        if mark:
            wrap_bookmark(paragraph_element(paragraph), mark, self.next_mark_id())
        self.anchors.mark(paragraph_element(paragraph),
                          "title" if id(block) in self.targets.titles else "heading",
                          block.location, block)

    def paragraph(self, block: ModelParagraph, place: _Place) -> None:
        paragraph = self._paragraph(place.container, place.text_style)
        self.inlines(block.children, paragraph)
        self.anchors.mark(paragraph_element(paragraph), place.anchor_kind, block.location, block)

    def list_block(self, block: ListBlock, place: _Place) -> None:
        """List Bullet/Number N by depth; each numbered list restarts at its own start."""
        level = min(place.list_level, 2)
        style_id = (StyleIds.LIST_NUMBER if block.ordered else StyleIds.LIST_BULLET)[level]
        numbering = self._restart(style_id, level, block.start) if block.ordered else None
        inner = replace(place, list_level=place.list_level + 1)
        for item in block.items:
            first = True
            for child in item:
                if isinstance(child, ModelParagraph):
                    style = style_id if first else StyleIds.LIST_CONTINUE[level]
                    paragraph = self._paragraph(place.container, style)
                    if first and numbering is not None:
                        insert_ordered(ppr(paragraph_element(paragraph)), numbering(), PPR_ORDER)
                    self.inlines(child.children, paragraph)
                    self.anchors.mark(paragraph_element(paragraph), "item", child.location, child)
                else:
                    self.blocks([child], inner)
                first = False

    def _restart(self, style_id: str, level: int, start: int) -> Callable[[], BaseOxmlElement] | None:
        num_id = restart_numbering(self.document, style_id, start)
        if num_id is None:
            return None

        def num_pr() -> BaseOxmlElement:
            numbering = element("w:numPr")
            numbering.append(element("w:ilvl", val=str(level)))
            numbering.append(element("w:numId", val=str(num_id)))
            return numbering

        return num_pr

    def quote(self, block: Quote, place: _Place) -> None:
        """Quote style for the words, 'Citaat bron' for '— speaker'."""
        self.blocks(block.blocks, replace(place, text_style=StyleIds.QUOTE, anchor_kind="quote"))
        if block.attribution:
            paragraph = self._paragraph(place.container, StyleIds.QUOTE_SOURCE, "— ")
            self.inlines(block.attribution, paragraph)
            line = next((c.line for c in block.attribution if isinstance(c, Text) and c.line), 0)
            self.anchors.mark(paragraph_element(paragraph), "quote",
                              replace(block.location, line=line or block.location.line), block)

    def box(self, block: Box, place: _Place) -> None:
        """A bordered, shaded one-cell table; a practice story shows its label above the title."""
        if self._needs_space_before(place.container):
            self._spacer(place.container)
        table = add_table(place.container, 1, 1, Twips(self.text_width()))
        tbl_pr = table_element(table).tblPr
        insert_ordered(tbl_pr, element("w:tblStyle", val=StyleIds.BOX_TABLE), TBLPR_ORDER)
        insert_ordered(tbl_pr, element("w:tblW", w="5000", type="pct"), TBLPR_ORDER)
        margins = element("w:tblCellMar")  # direct, as not every program reads the style's
        for side, twips in (("top", "85"), ("left", "142"), ("bottom", "85"), ("right", "142")):
            margins.append(element(f"w:{side}", w=twips, type="dxa"))
        insert_ordered(tbl_pr, margins, TBLPR_ORDER)
        mark_layout_table(tbl_pr)  # a box lays out its text: no header row, no row headers
        name_table(tbl_pr, box_name(block, self.report))
        cell = table.cell(0, 0)
        tc_pr = cell_element(cell).get_or_add_tcPr()
        edges = {side: border(side, "single", 6, LINTBLAUW) for side in ("top", "left", "bottom", "right")}
        set_borders(tc_pr, "w:tcBorders", TCPR_ORDER, **edges)
        shade(tc_pr, BOX_FILL, TCPR_ORDER)
        inner = _Place(cell, StyleIds.BOX_TEXT, in_body=False, anchor_kind="box")
        if block.kind == "praktijkverhaal":
            self._paragraph(cell, StyleIds.BOX_LABEL, vocabulary(self.report).story)
        if block.title:
            title = self._paragraph(cell, StyleIds.BOX_TITLE)
            for text, lang in box_title_runs(block, self.report):
                paragraph_element(title).append(text_run(text, lang=lang))
            self.anchors.mark(paragraph_element(title), "box-title", block.location, block)
        self.blocks(block.blocks, inner)
        _finish_cell(cell)
        self._spacer(place.container)

    def table_placement(self, block: TablePlacement, place: _Place) -> None:
        """A financial table; more than 8 numeric columns get a landscape section of their own."""
        table = self.report.tables.get(block.table_id)
        target = self.targets.tables.get(block.table_id)
        if table is None or target is None:
            self._paragraph(place.container, place.text_style, f"[{block.table_id}?]")
            return
        layout = table_layout(table, self.report)
        wide = place.in_body and layout.landscape
        if wide:
            self.section_break(landscape=True)
        add_financial_table(place.container, table, self.report, target, self.text_width(),
                            layout, self.anchors)
        if wide:
            self.section_break(landscape=False)

    def markdown_table(self, block: MarkdownTable, place: _Place) -> None:
        """A small prose table: same table style, header repeated, cells as written."""
        columns = max([len(block.header)] + [len(row) for row in block.rows])
        table = add_table(place.container, 0, columns, Twips(self.text_width()))
        insert_ordered(table_element(table).tblPr, element("w:tblStyle", val=StyleIds.TABLE),
                       TBLPR_ORDER)
        for index, cells in enumerate([block.header, *block.rows]):
            row = table.add_row()
            mark_row(row_element(row), header=index == 0)
            for column, content in enumerate(cells):
                paragraph = row.cells[column].paragraphs[0]
                align = block.aligns[column] if column < len(block.aligns) else "left"
                self._style(paragraph, StyleIds.TABLE_HEAD if index == 0 else StyleIds.TABLE_TEXT)
                if align in ("right", "center"):
                    insert_ordered(ppr(paragraph_element(paragraph)), element("w:jc", val=align), PPR_ORDER)
                self.inlines(content, paragraph)
                # the header on the table's first line, the delimiter row under it
                line = block.location.line + (index + 1 if index else 0)
                self.anchors.mark(paragraph_element(paragraph), "md-cell",
                                  replace(block.location, line=line), content)
        self._spacer(place.container)

    def code_block(self, block: CodeBlock, place: _Place) -> None:
        for line in block.text.rstrip("\n").split("\n"):
            self._paragraph(place.container, StyleIds.CODE_BLOCK, line)

    def rule(self, block: Rule, place: _Place) -> None:
        paragraph = self._paragraph(place.container, place.text_style)
        set_borders(ppr(paragraph_element(paragraph)), "w:pBdr", PPR_ORDER,
                    bottom=border("bottom", "single", 6, LINTBLAUW, space=1))

    # ------------------------------------------------------------ inlines

    def inlines(self, children: list[Inline], paragraph: Paragraph,
                parent: BaseOxmlElement | None = None, fmt: _Format = _Format()) -> None:
        target = parent if parent is not None else paragraph_element(paragraph)
        for child in children:
            rule = self.inline_rules.get(type(child))
            if rule is not None:
                rule(child, paragraph, target, fmt)

    def _footnotes_only(self, children: list[Inline], paragraph: Paragraph) -> None:
        """A chapter title is replaced by its label, but its footnote marks must stay."""
        for child in children:
            if isinstance(child, FootnoteRef):
                self.footnote_ref(child, paragraph, paragraph_element(paragraph), _Format())

    @staticmethod
    def _run(parent: BaseOxmlElement, paragraph: Paragraph, text: str, fmt: _Format) -> BaseOxmlElement:
        r = run_element(fmt.style_id, fmt.bold, fmt.italic, fmt.lang, fmt.strike)
        append_text(r, text)
        parent.append(r)
        return r

    def text(self, inline: Text, paragraph: Paragraph, parent: BaseOxmlElement, fmt: _Format) -> None:
        self._run(parent, paragraph, inline.text, fmt)

    def emphasis(self, inline: Emphasis, paragraph: Paragraph, parent: BaseOxmlElement,
                 fmt: _Format) -> None:
        inner = replace(fmt, bold=True) if inline.strong else replace(fmt, strike=True) \
            if inline.struck else replace(fmt, italic=not fmt.italic)
        self.inlines(inline.children, paragraph, parent, replace(inner, lang=inline.lang or fmt.lang))

    def lang_span(self, inline: LangSpan, paragraph: Paragraph, parent: BaseOxmlElement,
                  fmt: _Format) -> None:
        self.inlines(inline.children, paragraph, parent, replace(fmt, lang=inline.lang))

    def code(self, inline: Code, paragraph: Paragraph, parent: BaseOxmlElement, fmt: _Format) -> None:
        self._run(parent, paragraph, inline.text, replace(fmt, style_id=StyleIds.CODE))

    def line_break(self, inline: LineBreak, paragraph: Paragraph, parent: BaseOxmlElement,
                   fmt: _Format) -> None:
        subelement(self._run(parent, paragraph, "", fmt), "w:br")

    def link(self, inline: Link, paragraph: Paragraph, parent: BaseOxmlElement, fmt: _Format) -> None:
        """External targets by relationship, '#anchor' by bookmark; placeholders stay plain text."""
        href = link_href(inline, self.report)
        mark = self._anchor_mark(href[1:]) if href and href.startswith("#") else None
        if href is None or (href.startswith("#") and mark is None):
            self.inlines(inline.children, paragraph, parent, fmt)
            return
        link = hyperlink(paragraph.part, anchor=mark) if mark else hyperlink(paragraph.part, url=href)
        parent.append(link)
        self.inlines(inline.children, paragraph, link, replace(fmt, style_id=StyleIds.HYPERLINK))

    def _anchor_mark(self, anchor: str) -> str | None:
        """The bookmark of an anchor that common.link_href resolved (a table as tabel-<id>)."""
        if anchor in self.targets.anchors:
            return self.targets.anchors[anchor]
        return next((target.name for table_id, target in self.targets.tables.items()
                     if anchor == table_anchor(table_id)), None)

    def image(self, inline: Image, paragraph: Paragraph, parent: BaseOxmlElement, fmt: _Format) -> None:
        """The picture when the file is there (at most the text width), else its alt text."""
        path = image_file(self.report.root, inline.src)
        if path is None or parent is not paragraph_element(paragraph):
            self._run(parent, paragraph, inline.alt, replace(fmt, italic=True))
            return
        run = Run(self._run(parent, paragraph, "", fmt), paragraph)
        shape = run.add_picture(str(path))
        describe_picture(shape, inline.alt)
        width = Twips(self.text_width())
        if shape.width > width:
            shape.height = Emu(int(shape.height * width / shape.width))
            shape.width = width

    def footnote_ref(self, inline: FootnoteRef, paragraph: Paragraph, parent: BaseOxmlElement,
                     fmt: _Format) -> None:
        """A real footnote on first reference; a repeat points at it with a NOTEREF field."""
        number = inline.number
        chapter = next((c for c in self.report.chapters if c.path == inline.chapter), self.chapter)
        definition = chapter.footnotes.get(inline.label) if chapter is not None else None
        if not number or definition is None:
            self._run(parent, paragraph, f"[^{inline.label}]", fmt)
            return
        if number in self.written_notes:
            runs = field_runs(f"NOTEREF {self.written_notes[number]} \\f \\h", str(number),
                              StyleIds.FOOTNOTE_REFERENCE)
            for run in runs:
                parent.append(run)
            return
        self.footnotes.add(number, lambda body: self.blocks(
            definition.blocks, _Place(body, StyleIds.FOOTNOTE_TEXT, in_body=False,
                                      anchor_kind="note")))
        run = self.footnotes.reference(number)
        parent.append(run)
        mark = f"_RefNoot{number}"
        wrap_bookmark(parent, mark, self.next_mark_id(), run, run)
        self.written_notes[number] = mark

    def table_ref(self, inline: TableRef, paragraph: Paragraph, parent: BaseOxmlElement,
                  fmt: _Format) -> None:
        """'tabel 3': the writer's word, then a REF field to the caption's number bookmark."""
        text = table_ref_text(inline, self.report)
        target = self.targets.tables.get(inline.table_id)
        table = self.report.tables.get(inline.table_id)
        if target is None or table is None or not table.number:  # 'tabel ?', reported as KB209
            self._run(parent, paragraph, text, fmt)
            return
        word, _, number = text.rpartition(" ")
        model = self._run(parent, paragraph, f"{word} ", fmt)
        runs = field_runs(f"REF {target.number_name} \\h", number)
        copy_run_format(model, runs)
        for run in runs:
            parent.append(run)

    def value_ref(self, inline: ValueRef | FigureRef, paragraph: Paragraph, parent: BaseOxmlElement,
                  fmt: _Format) -> None:
        self._run(parent, paragraph, inline.text, fmt)

    # ------------------------------------------------------------ small helpers

    def _paragraph(self, container: BlockItemContainer, style_id: str, text: str = "") -> Paragraph:
        paragraph = add_paragraph(container)
        self._style(paragraph, style_id)
        if self._fresh_section and container is self.body:
            self._fresh_section = False  # the section break already starts the page
            insert_ordered(ppr(paragraph_element(paragraph)), element("w:pageBreakBefore", val="0"),
                           PPR_ORDER)
        if text:
            paragraph_element(paragraph).append(text_run(text))
        return paragraph

    @staticmethod
    def _style(paragraph: Paragraph, style_id: str) -> None:
        if style_id != StyleIds.NORMAL:
            insert_ordered(ppr(paragraph_element(paragraph)), element("w:pStyle", val=style_id), PPR_ORDER)

    def _needs_space_before(self, container: BlockItemContainer) -> bool:
        """A box after running text gets air; after a heading or another box it has some."""
        blocks = (qn("w:p"), qn("w:tbl"))
        last = next((c for c in container_element(container).iterchildren(reversed=True)
                     if c.tag in blocks), None)
        if last is None or last.tag != qn("w:p") or last is self._last_spacer:
            return False
        style = last.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return style is None or style.get(qn("w:val")) not in StyleIds.HEADING

    def _spacer(self, container: BlockItemContainer) -> None:
        """A short empty paragraph around a table: Word merges tables that touch."""
        paragraph = add_paragraph(container)
        self._last_spacer = paragraph_element(paragraph)
        spacing = get_or_add(ppr(paragraph_element(paragraph)), "w:spacing", PPR_ORDER)
        for name, value in (("before", "0"), ("after", "0"), ("line", "160"), ("lineRule", "exact")):
            spacing.set(qn(f"w:{name}"), value)


def _finish_cell(cell: Cell) -> None:
    """Drop the cell's initial empty paragraph once it has content; a cell must end in a w:p."""
    tc = cell_element(cell)
    paragraphs = tc.findall(qn("w:p"))
    content = [child for child in tc if child.tag in (qn("w:p"), qn("w:tbl"))]
    if len(content) > 1 and paragraphs and content[0] is paragraphs[0] and \
            not paragraphs[0].findall(qn("w:r")):
        tc.remove(paragraphs[0])
    if tc[-1].tag != qn("w:p"):
        tc.append(element("w:p"))


def line_break_run() -> BaseOxmlElement:
    run = element("w:r")
    subelement(run, "w:br")
    return run


def _tab_run() -> BaseOxmlElement:
    run = element("w:r")
    subelement(run, "w:tab")
    return run
