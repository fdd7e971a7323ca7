"""Table numbering in placement order; KB201, KB203, KB204, KB205, KB206, KB207."""

from __future__ import annotations

from conftest import SIDECAR, check, describe, load, one, only

SIMPLE = "Post;2023\nA;1\n"


def tables(*ids: str, sidecar: str = SIDECAR) -> dict[str, str]:
    files = {}
    for table_id in ids:
        files[f"{table_id}.csv"] = SIMPLE
        files[f"{table_id}.toml"] = sidecar
    return files


def test_tables_are_numbered_in_placement_order_not_by_name(make_project) -> None:
    root = make_project(
        chapters={
            "01.md": "# Een\n\n{{tabel zeta}}\n\n- lijst\n\n::: kader Kader\n\n{{tabel alfa}}\n:::\n",
            "02.md": "# Twee\n\n> {{tabel midden}}\n\n{{tabel beta}}\n",
        },
        tables=tables("alfa", "beta", "midden", "zeta"),
    )
    report, findings = load(root)
    assert findings == [], describe(findings)
    assert {t.id: t.number for t in report.tables.values()} == \
        {"zeta": 1, "alfa": 2, "midden": 3, "beta": 4}
    assert [placement.table_id for _, placement in report.placements] == \
        ["zeta", "alfa", "midden", "beta"]


def test_chapter_order_comes_from_the_config_not_the_file_names(make_project) -> None:
    config = '[report]\ntitle = "T"\nchapters = ["chapters/b.md", "chapters/a.md"]\n'
    root = make_project(
        chapters={"a.md": "# A\n\n{{tabel x}}\n", "b.md": "# B\n\n{{tabel y}}\n"},
        tables=tables("x", "y"), config=config)
    report, _ = load(root)
    assert (report.tables["y"].number, report.tables["x"].number) == (1, 2)


def test_table_placed_twice_is_kb201_at_the_second_placement(make_project) -> None:
    root = make_project(
        chapters={"01.md": "# Een\n\n{{tabel t}}\n", "02.md": "# Twee\n\nTekst.\n\n{{tabel t}}\n"},
        tables=tables("t"))
    report, findings = load(root)
    finding = one(findings, "KB201")
    assert (finding.location.path, finding.location.line) == ("chapters/02.md", 5)
    assert report.tables["t"].number == 1


def test_table_never_placed_is_kb203(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n\n{{tabel t}}\n"}, tables=tables("t", "los"))
    findings = check(root)
    finding = one(findings, "KB203")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("tables/los.csv", 1)
    assert "'los'" in finding.message


def test_hand_written_number_of_a_table_is_kb205(make_project) -> None:
    chapter = "# Een\n\n{{tabel t}}\n\nZoals Tabel 1 laat zien.\n"
    finding = one(check(make_project(chapters={"01.md": chapter}, tables=tables("t"))), "KB205")
    assert finding.severity.value == "warning"
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "'t'" in finding.message


def test_hand_written_number_without_a_table_is_kb204(make_project) -> None:
    chapter = "# Een\n\n{{tabel t}}\n\nRegel.\nZie tabel 7 hieronder.\n"
    finding = one(check(make_project(chapters={"01.md": chapter}, tables=tables("t"))), "KB204")
    assert finding.severity.value == "error"
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 6)
    assert "tabel 7" in finding.message


def test_computed_references_and_other_numbers_are_fine(make_project) -> None:
    chapter = ("# Een\n\n{{tabel t}}\n\nZie [tabel](#t) en [Tabel](#t). In 2023 waren er 7 tabellen.\n"
               "Een [link met Tabel 1](https://example.org/rapport) naar elders.\n")
    findings = check(make_project(chapters={"01.md": chapter}, tables=tables("t")))
    assert only(findings, "KB204") == [] and only(findings, "KB205") == [], describe(findings)


def test_numbers_in_lists_and_boxes_are_found(make_project) -> None:
    chapter = "# Een\n\n- eerst\n- zie Tabel 4\n\n::: kader K\n\nTabel 5 toont\n:::\n"
    found = only(check(make_project(chapters={"01.md": chapter})), "KB204")
    assert [f.location.line for f in found] == [4, 8]


def test_table_without_caption_is_kb206(make_project) -> None:
    sidecar = 'unit = "in euro"\nsource = "Bron"\n'
    root = make_project(chapters={"01.md": "# Een\n\n{{tabel t}}\n"},
                        tables={"t.csv": SIMPLE, "t.toml": sidecar})
    finding = one(check(root), "KB206")
    assert (finding.location.path, finding.location.line) == ("tables/t.toml", 1)
    assert "tabel 1" in finding.message


def test_table_without_sidecar_is_kb206_at_the_csv(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n\n{{tabel t}}\n"}, tables={"t.csv": SIMPLE})
    assert one(check(root), "KB206").location.path == "tables/t.csv"


def test_unplaced_table_without_caption_is_not_kb206(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n"}, tables={"t.csv": SIMPLE})
    assert only(check(root), "KB206") == []


def test_placement_of_unknown_table_is_kb207(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n\n{{tabel t}}\n\n{{tabel onbekend}}\n"},
                        tables=tables("t"))
    report, findings = load(root)
    finding = one(findings, "KB207")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "onbekend" in finding.message and "t" in finding.hint


def test_placement_inside_running_text_is_kb207(make_project) -> None:
    chapter = "# Een\n\nDe cijfers {{tabel t}} staan hier.\n\n{{tabel t}}\n"
    root = make_project(chapters={"01.md": chapter}, tables=tables("t"))
    report, findings = load(root)
    finding = one(findings, "KB207")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 3)
    assert report.tables["t"].number == 1  # the inline one does not count


def test_placement_with_spaces_is_fine(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n\n{{ tabel t }}\n"}, tables=tables("t"))
    report, findings = load(root)
    assert findings == [] and report.tables["t"].number == 1
