"""HTML a writer types in a chapter: a comment is left out of every output, any other tag is
printed as typed and reported (KB410), a comment never closed is an error (KB411); and
~~struck~~ words print struck through, not as emphasis."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import check, describe, load, one
from kamerbrief.render.docx import render_docx
from kamerbrief.render.html import render_html

COMMENTS = """# Hoofdstuk

Voor de notitie.

<!-- TODO: cijfers nog checken bij DGO -->

Na de notitie <!-- inline notitie --> verder.

<!-- een notitie
over twee regels -->
Tekst na.

<!-- notitie voor de tekst --> Een *alinea* na een notitie.
"""


def _outputs(root: Path) -> str:
    report, _ = load(root)
    html = render_html(report)
    document = zipfile.ZipFile(io.BytesIO(render_docx(report))).read("word/document.xml").decode()
    return html + document


def test_a_comment_is_left_out_of_every_output(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": COMMENTS})
    assert check(root) == [], describe(check(root))
    outputs = _outputs(root)
    for hidden in ("TODO", "notitie -->", "inline notitie", "over twee regels", "&lt;!--"):
        assert hidden not in outputs, hidden
    assert "<p>Na de notitie verder.</p>" in outputs
    assert "<p>Tekst na.</p>" in outputs and "Voor de notitie." in outputs
    assert "<p>Een <em>alinea</em> na een notitie.</p>" in outputs


def test_a_comment_never_closed_is_kb411_at_its_line(make_project: Callable[..., Path]) -> None:
    block = "# H\n\nTekst.\n\n<!-- begin van een notitie\n\nDe rest van het hoofdstuk.\n"
    finding = one(check(make_project(chapters={"01.md": block})), "KB411")
    assert (finding.location.line, finding.severity.value) == (5, "error")
    inline = "# H\n\nTekst <!-- nooit dicht\nen meer.\n"
    finding = one(check(make_project(chapters={"01.md": inline})), "KB411")
    assert finding.location.line == 3


def test_html_is_printed_as_typed_and_reported_once_a_line(
        make_project: Callable[..., Path]) -> None:
    chapter = "# H\n\nTekst met <sup>2</sup> en een<br>regel.\n\n<div>\nBlok\n</div>\n"
    root = make_project(chapters={"01.md": chapter})
    findings = check(root)
    assert [(f.code, f.location.line, f.severity.value) for f in findings] == \
        [("KB410", 3, "warning"), ("KB410", 5, "warning")], describe(findings)
    assert "'<sup>'" in findings[0].message
    html = render_html(load(root)[0])
    assert "Tekst met &lt;sup&gt;2&lt;/sup&gt; en een&lt;br&gt;regel." in html  # no word lost
    assert "&lt;div&gt;\nBlok\n&lt;/div&gt;" in html


def test_struck_words_print_struck_through(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": "# H\n\nHet bedrag is ~~12~~ 14 miljoen.\n"})
    outputs = _outputs(root)
    assert "Het bedrag is <s>12</s> 14 miljoen." in outputs
    assert "<em>12</em>" not in outputs
    assert "<w:strike/></w:rPr><w:t>12</w:t>" in outputs
