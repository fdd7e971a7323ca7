"""The example report builds to a tagged, accessible, reproducible PDF.

The example is built twice per session (≈ 8 s each, run side by side): once in-process
through the CLI, once in a subprocess from a copy of the project at another path and with
another hash seed, so the byte comparison also catches set-order and path leaks.
Text is read back with poppler-utils (pdftotext, pdffonts), structure with pikepdf.
Captions and "Bron:" lines are expected as written out below from the publication and the
sidecars, never as the renderers under test compute them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from conftest import copy_example, run_cli
from kamerbrief.model import Paragraph
from kamerbrief.project import load_report
from kamerbrief.render.common import numbered_tables
from kamerbrief.typography import dutch
from kamerbrief.walk import plain_text

pikepdf = pytest.importorskip("pikepdf", reason="pip install pikepdf (the dev extra)")

WIDE_TABLE = "ontvangen-middelen"

# What the PDF must show, written out from the sources rather than asked of the renderers
# under test: the annex's captions as the publication prints them (the seed's "Tabel 1–5"),
CAPTIONS = (
    "Tabel 1 – Overzicht van ontvangen middelen sinds 2018",
    "Tabel 2 – Overzicht van geplande besteding van de middelen",
    "Tabel 3 – Overzicht besteding middelen 2023",
    "Tabel 4 – Overzicht van geplande besteding van de middelen 2024 en verder",
    "Tabel 5 – Overzicht van geplande besteding per opgave",
)
# and, in reading order, each table with a "Bron:" line and its first row label (the tables
# have no caption: the heading above names them); the source is its sidecar's `source`.
SOURCED = (
    ("beslaglegging", "Gerealiseerde waarde (in miljoen euro's)"),
    ("uitspraken", "Schuldig"),
    ("vrijheidsstraffen", "< 1 jaar"),
)


def sidecar_source(root: Path, table_id: str) -> str:
    with (root / "tables" / f"{table_id}.toml").open("rb") as handle:
        return tomllib.load(handle)["source"]


def _kamerbrief_command() -> list[str]:
    script = Path(sys.executable).parent / "kamerbrief"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from kamerbrief.cli import run; run()"]


class Built:
    def __init__(self, root: Path, pdf: Path, other_pdf: Path):
        self.root = root
        self.pdf = pdf
        self.other_pdf = other_pdf
        self.report, _ = load_report(root)
        self._text: dict[str, str] = {}

    def text(self, layout: bool = False) -> str:
        """pdftotext output: pages separated by form feeds."""
        key = "layout" if layout else "raw"
        if key not in self._text:
            tool = shutil.which("pdftotext")
            if tool is None:
                pytest.skip("pdftotext missing: install poppler-utils")
            args = [tool, "-enc", "UTF-8", *(["-layout"] if layout else []), str(self.pdf), "-"]
            self._text[key] = subprocess.run(args, check=True, capture_output=True,
                                             text=True).stdout
        return self._text[key]

    def pages(self, layout: bool = False) -> list[str]:
        return self.text(layout).split("\f")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("pdf")
    root = copy_example(base / "example")
    other_root = copy_example(base / "elsewhere" / "deeper" / "example")
    other_out = base / "out-b"
    env = {**os.environ, "PYTHONHASHSEED": "4711", "NO_COLOR": "1"}
    other = subprocess.Popen(
        [*_kamerbrief_command(), "build", "--project", str(other_root), "--format", "pdf",
         "--out", str(other_out), "--quiet"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        result = run_cli("build", "--project", root, "--format", "pdf", "--out", base / "out-a",
                         "--quiet")
        out, _ = other.communicate(timeout=180)
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()
    assert result.exit_code == 0, result.output
    assert other.returncode == 0, out
    stem = "aanpak-ondermijnende-criminaliteit-2024"
    return Built(root, base / "out-a" / f"{stem}.pdf", other_out / f"{stem}.pdf")


def _normal(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- document level


def test_example_builds_to_a_pdf(built: Built) -> None:
    data = built.pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    with pikepdf.open(built.pdf) as pdf:
        assert len(pdf.pages) > 10


def test_two_builds_are_byte_identical(built: Built) -> None:
    # Built in another process, with another hash seed, from a copy at another path.
    assert built.pdf.read_bytes() == built.other_pdf.read_bytes()


def test_pdf_is_tagged_with_language_and_title(built: Built) -> None:
    title = built.report.config.title
    with pikepdf.open(built.pdf) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "nl-NL"
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo["/Title"]) == title
        with pdf.open_metadata() as meta:
            assert meta.get("dc:title") == title


def test_bookmarks_hold_the_chapter_titles(built: Built) -> None:
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items) -> None:
            for item in items:
                titles.append(_normal(item.title))
                walk(item.children)

        walk(outline.root)
    for chapter in built.report.chapters:
        assert any(chapter.title in t for t in titles), (chapter.title, titles)
    positions = [next(i for i, t in enumerate(titles) if c.title in t)
                 for c in built.report.chapters]
    assert positions == sorted(positions), "chapter bookmarks are out of reading order"


def test_every_font_is_embedded(built: Built) -> None:
    tool = shutil.which("pdffonts")
    if tool is None:
        pytest.skip("pdffonts missing: install poppler-utils")
    lines = subprocess.run([tool, str(built.pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    rows = lines[2:]  # header line and dashes
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object ID: read the flags from the right.
        fields = row.split()
        emb = fields[-5]
        assert emb == "yes", f"font not embedded: {row}"


# ---------------------------------------------------------------- text


TOC_LINE = re.compile(r"^\s*(?P<text>\S.*?)\s*\.{3,}\s*(?P<page>\d+)\s*$")


def _contents_from_the_sources() -> list[str]:
    """What the contents should list, read from the chapter files themselves (not through
    the code under test): each chapter's '# ' title ('Bijlage N – …' for an annex) and its
    '## ' sections."""
    root = Path(__file__).resolve().parent.parent
    entries: list[str] = []
    annexes = 0
    for rel in tomllib.loads((root / "kamerbrief.toml").read_text(encoding="utf-8"))["report"]["chapters"]:
        text = (root / rel).read_text(encoding="utf-8")
        title = re.search(r"^# (.+?)\s*$", text, re.M).group(1)
        if re.search(r"^kind:\s*annex\s*$", text, re.M):
            annexes += 1
            title = f"Bijlage {annexes} – {title}"
        entries += [title, *re.findall(r"^## (.+?)\s*$", text, re.M)]
    # printed with Dutch apostrophes; a phrase marked [words]{lang=en} prints its words
    return [re.sub(r"\[([^\]]*)\]\{lang=[\w-]+\}", r"\1", entry).replace("'", "’")
            for entry in entries]


def test_contents_lists_entries_with_correct_page_numbers(built: Built) -> None:
    pages = built.pages(layout=True)
    toc_page = next(p for p in pages if re.search(r"^\s*Inhoud\s*$", p, re.M))
    after = toc_page.split("Inhoud", 1)[1]
    lines = {m["text"]: int(m["page"]) for m in map(TOC_LINE.match, after.splitlines()) if m}
    expected = _contents_from_the_sources()
    assert list(lines)[: len(expected)] == expected
    numbers = [lines[text] for text in expected]
    assert numbers == sorted(numbers), "contents page numbers go backwards"
    for text, number in zip(expected, numbers, strict=True):
        # The printed number is the physical page (the cover is page 1): the heading is there.
        heading = text.split(" – ", 1)[-1]
        assert heading in _normal(pages[number - 1]), f"{text!r} not on page {number}"


def test_chapter_openings_have_no_running_header_and_the_colophon_a_verso(built: Built) -> None:
    pages = built.pages()
    title = "Aanpak georganiseerde, ondermijnende criminaliteit"
    root = Path(__file__).resolve().parent.parent
    chapters = tomllib.loads((root / "kamerbrief.toml").read_text(encoding="utf-8"))["report"]["chapters"]
    openings = [next(i for i, page in enumerate(pages) if page.strip().startswith(heading))
                for heading in ("Inleiding", "Voorkomen", "Verstoren", "Bestraffen", "Beschermen",
                                "Bijlage 1")]
    assert len(openings) == len(chapters)
    for index in openings:
        top = [line for line in pages[index].splitlines() if line.strip()][:3]
        assert not any(title in line for line in top), top
        assert title in pages[index + 1]  # the chapter's next page has the running header
    colophon = next(i for i, page in enumerate(pages) if page.strip().startswith("Colofon"))
    assert colophon == len([p for p in pages if p.strip()]) - 1  # the last page
    assert (colophon + 1) % 2 == 0  # a verso: an even page
    assert title not in pages[colophon] and not re.search(r"^\s*\d+\s*$", pages[colophon], re.M)


def test_list_of_tables_follows_the_contents_with_page_numbers(built: Built) -> None:
    """'Tabellen' stands right after the contents, each caption with the page it is on."""
    pages = built.pages(layout=True)
    contents = next(i for i, p in enumerate(pages) if re.search(r"^\s*Inhoud\s*$", p, re.M))
    listing = pages[contents + 1]
    assert re.search(r"^\s*Tabellen\s*$", listing, re.M)
    lines = {m["text"]: int(m["page"]) for m in map(TOC_LINE.match, listing.splitlines()) if m}
    assert list(lines) == list(CAPTIONS)
    for caption, number in lines.items():
        assert caption in _normal(pages[number - 1]), f"{caption!r} not on page {number}"


def test_table_captions_are_numbered_in_order(built: Built) -> None:
    text = _normal(built.text())
    assert [t.number for t in numbered_tables(built.report)] == list(range(1, len(CAPTIONS) + 1))
    position = 0
    for caption in CAPTIONS:
        found = text.find(caption, position)
        assert found >= 0, f"{caption!r} missing or out of order"
        position = found + len(caption)


def test_footnote_texts_appear_with_their_numbers(built: Built) -> None:
    text = _normal(built.text())
    footnotes = [d for c in built.report.chapters for d in c.footnotes.values() if d.number]
    assert footnotes, "the example has footnotes"
    for note in footnotes:
        body = _normal(" ".join(plain_text(b.children) for b in note.blocks
                                if isinstance(b, Paragraph)))
        assert f"{note.number}. {body}" in text, body


def test_source_lines_appear_under_their_tables(built: Built) -> None:
    text = _normal(built.text())
    placed = [built.report.tables[p.table_id] for _, p in built.report.placements]
    assert [t.id for t in placed if t.meta.source] == [table_id for table_id, _ in SOURCED]
    position = 0
    for table_id, first_label in SOURCED:  # in reading order, each after its own table
        first = _normal(dutch(first_label))  # a label prints with Dutch typography
        start = text.find(first, position)
        assert start >= 0, f"{first!r} missing or out of order"
        source = f"Bron: {sidecar_source(built.root, table_id)}"
        found = text.find(source, start)
        assert found >= 0, f"{source!r} not after {first!r}"
        position = found


def test_wide_table_is_on_a_landscape_page(built: Built) -> None:
    table = built.report.tables[WIDE_TABLE]
    assert len(table.numeric_columns) >= 11
    caption = CAPTIONS[0]
    pages = [_normal(p) for p in built.pages()]
    # The list of tables repeats the caption: the table's page also holds its first row.
    hits = [i for i, p in enumerate(pages) if caption in p and "Regeerakkoord 2017" in p]
    assert hits, caption
    with pikepdf.open(built.pdf) as pdf:
        def size(index: int) -> tuple[float, float]:
            page = pdf.pages[index]
            llx, lly, urx, ury = (float(v) for v in page.mediabox)
            width, height = urx - llx, ury - lly
            if int(page.obj.get("/Rotate", 0)) % 180:
                width, height = height, width
            return width, height

        width, height = size(hits[0])
        assert width > height, f"page {hits[0] + 1} is {width}×{height}"
        # An unnumbered table without caption: found by its first row label, its only text.
        narrow_label = _normal(dutch(dict(SOURCED)["beslaglegging"]))
        narrow_page = next(i for i, p in enumerate(pages) if narrow_label in p)
        width, height = size(narrow_page)
        assert width < height, "a narrow table should stay on a portrait page"


# ---------------------------------------------------------------- table tagging


def _struct_elements(pdf) -> list:
    seen: set[tuple[int, int]] = set()
    found = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            stack.append(node.K)
    return found


def _has_scope(element) -> bool:
    attributes = element.get("/A")
    if attributes is None:
        return False
    items = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in items)


def test_table_header_cells_are_tagged(built: Built) -> None:
    """Every <th> of the source is a /TH with a /Scope (WeasyPrint 70 gives none: the
    render/pdf_tags.py finisher adds them, /Column in the head and /Row in the body).

    Still upstream (WeasyPrint #2508, #2903): a table split over pages is tagged as one
    /Table per page (10 /Table for 8 tables on the example), so the count is a lower bound.
    """
    tables = numbered_tables(built.report)
    expected_th = sum(len(t.columns) + len(t.rows) + len(t.meta.header_groups) for t in tables)
    with pikepdf.open(built.pdf) as pdf:
        elements = _struct_elements(pdf)
        kinds = Counter(str(e.S) for e in elements)
        th = [e for e in elements if str(e.S) == "/TH"]
        scoped = sum(_has_scope(e) for e in th)
    assert kinds["/Table"] >= len(tables)
    assert len(th) >= expected_th, f"{len(th)} /TH for {expected_th} <th>"
    assert scoped == len(th), f"{len(th)} /TH elements, {scoped} with /Scope"
    with pikepdf.open(built.pdf) as pdf:
        scopes = Counter(str(a.get("/Scope")) for e in _struct_elements(pdf)
                         if str(e.S) == "/TH" for a in [e.get("/A")] if a is not None)
    assert scopes["/Column"] and scopes["/Row"], scopes
