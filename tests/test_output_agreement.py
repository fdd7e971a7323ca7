"""The HTML and the DOCX say the same thing, block by block.

Both renderers spell decisions made once (render/common.py, kamerbrief.targets, the model):
plain text of inlines, numbering, annex labels, contents, cover, link and image targets. This
test reads the text a reader gets from each output, one entry per block (heading, paragraph,
list item, caption, table cell, footnote), and compares the two sequences in full, on the
example report and on a project that uses every block and inline kind.
"""

from __future__ import annotations

import difflib
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import EXAMPLE_ROOT
from kamerbrief.project import load_report
from kamerbrief.render.docx import render_docx
from kamerbrief.render.html import render_html

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Elements whose own text is one block; containers hold blocks but no text of their own.
TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "th", "td", "pre"}
CONTAINERS = {"ul", "ol", "div", "section", "aside", "figure", "table", "thead", "tbody", "tr",
              "blockquote", "nav", "main", "body"}
# Print-only copies of footnote texts and screen-only call numbers: the DOCX has real
# footnotes instead, compared on their own below.
NOT_TEXT = ("fn", "fn-screen", "footnotes-screen", "draft-mark")
# Text for screen readers alone (a group label repeated in the rows of its group, the "terug"
# of a note's back link): Word cannot hide text from the eye alone, so the DOCX has none.
SCREEN_READER_ONLY = "sr-only"


def _png() -> bytes:
    """A valid 1×1 PNG (Word's image reader parses every chunk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _own_text(element: etree._Element) -> str:
    """The element's text without that of nested blocks (a list item's sublist)."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and (child.tag in TEXT_BLOCKS or child.tag in CONTAINERS):
            parts.append(child.tail or "")
        else:
            parts.append(child.text_content() + (child.tail or ""))
    return "".join(parts)


def html_blocks(page: str) -> tuple[list[str], list[str]]:
    """(body blocks, footnote texts) of the HTML as a reader sees them."""
    body = lxml_html.fromstring(page).find(".//body")
    for element in body.xpath(f'.//*[contains(concat(" ", @class, " "), " {SCREEN_READER_ONLY} ")]'):
        element.drop_tree()
    notes = [_normal(_own_text(li)).removesuffix("↩").strip()
             for li in body.xpath('.//aside[contains(@class, "footnotes-screen")]//li')]
    for name in NOT_TEXT:
        for element in body.xpath(f'.//*[contains(concat(" ", @class, " "), " {name} ")]'):
            element.drop_tree()
    for br in body.iter("br"):
        br.tail = " " + (br.tail or "")
    blocks: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.tag in TEXT_BLOCKS:
            text = _normal(_own_text(element))
            if text:
                blocks.append(text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child)

    walk(body)
    return blocks, notes


def _paragraph_texts(root: etree._Element) -> list[str]:
    texts = []
    for paragraph in root.iter(f"{W}p"):
        parts = [node.text or "" if node.tag == f"{W}t" else " "
                 for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br")]
        text = _normal("".join(parts))
        if text:
            texts.append(text)
    return texts


def docx_blocks(data: bytes) -> tuple[list[str], list[str]]:
    """(body paragraphs, footnote texts) of the DOCX, as Word shows them."""
    package = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    notes = []
    if "word/footnotes.xml" in package.namelist():
        for note in etree.fromstring(package.read("word/footnotes.xml")).iter(f"{W}footnote"):
            if note.get(f"{W}type") in (None, "normal"):
                notes.append(" ".join(_paragraph_texts(note)))
    return _paragraph_texts(body), notes


def assert_same(docx: list[str], html: list[str]) -> None:
    diff = list(difflib.unified_diff(docx, html, "docx", "html", lineterm="", n=1))
    assert not diff, "\n".join(line[:160] for line in diff[:60])


def _agree(root: Path) -> list[str]:
    report, _ = load_report(root)
    html_body, html_notes = html_blocks(render_html(report))
    docx_body, docx_notes = docx_blocks(render_docx(report))
    assert_same(docx_body, html_body)
    assert_same(docx_notes, html_notes)
    return html_body


def test_the_example_reads_the_same_in_html_and_docx() -> None:
    blocks = _agree(EXAMPLE_ROOT)
    assert len(blocks) > 500  # the whole report was compared, tables included
    assert "Bijlage 1 Financieel overzicht" in blocks


DENSE_CHAPTER = """\
# Eerste hoofdstuk

Een alinea met *nadruk*, **vet**, `code`, een [webadres](https://www.rijksoverheid.nl/),
een [kop](#een-sectie), een [bestand](files/nota.txt), een [placeholder](#), een
[onbekend anker](#nergens) en een regel\\
die breekt. Zie [tabel](#cijfers) voor {{waarde cijfers | Totaal | 2024}} euro.[^1]

## Een sectie over [tabel](#cijfers)

- Eerste punt
- Tweede punt met een sublijst
  - Diep punt
- Derde punt met *best practices*{lang=en} en [liaison officers]{lang=en}

1. Genummerd een
2. Genummerd twee

> “Een citaat van iemand.”
>
> — Iemand belangrijks

::: kader Een kader
Tekst in het kader met een [link](https://www.tweedekamer.nl/).
:::

![Grafiek van de cijfers](images/grafiek.png) ![Tekening](images/tekening.svg)

| Kop A | Kop B |
| --- | --- |
| een | twee |

```
letterlijke code
```

---

{{tabel cijfers}}

{{tabel groepen}}

### Derde niveau

#### Vierde niveau

[^1]: Een voetnoot met *nadruk* en een [link](https://www.cbs.nl/).
"""

ANNEX_CHAPTER = """\
---
kind: annex
---
# Cijfers

## Toelichting

Tekst van de bijlage.[^2]

[^2]: De tweede voetnoot.
"""

CSV = """\
Onderdeel;2024;2025
Eerste post*;1.250;-
Tweede post;−40;12,5
Totaal;1.210;12,5
"""

# A group label ("Voorkomen") printed in its group's first row only.
GROUPED_CSV = """\
Hoofdlijn;Deelopgave;2024
Voorkomen;Preventie;10
;Drugs;5
;SUBTOTAAL;15
Bestraffen;Berechting;7
;TOTAAL;22
"""

SIDECAR = """\
caption = "Cijfers per post"
unit = "in 1.000 euro"
source = "Eigen berekening"
header_groups = [ { title = "Jaren", columns = ["2024", "2025"] } ]
[notes]
"*" = "Inclusief de nabetaling."
"""


@pytest.fixture
def dense_project(make_project) -> Path:
    return make_project(
        chapters={"01-eerste.md": DENSE_CHAPTER, "02-bijlage.md": ANNEX_CHAPTER},
        tables={"cijfers.csv": CSV, "cijfers.toml": SIDECAR, "groepen.csv": GROUPED_CSV,
                "groepen.toml": 'caption = "Per hoofdlijn"\nunit = "in 1.000 euro"\nlabels = 2\n'},
        files={"images/grafiek.png": _png(), "images/tekening.svg": "<svg/>",
               "files/nota.txt": "nota"},
        extra_config="""\
            [colophon]
            lines = ["Dit is een uitgave van het ministerie", "Postbus 20301"]
            """,
        config=None)


def test_every_block_kind_reads_the_same_in_html_and_docx(dense_project: Path) -> None:
    blocks = _agree(dense_project)
    for expected in ("Een sectie over tabel 1", "Diep punt", "Tabel 1 – Cijfers per post",
                     "Bijlage 1 Cijfers", "Tekening", "letterlijke code", "Colofon",
                     "Derde punt met best practices en liaison officers", "Drugs"):
        assert expected in blocks, expected


def test_the_comparison_sees_a_renderer_that_disagrees(dense_project: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A DOCX that phrased table references its own way again would fail the test above."""
    from kamerbrief.render import common

    report, _ = load_report(dense_project)
    html_body, _ = html_blocks(render_html(report))
    monkeypatch.setattr(common, "table_ref_text", lambda ref, report: "tabel ?")
    docx_body, _ = docx_blocks(render_docx(report))
    with pytest.raises(AssertionError):
        assert_same(docx_body, html_body)
