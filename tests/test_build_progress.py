"""A long build says what it is doing: once HTML and DOCX are written, the spinner says the
PDF is laying out its pages (on a terminal only; a plain line with NO_COLOR, nothing quiet)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from kamerbrief.cli import _building_phase, _spinner


def test_the_phase_names_what_is_left_and_what_is_written() -> None:
    text = _building_phase(["pdf"], [Path("dist/r.html"), Path("dist/r.docx")])
    assert text == "building PDF (laying out the pages)… (HTML, DOCX written)"
    assert _building_phase(["docx", "pdf"], [Path("r.html")]).startswith("building DOCX, PDF")


def test_the_spinner_shows_each_phase_on_a_terminal_and_nothing_without_one() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with _spinner(console, "building PDF, HTML…", show=True) as show:
        show("building PDF (laying out the pages)… (HTML written)")
        console.file.flush()
    assert "laying out the pages" in out.getvalue()
    quiet = io.StringIO()
    with _spinner(Console(file=quiet), "building…", show=False) as show:
        show("building PDF (laying out the pages)…")
    assert quiet.getvalue() == ""


def test_the_phase_counts_the_pdf_pages_once_weasyprint_reports_them() -> None:
    assert _building_phase(["pdf"], [], 12) == "building PDF (12 pages laid out)…"
    assert _building_phase(["pdf"], [Path("r.html")], 3) == \
        "building PDF (3 pages laid out)… (HTML written)"


def test_page_records_of_weasyprints_progress_logger_become_calls() -> None:
    import logging

    from kamerbrief.pdf_progress import PROGRESS_LOGGER, page_progress

    logger = logging.getLogger(PROGRESS_LOGGER)
    pages: list[int] = []
    with page_progress(pages.append):
        logger.info("Step 4 - Creating formatting structure")
        logger.info("Step 5 - Creating layout - Page %d", 1)
        logger.info("Step 5 - Creating layout - Page %d", 2)
    logger.info("Step 5 - Creating layout - Page %d", 3)  # after the block: nobody listens
    assert pages == [1, 2]
    assert not any(type(h).__name__ == "_PageHandler" for h in logger.handlers)


def _page_count(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def test_a_real_build_reports_every_page_in_process_and_from_the_worker(make_project,
                                                                          tmp_path) -> None:
    """The PDF alone renders here; with HTML beside it, in a forked worker whose pages come
    back over a queue. Either way every page is reported, in order."""
    from kamerbrief.build import build_outputs
    from kamerbrief.project import load_report

    text = "\n\n".join(f"## Deel {n}\n\n" + "Een zin over het beleid. " * 80 for n in range(6))
    root = make_project(chapters={"01.md": f"# Hoofdstuk\n\n{text}\n"})
    report, _ = load_report(root)
    for formats in (["pdf"], ["html", "pdf"]):
        pages: list[int] = []
        out = tmp_path / "-".join(formats)
        [*_, pdf] = build_outputs(report, formats, out, on_page=pages.append)
        count = _page_count(pdf)
        assert count >= 3, formats
        # the first pass lays out every page in order; WeasyPrint may pass over them again
        # (repagination for page references), and reports those pages again
        assert pages[:count] == list(range(1, count + 1)), formats
        assert set(pages) == set(range(1, count + 1)), formats
