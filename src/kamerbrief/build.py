"""Orchestration: render each requested format and write it atomically into the out folder.

A failed or interrupted build never leaves a half-written file: each output is written to
a temporary file in the same folder and renamed over the old one only when complete.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING

from kamerbrief.model import Report
from kamerbrief.pdf_progress import page_progress

if TYPE_CHECKING:
    from multiprocessing import Queue
    from multiprocessing.pool import AsyncResult


class BuildError(Exception):
    """The build could not finish; the message says which output and why."""


Renderer = Callable[[Report, str, bool], bytes]


def _render(report: Report, fmt: str, draft: bool) -> bytes:
    if fmt == "html":
        from kamerbrief.render.html import render_html

        return render_html(report, draft=draft).encode("utf-8")
    if fmt == "pdf":
        from kamerbrief.render.pdf import render_pdf

        return render_pdf(report, draft=draft)
    from kamerbrief.render.docx import render_docx
    from kamerbrief.render.docx_pages import fill_page_numbers

    # The contents and list of tables with their page numbers, as LibreOffice lays the file
    # out, when it is installed (the command line says when it is not).
    return fill_page_numbers(render_docx(report, draft=draft))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path``, fsync, then rename over it."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_error(target: Path, exc: OSError) -> str:
    """What went wrong writing ``target``, in words a writer can act on."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"disk full: cannot write {target} ({reason}); free some space, or build "
                "into another folder with --out. The previous file is unchanged.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"no permission to write {target} ({reason}); make the folder writable, or "
                "build into another folder with --out. The previous file is unchanged.")
    if exc.errno == errno.EISDIR:
        return f"cannot write {target}: it is a folder; remove or rename it"
    return f"cannot write {target}: {reason}"


def _render_in_worker(report: Report, fmt: str, draft: bool) -> bytes:
    pages = _pages
    with page_progress(pages.put if pages is not None and fmt == "pdf" else None):
        return _render_checked(_render, report, fmt, draft)


def _render_checked(render: Renderer, report: Report, fmt: str, draft: bool) -> bytes:
    try:
        return render(report, fmt, draft)
    except BuildError:
        raise
    except Exception as exc:  # a renderer failure must not become a traceback
        raise BuildError(f"{fmt} output failed: {type(exc).__name__}: {exc}") from None


def _write(target: Path, data: bytes) -> None:
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise BuildError(write_error(target, exc)) from None


def _ignore_ctrl_c() -> None:
    """In a render worker: Ctrl-C reaches the whole process group, and the parent stops the
    worker itself; left to Python, the worker would print its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


# What a worker imports before it has work: the renderer's heavy libraries.
_WARM_IMPORTS = {
    "pdf": ("weasyprint", "kamerbrief.render.pdf", "kamerbrief.render.pdf_tags"),
    "docx": ("docx", "kamerbrief.render.docx"),
}


# In a render worker: where it puts the number of each PDF page it lays out.
_pages: Queue[int] | None = None


def _start_worker(fmt: str, pages: Queue[int] | None = None) -> None:
    """A render worker's first act: import its renderer's libraries before it has work
    (WeasyPrint: half a second; python-docx: a tenth).

    Best effort: a failed import surfaces, with its message, when the output is rendered."""
    import importlib

    global _pages
    _pages = pages
    _ignore_ctrl_c()
    for name in _WARM_IMPORTS.get(fmt, ()):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported by the render itself
            return


class RenderWorker:
    """A forked process that renders one format, started before the project is read.

    Importing the renderer's libraries takes as long as reading and checking the project
    (WeasyPrint longer); in a worker started first, the two happen side by side on a second
    core, and the worker then gets the report. ``close`` stops it, finished or not (a failed
    check, Ctrl-C)."""

    def __init__(self, fmt: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.format = fmt
        self.pages: Queue[int] = context.Queue()
        self._pool = context.Pool(1, initializer=_start_worker, initargs=(fmt, self.pages))

    def render(self, report: Report, draft: bool) -> AsyncResult[bytes]:
        return self._pool.apply_async(_render_in_worker, (report, self.format, draft))

    def result(self, pending: AsyncResult[bytes], on_page: Callable[[int], None] | None
               ) -> bytes:
        """Wait for ``pending``, passing on each page the worker lays out."""
        while not pending.ready():
            pending.wait(0.2)
            self._pass_pages(on_page)
        self._pass_pages(on_page)
        return pending.get()

    def _pass_pages(self, on_page: Callable[[int], None] | None) -> None:
        while True:
            try:
                page = self.pages.get_nowait()
            except Empty:
                return
            if on_page is not None:
                on_page(page)

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()


def worker_for(formats: list[str]) -> RenderWorker | None:
    """A warm worker for the slowest format asked for, when a second core can run it: the
    PDF; or the DOCX when it is the only format (HTML needs no heavy library)."""
    if not _can_fork():
        return None
    if "pdf" in formats:
        return RenderWorker("pdf")
    if formats == ["docx"]:
        return RenderWorker("docx")
    return None


def build_outputs(report: Report, formats: list[str], out_dir: Path, draft: bool = False,
                  render: Renderer | None = None,
                  on_written: Callable[[str, Path, float], None] | None = None,
                  worker: RenderWorker | None = None,
                  on_page: Callable[[int], None] | None = None) -> list[Path]:
    """Render and write each format; returns the written paths in the order asked.

    ``worker``'s format is rendered in that forked process (without one, a PDF worker is
    started here when other formats are asked for too) while this one renders the rest: the
    PDF takes most of the time, and the machine has a second core. A failure or Ctrl-C stops
    the other process; files already written stay complete.

    Progress is reported, not printed: ``on_written(format, path, seconds)`` is called as
    each output lands in ``out_dir``, ``on_page(number)`` as each PDF page is laid out; a
    failure raises BuildError. Spinners and messages are
    the caller's (the command line shows one around this call).
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"output folder {out_dir} is a file; remove it or pass --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create output folder {out_dir}: {exc.strerror or exc}; "
                         "choose another folder with --out") from None
    if {"pdf", "docx"} & set(formats):
        from kamerbrief.render.table_layout import too_wide

        problems = too_wide(report)
        if problems:  # before anything is written: a paged output would lose columns
            raise BuildError("; ".join(map(str, problems)))
    stem = report.config.file_stem
    targets = {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}
    own_worker = None
    if render is None and "pdf" in formats and worker is None and len(formats) > 1 \
            and _can_fork():
        worker = own_worker = RenderWorker("pdf")
    pending = None
    try:
        if render is None and worker is not None and worker.format in formats:
            pending = (worker.format, time.perf_counter(), worker.render(report, draft))
        for fmt in formats:
            if pending is not None and fmt == pending[0]:
                continue
            started = time.perf_counter()
            with page_progress(on_page if fmt == "pdf" else None):
                data = _render_checked(render or _render, report, fmt, draft)
            _write(targets[fmt], data)
            if on_written:
                on_written(fmt, targets[fmt], time.perf_counter() - started)
        if pending is not None and worker is not None:
            fmt, started, result = pending
            _write(targets[fmt], worker.result(result, on_page if fmt == "pdf" else None))
            if on_written:
                on_written(fmt, targets[fmt], time.perf_counter() - started)
    finally:
        if own_worker is not None:
            own_worker.close()
    return [targets[fmt] for fmt in formats]
