"""No column is ever lost: every figure of every table stands inside the page in the PDF.

A column that runs past the page edge is data gone without a word. Measured on the printed
PDF itself (pdftotext's word boxes): no word of a page reaches into its right margin, and
every header and figure of every table is printed. On the real Kamer tables of
tests/fixtures/real-tables (up to 9 figure columns, long headers) and on a table too wide
for any page, which must split into parts with "(vervolg)".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_project, write_project
from kamerbrief.project import load_report
from kamerbrief.render.common import cell_text, column_heading
from kamerbrief.render.pdf import render_pdf
from kamerbrief.render.table_layout import FONT_STEPS, table_layout, text_mm

REAL_TABLES = Path(__file__).resolve().parent / "fixtures" / "real-tables"
RIGHT_MARGIN_PT = 20 * 72 / 25.4  # style.css: 20 mm, portrait and landscape
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')

YEARS = [str(year) for year in range(2018, 2038)]
WIDE_CSV = "Onderdeel;" + ";".join(f"Begroting {y}" for y in YEARS) + "\n" + "".join(
    f"Post {n};" + ";".join(f"{n * 1_000_003 + i * 7:,}".replace(",", ".") for i in range(len(YEARS)))
    + "\n" for n in range(1, 6))


@dataclass
class Printed:
    pages: list[tuple[float, list[tuple[float, float, str]]]]  # page width, words

    def words(self) -> Counter[str]:
        return Counter(text for _, words in self.pages for _, _, text in words)

    def text(self) -> str:
        return " ".join(text for _, words in self.pages for _, _, text in words)


def _printed(pdf: bytes, tmp: Path) -> Printed:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext missing: install poppler-utils")
    (tmp / "out.pdf").write_bytes(pdf)
    subprocess.run([tool, "-bbox", str(tmp / "out.pdf"), str(tmp / "out.html")], check=True)
    pages = []
    for page in (tmp / "out.html").read_text(encoding="utf-8").split("<page ")[1:]:
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        words = [(float(a), float(b), _unescape(t)) for a, b, t in WORD.findall(page)]
        pages.append((width, words))
    return Printed(pages)


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace(
        "&quot;", '"').replace("&#39;", "'")


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> tuple[object, Printed]:
    root = copy_project(REAL_TABLES, tmp_path_factory.mktemp("real"))
    report, _ = load_report(root)
    return report, _printed(render_pdf(report, draft=True), tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def wide(tmp_path_factory) -> tuple[object, Printed]:
    root = write_project(
        tmp_path_factory.mktemp("wide") / "project",
        chapters={"01.md": "# Meerjarenraming\n\n{{tabel breed}}\n"},
        tables={"breed.csv": WIDE_CSV,
                "breed.toml": 'caption = "Meerjarige begroting"\nunit = "in euro"\n'})
    report, _ = load_report(root)
    return report, _printed(render_pdf(report), tmp_path_factory.mktemp("pdf"))


def _assert_inside_the_page(printed: Printed) -> None:
    outside = [(number, text) for number, (width, words) in enumerate(printed.pages, 1)
               for _, right, text in words if right > width - RIGHT_MARGIN_PT + 1]
    assert outside == [], f"printed in the right margin or beyond: {outside[:10]}"


def _assert_every_figure_printed(report, printed: Printed) -> None:
    words = printed.words()
    for table in report.tables.values():
        if not table.placed:
            continue
        expected: Counter[str] = Counter()
        for column in table.numeric_columns:
            expected.update(column_heading(table, column).split())
            for row in table.rows:
                expected.update(cell_text(row.cells[column], table, column, report).split())
        missing = expected - words
        assert not missing, f"{table.id}: not printed {sorted(missing)[:10]}"


def test_every_real_table_stays_inside_the_page(real) -> None:
    _assert_inside_the_page(real[1])


def test_every_header_and_figure_of_the_real_tables_is_printed(real) -> None:
    _assert_every_figure_printed(*real)


def test_a_table_too_wide_for_any_page_splits_with_its_labels_repeated(wide) -> None:
    report, printed = wide
    layout = table_layout(report.tables["breed"], report)
    assert layout.landscape and layout.font_pt == FONT_STEPS[-1] and len(layout.parts) > 1
    assert [column for part in layout.parts for column in part] == \
        report.tables["breed"].numeric_columns  # every column once, in order
    _assert_inside_the_page(printed)
    _assert_every_figure_printed(report, printed)
    text = printed.text()
    assert text.count("(vervolg)") == len(layout.parts) - 1
    assert printed.words()["Post"] >= 5 * len(layout.parts)  # the labels in every part


def test_the_measure_is_the_printed_width(wide) -> None:
    """The layout measures with the house font's own advance widths: each figure as printed
    is no wider than measured, and not much narrower, so the fit is neither a guess that
    happens to pass nor wasteful."""
    report, printed = wide
    font_pt = table_layout(report.tables["breed"], report).font_pt
    figures = [(right - left, text) for _, words in printed.pages for left, right, text in words
               if re.fullmatch(r"\d{1,3}(\.\d{3})+", text)]
    assert len(figures) >= 100
    for width_pt, text in figures:
        measured = text_mm(text, font_pt) * 72 / 25.4
        assert width_pt <= measured * 1.03, (text, width_pt, measured)  # tabular digits
        assert width_pt >= measured * 0.85, (text, width_pt, measured)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_tables(data: bytes) -> list[tuple[int, int, str]]:
    """(text width of its section, table width, text) of every table, in twips."""
    import io
    import zipfile

    from lxml import etree

    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))[0]
    found, pending = [], []
    for element in body:
        section = element.find(f"{W}pPr/{W}sectPr") if element.tag == f"{W}p" else (
            element if element.tag == f"{W}sectPr" else None)
        style = element.find(f"{W}tblPr/{W}tblStyle")
        if element.tag == f"{W}tbl" and style is not None and style.get(f"{W}val") == "Financieletabel":
            grid = sum(int(column.get(f"{W}w")) for column in element.find(f"{W}tblGrid"))
            pending.append((grid, "".join(t.text or "" for t in element.iter(f"{W}t"))))
        if section is not None:
            page, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
            width = int(page.get(f"{W}w")) - int(margins.get(f"{W}left")) - \
                int(margins.get(f"{W}right"))
            found += [(width, grid, text) for grid, text in pending]
            pending = []
    return found


@pytest.mark.parametrize("which", ["real", "wide"])
def test_every_docx_table_fits_its_section_with_every_figure(request, which: str) -> None:
    from kamerbrief.render.docx import render_docx

    report, _ = request.getfixturevalue(which)
    data = render_docx(report)
    tables = _docx_tables(data)
    assert tables and all(grid <= width for width, grid, _ in tables), tables
    text = " ".join(text for _, _, text in tables)
    for table in report.tables.values():
        for column in table.numeric_columns:
            for row in table.rows:
                printed = cell_text(row.cells[column], table, column, report)
                assert printed in text, (table.id, column, printed)
    if which == "wide":
        layout = table_layout(report.tables["breed"], report)
        assert len(tables) == len(layout.parts)
        import io
        import zipfile

        document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert document.count("(vervolg)") == len(layout.parts) - 1


def test_the_parts_read_the_same_in_html_and_docx(wide) -> None:
    from kamerbrief.render.docx import render_docx
    from kamerbrief.render.html import render_html
    from test_output_agreement import assert_same, docx_blocks, html_blocks

    report, _ = wide
    assert_same(docx_blocks(render_docx(report))[0], html_blocks(render_html(report))[0])


def test_a_subtotal_or_total_row_keeps_with_the_row_above_in_every_output(make_project) -> None:
    """No SUBTOTAAL or TOTAAL row alone at the top of a page: the row above keeps with it,
    the same rows in the PDF (class keep-next) and the DOCX (keepNext)."""
    import io
    import zipfile

    from kamerbrief.render.docx import render_docx
    from kamerbrief.render.html import render_html

    items = "".join(f"Post {n};{n}\n" for n in range(1, 21))
    csv = f"Post;2023\n{items}SUBTOTAAL;210\n{items}SUBTOTAAL;210\nTOTAAL;420\n"
    root = make_project(chapters={"01.md": "# H\n\n{{tabel t}}\n"},
                        tables={"t.csv": csv, "t.toml": 'caption = "Lang"\nunit = "x"\n'})
    report, _ = load_report(root)
    table = report.tables["t"]
    layout = table_layout(table, report)
    assert not layout.keep_whole
    kept = [i for i in range(len(table.rows)) if layout.keep_row(table.rows, i)]
    # rows 0–19 items, 20 SUBTOTAAL, 21–40 items, 41 SUBTOTAAL, 42 TOTAAL: the first three
    # together, the row before each SUBTOTAAL/TOTAAL, the last three
    assert kept == [0, 1, 19, 40, 41, 42]
    marked = [i for i, row in enumerate(render_html(report).split("<tbody>", 1)[1]
                                        .split("</tbody>", 1)[0].split("<tr ")[1:])
              if "keep-next" in row.split(">", 1)[0]]
    assert marked == kept
    document = zipfile.ZipFile(io.BytesIO(render_docx(report))).read("word/document.xml").decode()
    table_xml = document[document.index("Post 1<"):]
    rows = table_xml.split("<w:tr>")[0:1] + table_xml.split("<w:tr>")[1:]
    keep_next = [i for i, row in enumerate(rows[:len(table.rows)]) if "<w:keepNext/>" in row]
    assert keep_next == kept


def test_a_table_no_page_can_hold_stops_the_paged_build_and_says_why(make_project, tmp_path) -> None:
    """Labels wider than a landscape page even at the smallest font leave no room for a
    figure: the PDF and DOCX would lose columns, so nothing is written and the table is
    named. The HTML, which scrolls, still builds. ``check`` reports it first (KB121,
    tests/test_table_fit.py); here it is a warning, so the build's own refusal is tested."""
    from conftest import SIDECAR, chapter_with_table, run_cli

    label = "Onderdeel" + "verantwoordingsgegevens" * 9
    root = make_project(chapters={"01.md": chapter_with_table("breed")},
                        tables={"breed.csv": f"Post;2024\n{label};1.000\nTotaal;1.000\n",
                                "breed.toml": SIDECAR},
                        extra_config='[checks.severity]\nKB121 = "warning"\n')
    out = tmp_path / "out"
    for fmt in ("pdf", "docx"):
        result = run_cli("build", "--project", root, "--format", fmt, "--out", out)
        assert result.exit_code != 0, result.output
        message = " ".join(result.output.split())
        assert "table 'breed' (tables/breed.csv) does not fit a landscape page" in message
        assert "Shorten the longest words of its labels" in message
        assert not out.exists() or not any(out.iterdir())
    assert run_cli("build", "--project", root, "--format", "html", "--out", out).exit_code == 0
    fitting = make_project(chapters={"01.md": chapter_with_table("smal")},
                           tables={"smal.csv": "Post;2024\nOnderdeel;1.000\nTotaal;1.000\n",
                                   "smal.toml": SIDECAR})
    report, _ = load_report(fitting)
    from kamerbrief.render.table_layout import too_wide

    assert too_wide(report) == []
