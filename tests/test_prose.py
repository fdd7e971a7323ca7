"""Prose faults an editor marks: a call to action without a link (KB409) and one name
written two ways (KB701)."""

from __future__ import annotations

import pytest

from conftest import check, describe, only, table_project

CHAPTER = "# Hoofdstuk\n\nEerste alinea.\n\n{body}\n"


def findings(make_project, body: str, code: str):
    return only(check(make_project(chapters={"01.md": CHAPTER.format(body=body)})), code)


@pytest.mark.parametrize("sentence", [
    "Lees hier het verhaal",
    "Bekijk hier de handreiking.",
    "Luister hier de podcast",
    "Lees hier het verhaal en bekijk een video",
    "Meer weten? Klik hier voor de brochure.",
    "Hier vindt u het rapport.",
    "Het rapport staat online, via deze link.",
])
def test_a_call_to_action_without_a_link_is_kb409_at_its_line(make_project, sentence) -> None:
    [finding] = findings(make_project, f"Tekst ervoor.\n{sentence}", "KB409")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 6)
    assert sentence.split()[0] in finding.message or "link" in finding.message


@pytest.mark.parametrize("body", [
    "[Lees hier het verhaal](https://www.rijksoverheid.nl/)",
    "Lees [hier](https://www.rijksoverheid.nl/) het verhaal.",
    "Bekijk de handreiking [op de site van het CCV](https://hetccv.nl/).",
    "Lees het verhaal in *OpportuuN*, het magazine van het OM.",  # says where, no promise
    "Wie hier woont, leest het in de krant.",  # 'hier' without a call
    "Zij lees-en-schrijfhulp geven hier niet.",
])
def test_a_linked_call_or_plain_prose_is_no_finding(make_project, body: str) -> None:
    assert findings(make_project, body, "KB409") == []


def test_a_placeholder_link_is_kb401_not_also_kb409(make_project) -> None:
    found = check(make_project(chapters={"01.md": CHAPTER.format(body="[Lees hier](#)")}))
    assert [f.code for f in found if f.code in ("KB401", "KB409")] == ["KB401"], describe(found)


def test_a_name_written_two_ways_is_kb701_at_the_rarer_spelling(make_project) -> None:
    body = ("Preventie met Gezag werkt.\n\nHet programma Preventie met Gezag groeit.\n\n"
            "Gemeenten melden dat Preventie met gezag helpt.")
    [finding] = findings(make_project, body, "KB701")
    assert finding.location.line == 9
    assert "'Preventie met gezag'" in finding.message and "'Preventie met Gezag'" in finding.hint


def test_a_hyphen_variant_is_kb701(make_project) -> None:
    body = ("Het Zorg- en Veiligheidshuis Parkstad helpt.\n\n"
            "Het Zorg- en Veiligheidshuis Parkstad groeit.\n\n"
            "Het Zorg en Veiligheidshuis Parkstad meldt het.")
    [finding] = findings(make_project, body, "KB701")
    assert finding.location.line == 9


def test_a_table_label_counts_as_a_place_of_the_name(make_project) -> None:
    chapter = ("# Hoofdstuk\n\nPreventie met Gezag werkt.\n\nPreventie met Gezag groeit.\n\n"
               "{{tabel t}}\n")
    csv = "Post;2023\nPreventie met gezag;1\nTotaal;1\n"
    root = table_project(make_project, csv, chapters={"01.md": chapter})
    [finding] = only(check(root), "KB701")
    assert (finding.location.path, finding.location.line) == ("tables/t.csv", 2)


@pytest.mark.parametrize("body", [
    # one spelling throughout, at a sentence start or not
    "Preventie met Gezag werkt.\n\nHet doel van Preventie met Gezag is helder.",
    # an article before a capital at a sentence start is no part of a name
    "Het OM vervolgt.\n\nDaar draait het om.",
    # names of one word, or with only an abbreviation after the first word
    "Het RIEC helpt.\n\nGemeenten en RIEC's werken samen.",
    # ordinary words at a sentence start: no capital inside, so no name
    "Samen werken helpt.\n\nWe samen werken aan veiligheid.",
])
def test_no_kb701_without_two_spellings_of_a_name(make_project, body: str) -> None:
    assert findings(make_project, body, "KB701") == []
