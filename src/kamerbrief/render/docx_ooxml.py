"""WordprocessingML pieces python-docx has no API for: fields, bookmarks, hyperlinks, borders.

Word rejects (or silently repairs) property elements in the wrong order, so every insertion
goes through ``insert_ordered`` with the schema sequence of the parent element. python-docx
keeps these sequences private (and deletes them after class creation), hence the copies here.

This is also the fence around python-docx's internals: every private attribute (``_p``,
``_tbl``, ``_element``, ``Part._blob``, ``PackageWriter._write_parts``…) and every import from
its undocumented modules (``docx.opc``, ``docx.oxml.parser``/``xmlchemy``/``table``,
``docx.parts``, ``docx.blkcntnr``) is here and nowhere else in kamerbrief, each behind a small
function (tests/test_docx_fence.py keeps it so). A python-docx release that moves one of them
breaks this module only; pyproject.toml caps python-docx to the versions it was checked with.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from typing import TYPE_CHECKING

from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory
from docx.oxml.ns import nsmap
from docx.oxml.parser import oxml_parser, parse_xml, register_element_cls
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement, ZeroOrMore
from docx.parts.story import StoryPart
from docx.section import Section
from docx.shape import InlineShape
from docx.shared import Length
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

if TYPE_CHECKING:
    from docx.oxml.section import CT_SectPr
    from docx.oxml.table import CT_Row, CT_Tc
    from docx.oxml.text.paragraph import CT_P

Cell = _Cell  # python-docx's table cell class: documented, but under a private name

# Schema order of the children of the property elements we touch (ECMA-376 part 1, §17).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
    "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
    "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
    "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
    "w:tblPrChange",
)
TCPR_ORDER = (
    "w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)
TRPR_ORDER = (
    "w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
    "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
)
SECTPR_ORDER = (
    "w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
    "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
    "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
    "w:docGrid", "w:printerSettings", "w:sectPrChange",
)
SETTINGS_ORDER = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts",
    "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
    "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter",
    "w:gutterAtTop", "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
    "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
    "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType", "w:mailMerge",
    "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
    "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme", "w:styleLockQFSet",
    "w:defaultTabStop", "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
    "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
    "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
    "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
    "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
    "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
    "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
    "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly",
    "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)


_CLARK: dict[str, str] = {}
_PREFIX_MAPS = {prefix: {prefix: uri} for prefix, uri in nsmap.items()}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def qn(tag: str) -> str:
    """``w:p`` → ``{uri}p``, memoised: python-docx's own ``qn`` splits and formats on every
    call, and a report asks for the same few dozen names tens of thousands of times."""
    clark = _CLARK.get(tag)
    if clark is None:
        prefix, local = tag.split(":")
        clark = _CLARK[tag] = f"{{{nsmap[prefix]}}}{local}"
    return clark


def element(tag: str, **attrs: str) -> BaseOxmlElement:
    """A new element with ``w:``-prefixed attributes given as keyword arguments (val='x').

    Made by python-docx's parser (so it gets python-docx's element class, like
    ``OxmlElement``) but without parsing the tag name again on every call."""
    el = oxml_parser.makeelement(qn(tag), nsmap=_PREFIX_MAPS[tag.split(":", 1)[0]])
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def subelement(parent: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """Append a new ``tag`` to ``parent`` (the caller keeps schema order) and return it.

    lxml's SubElement takes the namespace from the tree and the element class from the
    parent's parser, so the child is what ``element`` would make, only cheaper."""
    return SubElement(parent, qn(tag), {qn(f"w:{name}"): value for name, value in attrs.items()})


_RANKS: dict[int, tuple[tuple[str, ...], dict[str, int]]] = {}


def _ranks(order: tuple[str, ...]) -> dict[str, int]:
    """Clark name → position in the schema sequence ``order``, computed once per sequence."""
    cached = _RANKS.get(id(order))
    if cached is None or cached[0] is not order:
        cached = _RANKS[id(order)] = (order, {qn(name): index for index, name in enumerate(order)})
    return cached[1]


def insert_ordered(parent: BaseOxmlElement, child: BaseOxmlElement,
                   order: tuple[str, ...], replace: bool = True) -> BaseOxmlElement:
    """Put ``child`` where the schema wants it; an existing element of its tag is replaced
    in place. Elements the sequence does not know (w14 extensions) keep their position
    after the known ones."""
    tag = child.tag
    if replace:
        existing = parent.findall(tag)
        if existing:
            existing[0].addprevious(child)
            for old in existing:
                parent.remove(old)
            return child
    ranks = _ranks(order)
    position = ranks.get(tag)
    if position is None:
        parent.append(child)
        return child
    anchor = None
    first_after = None
    for current in parent:
        rank = ranks.get(current.tag)
        if rank is None:
            continue
        if rank <= position:
            anchor = current
        elif first_after is None:
            first_after = current
    if anchor is not None:
        anchor.addnext(child)
    elif first_after is not None:
        first_after.addprevious(child)
    else:
        parent.append(child)
    return child


def get_or_add(parent: BaseOxmlElement, tag: str, order: tuple[str, ...]) -> BaseOxmlElement:
    """The child ``tag`` of ``parent``, created in schema order when missing."""
    found = parent.find(qn(tag))
    return found if found is not None else insert_ordered(parent, element(tag), order)


def ppr(p: BaseOxmlElement) -> BaseOxmlElement:
    return p.get_or_add_pPr()


def rpr(r: BaseOxmlElement) -> BaseOxmlElement:
    return r.get_or_add_rPr()


# ---------------------------------------------------------------- blocks


def insert_block(parent: BaseOxmlElement, block: BaseOxmlElement) -> BaseOxmlElement:
    """Append a paragraph or table to a body, cell or note: in a body before its closing
    ``w:sectPr``. python-docx finds that place by scanning every child, which made each
    new paragraph cost as much as the document so far."""
    last = next(parent.iterchildren(reversed=True), None)  # len() on lxml counts children
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(block)
    else:
        parent.append(block)
    return block


def add_paragraph(container: BlockItemContainer) -> Paragraph:
    """``container.add_paragraph()`` in constant time."""
    return Paragraph(insert_block(container_element(container), element("w:p")), container)


def add_table(container: BlockItemContainer, rows: int, cols: int, width: Length) -> Table:
    """``container.add_table(…)`` in constant time: python-docx's new table, placed by us."""
    tbl = CT_Tbl.new_tbl(rows, cols, width)
    return Table(insert_block(container_element(container), tbl), container)


# ---------------------------------------------------------------- runs and fields


_BREAKS = re.compile(r"[\t\r\n]")


def text_run(text: str, style_id: str | None = None, bold: bool = False,
             italic: bool = False, lang: str = "") -> BaseOxmlElement:
    """A ``w:r`` with one ``w:t`` (spaces kept), an optional character style and language."""
    run = run_element(style_id, bold, italic, lang)
    t = subelement(run, "w:t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return run


def run_element(style_id: str | None = None, bold: bool = False,
                italic: bool = False, lang: str = "", strike: bool = False) -> BaseOxmlElement:
    """An empty ``w:r`` with its properties in schema order (style, bold, italic, struck
    through, language: ``lang`` marks words in another language than the document's, as
    BCP 47)."""
    run = element("w:r")
    if style_id or bold or italic or lang or strike:
        properties = subelement(run, "w:rPr")
        if style_id:
            subelement(properties, "w:rStyle", val=style_id)
        if bold:
            subelement(properties, "w:b")
        if italic:
            subelement(properties, "w:i")
        if strike:
            subelement(properties, "w:strike")
        if lang:
            subelement(properties, "w:lang", val=lang)
    return run


def append_text(run: BaseOxmlElement, text: str) -> None:
    """Text into a run the way Word stores it: a tab as ``w:tab``, a line end as ``w:br``,
    spaces kept only where they would otherwise be lost (as python-docx's ``Run.text``)."""
    pieces = _BREAKS.split(text) if _BREAKS.search(text) else [text]
    separators = _BREAKS.findall(text)
    for index, piece in enumerate(pieces):
        if piece:
            t = subelement(run, "w:t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")
        if index < len(separators):
            subelement(run, "w:tab" if separators[index] == "\t" else "w:br")


def _fld_char(kind: str, dirty: bool = False) -> BaseOxmlElement:
    run = element("w:r")
    char = element("w:fldChar", fldCharType=kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def field_start(instruction: str, dirty: bool = False) -> list[BaseOxmlElement]:
    """Runs that open a complex field up to its separator; the cached result follows."""
    instr_run = element("w:r")
    instr = element("w:instrText")
    instr.text = f" {instruction} "
    instr.set(_XML_SPACE, "preserve")
    instr_run.append(instr)
    return [_fld_char("begin", dirty), instr_run, _fld_char("separate")]


def field_end() -> BaseOxmlElement:
    return _fld_char("end")


def field_runs(instruction: str, result: str, style_id: str | None = None,
               dirty: bool = False) -> list[BaseOxmlElement]:
    """A complete complex field whose cached result is ``result``, so it reads right unopened."""
    return [*field_start(instruction, dirty), text_run(result, style_id), field_end()]


def copy_run_format(source_run: BaseOxmlElement, runs: list[BaseOxmlElement]) -> None:
    """Give field runs the formatting of the run they replace (bold inside bold text)."""
    source = source_run.find(qn("w:rPr"))
    if source is None:
        return
    for run in runs:
        old = run.find(qn("w:rPr"))
        if old is not None:
            run.remove(old)
        run.insert(0, deepcopy(source))


# ---------------------------------------------------------------- bookmarks and links


def wrap_bookmark(parent: BaseOxmlElement, name: str, mark_id: int,
                  first: BaseOxmlElement | None = None, last: BaseOxmlElement | None = None) -> None:
    """Bookmark the children from ``first`` to ``last`` (default: all content of ``parent``)."""
    content = [child for child in parent if child.tag != qn("w:pPr")]
    first = first if first is not None else (content[0] if content else None)
    last = last if last is not None else (content[-1] if content else None)
    start = element("w:bookmarkStart", id=str(mark_id), name=name)
    end = element("w:bookmarkEnd", id=str(mark_id))
    if first is None or last is None:
        parent.append(start)
        parent.append(end)
        return
    first.addprevious(start)
    last.addnext(end)


def hyperlink(part: Part, url: str = "", anchor: str = "") -> BaseOxmlElement:
    """A ``w:hyperlink``: external through a relationship of ``part``, internal by bookmark."""
    link = element("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        link.set(qn("r:id"), part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.set(qn("w:history"), "1")
    return link


# ---------------------------------------------------------------- tables


def border(side: str, val: str = "single", size: int = 4, color: str = "auto",
           space: int = 0) -> BaseOxmlElement:
    """One border edge; ``size`` in eighths of a point, as Word counts."""
    return element(f"w:{side}", val=val, sz=str(size), space=str(space), color=color)


def set_borders(container: BaseOxmlElement, tag: str, order: tuple[str, ...],
                **sides: BaseOxmlElement) -> None:
    """Write ``w:tcBorders``/``w:tblBorders``/``w:pBdr`` with the given edges in schema order."""
    edge_order = ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH",
                  "w:insideV", "w:between", "w:bar", "w:tl2br", "w:tr2bl")
    holder = get_or_add(container, tag, order)
    for edge in sides.values():
        insert_ordered(holder, edge, edge_order)


def shade(container: BaseOxmlElement, fill: str, order: tuple[str, ...]) -> None:
    insert_ordered(container, element("w:shd", val="clear", color="auto", fill=fill), order)


def name_table(tbl_pr: BaseOxmlElement, title: str, description: str = "") -> None:
    """Word's alt text of a table (Table Properties → Alt Text): ``w:tblCaption``, the title a
    screen reader announces, and ``w:tblDescription``, what it can read on request."""
    if title:
        insert_ordered(tbl_pr, element("w:tblCaption", val=title), TBLPR_ORDER)
    if description:
        insert_ordered(tbl_pr, element("w:tblDescription", val=description), TBLPR_ORDER)


def mark_layout_table(tbl_pr: BaseOxmlElement) -> None:
    """A table that only lays out (a box, the cover ribbon), not data: its ``w:tblLook`` turns
    off the header row and first column that python-docx's new table turns on (``04A0``), and
    the banding, so nothing in it reads as a heading. ``val`` is Word 2007's hex spelling of
    the same flags (0x0200 no row bands, 0x0400 no column bands)."""
    insert_ordered(tbl_pr, element("w:tblLook", val="0600", firstRow="0", lastRow="0",
                                   firstColumn="0", lastColumn="0", noHBand="1", noVBand="1"),
                   TBLPR_ORDER)


def mark_row(tr: BaseOxmlElement, header: bool = False) -> None:
    """Keep a row on one page; a header row also repeats on every page (``w:tblHeader``)."""
    trpr = tr.get_or_add_trPr()
    insert_ordered(trpr, element("w:cantSplit"), TRPR_ORDER)
    if header:
        insert_ordered(trpr, element("w:tblHeader"), TRPR_ORDER)


# ---------------------------------------------------------------- settings


def set_update_fields(settings: BaseOxmlElement) -> None:
    """Ask Word to refresh TOC, SEQ and REF fields on open (schema position, not appended)."""
    insert_ordered(settings, element("w:updateFields", val="true"), SETTINGS_ORDER)


def set_auto_hyphenation(settings: BaseOxmlElement) -> None:
    """Word's automatic hyphenation in the document's language (Dutch), as the PDF hyphenates;
    words in capitals (abbreviations: RIVM, OMG) are left whole."""
    for tag in ("w:autoHyphenation", "w:doNotHyphenateCaps"):
        if settings.find(qn(tag)) is None:
            insert_ordered(settings, element(tag, val="true"), SETTINGS_ORDER)


def set_language(rpr_element: BaseOxmlElement, language: str) -> None:
    lang = element("w:lang", val=language, eastAsia=language, bidi="ar-SA")
    insert_ordered(rpr_element, lang, RPR_ORDER)


# ---------------------------------------------------------------- python-docx internals
# The only place kamerbrief reaches past python-docx's documented API (see the module text).


def paragraph_element(paragraph: Paragraph) -> CT_P:
    """The ``w:p`` behind a paragraph (python-docx's private ``_p``): we write runs into it."""
    return paragraph._p


def table_element(table: Table) -> CT_Tbl:
    """The ``w:tbl`` behind a table (private ``_tbl``): properties and rows are written as XML."""
    return table._tbl


def row_element(row: _Row) -> CT_Row:
    """The ``w:tr`` behind a row (private ``_tr``): python-docx has no repeat-header or no-split API."""
    return row._tr


def cell_element(cell: _Cell) -> CT_Tc:
    """The ``w:tc`` behind a cell (private ``_tc``): borders and shading have no python-docx API."""
    return cell._tc


def describe_picture(shape: InlineShape, text: str) -> None:
    """A picture's alt text (``wp:docPr/@descr``), which screen readers read; python-docx's
    ``add_picture`` leaves it empty and has no API for it (private ``_inline``)."""
    shape._inline.docPr.set("descr", text)


def section_properties(section: Section) -> CT_SectPr:
    """The ``w:sectPr`` behind a section (private ``_sectPr``), for ``w:pgNumType`` and the like."""
    return section._sectPr


def container_element(container: BlockItemContainer) -> BaseOxmlElement:
    """The body, cell or note element behind a block container (private ``_element``)."""
    return container._element


def body_container(document: Document) -> BlockItemContainer:
    """The document body as a block container; ``Document._body`` is private and rebuilt per call."""
    return BlockItemContainer(document.element.body, document)


def section_of(sect_pr: CT_SectPr, document: Document) -> Section:
    """A Section over ``sect_pr``: ``document.sections`` finds one only by scanning the body."""
    return Section(sect_pr, document.part)


def parse(xml: str) -> BaseOxmlElement:
    """XML text as python-docx elements (with its element classes); its parser is not public."""
    return parse_xml(xml)


def drop_relationships(owner: Part | OpcPackage, drop: Callable[[str, str], bool]) -> None:
    """Delete each relationship of ``owner`` for which ``drop(rel_id, reltype)`` holds:
    python-docx has no API to remove one, but its ``rels`` is a dict keyed by id."""
    rels = owner.rels
    for rel_id, rel in list(rels.items()):
        if drop(rel_id, rel.reltype):
            del rels[rel_id]


def replace_part_blob(document: Document, partname: str, blob: bytes) -> None:
    """Give the plain (unparsed) part ``partname`` new bytes: a plain Part has no blob setter."""
    for part in document.part.package.iter_parts():
        if part.partname == partname:
            part._blob = blob


def add_custom_xml_part(document: Document, xml: bytes, item_props: str) -> str:
    """A custom XML data part (``/customXml/itemN.xml``, with its ``itemPropsN.xml``)
    related from the document, as Word stores data it keeps but never shows; ``item_props``
    is the properties part's XML. Returns the item's part name. python-docx has no API for
    new parts: its plain ``Part`` and ``PackURI`` are undocumented."""
    package = document.part.package
    taken = {str(part.partname) for part in package.iter_parts()}
    number = next(n for n in range(1, len(taken) + 2) if f"/customXml/item{n}.xml" not in taken)
    item = Part(PackURI(f"/customXml/item{number}.xml"), CT.XML, xml, package)
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES,
                 item_props.encode("utf-8"), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    return str(item.partname)


# ---------------------------------------------------------------- package writing

PACKAGE_WRITER_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")


def package_writer_available(steps: tuple[str, ...] = PACKAGE_WRITER_STEPS) -> bool:
    """Whether python-docx still has the private PackageWriter steps ``write_package`` runs."""
    from docx.opc.pkgwriter import PackageWriter

    return all(hasattr(PackageWriter, step) for step in steps)


class _MemberWriter:
    """Stands in for python-docx's zip writer: hands each member's name and bytes on."""

    def __init__(self, write: Callable[[str, bytes], None]):
        self._write = write

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self._write(pack_uri.membername, blob)


def write_package(document: Document, write: Callable[[str, bytes], None]) -> None:
    """Each package member as ``write(name, bytes)``, composed and ordered by python-docx.

    ``PackageWriter.write`` runs exactly these private steps with its own zip writer; running
    them here lets the caller write the zip (fixed timestamps) without compressing twice."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    writer = _MemberWriter(write)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]


# ---------------------------------------------------------------- footnotes part


class CT_Footnote(BaseOxmlElement):
    """``w:footnote``: a story like a table cell, so python-docx can add paragraphs to it."""

    p = ZeroOrMore("w:p", successors=())
    tbl = ZeroOrMore("w:tbl", successors=())


class FootnotesPart(StoryPart):
    """The footnotes part; a StoryPart so styles and hyperlinks resolve from inside notes."""


def register_footnote_part() -> None:
    """Teach python-docx (process-wide) to load ``footnotes.xml`` as a FootnotesPart and
    ``w:footnote`` as CT_Footnote; it has neither. Idempotent; called when a DOCX render
    starts, never on import, so importing kamerbrief leaves python-docx as it was."""
    register_element_cls("w:footnote", CT_Footnote)
    PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart


def footnotes_part(document: Document, empty_part_xml: str) -> FootnotesPart:
    """The document's footnotes part, else a new one from ``empty_part_xml`` related to it.

    A part loaded before ``register_footnote_part`` is an opaque blob: it is replaced by a
    parsed one through the private ``_Relationship._target`` (python-docx cannot re-target)."""
    register_footnote_part()
    document_part = document.part
    for rel in document_part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            if isinstance(part, FootnotesPart):
                return part
            replacement = FootnotesPart(part.partname, CT.WML_FOOTNOTES, parse_xml(part.blob),
                                        document_part.package)
            rel._target = replacement
            return replacement
    part = FootnotesPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                         parse_xml(empty_part_xml), document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def note_container(note: BaseOxmlElement, part: FootnotesPart) -> BlockItemContainer:
    """A block container over one ``w:footnote`` so paragraphs and tables go in as in a cell."""
    return BlockItemContainer(note, part)
