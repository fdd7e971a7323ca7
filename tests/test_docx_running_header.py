"""The DOCX's running header names the chapter, as the PDF's does: a section per chapter.

Every part of the report (contents, list of tables, each chapter, the colophon) starts a
section whose header reads "<chapter><tab><report title>", the title on a right tab at the
section's own text width, so a landscape page has it at its right margin too. The section
break starts the page, so the chapter heading's own page break is switched off: no blank
pages.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from conftest import EXAMPLE_ROOT
from kamerbrief.project import load_report
from kamerbrief.render.docx import render_docx


@pytest.fixture(scope="module")
def rendered():
    report, _ = load_report(EXAMPLE_ROOT)
    return report, Document(io.BytesIO(render_docx(report)))


def first_paragraph(section) -> Paragraph | None:
    return next((item for item in section.iter_inner_content() if isinstance(item, Paragraph)
                 and item.text.strip()), None)


def header_text(section) -> str:
    return "\n".join(p.text for p in section.header.paragraphs)


def test_each_chapter_section_names_its_chapter(rendered) -> None:
    report, document = rendered
    title = report.config.title
    headers = {}
    for section in document.sections:
        first = first_paragraph(section)
        if first is not None:
            headers[first.text] = header_text(section)
    for chapter in report.chapters:
        heading = next(text for text in headers if text.endswith(chapter.title))
        assert headers[heading] == f"{chapter.running_header}\t{title}", heading
    assert headers["Inhoud"] == f"\t{title}"


def test_the_cover_has_no_running_header(rendered) -> None:
    _, document = rendered
    assert header_text(document.sections[0]).strip() == ""


def test_the_title_sits_at_the_right_margin_in_both_orientations(rendered) -> None:
    _, document = rendered
    widths = set()
    for section in document.sections[1:]:
        if not header_text(section).strip():
            continue  # the colophon: no header at all
        width = Emu(section.page_width - section.left_margin - section.right_margin).twips
        paragraph = section.header.paragraphs[-1]
        stops = paragraph._p.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}")
        right = [int(s.get(qn("w:pos"))) for s in stops if s.get(qn("w:val")) == "right"]
        assert right == [width]
        widths.add(width)
    assert len(widths) == 2  # the example has a landscape annex table


def test_a_chapter_heading_does_not_add_a_second_page_break(rendered) -> None:
    report, document = rendered
    for section in document.sections[1:]:
        first = first_paragraph(section)
        if first is None or first.style.style_id != "Heading1":
            continue
        override = first._p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
        assert override is not None and override.get(qn("w:val")) == "0", first.text


def test_chapter_opening_pages_have_no_running_header_but_a_page_number(rendered) -> None:
    """As in the PDF: a chapter's first page shows its title, not the running header."""
    report, document = rendered
    openings = [section for section in document.sections
                if (first := first_paragraph(section)) is not None and
                first.style.style_id == "Heading1"]
    assert len(openings) == len(report.chapters)
    for section in openings:
        assert section.different_first_page_header_footer
        assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
        footer = section.first_page_footer._element
        assert any("PAGE" in (node.text or "") for node in footer.iter(qn("w:instrText")))
    landscape = [s for s in document.sections if s.page_width > s.page_height]
    assert landscape and not any(s.different_first_page_header_footer for s in landscape)


def test_the_colophon_is_a_verso_without_header_or_footer(rendered) -> None:
    from docx.enum.section import WD_SECTION

    _, document = rendered
    last = document.sections[-1]
    assert last.start_type == WD_SECTION.EVEN_PAGE
    assert header_text(last).strip() == ""
    assert "".join(p.text for p in last.footer.paragraphs).strip() == ""
    assert not last.footer._element.findall(f".//{qn('w:instrText')}")
