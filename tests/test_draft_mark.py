"""A draft PDF says so on every page, in the foot margin: never over a caption or figure."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SIDECAR
from kamerbrief.project import load_report
from kamerbrief.render.pdf import render_pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="install poppler-utils to read the PDF's pages")
def test_the_draft_mark_stands_in_the_foot_margin_of_every_page(
        make_project: Callable[..., Path], tmp_path: Path) -> None:
    """'CONCEPT – bevat fouten' once on every page of a draft, below the text block (it
    stood over the first lines of each page)."""
    rows = "".join(f"Post {n};{n}\n" for n in range(1, 90))
    root = make_project(chapters={"01.md": "# Hoofdstuk\n\nTekst.\n\n{{tabel t}}\n"},
                        tables={"t.csv": f"Post;2024\n{rows}", "t.toml": SIDECAR})
    report, _ = load_report(root)
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_pdf(report, draft=True))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout
    pages = boxes.split("<page ")[1:]
    assert len(pages) >= 3
    foot_margin_top = 842 - 22 / 25.4 * 72  # A4, 22 mm foot margin (style.css @page)
    for number, page in enumerate(pages, 1):
        marks = re.findall(r'yMin="([\d.]+)"[^>]*>CONCEPT<', page)
        assert len(marks) == 1, f"page {number}"
        assert float(marks[0]) > foot_margin_top, f"page {number}: over the text"
