"""Citations in a report: the form is checked (KB720, KB721) and every output links them.

The forms are those of the June 2024 report and of real Kamerstukken (the parsing itself is
tested in test_citations.py, over real citation strings).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import check, one, only, run_cli
from kamerbrief.model import Link
from kamerbrief.project import load_report
from kamerbrief.walk import chapter_inlines, plain_text

PUBLISHED = ("Zie de brief (TK 2022–2023, 24 077, nr. 513).[^1]\n\n"
             "[^1]: Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113.\n")


def project(make_project: Callable[..., Path], text: str, extra_config: str = "") -> Path:
    return make_project(chapters={"01.md": f"# Hoofdstuk\n\n{text}\n"}, extra_config=extra_config)


def test_the_published_forms_are_reported_with_the_text_to_paste(
        make_project: Callable[..., Path]) -> None:
    findings = only(check(project(make_project, PUBLISHED)), "KB720")
    assert [(f.location.line, f.hint.split("'")[1]) for f in findings] == [
        (3, "Kamerstukken II 2022/23, 24077, nr. 513"),
        (5, "Kamerstukken II 2023/24, 28741, nr. 113")]
    assert "'TK 2022–2023, 24 077, nr. 513' is not in the report's form" in findings[0].message


def test_pasting_the_fix_makes_the_check_clean(make_project: Callable[..., Path]) -> None:
    root = project(make_project, PUBLISHED)
    chapter = root / "chapters" / "01.md"
    text = chapter.read_text(encoding="utf-8")
    for finding in only(check(root), "KB720"):
        written = re.search(r"citation '([^']*)'", finding.message).group(1)  # type: ignore[union-attr]
        text = text.replace(written, finding.hint.split("'")[1])
    chapter.write_text(text, encoding="utf-8")
    assert check(root) == []


def test_a_configured_form_is_the_one_checked(make_project: Callable[..., Path]) -> None:
    spaced = "Zie Kamerstukken II 2023/2024, 28 741, nr. 113."
    assert only(check(project(make_project, spaced)), "KB720")
    config = "[citations]\ndossier_space = true\nfull_session = true\n"
    assert check(project(make_project, spaced, config)) == []
    finding = one(check(project(make_project, "Zie Kamerstukken II 2023/24, 28741, nr. 113.",
                                config)), "KB720")
    assert "'Kamerstukken II 2023/2024, 28 741, nr. 113'" in finding.hint


def test_a_citation_without_its_vergaderjaar_is_incomplete(make_project: Callable[..., Path]
                                                          ) -> None:
    finding = one(check(project(make_project, "Zie Kamerstuk 28741, nr. 113.")), "KB721")
    assert "does not say its vergaderjaar" in finding.message


def test_an_unknown_citations_key_is_named(make_project: Callable[..., Path]) -> None:
    root = project(make_project, "Tekst.", "[citations]\ndossier_spaces = true\n")
    finding = one(check(root), "KB001")
    assert "citations.dossier_spaces" in finding.message and "dossier_space" in finding.hint


def _links(root: Path) -> list[tuple[str, str]]:
    report, _ = load_report(root)
    return [(inline.target, plain_text(inline.children)) for chapter in report.chapters
            for inline in chapter_inlines(chapter) if isinstance(inline, Link)]


def test_citations_become_links_to_their_computed_address(make_project: Callable[..., Path]
                                                          ) -> None:
    root = project(make_project, PUBLISHED.replace("(TK", "(Stb. 2024, 123; TK"))
    assert _links(root) == [
        ("https://zoek.officielebekendmakingen.nl/stb-2024-123.html", "Stb. 2024, 123"),
        ("https://zoek.officielebekendmakingen.nl/kst-24077-513.html",
         "TK 2022–2023, 24 077, nr. 513"),
        ("https://zoek.officielebekendmakingen.nl/kst-28741-113.html",
         "Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113")]


def test_a_linked_citation_keeps_its_own_link_and_links_can_be_off(
        make_project: Callable[..., Path]) -> None:
    own = "Zie [Kamerstukken II 2023/24, 28741, nr. 113](https://example.org/brief)."
    assert _links(project(make_project, own)) == [
        ("https://example.org/brief", "Kamerstukken II 2023/24, 28741, nr. 113")]
    assert _links(project(make_project, PUBLISHED, "[citations]\nlinks = false\n")) == []


def test_every_output_links_the_citation(make_project: Callable[..., Path], tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf", reason="pip install pikepdf (the dev extra)")
    root = project(make_project, "Zie Kamerstukken II 2023/24, 28741, nr. 113.")
    out = tmp_path / "out"
    result = run_cli("build", "--project", root, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    address = "https://zoek.officielebekendmakingen.nl/kst-28741-113.html"
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert f'<a href="{address}">Kamerstukken II 2023/24, 28741, nr. 113</a>' in html
    with zipfile.ZipFile(next(out.glob("*.docx"))) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    [rel_id] = re.findall(rf'Id="(rId\d+)"[^>]*Target="{re.escape(address)}"', rels) or \
        re.findall(rf'Target="{re.escape(address)}"[^>]*Id="(rId\d+)"', rels)
    assert f'r:id="{rel_id}"' in document
    with pikepdf.open(next(out.glob("*.pdf"))) as pdf:
        uris = [str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert address in uris
