"""The suite's own machinery: project copies and the parallel run's worker groups.

Tests run in parallel beside linters, type checkers and other test runs; a copy that took
along their caches failed when a cache file vanished halfway through the copy.
"""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE_ROOT, WORKER_GROUPS, check, copy_example, copy_project, describe
from kamerbrief.project import load_report


def test_a_copy_of_the_example_is_the_whole_project(tmp_path: Path) -> None:
    copy = copy_example(tmp_path / "example")
    copied_names = {p.name for p in copy.iterdir()}  # before a check writes its cache there
    original, _ = load_report(EXAMPLE_ROOT)
    copied, _ = load_report(copy)
    assert [c.path for c in copied.chapters] == [c.path for c in original.chapters]
    assert sorted(copied.tables) == sorted(original.tables)
    assert describe(check(copy)) == describe(check(EXAMPLE_ROOT))
    assert copied_names <= {"kamerbrief.toml", "woorden.txt", "chapters", "tables", "images",
                            "files", "styles"}


def test_a_project_copy_leaves_caches_out(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in ("kamerbrief.toml", "chapters/01.md", "dist/rapport.html", ".mypy_cache/cache.db",
                 ".ruff_cache/x", ".pytest_cache/x", ".hypothesis/x", ".venv/bin/python",
                 ".git/HEAD", "chapters/__pycache__/x.pyc", "kamerbrief.egg-info/PKG-INFO"):
        path = source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    copy = copy_project(source, tmp_path / "copy")
    copied = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    # dist/ is part of a project (the bad-input corpus has cases about it); caches are not
    assert copied == ["chapters/01.md", "dist/rapport.html", "kamerbrief.toml"]


def test_worker_groups_name_test_modules() -> None:
    """A misspelt module would silently lose its group: its costly fixture made on every worker."""
    for module in WORKER_GROUPS:
        assert (EXAMPLE_ROOT / module).is_file(), module
        assert module.startswith("tests/test_") and module.endswith(".py"), module
