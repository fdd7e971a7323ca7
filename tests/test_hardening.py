"""The fixes behind the bad-input corpus (tests/bad_inputs/), tested in-process.

Each test names the corpus case that shows the same fix through the real CLI.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

from rich.console import Console

from conftest import SIDECAR, chapter_with_table, check, describe, one, only, run_cli, table_project
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import RowKind, SourceLocation
from kamerbrief.numbers import format_number
from kamerbrief.project import load_report
from kamerbrief.render.xml_safe import xml_safe_copy, xml_text
from kamerbrief.report_output import print_findings

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6"
                    "b5e00000000049454e44ae426082")


def test_inline_footnote_is_kb303_not_a_crash(make_project) -> None:  # md-inline-footnote
    findings = check(make_project(chapters={"01.md": "# T\n\nTekst^[een noot] erin.\n"}))
    finding = one(findings, "KB303")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 3)
    assert "[^1]" in finding.hint


def test_link_to_a_missing_file_is_kb406(make_project) -> None:  # link-missing-file
    root = make_project(chapters={"01.md": "# T\n\nLees [dit](bijlagen/weg.pdf) en "
                                            "[dat](bijlagen/er.pdf#p2).\n"},
                        files={"bijlagen/er.pdf": b"%PDF"})
    finding = one(check(root), "KB406")
    assert "bijlagen/weg.pdf" in finding.message and finding.location.line == 3


def test_links_to_the_web_and_anchors_are_not_kb406(make_project) -> None:
    root = make_project(chapters={"01.md": "# T\n\n[a](https://x.nl/) [b](mailto:a@b.nl) "
                                            "[c](#t) [d](//x.nl/y) [e](tel:0701234567)\n"})
    findings = check(root)
    assert only(findings, "KB406") == [] and only(findings, "KB405") == [], describe(findings)


def test_link_out_of_the_project_is_kb405(make_project) -> None:  # link-outside
    root = make_project(chapters={"01.md": "# T\n\n[a](../geheim.docx) [b](/etc/passwd)\n"})
    assert len(only(check(root), "KB405")) == 2


def test_table_symlink_out_of_the_project_is_refused_unread(make_project, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.csv"
    secret.write_text("Wachtwoord;2023\nhunter2;1\n", encoding="utf-8")
    root = make_project()
    (root / "tables").mkdir()
    (root / "tables" / "geheim.csv").symlink_to(secret)
    result = run_cli("check", "--project", root)
    assert result.exit_code == 2 and "KB405" in result.output  # csv-symlink-outside
    assert "hunter2" not in result.output


def test_docx_never_embeds_an_image_from_outside_the_project(make_project, tmp_path: Path) -> None:
    outside = tmp_path / "buiten.png"
    outside.write_bytes(PNG)
    root = make_project(chapters={"01.md": "# T\n\n![Foto](images/foto.png)\n\n"
                                           f"![Absoluut]({outside})\n"},
                        extra_config='slug = "s"\n')
    (root / "images").mkdir()
    (root / "images" / "foto.png").symlink_to(outside)
    assert len(only(check(root), "KB405")) == 2
    result = run_cli("build", "--project", root, "--format", "docx", "--force", "--quiet")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(root / "dist" / "s.docx") as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]


def test_xml_safe_copy_cleans_a_copy_and_keeps_the_model(make_project) -> None:
    root = table_project(make_project, "Post\x1b;2023\nA\x0bB;1\nTOTAAL;1\n")
    report, _ = load_report(root)
    clean = xml_safe_copy(report)
    assert report.tables["t"].rows[0].labels == ["A\x0bB"]  # the model is untouched
    assert clean.tables["t"].rows[0].labels == ["A B"]
    assert clean.tables["t"].numeric_columns == ["2023"]
    assert clean.tables["t"].label_columns == ["Post"]
    assert clean.tables["t"].rows[1].kind is RowKind.TOTAL  # enums stay enums
    assert xml_text("a\x00b\x0bc\x1bd\ufffe") == "ab cd"


def test_too_long_number_is_kb111(make_project) -> None:  # csv-number-too-long
    finding = one(check(table_project(make_project, "Post;2023\nA;" + "1" * 25 + "\nTOTAAL;1\n")),
                  "KB111")
    assert "25 digits" in finding.message


def test_format_number_of_a_very_long_result() -> None:  # sidecar-formula-huge-result
    value = Decimal((10**20 - 1) ** 2)  # 40 digits: beyond Decimal's default precision of 28
    assert format_number(value) == f"{(10**20 - 1) ** 2:,}".replace(",", ".")


def test_formula_nested_too_deeply_is_kb115(make_project) -> None:
    sidecar = SIDECAR + '\n[[formulas]]\ncolumn = "2023"\nexpr = "' + "-" * 5000 + '1"\n'
    finding = one(check(table_project(make_project, "Post;2023\nA;1\nTOTAAL;1\n", sidecar)),
                  "KB115")
    assert "nested too deeply" in finding.message


def test_ambiguous_total_names_the_lines(make_project) -> None:  # csv-two-totals
    root = table_project(make_project, "Post;2023\nA;1\nTOTAAL;1\nB;2\nTOTAAL;2\n",
                         chapters={"01.md": chapter_with_table(
                             after="Samen {{waarde t | TOTAAL | 2023}}.\n")})
    finding = one(check(root), "KB501")
    assert "(lines 3, 5)" in finding.message and "' > TOTAAL'" not in finding.message


def test_findings_output_shows_control_characters_and_no_emoji(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("regel :x: met \x1b[2Jwissen\n", encoding="utf-8")
    finding = Diagnostic("KB503", Severity.ERROR, "cel '\x1b[31mrood' :warning:",
                         SourceLocation("a.md", 1), hint="[bold]geen opmaak[/bold]")
    stream = io.StringIO()
    print_findings(Console(file=stream, width=200, no_color=True), tmp_path, [finding])
    text = stream.getvalue()
    assert "\x1b" not in text and "\\x1b[31mrood" in text and "\\x1b[2Jwissen" in text
    assert ":warning:" in text and ":x:" in text  # not turned into emoji
    assert "[bold]geen opmaak[/bold]" in text


def test_source_line_is_never_quoted_from_outside_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "geheim.txt"
    outside.write_text("wachtwoord\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    (root / "link.md").symlink_to(outside)
    stream = io.StringIO()
    print_findings(Console(file=stream, width=200), root,
                   [Diagnostic("KB004", Severity.ERROR, "x", SourceLocation("link.md", 1))])
    assert "wachtwoord" not in stream.getvalue()
