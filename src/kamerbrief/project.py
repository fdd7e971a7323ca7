"""Load a project directory into one resolved Report: config, chapters, tables.

``load_report(root, cache=SourceCache())`` reuses the chapters and tables parsed by the
previous load with the same cache while their files are unchanged (``kamerbrief preview``).
"""

from __future__ import annotations

import difflib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kamerbrief.config import Config, load_config
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import Report, SourceLocation, Table
from kamerbrief.readers.markdown import read_chapter
from kamerbrief.readers.tables import read_table
from kamerbrief.readers.textfile import TextFileError, read_text
from kamerbrief.resolve import resolve
from kamerbrief.timestamps import RACY_NS

TABLE_DIR = "tables"


TABLE_SUFFIXES = (".csv", ".xlsx")


def table_files(root: Path) -> list[Path]:
    """The tables: ``tables/*.csv`` and ``tables/*.xlsx``, sorted (so a .csv comes before an
    .xlsx of the same id). Excel's lock files (``~$name.xlsx``) are not tables."""
    folder = root / TABLE_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.suffix in TABLE_SUFFIXES
                  and not path.name.startswith("~$"))


def orphan_sidecars(root: Path, tables: list[Path]) -> list[Diagnostic]:
    """KB119 for each ``tables/<id>.toml`` that no table file ``<id>.csv``/``.xlsx`` goes with.

    Nothing reads such a sidecar, so without this a writer who renamed the table but not its
    sidecar would lose the caption, notes and checks without a word.
    """
    folder = root / TABLE_DIR
    if not folder.is_dir():
        return []
    ids = {path.stem: path for path in tables}
    sidecars = sorted(path for path in folder.iterdir()
                      if path.suffix == ".toml" and not path.is_dir())
    # A sidecar can only belong to a table that has none yet: suggest those, never one
    # whose own sidecar a rename would overwrite.
    dressed = {sidecar.stem for sidecar in sidecars}
    bare = [stem for stem in ids if stem not in dressed]
    findings = []
    for sidecar in sidecars:
        if sidecar.stem in ids:
            continue
        rel = _rel(root, sidecar)
        findings.append(Diagnostic(
            "KB119", Severity.WARNING,
            f"sidecar {rel} has no table: there is no {TABLE_DIR}/{sidecar.stem}.csv or "
            f"{TABLE_DIR}/{sidecar.stem}.xlsx", SourceLocation(rel, 1),
            hint=_orphan_hint(root, sidecar, ids, bare)))
    return findings


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _orphan_hint(root: Path, sidecar: Path, ids: dict[str, Path], bare: list[str]) -> str:
    """How to fix a sidecar without a table: which file it may have been meant for."""
    hint = "rename it to match its table file, or delete it"
    namesakes = sorted(path for path in sidecar.parent.iterdir()
                       if path.stem == sidecar.stem and path != sidecar
                       and path.suffix and path.is_file())
    if namesakes:  # t.xls, t.ods, t.CSV: there, but not a table kamerbrief reads
        return (f"{_rel(root, namesakes[0])} is not read: only .csv and .xlsx files are "
                "tables; save it as .xlsx or export it as CSV")
    close = difflib.get_close_matches(sidecar.stem, bare, n=1)
    if close:
        hint += (f"; did you mean {TABLE_DIR}/{close[0]}.toml, beside "
                 f"{_rel(root, ids[close[0]])}?")
    return hint



T = TypeVar("T")


def file_stamp(path: Path) -> tuple[object, ...] | None:
    """What tells a changed file: size, mtime_ns, ctime_ns, inode and device (None: absent).

    A dangling symbolic link has a stamp of its own, so creating one is a change too.
    """
    try:
        st = path.stat()
    except OSError:
        try:
            st = os.lstat(path)
        except OSError:
            return None
        return ("link", st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


@dataclass
class _Entry:
    key: tuple[object, ...]
    value: Any
    findings: list[Diagnostic]
    trusted: bool  # False: the file was too fresh when read (RACY_NS); read it again


class SourceCache:
    """Parsed chapters and tables kept between loads, reused while their files are unchanged.

    An entry is keyed by the file's stamp (size, mtime_ns, ctime_ns, inode; a table's also by
    its sidecar's), its project-relative name and the vocabulary the readers use, and holds
    the parsed object with the reader's findings. What depends on several files (table and
    footnote numbers, quoted values, anchors, placements) is not cached: ``resolve`` resets
    and recomputes it on every load, so a reused chapter gives what a fresh read gives.

    The objects of one load are shared with the next: keep only the newest report. Not
    thread-safe: give each preview its own cache and load under one lock.
    ``hits`` and ``misses`` count the files reused and read by the last load.
    """

    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._touched: set[str] = set()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()

    def _begin(self) -> None:
        self._touched = set()
        self.hits = self.misses = 0

    def _finish(self) -> None:
        """Forget the files this load did not ask for (removed or renamed ones)."""
        for slot in set(self._entries) - self._touched:
            del self._entries[slot]

    def _through(self, slot: str, files: tuple[Path, ...], extra: tuple[object, ...],
                 read: Callable[[], tuple[T, list[Diagnostic]]]) -> tuple[T, list[Diagnostic]]:
        started = time.time_ns()
        stamps = tuple(file_stamp(path) for path in files)
        key = (stamps, extra)
        first = slot not in self._touched  # a chapter listed twice gets its own objects
        self._touched.add(slot)
        entry = self._entries.get(slot) if first else None
        if entry is not None and entry.trusted and entry.key == key:
            self.hits += 1
            return entry.value, list(entry.findings)
        self.misses += 1
        value, findings = read()  # raises when the file cannot be read: nothing is kept
        if first:
            trusted = all(isinstance(stamp[1], int) and stamp[1] < started - RACY_NS
                          for stamp in stamps if stamp is not None)
            self._entries[slot] = _Entry(key, value, list(findings), trusted)
        return value, findings


def _read(cache: SourceCache | None, slot: str, files: tuple[Path, ...], extra: tuple[object, ...],
          read: Callable[[], tuple[T, list[Diagnostic]]]) -> tuple[T, list[Diagnostic]]:
    return read() if cache is None else cache._through(slot, files, extra, read)


def load_report(root: Path, config: Config | None = None,
                cache: SourceCache | None = None) -> tuple[Report, list[Diagnostic]]:
    """Read everything once. Raises ProjectError only when the project cannot be read.

    With ``cache``, chapters and tables whose files did not change since the last load with
    that cache are not read again (see SourceCache); the result is the same.
    """
    root = root.resolve()
    config = config or load_config(root)
    # the readers' only inputs besides the file
    vocabulary = (f"{config.vocabulary!r} typography={config.typography} "
                  f"citation_links={config.citation_links}")
    if cache is not None:
        cache._begin()
    findings: list[Diagnostic] = []
    fatal: list[Diagnostic] = []
    chapters = []
    for rel in config.chapters:
        path = (root / rel).resolve()
        if not path.is_relative_to(root):
            fatal.append(Diagnostic("KB001", Severity.ERROR,
                                    f"chapter '{rel}' lies outside the project folder",
                                    SourceLocation("kamerbrief.toml"),
                                    hint="keep chapters inside the project"))
            continue

        def read_file(path: Path = path, rel: str = rel):
            source, _ = read_text(path)
            return read_chapter(path, rel, source, config.vocabulary, config.typography,
                                config.citation_links)

        try:
            chapter, chapter_findings = _read(cache, f"chapter:{path}", (path,), (rel, vocabulary),
                                              read_file)
        except TextFileError as exc:
            fatal.append(Diagnostic("KB004", Severity.ERROR, f"cannot read chapter: {exc}",
                                    SourceLocation(rel, exc.line),
                                    hint=exc.hint or "save the chapter as UTF-8 text"))
            continue
        chapters.append(chapter)
        findings.extend(chapter_findings)
    tables: dict[str, Table] = {}
    seen: dict[str, str] = {}  # table id → the file read for it
    files = table_files(root)
    for csv_path in files:
        rel = csv_path.relative_to(root).as_posix()
        if csv_path.stem in seen:
            findings.append(Diagnostic(
                "KB110", Severity.ERROR,
                f"two files for table id '{csv_path.stem}': {seen[csv_path.stem]} and {rel}; "
                f"{rel} is not read", SourceLocation(rel),
                hint="keep one of them: remove the other, or rename it to a new table id"))
            continue
        seen[csv_path.stem] = rel

        def read_one(csv_path: Path = csv_path) -> tuple[Table, list[Diagnostic]]:
            found: list[Diagnostic] = []
            return read_table(csv_path, root, config.vocabulary, found, config.typography), found

        try:
            table, table_findings = _read(cache, f"table:{csv_path}",
                                          (csv_path, csv_path.with_suffix(".toml")),
                                          (rel, str(root), vocabulary), read_one)
        except ProjectError as exc:
            fatal.extend(exc.diagnostics)
            continue
        findings.extend(table_findings)
        tables[table.id] = table
    findings.extend(orphan_sidecars(root, files))
    if cache is not None:
        cache._finish()
    if fatal:
        raise ProjectError(fatal)
    report = Report(root=root, config=config, chapters=chapters, tables=tables)
    findings.extend(resolve(report))
    return report, findings
