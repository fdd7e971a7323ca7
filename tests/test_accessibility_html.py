"""The HTML meets WCAG 2.1 A and AA: axe-core in the system Chromium, at desktop and phone
width, on the example and on the real tables (tests/fixtures/real-tables), plus assertions of
our own that no axe upgrade can relax.

axe-core comes from npm (tests/axe/package.json, pinned in its lock file; ``make test`` runs
``npm ci --prefix tests/axe``). Without it the axe tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import EXAMPLE_ROOT
from kamerbrief.model import Report, Table
from kamerbrief.numbers import split_marks
from kamerbrief.project import load_report
from kamerbrief.render.common import printed, table_anchor
from kamerbrief.render.html import render_html

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The rule sets of WCAG 2.0 and 2.1, levels A and AA: what the Besluit digitale toegankelijkheid
# overheid asks (EN 301 549).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 320)
PROJECTS = {"example": EXAMPLE_ROOT,
            "real-tables": Path(__file__).parent / "fixtures" / "real-tables"}
# The scroll shadows of a wide table are background gradients; axe cannot tell the colour
# behind text over a gradient, so it leaves those contrasts undecided. With the shadows off it
# decides every one (test_every_colour_contrast_is_decided): the shadows are white where text
# stands, and at their darkest (25 % black, at a scrolled edge) still leave 5:1.
NO_SHADOWS = ".table-scroll { background: none !important; }"


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: load_report(root)[0] for name, root in PROJECTS.items()}


@pytest.fixture(scope="module")
def pages(reports: dict[str, Report], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("a11y")
    written = {}
    for name, report in reports.items():
        written[name] = folder / f"{name}.html"
        written[name].write_text(render_html(report), encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = "axe-core is not installed: run `npm ci --prefix tests/axe` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _axe(browser, page_path: Path, width: int, axe_source: str, css: str = "",
         rules: list[str] | None = None) -> dict:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(page_path.as_uri())
        if css:
            page.add_style_tag(content=css)
        page.add_script_tag(content=axe_source)
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
        result = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: "
                               "['violations', 'incomplete']})", only)
        result["seen"] = {" ".join(map(str, node["target"])): page.evaluate(_LOOK, node["target"][0])
                          for rule in result["incomplete"] for node in rule["nodes"]
                          if rule["id"] == "color-contrast" and _overlap(node)}
        return result
    finally:
        page.close()


# What a person would check where axe says "partially overlaps other elements": a wide table
# breaks out of the text column (style.css), so near its edges the only thing behind its text
# is the page itself, not body; axe reads that as an overlap. At the element's corners and
# centre: which elements are there that are neither it, nor inside it, nor around it; and the
# colour of its text and of every background from it up to the page.
_LOOK = """selector => {
  const el = document.querySelector(selector);
  el.scrollIntoView({block: 'center'});
  const r = el.getBoundingClientRect();
  const points = [[r.left + 1, r.top + 1], [r.right - 1, r.top + 1], [r.left + 1, r.bottom - 1],
                  [r.right - 1, r.bottom - 1], [r.left + r.width / 2, r.top + r.height / 2]];
  const foreign = [];
  for (const [x, y] of points)
    for (const other of document.elementsFromPoint(x, y))
      if (!el.contains(other) && !other.contains(el)) foreign.push(other.outerHTML.slice(0, 80));
  const backgrounds = [];
  for (let node = el; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    backgrounds.push([style.backgroundColor, style.backgroundImage]);
  }
  const style = getComputedStyle(el);
  return {foreign, backgrounds, color: style.color, size: parseFloat(style.fontSize),
          weight: parseInt(style.fontWeight, 10)};
}"""


def _overlap(node: dict) -> bool:
    return any(check["data"] and check["data"].get("messageKey") == "elmPartiallyObscuring"
               for check in node["any"])


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _judged_on_white(seen: dict) -> str:
    """"" when text that axe left undecided stands on the white page and meets WCAG 1.4.3;
    else what is wrong."""
    if seen["foreign"]:
        return f"covered by {seen['foreign'][:2]}"
    for colour, image in seen["backgrounds"]:
        if image != "none" or colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"):
            return f"on a background {colour} {image}"
    ratio = 1.05 / (_luminance(seen["color"]) + 0.05)
    large = seen["size"] >= 24 or (seen["size"] >= 18.66 and seen["weight"] >= 700)
    return "" if ratio >= (3 if large else 4.5) else f"contrast {ratio:.2f}:1 on white"


def _describe(results: list[dict]) -> str:
    lines = []
    for rule in results:
        lines.append(f"{rule['id']} ({rule['impact']}, {len(rule['nodes'])}×): {rule['help']}")
        for node in rule["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:120]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_axe_finds_no_wcag_violation(browser, pages: dict[str, Path], axe_source: str,
                                     project: str, width: int) -> None:
    result = _axe(browser, pages[project], width, axe_source)
    assert result["violations"] == [], _describe(result["violations"])
    # What axe could not decide is a question too: only the contrast over the scroll shadows
    # may stay open here (decided below).
    undecided = [rule for rule in result["incomplete"] if rule["id"] != "color-contrast"]
    assert undecided == [], _describe(undecided)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_every_colour_contrast_is_decided(browser, pages: dict[str, Path], axe_source: str,
                                         project: str, width: int) -> None:
    result = _axe(browser, pages[project], width, axe_source, css=NO_SHADOWS,
                  rules=["color-contrast"])
    assert result["violations"] == [], _describe(result["violations"])
    for rule in result["incomplete"]:
        for node in rule["nodes"]:
            reasons = {check["data"].get("messageKey") for check in node["any"] if check["data"]}
            target = " ".join(map(str, node["target"]))
            assert reasons == {"elmPartiallyObscuring"}, f"{target}: {reasons}"
            problem = _judged_on_white(result["seen"][target])
            assert not problem, f"{target}: {problem}"


def test_screen_reader_text_takes_no_room(browser, pages: dict[str, Path]) -> None:
    """The repeated group labels are there for assistive technology, not for the eye."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(pages["example"].as_uri())
        boxes = page.eval_on_selector_all(
            ".sr-only", "els => els.map(e => [e.getBoundingClientRect().width, "
                        "e.getBoundingClientRect().height, e.textContent])")
    finally:
        page.close()
    assert len(boxes) > 20
    assert all(width <= 1 and height <= 1 for width, height, _ in boxes), boxes[:5]


# ---------------------------------------------------------------- our own assertions


def _parts(document, table: Table) -> list:
    """The <table> of each part of a placed table: the figure with its id, then the figures
    of its later parts ("vervolg") that follow it."""
    first = document.get_element_by_id(table_anchor(table.id))
    figures = [first]
    sibling = first.getnext()
    while sibling is not None and "continued" in (sibling.get("class") or "").split():
        figures.append(sibling)
        sibling = sibling.getnext()
    return [figure.find(".//table") for figure in figures]


def _grouped(report: Report) -> list[Table]:
    return [t for t in report.tables.values() if t.placed and len(t.label_columns) > 1
            and any(row.group for row in t.rows)]


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_every_figure_of_a_grouped_table_is_tied_to_its_group(reports: dict[str, Report],
                                                              project: str) -> None:
    """WCAG 1.3.1: a group label ("Voorkomen") is printed in its group's first row only, yet
    every figure of the group must be tied to it. In the HTML table model a row header
    (``th scope=row``) names every cell right of it in its row; so every figure of a row in a
    group must have, left of it, a row header whose text (also text only a screen reader
    reads) is the group's label, and one for each label the row prints."""
    report = reports[project]
    document = lxml_html.fromstring(render_html(report))
    tables = _grouped(report)
    assert tables, "no grouped table to check"
    checked = 0
    for table in tables:
        for html_table in _parts(document, table):
            rows = html_table.findall("./tbody/tr")
            assert len(rows) == len(table.rows), table.id
            for row, tr in zip(table.rows, rows, strict=True):
                headers: list[str] = []
                for cell in tr:
                    text = " ".join(cell.text_content().split())
                    if cell.tag == "th" and cell.get("scope") == "row":
                        headers.append(split_marks(text)[0])
                    elif "num" in (cell.get("class") or "").split():
                        wanted = [printed(table, split_marks(label)[0])
                                  for label in row.labels if label]
                        if row.group:
                            wanted.append(printed(table, split_marks(row.group)[0]))
                        missing = [label for label in wanted if label not in headers]
                        assert not missing, (f"{table.id} row {row.index + 1} ({row.label}): "
                                             f"figure '{text}' not tied to {missing}; "
                                             f"its row headers: {headers}")
                        checked += 1
    assert checked > 100


def test_the_print_html_repeats_no_label(reports: dict[str, Report]) -> None:
    """The PDF prints a group label once, as published; its tags are the PDF's own matter."""
    document = lxml_html.fromstring(render_html(reports["example"], for_print=True))
    assert document.xpath("//table//*[contains(@class, 'sr-only')]") == []
    assert document.xpath("//table//td[contains(@class, 'group')]")  # the empty group cells


def test_the_harness_sees_a_violation(browser, axe_source: str, tmp_path: Path) -> None:
    """A page without a language and an image without alt text: axe must say so, or the
    tests above prove nothing."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>t</title></head><body>'
                    '<img src="x.png"><table><tr><th></th><td>1</td></tr></table></body></html>',
                    encoding="utf-8")
    found = {rule["id"] for rule in _axe(browser, page, 320, axe_source)["violations"]}
    assert {"html-has-lang", "image-alt"} <= found, found
