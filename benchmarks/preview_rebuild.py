"""Time ``kamerbrief preview``'s rebuild after a chapter is saved, with and without its caches.

In-process: a PreviewServer (no HTTP server, no watcher) on a copy of the example project;
each timed rebuild (``PreviewServer.rebuild``: load, check, render the page) follows an edit
of one chapter. The modes run round-robin, one rebuild each per round, after two untimed
warm-up rounds; medians of ``--runs`` rounds (default 20), one
edited chapter after the other, ``time.perf_counter``.

Modes:

- *no caches*: every chapter and table read again, the templates compiled again (as before
  the caches);
- *source cache*: unchanged chapters and tables reused (project.SourceCache), templates
  compiled again;
- *template cache*: everything read again, compiled templates reused (render.html);
- *both*: what ``kamerbrief preview`` does.

Run: ``.venv/bin/python benchmarks/preview_rebuild.py [--runs 20] [--chapter 03-verstoren.md]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kamerbrief.preview import PreviewServer
from kamerbrief.project import RACY_NS, SourceCache
from kamerbrief.render import html

ROOT = Path(__file__).resolve().parent.parent
IGNORE = shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache", ".ruff_cache",
                                ".mypy_cache", ".venv-floor", ".hypothesis", "*.egg-info", "tests",
                                "benchmarks", "docs", "src")
MODES = {  # name: (source cache, template cache)
    "no caches": (False, False),
    "source cache": (True, False),
    "template cache": (False, True),
    "both (preview)": (True, True),
}


def rebuild_times(project: Path, chapters: list[str], runs: int, warmup: int = 2) -> dict:
    servers = {}
    for name, (sources, _) in MODES.items():
        server = PreviewServer(project, watch=False)
        server.cache = SourceCache() if sources else None
        server.rebuild()
        servers[name] = server
    texts = {chapter: (project / "chapters" / chapter).read_text(encoding="utf-8") for chapter in chapters}
    times: dict[tuple[str, str], list[float]] = {(c, m): [] for c in chapters for m in MODES}
    edit = 0
    for chapter in chapters:  # one chapter after the other, as a writer works
        # a file saved less than RACY_NS ago is read again: let the last chapter settle
        time.sleep(RACY_NS / 1e9)
        for round_number in range(warmup + runs):
            for name, (_, templates) in MODES.items():
                edit += 1
                (project / "chapters" / chapter).write_text(
                    texts[chapter] + f"\nBewerking {edit}.\n", encoding="utf-8")
                if not templates:
                    html._ENVIRONMENTS.clear()
                start = time.perf_counter()
                changed = servers[name].rebuild()
                elapsed = time.perf_counter() - start
                if not changed or servers[name].error:
                    raise SystemExit(f"rebuild did not build a new page: {servers[name].error}")
                if round_number >= warmup:
                    times[chapter, name].append(elapsed)
            for name, server in servers.items():  # the edited chapter only (after warm-up)
                if round_number >= warmup and server.cache is not None and server.cache.misses != 1:
                    raise SystemExit(f"{name}: the last rebuild read {server.cache.misses} files, "
                                     "not 1")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--chapter", action="append",
                        help="chapter file to edit (default: the largest and the smallest)")
    args = parser.parse_args(argv)
    chapters = args.chapter or ["03-verstoren.md", "01-inleiding.md"]
    work = Path(tempfile.mkdtemp(prefix="kamerbrief-rebuild-"))
    load_before = os.getloadavg()[0]
    try:
        project = work / "example"
        shutil.copytree(ROOT, project, ignore=IGNORE)  # copy2 keeps the files' times
        times = rebuild_times(project, chapters, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"median of {args.runs} rebuilds after editing one chapter (ms; min–max); load average "
          f"before {load_before:.2f}, after {os.getloadavg()[0]:.2f}\n")
    print("| edited chapter | " + " | ".join(MODES) + " |")
    print("| --- |" + " ---: |" * len(MODES))
    for chapter in chapters:
        size = (ROOT / "chapters" / chapter).stat().st_size // 1024
        cells = []
        for name in MODES:
            values = times[chapter, name]
            cells.append(f"{statistics.median(values) * 1000:.0f} "
                         f"({min(values) * 1000:.0f}–{max(values) * 1000:.0f})")
        print(f"| {chapter} ({size} KiB) | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
