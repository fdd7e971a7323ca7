"""Read a WordprocessingML body (the document, a footnote, a text box) into paragraphs and
tables, in reading order.

What is read: paragraphs with their style, numbering, indent and frame; runs with bold,
italic, strike-through and language; hyperlinks (by relationship or bookmark, also Word's
HYPERLINK fields); footnote and endnote references (NOTEREF fields repeat one); pictures with
their alt text; text boxes; tables with merged cells; tracked insertions (deletions are
left out, as accepted). Fields show their result; a table of contents is marked so it can be
left out. Anything else that holds text is kept as text, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamerbrief.docx_input import DocxPackage, Relationship
from kamerbrief.importer.ir import (
    Block,
    Break,
    Cell,
    Grid,
    Hyperlink,
    Inline,
    NoteRef,
    NoteRepeat,
    Para,
    Picture,
    Row,
    Span,
)
from kamerbrief.importer.numbering import Numbering
from kamerbrief.importer.ooxml import NS, Element, attr, local, namespace, on, qn
from kamerbrief.importer.styles import Style, Styles, paragraph_framed
from kamerbrief.importer.unmapped import Reporter

W = NS["w"]
# Elements that only wrap content: read what is inside.
_WRAPPERS = {"ins", "moveTo", "smartTag", "customXml", "dir", "bdo"}
# Elements that carry nothing a reader sees (or are read elsewhere).
_SILENT = {"pPr", "rPr", "proofErr", "bookmarkEnd", "commentRangeStart", "commentRangeEnd",
           "permStart", "permEnd", "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd",
           "moveToRangeStart", "moveToRangeEnd", "customXmlInsRangeStart",
           "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
           "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "tblPrEx", "sdtPr", "sdtEndPr",
           "lastRenderedPageBreak", "annotationRef", "commentReference", "footnoteRef",
           "endnoteRef", "separator", "continuationSeparator", "delText", "delInstrText",
           "softHyphen", "dayShort", "monthShort", "yearShort", "dayLong", "monthLong",
           "yearLong", "noProof", "pgNum"}
_TEXT_TAGS = {qn("w:t"), qn("m:t")}


@dataclass
class _Field:
    instr: str = ""
    result: bool = False  # past w:fldChar separate
    repeat_emitted: bool = False

    @property
    def kind(self) -> str:
        words = self.instr.split()
        return words[0].upper() if words else ""


def _field_link(instr: str) -> str:
    """'url' or '#anchor' of a HYPERLINK field's instruction; '' when it names neither."""
    tokens = re.findall(r'"([^"]*)"|(\S+)', instr)
    words = [quoted or plain for quoted, plain in tokens][1:]
    anchor = url = ""
    index = 0
    while index < len(words):
        word = words[index]
        if word.lower() == "\\l" and index + 1 < len(words):
            anchor = words[index + 1]
            index += 2
            continue
        if word.startswith("\\"):
            index += 2 if word.lower() in ("\\o", "\\t") else 1
            continue
        url = url or word
        index += 1
    return f"#{anchor}" if anchor and not url else url


class BodyReader:
    """Reads the blocks of one part (the document, the footnotes …), numbering paragraphs."""

    def __init__(self, package: DocxPackage, part: str, styles: Styles, numbering: Numbering,
                 reporter: Reporter, label: str = "paragraph"):
        self.package = package
        self.part = part
        self.rels: dict[str, Relationship] = package.rels(part)
        self.styles = styles
        self.numbering = numbering
        self.reporter = reporter
        self.label = label  # 'paragraph', or 'footnote 3' for a note's paragraphs
        self.count = 0
        self.fields: list[_Field] = []
        self.pending_bookmarks: list[str] = []
        self.bookmark_notes: dict[str, str] = {}  # bookmark name → note key it encloses
        self._open_marks: dict[str, str] = {}  # bookmark id → name, while open
        self._paragraph: Para | None = None
        self._boxes: list[list[Block]] = []

    def where(self, number: int | None = None) -> str:
        number = self.count if number is None else number
        return self.label if self.label != "paragraph" else f"paragraph {number}"

    def warn(self, message: str) -> None:
        self.reporter.add(self.where(), message)

    # ------------------------------------------------------------ blocks

    def blocks(self, container: Element) -> list[Block]:
        out: list[Block] = []
        for child in container:
            tag = local(child.tag)
            if namespace(child.tag) != W:
                if child.tag is not None and _text(child):
                    self.warn(f"unknown content kept as text: {_text(child)[:60]!r}")
                continue
            if tag == "p":
                out.append(self.paragraph(child))
            elif tag == "tbl":
                out.append(self.table(child))
            elif tag == "sdt":
                content = child.find(qn("w:sdtContent"))
                if content is None:
                    continue
                if _is_toc_sdt(child):
                    self.count += len(content.findall(f".//{qn('w:p')}"))
                    continue
                out.extend(self.blocks(content))
            elif tag in _WRAPPERS:
                out.extend(self.blocks(child))
            elif tag == "bookmarkStart":
                self.pending_bookmarks.append(attr(child, "w:name"))
                self._open_marks[attr(child, "w:id")] = attr(child, "w:name")
            elif tag == "bookmarkEnd":
                self._open_marks.pop(attr(child, "w:id"), None)
            elif tag == "altChunk":
                self.warn("an embedded document part (altChunk) is not imported; paste its "
                          "text into the chapter")
            elif tag not in _SILENT and _text(child):
                self.warn(f"unknown Word element '{tag}' kept as text")
                out.append(Para(self.count, self.where(), Style("", ""), [Span(_text(child))]))
        return out

    def paragraph(self, p: Element) -> Para:
        self.count += 1
        ppr = p.find(qn("w:pPr"))
        style = self.styles.get(attr(ppr.find(qn("w:pStyle")) if ppr is not None else None,
                                     "w:val"))
        para = Para(self.count, self.where(), style, [], bookmarks=self.pending_bookmarks)
        self.pending_bookmarks = []
        para.in_toc = any(f.kind == "TOC" for f in self.fields)
        para.heading = style.heading
        outline = attr(ppr.find(qn("w:outlineLvl")) if ppr is not None else None, "w:val")
        if outline.isdigit():
            para.heading = int(outline) + 1 if int(outline) < 9 else 0
        self._numbering(para, ppr)
        framed = paragraph_framed(ppr)
        para.framed = style.framed if framed is None else framed
        para.indent_left, para.indent_right = style.indent_left, style.indent_right
        ind = ppr.find(qn("w:ind")) if ppr is not None else None
        if ind is not None:
            left = attr(ind, "w:left") or attr(ind, "w:start")
            right = attr(ind, "w:right") or attr(ind, "w:end")
            para.indent_left = _int(left) if left else para.indent_left
            para.indent_right = _int(right) if right else para.indent_right
        outer, outer_boxes = self._paragraph, self._boxes
        self._paragraph, self._boxes = para, []
        inlines = self.inlines(p)
        para.inlines = _group_field_links(inlines)
        para.boxes = self._boxes
        self._paragraph, self._boxes = outer, outer_boxes  # a text box holds paragraphs too
        para.in_toc = para.in_toc or any(f.kind == "TOC" for f in self.fields)
        return para

    def _numbering(self, para: Para, ppr: Element | None) -> None:
        numbering = para.style.numbering
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = attr(num_pr.find(qn("w:numId")), "w:val")
            ilvl = attr(num_pr.find(qn("w:ilvl")), "w:val")
            if num_id == "0":
                numbering = None
            elif num_id:
                numbering = (num_id, _int(ilvl) if ilvl else (numbering[1] if numbering else 0))
            elif numbering and ilvl:
                numbering = (numbering[0], _int(ilvl))
        if numbering is None or para.heading:
            return
        level = self.numbering.level(*numbering)
        if level.is_list:
            para.numbering, para.ordered, para.start = numbering, level.ordered, level.start

    def table(self, tbl: Element) -> Grid:
        grid = Grid(self.count + 1, self.where(self.count + 1), [],
                    _table_style(tbl, self.styles), self.pending_bookmarks)
        self.pending_bookmarks = []
        for tr in _children(tbl, "tr"):
            trpr = tr.find(qn("w:trPr"))
            row = Row([], header=bool(on(trpr.find(qn("w:tblHeader")))) if trpr is not None else False,
                      before=_int(attr(trpr.find(qn("w:gridBefore")) if trpr is not None else None,
                                       "w:val", "0")))
            for tc in _children(tr, "tc"):
                tcpr = tc.find(qn("w:tcPr"))
                span = _int(attr(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None,
                                 "w:val", "1")) or 1
                merge_el = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                merge = "" if merge_el is None else ("restart" if attr(merge_el, "w:val") ==
                                                     "restart" else "continue")
                if tcpr is not None and tcpr.find(qn("w:hMerge")) is not None:
                    if attr(tcpr.find(qn("w:hMerge")), "w:val") != "restart" and row.cells:
                        row.cells[-1].span += 1
                        continue
                row.cells.append(Cell(self.blocks(tc), span, merge))
            grid.rows.append(row)
        return grid

    # ------------------------------------------------------------ inlines

    def inlines(self, parent: Element) -> list[Inline]:
        out: list[Inline] = []
        for child in parent:
            tag = local(child.tag)
            ns = namespace(child.tag)
            if ns == NS["m"]:
                text = _text(child)
                if text:
                    self.warn(f"an equation is kept as plain text: {text[:60]!r}")
                    out.append(Span(text))
                continue
            if ns == NS["mc"] and tag == "AlternateContent":
                out.extend(self.inlines(_alternative(child)))
                continue
            if ns != W:
                if _text(child):
                    self.warn(f"unknown content kept as text: {_text(child)[:60]!r}")
                    out.append(Span(_text(child)))
                continue
            if tag == "r":
                out.extend(self.run(child))
            elif tag == "hyperlink":
                children = self.inlines(child)
                rel = self.rels.get(attr(child, "r:id"))
                url = rel.target if rel is not None and rel.external else ""
                anchor = attr(child, "w:anchor")
                if url and anchor:  # a place in a web page: one address
                    url, anchor = f"{url}#{anchor}", ""
                if rel is not None and not rel.external:
                    self.warn("a link to a file inside the document package is kept as text")
                elif rel is None and attr(child, "r:id"):
                    self.warn("a link whose address is missing from the document is kept as text")
                out.append(Hyperlink(children, url, anchor))
            elif tag in _WRAPPERS:
                out.extend(self.inlines(child))
            elif tag == "sdt":
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    out.extend(self.inlines(content))
            elif tag == "fldSimple":
                self.fields.append(_Field(attr(child, "w:instr"), result=True))
                field = self.fields[-1]
                if field.kind == "NOTEREF":
                    out.append(NoteRepeat(_second_word(field.instr)))
                    field.repeat_emitted = True
                inner = self.inlines(child)
                self.fields.pop()
                if field.kind == "HYPERLINK" and _field_link(field.instr):
                    out.append(Hyperlink(inner, *_split_link(_field_link(field.instr))))
                elif field.kind != "NOTEREF":
                    out.extend(inner)
            elif tag == "bookmarkStart":
                name = attr(child, "w:name")
                self._open_marks[attr(child, "w:id")] = name
                if self._paragraph is not None:
                    self._paragraph.bookmarks.append(name)
            elif tag == "bookmarkEnd":
                self._open_marks.pop(attr(child, "w:id"), None)
            elif tag not in _SILENT and _text(child):
                self.warn(f"unknown Word element '{tag}' kept as text")
                out.append(Span(_text(child)))
        return out

    def _visible(self) -> bool:
        return all(field.result and field.kind != "NOTEREF" for field in self.fields)

    def _link(self) -> str:
        for field in reversed(self.fields):
            if field.kind == "HYPERLINK" and field.result:
                return _field_link(field.instr)
        return ""

    def run(self, r: Element) -> list[Inline]:
        rpr = r.find(qn("w:rPr"))
        fmt = self._format(rpr)
        if fmt is None:  # hidden text
            return []
        bold, italic, strike, lang = fmt
        out: list[Inline] = []

        def text(value: str) -> None:
            if self._visible() and value:
                out.append(Span(value, bold, italic, strike, lang, self._link()))

        for child in r:
            tag = local(child.tag)
            ns = namespace(child.tag)
            if ns == NS["mc"] and tag == "AlternateContent":
                alternative = _alternative(child)
                for inner in alternative:
                    out.extend(self._object(inner))
                continue
            if ns != W:
                continue
            if tag == "t":
                text(child.text or "")
            elif tag in ("tab", "ptab"):
                text(" ")
            elif tag in ("br", "cr"):
                if attr(child, "w:type") not in ("page", "column") and self._visible():
                    out.append(Break())
            elif tag == "noBreakHyphen":
                text("-")
            elif tag == "sym":
                char = attr(child, "w:char")
                font = attr(child, "w:font").lower()
                if "symbol" in font or "wingding" in font or "webding" in font:
                    self.warn(f"a symbol from the font {attr(child, 'w:font')} is left out")
                else:
                    try:
                        text(chr(int(char, 16)))
                    except ValueError:
                        self.warn("a symbol character is left out")
            elif tag == "fldChar":
                self._field_char(attr(child, "w:fldCharType"), out)
            elif tag == "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr += child.text or ""
            elif tag in ("footnoteReference", "endnoteReference"):
                if self._visible():
                    key = f"{'footnote' if tag.startswith('foot') else 'endnote'}:{attr(child, 'w:id')}"
                    out.append(NoteRef(key))
                    for name in self._open_marks.values():
                        self.bookmark_notes.setdefault(name, key)
            elif tag in ("drawing", "pict", "object"):
                if self._visible():
                    out.extend(self._object(child))
            elif tag not in _SILENT and _text(child):
                self.warn(f"unknown Word element '{tag}' kept as text")
                text(_text(child))
        return out

    def _field_char(self, kind: str, out: list[Inline]) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            field = self.fields[-1]
            field.result = True
            if field.kind == "NOTEREF" and not field.repeat_emitted and \
                    all(f.result for f in self.fields[:-1]):
                out.append(NoteRepeat(_second_word(field.instr)))
                field.repeat_emitted = True
        elif kind == "end" and self.fields:
            field = self.fields.pop()
            if field.kind == "NOTEREF" and not field.repeat_emitted and self._visible():
                out.append(NoteRepeat(_second_word(field.instr)))

    def _format(self, rpr: Element | None) -> tuple[bool, bool, bool, str] | None:
        if rpr is None:
            return False, False, False, ""
        if on(rpr.find(qn("w:vanish"))) or on(rpr.find(qn("w:specVanish"))):
            return None
        char_style = self.styles.get(attr(rpr.find(qn("w:rStyle")), "w:val"))
        bold = on(rpr.find(qn("w:b")))
        italic = on(rpr.find(qn("w:i")))
        strike = on(rpr.find(qn("w:strike"))) or on(rpr.find(qn("w:dstrike")))
        lang = attr(rpr.find(qn("w:lang")), "w:val") or char_style.lang
        return (char_style.bold if bold is None else bold,
                char_style.italic if italic is None else italic, bool(strike), lang)

    # ------------------------------------------------------------ pictures and text boxes

    def _object(self, element: Element) -> list[Inline]:
        """Pictures in a w:drawing, w:pict or w:object; text boxes go after the paragraph."""
        out: list[Inline] = []
        alt = ""
        doc_pr = next(element.iter(f"{{{NS['wp']}}}docPr"), None)
        if doc_pr is not None:
            alt = (doc_pr.get("descr") or doc_pr.get("title") or "").strip()
        for blip in element.iter(f"{{{NS['a']}}}blip"):
            out.append(self._picture(alt, attr(blip, "r:embed"), attr(blip, "r:link")))
        for image in element.iter(f"{{{NS['v']}}}imagedata"):
            vml_alt = alt or _vml_alt(element) or (image.get(f"{{{NS['o']}}}title") or "")
            out.append(self._picture(vml_alt.strip(), attr(image, "r:id"), attr(image, "r:href")))
        boxes = list(element.iter(qn("w:txbxContent")))
        for box in boxes:
            saved = self.pending_bookmarks
            blocks = self.blocks(box)
            self.pending_bookmarks = saved
            if blocks:
                self._boxes.append(blocks)
                self.warn("a text box is imported as a '::: kader' box after its paragraph")
        if out or boxes:
            if local(element.tag) == "object":
                self.warn("an embedded object (OLE) is imported as its picture only")
            return out
        graphic = next(element.iter(f"{{{NS['a']}}}graphicData"), None)
        uri = graphic.get("uri", "") if graphic is not None else ""
        kind = "chart" if uri.endswith("/chart") else "shape"
        what = "a chart" if kind == "chart" else "a drawing or embedded object"
        self.warn(f"{what} is not imported" + (f"; its alt text is kept: {alt!r}" if alt else
                                                "") + "; save it as a picture (PNG) and add it")
        return [Picture(alt, kind=kind)] if alt else []

    def _picture(self, alt: str, embed: str, link: str) -> Picture:
        rel = self.rels.get(embed) if embed else None
        if rel is not None and not rel.external and rel.target:
            if link:
                linked = self.rels.get(link)
                if linked is not None:
                    self.warn(f"picture {alt!r} is also linked to {linked.target}; the copy "
                              "saved in the document is used, the link is not followed")
            return Picture(alt, part=rel.target)
        external = rel if rel is not None and rel.external else self.rels.get(link)
        address = external.target if external is not None else "an unknown place"
        self.warn(f"picture {alt!r} is linked to {address}, not saved in the document; it is "
                  "not fetched: save the picture in images/ and refer to it")
        return Picture(alt, link=address)


def _children(element: Element, tag: str) -> list[Element]:
    """Direct w:<tag> children, also those wrapped in content controls or custom XML."""
    found = []
    for child in element:
        name = local(child.tag)
        if name == tag and namespace(child.tag) == W:
            found.append(child)
        elif name in ("sdt", "customXml", "ins", "moveTo"):
            inner = child.find(qn("w:sdtContent")) if name == "sdt" else child
            if inner is not None:
                found.extend(_children(inner, tag))
    return found


def _text(element: Element) -> str:
    return "".join(t.text or "" for t in element.iter() if t.tag in _TEXT_TAGS).strip()


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def _second_word(instr: str) -> str:
    words = instr.split()
    return words[1] if len(words) > 1 else ""


def _split_link(link: str) -> tuple[str, str]:
    return ("", link[1:]) if link.startswith("#") else (link, "")


def _alternative(element: Element) -> Element:
    """Of mc:AlternateContent: the first mc:Choice (Word's modern markup), else mc:Fallback."""
    choice = element.find(f"{{{NS['mc']}}}Choice")
    return choice if choice is not None else element.find(f"{{{NS['mc']}}}Fallback") \
        if element.find(f"{{{NS['mc']}}}Fallback") is not None else element


def _vml_alt(element: Element) -> str:
    shape = next(element.iter(f"{{{NS['v']}}}shape"), None)
    return (shape.get("alt") or "") if shape is not None else ""


def _is_toc_sdt(sdt: Element) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return attr(gallery, "w:val").lower() in ("table of contents", "inhoudsopgave")


def _table_style(tbl: Element, styles: Styles) -> str:
    style_id = attr(tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}"), "w:val")
    style = styles.get(style_id)
    return style.name or style_id


def _group_field_links(inlines: list[Inline]) -> list[Inline]:
    """Spans produced inside a HYPERLINK field become one Hyperlink per field."""
    out: list[Inline] = []
    for inline in inlines:
        if not isinstance(inline, Span) or not inline.link:
            out.append(inline)
            continue
        link, inline.link = inline.link, ""
        last = out[-1] if out else None
        url, anchor = _split_link(link)
        if isinstance(last, Hyperlink) and (last.url, last.anchor) == (url, anchor):
            last.children.append(inline)
        else:
            out.append(Hyperlink([inline], url, anchor))
    return out
