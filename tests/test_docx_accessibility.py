"""The DOCX is accessible as Word understands it, and valid to two independent checkers.

- Layout tables (the one-cell tables of ``::: kader`` and ``::: praktijkverhaal`` boxes, and
  the cover's ribbon) are marked as layout: no header row, no first-column or banding emphasis
  in ``w:tblLook``, and a title (``w:tblCaption``: "Kader – …", "Praktijkverhaal – …").
- Data tables have a title and a description (``w:tblDescription``: caption, unit, source).
- openxml-audit (the Open XML SDK's validation, in Python) and docx-integrity find nothing,
  on the example and on the real tables (tests/fixtures/real-tables).

The assertions on the XML are our own, so a validator release cannot lower the bar.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kamerbrief.model import Box, Report
from kamerbrief.project import load_report
from kamerbrief.render.common import box_name, table_description, table_name
from kamerbrief.render.docx import render_docx
from kamerbrief.walk import walk_blocks

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REAL_TABLES = Path(__file__).parent / "fixtures" / "real-tables"


@pytest.fixture(scope="module")
def example(example_builds) -> tuple[Report, Path]:
    return example_builds.report, example_builds.path("docx")


@pytest.fixture(scope="module")
def real_tables(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Path]:
    report, _ = load_report(REAL_TABLES)
    path = tmp_path_factory.mktemp("real-tables") / "tabellen.docx"
    path.write_bytes(render_docx(report))
    return report, path


def _body(path: Path) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))


def _val(parent: etree._Element, tag: str) -> str | None:
    found = parent.find(f"{W}{tag}")
    return found.get(f"{W}val") if found is not None else None


def _tables(body: etree._Element) -> list[etree._Element]:
    """Every table, boxes inside footnotes aside (those are in footnotes.xml)."""
    return list(body.iter(f"{W}tbl"))


def _is_layout(tbl: etree._Element) -> bool:
    return len(tbl.findall(f"{W}tr")) == 1 and len(tbl.find(f"{W}tr").findall(f"{W}tc")) == 1


def _boxes(report: Report) -> list[Box]:
    return [block for chapter in report.chapters for block in walk_blocks(chapter.blocks)
            if isinstance(block, Box)]


def test_layout_tables_are_marked_as_layout(example: tuple[Report, Path]) -> None:
    report, path = example
    layout = [tbl for tbl in _tables(_body(path)) if _is_layout(tbl)]
    boxes = _boxes(report)
    assert len(layout) == len(boxes) + 1 >= 30  # the cover ribbon, then every box
    titles = [_val(tbl.find(f"{W}tblPr"), "tblCaption") for tbl in layout]
    assert titles == ["Lint"] + [box_name(box, report) for box in boxes]
    assert any(title.startswith("Praktijkverhaal – ") for title in titles)
    assert any(title.startswith("Kader – ") for title in titles)
    for tbl in layout:
        look = tbl.find(f"{W}tblPr/{W}tblLook")
        flags = {name: look.get(f"{W}{name}") for name in
                 ("firstRow", "lastRow", "firstColumn", "lastColumn", "noHBand", "noVBand")}
        assert flags == {"firstRow": "0", "lastRow": "0", "firstColumn": "0", "lastColumn": "0",
                         "noHBand": "1", "noVBand": "1"}
        assert int(look.get(f"{W}val"), 16) & 0x00A0 == 0  # Word 2007's flags say the same
        assert tbl.find(f".//{W}tblHeader") is None


@pytest.mark.parametrize("project", ["example", "real_tables"])
def test_data_tables_have_a_title_and_a_description(project: str,
                                                    request: pytest.FixtureRequest) -> None:
    report, path = request.getfixturevalue(project)
    data = [tbl for tbl in _tables(_body(path)) if tbl.find(f".//{W}tblHeader") is not None]
    placed = [report.tables[p.table_id] for _, p in report.placements]
    assert len(data) >= len(placed) > 0
    expected = {(table_name(t, report), table_description(t, report)) for t in placed}
    found = {(_val(tbl.find(f"{W}tblPr"), "tblCaption"),
              _val(tbl.find(f"{W}tblPr"), "tblDescription")) for tbl in data}
    assert found == expected
    for table in placed:
        description = table_description(table, report)
        assert table.meta.unit and table.meta.unit in description, table.id
        assert (table.meta.caption or table.heading) in description


@pytest.mark.parametrize("project", ["example", "real_tables"])
def test_openxml_audit_finds_nothing(project: str, request: pytest.FixtureRequest) -> None:
    """The Open XML SDK's schema and semantic rules, for Word 2019 and Microsoft 365."""
    from openxml_audit import FileFormat, OpenXmlValidator

    _, path = request.getfixturevalue(project)
    for file_format in (FileFormat.OFFICE_2019, FileFormat.MICROSOFT_365):
        result = OpenXmlValidator(file_format=file_format, max_errors=0).validate(str(path))
        assert (result.error_count, result.warning_count) == (0, 0), [
            f"{e.severity.value} {e.description} ({getattr(e, 'path', '')})"
            for e in result.errors[:20]]


@pytest.mark.parametrize("project", ["example", "real_tables"])
def test_docx_integrity_finds_nothing(project: str, request: pytest.FixtureRequest) -> None:
    """Broken references, orphaned anchors, lost notes: nothing at any severity."""
    from docx_integrity import check

    _, path = request.getfixturevalue(project)
    assert [f"{f.code} {f.severity.value} {f.message} {f.where}" for f in check(path)] == []


def test_the_checkers_see_a_damaged_file(tmp_path: Path, example: tuple[Report, Path]) -> None:
    """A table property out of schema order and a footnote reference to no note: both
    checkers must say so, or the tests above prove nothing."""
    from docx_integrity import check
    from openxml_audit import OpenXmlValidator

    _, path = example
    source = zipfile.ZipFile(path)
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tblPr><w:tblStyle", b"<w:tblPr><w:tblLayout w:type=\"fixed\"/>"
                                    b"<w:tblStyle", 1)
                data = data.replace(b'<w:footnoteReference w:id="1"/>',
                                    b'<w:footnoteReference w:id="999"/>', 1)
            target.writestr(item, data)
    assert OpenXmlValidator(max_errors=0).validate(str(damaged)).error_count > 0
    assert check(damaged) != []


def test_a_picture_has_its_alt_text(make_project) -> None:
    """Word reads a picture's alt text from ``wp:docPr/@descr``: the Markdown's ![alt]."""
    from test_output_agreement import _png

    root = make_project(chapters={"01.md": "# Hoofdstuk\n\n![Grafiek van de cijfers](images/g.png)\n"},
                        files={"images/g.png": _png()})
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(render_docx(load_report(root)[0])))
                            .read("word/document.xml"))
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert [p.get("descr") for p in body.iter(f"{wp}docPr")] == ["Grafiek van de cijfers"]
