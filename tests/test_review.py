"""``kamerbrief review``: a reviewer's comments and tracked changes back to the source.

A DOCX is built, then edited as a reviewer does: with LibreOffice through its UNO API (a
real client, tests/uno_edit.py) and with Word's own markup written at the XML level
(tests/word_markup.py: w:ins, w:del, w:moveFrom/w:moveTo, comments with ranges). The review
must place every change at its file and line or table cell, and ``--apply`` must give the
expected Markdown and CSV, leaving alone what it cannot apply.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import copy_example, load, run_cli, write_project
from kamerbrief.project import load_report
from kamerbrief.render.docx import docx_anchors, render_docx
from kamerbrief.render.docx_anchors import MAP_NS
from kamerbrief.review import (
    ApplyError,
    Kind,
    Status,
    plan_apply,
    read_review,
    write_plan,
)
from ole_files import compound_file
from word_markup import DATE, W, WordEdits

TESTS = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"

INLEIDING = """\
# Inleiding

Dit rapport beschrijft de *voortgang* van de aanpak in 2023.[^1]
Zie ook [de website](https://www.rijksoverheid.nl) voor meer.

In 2023 was er {{waarde middelen | TOTAAL | 2023}} duizend euro beschikbaar voor de aanpak.

## Werkwijze

De partners werken samen in drie regio's.

- Eerste punt van de lijst.
- Tweede punt van de lijst.

::: kader Een kader
Tekst in het kader over de aanpak.
:::

> "Een citaat van een betrokkene."
> — Een burgemeester

[^1]: Kamerstukken II 2023/24, 29911, nr. 400.
"""

MIDDELEN = """\
# Middelen

De tabel hieronder geeft de middelen per post.

{{tabel middelen}}

Dit is de laatste alinea van het rapport.
"""

CSV = "Post;2023;2024\nPreventie;100;200\nHandhaving;300;400\nTOTAAL;400;600\n"
SIDECAR = 'caption = "Middelen per post"\nunit = "in 1.000 euro"\nsource = "Testbron"\n'


def small_project(root: Path, inleiding: str = INLEIDING) -> Path:
    return write_project(root, chapters={"01-inleiding.md": inleiding, "02-middelen.md": MIDDELEN},
                         tables={"middelen.csv": CSV, "middelen.toml": SIDECAR})


def build_docx(root: Path) -> bytes:
    report, _ = load_report(root)
    return render_docx(report)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "rapport")


@pytest.fixture
def built(project: Path) -> bytes:
    return build_docx(project)


def reviewed(project: Path, edits: WordEdits, name: str = "rapport-opmerkingen.docx") -> Path:
    path = project.parent / name
    path.write_bytes(edits.save())
    return path


def items_of(path: Path, project: Path):
    review, _ = read_review(path, project)
    return review


def text(project: Path, name: str) -> str:
    return (project / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- anchors in the build


def test_every_block_and_cell_has_an_anchor_to_its_source(project: Path, built: bytes) -> None:
    report, _ = load_report(project)
    anchors = docx_anchors(report)
    kinds = {anchor.kind for anchor in anchors}
    assert {"title", "paragraph", "heading", "item", "box-title", "box", "quote", "note",
            "cell", "header"} <= kinds
    where = {(a.kind, a.path, a.line, a.row, a.column) for a in anchors}
    assert ("item", "chapters/01-inleiding.md", 13, "", "") in where
    assert ("note", "chapters/01-inleiding.md", 22, "", "") in where
    assert ("cell", "tables/middelen.csv", 3, "Handhaving", "2023") in where
    assert ("header", "tables/middelen.csv", 1, "", "2024") in where
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        names = [b.get(f"{W}name") for part in ("word/document.xml", "word/footnotes.xml")
                 for b in etree.fromstring(archive.read(part)).iter(f"{W}bookmarkStart")
                 if b.get(f"{W}name").startswith("_KB")]
        maps = [n for n in archive.namelist() if n.startswith("customXml/item")
                and b"<kb:anchors" in archive.read(n) and MAP_NS.encode() in archive.read(n)]
    assert sorted(names) == sorted(a.name for a in anchors)
    assert len(set(names)) == len(names)
    assert all(name.startswith("_") and len(name) <= 40 for name in names)  # hidden in Word
    assert len(maps) == 1


def test_an_unedited_build_reviews_clean(project: Path, built: bytes) -> None:
    path = project.parent / "rapport.docx"
    path.write_bytes(built)
    result = run_cli("review", path, "--project", project)
    assert result.exit_code == 0, result.output
    assert "0 comment(s), 0 change(s)" in result.output


# ---------------------------------------------------------------- Word's markup


@pytest.fixture
def word_review(project: Path, built: bytes) -> Path:
    """Word's markup for every kind of change, by three reviewers."""
    edits = WordEdits(built)
    edits.replace("voortgang", "vorderingen")  # inside emphasis: stays emphasised
    edits.insert("Zie ook ", "vooral ", author="Piet Planner", before=False)
    edits.delete(" voor meer")  # after a link
    edits.delete_mark("De partners werken")  # a change across two paragraphs
    edits.replace("Kamerstukken II", "Kamerstukken I")  # inside a footnote
    edits.comment("Tekst in het kader", "Kan dit korter?", author="Ans Adviseur")
    edits.move("Dit is de laatste alinea", "De tabel hieronder")
    edits.replace("300", "310")  # a table figure
    inserted = edits.insert("Tweede punt", " (nieuw en belangrijk)", author="Ans Adviseur")
    edits.delete_inserted(inserted, " en belangrijk", author="Kees Kritisch")  # overlapping
    edits.new_paragraph("Tweede punt", "Derde punt, nieuw.")
    return reviewed(project, edits)


def _find(review, kind: Kind, path: str = ""):
    found = [i for i in review.items if i.kind is kind and i.location.path.endswith(path)]
    assert found, [(i.kind, str(i.location)) for i in review.items]
    return found


def test_word_changes_are_placed_at_their_file_and_line(project: Path, word_review: Path) -> None:
    review = items_of(word_review, project)
    by_line = {(i.kind, str(i.location)) for i in review.items}
    assert (Kind.REPLACEMENT, "chapters/01-inleiding.md:3") in by_line
    assert (Kind.INSERTION, "chapters/01-inleiding.md:4") in by_line
    assert (Kind.DELETION, "chapters/01-inleiding.md:4") in by_line
    assert (Kind.DELETION, "chapters/01-inleiding.md:10") in by_line  # the joined paragraph
    assert (Kind.REPLACEMENT, "chapters/01-inleiding.md:22") in by_line  # the footnote
    assert (Kind.COMMENT, "chapters/01-inleiding.md:16") in by_line
    assert (Kind.CELL, "tables/middelen.csv:3 [Handhaving / 2023]") in by_line
    replacement = next(i for i in review.items if i.kind is Kind.REPLACEMENT
                       and i.location.line == 3)
    assert replacement.context.startswith("Dit rapport beschrijft de [-voortgang-]"
                                          "{+vorderingen+} van de aanpak")
    assert replacement.author == "Jan Jurist" and replacement.date == DATE
    insertion = next(i for i in review.items if i.kind is Kind.INSERTION and i.location.line == 4)
    assert insertion.author == "Piet Planner" and insertion.new == "vooral "
    comment = _find(review, Kind.COMMENT)[0]
    assert (comment.quoted, comment.comment, comment.author) == \
        ("Tekst in het kader", "Kan dit korter?", "Ans Adviseur")
    cell = _find(review, Kind.CELL)[0]
    assert (cell.old, cell.new, cell.location.row, cell.location.column) == \
        ("300", "310", "Handhaving", "2023")
    overlap = next(i for i in review.items if i.location.line == 13)
    assert overlap.new == " (nieuw)" and overlap.author == "Ans Adviseur, Kees Kritisch"
    move = _find(review, Kind.MOVE)[0]
    assert str(move.location) == "chapters/02-middelen.md:7"
    assert str(move.destination) == "chapters/02-middelen.md:3"
    assert all(i.status is Status.PLACED for i in review.items), \
        [(i.kind, i.status, i.note) for i in review.items]


def test_apply_writes_the_word_changes_into_markdown_and_csv(project: Path,
                                                             word_review: Path) -> None:
    result = run_cli("review", word_review, "--project", project, "--apply")
    assert "chapters/01-inleiding.md" in result.output
    assert text(project, "chapters/01-inleiding.md") == """\
# Inleiding

Dit rapport beschrijft de *vorderingen* van de aanpak in 2023.[^1]
Zie ook vooral [de website](https://www.rijksoverheid.nl).

In 2023 was er {{waarde middelen | TOTAAL | 2023}} duizend euro beschikbaar voor de aanpak.

## Werkwijze

De partners werken samen in drie regio's.Eerste punt van de lijst.
- Tweede punt (nieuw) van de lijst.
- Derde punt, nieuw.

::: kader Een kader
Tekst in het kader over de aanpak.
:::

> "Een citaat van een betrokkene."
> — Een burgemeester

[^1]: Kamerstukken I 2023/24, 29911, nr. 400.
"""
    assert text(project, "chapters/02-middelen.md") == """\
# Middelen

De tabel hieronder geeft de middelen per post.

Dit is de laatste alinea van het rapport.

{{tabel middelen}}
"""
    assert text(project, "tables/middelen.csv") == CSV.replace("Handhaving;300", "Handhaving;310")
    # the check runs afterwards: the reviewer's 310 breaks the total
    assert "KB102" in result.output and result.exit_code == 1


@pytest.mark.parametrize("carry_bookmarks", [False, True], ids=["anchor-stays", "anchor-moves"])
def test_a_moved_paragraph_keeps_its_markdown(project: Path, built: bytes,
                                              carry_bookmarks: bool) -> None:
    edits = WordEdits(built)
    edits.move("Dit rapport beschrijft", "De partners werken", carry_bookmarks=carry_bookmarks)
    path = reviewed(project, edits)
    result = run_cli("review", path, "--project", project, "--apply")
    assert result.exit_code == 0, result.output
    lines = text(project, "chapters/01-inleiding.md").split("\n")
    original = INLEIDING.split("\n")[2]
    assert lines.count(original) == 1  # emphasis, footnote call and link kept
    assert lines.index(original) == lines.index("De partners werken samen in drie regio's.") + 2


def test_a_change_inside_a_quoted_figure_is_refused(project: Path, built: bytes) -> None:
    edits = WordEdits(built)
    edits.replace("400", "450")  # the {{waarde}} figure in the prose
    edits.replace("beschikbaar", "uitgegeven")
    path = reviewed(project, edits)
    review = items_of(path, project)
    refused = [i for i in review.items if i.status is Status.REFUSED]
    assert len(refused) == 1 and refused[0].location.line == 6
    assert "change the table, not the text" in refused[0].note
    result = run_cli("review", path, "--project", project, "--apply", "--format", "github")
    assert result.exit_code == 1
    assert "title=KB024" in result.output
    written = text(project, "chapters/01-inleiding.md")
    assert "{{waarde middelen | TOTAAL | 2023}} duizend euro uitgegeven" in written


def test_titles_headings_boxes_quotes_and_table_cells(project: Path) -> None:
    chapter = project / "chapters/01-inleiding.md"
    chapter.write_text(INLEIDING.replace(
        "## Werkwijze", "## Werkwijze\n\n| Regio | Aantal |\n| --- | ---: |\n| Noord | 3 |\n"
        "| Zuid | 4 |"), encoding="utf-8")
    edits = WordEdits(build_docx(project))
    edits.replace("Inleiding", "Introductie", nth=2)  # the first is in the contents
    edits.replace("Werkwijze", "Aanpak", nth=2)
    edits.replace("Een kader", "Het kader")
    edits.replace("Zuid", "Zuidoost")
    edits.replace("Een citaat", "Een uitspraak")
    edits.replace("Preventie", "Voorkoming")  # a row label
    edits.insert("Middelen per post", " (voorlopig)")  # the caption: from the sidecar
    path = reviewed(project, edits)
    review = items_of(path, project)
    placed = {(i.block, str(i.location)) for i in review.items if i.status is Status.PLACED}
    assert placed == {("chapter title", "chapters/01-inleiding.md:1"),
                      ("heading", "chapters/01-inleiding.md:8"),
                      ("table cell", "chapters/01-inleiding.md:13"),
                      ("box title", "chapters/01-inleiding.md:20"),
                      ("quote", "chapters/01-inleiding.md:24"),
                      ("table cell", "tables/middelen.csv:2 [Preventie / Post]")}
    (caption,) = [i for i in review.items if i.status is Status.UNPLACED]
    assert caption.new == " (voorlopig)" and "after chapters/02-middelen.md:3" in caption.note
    assert run_cli("review", path, "--project", project, "--apply").exit_code == 1
    written = chapter.read_text(encoding="utf-8")
    for line in ("# Introductie", "## Aanpak", "| Zuidoost | 4 |", "::: kader Het kader",
                 '> "Een uitspraak van een betrokkene."'):
        assert f"\n{line}\n" in f"\n{written}", line
    assert text(project, "tables/middelen.csv").startswith("Post;2023;2024\nVoorkoming;100;")


def test_a_deleted_table_row_is_not_written_as_empty_cells(project: Path, built: bytes) -> None:
    edits = WordEdits(built)
    edits.delete_row("Handhaving")
    path = reviewed(project, edits)
    review = items_of(path, project)
    assert {(i.kind, i.status) for i in review.items} == {(Kind.CELL, Status.REFUSED)}
    assert all("deleted the table row" in i.note for i in review.items)
    assert run_cli("review", path, "--project", project, "--apply").exit_code == 1
    assert text(project, "tables/middelen.csv") == CSV


def test_a_comment_across_paragraphs_and_one_on_a_changed_word(project: Path,
                                                               built: bytes) -> None:
    edits = WordEdits(built)
    edits.comment("Eerste punt", "Eén punt van maken?", end_words="Tweede punt")
    edits.replace("drie", "vier", author="Piet Planner")
    edits.comment("samen", "Met wie?")
    path = reviewed(project, edits)
    review = items_of(path, project)
    comments = {i.comment: i for i in review.items if i.kind is Kind.COMMENT}
    assert str(comments["Eén punt van maken?"].location) == "chapters/01-inleiding.md:12"
    assert comments["Eén punt van maken?"].quoted.split() == \
        "Eerste punt van de lijst. Tweede punt".split()
    assert str(comments["Met wie?"].location) == "chapters/01-inleiding.md:10"


def test_the_comments_file_and_a_dry_run(project: Path, word_review: Path) -> None:
    before = {name: text(project, name) for name in ("chapters/01-inleiding.md",
                                                      "tables/middelen.csv")}
    result = run_cli("review", word_review, "--project", project, "--dry-run",
                     "--comments-file")
    assert result.exit_code == 0, result.output
    assert "+Dit rapport beschrijft de *vorderingen*" in result.output
    assert "+++ b/reviews/rapport-opmerkingen.md" in result.output
    assert {name: text(project, name) for name in before} == before
    assert not (project / "reviews").exists()
    result = run_cli("review", word_review, "--project", project, "--apply", "--comments-file")
    notes = text(project, "reviews/rapport-opmerkingen.md")
    assert "chapters/01-inleiding.md:16" in notes and "Kan dit korter?" in notes
    assert "Ans Adviseur" in notes


def test_untracked_edits_are_reported_and_applied(project: Path, built: bytes) -> None:
    edits = WordEdits(built)
    edits.split("Tekst in het kader over").find(f"{W}t").text = "Tekst in het vak over"
    path = reviewed(project, edits)
    review = items_of(path, project)
    (item,) = review.items
    assert item.kind is Kind.UNTRACKED and str(item.location) == "chapters/01-inleiding.md:16"
    assert run_cli("review", path, "--project", project, "--apply").exit_code == 0
    assert "Tekst in het vak over de aanpak." in text(project, "chapters/01-inleiding.md")


# ---------------------------------------------------------------- a stale build


def test_a_stale_build_maps_what_is_unchanged_and_applies_nothing_else(project: Path,
                                                                       built: bytes) -> None:
    edits = WordEdits(built)
    edits.replace("drie regio's".replace("'", "’"), "vier regio’s")
    edits.replace("laatste alinea", "slotalinea")
    path = reviewed(project, edits)
    chapter = project / "chapters/01-inleiding.md"
    # after the build the writer added a paragraph (lines shift) and rewrote another
    chapter.write_text(INLEIDING.replace("## Werkwijze", "Een nieuwe alinea.\n\n## Werkwijze")
                       .replace("samen in drie", "nauw samen in drie"), encoding="utf-8")
    review = items_of(path, project)
    stale = next(i for i in review.items if i.status is Status.STALE)
    assert stale.location.path == "chapters/01-inleiding.md" and stale.location.line == 10
    assert "changed since this file was built" in stale.note
    placed = next(i for i in review.items if i.status is Status.PLACED)
    assert str(placed.location) == "chapters/02-middelen.md:7"
    assert any("source changed since the build" in note for note in review.notes)
    result = run_cli("review", path, "--project", project, "--apply", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"]["problems"] == 1
    assert [c["status"] for c in data["conflicts"]] == ["stale"]
    assert data["check"] == []  # the check after writing: nothing wrong
    assert "nauw samen in drie regio's" in chapter.read_text(encoding="utf-8")
    assert "Dit is de slotalinea van het rapport." in text(project, "chapters/02-middelen.md")


def test_lines_that_moved_since_the_build_are_found_by_their_text(project: Path,
                                                                  built: bytes) -> None:
    edits = WordEdits(built)
    edits.replace("Tweede punt", "Tweede en laatste punt")
    path = reviewed(project, edits)
    chapter = project / "chapters/01-inleiding.md"
    chapter.write_text(INLEIDING.replace("# Inleiding\n", "# Inleiding\n\nEerst dit.\n"),
                       encoding="utf-8")
    (item,) = items_of(path, project).items
    assert item.status is Status.PLACED and str(item.location) == "chapters/01-inleiding.md:15"


# ---------------------------------------------------------------- bad input


def test_a_file_that_is_not_a_docx(project: Path) -> None:
    path = project.parent / "notities.docx"
    path.write_text("Dit is geen Word-bestand.\n", encoding="utf-8")
    result = run_cli("review", path, "--project", project)
    assert result.exit_code == 2
    assert "is not a Word document (.docx)" in result.output and "Traceback" not in result.output
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5"}))
    result = run_cli("review", path, "--project", project)
    assert result.exit_code == 2 and "old Word 97–2003 document (.doc)" in result.output
    path.write_bytes(compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b""}))
    result = run_cli("review", path, "--project", project)
    assert result.exit_code == 2 and "is protected with a password" in result.output
    result = run_cli("review", project / "missing.docx", "--project", project)
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_docx_not_built_by_kamerbrief_lists_everything_unplaced(project: Path,
                                                                  tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Een brief van elders.")
    source = io.BytesIO()
    document.save(source)
    edits = WordEdits(source.getvalue())
    edits.replace("elders", "buiten", author="Iemand Anders")
    edits.comment("Een brief", "Van wie?")
    path = tmp_path / "elders.docx"
    path.write_bytes(edits.save())
    result = run_cli("review", path, "--project", project)
    assert result.exit_code == 1
    assert "not built by kamerbrief" in result.output
    review = items_of(path, project)
    assert {i.kind for i in review.items} == {Kind.REPLACEMENT, Kind.COMMENT}
    assert all(i.status is Status.UNPLACED for i in review.items)
    change = next(i for i in review.items if i.kind is Kind.REPLACEMENT)
    assert (change.old, change.new) == ("elders", "buiten")  # never dropped: its text is there
    github = run_cli("review", path, "--project", project, "--format", "github").output
    assert "title=KB022" in github


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_and_hostile_xml_are_refused_with_a_message(project: Path,
                                                               built: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    cases = {
        "bomb": {**members, "word/document.xml": b"<" + b" " * (8 * 2**20)},
        "deep": {**members, "word/document.xml": (
            f'<w:document xmlns:w="{W[1:-1]}"><w:body>'.encode()
            + b"<w:p>" * 5000 + b"</w:p>" * 5000 + b"</w:body></w:document>")},
        "entities": {**members, "word/document.xml": (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + f'<w:document xmlns:w="{W[1:-1]}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r>'
              f'</w:p></w:body></w:document>'.encode())},
    }
    expected = {"bomb": "zip bomb", "deep": "not well-formed", "entities": "DTD"}
    for name, content in cases.items():
        path = _zip(project.parent / f"{name}.docx", content)
        result = run_cli("review", path, "--project", project)
        assert result.exit_code == 2, (name, result.output)
        assert expected[name] in result.output and "Traceback" not in result.output, name


# ---------------------------------------------------------------- writing


def test_writes_keep_the_encoding_and_line_ends_of_each_file(project: Path) -> None:
    chapter = project / "chapters/02-middelen.md"
    chapter.write_bytes(b"\xef\xbb\xbf" + MIDDELEN.replace("\n", "\r\n").encode("utf-8"))
    table = project / "tables/middelen.csv"
    table.write_bytes(CSV.replace("Post", "Pöst").replace("\n", "\r\n").encode("cp1252"))
    edits = WordEdits(build_docx(project))
    edits.replace("per post", "per onderdeel")
    edits.replace("200", "250")
    path = reviewed(project, edits)
    run_cli("review", path, "--project", project, "--apply")
    assert chapter.read_bytes().startswith(b"\xef\xbb\xbf# Middelen\r\n\r\n")
    assert b"per onderdeel.\r\n" in chapter.read_bytes()
    assert table.read_bytes() == CSV.replace("Post", "Pöst").replace("200", "250") \
        .replace("\n", "\r\n").encode("cp1252")


def test_apply_is_all_files_or_none(project: Path, built: bytes,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    edits = WordEdits(built)
    edits.replace("drie", "vier")
    edits.replace("laatste alinea", "slotalinea")
    path = reviewed(project, edits)
    review, report = read_review(path, project)
    plan = plan_apply(review, report)
    assert len(plan.changes) == 2
    before = {change.path: (project / change.path).read_bytes() for change in plan.changes}
    renamed = []
    real_replace = os.replace

    def failing_replace(source, target):
        if renamed:
            raise OSError(28, "No space left on device", str(target))
        renamed.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ApplyError, match="nothing was changed"):
        write_plan(project, plan)
    assert {p: (project / p).read_bytes() for p in before} == before
    assert not [p for p in project.rglob("*.tmp")]


def test_json_and_ci_formats(project: Path, word_review: Path) -> None:
    data = json.loads(run_cli("review", word_review, "--project", project, "--format",
                              "json").output)
    assert data["summary"]["comments"] == 1 and data["summary"]["problems"] == 0
    cell = next(i for i in data["items"] if i["kind"] == "cell")
    assert cell["location"] == {"file": "tables/middelen.csv", "line": 3,
                                "row": "Handhaving", "column": "2023"}
    assert (cell["old"], cell["new"]) == ("300", "310")
    assert cell["authors"] == [{"name": "Jan Jurist", "date": DATE}]
    sarif = json.loads(run_cli("review", word_review, "--project", project, "--format",
                               "sarif").output)
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rules == {"KB020", "KB021"}
    github = run_cli("review", word_review, "--project", project, "--format", "github")
    assert github.exit_code == 0
    assert github.output.rstrip().endswith("kamerbrief review: 0 error(s), 10 warning(s)")
    assert "::warning file=chapters/01-inleiding.md,line=16,title=KB020::" in github.output
    assert run_cli("review", word_review, "--project", project, "--format",
                   "junit").output.startswith("<?xml")
    assert json.loads(run_cli("review", word_review, "--project", project, "--format",
                              "gitlab").output)
    dry = json.loads(run_cli("review", word_review, "--project", project, "--format", "json",
                             "--dry-run").stdout)
    assert "+Dit rapport beschrijft de *vorderingen*" in dry["diff"] and dry["written"] == []


def test_review_codes_are_explained() -> None:
    for code in ("KB020", "KB021", "KB022", "KB023", "KB024"):
        result = run_cli("explain", code)
        assert result.exit_code == 0 and "How to fix" in result.output


def test_comments_file_needs_apply(project: Path, built: bytes) -> None:
    path = project.parent / "rapport.docx"
    path.write_bytes(built)
    result = run_cli("review", path, "--project", project, "--comments-file")
    assert result.exit_code == 2 and "--apply" in result.output


# ---------------------------------------------------------------- LibreOffice as the editor


def _uno_python() -> str | None:
    for python in (SYSTEM_PYTHON, shutil.which("python3")):
        if python and Path(python).exists() and shutil.which("soffice") and \
                subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0:
            return python
    return None


UNO = _uno_python()
needs_uno = pytest.mark.skipif(
    UNO is None, reason="LibreOffice's Python UNO bridge is not installed: apt-get install "
    "python3-uno (or libreoffice-script-provider-python) and libreoffice-writer-nogui")


def edit_with_libreoffice(source: Path, target: Path, edits: list[dict], tmp: Path,
                          author: str = "Rita Recensent") -> None:
    plan = tmp / f"{target.stem}.json"
    plan.write_text(json.dumps({"author": author, "edits": edits}), encoding="utf-8")
    assert UNO is not None
    result = subprocess.run([UNO, str(TESTS / "uno_edit.py"), str(source), str(target),
                             str(plan)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]


LO_EDITS = [
    {"op": "replace", "find": "een essentiële rol", "text": "een belangrijke rol"},
    {"op": "insert", "find": "Bijvoorbeeld door beslagleggingen", "text": " en ontnemingen",
     "where": "after"},
    {"op": "replace", "find": " en de straf die hen boven het hoofd hangt", "text": ""},
    {"op": "comment", "find": "Preventie met Gezag is een preventieaanpak", "text": "Klopt dit?"},
    {"op": "cell", "table": "Tabel 1", "cell": "C2", "text": "100.500"},
    {"op": "cell-comment", "table": "Tabel 1", "cell": "D3", "text": "Bron?"},
    {"op": "move", "find": "Inmiddels doen 27 gemeenten", "after": "Met het programma"},
    {"op": "replace", "find": "Skip die Trip is een samenwerkingsverband",
     "text": "Skip die Trip is een verband"},
]


@pytest.fixture(scope="module")
def libreoffice_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """The example built, then edited in LibreOffice with change tracking on."""
    folder = tmp_path_factory.mktemp("lo-review")
    root = copy_example(folder / "example")
    built = build_docx(root)
    (folder / "built.docx").write_bytes(built)
    edit_with_libreoffice(folder / "built.docx", folder / "reviewed.docx", LO_EDITS, folder)
    return root, folder / "reviewed.docx", built


def _line(root: Path, path: str, words: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if words in line)


@needs_uno
def test_libreoffice_keeps_every_anchor(libreoffice_review) -> None:
    root, path, built = libreoffice_review
    review = items_of(path, root)
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        count = sum(archive.read(part).count(b'w:name="_KB') for part in
                    ("word/document.xml", "word/footnotes.xml"))
    assert review.anchors == count  # bookmarks in footnotes come back renamed …_Copy_1
    assert review.current == count
    assert review.notes == []


@needs_uno
def test_libreoffice_changes_are_placed_at_their_file_and_line(libreoffice_review) -> None:
    root, path, _ = libreoffice_review
    review = items_of(path, root)
    assert all(i.status is Status.PLACED for i in review.items), \
        [(i.kind, str(i.location), i.note) for i in review.items]
    found = {(i.kind, str(i.location)) for i in review.items}
    voorkomen = "chapters/02-voorkomen.md"
    assert (Kind.REPLACEMENT, f"{voorkomen}:{_line(root, voorkomen, 'een essentiële rol')}") \
        in found
    verstoren = "chapters/03-verstoren.md"
    assert (Kind.INSERTION, f"{verstoren}:{_line(root, verstoren, 'Bijvoorbeeld door')}") in found
    bestraffen = "chapters/04-bestraffen.md"
    assert (Kind.DELETION, f"{bestraffen}:{_line(root, bestraffen, 'boven het hoofd')}") in found
    assert (Kind.REPLACEMENT, f"{voorkomen}:{_line(root, voorkomen, '[^3]:')}") in found
    comments = {i.comment: str(i.location) for i in review.items if i.kind is Kind.COMMENT}
    assert comments == {
        "Klopt dit?": f"{voorkomen}:{_line(root, voorkomen, 'is een preventieaanpak')}",
        "Bron?": "tables/ontvangen-middelen.csv:3 [Versterking ondermijning / 2018]"}
    cell = next(i for i in review.items if i.kind is Kind.CELL)
    assert str(cell.location) == \
        "tables/ontvangen-middelen.csv:2 [Incidentele bijdrage Ondermijning / Incidenteel]"
    assert (cell.old, cell.new, cell.author) == ("100.000", "100.500", "Rita Recensent")
    move = next(i for i in review.items if i.kind is Kind.MOVE)
    assert str(move.location) == f"{voorkomen}:{_line(root, voorkomen, 'Inmiddels doen 27')}"
    assert str(move.destination) == f"{voorkomen}:{_line(root, voorkomen, 'Met het programma')}"


@needs_uno
def test_libreoffice_changes_apply_and_the_check_catches_the_total(
        libreoffice_review, tmp_path: Path) -> None:
    example, path, _ = libreoffice_review
    root = copy_example(tmp_path / "example")
    before = (root / "chapters/02-voorkomen.md").read_text(encoding="utf-8")
    result = run_cli("review", path, "--project", root, "--apply")
    assert result.exit_code == 1  # the check: 100.500 breaks the TOTAAL of Tabel 1
    assert "KB102" in result.output
    voorkomen = (root / "chapters/02-voorkomen.md").read_text(encoding="utf-8")
    assert "speelt preventie een belangrijke rol." in voorkomen
    assert "[^3]: Skip die Trip is een verband van 32 gemeenten" in voorkomen
    moved = next(line for line in before.split("\n") if line.startswith("Inmiddels doen 27"))
    paragraphs = voorkomen.split("\n\n")
    assert paragraphs.index(moved) == \
        paragraphs.index(next(p for p in paragraphs if p.startswith("Met het programma"))) + 1
    assert "Bijvoorbeeld door beslagleggingen en ontnemingen" in \
        (root / "chapters/03-verstoren.md").read_text(encoding="utf-8")
    bestraffen = (root / "chapters/04-bestraffen.md").read_text(encoding="utf-8")
    assert "een inschatting van de pakkans. Daarnaast" in bestraffen
    assert "Regeerakkoord 2017;Incidentele bijdrage Ondermijning;100.500;" in \
        (root / "tables/ontvangen-middelen.csv").read_text(encoding="utf-8")
    report, findings = load(root)
    assert {f.code for f in findings if f.severity.value == "error"} == {"KB102"}
