"""Which folders the preview watches, and the loop that rebuilds the page when a file in them
is saved.

Apart from the server because it is the part that depends on the platform (inotify, FSEvents,
polling on network drives and WSL) and on watchfiles; the server only gives it a rebuild to
call and a stop event.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from kamerbrief.model import Report


class SourceWatcher:
    """The project's source folders, and ``run``: call ``on_change`` after each save there.

    ``remember`` takes the folders of the report as last built (its chapters' and its style's
    folders), so a chapter moved to a new folder or a changed style is watched from the next
    build on. ``ready`` is set once the watcher has started and the first check is done.
    """

    def __init__(self, root: Path, on_change: Callable[[], object],
                 log: Callable[[str], None]) -> None:
        self.root = root
        self.on_change = on_change
        self.log = log
        self.ready = threading.Event()
        self._style_dirs: list[Path] = []
        self._chapter_dirs: set[Path] = set()

    def remember(self, report: Report) -> None:
        """Note the folders ``report`` was read from: its chapters' and its style's."""
        from kamerbrief.render.style import find_style

        style = find_style(report)
        folders = {style.folder, style.default_folder}
        self._style_dirs = sorted({Path(d) for f in folders for d, _, _ in os.walk(f)})
        self._chapter_dirs = {(self.root / rel).resolve().parent
                              for rel in report.config.chapters}

    def dirs(self) -> list[Path]:
        """The folders watched (each without its subfolders): the project folder itself,
        the chapters' folders, tables/ and the style folders."""
        from kamerbrief.project import TABLE_DIR

        dirs = {self.root, self.root / "chapters", self.root / TABLE_DIR}
        dirs |= {d for d in self._chapter_dirs if d.is_relative_to(self.root)}
        dirs |= set(self._style_dirs)
        return sorted(d for d in dirs if d.is_dir())

    def run(self, stop: threading.Event) -> None:
        """Watch until ``stop`` is set; falls back to polling when native events fail."""
        from watchfiles import DefaultFilter, watch

        polling: bool | None = None  # None: native events (inotify, FSEvents, ...)
        failure = ""
        relevant = DefaultFilter()  # skips editor swap and backup files, like the watcher
        seen: tuple[tuple[str, int, int], ...] | None = None  # the files as last built
        while not stop.is_set():
            dirs = self.dirs()
            if not dirs:  # the project folder is gone: wait for it to come back
                stop.wait(0.5)
                continue
            try:
                for changes in watch(*dirs, watch_filter=relevant, stop_event=stop,
                                     recursive=False, debounce=400, step=50, rust_timeout=200,
                                     yield_on_timeout=True, raise_interrupt=False,
                                     force_polling=polling):
                    # Besides the watcher's events, compare the files' sizes and times: that
                    # covers the time before the watcher started, and two saves of the same
                    # size that a polling watcher (network drives, WSL) sees as one.
                    now = _fingerprint(dirs, relevant)
                    if changes or now != seen:
                        seen = now
                        self.on_change()
                    self.ready.set()
                    if stop.is_set() or self.dirs() != dirs:
                        break
            except Exception as exc:  # a folder vanished, or no inotify watches left
                if str(exc) != failure:
                    failure = str(exc)
                    self.log(f"watching the files failed ({exc}); watching by polling")
                polling = True
                stop.wait(0.5)


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
