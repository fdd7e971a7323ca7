"""Footnotes: KB301 (no text), KB302 (never referenced), numbering through the document."""

from __future__ import annotations

from conftest import check, describe, load, one, only
from kamerbrief.model import FootnoteRef
from kamerbrief.walk import chapter_inlines


def refs(chapter) -> list[tuple[str, int]]:
    return [(i.label, i.number) for i in chapter_inlines(chapter) if isinstance(i, FootnoteRef)]


def test_reference_without_definition_is_kb301(make_project) -> None:
    chapter = "# H\n\nEerste zin.[^1]\nTweede zin.[^2]\n\n[^1]: Een.\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB301")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 4)
    assert "[^2]" in finding.message


def test_definition_in_another_chapter_does_not_count(make_project) -> None:
    chapters = {"01.md": "# A\n\nTekst[^bron].\n", "02.md": "# B\n\nTekst[^bron].\n\n[^bron]: Bron.\n"}
    finding = one(check(make_project(chapters=chapters)), "KB301")
    assert finding.location.path == "chapters/01.md"


def test_definition_without_reference_is_kb302_at_the_definition(make_project) -> None:
    chapter = "# H\n\nTekst.[^1]\n\n[^1]: Een.\n[^2]: Twee.\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB302")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 6)
    assert "[^2]" in finding.message


def test_matched_footnotes_are_clean(make_project) -> None:
    chapter = "# H\n\nTekst[^a] en meer[^b].\n\n- lijst[^c]\n\n[^a]: A.\n[^b]: B.\n[^c]: C.\n"
    findings = check(make_project(chapters={"01.md": chapter}))
    assert only(findings, "KB301") == [] and only(findings, "KB302") == [], describe(findings)


def test_numbering_runs_through_the_document_in_reference_order(make_project) -> None:
    chapters = {
        "01.md": "# A\n\nx[^b] y[^a] z[^b]\n\n[^a]: A.\n[^b]: B.\n",
        "02.md": "# B\n\n::: kader K\n\nq[^1]\n:::\n\n> r[^2]\n\n[^2]: twee\n[^1]: een\n",
    }
    report, findings = load(make_project(chapters=chapters))
    assert findings == [], describe(findings)
    first, second = report.chapters
    assert refs(first) == [("b", 1), ("a", 2), ("b", 1)]  # a repeated reference keeps its number
    assert refs(second) == [("1", 3), ("2", 4)]  # labels are local; numbers continue
    assert {k: d.number for k, d in first.footnotes.items()} == {"a": 2, "b": 1}
    assert {k: d.number for k, d in second.footnotes.items()} == {"1": 3, "2": 4}


def test_undefined_reference_takes_no_number(make_project) -> None:
    chapters = {"01.md": "# A\n\nx[^weg] y[^a]\n\n[^a]: A.\n", "02.md": "# B\n\nz[^a]\n\n[^a]: A.\n"}
    report, findings = load(make_project(chapters=chapters))
    assert [f.code for f in findings] == ["KB301"]
    assert refs(report.chapters[0]) == [("weg", 0), ("a", 1)]
    assert refs(report.chapters[1]) == [("a", 2)]
