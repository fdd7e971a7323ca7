"""The example report as DOCX, read back with python-docx and as raw XML.

What a policy officer relies on in Word: named styles, real footnotes, SEQ captions, the
TOC field, PAGE in the footer, repeated header rows, the total row's double rule, Dutch
language and a reproducible file.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from kamerbrief.project import load_report
from kamerbrief.render.docx import render_docx
from kamerbrief.walk import plain_text

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def complex_fields(root: etree._Element) -> list[tuple[str, str]]:
    """(instruction, cached result) of every complex field, in the order they close."""
    stack: list[dict[str, str]] = []
    found: list[tuple[str, str]] = []
    for node in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append({"instr": "", "result": "", "phase": "instr"})
            elif kind == "separate" and stack:
                stack[-1]["phase"] = "result"
            elif kind == "end" and stack:
                field = stack.pop()
                found.append((" ".join(field["instr"].split()), field["result"]))
        elif node.tag == f"{W}instrText" and stack:
            stack[-1]["instr"] += node.text or ""
        elif node.tag == f"{W}t":
            for field in stack:
                if field["phase"] == "result":
                    field["result"] += node.text or ""
    return found


def style_of(p: etree._Element) -> str | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else None


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


@pytest.fixture(scope="module")
def report():
    loaded, _findings = load_report(ROOT)
    return loaded


@pytest.fixture(scope="module")
def data(report) -> bytes:
    return render_docx(report)


@pytest.fixture(scope="module")
def body(data) -> etree._Element:
    return part_xml(data, "word/document.xml")


def test_python_docx_reads_it_back_with_title_and_language(data, report):
    document = Document(io.BytesIO(data))
    assert document.core_properties.title == report.config.title
    assert document.core_properties.subject == report.config.subtitle
    assert document.core_properties.author == report.config.organisation
    assert document.core_properties.language == "nl-NL"
    assert document.core_properties.created.date().isoformat() == report.config.date


def test_language_is_dutch_on_the_styles(data):
    styles = part_xml(data, "word/styles.xml")
    default_lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default_lang.get(f"{W}val") == "nl-NL"
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    assert normal.find(f"{W}rPr/{W}lang").get(f"{W}val") == "nl-NL"


def test_footnotes_are_real_word_footnotes(data, body, report):
    document = Document(io.BytesIO(data))
    part = document.part.part_related_by(RT.FOOTNOTES)
    notes = {int(n.get(f"{W}id")): n for n in part.element.iter(f"{W}footnote")}
    assert {-1, 0} <= set(notes)
    assert notes[-1].get(f"{W}type") == "separator"
    texts = {number: text_of(note).strip() for number, note in notes.items() if number > 0}
    expected = {}
    for chapter in report.chapters:
        for definition in chapter.footnotes.values():
            expected[definition.number] = plain_text(definition.blocks[0].children)
    assert len(expected) >= 4  # chapter 02 has three, chapter 03 one
    for number, text in expected.items():
        assert text in texts[number]
    assert "Kamerstukken II 2023/24, 28741, nr. 113." in texts[1]
    assert any("Internationaal Offensief" in text for text in texts.values())
    references = [int(r.get(f"{W}id")) for r in body.iter(f"{W}footnoteReference")]
    assert references == sorted(expected)
    for note in notes.values():
        if int(note.get(f"{W}id")) > 0:
            assert note.find(f".//{W}footnoteRef") is not None
            assert style_of(note.find(f"{W}p")) == "FootnoteText"


def test_reopened_file_keeps_the_footnotes_part_parsed(data):
    from docx.opc.part import XmlPart

    document = Document(io.BytesIO(data))
    part = document.part.part_related_by(RT.FOOTNOTES)
    assert isinstance(part, XmlPart)
    again = io.BytesIO()
    document.save(again)
    assert b"Kamerstukken II 2023/24, 28741" in zipfile.ZipFile(again).read(
        "word/footnotes.xml")


def test_captions_have_seq_fields_numbered_in_order(body, report):
    seq = [(instr, result) for instr, result in complex_fields(body) if instr.startswith("SEQ Tabel")]
    assert len(seq) >= 5
    assert [result for _instr, result in seq] == [str(n) for n in range(1, len(seq) + 1)]
    assert len(seq) == len([t for t in report.tables.values() if t.number])
    captions = [text_of(p) for p in body.iter(f"{W}p") if style_of(p) == "Caption"]
    assert captions[0].startswith("Tabel 1 – ")
    names = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert all(f"_RefTabel{n}" in names for n in range(1, len(seq) + 1))


def test_toc_and_list_of_tables_are_fields_with_cached_entries(body, report):
    instructions = [instr for instr, _ in complex_fields(body)]
    assert any(i.startswith('TOC \\o "1-2"') for i in instructions)  # chapters and sections, as published
    assert any(i.startswith("TOC \\h") and '\\c "Tabel"' in i for i in instructions)
    toc_entries = [text_of(p) for p in body.iter(f"{W}p") if style_of(p) == "TOC1"]
    assert "Inleiding" in toc_entries[0]
    assert any(entry.startswith("Bijlage 1 – Financieel overzicht") for entry in toc_entries)
    figures = [text_of(p) for p in body.iter(f"{W}p") if style_of(p) == "TableofFigures"]
    assert len(figures) == len([t for t in report.tables.values() if t.number])
    assert figures[0].startswith("Tabel 1 – ")


def test_settings_ask_word_to_update_fields_in_schema_order(data):
    settings = part_xml(data, "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    assert names.index("updateFields") < names.index("compat")
    assert names.index("defaultTabStop") < names.index("updateFields")


def test_word_hyphenates_dutch_text_but_not_abbreviations(data):
    settings = part_xml(data, "word/settings.xml")
    names = [etree.QName(child).localname for child in settings]
    assert settings.find(f"{W}autoHyphenation").get(f"{W}val") == "true"
    assert settings.find(f"{W}doNotHyphenateCaps").get(f"{W}val") == "true"
    assert names.index("defaultTabStop") < names.index("autoHyphenation") < \
        names.index("doNotHyphenateCaps")


def test_footer_has_page_field_and_header_the_title(data, report):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        footers = [n for n in package.namelist() if re.match(r"word/footer\d+\.xml", n)]
        headers = [n for n in package.namelist() if re.match(r"word/header\d+\.xml", n)]
    assert any(instr == "PAGE" for name in footers for instr, _ in complex_fields(part_xml(data, name)))
    assert any(report.config.title in text_of(part_xml(data, name)) for name in headers)


def test_cover_chapters_and_annex_use_word_heading_styles(body):
    paragraphs = list(body.iter(f"{W}p"))
    used = {style_of(p) for p in paragraphs}
    assert {"Title", "Subtitle", "Heading1", "Heading2", "Heading3", "Quote", "ListBullet"} <= used
    headings = [text_of(p) for p in paragraphs if style_of(p) == "Heading1"]
    assert headings[:2] == ["Inleiding", "Voorkomen"]
    # 'Bijlage 1' on a line of its own above the title, as in the HTML and PDF
    annex = next(p for p in paragraphs if style_of(p) == "Heading1" and "Bijlage 1" in text_of(p))
    assert [t.text for t in annex.iter(f"{W}t")] == ["Bijlage 1", "Financieel overzicht"]
    assert annex.find(f".//{W}br") is not None
    # the kind of document above the title, as the publication's cover has it
    assert [text_of(p) for p in paragraphs if text_of(p)][:2] == [
        "Voortgangsrapportage 2024", "Aanpak georganiseerde, ondermijnende criminaliteit"]


def test_cover_is_its_own_section(body):
    first_break = next(p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None)
    cover = []
    for p in body.iter(f"{W}p"):
        if text_of(p) or p is first_break:  # the ribbon and the empty beeldmerk slot aside
            cover.append(style_of(p))
        if p is first_break:
            break
    assert cover[:2] == ["Subtitle", "Title"] and "Heading1" not in cover
    assert "TOCHeading" not in cover


def financial_tables(body: etree._Element) -> list[etree._Element]:
    return [t for t in body.iter(f"{W}tbl")
            if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "Financieletabel"]


def test_header_rows_repeat_and_rows_do_not_split(body, report):
    tables = financial_tables(body)
    assert len(tables) == len(report.placements)
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
    grouped = [t for t in tables if "Realisatie" in text_of(t)][0]
    header = [r for r in grouped.findall(f"{W}tr") if r.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header) == 2  # "2023" over Plan / Realisatie / Verschil
    assert header[0].find(f".//{W}gridSpan").get(f"{W}val") == "3"


def test_total_rows_are_bold_with_a_double_rule(body):
    totals = 0
    for table in financial_tables(body):
        for row in table.findall(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            labels = [text_of(c).strip() for c in cells]
            if {"TOTAAL", "Totaal"} & set(labels):
                totals += 1
                for cell in cells:
                    assert cell.find(f"{W}tcPr/{W}tcBorders/{W}top").get(f"{W}val") == "double"
                assert all(r.find(f"{W}rPr/{W}b") is not None for r in row.iter(f"{W}r"))
            if "SUBTOTAAL" in labels:
                assert cells[0].find(f"{W}tcPr/{W}tcBorders/{W}top").get(f"{W}val") == "single"
    assert totals >= 5


def test_numbers_are_dutch_and_right_aligned(body):
    table = [t for t in financial_tables(body) if "Realisatie" in text_of(t)][0]
    total = [r for r in table.findall(f"{W}tr")
             if "TOTAAL" in [text_of(c) for c in r.findall(f"{W}tc")]][0]
    cells = total.findall(f"{W}tc")
    assert text_of(cells[2]) == "705.900"
    assert style_of(cells[2].find(f"{W}p")) == "Tabelgetal"


def test_wide_table_gets_a_landscape_section(body):
    sections = list(body.iter(f"{W}sectPr"))
    orientations = [s.find(f"{W}pgSz").get(f"{W}orient") for s in sections]
    assert "landscape" in orientations
    assert orientations[-1] != "landscape"


def test_the_cover_has_the_ribbon_from_the_top_edge(body):
    """The Rijkshuisstijl lint, as in the PDF: 15 × 40 mm in lintblauw, centred, at the top."""
    ribbon = next(body.iter(f"{W}tbl"))
    assert ribbon.find(f"{W}tblPr/{W}jc").get(f"{W}val") == "center"
    assert ribbon.find(f"{W}tblPr/{W}tblW").get(f"{W}w") == str(850)
    height = ribbon.find(f"{W}tr/{W}trPr/{W}trHeight")
    assert (height.get(f"{W}val"), height.get(f"{W}hRule")) == ("2268", "exact")
    assert ribbon.find(f".//{W}tcPr/{W}shd").get(f"{W}fill") == "154273"
    cover = body.find(f".//{W}sectPr")  # the first section's properties: the cover
    assert cover.find(f"{W}pgMar").get(f"{W}top") == "0"


def test_boxes_are_shaded_single_cell_tables_with_story_label(body):
    boxes = [t for t in body.iter(f"{W}tbl")
             if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "Kadertabel"]
    assert len(boxes) >= 30
    for box in boxes:
        assert len(box.findall(f"{W}tr")) == 1 and len(box.find(f"{W}tr").findall(f"{W}tc")) == 1
        assert box.find(f".//{W}tcPr/{W}shd") is not None
    stories = [b for b in boxes if style_of(b.find(f".//{W}p")) == "Kaderlabel"]
    assert stories and text_of(stories[0].find(f".//{W}p")) == "Praktijkverhaal"
    assert "Citaatbron" in {style_of(p) for p in stories[0].iter(f"{W}p")}


def test_colophon_closes_the_document(body, report):
    texts = [text_of(p) for p in body.iter(f"{W}p") if style_of(p) == "Colofon"]
    assert texts == list(report.config.colophon)


def test_two_renders_are_byte_identical(report, data):
    assert render_docx(report) == data
    again, _ = load_report(ROOT)
    assert render_docx(again) == data
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"


def header_texts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if re.match(r"word/header\d+\.xml", n)]
    return " ".join(text_of(part_xml(data, name)) for name in names)


def test_draft_puts_the_mark_in_the_header(report, data):
    assert "CONCEPT – bevat fouten" in header_texts(render_docx(report, draft=True))
    assert "CONCEPT" not in header_texts(data)
