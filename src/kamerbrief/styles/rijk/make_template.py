"""Build ``template.docx``, the Rijk house style for the DOCX output, from code.

Run ``python src/kamerbrief/styles/rijk/make_template.py`` after changing the style
definitions (``kamerbrief.render.docx_styles``). The result is byte-for-byte reproducible.
A ministry may replace the file with its own Word template: the renderer uses whatever
styles it finds there by id and adds only the ones that are missing.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm

from kamerbrief.render.docx_ooxml import (
    RT,
    SETTINGS_ORDER,
    drop_relationships,
    element,
    insert_ordered,
    replace_part_blob,
)
from kamerbrief.render.docx_package import document_bytes, set_core_properties
from kamerbrief.render.docx_styles import apply_house_style

HERE = Path(__file__).resolve().parent
TARGET = HERE / "template.docx"
LANGUAGE = "nl-NL"
_FIXED = datetime(2024, 1, 1, tzinfo=UTC)


def build_template() -> bytes:
    """The template as bytes: house styles, A4 page, Dutch settings, no content."""
    document = Document()
    _drop_extras(document)
    apply_house_style(document, LANGUAGE)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    settings = document.settings.element
    insert_ordered(settings, element("w:decimalSymbol", val=","), SETTINGS_ORDER)
    insert_ordered(settings, element("w:listSeparator", val=";"), SETTINGS_ORDER)
    insert_ordered(settings, element("w:defaultTabStop", val="709"), SETTINGS_ORDER)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    set_core_properties(document, title="Rijk", subject="Huisstijl voor kamerbrief",
                        author="kamerbrief", language=LANGUAGE, when=_FIXED)
    return document_bytes(document)


_APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>kamerbrief</Application><DocSecurity>0</DocSecurity>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _drop_extras(document: DocxDocument) -> None:
    """python-docx's default carries a thumbnail, customXml and a Mac Word app.xml that
    claims statistics of another file; none of it belongs in a template."""
    replace_part_blob(document, "/docProps/app.xml", _APP_XML)
    drop_relationships(document.part.package, lambda _rel_id, reltype: reltype == RT.THUMBNAIL)
    drop_relationships(document.part, lambda _rel_id, reltype: reltype in (
        RT.CUSTOM_XML, RT.WEB_SETTINGS) or reltype.endswith("/stylesWithEffects"))


def main() -> int:
    TARGET.write_bytes(build_template())
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
