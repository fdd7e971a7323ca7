"""kamerbrief.toml: validated up front (KB001), severity overrides in [checks.severity]."""

from __future__ import annotations

import pytest

from conftest import check, describe, one, only, write_project
from kamerbrief.config import load_config
from kamerbrief.diagnostics import ProjectError, Severity

CHAPTER = {"01.md": "# H\n\nTekst.\n"}


def problems(make_project, config: str, chapters=None) -> list:
    root = make_project(chapters=CHAPTER if chapters is None else chapters, config=config)
    with pytest.raises(ProjectError) as info:
        load_config(root)
    assert all(d.code == "KB001" for d in info.value.diagnostics)
    assert all(d.location.path == "kamerbrief.toml" for d in info.value.diagnostics)
    return info.value.diagnostics


def test_valid_config_loads(make_project) -> None:
    config = ('[report]\ntitle = "Rapport"\nsubtitle = "Sub"\ndate = "2024-06-01"\n'
              'chapters = ["chapters/01.md"]\noutputs = ["pdf", "html"]\nlist_of_tables = true\n\n'
              '[report.kamerstuk]\nvergaderjaar = "2023-2024"\ndossier = "29911"\nondernummer = "450"\n\n'
              '[colophon]\nlines = ["Colofon"]\n\n[vocabulary]\ntable = "Tabel"\n')
    loaded = load_config(make_project(chapters=CHAPTER, config=config))
    assert loaded.title == "Rapport"
    assert loaded.chapters == ["chapters/01.md"]
    assert loaded.outputs == ["pdf", "html"]
    assert loaded.list_of_tables is True
    assert str(loaded.kamerstuk) == "Tweede Kamer, vergaderjaar 2023-2024, 29911, nr. 450"
    assert loaded.date_text == "2024-06-01"


def test_unknown_key_says_did_you_mean(make_project) -> None:
    config = '[report]\ntitle = "T"\nchapters = ["chapters/01.md"]\n\nsubtitel = "x"\n'
    (finding,) = problems(make_project, config)
    assert finding.location.line == 5
    assert "report.subtitel" in finding.message
    assert finding.hint == "did you mean 'report.subtitle'?"


def test_unknown_section_after_a_blank_line_points_at_the_section(make_project) -> None:
    config = '[report]\ntitle = "T"\nchapters = ["chapters/01.md"]\n\n\n[colofon]\nlines = []\n'
    (finding,) = problems(make_project, config)
    assert finding.location.line == 6
    assert "did you mean 'colophon'?" in finding.hint


def test_toml_syntax_error_has_its_line(make_project) -> None:
    config = '[report]\ntitle = "T"\nchapters = ["chapters/01.md"\nsubtitle = "x"\n'
    (finding,) = problems(make_project, config)
    assert "syntax" in finding.message
    assert finding.location.line == 4  # tomllib reports where it noticed the missing ']'


def test_unclosed_string_line(make_project) -> None:
    (finding,) = problems(make_project, '[report]\ntitle = "T\nchapters = []\n')
    assert finding.location.line == 2


def test_missing_chapter_file(make_project) -> None:
    config = '[report]\ntitle = "T"\nchapters = [\n  "chapters/01.md",\n  "chapters/02.md",\n]\n'
    (finding,) = problems(make_project, config)
    assert "chapters/02.md" in finding.message
    assert finding.location.line == 5  # the line of the missing entry, not of 'chapters ='


def test_all_problems_are_reported_at_once(make_project) -> None:
    config = ('[report]\ntitel = "T"\nchapters = ["chapters/01.md", "chapters/weg.md"]\n'
              'outputs = ["pdf", "epub"]\nlist_of_tables = "ja"\n\n[colofon]\nlines = []\n\n'
              '[checks.severity]\nKB302 = "erg"\n')
    found = problems(make_project, config)
    messages = " | ".join(d.message for d in found)
    for word in ["report.titel", "'report.title' is required", "chapters/weg.md", "epub",
                 "list_of_tables", "colofon", "KB302"]:
        assert word in messages, messages
    assert len(found) == 7
    lines = {d.message.split("'")[1]: d.location.line for d in found if "'" in d.message}
    assert lines["report.titel"] == 2


def test_wrong_types_name_the_key(make_project) -> None:
    config = '[report]\ntitle = 5\nchapters = "chapters/01.md"\n\n[report.kamerstuk]\ndossier = 29911\n'
    found = problems(make_project, config)
    assert [(d.location.line, d.message) for d in found] == [
        (2, "'report.title' must be text in quotes, not a whole number"),
        (3, "'report.chapters' must be a list [..], not text in quotes"),
        (6, "'report.kamerstuk.dossier' must be text in quotes, not a whole number"),
    ]


def test_no_chapters(make_project) -> None:
    (finding,) = problems(make_project, '[report]\ntitle = "T"\nchapters = []\n')
    assert "lists no chapter" in finding.message


def test_missing_project_file(tmp_path) -> None:
    with pytest.raises(ProjectError) as info:
        load_config(tmp_path)
    (finding,) = info.value.diagnostics
    assert finding.code == "KB001" and "kamerbrief.toml" in finding.message


def test_chapter_outside_the_project_is_refused(make_project, tmp_path) -> None:
    (tmp_path / "elders.md").write_text("# Elders\n")
    root = make_project(chapters=CHAPTER, config='[report]\ntitle = "T"\nchapters = ["../elders.md"]\n')
    found = check(root)
    assert [d.code for d in found] == ["KB001"]
    assert "outside" in found[0].message


# ---------------------------------------------------------------- severity overrides

NOTE_UNUSED = "# H\n\nTekst.\n\n[^1]: Nooit gebruikt.\n"


def severity_project(make_project, setting: str):
    return make_project(chapters={"01.md": NOTE_UNUSED}, extra_config=f"[checks.severity]\n{setting}\n")


def test_default_severity(make_project) -> None:
    finding = one(check(make_project(chapters={"01.md": NOTE_UNUSED})), "KB302")
    assert finding.severity is Severity.WARNING


def test_warning_raised_to_error(make_project) -> None:
    finding = one(check(severity_project(make_project, 'KB302 = "error"')), "KB302")
    assert finding.severity is Severity.ERROR


def test_error_lowered_to_warning(make_project) -> None:
    root = make_project(chapters={"01.md": "# H\n\n[x](#)\n"},
                        extra_config='[checks.severity]\nKB401 = "warning"\n')
    assert one(check(root), "KB401").severity is Severity.WARNING


def test_off_removes_the_finding(make_project) -> None:
    findings = check(severity_project(make_project, 'KB302 = "off"'))
    assert only(findings, "KB302") == [], describe(findings)


def test_override_of_another_code_leaves_this_one(make_project) -> None:
    findings = check(severity_project(make_project, 'KB602 = "off"'))
    assert one(findings, "KB302").severity is Severity.WARNING


def test_unknown_severity_level_is_kb001(make_project) -> None:
    root = severity_project(make_project, 'KB302 = "uit"')
    (finding,) = check(root)
    assert finding.code == "KB001"
    assert finding.location.line == 8  # [report] takes lines 1-5, then a blank and the section
    assert "error, warning or off" in finding.message


def test_unknown_code_in_severity_is_kb001(make_project) -> None:
    root = severity_project(make_project, 'KB620 = "off"')
    (finding,) = check(root)
    assert finding.code == "KB001"
    assert "KB620" in finding.message
    assert "did you mean" in finding.hint


def test_write_project_helper_writes_chapters_in_order(tmp_path) -> None:
    root = write_project(tmp_path / "p", chapters={"b.md": "# B\n", "a.md": "# A\n"})
    assert load_config(root).chapters == ["chapters/b.md", "chapters/a.md"]
