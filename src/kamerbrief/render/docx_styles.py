"""The house style as Word styles: one table of definitions for the template and the renderer.

``styles/rijk/make_template.py`` writes every definition into ``template.docx``; the renderer
calls ``ensure_styles`` so that a project's own template that lacks one of them (Word keeps
many built-in styles only "latent") still gets a working style of the right name and id.
The renderer refers to styles by id (``StyleIds``), which Word never translates; the names
are Word's built-in names where one exists, so Word shows them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import nsdecls, qn

from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    BaseOxmlElement,
    border,
    element,
    get_or_add,
    insert_ordered,
    parse,
    set_borders,
    set_language,
    shade,
)

FONT = "Verdana"  # the Rijkshuisstijl's Office substitute for the (non-free) RO Sans
BODY_SIZE = 9.0
TEXT_WIDTH_CM = 16.0  # A4 with 2.5 cm margins; tab stops of the contents lists
LINTBLAUW = "154273"  # Rijkshuisstijl "lintblauw"
BOX_FILL = "E8EEF4"
RULE_GREY = "BFBFBF"


class StyleIds:
    """Style ids the renderer uses; ids are stable across Word languages, names are not."""

    NORMAL = "Normal"
    TITLE = "Title"
    SUBTITLE = "Subtitle"
    HEADING = ("Heading1", "Heading2", "Heading3", "Heading4")
    LIST_BULLET = ("ListBullet", "ListBullet2", "ListBullet3")
    LIST_NUMBER = ("ListNumber", "ListNumber2", "ListNumber3")
    LIST_CONTINUE = ("ListContinue", "ListContinue2", "ListContinue3")
    QUOTE = "Quote"
    QUOTE_SOURCE = "Citaatbron"
    CAPTION = "Caption"
    BOX_TEXT = "Kader"
    BOX_TITLE = "Kadertitel"
    BOX_LABEL = "Kaderlabel"
    BOX_TABLE = "Kadertabel"
    FOOTNOTE_TEXT = "FootnoteText"
    FOOTNOTE_REFERENCE = "FootnoteReference"
    TABLE = "Financieletabel"
    TABLE_TEXT = "Tabeltekst"
    TABLE_NUMBER = "Tabelgetal"
    TABLE_HEAD = "Tabelkop"
    TABLE_UNIT = "Tabeleenheid"
    TABLE_NOTE = "Tabelnoot"
    TOC_HEADING = "TOCHeading"
    TOC = ("TOC1", "TOC2", "TOC3")
    TABLE_OF_FIGURES = "TableofFigures"
    HEADER = "Header"
    FOOTER = "Footer"
    COVER = "Omslag"
    DRAFT = "Concept"
    COLOPHON = "Colofon"
    CODE_BLOCK = "PlainText"
    CODE = "HTMLCode"
    HYPERLINK = "Hyperlink"


@dataclass(frozen=True)
class Tab:
    position_cm: float
    align: str = "right"  # left | right | center | decimal
    leader: str = "none"  # none | dot


@dataclass(frozen=True)
class StyleSpec:
    """One style: Word name and id, inheritance, and the properties the house style sets."""

    style_id: str
    name: str
    kind: str = "paragraph"  # paragraph | character | table
    based_on: str | None = "Normal"
    next_id: str | None = None
    priority: int = 99
    quick: bool = False  # shown in the style gallery
    font: str | None = None
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    caps: bool | None = None
    color: str | None = None
    underline: bool = False
    superscript: bool = False
    before: float | None = None  # points
    after: float | None = None
    line: float | None = None  # multiple of single spacing
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    align: str | None = None  # left | right | center | both
    indent_cm: float | None = None
    hanging_cm: float | None = None
    outline: int | None = None
    tabs: tuple[Tab, ...] = ()
    numbering: tuple[str, int] | None = None  # ("bullet" | "number", level)
    border_top: tuple[str, int, str] | None = None  # (val, eighths of a point, colour)
    border_bottom: tuple[str, int, str] | None = None
    border_left: tuple[str, int, str] | None = None
    fill: str | None = None
    table_borders: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    cell_margin_cm: float | None = None


_H = StyleIds
_SPECS: tuple[StyleSpec, ...] = (
    StyleSpec(_H.NORMAL, "Normal", based_on=None, quick=True, priority=0, font=FONT, size=BODY_SIZE,
              after=6, line=1.2),
    # The cover reads kind of document (Subtitle), then the title, as the publication does.
    StyleSpec(_H.TITLE, "Title", quick=True, priority=10, size=24, bold=True,
              color=LINTBLAUW, before=0, after=36, line=1.0),
    StyleSpec(_H.SUBTITLE, "Subtitle", next_id=_H.TITLE, quick=True, priority=11, size=14,
              color=LINTBLAUW, before=120, after=6),
    StyleSpec(_H.HEADING[0], "heading 1", next_id=_H.NORMAL, quick=True, priority=9, size=16,
              bold=True, color=LINTBLAUW, before=0, after=18, line=1.0, keep_next=True,
              keep_lines=True, page_break_before=True, outline=0),
    StyleSpec(_H.HEADING[1], "heading 2", next_id=_H.NORMAL, quick=True, priority=9, size=12,
              bold=True, color=LINTBLAUW, before=18, after=6, keep_next=True, keep_lines=True,
              outline=1),
    StyleSpec(_H.HEADING[2], "heading 3", next_id=_H.NORMAL, quick=True, priority=9, size=10,
              bold=True, before=12, after=4, keep_next=True, keep_lines=True, outline=2),
    StyleSpec(_H.HEADING[3], "heading 4", next_id=_H.NORMAL, quick=True, priority=9, size=BODY_SIZE,
              bold=True, italic=True, before=10, after=2, keep_next=True, keep_lines=True,
              outline=3),
    StyleSpec(_H.LIST_BULLET[0], "List Bullet", quick=True, after=3, numbering=("bullet", 0)),
    StyleSpec(_H.LIST_BULLET[1], "List Bullet 2", after=3, numbering=("bullet", 1)),
    StyleSpec(_H.LIST_BULLET[2], "List Bullet 3", after=3, numbering=("bullet", 2)),
    StyleSpec(_H.LIST_NUMBER[0], "List Number", quick=True, after=3, numbering=("number", 0)),
    StyleSpec(_H.LIST_NUMBER[1], "List Number 2", after=3, numbering=("number", 1)),
    StyleSpec(_H.LIST_NUMBER[2], "List Number 3", after=3, numbering=("number", 2)),
    StyleSpec(_H.LIST_CONTINUE[0], "List Continue", after=3, indent_cm=0.63),
    StyleSpec(_H.LIST_CONTINUE[1], "List Continue 2", after=3, indent_cm=1.27),
    StyleSpec(_H.LIST_CONTINUE[2], "List Continue 3", after=3, indent_cm=1.9),
    StyleSpec(_H.QUOTE, "Quote", next_id=_H.NORMAL, quick=True, priority=29, italic=True,
              color=LINTBLAUW, indent_cm=0.5, before=6, after=4,
              border_left=("single", 12, LINTBLAUW)),
    StyleSpec(_H.QUOTE_SOURCE, "Citaat bron", based_on=_H.QUOTE, next_id=_H.NORMAL, italic=False,
              size=8, color="000000", before=0, after=8),
    StyleSpec(_H.CAPTION, "caption", next_id=_H.NORMAL, quick=True, priority=35, bold=True,
              color=LINTBLAUW, before=12, after=2, keep_next=True, keep_lines=True),
    StyleSpec(_H.BOX_TEXT, "Kader", quick=True, size=8.5, after=4),
    StyleSpec(_H.BOX_TITLE, "Kader titel", based_on=_H.BOX_TEXT, next_id=_H.BOX_TEXT, quick=True,
              size=10, bold=True, color=LINTBLAUW, before=2, after=4, keep_next=True),
    StyleSpec(_H.BOX_LABEL, "Kader label", based_on=_H.BOX_TEXT, next_id=_H.BOX_TITLE, size=7.5,
              bold=True, caps=True, color=LINTBLAUW, after=0, keep_next=True),
    StyleSpec(_H.BOX_TABLE, "Kader tabel", kind="table", based_on="TableNormal",
              table_borders={side: ("single", 6, LINTBLAUW)
                             for side in ("top", "left", "bottom", "right")},
              fill=BOX_FILL, cell_margin_cm=0.25),
    StyleSpec(_H.FOOTNOTE_TEXT, "footnote text", size=7.5, before=0, after=0, line=1.0),
    StyleSpec(_H.FOOTNOTE_REFERENCE, "footnote reference", kind="character",
              based_on="DefaultParagraphFont", superscript=True),
    StyleSpec(_H.TABLE, "Financiële tabel", kind="table", based_on="TableNormal",
              table_borders={"top": ("single", 8, LINTBLAUW), "bottom": ("single", 8, LINTBLAUW),
                             "insideH": ("single", 2, RULE_GREY)},
              cell_margin_cm=0.08, size=7, after=0, line=1.0),
    StyleSpec(_H.TABLE_TEXT, "Tabel tekst", size=7, before=0, after=0, line=1.0),
    StyleSpec(_H.TABLE_NUMBER, "Tabel getal", based_on=_H.TABLE_TEXT, align="right"),
    StyleSpec(_H.TABLE_HEAD, "Tabel kop", based_on=_H.TABLE_TEXT, bold=True),
    StyleSpec(_H.TABLE_UNIT, "Tabel eenheid", size=7.5, italic=True, before=0, after=2,
              keep_next=True),
    StyleSpec(_H.TABLE_NOTE, "Tabel noot", size=7, before=2, after=0, line=1.0),
    StyleSpec(_H.TOC_HEADING, "TOC Heading", based_on=_H.NORMAL, next_id=_H.NORMAL, priority=39,
              size=16, bold=True, color=LINTBLAUW, after=18, keep_next=True),
    StyleSpec(_H.TOC[0], "toc 1", next_id=_H.NORMAL, priority=39, bold=True, before=6, after=2,
              tabs=(Tab(TEXT_WIDTH_CM, "right", "dot"),)),
    StyleSpec(_H.TOC[1], "toc 2", next_id=_H.NORMAL, priority=39, after=2, indent_cm=0.5,
              tabs=(Tab(TEXT_WIDTH_CM, "right", "dot"),)),
    StyleSpec(_H.TOC[2], "toc 3", next_id=_H.NORMAL, priority=39, after=2, indent_cm=1.0,
              tabs=(Tab(TEXT_WIDTH_CM, "right", "dot"),)),
    StyleSpec(_H.TABLE_OF_FIGURES, "table of figures", next_id=_H.NORMAL, after=2,
              tabs=(Tab(TEXT_WIDTH_CM, "right", "dot"),)),
    StyleSpec(_H.HEADER, "header", size=7.5, color=LINTBLAUW, after=0,
              tabs=(Tab(TEXT_WIDTH_CM / 2, "center"), Tab(TEXT_WIDTH_CM, "right"))),
    StyleSpec(_H.FOOTER, "footer", size=7.5, after=0, align="right"),
    StyleSpec(_H.COVER, "Omslag", size=11, color=LINTBLAUW, after=4),
    StyleSpec(_H.DRAFT, "Concept", size=11, bold=True, caps=True, color="C00000", after=0,
              align="center"),
    StyleSpec(_H.COLOPHON, "Colofon", size=8, after=0),
    StyleSpec(_H.CODE_BLOCK, "Plain Text", font="Courier New", size=8, after=0, line=1.0),
    StyleSpec(_H.CODE, "HTML Code", kind="character", based_on="DefaultParagraphFont",
              font="Courier New"),
    StyleSpec(_H.HYPERLINK, "Hyperlink", kind="character", based_on="DefaultParagraphFont",
              color=LINTBLAUW, underline=True),
)

SPECS: dict[str, StyleSpec] = {spec.style_id: spec for spec in _SPECS}
_KIND = {"paragraph": "paragraph", "character": "character", "table": "table"}


def ensure_styles(document: Document, only: set[str] | None = None) -> None:
    """Add each house style the document lacks (by id); existing styles are left as they are."""
    styles = document.styles.element
    present = {style.get(qn("w:styleId")) for style in styles.findall(qn("w:style"))}
    missing = [spec for spec in _SPECS
               if spec.style_id not in present and (only is None or spec.style_id in only)]
    numbering = _list_numbering(document) if any(spec.numbering for spec in missing) else {}
    for spec in missing:
        styles.append(build_style(spec, numbering))


def apply_house_style(document: Document, language: str = "nl-NL") -> None:
    """Write every house style, replacing same-id styles: what make_template.py does."""
    numbering = _list_numbering(document)
    styles = document.styles.element
    for spec in _SPECS:
        for old in styles.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == spec.style_id:
                styles.remove(old)
        styles.append(build_style(spec, numbering))
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if run_defaults is not None:
            fonts = element("w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
            insert_ordered(run_defaults, fonts, RPR_ORDER)
            size = str(int(BODY_SIZE * 2))
            insert_ordered(run_defaults, element("w:sz", val=size), RPR_ORDER)
            insert_ordered(run_defaults, element("w:szCs", val=size), RPR_ORDER)
    set_document_language(document, language)


def set_document_language(document: Document, language: str) -> None:
    """Language on the defaults and on Normal: spelling and hyphenation follow it."""
    styles = document.styles.element
    defaults = get_or_add(styles, "w:docDefaults", ("w:docDefaults", "w:latentStyles", "w:style"))
    run_defaults = get_or_add(get_or_add(defaults, "w:rPrDefault", ("w:rPrDefault", "w:pPrDefault")),
                              "w:rPr", ("w:rPr",))
    set_language(run_defaults, language)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == StyleIds.NORMAL:
            set_language(get_or_add(style, "w:rPr", _STYLE_ORDER), language)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)


_STYLE_ORDER = ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine",
                "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat",
                "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid",
                "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr")


def build_style(spec: StyleSpec, numbering: dict[str, int]) -> BaseOxmlElement:
    """The ``w:style`` element for one spec, children in schema order."""
    style = parse(f'<w:style {nsdecls("w")} w:type="{_KIND[spec.kind]}" '
                      f'w:styleId="{spec.style_id}"><w:name w:val="{spec.name}"/></w:style>')
    if spec.style_id == StyleIds.NORMAL:
        style.set(qn("w:default"), "1")
    if spec.based_on:
        insert_ordered(style, element("w:basedOn", val=spec.based_on), _STYLE_ORDER)
    if spec.next_id:
        insert_ordered(style, element("w:next", val=spec.next_id), _STYLE_ORDER)
    insert_ordered(style, element("w:uiPriority", val=str(spec.priority)), _STYLE_ORDER)
    if spec.priority >= 39 and not spec.quick:
        insert_ordered(style, element("w:unhideWhenUsed"), _STYLE_ORDER)
    if spec.quick:
        insert_ordered(style, element("w:qFormat"), _STYLE_ORDER)
    if spec.kind == "paragraph" or (spec.kind == "table" and (spec.after is not None)):
        _paragraph_properties(style, spec, numbering)
    _run_properties(style, spec)
    if spec.kind == "table":
        _table_properties(style, spec)
    return style


def _paragraph_properties(style: BaseOxmlElement, spec: StyleSpec, numbering: dict[str, int]) -> None:
    props = element("w:pPr")
    for flag, tag in ((spec.keep_next, "w:keepNext"), (spec.keep_lines, "w:keepLines"),
                      (spec.page_break_before, "w:pageBreakBefore")):
        if flag:
            insert_ordered(props, element(tag), PPR_ORDER)
    if spec.numbering:
        kind, level = spec.numbering
        num_pr = element("w:numPr")
        num_pr.append(element("w:ilvl", val=str(level)))
        num_pr.append(element("w:numId", val=str(numbering[kind])))
        insert_ordered(props, num_pr, PPR_ORDER)
    edges = {side: border(side, *value) for side, value in
             (("top", spec.border_top), ("left", spec.border_left), ("bottom", spec.border_bottom))
             if value}
    if edges:
        for edge in edges.values():
            edge.set(qn("w:space"), "8" if edge.tag == qn("w:left") else "1")
        set_borders(props, "w:pBdr", PPR_ORDER, **edges)
    if spec.tabs:
        tabs = element("w:tabs")
        for tab in spec.tabs:
            tabs.append(element("w:tab", val=tab.align, leader=tab.leader,
                                pos=str(round(tab.position_cm * 567))))
        insert_ordered(props, tabs, PPR_ORDER)
    spacing = {}
    if spec.before is not None:
        spacing["before"] = str(round(spec.before * 20))
    if spec.after is not None:
        spacing["after"] = str(round(spec.after * 20))
    if spec.line is not None:
        spacing.update(line=str(round(spec.line * 240)), lineRule="auto")
    if spacing:
        insert_ordered(props, element("w:spacing", **spacing), PPR_ORDER)
    if spec.indent_cm is not None or spec.hanging_cm is not None:
        indent = element("w:ind", left=str(round((spec.indent_cm or 0) * 567)))
        if spec.hanging_cm:
            indent.set(qn("w:hanging"), str(round(spec.hanging_cm * 567)))
        insert_ordered(props, indent, PPR_ORDER)
    if spec.align:
        insert_ordered(props, element("w:jc", val=spec.align), PPR_ORDER)
    if spec.outline is not None:
        insert_ordered(props, element("w:outlineLvl", val=str(spec.outline)), PPR_ORDER)
    if len(props):
        insert_ordered(style, props, _STYLE_ORDER)


def _run_properties(style: BaseOxmlElement, spec: StyleSpec) -> None:
    props = element("w:rPr")
    if spec.font:
        insert_ordered(props, element("w:rFonts", ascii=spec.font, hAnsi=spec.font, cs=spec.font),
                       RPR_ORDER)
    for value, tags in ((spec.bold, ("w:b", "w:bCs")), (spec.italic, ("w:i", "w:iCs")),
                        (spec.caps, ("w:caps",))):
        if value is not None:
            for tag in tags:
                insert_ordered(props, element(tag, val="1" if value else "0"), RPR_ORDER)
    if spec.color:
        insert_ordered(props, element("w:color", val=spec.color), RPR_ORDER)
    if spec.size:
        half_points = str(round(spec.size * 2))
        insert_ordered(props, element("w:sz", val=half_points), RPR_ORDER)
        insert_ordered(props, element("w:szCs", val=half_points), RPR_ORDER)
    if spec.underline:
        insert_ordered(props, element("w:u", val="single"), RPR_ORDER)
    if spec.superscript:
        insert_ordered(props, element("w:vertAlign", val="superscript"), RPR_ORDER)
    if len(props):
        insert_ordered(style, props, _STYLE_ORDER)


def _table_properties(style: BaseOxmlElement, spec: StyleSpec) -> None:
    props = element("w:tblPr")
    if spec.table_borders:
        edges = {side: border(side, *value) for side, value in spec.table_borders.items()}
        set_borders(props, "w:tblBorders", TBLPR_ORDER, **edges)
    if spec.cell_margin_cm is not None:
        margin = str(round(spec.cell_margin_cm * 567))
        margins = element("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            vertical = side in ("top", "bottom")
            margins.append(element(f"w:{side}", w="28" if vertical else margin, type="dxa"))
        insert_ordered(props, margins, TBLPR_ORDER)
    insert_ordered(style, props, _STYLE_ORDER)
    if spec.fill:
        cell = element("w:tcPr")
        shade(cell, spec.fill, TCPR_ORDER)
        insert_ordered(style, cell, _STYLE_ORDER)


# ---------------------------------------------------------------- list numbering

_LIST_NAMES = {"bullet": "kamerbrief-opsomming", "number": "kamerbrief-nummering"}
_BULLETS = ("•", "–", "◦")


def _list_numbering(document: Document) -> dict[str, int]:
    """numId of the house bullet and number lists, adding the definitions once."""
    numbering = document.part.numbering_part.element
    found: dict[str, int] = {}
    for kind, name in _LIST_NAMES.items():
        abstract_id = None
        for abstract in numbering.findall(qn("w:abstractNum")):
            name_el = abstract.find(qn("w:name"))
            if name_el is not None and name_el.get(qn("w:val")) == name:
                abstract_id = int(abstract.get(qn("w:abstractNumId")))
        if abstract_id is None:
            abstract_id = _add_abstract(numbering, kind, name)
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and int(ref.get(qn("w:val"))) == abstract_id and \
                    num.find(qn("w:lvlOverride")) is None:
                found[kind] = int(num.get(qn("w:numId")))
                break
        else:
            found[kind] = numbering.add_num(abstract_id).numId
    return found


def _add_abstract(numbering: BaseOxmlElement, kind: str, name: str) -> int:
    used = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(used, default=-1) + 1
    abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(element("w:multiLevelType", val="multilevel"))
    abstract.append(element("w:name", val=name))
    for level in range(3):
        lvl = element("w:lvl", ilvl=str(level))
        lvl.append(element("w:start", val="1"))
        number_format = "bullet" if kind == "bullet" else ("decimal", "lowerLetter", "lowerRoman")[level]
        lvl.append(element("w:numFmt", val=number_format))
        text = _BULLETS[level] if kind == "bullet" else f"%{level + 1}."
        lvl.append(element("w:lvlText", val=text))
        lvl.append(element("w:lvlJc", val="left"))
        p_pr = element("w:pPr")
        left = round((level + 1) * 0.63 * 567)
        p_pr.append(element("w:ind", left=str(left), hanging=str(round(0.63 * 567))))
        lvl.append(p_pr)
        if kind == "bullet":
            r_pr = element("w:rPr")
            r_pr.append(element("w:rFonts", ascii=FONT, hAnsi=FONT, hint="default"))
            lvl.append(r_pr)
        abstract.append(lvl)
    # abstractNum elements must precede every w:num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def restart_numbering(document: Document, style_id: str, start: int) -> int | None:
    """A new numId for one ordered list, so each list starts again at ``start``.

    Built on the numbering the list style itself uses, so a project template's own list
    definitions keep their look. None when the style has no numbering.
    """
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}") if style is not None else None
    num_id_el = num_pr.find(qn("w:numId")) if num_pr is not None else None
    if num_id_el is None:
        return None
    assert num_pr is not None  # a numId was found inside it
    ilvl_el = num_pr.find(qn("w:ilvl"))
    level = int(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else 0
    numbering = document.part.numbering_part.element
    base_num = numbering.num_having_numId(int(num_id_el.get(qn("w:val"))))
    abstract_id = int(base_num.find(qn("w:abstractNumId")).get(qn("w:val")))
    num = numbering.add_num(abstract_id)
    override = num.add_lvlOverride(ilvl=level)
    override.add_startOverride(start)
    return num.numId
