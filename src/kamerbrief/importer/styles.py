"""What each paragraph style means: a heading level, a title, a quote, a caption, a list.

Word stores a built-in style's English name ('heading 1', 'Quote') whatever the language of
the Word that wrote it, but its id is translated ('Kop1' in a Dutch Word); other programs
write their own names ('Quotations' in LibreOffice). So a style is recognised by its name or
id in several languages, by its outline level, or by the style it is based on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamerbrief.importer.ooxml import Element, attr, on, qn

_HEADING = re.compile(r"^(heading|kop|überschrift|uberschrift|titre|titolo|título|titulo|"
                      r"rubrik|overskrift|otsikko|nagłówek|nadpis)\s*([1-9])$")
_TOC = re.compile(r"^(toc|inhopg|verzeichnis|tdm|sommario|índice|indice|innehåll)\s*[1-9]$")

# Roles by normalised name or id (lower case, no spaces).
ROLES: dict[str, tuple[str, ...]] = {
    "title": ("title", "titel", "titre", "titolo", "título", "titulo"),
    "subtitle": ("subtitle", "ondertitel", "untertitel", "sous-titre", "soustitre",
                 "sottotitolo", "subtítulo", "subtitulo"),
    "caption": ("caption", "bijschrift", "beschriftung", "légende", "legende", "didascalia",
                "epígrafe", "tabel", "table"),
    "quote": ("quote", "intensequote", "citaat", "duidelijkcitaat", "zitat", "intensiveszitat",
              "citation", "citationintense", "quotations", "blocktext", "blokcitaat",
              "tekstblok"),
    "quote_source": ("citaatbron",),
    "box_label": ("kaderlabel",),
    "box_title": ("kadertitel",),
    "box_text": ("kader",),
    "unit": ("tabeleenheid",),
    "table_note": ("tabelnoot",),
    "toc_heading": ("tocheading", "kopvaninhoudsopgave", "inhaltsverzeichnisüberschrift",
                    "contentsheading", "inhoudsopgavekop"),
    "toc": ("tableoffigures", "lijstmetafbeeldingen", "abbildungsverzeichnis",
            "tabledesillustrations", "illustrationindex"),
    "cover": ("omslag",),
    "colophon": ("colofon", "colophon"),
    "draft": ("concept",),
    "list_continue": ("listcontinue", "listcontinue2", "listcontinue3", "lijstvervolg",
                      "lijstvervolg2", "lijstvervolg3", "listparagraph", "lijstalinea"),
    "code": ("plaintext", "htmlpreformatted", "zonderopmaak", "preformattedtext",
             "htmlvooraforgemaakt"),
}
_BY_NAME = {name: role for role, names in ROLES.items() for name in names}


@dataclass(frozen=True)
class Style:
    """One paragraph or character style, with what it inherits resolved."""

    style_id: str
    name: str
    role: str = ""  # see ROLES; '' for body text
    heading: int = 0  # 1–9, 0 for no heading
    numbering: tuple[str, int] | None = None  # (numId, ilvl) from the style
    indent_left: int = 0  # twips
    indent_right: int = 0
    framed: bool = False  # borders or shading on the paragraph
    bold: bool = False  # character styles: Strong, Zwaar …
    italic: bool = False
    lang: str = ""


NORMAL = Style("", "")


@dataclass
class Styles:
    by_id: dict[str, Style]
    default_lang: str  # the document's language (w:docDefaults), '' when not said

    def get(self, style_id: str) -> Style:
        return self.by_id.get(style_id, NORMAL)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "", text.lower())


def _role(name: str, style_id: str) -> tuple[str, int]:
    for text in (name, style_id):
        lowered = " ".join(text.lower().split())
        heading = _HEADING.match(lowered) or _HEADING.match(re.sub(r"(\D)(\d)$", r"\1 \2", lowered))
        if heading:
            return "heading", int(heading.group(2))
        if _TOC.match(lowered) or _TOC.match(re.sub(r"(\D)(\d)$", r"\1 \2", lowered)):
            return "toc", 0
        role = _BY_NAME.get(_key(text))
        if role:
            return role, 0
    return "", 0


def _indent(ppr: Element | None) -> tuple[int | None, int | None]:
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    if ind is None:
        return None, None
    left = attr(ind, "w:left") or attr(ind, "w:start")
    right = attr(ind, "w:right") or attr(ind, "w:end")
    return (_twips(left) if left else None), (_twips(right) if right else None)


def _twips(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


def paragraph_framed(ppr: Element | None) -> bool | None:
    """Borders or a fill on a paragraph: None when its properties say nothing about it."""
    if ppr is None:
        return None
    borders = ppr.find(qn("w:pBdr"))
    shading = ppr.find(qn("w:shd"))
    said = borders is not None or shading is not None
    if not said:
        return None
    framed = borders is not None and any(attr(edge, "w:val") not in ("", "nil", "none")
                                         for edge in borders)
    fill = attr(shading, "w:fill").lower()
    return framed or fill not in ("", "auto", "ffffff")


def read_styles(root: Element | None) -> Styles:
    """Every style of styles.xml, resolved through its basedOn chain."""
    if root is None:
        return Styles({}, "")
    raw = {attr(s, "w:styleId"): s for s in root.iter(qn("w:style"))}
    default_lang = attr(root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/"
                                  f"{qn('w:lang')}"), "w:val")
    resolved: dict[str, Style] = {}

    def resolve(style_id: str, depth: int = 0) -> Style:
        if style_id in resolved:
            return resolved[style_id]
        element = raw.get(style_id)
        if element is None or depth > 20:
            return NORMAL
        base_id = attr(element.find(qn("w:basedOn")), "w:val")
        base = resolve(base_id, depth + 1) if base_id and base_id != style_id else NORMAL
        name = attr(element.find(qn("w:name")), "w:val")
        role, level = _role(name, style_id)
        ppr = element.find(qn("w:pPr"))
        rpr = element.find(qn("w:rPr"))
        outline = attr(ppr.find(qn("w:outlineLvl")) if ppr is not None else None, "w:val")
        heading = level or (int(outline) + 1 if outline.isdigit() and int(outline) < 9 else 0)
        if role == "heading" or (not role and heading):
            role = "heading"
        elif not role and base.role in ("heading", "title", "subtitle", "quote", "caption",
                                        "box_text", "box_title", "box_label", "toc",
                                        "list_continue", "code", "colophon", "cover"):
            role, heading = base.role, base.heading
        if role != "heading":
            heading = 0
        elif not heading:
            heading = base.heading or 1
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        numbering = base.numbering
        if num_pr is not None:
            num_id = attr(num_pr.find(qn("w:numId")), "w:val")
            ilvl = attr(num_pr.find(qn("w:ilvl")), "w:val", "0")
            numbering = (num_id, int(ilvl) if ilvl.isdigit() else 0) if num_id not in ("", "0") else None
        left, right = _indent(ppr)
        framed = paragraph_framed(ppr)
        style = Style(
            style_id, name, role, heading, numbering,
            base.indent_left if left is None else left,
            base.indent_right if right is None else right,
            base.framed if framed is None else framed,
            _toggle(rpr, "w:b", base.bold), _toggle(rpr, "w:i", base.italic),
            attr(rpr.find(qn("w:lang")) if rpr is not None else None, "w:val") or base.lang)
        resolved[style_id] = style
        return style

    for style_id in raw:
        resolve(style_id)
    return Styles(resolved, default_lang or resolve(_default_paragraph(raw)).lang)


def _default_paragraph(raw: dict[str, Element]) -> str:
    return next((style_id for style_id, element in raw.items()
                 if attr(element, "w:type") == "paragraph"
                 and attr(element, "w:default") in ("1", "true", "on")), "Normal")


def _toggle(rpr: Element | None, name: str, inherited: bool) -> bool:
    value = on(rpr.find(qn(name)) if rpr is not None else None)
    return inherited if value is None else value
