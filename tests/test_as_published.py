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
PUBLISHED_CODES = {"KB301", "KB401", "KB208", "KB701", "KB711", "KB730", "KB504", "KB505",
                   "KB720"}
# A name written two ways (KB701): the tables' "Preventie met gezag" against the prose's
# "Preventie met Gezag", and "Wetsvoorstel Versterking" against "wetsvoorstel versterking".
TERM_VARIANTS = (("tables/besteding-2023.csv", "Preventie met gezag*", "Preventie met Gezag*"),
                 ("tables/besteding-per-opgave.csv", "Preventie met gezag*",
                  "Preventie met Gezag*"),
                 ("chapters/04-bestraffen.md", "het Wetsvoorstel Versterking",
                  "het wetsvoorstel versterking"))
# English phrases the publication prints unmarked (KB711), each occurrence a warning; the example
# marks them ([liaison officers]{lang=en}), so a screen reader pronounces them in English.
ENGLISH_AS_PUBLISHED = {
    "chapters/02-voorkomen.md": ("high impact crimes",),
    "chapters/03-verstoren.md": ("smart seals", "liaison officer", "best practices",
                                 "lessons learned"),
}
_LANG_MARK = re.compile(r"\[([^\]]*)\]\{lang=[\w-]+\}|\{lang=[\w-]+\}")
# The publication's misspellings that a spelling check finds (KB730), kept as published; the
# example corrects them (chapters/README.md). Its real-word errors are Dutch words, which no
# spelling check sees, so the fixture does not keep them (REAL_WORD_ERRORS).
PUBLISHED_TYPOS = (  # file, as published, as the example has it
    ("chapters/02-voorkomen.md", "ontplooiën", "ontplooien"),
    ("chapters/02-voorkomen.md", "doorgroeid", "doorgegroeid"),
    ("chapters/02-voorkomen.md", "verbodsjijst", "verbodslijst"),
    ("chapters/02-voorkomen.md", "doorspeeld", "doorgespeeld"),
    ("chapters/03-verstoren.md", "douanediensden", "douanediensten"),
    ("chapters/03-verstoren.md", "Terrorismedinanciering", "Terrorismefinanciering"),
    ("chapters/03-verstoren.md", "terrorismedinanciering", "terrorismefinanciering"),
    ("chapters/03-verstoren.md", "spoedbevrozing", "spoedbevriezing"),
    ("chapters/04-bestraffen.md", "Bestrafen", "Bestraffen"),
    ("chapters/04-bestraffen.md", "Machtstructuren", "Machtsstructuren"),
    ("chapters/04-bestraffen.md", "machtstructuren", "machtsstructuren"),
    ("chapters/04-bestraffen.md", "strafrechterketen", "strafrechtketen"),
    ("tables/besteding-2023.csv", "Bestrafen", "Bestraffen"),
    ("tables/besteding-per-opgave.csv", "Bestrafen", "Bestraffen"),
    ("tables/besteding-per-opgave.toml", "opeend", "opgeteld"),
    ("tables/geplande-besteding.csv", "Ondernijning", "Ondermijning"),
    ("tables/geplande-besteding.csv", "ondernijning", "ondermijning"),
    ("tables/geplande-besteding-2024.csv", "Ondernijning", "Ondermijning"),
    ("tables/geplande-besteding-2024.csv", "ondernijning", "ondermijning"),
)
# "Ondernemingsgelden" for Ondermijningsgelden, "Directoraat-Generaal Onderneming",
# "overdragen gekregen", "politieke rechtshulp" for politiële.
REAL_WORD_ERRORS = ("Ondernemingsgelden", "Onderneming", "overdragen", "politieke")
# Figures the publication typed by hand where the example quotes or computes them (KB504 for
# a copy of a cell, KB505 for a share): file, as published, as the example has it.
TYPED_FIGURES = (
    ("chapters/03-verstoren.md", "371,8 miljoen", "{{waarde beslaglegging | Gerealiseerde "
     "waarde (in miljoen euro's) | 2023}} miljoen"),
    ("chapters/04-bestraffen.md", "in 1.499 ondermijningszaken",
     "in {{waarde uitspraken | Totaal | 2023}} ondermijningszaken"),
    ("chapters/04-bestraffen.md", "waarbij 1.273 verdachten",
     "waarbij {{waarde uitspraken | Schuldig | 2023}} verdachten"),
    ("chapters/04-bestraffen.md", "en 191 verdachten",
     "en {{waarde uitspraken | Vrijspraak | 2023}} verdachten"),
    ("chapters/04-bestraffen.md", "Van de 1.273 strafzaken",
     "Van de {{waarde uitspraken | Schuldig | 2023}} strafzaken"),
    ("chapters/04-bestraffen.md", "in 1.129 gevallen",
     "in {{waarde vrijheidsstraffen | Totaal | 2023}} gevallen"),
    ("chapters/04-bestraffen.md", "in 89 procent",
     "in {{reken [vrijheidsstraffen | Totaal | 2023] / [uitspraken | Schuldig | 2023] | "
     "procent 0}} procent"),
    ("chapters/04-bestraffen.md", "Circa 33 procent",
     "Circa {{reken [vrijheidsstraffen | < 1 jaar | 2023] / [vrijheidsstraffen | Totaal | "
     "2023] | procent 0}} procent"),
    ("chapters/04-bestraffen.md", "zo'n 33 procent",
     "zo'n {{reken [vrijheidsstraffen | 2-5 jaar | 2023] / [vrijheidsstraffen | Totaal | "
     "2023] | procent 0}} procent"),
    ("chapters/04-bestraffen.md", "werden 167 verdachten",
     "werden {{waarde vrijheidsstraffen | > 5 jaar | 2023}} verdachten"),
    ("chapters/06-financieel-overzicht.md", "er 705,9 miljoen",
     "er {{waarde besteding-2023 | TOTAAL | Plan | miljoen 1}} miljoen"),
    ("chapters/06-financieel-overzicht.md", "is 95 miljoen",
     "is {{waarde besteding-2023 | TOTAAL | Verschil | miljoen 0}} miljoen"),
)
# Kamerstukken cited in two forms (KB720); the example has the form of Aanwijzing 3.43.
CITATIONS = (
    ("chapters/02-voorkomen.md", "Tweede Kamer, vergaderjaar 2023–2024, 28 741, nr. 113",
     "Kamerstukken II 2023/24, 28741, nr. 113"),
    ("chapters/02-voorkomen.md", "TK 2022–2023, 24 077, nr. 513",
     "Kamerstukken II 2022/23, 24077, nr. 513"),
)
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
    places += [("KB711", rel, number) for rel, phrases in ENGLISH_AS_PUBLISHED.items()
               for number, line in enumerate(_lines(FIXTURE, rel), start=1)
               for phrase in phrases for _ in range(line.lower().count(phrase))]
    places += [("KB730", rel, number) for rel, typo, _ in PUBLISHED_TYPOS
               for number in _typo_lines(rel, typo)]
    places += [("KB505" if "procent" in typed else "KB504", rel, _line_with(rel, typed))
               for rel, typed, _ in TYPED_FIGURES]
    places += [("KB720", rel, _line_of(rel, written)) for rel, written, _ in CITATIONS]
    return sorted(places)


def _line_with(rel: str, needle: str) -> int:
    """The line holding ``needle``, which may stand more than once in one line."""
    hits = sorted({n for n, line in enumerate(_lines(FIXTURE, rel), start=1) if needle in line})
    assert len(hits) == 1, f"expected '{needle}' on one line of {rel}, found {hits}"
    return hits[0]


def _typo_lines(rel: str, typo: str) -> list[int]:
    """The fixture's lines where ``typo`` stands as a word (one finding a word a line)."""
    word = re.compile(rf"(?<!\w){re.escape(typo)}(?!\w)")
    return [n for n, line in enumerate(_lines(FIXTURE, rel), start=1) if word.search(line)]


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
    warnings = sum(1 for code, _, _ in _expected()
                   if code in ("KB208", "KB701", "KB711", "KB730", "KB504", "KB505", "KB720"))
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
    for path, typo, meant in PUBLISHED_TYPOS:
        text = re.sub(rf"(?<!\w){re.escape(typo)}(?!\w)", meant, text) if rel == path else text
    for path, written, meant in TYPED_FIGURES + CITATIONS:
        text = text.replace(written, meant) if rel == path else text
    # English names marked in both ([Digital Services Act]{lang=en}): markup, not a defect
    return _LANG_MARK.sub(lambda m: m.group(1) or "", text)


def test_fixture_is_the_example_apart_from_the_defects() -> None:
    """A tripwire: when the example changes, copy the change into the fixture too."""
    def files(root: Path) -> list[str]:
        tables = [p.relative_to(root).as_posix() for p in (root / "tables").iterdir()
                  if p.is_file()]
        return sorted(["kamerbrief.toml", "woorden.txt", *load_config(root).chapters, *tables])

    assert files(FIXTURE) == files(ROOT)
    for rel in files(ROOT):
        example = (ROOT / rel).read_text(encoding="utf-8")
        published = (FIXTURE / rel).read_text(encoding="utf-8")
        unmarked = _LANG_MARK.sub(lambda m: m.group(1) or "", example)  # English as published
        assert _undo_defects(rel, published) == _CALL_LINE.sub("", unmarked), (
            f"tests/fixtures/as-published/{rel} differs from {rel} by more than the kept defects")


def test_published_misspellings_are_reported_by_word_and_line(findings: list[Diagnostic]) -> None:
    """Each typo the publication printed is a KB730 warning on its line, naming the word;
    in a table, at the row and the label column it stands in."""
    reported = {(f.location.path, f.location.line, f.extra.get("word")): f
                for f in findings if f.code == "KB730"}
    for rel, typo, _ in PUBLISHED_TYPOS:
        lines = _typo_lines(rel, typo)
        assert lines, f"'{typo}' is not in tests/fixtures/as-published/{rel}"
        for number in lines:
            finding = reported.get((rel, number, typo))
            assert finding is not None, f"'{typo}' at {rel}:{number} was not reported"
            assert finding.severity is Severity.WARNING
            assert f"'{typo}'" in finding.message and "woorden.txt" in finding.hint
    ondernijning = reported[("tables/geplande-besteding.csv", 2, "Ondernijning")]
    assert (ondernijning.location.row, ondernijning.location.column) == (
        "Incidentele bijdrage Ondernijning", "Middel")


def test_real_word_errors_are_beyond_a_spelling_check() -> None:
    """The publication's other typos are Dutch words in the wrong place: the dictionary knows
    them, so no spelling check can report them (chapters/README.md lists them)."""
    from kamerbrief.speller import Speller

    assert Speller("nl_NL").known(REAL_WORD_ERRORS) == set(REAL_WORD_ERRORS)


def test_fixture_word_list_is_the_examples() -> None:
    assert (FIXTURE / "woorden.txt").read_bytes() == (ROOT / "woorden.txt").read_bytes()


def test_typed_figures_get_the_quote_that_the_example_uses(findings: list[Diagnostic]) -> None:
    """Each figure the publication typed by hand is reported on its line with the very
    {{waarde}} or {{reken}} the example has there."""
    hints = {(f.location.path, f.location.line): [] for f in findings}
    for finding in findings:
        if finding.code in ("KB504", "KB505"):
            hints[(finding.location.path, finding.location.line)].append(finding.hint)
    for rel, typed, meant in TYPED_FIGURES:
        quote = re.search(r"\{\{[^}]*\}\}", meant).group(0)  # type: ignore[union-attr]
        line_hints = hints.get((rel, _line_with(rel, typed)), [])
        assert any(quote in hint for hint in line_hints), (rel, typed, line_hints)


def test_citations_get_the_form_the_example_uses(findings: list[Diagnostic]) -> None:
    reported = [f for f in findings if f.code == "KB720"]
    for rel, written, meant in CITATIONS:
        [finding] = [f for f in reported if f.location.line == _line_of(rel, written)]
        assert f"'{written}'" in finding.message and f"'{meant}'" in finding.hint
