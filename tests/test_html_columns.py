"""Every column shows in the HTML: at desktop width nothing hides behind a scroll box, and on
a narrow screen a table scrolls in a region a keyboard can reach and a screen reader names.

Measured in a real headless Chromium (Debian's chromium, driven by Playwright), on the
example, the real Kamer tables of tests/fixtures/real-tables and a 20-column table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE_ROOT, write_project
from kamerbrief.project import load_report
from kamerbrief.render.html import render_html
from test_no_lost_columns import REAL_TABLES, WIDE_CSV

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 400, "height": 800}
# For every table region: how far it scrolls, and whether it is named and focusable.
MEASURE = """() => [...document.querySelectorAll('.table-scroll')].map(box => ({
    name: box.getAttribute('aria-label'), role: box.getAttribute('role'),
    tabindex: box.getAttribute('tabindex'), hidden: box.scrollWidth - box.clientWidth,
    columns: box.querySelectorAll('thead tr:last-child th').length,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth}))"""


def _wide_project(root: Path) -> Path:
    return write_project(root, chapters={"01.md": "# Meerjarenraming\n\n{{tabel breed}}\n"},
                         tables={"breed.csv": WIDE_CSV,
                                 "breed.toml": 'caption = "Meerjarige begroting"\n'})


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    roots = {"example": EXAMPLE_ROOT, "real": REAL_TABLES,
             "wide": _wide_project(tmp_path_factory.mktemp("wide") / "project")}
    return {name: render_html(load_report(root)[0]) for name, root in roots.items()}


def _measure(browser, page_html: str, viewport: dict[str, int]) -> list[dict]:
    page = browser.new_page(viewport=viewport)
    try:
        page.set_content(page_html)
        return page.evaluate(MEASURE)
    finally:
        page.close()


@pytest.mark.parametrize("name", ["example", "real", "wide"])
def test_every_column_shows_at_desktop_width(browser, pages, name: str) -> None:
    tables = _measure(browser, pages[name], DESKTOP)
    assert tables
    hidden = [(t["name"], t["hidden"]) for t in tables if t["hidden"] > 1]
    assert hidden == [], f"columns behind a scroll box at 1280 px: {hidden}"
    assert all(t["page"] <= 1 for t in tables), "the page itself scrolls sideways"


def test_a_narrow_screen_scrolls_a_named_focusable_region(browser, pages) -> None:
    tables = _measure(browser, pages["example"], PHONE)
    scrolling = [t for t in tables if t["hidden"] > 1]
    assert scrolling, "no table is wider than a 400 px screen: the test proves nothing"
    for table in scrolling:
        assert table["role"] == "region" and table["tabindex"] == "0" and table["name"]
    page = browser.new_page(viewport=PHONE)
    try:
        page.set_content(pages["example"])
        index = next(i for i, t in enumerate(tables) if t["hidden"] > 1)
        region = page.locator(".table-scroll").nth(index)
        region.focus()
        assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "i => document.querySelectorAll('.table-scroll')[i].scrollLeft > 0", arg=index,
            timeout=5000)  # the keyboard scrolls it (smoothly: wait, do not sleep)
    finally:
        page.close()


def test_the_page_shows_the_house_font_it_embeds(browser, pages) -> None:
    """The HTML carries Fira Sans itself (WOFF2 subsets), as the PDF prints it: no fallback
    to whatever sans-serif the reader's machine has."""
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.set_content(pages["example"])
        page.evaluate("document.fonts.ready.then(() => true)")
        faces = page.evaluate("""() => [...document.fonts].filter(f => f.family.includes('Fira'))
                                   .map(f => [f.weight, f.style, f.status])""")
        assert {(weight, style) for weight, style, _ in faces} >= {("400", "normal"),
                                                                   ("700", "normal")}
        assert page.evaluate("""document.fonts.check('400 12px "Fira Sans"', 'risico’s € –')""")
        used = page.evaluate("""() => { const f = [...document.fonts].filter(
            f => f.family.includes('Fira') && f.status === 'loaded'); return f.length; }""")
        assert used >= 2  # regular body text and bold headings were laid out with it
    finally:
        page.close()
