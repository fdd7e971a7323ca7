"""The shipped house-style template: built from code, reproducible, with the named styles."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE

import kamerbrief

STYLE_DIR = Path(kamerbrief.__file__).resolve().parent / "styles" / "rijk"


def load_maker():
    spec = importlib.util.spec_from_file_location("make_template", STYLE_DIR / "make_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_template_is_reproducible_and_committed_up_to_date():
    built = load_maker().build_template()
    assert load_maker().build_template() == built
    committed = (STYLE_DIR / "template.docx").read_bytes()
    assert committed == built, "run: python src/kamerbrief/styles/rijk/make_template.py"


def test_template_has_the_named_house_styles():
    document = Document(io.BytesIO((STYLE_DIR / "template.docx").read_bytes()))
    styles = {(s.name, s.type) for s in document.styles}
    paragraph, character, table = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                 "List Number", "Quote", "Caption", "Kader", "Kader titel", "footnote text",
                 "toc 1", "table of figures", "Tabel getal"):
        assert (name, paragraph) in styles, name
    assert ("footnote reference", character) in styles
    assert ("Financiële tabel", table) in styles
    assert document.paragraphs == []
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_template_lists_are_numbered():
    document = Document(io.BytesIO((STYLE_DIR / "template.docx").read_bytes()))
    for name in ("List Bullet", "List Number"):
        style = document.styles[name]
        assert style.element.pPr.numPr is not None, name
