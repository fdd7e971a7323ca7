"""``kamerbrief build``: where it writes, when it refuses, and that it never half-writes.

Everything here builds HTML only (fast); the PDF path is covered by test_pdf_output.py.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SIDECAR, chapter_with_table, codes, run_cli, table_project
from conftest import check as run_check
from kamerbrief import build
from kamerbrief.project import load_report

GOOD_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;3\nC;4\nTOTAAL;7\n"
BROKEN_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;4\nC;4\nTOTAAL;8\n"  # SUBTOTAAL should be 3
SLUG = "mijn-rapport"


def _project(make_project: Callable[..., Path], csv: str = GOOD_CSV, **kwargs) -> Path:
    return table_project(make_project, csv, extra_config=f'slug = "{SLUG}"\n', **kwargs)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_build_html_writes_dist_slug_html(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 0, result.output
    _no_traceback(result)
    assert sorted(p.name for p in (root / "dist").iterdir()) == [f"{SLUG}.html"]
    html = (root / "dist" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "CONCEPT – bevat fouten" not in html
    # rich wraps long paths at the console width: compare without whitespace.
    assert f"dist/{SLUG}.html" in "".join(result.output.split())


def test_file_name_comes_from_the_title_without_slug(make_project: Callable[..., Path]) -> None:
    root = make_project(title="Voortgang Ondermijning 2024")
    result = run_cli("build", "--project", root, "--format", "html", "--quiet")
    assert result.exit_code == 0, result.output
    report, _ = load_report(root)
    names = [p.name for p in (root / "dist").iterdir()]
    assert names == [f"{report.config.file_stem}.html"]
    assert names[0].startswith("voortgang-ondermijning-2024")


def test_check_errors_stop_the_build(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, BROKEN_CSV)
    assert "KB101" in codes(run_check(root))
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 1, result.output
    _no_traceback(result)
    assert "KB101" in result.output
    assert "not built" in _flat(result.output)
    assert not (root / "dist").exists() or not any((root / "dist").iterdir())


def test_force_builds_a_marked_draft(make_project: Callable[..., Path]) -> None:
    root = _project(make_project, BROKEN_CSV)
    result = run_cli("build", "--project", root, "--format", "html", "--force", "--quiet")
    assert result.exit_code == 0, result.output
    html = (root / "dist" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "CONCEPT – bevat fouten" in html
    assert 'class="draft"' in html


def test_out_pointing_at_a_file_is_a_clear_error(make_project: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    root = _project(make_project)
    existing = tmp_path / "bestaand.txt"
    existing.write_text("niet overschrijven")
    result = run_cli("build", "--project", root, "--format", "html", "--out", existing)
    assert result.exit_code == 2, result.output
    _no_traceback(result)
    assert "is a file" in _flat(result.output)
    assert f"{existing}" in "".join(result.output.split())
    assert existing.read_text() == "niet overschrijven"


def test_out_writes_into_the_given_folder(make_project: Callable[..., Path], tmp_path: Path) -> None:
    root = _project(make_project)
    out = tmp_path / "nieuw" / "map"
    result = run_cli("build", "--project", root, "--format", "html", "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == [f"{SLUG}.html"]
    assert not (root / "dist").exists()


@pytest.mark.parametrize("fmt", ["odt", "html,odt", "PDF", ""])
def test_unknown_format_exits_2_and_writes_nothing(make_project: Callable[..., Path],
                                                   fmt: str) -> None:
    root = _project(make_project)
    result = run_cli("build", "--project", root, "--format", fmt)
    assert result.exit_code == 2, result.output
    _no_traceback(result)
    assert "unknown format" in _flat(result.output)
    assert not (root / "dist").exists()


# ---------------------------------------------------------------- atomic writes


def _built_once(make_project: Callable[..., Path]) -> tuple[Path, bytes]:
    root = _project(make_project)
    assert run_cli("build", "--project", root, "--format", "html", "--quiet").exit_code == 0
    target = root / "dist" / f"{SLUG}.html"
    # Change the source, so a (wrongly) completed rebuild would differ from the old file.
    chapter = root / "chapters" / "01-hoofdstuk.md"
    chapter.write_text(chapter_with_table("t", before="Nieuwe tekst.\n\n"), encoding="utf-8")
    return root, target.read_bytes()


def test_renderer_crash_keeps_the_previous_output(make_project: Callable[..., Path],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = _built_once(make_project)

    def crash(*args, **kwargs):
        raise RuntimeError("sjabloon kapot")

    monkeypatch.setattr("kamerbrief.render.html.render_html", crash)
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 2, result.output
    _no_traceback(result)
    assert "sjabloon kapot" in _flat(result.output)
    assert (root / "dist" / f"{SLUG}.html").read_bytes() == before
    assert _leftovers(root / "dist") == []


def test_render_argument_failure_keeps_the_previous_output(
        make_project: Callable[..., Path]) -> None:
    root, before = _built_once(make_project)
    report, _ = load_report(root)

    def render(report, fmt, draft):
        raise ValueError("kapot")

    with pytest.raises(build.BuildError, match="html output failed: ValueError: kapot"):
        build.build_outputs(report, ["html"], root / "dist", render=render)
    assert (root / "dist" / f"{SLUG}.html").read_bytes() == before
    assert _leftovers(root / "dist") == []


def test_failed_write_removes_the_temp_file(make_project: Callable[..., Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = _built_once(make_project)
    report, _ = load_report(root)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build.os, "fsync", full_disk)
    with pytest.raises(build.BuildError, match="cannot write .*No space left"):
        build.build_outputs(report, ["html"], root / "dist")
    assert (root / "dist" / f"{SLUG}.html").read_bytes() == before
    assert _leftovers(root / "dist") == []


def test_interrupted_write_removes_the_temp_file(make_project: Callable[..., Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root, before = _built_once(make_project)
    report, _ = load_report(root)

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build.os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build.build_outputs(report, ["html"], root / "dist")
    assert (root / "dist" / f"{SLUG}.html").read_bytes() == before
    assert _leftovers(root / "dist") == []


def test_successful_rebuild_replaces_the_file(make_project: Callable[..., Path]) -> None:
    root, before = _built_once(make_project)
    result = run_cli("build", "--project", root, "--format", "html", "--quiet")
    assert result.exit_code == 0, result.output
    after = (root / "dist" / f"{SLUG}.html").read_bytes()
    assert after != before and b"Nieuwe tekst." in after
    assert _leftovers(root / "dist") == []


def test_good_project_has_no_errors(make_project: Callable[..., Path]) -> None:
    # Guards the helper above: the good project is clean, so exit codes mean what they say.
    root = table_project(make_project, GOOD_CSV, SIDECAR)
    assert [f for f in run_check(root) if f.severity.value == "error"] == []
