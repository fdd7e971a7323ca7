"""The preview server: keeps the page current and serves it on 127.0.0.1.

The standard library's HTTP server is enough for one writer's browser; the page is built in
memory and swapped in whole, so a request never sees half a rebuild. It reports through
``log`` and raises PreviewError; printing and Ctrl-C are the command line's.
"""

from __future__ import annotations

import mimetypes
import threading
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kamerbrief.diagnostics import Diagnostic, ProjectError
from kamerbrief.model import Report
from kamerbrief.preview.findings import summary
from kamerbrief.preview.fragments import VERSION_PATH, error_page, preview_page, with_reload_script
from kamerbrief.preview.watch import SourceWatcher


class PreviewError(Exception):
    """The preview cannot start: the port is taken, or the address cannot be used."""


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            version, page = preview.snapshot()
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"), send_body)
        elif path == VERSION_PATH:
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", preview.version.encode(), send_body)
        else:
            file = preview.project_file(path)
            try:
                body = file.read_bytes() if file is not None else None
            except OSError:
                body = None
            if file is None or body is None:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found", send_body)
            else:
                kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
                self._send(HTTPStatus.OK, kind, body, send_body)

    def _send(self, status: HTTPStatus, kind: str, body: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # the page polls: stay quiet
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: PreviewServer):
        self.preview = preview
        super().__init__(address, _Handler)


class PreviewServer:
    """The preview: a page kept up to date, an HTTP server and a file watcher.

    ``start()`` builds the page, listens and watches (port 0 picks a free port; ``url``
    tells which); ``rebuild()`` builds again now; ``stop()`` ends both threads. Usable as a
    context manager. ``watch=False`` leaves rebuilding to the caller. ``log`` gets one line
    per build and per watcher problem.
    """

    def __init__(self, project: Path, host: str = "127.0.0.1", port: int = 8000,
                 watch: bool = True, log: Callable[[str], None] | None = None):
        self.root = Path(project).resolve()
        self.host = host
        self.port = port
        self.watch = watch
        self.log = log or (lambda message: None)
        self.findings: list[Diagnostic] = []
        self.report: Report | None = None
        self.error: str = ""  # why the last build showed the error page, "" when it did not
        self._version = 0
        self._body = ""  # the page without the reload script
        self._page = ""
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher = SourceWatcher(self.root, self.rebuild, lambda message: self.log(message))
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        from kamerbrief.project import SourceCache

        # Chapters and tables parsed by the last build, reused while their files are unchanged.
        self.cache: SourceCache | None = SourceCache()

    # -- the page

    @property
    def version(self) -> str:
        return str(self._version)

    def snapshot(self) -> tuple[str, str]:
        """The current version and page, taken together."""
        with self._lock:
            return str(self._version), self._page

    @property
    def page(self) -> str:
        return self.snapshot()[1]

    def rebuild(self) -> bool:
        """Build the page from the files as they are now; True when it changed."""
        from kamerbrief.checks import run_checks
        from kamerbrief.project import load_report

        with self._build_lock:
            try:
                report, reader_findings = load_report(self.root, cache=self.cache)
                findings = run_checks(report, reader_findings)
                self._watcher.remember(report)
                body = preview_page(report, findings)
                self.report, self.findings, self.error = report, findings, ""
                status = summary(findings)
            except ProjectError as exc:
                self.report, self.findings = None, exc.diagnostics
                self.error = "; ".join(d.message for d in exc.diagnostics)
                body = error_page("The project cannot be loaded", exc.diagnostics)
                status = f"cannot load the project: {self.error}"
            except Exception as exc:  # a style or a bug: show it and keep serving
                self.report, self.findings = None, []
                self.error = f"{type(exc).__name__}: {exc}"
                body = error_page("The page cannot be built", [], traceback.format_exc())
                status = f"cannot build the page: {self.error}"
            with self._lock:
                if body == self._body:
                    return False
                self._version += 1
                self._body = body
                self._page = with_reload_script(body, str(self._version))
        self.log(f"{'rebuilt' if self._version > 1 else 'built'}: {status}")
        return True

    def project_file(self, url_path: str) -> Path | None:
        """A file of the project asked for by the page (an image), or None."""
        parts = [p for p in url_path.split("/") if p]
        if not parts or any(p.startswith(".") for p in parts):
            return None
        file = (self.root / Path(*parts)).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() else None

    def watch_dirs(self) -> list[Path]:
        """The folders watched (each without its subfolders): see SourceWatcher.dirs."""
        return self._watcher.dirs()

    # -- running

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the preview server is not started")
        host, port = self._httpd.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host  # bytes only for AF_UNIX
        return f"http://{host}:{port}/"

    def start(self, wait: float = 10.0) -> None:
        """Build, listen and watch; returns once the watcher is ready (at most ``wait`` s)."""
        if not self.root.is_dir():
            raise PreviewError(f"no project folder {self.root}")
        self.rebuild()
        try:
            self._httpd = _HTTPServer((self.host, self.port), self)
        except OSError as exc:
            raise PreviewError(f"cannot listen on {self.host}:{self.port}: "
                               f"{exc.strerror or exc}; choose another port") from exc
        self._stop.clear()
        serving = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                   name="kamerbrief-preview-http", daemon=True)
        serving.start()
        self._threads = [serving]
        if self.watch:
            watcher = threading.Thread(target=self._watcher.run, args=(self._stop,),
                                       name="kamerbrief-preview-watch", daemon=True)
            watcher.start()
            self._threads.append(watcher)
            self._watcher.ready.wait(wait)

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self._watcher.ready.clear()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until stopped (or ``timeout``); True when stopped."""
        return self._stop.wait(timeout)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
