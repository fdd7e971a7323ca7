"""The DOCX opens with page numbers in its contents and list of tables, as LibreOffice lays
it out (Word refreshes them on open); without LibreOffice the build says what to install."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_ROOT, copy_example, run_cli
from kamerbrief.render import docx_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_tools = pytest.mark.skipif(
    bool(docx_pages.missing_tools()) or shutil.which("pdftotext") is None,
    reason="install libreoffice-writer-nogui and poppler-utils for the DOCX page numbers")


def _contents(docx: Path) -> list[tuple[str, str]]:
    """(entry text, cached page number) of every contents and list-of-tables line."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    entries = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or not re.fullmatch(r"TOC\d|TableofFigures", style.get(f"{W}val")):
            continue
        texts = [t.text or "" for t in paragraph.iter(f"{W}t")]
        entries.append(("".join(texts[:-1]).strip(), texts[-1]))
    return entries


@needs_tools
def test_the_built_docx_lists_the_page_each_heading_and_table_is_on(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "example")
    result = run_cli("build", "--project", str(project), "--format", "docx",
                     "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "no page numbers" not in result.output
    docx = next((tmp_path / "out").glob("*.docx"))
    entries = _contents(docx)
    assert len(entries) > 20 and all(number.isdigit() for _, number in entries), entries
    # Read the pages back as LibreOffice prints them; the cover is page 1, as in the PDF.
    subprocess.run([shutil.which("soffice") or "libreoffice", "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / docx.with_suffix(".pdf").name), "-"],
                          check=True, capture_output=True, text=True).stdout
    pages = [re.sub(r"\s+", " ", page) for page in text.split("\f")]
    for entry, number in entries:
        heading = entry.split(" – ", 1)[-1]
        page = pages[int(number) - 1]
        assert heading[:40] in page, f"{entry!r} not on page {number}"


def test_without_the_tools_the_docx_is_unchanged_and_the_build_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_pages.shutil, "which", lambda name: None)
    assert docx_pages.missing_tools() == ["libreoffice-writer-nogui", "poppler-utils"]
    data = b"PK not even a zip"
    assert docx_pages.fill_page_numbers(data) is data
    result = run_cli("build", "--project", str(copy_example(tmp_path / "example")),
                     "--format", "docx", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "no page numbers" in result.output and "libreoffice-writer-nogui" in result.output


def test_a_pageref_result_is_filled_from_the_destinations() -> None:
    """The mapping alone: a bookmark's LibreOffice destination name and the cached result."""
    from kamerbrief.project import load_report
    from kamerbrief.render.docx import render_docx

    report, _ = load_report(EXAMPLE_ROOT)
    data = render_docx(report)
    filled = docx_pages._with_page_numbers(data, {"5FToc00001": 4, "5FRefTabel1": 44})
    document = zipfile.ZipFile(io.BytesIO(filled)).read("word/document.xml").decode()
    assert re.search(r"PAGEREF _Toc00001 .{0,300}?<w:t[^>]*>4</w:t>", document)
    assert re.search(r"PAGEREF _RefTabel1 .{0,300}?<w:t[^>]*>44</w:t>", document)
    assert docx_pages._pdf_name("_Toc00001") == "5FToc00001"
