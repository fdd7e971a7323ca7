"""`kamerbrief check` reports a table no page can hold (KB121), measured as the build measures
it, with the house font's advance widths packaged in render/fira_widths.json."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from conftest import EXAMPLE_ROOT, SIDECAR, chapter_with_table, check, one, only, run_cli, table_project
from kamerbrief.checks.table_fit import check_table_fit
from kamerbrief.project import load_report
from kamerbrief.render.font_widths import FONT_FILES, installed_fonts, packaged
from kamerbrief.render.table_layout import FONT_STEPS, table_layout, text_mm, too_wide

REGENERATE = ".venv/bin/python -m kamerbrief.render.font_widths"
# One word no column can wrap: wider than a landscape page at the smallest font.
ENDLESS = "Onderdeel" + "verantwoordingsgegevens" * 9
TOO_WIDE_CSV = f"Post;2024\n{ENDLESS};1.000\nTotaal;1.000\n"
YEARS = [str(year) for year in range(2013, 2038)]
SPLIT_CSV = "Onderdeel;" + ";".join(f"Begroting {y}" for y in YEARS) + "\n" + "".join(
    f"Post {n};" + ";".join(f"{n * 1_000_003 + i * 7:,}".replace(",", ".") for i in range(len(YEARS)))
    + "\n" for n in range(1, 6))


def test_the_packaged_widths_are_those_of_the_installed_fonts() -> None:
    """A font upgrade that changes a width fails here, until the table is regenerated."""
    for name, font in installed_fonts().items():
        bold = name == FONT_FILES[True]
        ours = packaged(bold)
        changed = sorted(code for code in set(font.advances) | set(ours.advances)
                         if font.advances.get(code) != ours.advances.get(code))
        assert ours.units_per_em == font.units_per_em and not changed, (
            f"the installed {name} differs from render/fira_widths.json "
            f"({len(changed)} characters, e.g. {[chr(c) for c in changed[:10]]}, or units per "
            f"em): regenerate the table with `{REGENERATE}` and commit it")


def _old_text_mm(text: str, font_pt: float, bold: bool) -> float:
    """text_mm as it measured before the widths were packaged: fontTools on the font file."""
    from fontTools.ttLib import TTFont

    from kamerbrief.render.style import font_folders

    font = TTFont(str(font_folders()[0] / FONT_FILES[bold]), lazy=True)
    metrics, per_em = font["hmtx"], font["head"].unitsPerEm
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    digit = max(widths.get(ord(d), per_em // 2) for d in "0123456789")
    units = sum(digit if c.isdigit() else widths.get(ord(c), per_em * 0.6) for c in text)
    return units / per_em * font_pt * 25.4 / 72


@pytest.mark.parametrize("bold", [False, True])
def test_text_mm_measures_as_the_font_files_do(bold: bool) -> None:
    for text in ["Onderdeel", "1.234.567", "−12,5%", "Ĳsselmeer € 3,2 mln.*", "p.m.", "–",
                 "“Preventie met gezag” (vervolg)", "Loon- en prijsbijstelling", "≤ ½ ‰ ™", ENDLESS]:
        for font_pt in FONT_STEPS:
            assert text_mm(text, font_pt, bold) == pytest.approx(_old_text_mm(text, font_pt, bold),
                                                                 abs=1e-9), text


def test_a_table_no_page_can_hold_is_an_error_of_check(make_project) -> None:
    root = table_project(make_project, TOO_WIDE_CSV)
    finding = one(check(root), "KB121")
    assert finding.severity.value == "error"
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 1)
    match = re.fullmatch(r"table 't' does not fit a landscape page even split into parts at "
                         r"6\.5 pt: (\d+) mm too wide", finding.message)
    assert match and int(match.group(1)) > 0, finding.message
    assert f"shorten the longest words of its labels ('{ENDLESS[:40]}')" in finding.hint
    assert "labels = … in its sidecar" in finding.hint
    result = run_cli("check", "--project", root)
    assert result.exit_code == 1 and "KB121" in result.output, result.output


def test_check_and_build_measure_and_word_it_alike(make_project) -> None:
    """The finding is the build's refusal in other words: the same overflow as the layout
    that would split the table, the same problem and fix."""
    report, _ = load_report(table_project(make_project, TOO_WIDE_CSV))
    (problem,) = too_wide(report)
    assert problem.overflow_mm == table_layout(report.tables["t"], report).overflow_mm > 0
    (finding,) = check_table_fit(report)
    assert finding.message == f"table 't' {problem.problem}" and finding.hint == problem.fix
    assert str(problem) == (f"table 't' (tables/t.csv) {problem.problem}. "
                            f"S{problem.fix[1:]}")


def test_the_finding_names_a_workbook_and_its_header_row(make_project) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Overzicht"  # a title above the table: its header is on row 3
    for row, values in enumerate([["Post", 2024], [ENDLESS, 1000], ["Totaal", 1000]], start=3):
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    data = io.BytesIO()
    book.save(data)
    root = make_project(chapters={"01.md": chapter_with_table("t")},
                        tables={"t.xlsx": data.getvalue(), "t.toml": SIDECAR})
    report, _ = load_report(root)
    finding = one(check(root), "KB121")
    assert (finding.location.path, finding.location.line) == \
        ("tables/t.xlsx", report.tables["t"].header_line)


def test_the_example_has_no_table_too_wide() -> None:
    report, _ = load_report(EXAMPLE_ROOT)
    assert report.placements and list(check_table_fit(report)) == []


def test_a_table_that_fits_split_into_parts_is_no_finding(make_project) -> None:
    root = table_project(make_project, SPLIT_CSV)
    report, _ = load_report(root)
    layout = table_layout(report.tables["t"], report)
    assert len(report.tables["t"].numeric_columns) == 25 and len(layout.parts) > 1
    assert layout.overflow_mm == 0
    assert only(check(root), "KB121") == []



def test_build_stops_at_the_check_before_any_output(make_project, tmp_path) -> None:
    """An error like any other: nothing is built, the HTML neither, unless --force (or a
    project that publishes only HTML sets KB121 to a warning: tests/test_no_lost_columns.py)."""
    root = table_project(make_project, TOO_WIDE_CSV)
    out = tmp_path / "out"
    result = run_cli("build", "--project", root, "--format", "html", "--out", out)
    assert result.exit_code == 1 and "KB121" in result.output, result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_table_placed_twice_is_reported_once(make_project) -> None:
    """The second placement is KB201's finding; KB121 is about the table, said once."""
    chapter = "# H\n\n{{tabel t}}\n\nTekst.\n\n{{tabel t}}\n"
    root = table_project(make_project, TOO_WIDE_CSV, chapters={"01.md": chapter})
    findings = check(root)
    assert len(only(findings, "KB201")) == 1 and len(only(findings, "KB121")) == 1
