"""project.SourceCache: a load that reuses unchanged chapters and tables gives what a fresh
load gives — the resolved model, the reader and check findings and the HTML.

Files written by a test are seconds old, and the cache does not trust a file saved less than
RACY_NS before it was read; ``backdate`` makes them a minute old so they can be reused.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SIDECAR, describe, write_project
from kamerbrief.checks import run_checks
from kamerbrief.diagnostics import ProjectError
from kamerbrief.model import FootnoteRef, Link, Report, TableRef, ValueRef
from kamerbrief.preview import PreviewServer, preview_page
from kamerbrief.project import SourceCache, load_report
from kamerbrief.render.html import render_html
from kamerbrief.resolve import resolve
from kamerbrief.walk import chapter_inlines

CSV = "Post;2023\nA;1\nB;2\nTOTAAL;3\n"


def backdate(root: Path, seconds: int = 60) -> None:
    """Every file of the project ``seconds`` old (a file's content is left as it is)."""
    when = time.time() - seconds
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder) / name, (when, when))


def after_clock_tick(ctime_ns: int, folder: Path) -> None:
    """Return once a file changed now gets a later ctime than ``ctime_ns``."""
    probe = folder / ".clock-probe"
    try:
        while True:
            probe.unlink(missing_ok=True)
            probe.write_bytes(b"")  # a new file: its ctime is the clock's time now
            if probe.stat().st_ctime_ns > ctime_ns:
                return
            time.sleep(0.001)
    finally:
        probe.unlink(missing_ok=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_as_fresh(root: Path, cache: SourceCache) -> Report:
    """Load with the cache and without; everything must be equal. Returns the cached report."""
    report, reader_findings = load_report(root, cache=cache)
    fresh, fresh_findings = load_report(root)
    assert describe(reader_findings) == describe(fresh_findings)
    assert reader_findings == fresh_findings
    assert report == fresh
    assert run_checks(report, reader_findings) == run_checks(fresh, fresh_findings)
    assert render_html(report, for_print=True) == render_html(fresh, for_print=True)
    return report


def footnotes(report: Report, index: int) -> list[tuple[str, int]]:
    chapter = report.chapters[index]
    return [(i.label, i.number) for i in chapter_inlines(chapter) if isinstance(i, FootnoteRef)]


def values(report: Report) -> list[str]:
    return [i.text for c in report.chapters for i in chapter_inlines(c) if isinstance(i, ValueRef)]


# ------------------------------------------------------------------ the example


def test_editing_one_chapter_of_the_example_reuses_the_rest(example_copy: Path) -> None:
    backdate(example_copy)
    cache = SourceCache()
    first, _ = load_report(example_copy, cache=cache)
    files = len(first.chapters) + len(first.tables)
    assert (cache.hits, cache.misses) == (0, files)
    same_as_fresh(example_copy, cache)
    assert (cache.hits, cache.misses) == (files, 0)
    edit(example_copy / "chapters" / "03-verstoren.md", "\n## ",
         "\nEen nieuwe alinea[^nieuw] met {{waarde besteding-2023 | TOTAAL | Plan | miljoen 1}}.\n\n"
         "[^nieuw]: Een nieuwe voetnoot.\n\n## ")
    again = same_as_fresh(example_copy, cache)
    assert (cache.hits, cache.misses) == (files - 1, 1)
    assert again.chapters[3] is first.chapters[3]  # 04-bestraffen: reused, numbers shifted
    assert again.chapters[2] is not first.chapters[2]


def test_resolving_again_gives_the_same_model_and_findings(example_copy: Path) -> None:
    report, _ = load_report(example_copy)  # resolved once already
    snapshot = copy.deepcopy(report)
    assert resolve(report) == []  # not "placed twice" (KB201) for every table
    assert report == snapshot


def test_resolving_again_repeats_its_findings(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": "# A\n\n{{tabel weg}}\n\n{{waarde weg | A | 2023}}\n"})
    report, findings = load_report(root)
    again = resolve(report)
    assert [f.code for f in again] == ["KB207", "KB501"]
    assert again == findings[-2:]


# ------------------------------------------------------------------ what moves between files


def two_chapters(make_project: Callable[..., Path], first: str, second: str, **kwargs) -> Path:
    root = make_project(chapters={"01.md": first, "02.md": second}, **kwargs)
    backdate(root)
    return root


def test_a_footnote_added_in_an_earlier_chapter_shifts_the_later_numbers(
        make_project: Callable[..., Path]) -> None:
    root = two_chapters(make_project, "# A\n\nTekst[^a].\n\n[^a]: A.\n",
                        "# B\n\nTekst[^x] en[^y].\n\n[^x]: X.\n[^y]: Y.\n\n[^ongebruikt]: Weg.\n")
    cache = SourceCache()
    before = same_as_fresh(root, cache)
    assert footnotes(before, 1) == [("x", 2), ("y", 3)]
    edit(root / "chapters" / "01.md", "Tekst[^a].", "Tekst[^a] en[^b].\n\n[^b]: B.")
    after = same_as_fresh(root, cache)
    assert after.chapters[1] is before.chapters[1]
    assert footnotes(after, 1) == [("x", 3), ("y", 4)]
    assert after.chapters[1].footnotes["x"].number == 3
    edit(root / "chapters" / "01.md", "Tekst[^a] en[^b].", "Tekst.")
    after = same_as_fresh(root, cache)
    assert footnotes(after, 1) == [("x", 1), ("y", 2)]


def test_a_removed_or_renamed_table_is_not_remembered(make_project: Callable[..., Path]) -> None:
    root = two_chapters(
        make_project, "# A\n\n{{tabel t1}}\n",
        "# B\n\nZie [tabel](#t2): {{waarde t2 | TOTAAL | 2023}}.\n\n{{tabel t2}}\n",
        tables={"t1.csv": CSV, "t1.toml": SIDECAR, "t2.csv": CSV, "t2.toml": SIDECAR})
    cache = SourceCache()
    before = same_as_fresh(root, cache)
    assert before.tables["t2"].number == 2 and values(before) == ["3"]
    assert len(cache) == 4  # two chapters, two tables

    (root / "tables" / "t1.csv").unlink()
    (root / "tables" / "t1.toml").unlink()
    after = same_as_fresh(root, cache)
    assert after.chapters[1] is before.chapters[1] and after.tables["t2"] is before.tables["t2"]
    assert after.tables["t2"].number == 1
    assert [p.table_id for _, p in after.placements] == ["t2"]
    assert len(cache) == 3

    for suffix in (".csv", ".toml"):
        (root / "tables" / f"t2{suffix}").rename(root / "tables" / f"t3{suffix}")
    after = same_as_fresh(root, cache)
    assert after.tables["t3"].number == 0 and after.placements == []
    assert values(after) == ["??"]
    findings = run_checks(after, load_report(root, cache=cache)[1])
    assert {"KB207", "KB501"} <= {f.code for f in findings}


def test_a_changed_table_changes_the_values_quoted_in_an_unchanged_chapter(
        make_project: Callable[..., Path]) -> None:
    root = two_chapters(make_project, "# A\n\n{{tabel t}}\n", "# B\n\n{{waarde t | TOTAAL | 2023}}\n",
                        tables={"t.csv": CSV, "t.toml": SIDECAR})
    cache = SourceCache()
    assert values(same_as_fresh(root, cache)) == ["3"]
    (root / "tables" / "t.csv").write_text("Post;2023\nA;1\nB;20\nTOTAAL;21\n", encoding="utf-8")
    assert values(same_as_fresh(root, cache)) == ["21"]
    assert cache.misses == 1
    edit(root / "tables" / "t.toml", "Testtabel", "Andere titel")  # the sidecar alone
    assert same_as_fresh(root, cache).tables["t"].meta.caption == "Andere titel"
    assert cache.misses == 1


def test_a_new_vocabulary_reads_the_chapters_again(make_project: Callable[..., Path]) -> None:
    chapter = "# A\n\nZie [tafel](#t).\n\n{{tabel t}}\n"
    root = two_chapters(make_project, chapter, "# B\n\nTekst.\n", tables={"t.csv": CSV, "t.toml": SIDECAR})
    cache = SourceCache()
    before = same_as_fresh(root, cache)
    assert isinstance(before.chapters[0].blocks[1].children[1], Link)
    with (root / "kamerbrief.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[vocabulary]\ntable = "Tafel"\n')
    after = same_as_fresh(root, cache)
    assert isinstance(after.chapters[0].blocks[1].children[1], TableRef)
    assert cache.hits == 0


def test_a_chapter_listed_twice_gets_its_own_objects(make_project: Callable[..., Path]) -> None:
    config = '[report]\ntitle = "T"\nchapters = ["chapters/01.md", "chapters/01.md"]\n'
    root = make_project(chapters={"01.md": "# A\n\nTekst[^a].\n\n[^a]: A.\n"}, config=config)
    backdate(root)
    cache = SourceCache()
    same_as_fresh(root, cache)
    report = same_as_fresh(root, cache)
    assert report.chapters[0] is not report.chapters[1]
    assert [footnotes(report, 0), footnotes(report, 1)] == [[("a", 1)], [("a", 2)]]


def test_an_unreadable_chapter_is_fatal_with_the_cache_too(make_project: Callable[..., Path]) -> None:
    root = two_chapters(make_project, "# A\n\nTekst.\n", "# B\n\nTekst.\n")
    cache = SourceCache()
    same_as_fresh(root, cache)
    (root / "chapters" / "02.md").write_bytes(b"# B\n\x00\x00")
    with pytest.raises(ProjectError) as caught:
        load_report(root, cache=cache)
    assert [d.code for d in caught.value.diagnostics] == ["KB004"]
    (root / "chapters" / "02.md").write_text("# B\n\nWeer goed.\n", encoding="utf-8")
    assert same_as_fresh(root, cache).chapters[1].title == "B"


# ------------------------------------------------------------------ when a file is trusted


def test_a_file_saved_just_now_is_read_again(make_project: Callable[..., Path]) -> None:
    root = make_project(chapters={"01.md": "# A\n\nTekst.\n"})
    # "Just now" as the cache sees it, however long this busy machine takes to get to the
    # loads: a minute ahead, so never RACY_NS (2 s) old while the test runs.
    backdate(root, seconds=-60)
    cache = SourceCache()
    load_report(root, cache=cache)
    load_report(root, cache=cache)
    assert (cache.hits, cache.misses) == (0, 1)
    backdate(root)
    load_report(root, cache=cache)
    load_report(root, cache=cache)
    assert (cache.hits, cache.misses) == (1, 0)


@pytest.mark.skipif(os.name == "nt", reason="relies on the inode change time (ctime) of POSIX")
def test_an_edit_of_the_same_size_and_time_is_seen(make_project: Callable[..., Path]) -> None:
    root = two_chapters(make_project, "# A\n\nTekst een.\n", "# B\n\nTekst.\n")
    cache = SourceCache()
    same_as_fresh(root, cache)
    path = root / "chapters" / "01.md"
    stat = path.stat()
    # The kernel stamps a change with a clock that ticks every few milliseconds: wait for the
    # next tick, or on a fast machine the edit could carry the very same ctime.
    after_clock_tick(stat.st_ctime_ns, root.parent)
    path.write_text("# A\n\nTekst twee\n", encoding="utf-8")  # as long as before
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert path.stat().st_ctime_ns != stat.st_ctime_ns  # all that is left to tell the edit
    report = same_as_fresh(root, cache)
    assert "twee" in report.chapters[0].lines[2]


# ------------------------------------------------------------------ the preview


def test_the_preview_rebuilds_from_the_cache(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", chapters={"01.md": "# A\n\nTekst[^a].\n\n[^a]: A.\n",
                                                   "02.md": "# B\n\nMeer[^b].\n\n[^b]: B.\n"})
    backdate(root)
    server = PreviewServer(root, watch=False)
    server.rebuild()
    assert server.cache is not None and server.cache.misses == 2
    edit(root / "chapters" / "01.md", "Tekst[^a].", "Tekst[^a][^c].\n\n[^c]: C.")
    assert server.rebuild() is True
    assert (server.cache.hits, server.cache.misses) == (1, 1)
    fresh, reader_findings = load_report(root)
    assert server.report == fresh
    assert server.page.startswith(preview_page(fresh, run_checks(fresh, reader_findings))
                                  .split("</body>")[0])
