"""The publication's own defects, kept in tests/fixtures/as-published/, are all reported.

The fixture is the example project with the defects the June 2024 publication printed and a
generic check can see (see the fixture's README.md). Expected places are found by searching
the fixture's files, so the tests say *what* must be reported, not at which line numbers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kamerbrief.checks import run_checks
from kamerbrief.cli import app
from kamerbrief.config import load_config
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.project import load_report
from seed_coverage import SEED_PATH

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "as-published"

TABLE_WITH_MARK = "tables/besteding-per-opgave.csv"
MARKED_LABEL = "Preventie met gezag* ⁵"
ANNEX_TEXT = "(zie bijlage)"
ANNEX_CHAPTER = "chapters/02-voorkomen.md"
PUBLISHED_CODES = {"KB301", "KB401", "KB208", "KB701"}
# A name written two ways (KB701): the tables' "Preventie met gezag" against the prose's
# "Preventie met Gezag", and "Wetsvoorstel Versterking" against "wetsvoorstel versterking".
TERM_VARIANTS = (("tables/besteding-2023.csv", "Preventie met gezag*", "Preventie met Gezag*"),
                 ("tables/besteding-per-opgave.csv", "Preventie met gezag*",
                  "Preventie met Gezag*"),
                 ("chapters/04-bestraffen.md", "het Wetsvoorstel Versterking",
                  "het wetsvoorstel versterking"))
# A call to action the example resolves (linked to a verified page, or left out): the
# publication had a placeholder link there (chapters/README.md).
_CALL_LINE = re.compile(r"\n*^\[?(?:Lees|Bekijk|Luister) hier [^\]\n]*(?:\]\([^)\n]*\))?$", re.M)

PLACEHOLDER_LINKS_IN_PUBLICATION = 13

_PLACEHOLDER = re.compile(r"\[((?:\\.|[^\]\\])+)\]\(#\)")
_ESCAPE = re.compile(r"\\(.)")

Place = tuple[str, str, int]  # code, file, line


def _lines(root: Path, rel: str) -> list[str]:
    return (root / rel).read_text(encoding="utf-8").split("\n")


def _line_of(rel: str, needle: str) -> int:
    hits = [n for n, line in enumerate(_lines(FIXTURE, rel), start=1) if needle in line]
    assert len(hits) == 1, f"expected '{needle}' once in {rel}, found it on lines {hits}"
    return hits[0]


def _placeholder_links(root: Path) -> Iterator[tuple[str, int, str]]:
    """(file, line, link text) of every `[text](#)` in the chapters, in reading order."""
    for path in sorted((root / "chapters").glob("*.md")):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(_lines(root, rel), start=1):
            for match in _PLACEHOLDER.finditer(line):
                yield rel, number, _ESCAPE.sub(r"\1", match.group(1))


def _expected() -> list[Place]:
    places = [("KB301", TABLE_WITH_MARK, _line_of(TABLE_WITH_MARK, MARKED_LABEL)),
              ("KB208", ANNEX_CHAPTER, _line_of(ANNEX_CHAPTER, ANNEX_TEXT))]
    places += [("KB401", rel, line) for rel, line, _ in _placeholder_links(FIXTURE)]
    places += [("KB701", rel, _line_of(rel, written)) for rel, written, _ in TERM_VARIANTS]
    return sorted(places)


def _places(findings: list[Diagnostic]) -> list[Place]:
    return sorted((f.code, f.location.path, f.location.line) for f in findings)


@pytest.fixture(scope="module")
def findings() -> list[Diagnostic]:
    report, reader_findings = load_report(FIXTURE)
    return run_checks(report, reader_findings)


def test_fixture_reports_exactly_the_published_defects(findings: list[Diagnostic]) -> None:
    assert _places(findings) == _expected()


def test_unexplained_footnote_mark_in_table(findings: list[Diagnostic]) -> None:
    [finding] = [f for f in findings if f.code == "KB301"]
    assert finding.severity is Severity.ERROR
    assert finding.location.path == TABLE_WITH_MARK
    assert finding.location.line == _line_of(TABLE_WITH_MARK, MARKED_LABEL)
    assert "Preventie met gezag" in finding.location.row
    assert "'⁵'" in finding.message


def test_placeholder_links(findings: list[Diagnostic]) -> None:
    links = list(_placeholder_links(FIXTURE))
    assert len(links) == PLACEHOLDER_LINKS_IN_PUBLICATION
    reported = sorted((f.location.path, f.location.line, f.message)
                      for f in findings if f.code == "KB401")
    assert [(path, line) for path, line, _ in reported] == sorted(
        (path, line) for path, line, _ in links)
    for (path, line, message), (_, _, text) in zip(reported, sorted(links), strict=True):
        assert f"link '{text}' has a placeholder target '#'" in message, (path, line)
    assert all(f.severity is Severity.ERROR for f in findings if f.code == "KB401")


def test_annex_reference_as_text(findings: list[Diagnostic]) -> None:
    [finding] = [f for f in findings if f.code == "KB208"]
    assert finding.severity is Severity.WARNING
    assert (finding.location.path, finding.location.line) == (
        ANNEX_CHAPTER, _line_of(ANNEX_CHAPTER, ANNEX_TEXT))
    assert ANNEX_TEXT in finding.message


@pytest.mark.skipif(not SEED_PATH.is_file(), reason=f"seed text not found at {SEED_PATH}")
def test_placeholder_links_are_the_publications() -> None:
    seed = SEED_PATH.read_text(encoding="utf-8")
    in_seed = [_ESCAPE.sub(r"\1", m.group(1)) for m in _PLACEHOLDER.finditer(seed)]
    assert [text for _, _, text in _placeholder_links(FIXTURE)] == in_seed


def test_cli_check_exits_1_with_the_same_findings() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--project", str(FIXTURE), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert sorted((f["code"], f["file"], f["line"]) for f in data["findings"]) == _expected()
    warnings = sum(1 for code, _, _ in _expected() if code in ("KB208", "KB701"))
    errors = len(_expected()) - warnings
    assert data["summary"] == {"errors": errors, "warnings": warnings}

    human = runner.invoke(app, ["check", "--project", str(FIXTURE)])
    assert human.exit_code == 1, human.output
    for code in PUBLISHED_CODES:
        assert code in human.stdout
    assert f"{errors} error(s), {warnings} warning(s)" in human.stdout


def test_example_project_has_none_of_the_published_defects() -> None:
    report, reader_findings = load_report(ROOT)
    findings = run_checks(report, reader_findings)
    assert [f for f in findings if f.code in PUBLISHED_CODES] == []
    assert not set(_places(findings)) & set(_expected())


def _undo_defects(rel: str, text: str) -> str:
    """The fixture's text with the kept defects taken out again, calls to action aside."""
    text = _CALL_LINE.sub("", _PLACEHOLDER.sub(lambda m: _ESCAPE.sub(r"\1", m.group(1)), text))
    text = text.replace(f" {ANNEX_TEXT}", "").replace(MARKED_LABEL, MARKED_LABEL.removesuffix(" ⁵"))
    for path, written, meant in TERM_VARIANTS:
        text = text.replace(written, meant) if rel == path else text
    return text


def test_fixture_is_the_example_apart_from_the_defects() -> None:
    """A tripwire: when the example changes, copy the change into the fixture too."""
    def files(root: Path) -> list[str]:
        tables = [p.relative_to(root).as_posix() for p in (root / "tables").iterdir()
                  if p.is_file()]
        return sorted(["kamerbrief.toml", *load_config(root).chapters, *tables])

    assert files(FIXTURE) == files(ROOT)
    for rel in files(ROOT):
        example = (ROOT / rel).read_text(encoding="utf-8")
        published = (FIXTURE / rel).read_text(encoding="utf-8")
        assert _undo_defects(rel, published) == _CALL_LINE.sub("", example), (
            f"tests/fixtures/as-published/{rel} differs from {rel} by more than the kept defects")
