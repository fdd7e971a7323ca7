"""`numbered = false`: a table placed without "Tabel N", not counted, not listed.

The publication's statistics are graphics under a heading; rebuilt as tables they must not
push the annex's Tabel 1–5 to 4–8. Everything else about the table (sums, unit, source,
quoted values) works as for any table.
"""

from __future__ import annotations

import io
import zipfile

from conftest import SIDECAR, check, codes, describe, load, one, run_cli
from kamerbrief.render.docx import render_docx
from kamerbrief.render.html import render_html

CSV = "Post;2023\nA;1\nB;2\nTOTAAL;3\n"
LOOSE = 'numbered = false\nunit = "aantal"\nsource = "Testbron"\n'  # no caption: allowed
CHAPTER = ("# Een\n\n#### Kerncijfers\n\n{{tabel kern}}\n\n{{tabel t}}\n\n"
           "Zie [tabel](#t) en [de kerncijfers](#kern): {{waarde kern | TOTAAL | 2023}}.\n")


def project(make_project, chapter: str = CHAPTER, loose: str = LOOSE):
    return make_project(chapters={"01.md": chapter},
                        tables={"kern.csv": CSV, "kern.toml": loose, "t.csv": CSV, "t.toml": SIDECAR})


def test_an_unnumbered_table_is_placed_but_not_counted(make_project) -> None:
    root = project(make_project)
    report, _ = load(root)
    assert report.tables["kern"].placed and report.tables["kern"].number == 0
    assert report.tables["t"].number == 1  # the one after it is still Tabel 1
    assert [p.table_id for _, p in report.placements] == ["kern", "t"]
    findings = check(root)
    assert findings == [], describe(findings)


def test_numbered_must_be_true_or_false(make_project) -> None:
    finding = one(check(project(make_project, loose='numbered = "nee"\n')), "KB114")
    assert "'numbered' must be true or false" in finding.message
    assert (finding.location.path, finding.location.line) == ("tables/kern.toml", 1)


def test_a_reference_by_number_to_it_is_kb209(make_project) -> None:
    chapter = CHAPTER.replace("[de kerncijfers](#kern)", "[Tabel](#kern)")
    finding = one(check(project(make_project, chapter)), "KB209")
    assert finding.message == ("[Tabel](#kern) needs a table number, but table 'kern' has "
                               "numbered = false")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 9)
    assert "[de tabel hieronder](#kern)" in finding.hint


def test_a_numbered_table_still_needs_a_caption(make_project) -> None:
    findings = check(project(make_project, loose='unit = "aantal"\nsource = "Testbron"\n'))
    assert codes(findings) == ["KB206"]  # kern, now numbered, has none


def test_placing_it_twice_is_kb201_without_a_number(make_project) -> None:
    finding = one(check(project(make_project, CHAPTER + "\n{{tabel kern}}\n")), "KB201")
    assert finding.message == "table 'kern' is placed twice"


def test_never_placed_is_still_kb203(make_project) -> None:
    findings = check(project(make_project, "# Een\n\n{{tabel t}}\n"))
    assert codes(findings) == ["KB203"] and "'kern'" in findings[0].message


def test_html_shows_no_label_and_lists_only_numbered_tables(make_project) -> None:
    root = project(make_project)
    config = root / "kamerbrief.toml"
    config.write_text(config.read_text(encoding="utf-8")
                      .replace("[report]\n", "[report]\nlist_of_tables = true\n"), encoding="utf-8")
    report, _ = load(root)
    page = render_html(report)
    kern = page[page.index('id="tabel-kern"'):page.index('id="tabel-t"')]
    assert "<figcaption" not in kern and "Tabel" not in kern
    assert "Tabel 1</span> – Testtabel" in page
    listed = page[page.index('id="lijst-tabellen"'):page.index("<main>")]  # after the contents
    assert "Testtabel" in listed and "tabel-kern" not in listed
    assert 'href="#tabel-kern"' in page  # the link in words of its own


def test_docx_gives_it_no_seq_field_and_a_target_for_links(make_project) -> None:
    report, _ = load(project(make_project))
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert body.count("SEQ Tabel") == 1
    assert body.count('w:name="_RefTabelZonderNr1"') == 1  # around its first header cell
    assert 'w:anchor="_RefTabelZonderNr1"' in body  # [de kerncijfers](#kern)


def test_the_tables_command_marks_it(make_project) -> None:
    result = run_cli("tables", "--project", project(make_project))
    assert result.exit_code == 0, result.output
    kern = next(line for line in result.output.splitlines() if "kern" in line)
    assert kern.split()[1] == "–"


def test_screen_readers_get_the_heading_as_its_name(make_project) -> None:
    """Without a caption, the heading above the table names it: aria-label in HTML,
    Word's alt-text title (w:tblCaption) in the DOCX, where a numbered table has its caption."""
    report, _ = load(project(make_project))
    assert report.tables["kern"].heading == "Kerncijfers"
    page = render_html(report)
    assert '<table aria-label="Kerncijfers">' in page
    assert page.count("<table aria-label") == 1  # the captioned table is named by its caption
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert '<w:tblCaption w:val="Kerncijfers"/>' in body
    assert '<w:tblCaption w:val="Tabel 1 – Testtabel"/>' in body


def test_the_tables_command_names_it_by_its_heading(make_project) -> None:
    result = run_cli("tables", "--project", project(make_project))
    assert "under: Kerncijfers" in result.output
