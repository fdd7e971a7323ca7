"""Boxes (::: praktijkverhaal / ::: kader): read into the model; unclosed is KB402."""

from __future__ import annotations

from conftest import check, describe, load, one, only
from kamerbrief.model import Box, Paragraph, Quote

STORY = """# H

::: praktijkverhaal ‘Niet alleen inzetten op repressie’
> “Citaat.”
>
> — Naam, functie

Het hele verhaal staat in het magazine.
:::

Na de box.
"""


def test_closed_box_is_read_with_kind_title_and_content(make_project) -> None:
    report, findings = load(make_project(chapters={"01.md": STORY}))
    assert findings == [], describe(findings)
    box, after = report.chapters[0].blocks[1:]
    assert isinstance(box, Box)
    assert (box.kind, box.title) == ("praktijkverhaal", "‘Niet alleen inzetten op repressie’")
    assert box.location.line == 3
    quote, paragraph = box.blocks
    assert isinstance(quote, Quote) and quote.attribution
    assert isinstance(paragraph, Paragraph)
    assert isinstance(after, Paragraph)  # the text after ':::' is outside the box


def test_unclosed_box_is_kb402_at_its_opening(make_project) -> None:
    chapter = "# H\n\nTekst.\n\n::: kader Kerncijfer\n\nBinnen.\n\nNog steeds binnen.\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB402")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "kader" in finding.message


def test_second_box_unclosed_is_reported_not_the_first(make_project) -> None:
    chapter = "# H\n\n::: kader Een\n\nA\n:::\n\n::: praktijkverhaal Twee\n\nB\n"
    finding = one(check(make_project(chapters={"01.md": chapter})), "KB402")
    assert finding.location.line == 8
    assert "praktijkverhaal" in finding.message


def test_box_closed_at_the_last_line_without_newline(make_project) -> None:
    chapter = "# H\n\n::: kader Een\n\nA\n:::"
    assert only(check(make_project(chapters={"01.md": chapter})), "KB402") == []


def test_unknown_box_kind_is_plain_text(make_project) -> None:
    chapter = "# H\n\n::: waarschuwing Let op\n\nA\n:::\n"
    report, findings = load(make_project(chapters={"01.md": chapter}))
    assert findings == []
    assert not any(isinstance(b, Box) for b in report.chapters[0].blocks)
