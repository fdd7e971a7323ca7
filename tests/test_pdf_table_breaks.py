"""Where the PDF breaks a long table: at least three body rows on its first page and on its
last, so neither a caption with one row nor a lone TOTAAL row is left on a page.

Counted in WeasyPrint's laid-out pages (its box tree, ``page._page_box``: internal, but the
only place that knows which row landed on which page) of the example report.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import EXAMPLE_ROOT
from kamerbrief.project import load_report
from kamerbrief.render.html import render_html
from kamerbrief.render.pdf import make_fetcher
from kamerbrief.render.style import STYLES_DIR, font_folders

MIN_ROWS = 3


def rows_per_page(html: str, root) -> list[Counter[str]]:
    """For each page, how many body rows of each table (by figure id) it holds."""
    from weasyprint import HTML

    fetcher = make_fetcher([root, STYLES_DIR, *font_folders()], [])
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render()
    pages = []
    for page in document.pages:
        counts: Counter[str] = Counter()
        _count(page._page_box, None, False, counts)
        pages.append(counts)
    return pages


def _count(box, table: str | None, in_body: bool, counts: Counter[str]) -> None:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    if tag == "figure" and element is not None and (element.get("id") or "").startswith("tabel-"):
        table = element.get("id")
    in_body = in_body or tag == "tbody"
    if tag == "tr" and in_body and table and type(box).__name__ == "TableRowBox":
        counts[table] += 1
    for child in getattr(box, "children", None) or []:
        _count(child, table, in_body, counts)


@pytest.fixture(scope="module")
def pages():
    report, _ = load_report(EXAMPLE_ROOT)
    return rows_per_page(render_html(report, for_print=True), report.root)


def test_every_table_is_laid_out_whole(pages) -> None:
    report, _ = load_report(EXAMPLE_ROOT)
    laid_out = Counter()
    for counts in pages:
        laid_out.update(counts)
    expected = {f"tabel-{t.id}": len(t.rows) for t in report.tables.values() if t.placed}
    assert dict(laid_out) == expected


def test_a_split_table_keeps_three_rows_on_its_first_and_last_page(pages) -> None:
    fragments: dict[str, list[int]] = {}
    for counts in pages:
        for table, rows in counts.items():
            fragments.setdefault(table, []).append(rows)
    split = {table: rows for table, rows in fragments.items() if len(rows) > 1}
    for table, rows in split.items():
        assert rows[0] >= MIN_ROWS and rows[-1] >= MIN_ROWS, (table, rows)
