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
