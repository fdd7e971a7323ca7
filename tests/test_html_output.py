"""The HTML output: one self-contained page, escaped source text, resolved references.

The HTML is parsed back with the standard library's HTMLParser, so the assertions are about
elements and text, not about how the template happens to format its markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EXAMPLE_ROOT, SIDECAR
from kamerbrief.model import Paragraph
from kamerbrief.project import load_report
from kamerbrief.render.html import render_html
from kamerbrief.walk import plain_text


class Page(HTMLParser):
    """Start tags with their attributes, the text content, and the <title> text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.texts: list[str] = []
        self.title = ""
        self._open: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("br", "img", "meta", "hr", "link", "input"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._open:
            self.title += data
        if "style" not in self._open and "title" not in self._open:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}


class Links(HTMLParser):
    """Every <a>: its href and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._stack: list[list[str]] = []
        self._hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._hrefs.append(dict(attrs).get("href") or "")
            self._stack.append([])

    def handle_endtag(self, tag):
        if tag == "a" and self._stack:
            self.links.append((self._hrefs.pop(), "".join(self._stack.pop()).strip()))

    def handle_data(self, data):
        for parts in self._stack:
            parts.append(data)


def html_of(root: Path, draft: bool = False) -> str:
    report, _ = load_report(root)
    return render_html(report, draft=draft)


@pytest.fixture(scope="module")
def example_html() -> tuple[str, object]:
    report, _ = load_report(EXAMPLE_ROOT)
    return render_html(report), report


CHAPTER = """\
# Hoofdstuk

<script>alert(1)</script>

Tekst met <img src=x onerror=alert(1)> erin.

Zie [tabel](#t) en [Tabel](#t) hieronder. Het totaal is {{waarde t | TOTAAL | 2023}} euro.

Een [plek](#) en een [leeg]() adres.

Een bewering.[^bron]

{{tabel t}}

[^bron]: De voetnoottekst over de bron.
"""

CSV = "Post;2023\nA <b>vet</b>;1.234\nB;2\nTOTAAL;1.236\n"


@pytest.fixture
def small_html(make_project: Callable[..., Path]) -> str:
    root = make_project(chapters={"01-hoofdstuk.md": CHAPTER},
                        tables={"t.csv": CSV, "t.toml": SIDECAR},
                        title="Test <em>rapport</em> & co")
    return html_of(root)


# ---------------------------------------------------------------- the example page


def test_example_html_is_self_contained(example_html) -> None:
    html, _ = example_html
    page = Page(html)
    # a web address only as a link a reader may follow, never as something the page loads
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if "http:" in (value or "") or "https:" in (value or ""):
                assert (tag, name) == ("a", "href"), f"web address in {tag} {name}: {value}"
    text_outside_tags = re.sub(r"<[^>]*>", "", html)
    assert "http:" not in text_outside_tags and "https:" not in text_outside_tags
    assert "file:" not in html, "a local path leaked into the HTML (font URLs are print-only)"
    assert not page.find("link")
    assert not page.find("script")
    assert not page.find("iframe") and not page.find("object") and not page.find("embed")
    styles = page.find("style")
    assert len(styles) == 1
    assert "--accent" in html.split("<style>", 1)[1].split("</style>", 1)[0]
    for _, attrs in page.tags:
        for name in ("src", "srcset", "data", "poster"):
            if name in attrs:
                assert attrs[name].startswith("data:"), f"external resource: {attrs}"
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "@import" not in css
    assert "url(" not in css.replace("url(data:", "").replace("url('data:", "")


def test_example_html_language_and_title(example_html) -> None:
    html, report = example_html
    page = Page(html)
    assert [a.get("lang") for a in page.find("html")] == ["nl-NL"]
    assert page.title == report.config.title
    assert page.find("meta", charset="utf-8")


def test_example_html_shows_every_footnote(example_html) -> None:
    html, report = example_html
    page = Page(html)
    for chapter in report.chapters:
        for note in chapter.footnotes.values():
            body = " ".join(plain_text(b.children) for b in note.blocks if isinstance(b, Paragraph))
            assert " ".join(body.split()) in page.text
            assert f"fn-{note.number}" in page.ids()


def test_example_html_quotes_table_values(example_html) -> None:
    html, report = example_html
    # 06-financieel-overzicht.md: "In 2023 was er {{waarde besteding-2023 | TOTAAL | Plan |
    # miljoen 1}} miljoen euro beschikbaar"; the table gives 705.851 (in 1.000 euro).
    assert "In 2023 was er 705,9 miljoen euro beschikbaar" in Page(html).text
    assert "{{" not in html and "}}" not in html


# ---------------------------------------------------------------- a small project


def test_raw_html_in_a_chapter_is_text_not_markup(small_html: str) -> None:
    page = Page(small_html)
    assert not page.find("script")
    assert not [a for t, a in page.tags if "onerror" in a]
    assert page.find("img") == []
    assert "<script>alert(1)</script>" in page.text
    assert "<img src=x onerror=alert(1)>" in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in small_html


def test_config_and_table_text_are_escaped(small_html: str) -> None:
    page = Page(small_html)
    assert page.title == "Test <em>rapport</em> & co"
    assert "A <b>vet</b>" in page.text
    assert not page.find("b") and not page.find("em")


def test_table_reference_renders_number_and_links_to_table(small_html: str) -> None:
    page = Page(small_html)
    links = Links(small_html).links
    assert ("#tabel-t", "tabel 1") in links
    assert ("#tabel-t", "Tabel 1") in links
    assert "tabel-t" in page.ids()
    assert "Zie tabel 1 en Tabel 1 hieronder." in page.text


def test_value_reference_renders_the_number(small_html: str) -> None:
    assert "Het totaal is 1.236 euro." in Page(small_html).text


def test_placeholder_links_render_as_text(small_html: str) -> None:
    links = Links(small_html).links
    assert not [href for href, _ in links if href in ("#", "")]
    assert not [text for _, text in links if text in ("plek", "leeg")]
    assert "Een plek en een leeg adres." in Page(small_html).text


def test_footnote_reference_and_text_appear(small_html: str) -> None:
    page = Page(small_html)
    links = Links(small_html).links
    assert ("#fn-1", "1") in links
    assert {"fn-1", "fnref-1"} <= page.ids()
    assert "De voetnoottekst over de bron." in page.text
    notes = small_html.split('id="fn-1"', 1)[1]
    assert "De voetnoottekst over de bron." in notes


def test_draft_mark_only_in_draft(make_project: Callable[..., Path]) -> None:
    root = make_project()
    assert "CONCEPT – bevat fouten" not in html_of(root)
    assert "CONCEPT – bevat fouten" in Page(html_of(root, draft=True)).text
