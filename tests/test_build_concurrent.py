"""Several formats at once: the PDF renders in a forked process beside the others.

The outputs must be the same bytes as one-format builds, and a failure in the forked PDF
render must surface as a clear build error with the other outputs still complete.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import copy_example
from kamerbrief import build
from kamerbrief.build import BuildError, build_outputs
from kamerbrief.project import load_report

pytestmark = pytest.mark.skipif(not build._can_fork(), reason="needs fork and two cores")


def docx_parts(path: Path) -> dict[str, bytes]:
    """A DOCX's content: each part of the package by name (the zip container aside)."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in sorted(package.namelist())}


def test_all_formats_equal_single_format_builds(tmp_path, example_builds) -> None:
    """Each output of a three-format build (the PDF in the forked worker, DOCX and HTML here)
    is what a build of that format alone gives (``example_builds``): the PDF and HTML byte
    for byte, the DOCX part for part, docProps/core.xml included (its dates are the
    report's, not the clock's)."""
    together = build_outputs(example_builds.report, ["pdf", "docx", "html"], tmp_path / "together")
    assert [path.suffix for path in together] == [".pdf", ".docx", ".html"]
    for path in together:
        fmt = path.suffix[1:]
        alone = example_builds.path(fmt)
        if fmt == "docx":
            expected, found = docx_parts(alone), docx_parts(path)
            assert list(found) == list(expected)
            for name, data in expected.items():
                assert found[name] == data, f"{path.name}: {name} differs"
        else:
            assert alone.read_bytes() == path.read_bytes(), path.name


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


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_build_renders_in_the_worker_started_before_reading(tmp_path, monkeypatch, fmt,
                                                              example_builds) -> None:
    """`build --format pdf` (or docx alone) starts the worker, importing WeasyPrint (or
    python-docx), before it reads the project, then hands it the report: the same bytes as
    rendering in this process (``example_builds``: a one-format build, here)."""
    from conftest import run_cli

    expected = example_builds.data(fmt)
    project = copy_example(tmp_path / "project")
    handed: list[str] = []
    original = build.RenderWorker.render

    def spy(self, report, draft):
        handed.append(self.format)
        return original(self, report, draft)

    monkeypatch.setattr(build.RenderWorker, "render", spy)
    result = run_cli("build", "--project", project, "--format", fmt, "--quiet")
    assert result.exit_code == 0, result.output
    report, _ = load_report(project)
    assert handed == [fmt]
    assert (project / "dist" / f"{report.config.file_stem}.{fmt}").read_bytes() == expected
    assert multiprocessing.active_children() == []


def test_a_failed_check_stops_the_worker(make_project) -> None:
    from conftest import run_cli, table_project

    root = table_project(make_project, "Post;2023\nA;1\nB;2\nTOTAAL;4\n")
    result = run_cli("build", "--project", root, "--format", "pdf")
    assert result.exit_code == 1 and "KB102" in result.output
    assert multiprocessing.active_children() == []  # not left running, nor a zombie


def test_the_worker_warm_up_survives_a_broken_weasyprint(monkeypatch) -> None:
    """A failed import must not kill the worker at start (a Pool would restart it forever);
    the render reports it instead."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint → ImportError
    previous = signal.getsignal(signal.SIGINT)
    try:
        build._start_worker("pdf")
    finally:
        signal.signal(signal.SIGINT, previous)
