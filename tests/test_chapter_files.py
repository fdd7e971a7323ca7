"""Reading chapter files as Word or an editor saved them; unreadable is KB004 (cannot run)."""

from __future__ import annotations

import pytest

from conftest import check, describe, load, one
from kamerbrief.diagnostics import ProjectError
from kamerbrief.model import Heading
from kamerbrief.project import load_report


def test_windows_1252_chapter_is_read(make_project) -> None:
    text = "# Café‘s en “drugs”\n\nTekst – met streepje.\n".encode("cp1252")
    report, findings = load(make_project(chapters={"01.md": text}))
    assert findings == [], describe(findings)
    assert report.chapters[0].title == "Café‘s en “drugs”"


def test_bom_and_crlf_keep_line_numbers(make_project) -> None:
    text = "\ufeff# Titel\r\n\r\nTekst[^1].\r\n\r\n[^2]: Twee.\r\n".encode()
    findings = check(make_project(chapters={"01.md": text}))
    assert [(f.code, f.location.line) for f in findings] == [("KB301", 3), ("KB302", 5)]
    report, _ = load(make_project(chapters={"01.md": text}))
    heading = report.chapters[0].blocks[0]
    assert isinstance(heading, Heading) and report.chapters[0].title == "Titel"


@pytest.mark.parametrize(
    ("content", "word"),
    [(b"# Titel\n\x00\x00binary", "binary"), (b"# Titel \x81\x8d\n", "UTF-8")],
)
def test_unreadable_chapter_is_kb004_and_cannot_run(make_project, content: bytes, word: str) -> None:
    root = make_project(chapters={"01.md": "# Een\n", "02.md": content})
    with pytest.raises(ProjectError) as info:
        load_report(root)
    finding = one(info.value.diagnostics, "KB004")
    assert finding.location.path == "chapters/02.md"
    assert word in finding.message


def test_chapter_that_is_a_folder_is_kb004(make_project) -> None:
    root = make_project(chapters={"01.md": "# Een\n"},
                        config='[report]\ntitle = "T"\nchapters = ["chapters/01.md"]\n')
    (root / "chapters" / "map.md").mkdir()
    (root / "kamerbrief.toml").write_text(
        '[report]\ntitle = "T"\nchapters = ["chapters/01.md", "chapters/map.md"]\n')
    found = check(root)
    # the config check already refuses a chapter that is no file
    assert [f.code for f in found] == ["KB001"], describe(found)
