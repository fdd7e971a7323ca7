"""`kamerbrief import REPORT.docx DIR`: a working project from an existing Word report.

- **Round trip**: the example built as DOCX (`kamerbrief build -f docx`), imported, checks
  without errors and builds; its text keeps the example's paragraphs and its tables the
  example's figures.
- **A DOCX made outside kamerbrief**: a Flat ODT with headings, nested lists, emphasis, a
  link, footnotes, a block quote, a picture with alt text, a framed one-cell table and a
  table with a merged header cell, unit and source line, converted by LibreOffice.
- **Word's own markup**, written by hand: Dutch style ids, outline levels, tracked changes,
  NOTEREF, internal links, merged label cells, words in another language, odd elements.
- **Bad input** (refused with a message and exit 2, nothing written) and **nothing outside
  the Word file is read or fetched**.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import struct
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_example, run_cli
from kamerbrief.importer import ImportRefused, Limits, import_docx
from kamerbrief.importer.tables import unit_scale
from kamerbrief.model import Box, Heading, ListBlock, Paragraph, Quote
from kamerbrief.project import load_report
from kamerbrief.render.common import printed
from kamerbrief.walk import plain_text, walk_blocks
from local_server import recording_server
from ole_files import compound_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="install libreoffice-writer-nogui")
# The share of the example's paragraphs that must come back word for word.
MIN_KEPT = 0.98


def _png(width: int = 4, height: int = 3) -> bytes:
    raw = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def paragraph_texts(root: Path) -> list[str]:
    """Every paragraph of the report as plain text, normalised: headings, paragraphs, list
    items, quotes with their speaker, box titles and footnotes, in reading order."""
    report, _ = load_report(root)
    texts: list[str] = []
    for chapter in report.chapters:
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, (Paragraph, Heading)):
                texts.append(plain_text(block.children))
            elif isinstance(block, Quote) and block.attribution:
                texts.append("— " + plain_text(block.attribution))
            elif isinstance(block, Box) and block.title:
                texts.append(block.title)
        for definition in chapter.footnotes.values():
            texts += [plain_text(b.children) for b in walk_blocks(definition.blocks)
                      if isinstance(b, Paragraph)]
    normalised = (" ".join(unicodedata.normalize("NFC", text).split()) for text in texts)
    return [text for text in normalised if text]


# ---------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("import-round-trip")
    example = copy_example(folder / "example")
    built = run_cli("build", "--project", example, "--format", "docx", "--out", folder / "dist")
    assert built.exit_code == 0, built.output
    docx = next((folder / "dist").glob("*.docx"))
    imported = run_cli("import", docx, folder / "imported")
    return {"example": example, "docx": docx, "project": folder / "imported",
            "output": imported.output, "exit_code": imported.exit_code}  # type: ignore[dict-item]


def test_round_trip_imports_everything(round_trip) -> None:
    assert round_trip["exit_code"] == 0, round_trip["output"]
    output = str(round_trip["output"])
    assert "6 chapter(s), 8 table(s)" in output
    assert "Not mapped" not in output, output  # kamerbrief's own DOCX maps completely
    assert "Check of the new project: 0 error(s)" in output


def test_round_trip_checks_without_errors(round_trip) -> None:
    result = run_cli("check", "--project", round_trip["project"], "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["errors"] == 0


def test_round_trip_builds(round_trip, tmp_path: Path) -> None:
    result = run_cli("build", "--project", round_trip["project"], "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in tmp_path.iterdir()} >= {".pdf", ".docx", ".html"}


def test_round_trip_keeps_the_paragraphs(round_trip) -> None:
    example = paragraph_texts(round_trip["example"])
    imported = set(paragraph_texts(round_trip["project"]))
    kept = [text for text in example if text in imported]
    share = len(kept) / len(example)
    print(f"round trip keeps {len(kept)}/{len(example)} paragraphs = {share:.2%}")
    missing = [text[:80] for text in example if text not in imported]
    assert share >= MIN_KEPT, missing


def test_round_trip_keeps_the_structure(round_trip) -> None:
    def shape(root: Path) -> list[tuple[str, ...]]:
        report, _ = load_report(root)
        found = []
        for chapter in report.chapters:
            found.append(("chapter", chapter.kind, chapter.title, str(len(chapter.footnotes))))
            for block in walk_blocks(chapter.blocks):
                if isinstance(block, Heading):
                    found.append(("heading", str(block.level), plain_text(block.children)))
                elif isinstance(block, Box):
                    found.append(("box", block.kind, block.title))
                elif isinstance(block, ListBlock):
                    found.append(("list", str(block.ordered), str(len(block.items))))
                elif isinstance(block, Quote):
                    found.append(("quote", plain_text(block.attribution)))
        return found

    assert shape(round_trip["project"]) == shape(round_trip["example"])


def test_round_trip_tables_keep_their_figures(round_trip) -> None:
    """Placed in the same order, with the same columns, rows, row kinds and figures, and the
    same caption, unit, scale, source, notes and header groups."""
    def tables(root: Path):
        report, _ = load_report(root)
        return [report.tables[placement.table_id] for _, placement in report.placements]

    originals, imported = tables(round_trip["example"]), tables(round_trip["project"])
    assert len(imported) == len(originals) == 8
    for original, table in zip(originals, imported, strict=True):
        assert table.label_columns == original.label_columns, table.id
        assert table.numeric_columns == original.numeric_columns, table.id
        # labels come back as the DOCX printed them, with Dutch typography (ZBO’s)
        assert [(r.kind, r.labels, [r.cells[c].value for c in table.numeric_columns])
                for r in table.rows] == \
            [(r.kind, [printed(original, label) for label in r.labels],
              [r.cells[c].value for c in original.numeric_columns])
             for r in original.rows], table.id
        for key in ("caption", "unit", "unit_scale", "source", "notes", "header_groups",
                    "numbered"):
            assert getattr(table.meta, key) == getattr(original.meta, key), (table.id, key)
        assert table.number == original.number


def test_round_trip_project_file(round_trip) -> None:
    config = tomllib.loads((round_trip["project"] / "kamerbrief.toml").read_text("utf-8"))
    original = tomllib.loads((round_trip["example"] / "kamerbrief.toml").read_text("utf-8"))
    for key in ("title", "subtitle", "organisation", "date_text"):
        assert config["report"][key] == original["report"][key]
    assert config["colophon"] == original["colophon"]
    assert [Path(c).name[:3] for c in config["report"]["chapters"]] == \
        ["01-", "02-", "03-", "04-", "05-", "06-"]
    annex = (round_trip["project"] / config["report"]["chapters"][-1]).read_text("utf-8")
    assert annex.startswith("---\nkind: annex\n---\n\n# Financieel overzicht\n")


def test_a_table_split_over_parts_comes_back_whole(make_project, tmp_path: Path) -> None:
    """A table too wide for a page is built in parts ("Tabel 1 – … (vervolg)"): one table
    again after the import, with all its columns."""
    from kamerbrief.render.docx import render_docx

    years = [str(year) for year in range(2000, 2030)]
    csv_text = "Post;" + ";".join(years) + "\n" + "".join(
        f"{label};" + ";".join(str(base + i) for i in range(30)) + "\n"
        for label, base in (("Alfa met een lange omschrijving", 100), ("Beta", 200)))
    csv_text += "TOTAAL;" + ";".join(str(300 + 2 * i) for i in range(30)) + "\n"
    root = make_project(chapters={"01-een.md": "# Een\n\n{{tabel breed}}\n\nVerder.\n"},
                        tables={"breed.csv": csv_text, "breed.toml": 'caption = "Brede tabel"\n'
                                'unit = "in 1.000 euro"\nunit_scale = 1000\nsource = "Test"\n'})
    report, _ = load_report(root)
    docx = tmp_path / "breed.docx"
    docx.write_bytes(render_docx(report))
    assert "(vervolg)" in zipfile.ZipFile(docx).read("word/document.xml").decode()
    result = import_docx(docx, tmp_path / "project")
    assert result.tables == ["brede-tabel"]
    assert (result.root / "tables" / "brede-tabel.csv").read_text("utf-8") == csv_text
    assert (result.root / result.chapters[0]).read_text("utf-8") == \
        "# Een\n\n{{tabel brede-tabel}}\n\nVerder.\n"


# ---------------------------------------------------------------- made outside kamerbrief

FODT = Path(__file__).parent / "fixtures" / "import" / "toezicht.fodt"


def _fodt(image: bytes) -> str:
    """The Flat ODT fixture with ``image`` as its picture."""
    return FODT.read_text(encoding="utf-8").replace("@IMAGE@", base64.b64encode(image).decode())


def _soffice_docx(source: Path) -> Path:
    profile = source.parent / "lo-profile"  # a private profile: no clash with another LibreOffice
    subprocess.run([SOFFICE or "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "docx", "--outdir", str(source.parent),
                    str(source)], check=True, capture_output=True, timeout=180)
    docx = source.with_suffix(".docx")
    assert docx.is_file(), "LibreOffice wrote no .docx"
    return docx


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if SOFFICE is None:
        pytest.skip("install libreoffice-writer-nogui")
    folder = tmp_path_factory.mktemp("import-outside")
    source = folder / "toezicht.fodt"
    source.write_text(_fodt(_png()), encoding="utf-8")
    docx = _soffice_docx(source)
    result = run_cli("import", docx, folder / "project")
    return {"project": folder / "project", "result": result}


@needs_soffice
def test_outside_docx_imports_and_checks_clean(outside) -> None:
    result = outside["result"]
    assert result.exit_code == 0, result.output
    assert "2 chapter(s), 1 table(s), 1 picture(s)" in result.output
    assert "0 error(s), 0 warning(s)" in result.output
    project = outside["project"]
    assert isinstance(project, Path)
    files = (p.relative_to(project) for p in project.rglob("*") if p.is_file())
    assert sorted(str(f) for f in files if not f.parts[0].startswith(".")) == [  # caches aside
        "chapters/01-inleiding.md", "chapters/02-financien.md", "images/image1.png",
        "kamerbrief.toml", "tables/uitgaven-per-regio.csv", "tables/uitgaven-per-regio.toml"]
    config = tomllib.loads((project / "kamerbrief.toml").read_text("utf-8"))
    assert config["report"]["title"] == "Jaarrapportage Toezicht 2023"
    assert (project / "images" / "image1.png").read_bytes() == _png()


@needs_soffice
def test_outside_docx_markdown(outside) -> None:
    project = outside["project"]
    assert isinstance(project, Path)
    assert (project / "chapters" / "01-inleiding.md").read_text("utf-8") == """\
# Inleiding

Dit rapport beschrijft het **toezicht** in 2023 en is *voorlopig*.[^1] Meer staat op [de website](https://www.rijksoverheid.nl/toezicht).

## Achtergrond

De inspectie werkt met drie sporen:[^2]

- Voorlichting
  - Op scholen
  - Online
- Handhaving

### Werkwijze

> “Toezicht werkt alleen als het zichtbaar is.”

![Aantal inspecties per jaar](images/image1.png)

::: kader Goed voorbeeld

In Zwolle werken inspecteurs samen met de gemeente.

:::

Het toezicht verloopt in twee stappen:

1. Aankondigen
   - per brief
2. Bezoeken

> “Wij komen onaangekondigd als het moet.”
>
> — Inspecteur-generaal

::: kader Let op

Meldingen kunnen anoniem.

:::

| Wie | Wat |
| --- | --- |
| Inspectie | Toezicht |

[^1]: Zie het jaarplan van de inspectie.

[^2]: Vastgesteld in 2022.
"""
    assert (project / "chapters" / "02-financien.md").read_text("utf-8") == """\
# Financiën

De uitgaven staan in [tabel](#uitgaven-per-regio).

{{tabel uitgaven-per-regio}}
"""


@needs_soffice
def test_outside_docx_table_and_sidecar(outside) -> None:
    project = outside["project"]
    assert isinstance(project, Path)
    rows = list(csv.reader(io.StringIO((project / "tables" / "uitgaven-per-regio.csv")
                                       .read_text("utf-8")), delimiter=";"))
    assert rows == [["Regio", "Begroting", "Realisatie"], ["Noord", "1.250", "1.100,5"],
                    ["Zuid", "750", "–"], ["Totaal", "2.000", "1.100,5"]]
    sidecar = tomllib.loads((project / "tables" / "uitgaven-per-regio.toml").read_text("utf-8"))
    assert sidecar == {"caption": "Uitgaven per regio", "unit": "bedragen x € 1.000",
                       "unit_scale": 1000, "source": "CBS, bewerking inspectie",
                       "header_groups": [{"title": "2023", "columns": ["Begroting", "Realisatie"]}]}
    report, _ = load_report(project)
    table = report.tables["uitgaven-per-regio"]
    assert table.number == 1 and [r.kind.value for r in table.rows][-1] == "total"


# ---------------------------------------------------------------- Word's own markup

W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
     'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
     'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def make_docx(path: Path, body: str, *, styles: str = "", numbering: str = "",
              footnotes: str = "", rels: tuple[tuple[str, str, str, bool], ...] = (),
              footnote_rels: tuple[tuple[str, str, str, bool], ...] = (),
              settings_rels: tuple[tuple[str, str, str, bool], ...] = (),
              media: dict[str, bytes] | None = None, lang: str = "nl-NL", core_title: str = "",
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A .docx written part by part: ``rels`` are (id, type, target, external)."""
    def relationships(items) -> str:
        return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships">' + "".join(
                    f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"'
                    + (' TargetMode="External"' if external else "") + "/>"
                    for i, t, target, external in items) + "</Relationships>")

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="emf" ContentType="image/x-emf"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}"/></Types>'),
        "_rels/.rels": relationships([("rId1", "officeDocument", "word/document.xml", False)]),
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'
                             f'{body}</w:body></w:document>',
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}><w:docDefaults>'
                           f'<w:rPrDefault><w:rPr><w:lang w:val="{lang}"/></w:rPr></w:rPrDefault>'
                           f'</w:docDefaults>{styles}</w:styles>',
    }
    if core_title:
        parts["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            f'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{core_title}'
            '</dc:title></cp:coreProperties>')
        parts["_rels/.rels"] = relationships([
            ("rId1", "officeDocument", "word/document.xml", False),
            ("rId2", "metadata/core-properties", "docProps/core.xml", False)])
    document_rels = [("rIdS", "styles", "styles.xml", False), *rels]
    if numbering:
        parts["word/numbering.xml"] = f'<w:numbering {W}>{numbering}</w:numbering>'
        document_rels.append(("rIdN", "numbering", "numbering.xml", False))
    if footnotes:
        parts["word/footnotes.xml"] = f'<w:footnotes {W}>{footnotes}</w:footnotes>'
        document_rels.append(("rIdF", "footnotes", "footnotes.xml", False))
        parts["word/_rels/footnotes.xml.rels"] = relationships(footnote_rels)
    if settings_rels:
        parts["word/settings.xml"] = f'<w:settings {W}><w:attachedTemplate r:id="rIdT"/></w:settings>'
        parts["word/_rels/settings.xml.rels"] = relationships(settings_rels)
        document_rels.append(("rIdX", "settings", "settings.xml", False))
    parts["word/_rels/document.xml.rels"] = relationships(document_rels)
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        for name, data in (media or {}).items():
            archive.writestr(name, data)
    return path


def p(text: str = "", style: str = "", extra: str = "", runs: str = "") -> str:
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{'<w:pPr>' + properties + '</w:pPr>' if properties else ''}{run}{runs}</w:p>"


def style(style_id: str, name: str, based_on: str = "", ppr: str = "") -> str:
    return (f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + "</w:style>")


def picture(rel_id: str, descr: str, attribute: str = "r:embed") -> str:
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/>'
            f'<wp:docPr id="1" name="Afbeelding 1" descr="{descr}"/><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>'
            f'<a:blip {attribute}="{rel_id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r>')


DUTCH_STYLES = (style("Titel", "Title") + style("Kop1", "heading 1", ppr='<w:outlineLvl w:val="0"/>')
                + style("Kop2", "heading 2", ppr='<w:outlineLvl w:val="1"/>')
                + style("Hoofdstuk", "Hoofdstuk", based_on="Kop1")
                + style("Duidelijkcitaat", "Intense Quote")
                + style("Lijstalinea", "List Paragraph"))
NUMBERING = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
             '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1">'
             '<w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>')


def item(text: str, level: int = 0) -> str:
    return p(text, "Lijstalinea", f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/></w:numPr>')


@pytest.fixture
def word_document(tmp_path: Path) -> Path:
    """A Dutch Word's markup for most of what a report holds."""
    cell = '<w:tc>{props}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
    merged = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    body = "".join([
        p("Begroting 2025", "Titel"),
        p("Samenvatting", "Kop1"),
        p(runs='<w:r><w:t xml:space="preserve">Zie </w:t></w:r><w:hyperlink w:anchor="_Ref1">'
          '<w:r><w:t>de uitgaven</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> en de '
          '</w:t></w:r><w:r><w:rPr><w:lang w:val="en-GB"/><w:i/></w:rPr><w:t>quick wins</w:t>'
          '</w:r><w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'),
        p(runs='<w:r><w:t xml:space="preserve">Oud </w:t></w:r><w:del w:id="1" w:author="A">'
          '<w:r><w:delText>weg</w:delText></w:r></w:del><w:ins w:id="2" w:author="A"><w:r><w:t>'
          'nieuw</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> zoals eerder</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NOTEREF _Ref9 \\h '
          '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t>'
          '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        item("Eerste stap"), item("Onderdeel", 1), item("Tweede stap"),
        p("“Wij gaan door.”", "Duidelijkcitaat"),
        p("— De minister"),
        p("Ingesprongen tekst als citaat.", extra='<w:ind w:left="1134" w:right="1134"/>'),
        p("Met een kader", extra='<w:pBdr><w:top w:val="single" w:sz="4"/></w:pBdr>',
          runs=""),
        p(runs='<w:r><w:t>Een formule: </w:t></w:r><m:oMath><m:r><m:t>a+b</m:t></m:r></m:oMath>'),
        p("Uitgaven", "Hoofdstuk",
          runs='<w:bookmarkStart w:id="5" w:name="_Ref1"/><w:bookmarkEnd w:id="5"/>'),
        p("Tabel 1: Uitgaven per programma"),
        p("(x € 1 mln)"),
        "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>"
        + cell.format(props=merged, text="Programma") + cell.format(props=merged, text="Onderdeel")
        + cell.format(props='<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', text="Bedragen")
        + "</w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr>"
        + cell.format(props='<w:tcPr><w:vMerge/></w:tcPr>', text="")
        + cell.format(props='<w:tcPr><w:vMerge/></w:tcPr>', text="")
        + cell.format(props="", text="2024") + cell.format(props="", text="2025") + "</w:tr>"
        + "<w:tr>" + cell.format(props=merged, text="Zorg") + cell.format(props="", text="Jeugd")
        + cell.format(props="", text="10") + cell.format(props="", text="12,5") + "</w:tr>"
        + "<w:tr>" + cell.format(props='<w:tcPr><w:vMerge/></w:tcPr>', text="")
        + cell.format(props="", text="Ouderen") + cell.format(props="", text="20")
        + cell.format(props="", text="20") + "</w:tr>"
        + "<w:tr>" + cell.format(props="", text="Totaal zorg") + cell.format(props="", text="")
        + cell.format(props="", text="30") + cell.format(props="", text="32,5") + "</w:tr></w:tbl>",
        p("Bron: Ministerie van Financiën"),
        p("Zie tabel 1 voor de bedragen."),
    ])
    footnotes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                 '</w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t '
                 'xml:space="preserve"> Zie de </w:t></w:r><w:hyperlink r:id="rIdL"><w:r><w:t>'
                 'begroting</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p></w:footnote>')
    body = body.replace('<w:r><w:footnoteReference w:id="1"/></w:r>',
                        '<w:bookmarkStart w:id="9" w:name="_Ref9"/><w:r><w:footnoteReference '
                        'w:id="1"/></w:r><w:bookmarkEnd w:id="9"/>')
    return make_docx(tmp_path / "begroting.docx", body, styles=DUTCH_STYLES, numbering=NUMBERING,
                     footnotes=footnotes,
                     footnote_rels=(("rIdL", "hyperlink", "https://www.rijksfinancien.nl/", True),))


def test_word_markup(word_document: Path, tmp_path: Path) -> None:
    result = import_docx(word_document, tmp_path / "project")
    project = result.root
    assert result.chapters == ["chapters/01-samenvatting.md", "chapters/02-uitgaven.md"]
    first = (project / "chapters" / "01-samenvatting.md").read_text("utf-8")
    assert first == """\
# Samenvatting

Zie [de uitgaven](#uitgaven) en de *quick wins*{lang=en-GB}.[^1]

Oud nieuw zoals eerder[^1]

1. Eerste stap
   - Onderdeel
2. Tweede stap

> “Wij gaan door.”
>
> — De minister

> Ingesprongen tekst als citaat.

::: kader

Met een kader

:::

Een formule: a+b

[^1]: Zie de [begroting](https://www.rijksfinancien.nl/).
"""
    second = (project / "chapters" / "02-uitgaven.md").read_text("utf-8")
    assert second == ("# Uitgaven {#uitgaven}\n\n{{tabel uitgaven-per-programma}}\n\n"
                      "Zie [tabel](#uitgaven-per-programma) voor de bedragen.\n")
    assert (project / "tables" / "uitgaven-per-programma.csv").read_text("utf-8") == (
        "Programma;Onderdeel;2024;2025\nZorg;Jeugd;10;12,5\n;Ouderen;20;20\n"
        "Totaal zorg;;30;32,5\n")
    sidecar = tomllib.loads((project / "tables" / "uitgaven-per-programma.toml").read_text("utf-8"))
    assert sidecar["caption"] == "Uitgaven per programma" and sidecar["unit_scale"] == 1_000_000
    assert sidecar["unit"] == "(x € 1 mln)" and sidecar["labels"] == 2
    assert sidecar["source"] == "Ministerie van Financiën"
    assert sidecar["header_groups"] == [{"title": "Bedragen", "columns": ["2024", "2025"]}]
    # 'Totaal zorg' is no TOTAAL label: the sum the table shows is declared, and checked
    assert sidecar["sums"] == [{"total": "Totaal zorg", "parts": ["Jeugd", "Ouderen"]}]
    assert run_cli("check", "--project", project).exit_code == 0
    assert [(u.where, u.message, u.excerpt) for u in result.unmapped] == [
        ("paragraph 12", "an equation is kept as plain text: 'a+b'", "Een formule: a+b")]
    assert str(result.unmapped[0]) == ("paragraph 12 (“Een formule: a+b”): an equation is kept "
                                       "as plain text: 'a+b'")


def test_title_page_comes_from_the_title_style(word_document: Path, tmp_path: Path) -> None:
    project = import_docx(word_document, tmp_path / "project").root
    config = tomllib.loads((project / "kamerbrief.toml").read_text("utf-8"))
    assert config["report"]["title"] == "Begroting 2025"


def test_title_from_the_core_properties(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "r.docx", p("Een", "Kop1") + p("Tekst."), styles=DUTCH_STYLES,
                     core_title="Jaarverslag Inspectie")
    project = import_docx(docx, tmp_path / "project").root
    assert tomllib.loads((project / "kamerbrief.toml").read_text("utf-8"))["report"]["title"] \
        == "Jaarverslag Inspectie"


def test_caption_and_source_below_the_table(tmp_path: Path) -> None:
    cells = "".join(f"<w:tr>{''.join(f'<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>' for t in row)}"
                    "</w:tr>" for row in (("Jaar", "Aantal"), ("2023", "1.204"), ("2024", "1.310")))
    body = (p("Cijfers", "Kop1") + p("Het aantal steeg.") + f"<w:tbl>{cells}</w:tbl>"
            + p("Tabel 2. Meldingen per jaar") + p("Bron: CBS") + p("Daarna verder."))
    result = import_docx(make_docx(tmp_path / "r.docx", body, styles=DUTCH_STYLES),
                         tmp_path / "project")
    sidecar = tomllib.loads((result.root / "tables" / "meldingen-per-jaar.toml").read_text("utf-8"))
    assert sidecar == {"caption": "Meldingen per jaar", "source": "CBS"}
    assert (result.root / result.chapters[0]).read_text("utf-8") == (
        "# Cijfers\n\nHet aantal steeg.\n\n{{tabel meldingen-per-jaar}}\n\nDaarna verder.\n")


def test_exit_1_when_the_new_project_has_errors(tmp_path: Path) -> None:
    """A picture without alt text cannot be mapped to an accessible one: the import writes
    the project, says where the picture stood, and the check's error sets the exit code."""
    body = p("Hoofdstuk", "Kop1") + p("Zie de kaart.") + p(runs=picture("rIdP", ""))
    docx = make_docx(tmp_path / "r.docx", body, styles=DUTCH_STYLES,
                     rels=(("rIdP", "image", "media/image1.png", False),),
                     media={"word/media/image1.png": _png()})
    result = run_cli("import", docx, tmp_path / "project")
    assert result.exit_code == 1, result.output
    output = " ".join(result.output.split())
    assert "Not mapped (1), look at these places in r.docx:" in output
    assert "paragraph 3: picture images/image1.png has no alt text" in output
    assert "1 error(s)" in output and "KB404" in output
    assert (tmp_path / "project" / "images" / "image1.png").is_file()


@pytest.mark.parametrize(("line", "scale"), [
    ("in 1.000 euro", 1000), ("x € 1.000", 1000), ("bedragen x € 1.000", 1000),
    ("(bedragen x € 1 mln)", 1_000_000), ("in miljoenen euro", 1_000_000),
    ("in € mln", 1_000_000), ("in miljoen euro", 1_000_000), ("Bedragen in euro's", 1),
    ("x € 1 miljard", 1_000_000_000), ("in duizenden euro", 1000),
    ("in de provincie", None), ("x 1.000", 1000), ("Tabel 3", None)])
def test_unit_lines(line: str, scale: int | None) -> None:
    assert unit_scale(line) == scale


def test_pictures_saved_linked_and_unshowable(tmp_path: Path) -> None:
    emf = b"\x01\x00\x00\x00" + b"\x00" * 40 + b" EMF" + b"\x00" * 20
    body = (p("Hoofdstuk", "Kop1") + p(runs=picture("rIdP", "Kaart van Nederland"))
            + p(runs=picture("rIdE", "Grafiek uit Excel"))
            + p(runs=picture("rIdW", "Foto van de website", "r:link")))
    docx = make_docx(tmp_path / "plaatjes.docx", body, styles=DUTCH_STYLES, rels=(
        ("rIdP", "image", "media/image1.png", False), ("rIdE", "image", "media/image2.emf", False),
        ("rIdW", "image", "http://127.0.0.1:9/foto.png", True)),
        media={"word/media/image1.png": _png(), "word/media/image2.emf": emf})
    result = import_docx(docx, tmp_path / "project")
    chapter = (result.root / result.chapters[0]).read_text("utf-8")
    assert "![Kaart van Nederland](images/image1.png)" in chapter
    assert "*Grafiek uit Excel*" in chapter and "*Foto van de website*" in chapter
    assert (result.root / "images" / "image2.emf").read_bytes() == emf
    messages = [f"{u.where}: {u.message}" for u in result.unmapped]
    assert any("paragraph 3: picture 'Grafiek uit Excel' is saved as images/image2.emf" in m
               for m in messages), messages
    assert any("paragraph 4: picture 'Foto van de website' is linked to "
               "http://127.0.0.1:9/foto.png" in m and "not fetched" in m for m in messages), messages


def test_unfamiliar_markup_is_kept_as_text_with_a_warning(tmp_path: Path) -> None:
    body = (p("Hoofdstuk", "Kop1")
            + '<w:p><w:r><w:t xml:space="preserve">Voor </w:t></w:r><w:unknownThing><w:r>'
              '<w:t>bewaard</w:t></w:r></w:unknownThing><w:r><w:t xml:space="preserve"> na'
              '</w:t></w:r></w:p>'
            + '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="2" name="Grafiek 1" descr="Omzet '
              'per jaar"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/'
              'drawingml/2006/chart"/></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    result = import_docx(make_docx(tmp_path / "raar.docx", body, styles=DUTCH_STYLES),
                         tmp_path / "project")
    chapter = (result.root / result.chapters[0]).read_text("utf-8")
    assert "Voor bewaard na" in chapter and "*Omzet per jaar*" in chapter
    messages = [f"{u.where}: {u.message}" for u in result.unmapped]
    assert "paragraph 2: unknown Word element 'unknownThing' kept as text" in messages
    assert any(m.startswith("paragraph 3: a chart is not imported") for m in messages)


def test_text_before_the_first_heading_is_kept(tmp_path: Path) -> None:
    body = p("Losse inleiding zonder kop.") + p("Hoofdstuk een", "Kop1") + p("Tekst.")
    result = import_docx(make_docx(tmp_path / "los.docx", body, styles=DUTCH_STYLES),
                         tmp_path / "project")
    assert result.chapters[0] == "chapters/01-voorwerk.md"
    assert "Losse inleiding zonder kop." in (result.root / result.chapters[0]).read_text("utf-8")
    assert any("text before the first chapter heading" in str(u) for u in result.unmapped)


def test_markdown_characters_in_the_text_stay_text(tmp_path: Path) -> None:
    text = "# geen kop, *geen nadruk*, [geen link](x), {{waarde a | b | c}} en 1. geen lijst"
    body = p("Hoofdstuk", "Kop1") + p(text) + p("1. Ook geen lijst") + p("- of een opsomming")
    result = import_docx(make_docx(tmp_path / "tekens.docx", body, styles=DUTCH_STYLES),
                         tmp_path / "project")
    report, _ = load_report(result.root)
    texts = [plain_text(b.children) for b in report.chapters[0].blocks if isinstance(b, Paragraph)]
    assert texts == [text.replace("{{", "{ {"), "1. Ook geen lijst", "- of een opsomming"]
    assert run_cli("check", "--project", result.root).exit_code == 0


# ---------------------------------------------------------------- bad input


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _huge_document(path: Path) -> Path:
    paragraphs = "".join(f"<w:p><w:r><w:t>{n}</w:t></w:r></w:p>" for n in range(200_001))
    return make_docx(path, p("Hoofdstuk", "Kop1") + paragraphs, styles=DUTCH_STYLES,
                     compression=zipfile.ZIP_STORED)


BAD_INPUTS = {
    "text": (lambda path: path.write_text("Dit is geen Word-document.\n") and path,
             "is not a Word document (.docx): it is not a ZIP package"),
    "old-doc": (lambda path: path.write_bytes(compound_file({"WordDocument": b"\xec\xa5"})) and path,
                "is an old Word 97–2003 document (.doc)"),
    "password": (lambda path: path.write_bytes(compound_file({
        "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
        "EncryptedPackage": b"\x00" * 64})) and path, "is protected with a password"),
    "other-zip": (lambda path: _zip(path, {"notities.txt": b"geen docx"}),
                  "is a ZIP file but not a Word document (.docx)"),
    "workbook": (lambda path: _zip(path, {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        b'</Relationships>', "xl/workbook.xml": b"<workbook/>"}),
        "is not a Word document: it is an Excel workbook"),
    "zip-bomb": (lambda path: _zip(path, {"[Content_Types].xml": b"<Types/>",
                                          "_rels/.rels": b"<Relationships/>",
                                          "word/document.xml": b" " * (64 * 1024 * 1024)}),
                 "looks like a zip bomb: word/document.xml would expand"),
    "huge": (_huge_document, "is too large to import: 200002 paragraphs and tables, at most "
                             "200000 are read"),
    "dtd": (lambda path: make_docx(path, p("x")).exists() and _with_dtd(path),
            "declares a DTD, which no Word document does"),
    "missing": (lambda path: path, "does not exist"),
}


def _with_dtd(path: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["word/document.xml"] = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
                                    + members["word/document.xml"].split(b"?>", 1)[1])
    return _zip(path, members)


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused(case: str, tmp_path: Path) -> None:
    make, message = BAD_INPUTS[case]
    source = make(tmp_path / "rapport.docx")
    result = run_cli("import", source, tmp_path / "project")
    assert result.exit_code == 2, result.output
    assert "not imported:" in result.output and message in " ".join(result.output.split()), \
        result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "project").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_document_without_text_is_refused(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "leeg.docx", p() + p() + "<w:sectPr/>")
    result = run_cli("import", docx, tmp_path / "project")
    assert result.exit_code == 2 and "leeg.docx holds no text to import" in result.output
    assert not (tmp_path / "project").exists()


def test_the_limits_bound_a_part_and_the_whole(tmp_path: Path) -> None:
    docx = make_docx(tmp_path / "rapport.docx", p("Hoofdstuk", "Kop1") + p("x" * 5000),
                     compression=zipfile.ZIP_STORED)
    with pytest.raises(ImportRefused, match="too large to import: word/document.xml"):
        import_docx(docx, tmp_path / "a", limits=Limits(part_bytes=4000))
    with pytest.raises(ImportRefused, match="would expand to"):
        import_docx(docx, tmp_path / "b", limits=Limits(total_bytes=4000))
    with pytest.raises(ImportRefused, match="too large to import"):
        import_docx(docx, tmp_path / "c", limits=Limits(file_bytes=1000))


def test_a_folder_with_files_is_refused_unless_force(word_document: Path, tmp_path: Path) -> None:
    dest = tmp_path / "project"
    dest.mkdir()
    (dest / "oud.md").write_text("oud\n")
    result = run_cli("import", word_document, dest)
    assert result.exit_code == 2 and "already exists and is not empty" in result.output
    assert "--force" in result.output and (dest / "oud.md").is_file()
    forced = run_cli("import", word_document, dest, "--force")
    assert forced.exit_code == 0, forced.output
    assert not (dest / "oud.md").exists() and (dest / "kamerbrief.toml").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [word_document.name, "project"] or \
        sorted(p.name for p in tmp_path.iterdir()) == sorted([word_document.name, "project"])


def test_an_empty_folder_is_fine_and_a_file_is_not(word_document: Path, tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    assert run_cli("import", word_document, tmp_path / "leeg").exit_code == 0
    (tmp_path / "bestand").write_text("x")
    result = run_cli("import", word_document, tmp_path / "bestand")
    assert result.exit_code == 2 and "is not a folder" in result.output


def test_force_never_replaces_the_folder_that_holds_the_report(word_document: Path,
                                                              tmp_path: Path) -> None:
    result = run_cli("import", word_document, tmp_path, "--force")
    assert result.exit_code == 2 and "lies inside" in result.output
    assert word_document.is_file()


def test_a_failed_write_leaves_nothing_behind(word_document: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import kamerbrief.importer.write as write

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "replace", fail)
    result = run_cli("import", word_document, tmp_path / "project")
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [word_document.name]


# ---------------------------------------------------------------- nothing outside is read


class _Watch:
    """Records, while on, every file opened and every network connection (audit hooks)."""

    def __init__(self) -> None:
        self.on = False
        self.opened: list[str] = []
        self.network: list[str] = []

    def __call__(self, event: str, args: tuple) -> None:
        if not self.on:
            return
        if event == "open" and isinstance(args[0], (str, bytes, Path)):
            self.opened.append(str(args[0]))
        elif event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
            self.network.append(f"{event} {args[1:2] if event == 'socket.connect' else args[:1]}")


_WATCH = _Watch()
sys.addaudithook(_WATCH)


@pytest.fixture
def watch() -> Iterator[_Watch]:
    _WATCH.opened, _WATCH.network, _WATCH.on = [], [], True
    try:
        yield _WATCH
    finally:
        _WATCH.on = False


def test_nothing_outside_the_word_file_is_read_or_fetched(tmp_path: Path, watch: _Watch) -> None:
    """A linked picture on a local server and an attached template in a file beside the
    report: the server is never asked, the template never opened; the import reads the .docx
    and writes the new project, nothing else (Python's own modules aside)."""
    secret = tmp_path / "elders" / "sjabloon.dotx"
    secret.parent.mkdir()
    secret.write_bytes(b"niet lezen")
    with recording_server() as server:
        body = p("Hoofdstuk", "Kop1") + p(runs=picture("rIdW", "Logo", "r:link"))
        docx = make_docx(tmp_path / "rapport.docx", body, styles=DUTCH_STYLES,
                         rels=(("rIdW", "image", server.url("logo.png"), True),),
                         settings_rels=(("rIdT", "attachedTemplate", secret.as_uri(), True),))
        watch.opened.clear()
        result = import_docx(docx, tmp_path / "project")
        watch.on = False
        assert server.requests == []
    assert watch.network == []
    modules = (sys.prefix, sys.base_prefix, str(Path(__file__).parent.parent / "src"))
    data_files = [path for path in watch.opened if not path.startswith(modules)
                  and not path.endswith((".py", ".pyc", ".so"))]
    assert str(secret) not in " ".join(data_files)
    for path in data_files:
        assert path == str(docx) or path.startswith(str(tmp_path / ".project.import-")) or \
            path.startswith(str(tmp_path / "project")), path
    messages = [str(u) for u in result.unmapped]
    assert any(f"an attached template at '{secret.as_uri()}'" in m and "not fetched or read" in m
               for m in messages), messages
    assert any(server.url("logo.png") in m and "not fetched" in m for m in messages), messages
