"""The DOCX as LibreOffice lays it out: footnotes at the foot of the page, captions, tables.

Converts the example with ``soffice --headless --convert-to pdf`` and reads the PDF back with
``pdftotext``. Skipped where LibreOffice or poppler is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kamerbrief.project import load_report
from kamerbrief.render.docx import render_docx
from kamerbrief.walk import plain_text

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.skipif(
    not (SOFFICE and PDFTOTEXT), reason="install libreoffice-writer-nogui and poppler-utils")


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("docx-lo")
    report, _ = load_report(ROOT)
    source = folder / "rapport.docx"
    source.write_bytes(render_docx(report))
    profile = folder / "profile"  # a private profile: no clash with a running LibreOffice
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=240)
    pdf = folder / "rapport.pdf"
    assert pdf.is_file(), "LibreOffice produced no PDF"
    result = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], check=True,
                            capture_output=True, text=True, timeout=60)
    return " ".join(result.stdout.split())


def test_footnote_texts_are_laid_out(pdf_text):
    report, _ = load_report(ROOT)
    texts = [plain_text(definition.blocks[0].children)
             for chapter in report.chapters for definition in chapter.footnotes.values()]
    assert len(texts) >= 4
    for text in texts:
        assert " ".join(text.split())[:60] in pdf_text


def test_captions_tables_and_annex_title_are_laid_out(pdf_text):
    assert "Tabel 1 – Overzicht van ontvangen middelen sinds 2018" in pdf_text
    assert "Bijlage 1 – Financieel overzicht" in pdf_text
    assert "705.900" in pdf_text
    assert "Praktijkverhaal" in pdf_text or "PRAKTIJKVERHAAL" in pdf_text
