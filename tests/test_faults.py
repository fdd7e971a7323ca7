"""Faults while writing: a full disk, a folder without write permission, Ctrl-C mid-build.

Whatever happens, the previous file in dist/ is intact, no temporary file is left behind,
and the writer gets a sentence, not a traceback, with exit code 2 (130 for Ctrl-C).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import chapter_with_table, copy_example, run_cli, table_project
from kamerbrief import build
from kamerbrief.project import load_report

GOOD_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;3\nC;4\nTOTAAL;7\n"
SLUG = "storing"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def built(make_project: Callable[..., Path]) -> tuple[Path, Path, bytes]:
    """A project built once into dist/, then changed, so a rebuild would differ."""
    root = table_project(make_project, GOOD_CSV, extra_config=f'slug = "{SLUG}"\n')
    assert run_cli("build", "--project", root, "--format", "html", "--quiet").exit_code == 0
    target = root / "dist" / f"{SLUG}.html"
    (root / "chapters" / "01-hoofdstuk.md").write_text(
        chapter_with_table("t", before="Nieuwe tekst.\n\n"), encoding="utf-8")
    return root, target, target.read_bytes()


class _HalfWriter(io.RawIOBase):
    """A file object that writes half of what it is given, then fails with ``error``."""

    def __init__(self, fd: int, error: BaseException):
        self.fd, self.error = fd, error

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        os.write(self.fd, bytes(data[: len(data) // 2]))
        raise self.error

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _fail_halfway(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    monkeypatch.setattr(build.os, "fdopen", lambda fd, mode="wb": _HalfWriter(fd, error))


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fsync(fd: int) -> None:
        raise error

    monkeypatch.setattr(build.os, "fsync", fsync)


ENOSPC = OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fail", [_fail_halfway, _fail_fsync], ids=["write", "fsync"])
def test_disk_full_exits_2_says_so_and_keeps_the_previous_file(built, monkeypatch, fail) -> None:
    root, target, before = built
    fail(monkeypatch, ENOSPC)
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    text = _flat(result.output)
    assert "disk full" in text and "No space left on device" in text
    assert target.read_bytes() == before
    assert _temp_files(target.parent) == []


def test_folder_without_write_permission_exits_2(built, monkeypatch) -> None:
    # Running as root, chmod 555 does not stop writes; refuse the temp file like the OS would.
    root, target, before = built

    def mkstemp(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(build.tempfile, "mkstemp", mkstemp)
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    text = _flat(result.output)
    assert "no permission to write" in text and "--out" in text
    assert target.read_bytes() == before
    assert _temp_files(target.parent) == []


def test_write_refused_halfway_keeps_the_previous_file(built, monkeypatch) -> None:
    root, target, before = built
    _fail_halfway(monkeypatch, PermissionError(errno.EROFS, "Read-only file system"))
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 2, result.output
    assert "no permission to write" in _flat(result.output)
    assert target.read_bytes() == before
    assert _temp_files(target.parent) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 555")
def test_read_only_folder_for_real(built) -> None:  # pragma: no cover - not run as root
    root, target, before = built
    target.parent.chmod(0o555)
    try:
        result = run_cli("build", "--project", root, "--format", "html")
    finally:
        target.parent.chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "no permission to write" in _flat(result.output)
    assert target.read_bytes() == before


def test_output_folder_that_cannot_be_made_exits_2(make_project, tmp_path: Path) -> None:
    root = table_project(make_project, GOOD_CSV)
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    result = run_cli("build", "--project", root, "--format", "html", "--out", blocker / "dist")
    assert result.exit_code == 2, result.output
    assert "cannot create output folder" in _flat(result.output)
    assert "Traceback" not in result.output


def test_renderer_error_is_not_called_a_write_error(built, monkeypatch) -> None:
    root, target, before = built

    def broken(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "sjabloon.html")

    monkeypatch.setattr("kamerbrief.render.html.render_html", broken)
    result = run_cli("build", "--project", root, "--format", "html")
    assert result.exit_code == 2
    text = _flat(result.output)
    assert "html output failed" in text and "cannot write" not in text
    assert target.read_bytes() == before


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_halfway_through_writing_keeps_the_previous_file(built, monkeypatch) -> None:
    root, target, before = built
    report, _ = load_report(root)
    _fail_halfway(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        build.build_outputs(report, ["html"], target.parent)
    assert target.read_bytes() == before
    assert _temp_files(target.parent) == []


def test_ctrl_c_in_the_renderer_keeps_the_previous_file(built) -> None:
    root, target, before = built
    report, _ = load_report(root)
    written: list[bytes] = []

    def render(report, fmt, draft):
        written.append(b"<html>half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build.build_outputs(report, ["html"], target.parent, render=render)
    assert written and target.read_bytes() == before
    assert _temp_files(target.parent) == []


# The console script, with the PDF renderer wrapped: it writes a marker file as it starts
# (in the forked worker, which inherits the wrapper) and, once WeasyPrint is done, holds its
# result. A test sends Ctrl-C when the marker appears: always while the PDF is being made,
# however fast or busy the machine, and never after it was written.
HELD_PDF_RENDER = """
import sys, time
from pathlib import Path

import kamerbrief.render.pdf as pdf

real_render_pdf = pdf.render_pdf
marker = Path(sys.argv[1])


def render_pdf(*args, **kwargs):
    marker.write_text("rendering", encoding="utf-8")
    data = real_render_pdf(*args, **kwargs)
    time.sleep(600)  # the test interrupts the build long before this ends
    return data


pdf.render_pdf = render_pdf
sys.argv = ["kamerbrief", *sys.argv[2:]]
from kamerbrief.__main__ import main
main()
"""


def _start_held_build(root: Path, marker: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HELD_PDF_RENDER, str(marker), "build", *args, "--quiet"], cwd=root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        # A shell may start tests with SIGINT ignored; the child must see Ctrl-C as a user would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen[str], what: str) -> None:
    """Poll ``ready`` until it holds; fail (with the build's output) if the build ends first
    or it takes more than two minutes, however slow the machine."""
    deadline = time.monotonic() + 120
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            out, err = process.communicate()
            pytest.fail(f"{what} never happened (exit {process.returncode})\n{out}\n{err}")
        time.sleep(0.02)


def _stop(process: subprocess.Popen[str]) -> None:
    """End whatever is left of the build's process group (the held worker too)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_real_sigint_during_a_pdf_build(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT) while WeasyPrint works: exit 130, old PDF intact, no temp file."""
    root = copy_example(tmp_path / "example")
    dist = root / "dist"
    dist.mkdir()
    report, _ = load_report(root)
    target = dist / f"{report.config.file_stem}.pdf"
    target.write_bytes(b"%PDF-1.7 previous build\n")
    marker = tmp_path / "rendering"
    process = _start_held_build(root, marker, "--format", "pdf")
    try:
        _wait_until(marker.exists, process, "the PDF render")
        process.send_signal(signal.SIGINT)  # to the command only, as `kill -INT` would
        out, err = process.communicate(timeout=120)
    finally:
        _stop(process)
    assert "Traceback" not in out + err, err
    assert process.returncode == 130, (process.returncode, out, err)
    assert target.read_bytes() == b"%PDF-1.7 previous build\n"
    # typer alone would exit 130 without a word; the writer gets one line, on stderr
    assert err.strip() == INTERRUPTED_NOTHING_WRITTEN, err
    assert out == ""
    assert _temp_files(dist) == []


CTRL_C_DURING_IMPORT = """
import builtins, sys
real_import = builtins.__import__

def interrupted_import(name, *args, **kwargs):
    if name == "kamerbrief.cli":  # as if Ctrl-C came while typer and rich load
        raise KeyboardInterrupt
    return real_import(name, *args, **kwargs)

builtins.__import__ = interrupted_import
sys.argv = ["kamerbrief", "check"]
from kamerbrief.__main__ import main
main()
"""


def test_ctrl_c_while_the_command_line_loads_ends_quietly() -> None:
    """The console script imports the command line (typer, rich: a tenth of a second) inside
    its guard, so a Ctrl-C then is one line and exit 130, not a traceback. (Only the first
    few milliseconds, while Python and the script wrapper itself start, stay unguarded.)"""
    process = subprocess.run([sys.executable, "-c", CTRL_C_DURING_IMPORT], capture_output=True,
                             text=True, timeout=60)
    assert process.returncode == 130, (process.returncode, process.stderr)
    assert process.stderr.strip() == "interrupted" and process.stdout == ""


INTERRUPTED_NOTHING_WRITTEN = ("interrupted: nothing was written; the previous files in dist/ "
                               "are unchanged")


def test_real_ctrl_c_to_the_process_group_during_a_parallel_build(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches every process of the group, the forked PDF worker too:
    still one line, no worker traceback, and it names exactly what is now on disk: here the
    HTML, written while the worker was still making the PDF."""
    root = copy_example(tmp_path / "example")
    dist = root / "dist"
    dist.mkdir()
    stem = load_report(root)[0].config.file_stem
    old = {fmt: f"previous {fmt}\n".encode() for fmt in ("html", "pdf")}
    for fmt, data in old.items():
        (dist / f"{stem}.{fmt}").write_bytes(data)
    marker = tmp_path / "rendering"
    process = _start_held_build(root, marker, "--format", "html,pdf")
    try:
        _wait_until(lambda: marker.exists() and (dist / f"{stem}.html").read_bytes() != old["html"],
                    process, "the HTML written while the PDF renders")
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        _stop(process)
    assert "Traceback" not in out + err and "ForkPoolWorker" not in err, err
    assert process.returncode == 130, (process.returncode, out, err)
    assert (dist / f"{stem}.pdf").read_bytes() == old["pdf"]
    html = (dist / f"{stem}.html").read_bytes()
    assert html.startswith(b"<!DOCTYPE html>") and html.rstrip().endswith(b"</html>")
    assert err.strip() == (f"interrupted: {stem}.html was written complete; the PDF was "
                           "not, its previous file in dist/ is unchanged"), err
    assert _temp_files(dist) == []


def _ctrl_c(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(("command", "message"), [
    ("check", "interrupted: the check did not finish"),
    ("tables", "interrupted: the command did not finish"),  # any command without its own words
])
def test_ctrl_c_says_so_and_exits_130(make_project, monkeypatch, command, message) -> None:
    root = table_project(make_project, GOOD_CSV)
    monkeypatch.setattr("kamerbrief.project.load_report", _ctrl_c)
    result = run_cli(command, "--project", root)
    assert result.exit_code == 130, result.output
    assert result.output.strip() == message


def test_ctrl_c_during_a_build_names_the_outputs_already_written(built, monkeypatch) -> None:
    root, target, before = built
    pdf = target.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF previous\n")

    def render(report, fmt, draft):
        if fmt == "pdf":
            raise KeyboardInterrupt
        return b"<html>new</html>"

    monkeypatch.setattr(build, "_can_fork", lambda: False)
    monkeypatch.setattr(build, "_render", render)
    result = run_cli("build", "--project", root, "--format", "html,pdf", "--quiet")
    assert result.exit_code == 130, result.output
    assert _flat(result.output) == _flat(
        f"interrupted: {SLUG}.html was written complete; the PDF was not, its previous file "
        f"in {(root / 'dist').as_posix()}/ is unchanged")
    assert target.read_bytes() == b"<html>new</html>" and pdf.read_bytes() == b"%PDF previous\n"
    assert _temp_files(target.parent) == []


def test_ctrl_c_before_a_build_writes_says_nothing_was_written(built, monkeypatch) -> None:
    root, target, before = built
    monkeypatch.setattr("kamerbrief.project.load_report", _ctrl_c)
    result = run_cli("build", "--project", root, "--format", "html", "--out", root / "uit")
    assert result.exit_code == 130, result.output
    assert _flat(result.output) == _flat(f"interrupted: nothing was written; the previous "
                                         f"files in {(root / 'uit').as_posix()}/ are unchanged")
    assert target.read_bytes() == before
