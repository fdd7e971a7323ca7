"""The built HTML, PDF and DOCX carry at least 98 % of the seed's paragraphs, in order.

Measured on the text a reader gets from each output (HTML text, pdftotext, the DOCX's
paragraphs), with the shingle matcher of ``seed_coverage``. The PDF and DOCX are the
one-format builds of ``example_builds`` (conftest), shared with tests/test_build_concurrent.py.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kamerbrief.project import load_report
from seed_coverage import SEED_PATH, coverage

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not SEED_PATH.is_file(),
                                reason=f"seed text not found at {SEED_PATH}")


class _TextOf(HTMLParser):
    """Visible text of the HTML, without footnote call numbers and CSS."""

    SKIP = {"style", "script", "sup"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "tr", "figcaption", "br"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


@pytest.fixture(scope="module")
def report():
    loaded, _ = load_report(ROOT)
    return loaded


def _assert_covered(text: str) -> None:
    result = coverage(SEED_PATH.read_text(encoding="utf-8"), text)
    # Every paragraph of the seed, the annex's "Tabel 1–5" captions included, appears in
    # order in the model's text; an output may lose at most one to its text extraction.
    assert result.coverage >= 0.995, result.report()
    assert result.order >= 0.995, result.report()


def test_html_text_covers_the_seed(report) -> None:
    from kamerbrief.render.html import render_html

    parser = _TextOf()
    parser.feed(render_html(report))
    _assert_covered("".join(parser.parts))


def test_pdf_text_covers_the_seed(example_builds) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install poppler-utils")
    pdf = example_builds.path("pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # Words hyphenated at a line end (Dutch hyphenation) are joined again, as a reader reads
    # them, across a page end too (its number, then the next page's running header of two
    # lines); a hyphen before a capital is a real one (Noord-Brabant) and stays.
    page_end = r"(?:\n+\d+\n+\f[^\n]*\n+[^\n]*)?"
    _assert_covered(re.sub(rf"(\w)[-\u2010]{page_end}\n+(?=[a-zà-ÿ])", r"\1", text))


def test_docx_text_covers_the_seed(example_builds) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(example_builds.data("docx")))
    # Body order, boxes (single-cell tables) included where they stand.
    parts = ["".join(t.text or "" for t in p.iter(qn("w:t")))
             for p in document.element.body.iter(qn("w:p"))]
    _assert_covered("\n".join(parts))
