"""A small project in tmp_path: references, links, lists, boxes and the template fallback.

Fast, and covering what the example report does not contain (table references in prose,
links, a repeated footnote).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from kamerbrief.project import load_report
from kamerbrief.render import docx as docx_renderer
from kamerbrief.render.docx import render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

CONFIG = """\
[report]
title = "Testrapport"
subtitle = "Ondertitel"
organisation = "Ministerie van Tests"
date = "2024-03-01"
date_text = "Maart 2024"
list_of_tables = true
chapters = ["chapters/01-begin.md", "chapters/02-bijlage.md"]

[report.kamerstuk]
vergaderjaar = "2023–2024"
dossier = "29 911"
ondernummer = "400"

[colophon]
lines = ["Colofonregel", "", "Den Haag"]
"""

CHAPTER = """\
# Begin

Zie [tabel](#cijfers) en [Tabel](#cijfers) voor de cijfers.[^a] Ook **[de cijfers](#cijfers)**,
[een site](https://example.org/rapport) en [nog geen adres](#).

Het totaal is {{waarde cijfers | TOTAAL | 2023}} euro.[^b] Nogmaals de eerste noot.[^a]

1. een
2. twee

Tussentekst.

3. drie
4. vier

{{tabel cijfers}}

## Verder {#verder}

Terug naar [het begin](#verder).

[^a]: Voetnoottekst A.
[^b]: Voetnoottekst B met [een link](https://example.org/noot).
"""

ANNEX = """\
---
kind: annex
---

# Extra gegevens

::: praktijkverhaal ‘Samen optrekken’
> “Het werkt.”
>
> — Spreker, functie

Tekst in het kader.
:::
"""

CSV = ("Post;2022;2023\nAlpha*;1.000;2.000\nBeta;500;750\nSUBTOTAAL;1.500;2.750\n"
       "Gamma;10;20\nTOTAAL;1.510;2.770\n")
SIDECAR = """\
caption = "Cijfers van de test"
unit = "in euro"
source = "Testbron"

[notes]
"*" = "Inclusief correcties."
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "tables").mkdir()
    (tmp_path / "kamerbrief.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "chapters" / "01-begin.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "chapters" / "02-bijlage.md").write_text(ANNEX, encoding="utf-8")
    (tmp_path / "tables" / "cijfers.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "tables" / "cijfers.toml").write_text(SIDECAR, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def data(project: Path) -> bytes:
    report, _findings = load_report(project)
    return render_docx(report)


def xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def rels(data: bytes, name: str) -> dict[str, str]:
    root = xml(data, name)
    return {r.get("Id"): r.get("Target") for r in root}


def text_of(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def fields(root: etree._Element) -> list[tuple[str, str]]:
    """(instruction, cached result) of the simple, unnested complex fields of ``root``."""
    found, instr, result, phase = [], "", "", ""
    for node in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        kind = node.get(f"{W}fldCharType")
        if kind == "begin":
            instr, result, phase = "", "", "instr"
        elif kind == "separate":
            phase = "result"
        elif kind == "end":
            found.append((" ".join(instr.split()), result))
            phase = ""
        elif node.tag == f"{W}instrText":
            instr += node.text or ""
        elif node.tag == f"{W}t" and phase == "result":
            result += node.text or ""
    return found


def test_table_references_are_ref_fields_to_the_caption_bookmark(data):
    body = xml(data)
    refs = [(i, r) for i, r in fields(body) if i.startswith("REF ")]
    assert refs[:2] == [("REF _RefTabel1_nr \\h", "1")] * 2
    assert "Zie tabel 1 en Tabel 1 voor de cijfers." in text_of(body)
    numbers = [b for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == "_RefTabel1_nr"]
    assert len(numbers) == 1
    caption = next(p for p in body.iter(f"{W}p")
                   if p.find(f"{W}pPr/{W}pStyle[@{W}val='Caption']") is not None)
    start = caption.find(f"{W}bookmarkStart")
    assert start.get(f"{W}name") == "_RefTabel1"
    inside, seen = [], False
    for node in caption.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
        if node.tag == f"{W}bookmarkStart":
            seen = True
        elif node.tag == f"{W}bookmarkEnd":
            break
        elif seen:
            inside.append(node.text)
    assert "".join(inside) == "Tabel 1"
    assert text_of(caption) == "Tabel 1 – Cijfers van de test"


def test_links_external_internal_and_placeholder(data):
    body = xml(data)
    targets = rels(data, "word/_rels/document.xml.rels")
    links = list(body.iter(f"{W}hyperlink"))
    external = [link for link in links if link.get(f"{R}id")]
    assert [targets[link.get(f"{R}id")] for link in external] == ["https://example.org/rapport"]
    internal = {text_of(link): link.get(f"{W}anchor") for link in links if link.get(f"{W}anchor")}
    assert internal["de cijfers"] == "_RefTabel1"
    assert internal["het begin"].startswith("_Toc")
    bold = [link for link in links if text_of(link) == "de cijfers"][0]
    assert bold.find(f".//{W}rPr/{W}b") is not None
    assert "nog geen adres" in text_of(body)
    assert not any("nog geen adres" in text_of(link) for link in links)


def test_value_reference_shows_the_resolved_text(data):
    assert "Het totaal is 2.770 euro." in text_of(xml(data))


def test_footnotes_with_a_link_and_a_repeated_reference(data):
    notes = xml(data, "word/footnotes.xml")
    texts = {n.get(f"{W}id"): text_of(n).strip() for n in notes.iter(f"{W}footnote")}
    assert texts["1"] == "Voetnoottekst A."
    assert texts["2"] == "Voetnoottekst B met een link."
    note_rels = rels(data, "word/_rels/footnotes.xml.rels")
    link = notes.find(f".//{W}hyperlink")
    assert note_rels[link.get(f"{R}id")] == "https://example.org/noot"
    body = xml(data)
    assert [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")] == ["1", "2"]
    assert ("NOTEREF _RefNoot1 \\f \\h", "1") in fields(body)


def test_numbered_lists_restart(data):
    body = xml(data)
    numbering = xml(data, "word/numbering.xml")
    items = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='ListNumber']") is not None]
    assert [text_of(p) for p in items] == ["een", "twee", "drie", "vier"]
    first, third = (p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") for p in (items[0], items[2]))
    assert first != third

    def start(num_id: str) -> str:
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        return num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val")

    assert start(first) == "1" and start(third) == "3"


def test_table_notes_source_and_unit(data):
    body = xml(data)
    by_style: dict[str, list[str]] = {}
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None:
            by_style.setdefault(style.get(f"{W}val"), []).append(text_of(p))
    assert by_style["Tabeleenheid"] == ["in euro"]
    assert by_style["Tabelnoot"] == ["* Inclusief correcties.", "Bron: Testbron"]
    assert "2.770" in by_style["Tabelgetal"]


def test_annex_box_cover_and_colophon(data):
    body = xml(data)
    paragraphs = [(p.find(f"{W}pPr/{W}pStyle"), text_of(p)) for p in body.iter(f"{W}p")]
    styled = [(s.get(f"{W}val") if s is not None else "Normal", t) for s, t in paragraphs]
    assert ("Heading1", "Bijlage 1Extra gegevens") in styled  # 'Bijlage 1', a break, the title
    labels = [t for s, t in styled if s == "Kaderlabel"]
    assert labels == ["Praktijkverhaal"]
    index = styled.index(("Kaderlabel", "Praktijkverhaal"))
    assert styled[index + 1] == ("Kadertitel", "‘Samen optrekken’")
    assert ("Citaatbron", "— Spreker, functie") in styled
    assert ("Omslag", "Tweede Kamer, vergaderjaar 2023–2024, 29 911, nr. 400") in styled
    assert [t for s, t in styled if s == "Colofon"] == ["Colofonregel", "", "Den Haag"]


def test_renderer_falls_back_to_built_in_house_style_without_a_template(project, monkeypatch):
    monkeypatch.setattr(docx_renderer, "template_path", lambda report: None)
    report, _ = load_report(project)
    assert docx_renderer.template_path(report) is None
    data = render_docx(report)
    styles = {s.style_id for s in Document(io.BytesIO(data)).styles}
    assert {"FootnoteText", "FootnoteReference", "Caption", "Kader", "Financieletabel", "TOC1"} <= styles


def test_project_template_missing_styles_are_added(project, tmp_path):
    """A ministry's own template (here python-docx's bare default) still gets every style."""
    folder = project / "huisstijl"
    folder.mkdir(parents=True)
    Document().save(str(folder / "template.docx"))
    config = (project / "kamerbrief.toml").read_text(encoding="utf-8")
    if "style =" in config:
        config = re.sub(r'style = "[^"]*"', 'style = "huisstijl"', config)
    else:
        config = config.replace("[report]\n", '[report]\nstyle = "huisstijl"\n', 1)
    (project / "kamerbrief.toml").write_text(config, encoding="utf-8")
    report, _ = load_report(project)
    assert docx_renderer.template_path(report) == folder / "template.docx"
    document = Document(io.BytesIO(render_docx(report)))
    styles = {s.style_id for s in document.styles}
    assert {"FootnoteText", "FootnoteReference", "Kadertitel", "Tabelgetal"} <= styles


def test_dates_fall_back_to_source_date_epoch(project, monkeypatch):
    config = (project / "kamerbrief.toml").read_text(encoding="utf-8")
    (project / "kamerbrief.toml").write_text(config.replace('date = "2024-03-01"\n', ""), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report, _ = load_report(project)
    first = render_docx(report)
    created = Document(io.BytesIO(first)).core_properties.created
    assert created.isoformat().startswith("2023-11-14")
    assert render_docx(report) == first


def test_a_template_with_footnotes_and_headers_of_its_own(project):
    """Word templates carry a footnotes part and headers: reuse the one, drop the others."""
    report, _ = load_report(project)
    own_headers = len(header_parts(render_docx(report)))  # one per part of the report
    folder = project / "styles" / "rijk"
    folder.mkdir(parents=True)
    (folder / "template.docx").write_bytes(render_docx(report, draft=True))
    report, _ = load_report(project)
    data = render_docx(report)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
    assert names.count("word/footnotes.xml") == 1
    assert len(header_parts(data)) == own_headers
    notes = xml(data, "word/footnotes.xml")
    ids = [n.get(f"{W}id") for n in notes.iter(f"{W}footnote")]
    assert ids == ["-1", "0", "1", "2"]
    assert "CONCEPT" not in text_of(xml(data, "word/header1.xml"))


def header_parts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [n for n in package.namelist() if n.startswith("word/header")]
