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

from rich.console import Console

from kamerbrief.model import Report


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

    return render_docx(report, draft=draft)


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
    """In the PDF worker: Ctrl-C reaches the whole process group, and the parent stops the
    worker itself; left to Python, the worker would print its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _start_pdf_worker() -> None:
    """The PDF worker's first act: import WeasyPrint (half a second) before it has work.

    Best effort: a failed import surfaces, with its message, when the PDF is rendered."""
    _ignore_ctrl_c()
    try:
        import weasyprint  # noqa: F401

        import kamerbrief.render.pdf  # noqa: F401
        import kamerbrief.render.pdf_tags  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - reported by the render itself
        pass


class PdfWorker:
    """A forked process that renders the PDF, started before the project is read.

    Importing WeasyPrint takes longer than reading and checking the example report; in a
    worker started first, the two happen side by side on a second core. ``close`` stops it,
    finished or not (a failed check, Ctrl-C)."""

    def __init__(self) -> None:
        import multiprocessing

        self._pool = multiprocessing.get_context("fork").Pool(1, initializer=_start_pdf_worker)

    def render(self, report: Report, draft: bool):  # -> multiprocessing.pool.AsyncResult
        return self._pool.apply_async(_render_checked, (_render, report, "pdf", draft))

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def pdf_worker_for(formats: list[str]) -> PdfWorker | None:
    """A warm PDF worker when the PDF is asked for and a second core can run it."""
    return PdfWorker() if "pdf" in formats and _can_fork() else None


def build_outputs(report: Report, formats: list[str], out_dir: Path, draft: bool = False,
                  console: Console | None = None, render: Renderer | None = None,
                  on_written: Callable[[str, Path, float], None] | None = None,
                  pdf_worker: PdfWorker | None = None) -> list[Path]:
    """Render and write each format; returns the written paths in the order asked.

    The PDF is rendered in a forked process (``pdf_worker``, else one started here when
    other formats are asked for too) while this one renders the rest: the PDF takes most of
    the time, and the machine has a second core. A failure or Ctrl-C stops the other
    process; files already written stay complete.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(f"output folder {out_dir} is a file; remove it or pass --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create output folder {out_dir}: {exc.strerror or exc}; "
                         "choose another folder with --out") from None
    stem = report.config.file_stem  # type: ignore[attr-defined]
    targets = {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}
    own_worker = None
    if render is None and "pdf" in formats and pdf_worker is None and len(formats) > 1:
        pdf_worker = own_worker = pdf_worker_for(formats)
    status = console.status(f"building {', '.join(f.upper() for f in formats)}…") \
        if console else None
    try:
        if status:
            status.start()
        pending = None
        if render is None and "pdf" in formats and pdf_worker is not None:
            pending = (time.perf_counter(), pdf_worker.render(report, draft))
        for fmt in formats:
            if pending is not None and fmt == "pdf":
                continue
            started = time.perf_counter()
            _write(targets[fmt], _render_checked(render or _render, report, fmt, draft))
            if on_written:
                on_written(fmt, targets[fmt], time.perf_counter() - started)
        if pending is not None:
            started, result = pending
            _write(targets["pdf"], result.get())
            if on_written:
                on_written("pdf", targets["pdf"], time.perf_counter() - started)
    finally:
        if own_worker is not None:
            own_worker.close()
        if status:
            status.stop()
    return [targets[fmt] for fmt in formats]
