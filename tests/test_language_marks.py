"""Words in another language: ``*best practices*{lang=en}`` and ``[liaison officers]{lang=en}``
(WCAG 2.1, 3.1.2 Language of Parts).

The reader puts the language in the model (``Emphasis.lang``, ``LangSpan``); the HTML spells
it as ``lang``, the DOCX as ``w:lang`` on the runs. Anything else in the braces is a finding
(KB712) with its place and a fix, and an English phrase left unmarked in a Dutch report is a
warning (KB711).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from conftest import check, codes, describe, load, one, only
from kamerbrief.model import Emphasis, LangSpan, Paragraph, Text
from kamerbrief.render.docx import render_docx
from kamerbrief.render.html import render_html
from kamerbrief.walk import inline_languages, plain_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

MARKED = """\
# Hoofdstuk

Zij deelden *best practices*{lang=en} en **state of the art**{lang=EN-gb} met
[liaison officers]{lang=en} van de [*Guardia Civil*]{lang=es}.

#### Extra [liaison officers]{lang=en} in de regio
"""


def _paragraph(root: Path) -> Paragraph:
    report, _ = load(root)
    return next(b for b in report.chapters[0].blocks if isinstance(b, Paragraph))


def test_the_reader_puts_the_language_in_the_model(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": MARKED})
    children = _paragraph(root).children
    marked = [(type(c).__name__, c.lang, plain_text([c])) for c in children
              if isinstance(c, (Emphasis, LangSpan))]
    assert marked == [("Emphasis", "en", "best practices"), ("Emphasis", "en-GB", "state of the art"),
                      ("LangSpan", "en", "liaison officers"), ("LangSpan", "es", "Guardia Civil")]
    assert plain_text(children) == ("Zij deelden best practices en state of the art met "
                                    "liaison officers van de Guardia Civil.")
    languages = {inline.text: lang for inline, lang in inline_languages(children)
                 if isinstance(inline, Text)}
    assert languages["Guardia Civil"] == "es" and languages["Zij deelden "] == ""
    assert check(root) == [], describe(check(root))


def test_a_heading_keeps_its_anchor(make_project: Callable[..., Path]) -> None:
    report, _ = load(make_project(chapters={"01.md": MARKED}))
    assert "extra-liaison-officers-in-de-regio" in report.anchors


def test_html_and_docx_mark_the_language(make_project: Callable[..., Path]) -> None:
    report, _ = load(make_project(chapters={"01.md": MARKED}))
    html = render_html(report)
    for snippet in ('<em lang="en">best practices</em>', '<strong lang="en-GB">state of the art</strong>',
                    '<span lang="en">liaison officers</span>',
                    '<span lang="es"><em>Guardia Civil</em></span>'):
        assert snippet in html, snippet
    package = zipfile.ZipFile(io.BytesIO(render_docx(report)))
    body = etree.fromstring(package.read("word/document.xml"))
    runs = {}
    for run in body.iter(f"{W}r"):
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        lang = run.find(f"{W}rPr/{W}lang")
        runs.setdefault(text, set()).add(lang.get(f"{W}val") if lang is not None else "")
    assert runs["best practices"] == {"en"}
    assert runs["state of the art"] == {"en-GB"}
    assert runs["liaison officers"] == {"en"}
    assert runs["Guardia Civil"] == {"es"}
    assert runs["Zij deelden "] == {""}  # the document's own language, from its styles



def test_a_title_and_a_contents_line_keep_the_language(make_project: Callable[..., Path]) -> None:
    """A chapter title and a heading in the contents are plain text in every output, but
    their words in another language stay marked: in the HTML's contents and title, and in
    the DOCX's contents field and title paragraph."""
    chapter = ("# Aanpak [Outlaw Motorcycle Gangs]{lang=en}\n\nTekst.\n\n"
               "## Meer [*liaison officers*]{lang=en} in 2024[^1]\n\nTekst.\n\n[^1]: Noot.\n")
    report, _ = load(make_project(chapters={"01.md": chapter}))
    html = render_html(report)
    toc = html[html.index('<nav class="toc"'):html.index("</nav>")]
    assert '>Aanpak <span lang="en">Outlaw Motorcycle Gangs</span></a>' in toc
    assert '>Meer <span lang="en">liaison officers</span> in 2024</a>' in toc  # no note call
    assert re.search(r'<h1 class="chapter-title"[^>]*>Aanpak <span lang="en">Outlaw Motorcycle '
                     r'Gangs</span></h1>', html)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(report)))
                            .read("word/document.xml"))
    marked: dict[str, list[str]] = {}
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        for run in paragraph.iter(f"{W}r"):
            lang = run.find(f"{W}rPr/{W}lang")
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            if lang is not None and text:
                marked.setdefault(style.get(f"{W}val") if style is not None else "", []).append(
                    f"{lang.get(f'{W}val')}:{text}")
    assert marked["TOC1"] == ["en:Outlaw Motorcycle Gangs"]
    assert marked["TOC2"] == ["en:liaison officers"]
    assert "en:Outlaw Motorcycle Gangs" in marked["Heading1"]


def test_a_front_matter_title_is_printed_as_given(make_project: Callable[..., Path]) -> None:
    chapter = "---\ntitle: Een andere titel\n---\n\n# Aanpak [OMG]{lang=en}\n\nTekst.\n"
    report, _ = load(make_project(chapters={"01.md": chapter}))
    html = render_html(report)
    assert re.search(r'<h1 class="chapter-title"[^>]*>Een andere titel</h1>', html)

@pytest.mark.parametrize(("markdown", "message"), [
    ("*x*{lang=english}", "lang=english: 'english' is not a language tag"),
    ("*x*{lang=xx}", "'xx' is not a known language code"),
    ("[x]{.klasse}", "only lang is read in an attribute, not '{.klasse}'"),
    ("[x]{lang=en #anker}", "only lang is read in an attribute, not '{#anker}'"),
    ("*x*{lang=en style=color:red}", "not '{style=color:red}'"),
    ("[x](https://www.rijksoverheid.nl/){lang=en}", "attributes after a link are not read"),
    ("`x`{lang=en}", "attributes after code are not read"),
    ("*x*{lang=en en verder", "'{lang=en en verder hier.' is not a complete attribute"),
    ("[x]{lang=en onclick=alert(1)}", "'{lang=en onclick=alert(1)}' after [words] is not an "
                                      "attribute"),
])
def test_an_attribute_that_is_not_a_language_is_reported(make_project: Callable[..., Path],
                                                        markdown: str, message: str) -> None:
    root = make_project(chapters={"01.md": f"# Hoofdstuk\n\nTekst.\n\nEen {markdown} hier.\n"})
    finding = one(check(root), "KB712")
    assert message in finding.message
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "{lang=en}" in finding.hint
    paragraphs = [b for b in load(root)[0].chapters[0].blocks if isinstance(b, Paragraph)]
    assert "x" in plain_text(paragraphs[-1].children)  # the words are never dropped


def test_the_cli_reports_a_bad_attribute_without_a_traceback(make_project: Callable[..., Path]) -> None:
    from conftest import run_cli

    root = make_project(chapters={"01.md": "# Hoofdstuk\n\n[x]{lang=en onclick=x}\n"})
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1, result.output
    assert "KB712" in result.output and "chapters/01.md" in result.output
    assert "Traceback" not in result.output


UNMARKED = """\
# Hoofdstuk

Zij deelden best practices en *lessons learned*, met extra
liaison officers. Het team werkt online.

Wel gemarkeerd: [best practices]{lang=en}, `best practice` en een
early warning-systeem.
"""


def test_an_english_phrase_in_a_dutch_report_is_a_warning(make_project: Callable[..., Path]) -> None:
    findings = check(make_project(chapters={"01.md": UNMARKED}))
    warnings = only(findings, "KB711")
    assert [(f.location.line, re.search(r"'(.+?)'", f.message).group(1)) for f in warnings] == [
        (3, "best practices"), (3, "lessons learned"), (4, "liaison officers")], describe(findings)
    assert warnings[0].hint == ("mark it: *best practices*{lang=en} in italics, or "
                                "[best practices]{lang=en} as the words around it")
    assert codes(findings) == ["KB711"] * 3


def test_a_report_in_english_needs_no_marks(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": UNMARKED},
                        extra_config='language = "en-GB"\n')
    assert only(check(root), "KB711") == []
