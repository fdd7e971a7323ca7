"""``kamerbrief preview``: the HTML report in a local browser, rebuilt on every save.

The page is built in memory (``render_html``) and served on 127.0.0.1 by the standard
library's HTTP server. watchfiles watches the chapters, the tables, ``kamerbrief.toml`` and
the style folder; each save rebuilds the page, and a small script that only the preview
adds polls ``/__version`` and reloads the browser when the page changed. The published HTML
(``kamerbrief build``) stays script-free.

Check findings are shown where they are: a note above the table with the row and cell
outlined, a note before the paragraph at the finding's source line, and a panel at the top
for findings with no place on the page. A project that cannot be loaded shows an error page
until the next good save.
"""

from __future__ import annotations

import html as html_lib
import mimetypes
import os
import sys
import threading
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import Block, Report, Row, Table
from kamerbrief.resolve import walk_blocks

VERSION_PATH = "/__version"

# Added to the served page only, before </body>. It asks for the page version and reloads
# when it differs from the one the page was built as; a stopped server is retried slowly.
RELOAD_SCRIPT = """<script>/* kamerbrief preview: reload when a source file is saved */
(function () {
  var version = "%s";
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (v.trim() !== version) { location.reload(); } else { setTimeout(poll, 300); }
    }).catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 300);
})();
</script>
"""


class PreviewError(Exception):
    """The preview cannot start: the port is taken, or the address cannot be used."""


# ------------------------------------------------------------------ findings on the page


@dataclass(frozen=True)
class FindingNote:
    """One finding as the preview templates show it; ``id`` marks it in the page."""

    id: int
    code: str
    severity: str
    message: str
    where: str
    hint: str
    path: str
    line: int
    column: str

    @classmethod
    def of(cls, index: int, finding: Diagnostic) -> FindingNote:
        loc = finding.location
        return cls(index, finding.code, finding.severity.value, finding.message, str(loc),
                   finding.hint, loc.path, loc.line, loc.column)


class PreviewFindings:
    """The ``findings`` the templates take in preview mode: which note goes where.

    A finding in a table file or its sidecar goes above that table (its row and cell are
    outlined); a finding in a chapter goes before the block at or above its source line;
    every other finding, or one whose place the page does not show, goes into ``panel``.
    """

    def __init__(self, report: Report, findings: Iterable[Diagnostic],
                 to_panel: Iterable[int] = ()):
        self.notes = [FindingNote.of(i, f) for i, f in enumerate(findings)]
        forced = set(to_panel)
        self.panel: list[FindingNote] = []
        self._tables: dict[str, list[FindingNote]] = {}
        self._blocks: dict[int, list[FindingNote]] = {}
        self._rows: dict[tuple[str, int], str] = {}
        self._cells: dict[tuple[str, int, str], str] = {}
        self._keep: list[Block] = []  # the blocks keyed by id() stay alive while we exist
        table_of_file: dict[str, Table] = {}
        placed = {placement.table_id for _, placement in report.placements}
        for table in report.tables.values():
            if table.id in placed:
                table_of_file[table.path] = table
                if table.meta.sidecar:
                    table_of_file[table.meta.sidecar] = table
        chapters = {chapter.path: chapter for chapter in report.chapters}
        for note in self.notes:
            if note.id in forced:
                self.panel.append(note)
            elif note.path in table_of_file:
                self._place_in_table(table_of_file[note.path], note)
            elif note.path in chapters and (block := self._block_at(chapters[note.path].blocks,
                                                                    note.line)) is not None:
                self._blocks.setdefault(id(block), []).append(note)
                self._keep.append(block)
            else:
                self.panel.append(note)

    def _place_in_table(self, table: Table, note: FindingNote) -> None:
        self._tables.setdefault(table.id, []).append(note)
        if note.path != table.path or not note.line:
            return
        for row in table.rows:
            if row.line == note.line:
                key = (table.id, row.line)
                self._rows[key] = _worse(self._rows.get(key, ""), note.severity)
                if note.column in row.cells:
                    ckey = (table.id, row.line, note.column)
                    self._cells[ckey] = _worse(self._cells.get(ckey, ""), note.severity)

    @staticmethod
    def _block_at(blocks: list[Block], line: int) -> Block | None:
        """The last block, in reading order, that starts at or above ``line``."""
        found = None
        if line <= 0:
            return None
        for block in walk_blocks(blocks):
            start = block.location.line
            if 0 < start <= line:
                found = block
        return found

    # -- what the templates ask

    def block(self, block: Block) -> list[FindingNote]:
        return self._blocks.get(id(block), [])

    def table(self, table: Table) -> list[FindingNote]:
        return self._tables.get(table.id, [])

    def row_class(self, table: Table, row: Row) -> str:
        severity = self._rows.get((table.id, row.line), "")
        return f" kb-finding-row kb-{severity}" if severity else ""

    def cell_class(self, table: Table, row: Row, column: str) -> str:
        severity = self._cells.get((table.id, row.line, column), "")
        return f" kb-finding-cell kb-{severity}" if severity else ""

    def summary(self) -> str:
        return summary(self.notes)


def summary(findings: Iterable[Diagnostic | FindingNote]) -> str:
    """'2 errors, 1 warning' or 'no findings'."""
    severities = [str(getattr(f.severity, "value", f.severity)) for f in findings]
    if not severities:
        return "no findings"
    return (f"{_count(severities.count(Severity.ERROR.value), 'error')}, "
            f"{_count(severities.count(Severity.WARNING.value), 'warning')}")


def _worse(a: str, b: str) -> str:
    return Severity.ERROR.value if Severity.ERROR.value in (a, b) else (a or b)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _marker(note: FindingNote) -> str:
    return f'data-finding="{note.id}"'


# ------------------------------------------------------------------ pages


def preview_page(report: Report, findings: list[Diagnostic]) -> str:
    """The report page with its findings on it (the server adds the reload script)."""
    from kamerbrief.render.html import render_html

    view = PreviewFindings(report, findings)
    page = render_html(report, findings=view)
    missing = [n.id for n in view.notes if n not in view.panel and _marker(n) not in page]
    if missing:  # a project style without the preview blocks: show those in the panel
        view = PreviewFindings(report, findings, to_panel=missing)
        page = render_html(report, findings=view)
    lost = [n for n in view.notes if _marker(n) not in page]
    if lost:  # the style has no panel either: add a plain one
        page = _insert_after_body(page, _fallback_panel(lost))
    return page


def error_page(title: str, findings: list[Diagnostic], detail: str = "") -> str:
    """The page shown while the project cannot be loaded or rendered."""
    esc = html_lib.escape
    items = "".join(
        f'<li data-finding="{i}"><strong>{esc(f.code)}</strong> {esc(f.message)} '
        f'<span class="where">{esc(str(f.location))}</span>'
        + (f'<br><span class="hint">{esc(f.hint)}</span>' if f.hint else "") + "</li>"
        for i, f in enumerate(findings))
    body = (f"<h1>{esc(title)}</h1>"
            + (f'<ul class="findings">{items}</ul>' if items else "")
            + (f"<pre>{esc(detail)}</pre>" if detail else "")
            + "<p>The page reloads by itself after the next save.</p>")
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>kamerbrief preview – {esc(title)}</title>\n<style>\n"
            "body { font-family: sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }\n"
            "h1 { color: #b00; font-size: 1.4rem; }\n"
            ".findings li { margin: 0.5rem 0; } .where, .hint { color: #555; }\n"
            "pre { background: #f6f6f6; padding: 1rem; overflow: auto; font-size: 0.8rem; }\n"
            "</style>\n</head>\n<body class=\"kb-preview-error\">\n" + body + "\n</body>\n</html>\n")
    return page


def _fallback_panel(notes: list[FindingNote]) -> str:
    esc = html_lib.escape
    items = "".join(f'<li {_marker(n)}><strong>{esc(n.code)}</strong> {esc(n.message)} '
                    f'({esc(n.where)})</li>' for n in notes)
    return (f'<aside class="kb-preview-panel" style="border:2px solid #b00;padding:0.5rem 1rem;'
            f'margin:1rem 0;color:#600;background:#fff3f3"><ul>{items}</ul></aside>\n')


def _insert_after_body(page: str, fragment: str) -> str:
    start = page.find("<body")
    end = page.find(">", start) if start >= 0 else -1
    return page[:end + 1] + "\n" + fragment + page[end + 1:] if end >= 0 else fragment + page


def with_reload_script(page: str, version: str) -> str:
    """The page as served: the reload script added before </body>."""
    script = RELOAD_SCRIPT % (version, VERSION_PATH)
    at = page.rfind("</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


# ------------------------------------------------------------------ the server


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
    context manager. ``watch=False`` leaves rebuilding to the caller.
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
        self._watching = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._style_dirs: list[Path] = []
        self._chapter_dirs: set[Path] = set()
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
                self._remember_places(report)
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

    def _remember_places(self, report: Report) -> None:
        from kamerbrief.render.style import find_style

        style = find_style(report)
        folders = {style.folder, style.default_folder}
        self._style_dirs = sorted({Path(d) for f in folders for d, _, _ in os.walk(f)})
        self._chapter_dirs = {(self.root / rel).resolve().parent
                              for rel in getattr(report.config, "chapters", [])}

    def project_file(self, url_path: str) -> Path | None:
        """A file of the project asked for by the page (an image), or None."""
        parts = [p for p in url_path.split("/") if p]
        if not parts or any(p.startswith(".") for p in parts):
            return None
        file = (self.root / Path(*parts)).resolve()
        return file if file.is_relative_to(self.root) and file.is_file() else None

    # -- watching

    def watch_dirs(self) -> list[Path]:
        """The folders watched (each without its subfolders): the project folder itself,
        the chapters' folders, tables/ and the style folders."""
        from kamerbrief.project import TABLE_DIR

        dirs = {self.root, self.root / "chapters", self.root / TABLE_DIR}
        dirs |= {d for d in self._chapter_dirs if d.is_relative_to(self.root)}
        dirs |= set(self._style_dirs)
        return sorted(d for d in dirs if d.is_dir())

    def _watch_loop(self) -> None:
        from watchfiles import DefaultFilter, watch

        polling: bool | None = None  # None: native events (inotify, FSEvents, ...)
        failure = ""
        relevant = DefaultFilter()  # skips editor swap and backup files, like the watcher
        seen: tuple[tuple[str, int, int], ...] | None = None  # the files as last built
        while not self._stop.is_set():
            dirs = self.watch_dirs()
            if not dirs:  # the project folder is gone: wait for it to come back
                self._stop.wait(0.5)
                continue
            try:
                for changes in watch(*dirs, watch_filter=relevant, stop_event=self._stop,
                                     recursive=False, debounce=400, step=50, rust_timeout=200,
                                     yield_on_timeout=True, raise_interrupt=False,
                                     force_polling=polling):
                    # Besides the watcher's events, compare the files' sizes and times: that
                    # covers the time before the watcher started, and two saves of the same
                    # size that a polling watcher (network drives, WSL) sees as one.
                    now = _fingerprint(dirs, relevant)
                    if changes or now != seen:
                        seen = now
                        self.rebuild()
                    self._watching.set()
                    if self._stop.is_set() or self.watch_dirs() != dirs:
                        break
            except Exception as exc:  # a folder vanished, or no inotify watches left
                if str(exc) != failure:
                    failure = str(exc)
                    self.log(f"watching the files failed ({exc}); watching by polling")
                polling = True
                self._stop.wait(0.5)

    # -- running

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the preview server is not started")
        host, port = self._httpd.server_address[:2]
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
            watcher = threading.Thread(target=self._watch_loop, name="kamerbrief-preview-watch",
                                       daemon=True)
            watcher.start()
            self._threads.append(watcher)
            self._watching.wait(wait)

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []
        self._watching.clear()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until stopped (or ``timeout``); True when stopped."""
        return self._stop.wait(timeout)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _fingerprint(dirs: list[Path], relevant: Callable[..., bool]) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file directly in ``dirs``."""
    from watchfiles import Change

    entries = []
    for folder in dirs:
        try:
            with os.scandir(folder) as found:
                for entry in found:
                    if not entry.is_file() or not relevant(Change.modified, entry.path):
                        continue
                    try:
                        stat = entry.stat()
                    except OSError:
                        continue
                    entries.append((entry.path, stat.st_mtime_ns, stat.st_size))
        except OSError:
            continue
    return tuple(sorted(entries))


def _can_open_browser() -> bool:
    if os.environ.get("CI"):
        return False
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve(project: Path, host: str = "127.0.0.1", port: int = 8000,
          open_browser: bool = True) -> None:
    """Serve the preview of ``project`` until Ctrl-C; print its URL, maybe open a browser.

    ``open_browser`` is ignored when the CI environment variable is set or there is no
    display. Raises PreviewError when the address cannot be used (e.g. the port is taken).
    """
    def say(message: str) -> None:
        print(message, flush=True)

    server = PreviewServer(project, host=host, port=port, log=say)
    server.start()
    say(f"kamerbrief preview: {server.url} (Ctrl-C to stop)")
    if open_browser and _can_open_browser():
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        while not server.wait(0.5):
            pass
    except KeyboardInterrupt:
        say("preview stopped")
    finally:
        server.stop()
