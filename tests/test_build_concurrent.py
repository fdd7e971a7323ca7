"""Several formats at once: the PDF renders in a forked process beside the others.

The outputs must be the same bytes as one-format builds, and a failure in the forked PDF
render must surface as a clear build error with the other outputs still complete.
"""

from __future__ import annotations

import pytest

from conftest import copy_example
from kamerbrief import build
from kamerbrief.build import BuildError, build_outputs
from kamerbrief.project import load_report

pytestmark = pytest.mark.skipif(not build._can_fork(), reason="needs fork and two cores")


def test_all_formats_equal_single_format_builds(tmp_path) -> None:
    project = copy_example(tmp_path / "project")
    report, _ = load_report(project)
    together = build_outputs(report, ["pdf", "docx", "html"], tmp_path / "together")[:1]
    for path in together:
        alone = build_outputs(report, [path.suffix[1:]], tmp_path / f"alone-{path.suffix[1:]}")
        assert alone[0].read_bytes() == path.read_bytes(), path.name


def test_a_failing_pdf_in_the_forked_process_is_a_build_error(tmp_path, monkeypatch) -> None:
    project = copy_example(tmp_path / "project")
    report, _ = load_report(project)
    import kamerbrief.render.pdf as pdf

    def broken(report, draft=False):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(pdf, "render_pdf", broken)  # inherited by the forked process
    out = tmp_path / "dist"
    with pytest.raises(BuildError, match="pdf output failed: RuntimeError: layout exploded"):
        build_outputs(report, ["pdf", "html"], out)
    assert not (out / f"{report.config.file_stem}.pdf").exists()
    assert (out / f"{report.config.file_stem}.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert not list(out.glob(".*.tmp"))
