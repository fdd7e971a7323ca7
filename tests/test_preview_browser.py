"""``kamerbrief preview`` in a real headless Chromium, driven by Playwright.

Playwright drives the system's Chromium (Debian's ``chromium`` package) through
``executable_path``; it never downloads a browser of its own. The page is never reloaded by
the test: every change must arrive through the preview's own reload script after a save.
The tests skip where no Chromium is installed (``apt-get install chromium``); set
KAMERBRIEF_CHROMIUM to use another binary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import table_project
from kamerbrief.preview import PreviewServer

GOOD_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;3\nC;4\nTOTAAL;7\n"
BROKEN_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;4\nC;4\nTOTAAL;8\n"  # SUBTOTAAL should be 3
WAIT_MS = 10_000


@pytest.fixture
def preview_page(browser, make_project: Callable[..., Path]) -> Iterator[tuple[object, Path]]:
    """A Chromium tab on a running preview of a one-table project, and the project root."""
    root = table_project(make_project, GOOD_CSV, chapters={
        "01-hoofdstuk.md": "# Hoofdstuk\n\nEerste versie van de tekst.\n\n{{tabel t}}\n"})
    server = PreviewServer(root, host="127.0.0.1", port=0)
    server.start()
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(WAIT_MS)
    page.goto(server.url)
    try:
        yield page, root
    finally:
        context.close()
        server.stop()
    assert errors == [], f"script errors on the page: {errors}"


def test_edits_appear_and_a_broken_subtotal_is_shown_at_its_table(preview_page) -> None:
    from playwright.sync_api import expect

    page, root = preview_page
    expect(page).to_have_title("Testrapport")
    expect(page.locator("h1.cover-title")).to_have_text("Testrapport")
    expect(page.get_by_text("Eerste versie van de tekst.")).to_be_visible()
    expect(page.locator(".kb-preview-panel")).to_contain_text("no findings")

    # A saved chapter appears without anyone reloading the page.
    chapter = root / "chapters" / "01-hoofdstuk.md"
    chapter.write_text("# Hoofdstuk\n\nTweede versie, na het opslaan.\n\n{{tabel t}}\n",
                       encoding="utf-8")
    expect(page.get_by_text("Tweede versie, na het opslaan.")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text("Eerste versie van de tekst.")).to_have_count(0)

    # A SUBTOTAAL that does not add up: a red note above that table, its row outlined.
    (root / "tables" / "t.csv").write_text(BROKEN_CSV, encoding="utf-8")
    table = page.locator("figure#tabel-t")
    note = table.locator(".kb-finding", has_text="KB101")
    expect(note).to_be_visible(timeout=WAIT_MS)
    expect(note).to_contain_text("SUBTOTAAL")
    expect(note).to_contain_text("expected 3")
    expect(note).to_contain_text("found 4")
    note_box, grid_box = note.bounding_box(), table.locator("table").bounding_box()
    assert note_box["y"] + note_box["height"] <= grid_box["y"] + 1, "the note stands above the table"
    row = table.locator("tr.kb-finding-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("SUBTOTAAL")
    assert row.evaluate("r => getComputedStyle(r).outlineStyle") == "solid"
    assert note.evaluate("n => getComputedStyle(n).borderLeftColor") == "rgb(187, 0, 0)"
    expect(page.locator(".kb-preview-panel")).to_contain_text("1 error")

    # Fixed: the note and the outline are gone.
    (root / "tables" / "t.csv").write_text(GOOD_CSV, encoding="utf-8")
    expect(page.locator(".kb-finding")).to_have_count(0, timeout=WAIT_MS)
    expect(page.locator(".kb-finding-row")).to_have_count(0)
    expect(page.locator(".kb-preview-panel")).to_contain_text("no findings")


def test_a_bad_project_file_shows_the_error_page_and_recovers(preview_page) -> None:
    from playwright.sync_api import expect

    page, root = preview_page
    expect(page).to_have_title("Testrapport")
    config = root / "kamerbrief.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace('title = "Testrapport"', 'title = "Testrapport'),
                      encoding="utf-8")
    expect(page.locator("body.kb-preview-error h1")).to_have_text("The project cannot be loaded",
                                                               timeout=WAIT_MS)
    expect(page.locator("body")).to_contain_text("KB001")

    config.write_text(good.replace("Testrapport", "Hersteld rapport"), encoding="utf-8")
    expect(page).to_have_title("Hersteld rapport", timeout=WAIT_MS)
    expect(page.locator("h1.cover-title")).to_have_text("Hersteld rapport")
