"""KB740: a character the house font cannot print (an emoji, a check mark), found in the
chapters and the tables before the PDF takes it from another font or prints a box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLE_ROOT, SIDECAR, check, describe, load, only
from kamerbrief.checks.characters import check_characters
from kamerbrief.render.font_widths import installed_coverage, prints


def test_a_character_the_font_lacks_is_kb740_once_a_file_at_its_first_line(
        make_project: Callable[..., Path]) -> None:
    chapter = ("# Hoofdstuk\n\nDoel bereikt ✓ en een raket 🚀.\n\nNog een ✓ hier.\n\n"
               "Wel: café, € 5, −3, 2024–2028, ‘citaat’, → pijl, ≥ 5, Ωmega, Київ.\n\n"
               "{{tabel t}}\n")
    root = make_project(chapters={"01.md": chapter},
                        tables={"t.csv": "Post;2024\nAfgerond ☐;1\n", "t.toml": SIDECAR})
    findings = only(check(root), "KB740")
    assert [(f.location.path, f.location.line, f.message[:3]) for f in findings] == [
        ("chapters/01.md", 3, "'✓'"), ("chapters/01.md", 3, "'🚀'"), ("tables/t.csv", 2, "'☐'")
    ], describe(findings)
    assert "U+1F680, rocket" in findings[1].message and findings[1].severity.value == "warning"


def test_the_example_and_the_real_fixtures_print_in_the_house_font() -> None:
    for root in (EXAMPLE_ROOT, *(EXAMPLE_ROOT / "tests" / "fixtures").glob("*/")):
        if (root / "kamerbrief.toml").is_file():
            report, _ = load(root)
            assert list(check_characters(report)) == [], root


def test_the_packaged_list_of_characters_is_the_installed_fonts() -> None:
    """A font upgrade that adds or drops characters fails here, until the packaged table is
    regenerated (python -m kamerbrief.render.font_widths)."""
    ranges = installed_coverage()
    assert all(prints(chr(code)) for first, last in ranges for code in (first, last))
    gaps = [last + 1 for (_, last), (first, _) in zip(ranges, ranges[1:], strict=False)
            if first > last + 1]
    assert not any(prints(chr(code)) for code in gaps)
    assert not prints("\U0001F680") and prints("€") and prints("−")
