"""A table a page break continues: "Tabel N (vervolg)" above the repeated header on every
page it continues on and nowhere else, a page that opens inside a group repeats the group's
label, and a short group is never split (render/pdf_continued.py, table_layout.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamerbrief.project import load_report
from kamerbrief.render import pdf as pdf_module
from kamerbrief.render.pdf_continued import rows_opening_pages, rows_to_label
from kamerbrief.render.table_layout import KEEP_GROUP_ROWS, continued_caption, table_layout

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="install poppler-utils to read the PDF's pages")

INTRO = "Een inleiding die de tabel aankondigt.\n\n"
AFTER = "# Daarna\n\nEen hoofdstuk na de tabel.\n"


def _grouped_csv(groups: int, rows: int) -> str:
    lines = ["Hoofdlijn;Post;2023;2024"]
    for group in range(groups):
        name = chr(ord("A") + group)
        for item in range(1, rows + 1):
            label = f"Groep {name}" if item == 1 else ""
            lines.append(f"{label};Post {name}{item};{group * 100 + item};{item * 3}")
    return "\n".join(lines) + "\n"


def _project(make_project: Callable[..., Path], groups: int, rows: int) -> Path:
    return make_project(
        chapters={"01.md": f"# Hoofdstuk\n\n{INTRO}{{{{tabel lang}}}}\n", "02.md": AFTER},
        tables={"lang.csv": _grouped_csv(groups, rows),
                "lang.toml": 'caption = "Lange tabel met groepen"\nunit = "in 1.000 euro"\n'
                             'source = "Testbron"\nlabels = 2\n'})


def _pages(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    """The PDF's pages as text, and how many times the report was laid out."""
    layouts = []
    real = pdf_module.render_html

    def counting(*args, **kwargs):
        layouts.append(kwargs.get("labelled_rows"))
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "render_html", counting)
    report, _ = load_report(root)
    path = root / "out.pdf"
    path.write_bytes(pdf_module.render_pdf(report))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f"), len(layouts)


def _table_pages(pages: list[str]) -> list[int]:
    return [i for i, page in enumerate(pages) if re.search(r"Post [A-Z]\d", page)]


@needs_pdftotext
def test_every_page_a_table_continues_on_says_so_and_names_the_group(
        make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = 3 * KEEP_GROUP_ROWS  # too long to keep on one page
    pages, layouts = _pages(_project(make_project, groups=3, rows=rows), monkeypatch)
    on = _table_pages(pages)
    assert len(on) >= 2, "the table should run over pages"
    first, *continued = on
    assert "Tabel 1 – Lange tabel met groepen" in pages[first]
    assert "(vervolg)" not in pages[first]
    for index in continued:
        lines = [line.strip() for line in pages[index].splitlines() if line.strip()]
        heading = next(i for i, line in enumerate(lines) if line.startswith("Hoofdlijn"))
        assert lines[heading - 1] == "Tabel 1 (vervolg)", lines[:heading + 1]
        # the first row under the repeated header names its group
        row = lines[heading + 1]
        post = re.search(r"Post ([A-Z])\d+", row)
        assert post and row.startswith(f"Groep {post.group(1)}"), row
        # and the label stands once per group on the page
        for name in {m for m in re.findall(r"Post ([A-Z])\d", pages[index])}:
            assert pages[index].count(f"Groep {name}") == 1, (index, name)
    # the page after the table does not continue it
    after = next(i for i, page in enumerate(pages) if "Een hoofdstuk na de tabel" in page)
    assert after > on[-1] and "(vervolg)" not in pages[after]
    assert layouts == 2, "a break inside a group lays the report out once more"


@needs_pdftotext
def test_a_short_group_stays_on_one_page_and_needs_no_second_layout(
        make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    rows = KEEP_GROUP_ROWS - 2
    pages, layouts = _pages(_project(make_project, groups=12, rows=rows), monkeypatch)
    on = _table_pages(pages)
    assert len(on) >= 2
    for index in on[1:]:
        assert "Tabel 1 (vervolg)" in pages[index]
        first = re.search(r"Post ([A-Z])(\d+)", pages[index])
        assert first and first.group(2) == "1", f"page {index + 1} opens inside a group"
    for index in on:
        groups = re.findall(r"Post ([A-Z])\d+", pages[index])
        for name in set(groups):
            assert groups.count(name) == rows, f"group {name} split over pages"
    assert layouts == 1


def test_the_rows_that_open_a_page_are_read_from_the_marks() -> None:
    pages = [["0 0 t", "0 1 t", "0 0 u"], ["0 2 t", "0 3 t", "0 1 u"], [], ["0 4 t"],
             ["1 0 t", "bad mark"]]
    assert rows_opening_pages(pages) == {("t", 0, 2), ("u", 0, 1), ("t", 0, 4)}


def test_only_a_row_below_its_groups_first_row_gets_the_label(
        make_project: Callable[..., Path]) -> None:
    root = _project(make_project, groups=2, rows=4)
    report, _ = load_report(root)
    # row 0 and 4 print their group label already; 2 is inside group A; 9 does not exist
    wanted = {("lang", 0, 0), ("lang", 0, 2), ("lang", 0, 4), ("lang", 0, 9), ("x", 0, 1)}
    assert rows_to_label(report, wanted) == {("lang", 0, 2)}


def test_the_continued_caption_is_short(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": "# H\n\n{{tabel n}}\n\n{{tabel u}}\n"},
                        tables={"n.csv": "Post;2024\nA;1\n",
                                "n.toml": 'caption = "Een titel van heel veel woorden lang"\n'
                                          'unit = "x"\n',
                                "u.csv": "Post;2024\nA;1\n",
                                "u.toml": 'caption = "Een titel van heel veel woorden lang"\n'
                                          'unit = "x"\nnumbered = false\n'})
    report, _ = load_report(root)
    numbered, unnumbered = report.tables["n"], report.tables["u"]
    assert continued_caption(numbered, report, table_layout(numbered, report)) == \
        "Tabel 1 (vervolg)"
    assert continued_caption(unnumbered, report, table_layout(unnumbered, report)) == \
        "Een titel van heel veel … (vervolg)"


def test_rows_of_a_short_group_keep_together_and_a_long_group_may_break(
        make_project: Callable[..., Path]) -> None:
    """The rule itself, which the PDF (class keep-next) and the DOCX (keepNext) both follow:
    a group of KEEP_GROUP_ROWS rows keeps each row with the next; a longer one only at the
    table's edges."""
    short, long_ = KEEP_GROUP_ROWS, KEEP_GROUP_ROWS + 1
    csv = _grouped_csv(2, short).splitlines()
    longer = _grouped_csv(3, long_).splitlines()[1:]
    root = make_project(chapters={"01.md": "# H\n\n{{tabel t}}\n"},
                        tables={"t.csv": "\n".join(csv + longer[2 * long_:]) + "\n",
                                "t.toml": 'caption = "T"\nunit = "x"\nlabels = 2\n'})
    report, _ = load_report(root)
    table = report.tables["t"]
    layout = table_layout(table, report)
    kept = [i for i in range(len(table.rows)) if layout.keep_row(table.rows, i)]
    end = len(table.rows)
    # groups A (0–7) and B (8–15) whole, the break free between them and inside C (16–24)
    # but for C's last three rows, the table's edge
    assert kept == [*range(0, short - 1), *range(short, 2 * short - 1), *range(end - 3, end)]



@needs_pdftotext
def test_a_landscape_table_that_opens_its_page_is_not_called_continued_there(
        make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide table starts a landscape page of its own, its caption the page's first line;
    only the pages after that one say "(vervolg)"."""
    years = [str(year) for year in range(2015, 2027)]
    lines = ["Post;" + ";".join(years)]
    lines += [f"Post Z{n};" + ";".join(str(n * k) for k in range(1, 13)) for n in range(1, 70)]
    root = make_project(
        chapters={"01.md": f"# Hoofdstuk\n\n{INTRO}{{{{tabel breed}}}}\n", "02.md": AFTER},
        tables={"breed.csv": "\n".join(lines) + "\n",
                "breed.toml": 'caption = "Brede tabel"\nunit = "in 1.000 euro"\n'})
    pages, layouts = _pages(root, monkeypatch)
    on = _table_pages(pages)
    assert len(on) >= 2
    assert "Tabel 1 – Brede tabel" in pages[on[0]] and "(vervolg)" not in pages[on[0]]
    for index in on[1:]:
        assert "Tabel 1 (vervolg)" in pages[index]
    assert layouts == 1


@needs_pdftotext
@settings(max_examples=10)
@given(sizes=st.lists(st.integers(1, 3 * KEEP_GROUP_ROWS), min_size=2, max_size=5),
       intro=st.integers(0, 30))
def test_any_grouped_table_keeps_every_row_and_names_its_group_on_every_page(
        sizes: list[int], intro: int) -> None:
    """Whatever the group sizes and wherever the table starts on its page: every row is
    printed once, every page the table continues on says "(vervolg)", and its first row
    under the repeated header names its group."""
    import tempfile

    from conftest import write_project

    lines = ["Hoofdlijn;Post;2023"]
    for group, size in enumerate(sizes):
        for item in range(1, size + 1):
            lines.append(f"{f'Groep {group}' if item == 1 else ''};Post {group}x{item};{item}")
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(
            Path(folder),
            chapters={"01.md": "# H\n\n" + "Een regel tekst voor de tabel.\n\n" * intro
                      + "{{tabel g}}\n", "02.md": AFTER},
            tables={"g.csv": "\n".join(lines) + "\n",
                    "g.toml": 'caption = "Groepen"\nunit = "x"\nlabels = 2\n'})
        report, _ = load_report(root)
        path = root / "out.pdf"
        path.write_bytes(pdf_module.render_pdf(report))
        pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                               capture_output=True, text=True).stdout.split("\f")
    printed = re.findall(r"Post (\d+)x(\d+)\b", "\n".join(pages))
    expected = [(str(g), str(i)) for g, size in enumerate(sizes) for i in range(1, size + 1)]
    assert printed == expected, "a row lost, doubled or out of order"
    on = [i for i, page in enumerate(pages) if re.search(r"Post \d+x\d+", page)]
    for index in on[1:]:
        lines_on = [line.strip() for line in pages[index].splitlines() if line.strip()]
        heading = next(i for i, line in enumerate(lines_on) if line.startswith("Hoofdlijn"))
        assert lines_on[heading - 1] == "Tabel 1 (vervolg)", lines_on[:heading + 1]
        group = re.search(r"Post (\d+)x", lines_on[heading + 1])
        assert group and lines_on[heading + 1].startswith(f"Groep {group.group(1)}"), \
            (sizes, intro, lines_on[heading + 1])


@needs_pdftotext
def test_real_tables_say_continued_on_exactly_the_pages_they_continue_on(
        tmp_path: Path) -> None:
    """The real tables of tests/fixtures/real-tables (Rijksbegroting, CBS, municipal
    budgets), laid out as the build lays them out: a table whose tagged content runs over
    several pages says "Tabel N (vervolg)" on each page after its first, and on no other
    page. Where a table runs is read from the PDF's structure tree, its text per page with
    pdftotext."""
    import pikepdf

    from conftest import EXAMPLE_ROOT, copy_project
    from test_pdf_accessibility import Tree

    root = copy_project(EXAMPLE_ROOT / "tests" / "fixtures" / "real-tables", tmp_path / "real")
    report, _ = load_report(root)
    path = tmp_path / "real.pdf"
    path.write_bytes(pdf_module.render_pdf(report, draft=True))
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    with pikepdf.open(path) as pdf:
        tree = Tree(pdf)
        spans = [sorted({page for page, _ in tree.contents(table)}) for table in tree.of("Table")]
    numbered = [report.tables[p.table_id] for _, p in report.placements]
    assert len(spans) == len(numbered) and all(t.number for t in numbered)
    continued = 0
    for table, on in zip(numbered, spans, strict=True):
        marked = [i for i, page in enumerate(pages) if f"Tabel {table.number} (vervolg)" in page]
        assert marked == on[1:], (table.id, on, marked)
        continued += len(on) > 1
    assert continued >= 3, "the fixture holds tables over two pages"


@needs_pdftotext
def test_the_running_head_keeps_the_title_on_one_line_beside_a_long_chapter_name(
        make_project: Callable[..., Path]) -> None:
    """The running head shares its line with the continued-table caption's margin box; its
    two sides are as wide as their texts need (render/running_head.py): a short chapter name
    and the title each on one line, and where both do not fit, the title still does."""
    from kamerbrief.render.running_head import left_share

    title = "Aanpak georganiseerde, ondermijnende criminaliteit"
    long_name = "Aanpak van criminele geldstromen, witwassen en ondergronds bankieren in Nederland"
    filler = "Een alinea met wat tekst om de pagina te vullen.\n\n" * 70
    for name, both_fit in (("Verstoren", True), (long_name, False)):
        root = make_project(chapters={"01.md": f"# {name}\n\n{filler}"}, title=title)
        report, _ = load_report(root)
        share = left_share(report)
        assert (share == 30) == both_fit, share
        path = root / "out.pdf"
        path.write_bytes(pdf_module.render_pdf(report))
        pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                               capture_output=True, text=True).stdout.split("\f")
        head = pages[3].strip().splitlines()[:3]  # a page after the chapter's opening
        assert any(line.rstrip().endswith(title) for line in head), head
        assert any(name in line for line in head) == both_fit, head
