"""The DOCX renderer's own XML primitives give what python-docx's slower API gives.

They exist for speed (python-docx re-validates schema order on every property and scans the
whole body for each new paragraph); each is checked here against python-docx or the schema.
"""

from __future__ import annotations

import docx
from docx.oxml.ns import qn
from docx.shared import Twips
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kamerbrief.render.docx_ooxml import (
    PPR_ORDER,
    add_paragraph,
    add_table,
    append_text,
    element,
    insert_ordered,
    run_element,
)

_TEXT = st.text(alphabet=st.sampled_from(list("ab \t\n\r") + ["é", "€"]), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans(), st.booleans())
def test_a_run_matches_python_docx(text: str, bold: bool, italic: bool) -> None:
    """Tabs become w:tab, line ends w:br, and spaces are preserved only where needed, exactly
    as python-docx's ``Run.text`` and ``bold``/``italic`` setters write them."""
    paragraph = docx.Document().add_paragraph()
    expected = paragraph.add_run()
    if bold:
        expected.bold = True
    if italic:
        expected.italic = True
    expected.text = text
    ours = run_element(bold=bold, italic=italic)
    append_text(ours, text)
    assert shape(ours) == shape(expected._r)


def shape(el: etree._Element) -> tuple:
    """Tag, attributes, text and children: the XML without its namespace declarations."""
    return (el.tag, sorted(el.attrib.items()), el.text, [shape(child) for child in el])


def test_a_style_comes_first_in_the_run_properties() -> None:
    run = run_element("Hyperlink", bold=True, italic=True)
    names = [child.tag.split("}")[1] for child in run.find(qn("w:rPr"))]
    assert names == ["rStyle", "b", "i"]


_PPR_TAGS = ["w:pStyle", "w:keepNext", "w:numPr", "w:pBdr", "w:spacing", "w:jc", "w:rPr"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PPR_TAGS), max_size=10))
def test_properties_land_in_schema_order_without_duplicates(tags: list[str]) -> None:
    properties = element("w:pPr")
    for tag in tags:
        insert_ordered(properties, element(tag), PPR_ORDER)
    found = [child.tag for child in properties]
    expected = sorted({qn(tag) for tag in tags}, key=[qn(t) for t in PPR_ORDER].index)
    assert found == expected


def test_an_unknown_element_stays_after_the_known_ones() -> None:
    """A w14 extension Word wrote stays last; known elements go after their predecessors."""
    properties = element("w:pPr")
    properties.append(element("w:pStyle"))
    extension = etree.SubElement(properties, "{http://schemas.microsoft.com/office/word/2010/wordml}x")
    insert_ordered(properties, element("w:jc"), PPR_ORDER)
    insert_ordered(properties, element("w:keepNext"), PPR_ORDER)
    assert [child.tag.split("}")[1] for child in properties] == ["pStyle", "keepNext", "jc", "x"]
    assert properties[3] is extension


def test_a_replaced_property_stays_where_it_was() -> None:
    properties = element("w:pPr")
    insert_ordered(properties, element("w:pStyle", val="A"), PPR_ORDER)
    insert_ordered(properties, element("w:jc", val="left"), PPR_ORDER)
    insert_ordered(properties, element("w:pStyle", val="B"), PPR_ORDER)
    assert [(c.tag.split("}")[1], c.get(qn("w:val"))) for c in properties] == \
        [("pStyle", "B"), ("jc", "left")]


def test_blocks_go_before_the_body_section_properties_as_python_docx_puts_them() -> None:
    ours, theirs = docx.Document(), docx.Document()
    for document, paragraph, table in ((ours, add_paragraph, add_table),
                                       (theirs, type(theirs).add_paragraph, None)):
        body = document._body
        if table is None:
            body.add_paragraph()
            body.add_table(1, 2, Twips(2000))
            body.add_paragraph()
        else:
            paragraph(body)
            table(body, 1, 2, Twips(2000))
            paragraph(body)
    assert etree.tostring(ours.element.body) == etree.tostring(theirs.element.body)
    assert ours.element.body[-1].tag == qn("w:sectPr")


def test_a_paragraph_in_a_cell_is_appended() -> None:
    document = docx.Document()
    cell = document.add_table(1, 1).cell(0, 0)
    paragraph = add_paragraph(cell)
    assert cell._tc[-1] is paragraph._p and len(cell.paragraphs) == 2


def test_without_python_docx_private_writer_the_bytes_are_the_same(monkeypatch) -> None:
    """The package is written through python-docx's private PackageWriter steps; if a
    release renames them, the public save plus a re-zip must give the very same file."""
    from conftest import EXAMPLE_ROOT
    from kamerbrief.project import load_report
    from kamerbrief.render import docx_package
    from kamerbrief.render.docx import render_docx

    report, _ = load_report(EXAMPLE_ROOT)
    fast = render_docx(report)
    fallback = []
    monkeypatch.setattr(docx_package, "_WRITER_STEPS", ("_write_renamed_in_a_new_release",))
    real = docx_package._saved_and_rezipped
    monkeypatch.setattr(docx_package, "_saved_and_rezipped",
                        lambda document: fallback.append(1) or real(document))
    assert render_docx(report) == fast
    assert fallback == [1]
