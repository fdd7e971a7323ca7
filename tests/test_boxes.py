"""Boxes (::: praktijkverhaal / ::: kader): read into the model; unclosed is KB402."""

from __future__ import annotations

from conftest import SIDECAR, check, describe, load, one, only
from kamerbrief.model import Box, Paragraph, Quote

STORY = """# H

::: praktijkverhaal ‘Niet alleen inzetten op repressie’
> “Citaat.”
>
> — Naam, functie

Het hele verhaal staat in het magazine.
:::

Na de box.
"""


def test_closed_box_is_read_with_kind_title_and_content(make_project) -> None:
    report, findings = load(make_project(chapters={"01.md": STORY}))
    assert findings == [], describe(findings)
    box, after = report.chapters[0].blocks[1:]
    assert isinstance(box, Box)
    assert (box.kind, box.title) == ("praktijkverhaal", "‘Niet alleen inzetten op repressie’")
    assert box.location.line == 3
    quote, paragraph = box.blocks
    assert isinstance(quote, Quote) and quote.attribution
    assert isinstance(paragraph, Paragraph)
    assert isinstance(after, Paragraph)  # the text after ':::' is outside the box


def test_unclosed_box_is_kb402_at_its_opening(make_project) -> None:
    chapter = "# H\n\nTekst.\n\n::: kader Kerncijfer\n\nBinnen.\n\nNog steeds binnen.\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB402")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "kader" in finding.message


def test_second_box_unclosed_is_reported_not_the_first(make_project) -> None:
    chapter = "# H\n\n::: kader Een\n\nA\n:::\n\n::: praktijkverhaal Twee\n\nB\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB402")
    assert finding.location.line == 8
    assert "praktijkverhaal" in finding.message


def test_box_closed_at_the_last_line_without_newline(make_project) -> None:
    chapter = "# H\n\n::: kader Een\n\nA\n:::"
    assert only(check(make_project(chapters={"01.md": chapter})), "KB402") == []


def test_unknown_box_kind_is_plain_text(make_project) -> None:
    chapter = "# H\n\n::: waarschuwing Let op\n\nA\n:::\n"
    report, findings = load(make_project(chapters={"01.md": chapter}))
    assert findings == []
    assert not any(isinstance(b, Box) for b in report.chapters[0].blocks)


MARKED_TITLE = """# H

::: kader Over de *mainports*{lang=en} en [hubs]{lang=en} van {{waarde t | A | 2024}} miljoen
Tekst.
:::

{{tabel t}}
"""


def test_a_box_title_is_inline_markdown_never_printed_as_markup(make_project) -> None:
    """A title with emphasis, a language mark or a quoted figure prints its words, with
    the language kept in the HTML and the DOCX (it printed its braces and brackets)."""
    import io
    import zipfile

    from kamerbrief.render.docx import render_docx
    from kamerbrief.render.html import render_html

    root = make_project(chapters={"01.md": MARKED_TITLE},
                        tables={"t.csv": "Post;2024\nA;12\nB;3\n",
                                "t.toml": SIDECAR})
    report, findings = load(root)
    assert check(root) == [], describe(check(root))
    (box,) = [b for b in report.chapters[0].blocks if isinstance(b, Box)]
    html = render_html(report)
    assert ('<p class="box-title">Over de <span lang="en">mainports</span> en '
            '<span lang="en">hubs</span> van 12 miljoen</p>') in html
    assert 'aria-label="Kader – Over de mainports en hubs van 12 miljoen"' in html
    document = zipfile.ZipFile(io.BytesIO(render_docx(report))).read("word/document.xml").decode()
    assert '<w:lang w:val="en"/></w:rPr><w:t xml:space="preserve">mainports</w:t>' in document
    assert "{lang" not in html + document and "*mainports*" not in html + document


def test_a_box_title_is_checked_as_prose(make_project) -> None:
    chapter = "# H\n\n::: kader Uitwisseling van best practices en [hubs]{lang=english}\nTekst.\n:::\n"
    findings = check(make_project(chapters={"01.md": chapter}))
    assert {(f.code, f.location.line) for f in findings} == {("KB711", 3), ("KB712", 3)}
