"""Cross-references: [tabel](#id) and #anchor links (KB202), annex mentions (KB208)."""

from __future__ import annotations

from conftest import SIDECAR, check, describe, load, one, only
from kamerbrief.model import Paragraph, TableRef

TABLES = {"t.csv": "Post;2023\nA;1\n", "t.toml": SIDECAR,
          "los.csv": "Post;2023\nA;1\n", "los.toml": SIDECAR}


def run(make_project, *chapters: str):
    root = make_project(chapters={f"0{n}.md": text for n, text in enumerate(chapters, 1)},
                        tables=TABLES)
    return check(root)


def test_table_reference_becomes_a_table_ref_with_the_number(make_project) -> None:
    root = make_project(chapters={"01.md": "# H\n\n{{tabel t}}\n\nZie [tabel](#t) en [Tabel](#t).\n"},
                        tables={"t.csv": "Post;2023\nA;1\n", "t.toml": SIDECAR})
    report, findings = load(root)
    assert findings == [], describe(findings)
    paragraph = report.chapters[0].blocks[-1]
    assert isinstance(paragraph, Paragraph)
    refs = [c for c in paragraph.children if isinstance(c, TableRef)]
    assert [(r.table_id, r.capital) for r in refs] == [("t", False), ("t", True)]
    assert report.tables["t"].number == 1


def test_reference_to_unknown_table_is_kb202(make_project) -> None:
    findings = run(make_project, "# H\n\n{{tabel t}}\n\n{{tabel los}}\n\nTekst.\nZie [tabel](#onbekend).\n")
    finding = one(findings, "KB202")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 8)
    assert "onbekend" in finding.message


def test_reference_to_unplaced_table_is_kb202(make_project) -> None:
    findings = run(make_project, "# H\n\n{{tabel t}}\n\nZie [tabel](#los).\n")
    finding = one(findings, "KB202")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "not placed" in finding.message


def test_link_to_missing_anchor_is_kb202(make_project) -> None:
    findings = run(make_project, "# H\n\n{{tabel t}}\n\n{{tabel los}}\n\n[de aanpak](#aanpak)\n")
    finding = one(findings, "KB202")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 7)
    assert "#aanpak" in finding.message


def test_anchors_from_headings_ids_tables_and_other_chapters_resolve(make_project) -> None:
    first = ("# Inleiding\n\n{{tabel t}}\n\n{{tabel los}}\n\n## Bestuurlijke aanpak\n\n"
             "## Iets anders {#eigen-id}\n\n"
             "[a](#bestuurlijke-aanpak) [b](#eigen-id) [c](#financieel) [d](#t) [e](#inleiding)\n")
    second = "# Financieel {#financieel}\n\nTerug naar [begin](#inleiding).\n"
    assert only(run(make_project, first, second), "KB202") == []


def test_repeated_heading_gets_a_numbered_anchor(make_project) -> None:
    chapter = ("# H\n\n{{tabel t}}\n\n{{tabel los}}\n\n## Doel\n\n## Doel\n\n"
               "[eerste](#doel) [tweede](#doel-2) [derde](#doel-3)\n")
    found = only(run(make_project, chapter), "KB202")
    assert [f.message for f in found] == ["link to '#doel-3', which is no heading or table"]


def test_external_links_are_not_kb202(make_project) -> None:
    chapter = "# H\n\n{{tabel t}}\n\n{{tabel los}}\n\n[OM](https://www.om.nl/) [mail](mailto:a@b.nl)\n"
    assert run(make_project, chapter) == []


def test_annex_mentioned_as_text_is_kb208(make_project) -> None:
    chapter = "# H\n\n{{tabel t}}\n\n{{tabel los}}\n\nDe cijfers (zie bijlage) kloppen.\n"
    finding = one(run(make_project, chapter), "KB208")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 7)


def test_annex_mentioned_as_link_is_fine(make_project) -> None:
    chapter = ("# H\n\n{{tabel t}}\n\n{{tabel los}}\n\n"
               "De cijfers ([zie bijlage](#financieel-overzicht)) kloppen.\n")
    annex = "---\nkind: annex\n---\n# Financieel overzicht\n"
    findings = run(make_project, chapter, annex)
    assert findings == [], describe(findings)
