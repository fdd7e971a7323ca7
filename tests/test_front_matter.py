"""Chapter front matter (KB002) and chapter titles (KB003)."""

from __future__ import annotations

from conftest import check, describe, load, one, only


def chapter_findings(make_project, text: str):
    return check(make_project(chapters={"01.md": text}))


def test_valid_front_matter_sets_kind_and_running_header(make_project) -> None:
    text = "---\nkind: annex\nrunning_header: Financieel\n---\n# Financieel overzicht\n\nTekst.\n"
    report, findings = load(make_project(chapters={"01.md": text}))
    assert findings == [], describe(findings)
    chapter = report.chapters[0]
    assert (chapter.title, chapter.kind, chapter.running_header) == \
        ("Financieel overzicht", "annex", "Financieel")


def test_defaults_without_front_matter(make_project) -> None:
    report, _ = load(make_project(chapters={"01.md": "# Inleiding\n"}))
    chapter = report.chapters[0]
    assert (chapter.kind, chapter.running_header, chapter.anchor) == ("chapter", "Inleiding", "inleiding")


def test_unknown_key_is_kb002_at_its_line_with_did_you_mean(make_project) -> None:
    text = "---\nkind: annex\nrunning_header: x\nrunning_heder: y\n---\n# T\n"
    finding = one(chapter_findings(make_project, text), "KB002")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 4)
    assert "running_heder" in finding.message
    assert finding.hint == "did you mean 'running_header'?"


def test_wrong_kind_is_kb002(make_project) -> None:
    text = "---\nrunning_header: x\nkind: bijlage\n---\n# T\n"
    report, findings = load(make_project(chapters={"01.md": text}))
    finding = one(findings, "KB002")
    assert finding.location.line == 3
    assert "bijlage" in finding.message
    assert report.chapters[0].kind == "chapter"


def test_invalid_yaml_is_kb002_at_the_yaml_line(make_project) -> None:
    text = "---\nkind: annex\nrunning_header: [niet gesloten\n---\n# T\n"
    finding = one(chapter_findings(make_project, text), "KB002")
    assert finding.location.path == "chapters/01.md"
    assert finding.location.line == 3  # problem_mark: where the parser found the problem
    assert "YAML" in finding.message


def test_yaml_error_line_from_the_problem_mark(make_project) -> None:
    text = "---\nkind: annex\nrunning_header: Twee: punten\n---\n# T\n"
    finding = one(chapter_findings(make_project, text), "KB002")
    assert finding.location.line == 3


def test_front_matter_that_is_not_key_value_is_kb002(make_project) -> None:
    finding = one(chapter_findings(make_project, "---\n- een\n- twee\n---\n# T\n"), "KB002")
    assert finding.location.line == 1


def test_valid_front_matter_no_kb002(make_project) -> None:
    assert only(chapter_findings(make_project, "---\nkind: chapter\n---\n# T\n"), "KB002") == []


def test_chapter_without_title_is_kb003(make_project) -> None:
    findings = chapter_findings(make_project, "Alleen tekst.\n\n## Een sectie\n")
    finding = one(findings, "KB003")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 1)


def test_title_from_front_matter_is_enough(make_project) -> None:
    report, findings = load(make_project(chapters={"01.md": "---\ntitle: Voorwoord\n---\nTekst.\n"}))
    assert only(findings, "KB003") == []
    assert report.chapters[0].title == "Voorwoord"


def test_empty_chapter_is_kb003(make_project) -> None:
    one(chapter_findings(make_project, ""), "KB003")


def test_a_second_chapter_title_is_kb005_at_its_line(make_project) -> None:
    chapter = "# Hoofdstuk\n\nTekst.\n\n# Tweede titel\n\nMeer tekst.\n\n## Sectie\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB005")
    assert (finding.location.path, finding.location.line, finding.severity.value) == \
        ("chapters/01.md", 5, "warning")
    assert "'# Tweede titel'" in finding.message
