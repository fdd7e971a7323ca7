"""Hypothesis strategies and harnesses for the readers, shared by the property tests
(tests/test_properties.py, a few hundred examples) and the volume fuzz run
(benchmarks/fuzz_readers.py, tens of thousands).

A harness takes one generated input through everything a writer's file goes through in
``kamerbrief check`` and an HTML build: reader → resolve → every check → HTML (and DOCX when
asked). The only exception it may raise is the one the CLI turns into exit 2 (ProjectError);
anything else is a bug the fuzz run reports.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from kamerbrief.checks import run_checks
from kamerbrief.config import Config, Vocabulary
from kamerbrief.diagnostics import ProjectError
from kamerbrief.model import Report
from kamerbrief.readers.markdown import read_chapter
from kamerbrief.readers.tables import read_table
from kamerbrief.resolve import resolve

# ---------------------------------------------------------------- Markdown

MARKDOWN_PIECES = [
    "# ", "## ", "### ", "#### ", ":::", "::: kader", "::: praktijkverhaal Titel", "::: onbekend",
    "[^", "]", "[^1]", "[^1]: ", "[^x y]", "[^]", "{{", "}}", "{{tabel t}}", "{{tabel}}",
    "{{tabel weg}}", "{{waarde t | A | 2023}}", "{{waarde t | TOTAAL | 2023 | miljoen 1}}",
    "{{waarde | | | }}", "{{waarde t | A | 2023 | abc}}", "{{}}", "|", "| a | b |\n|---|---|\n",
    "---", "---\nkind: annex\n---\n", "---\n: [\n---\n", "\n", "\n\n", " ", "    ", "\t", "*",
    "**", "_", "`", "```", "~~", "> ", "> — ", "- ", "1. ", "99999999999. ", "[", "](", ")",
    "![", "![alt](", "](#)", "](file:///etc/passwd)", "](javascript:x)", "](../x)", "](/etc/x)",
    "](http://127.0.0.1:1/x)", "<", ">", "<script>", "<!--", "-->", "<!-- x -->", "<br>",
    "<div>", "</div>", "{lang=en}", "]{lang=en}", "&amp;", "&#0;", "#", "{#id}", "{#}",
    "\\", "—", "–", "Tabel 3", "zie bijlage", "\x00", "\x0b", "\x0c", "\x1b[31m", "\r", "\r\n",
    "\u2028", "\ufeff", "\ud7ff", "é", "𝄞",
]


FRONT_MATTERS = [
    "---\ntitle: " + "[" * 600 + "]" * 600 + "\n---\n",  # used to raise RecursionError
    "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: [*b, *b, *b]\n---\n",  # aliases
    "---\nkind: {a: 1}\nrunning_header: 5\n---\n", "---\n- a\n---\n", "---\n---\n",
    "---\n? [a]\n: b\n---\n", "---\ntitle: !!python/object:os.system x\n---\n",
]
ROW_SPECS = ["A", "B", "TOTAAL", "SUBTOTAAL", "A > B", "> A", "A >", "", "x", "a*"]
COLUMN_SPECS = ["2023", "2022", "", "Post", " 2023 "]
FORMATS = ["", "0", "1", "6", "7", "99", "1000000000", "²", "٣", "miljoen", "miljoen 1",
           "miljard 2", "duizend 0", "miljoen x", "-1", "1.5"]


def value_refs() -> st.SearchStrategy[str]:
    """``{{waarde …}}`` shortcodes with rows, columns and formats both good and bad."""
    fmt = st.one_of(st.sampled_from(FORMATS), st.text(max_size=6))
    return st.builds(lambda r, c, f: f"{{{{waarde t | {r} | {c} | {f}}}}}",
                     st.sampled_from(ROW_SPECS), st.sampled_from(COLUMN_SPECS), fmt)


def markdown_texts(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """Arbitrary text, weighted towards the syntax kamerbrief gives meaning to."""
    piece = st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=12), value_refs())
    front = st.sampled_from([""] * 20 + FRONT_MATTERS)
    return st.tuples(front, st.lists(piece, max_size=max_pieces).map("".join)).map("".join)


# ---------------------------------------------------------------- CSV

CELL_PIECES = ["", "A", "Post", "SUBTOTAAL", "TOTAAL", "Totaal", "Subtotaal", "1", "-1", "1.234",
               "12,5", "1.234,56", "(12)", "-", "–", "0", "007", "1,234.5", "n.v.t.", "*", "¹",
               "9" * 19, "1e5", "NaN", "Infinity", " ", '"', '""', "\n", ";", ",", "\t", "\x00",
               "\x81", "é", "\x0b", "\x1b"]


@st.composite
def csv_texts(draw) -> bytes:
    """A CSV-ish file: rows of cells drawn from the table vocabulary, joined by a delimiter
    that may change per row, sometimes quoted, encoded as UTF-8, Windows-1252 or raw bytes."""
    cell = st.one_of(st.sampled_from(CELL_PIECES), st.text(max_size=8),
                     st.integers(-10**7, 10**7).map(str))
    rows = draw(st.lists(st.lists(cell, max_size=6), max_size=12))
    delimiter = draw(st.sampled_from([";", ",", "\t", ";;"]))
    quote = draw(st.booleans())
    lines = []
    for row in rows:
        cells = [f'"{c}"' if quote and draw(st.booleans()) else c for c in row]
        lines.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=16))
    return data


SIDECAR_LINES = [
    'caption = "Tabel"', 'caption = 5', 'unit = "in 1.000 euro"', 'unit_scale = 1000',
    'unit_scale = "abc"', 'unit_scale = nan', 'unit_scale = inf', 'unit_scale = 0',
    'source = "Bron"', 'labels = 2', 'labels = -1', 'labels = 0', 'labels = 99', 'labels = "2"',
    'labels = true', 'tolerance = "rounding"', 'tolerance = 5', '[notes]', '"*" = "Noot"',
    'numbered = false', 'numbered = true', 'numbered = "nee"', 'numbered = 0',
    'notes = 5', '[[formulas]]', 'column = "2023"', 'column = "A"', 'expr = "2023 - 2022"',
    'expr = "(2023"', 'expr = "2023 / 0"', 'expr = "-" ', 'expr = "`A` * 99999999999999999999999"',
    'expr = "' + "(" * 300 + '1' + ")" * 300 + '"', 'expr = "' + "-" * 5000 + '1"',
    '[[equals]]', 'row = "TOTAAL"', 'row = "A"', 'table = "t"', 'table = "weg"',
    'columns = ["2023"]', 'columns = { 2023 = "2022" }', 'columns = 5', 'other_row = "B"',
    'header_groups = [{ title = "x", columns = ["2023"] }]', 'header_groups = [5]',
    'header_groups = [{ title = "x", columns = ["weg", "2023"] }]', 'formulas = 5',
    'equals = [5]', 'onbekend = 1', '[onbekend]', 'x =', 'deep = ' + "[" * 3000 + "]" * 3000,
]


def sidecar_texts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(SIDECAR_LINES), max_size=10).map("\n".join)


# ---------------------------------------------------------------- harnesses

TABLE_CSV = "Post;2023;2022\nA;1;2\nB;3;4\nSUBTOTAAL;4;6\nC;5;6\nTOTAAL;9;12\n"


def _config(root: Path, chapters: list[str]) -> Config:
    return Config(root=root, title="Fuzz", chapters=chapters)


def _render(report: Report, docx: bool) -> None:
    from kamerbrief.render.html import render_html

    render_html(report)
    if docx:
        from kamerbrief.render.docx import render_docx

        render_docx(report)


def _check_and_render(root: Path, chapter, table, findings: list, render: bool, docx: bool) -> None:
    """The one-chapter, one-table report through resolve, every check and the renderers."""
    report = Report(root=root, config=_config(root, ["chapters/01.md"]), chapters=[chapter],
                    tables={"t": table})
    run_checks(report, findings + resolve(report))
    if render:
        _render(report, docx)


def run_markdown(root: Path, text: str, render: bool = False, docx: bool = False) -> None:
    """A chapter through the reader, resolve, every check and (optionally) the renderers."""
    (root / "tables").mkdir(parents=True, exist_ok=True)
    csv_path = root / "tables" / "t.csv"
    if not csv_path.exists():
        csv_path.write_text(TABLE_CSV, encoding="utf-8")
    findings: list = []
    table = read_table(csv_path, root, Vocabulary(), findings)
    chapter, chapter_findings = read_chapter(root / "chapters" / "01.md", "chapters/01.md", text,
                                             Vocabulary())
    _check_and_render(root, chapter, table, chapter_findings + findings, render, docx)


def run_table(root: Path, data: bytes, sidecar: str | None = None, render: bool = False,
              docx: bool = False) -> None:
    """A CSV file (and sidecar) through the reader, resolve, every check and the renderers."""
    folder = root / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "t.csv").write_bytes(data)
    side = folder / "t.toml"
    if sidecar is None:
        side.unlink(missing_ok=True)
    else:
        side.write_text(sidecar, encoding="utf-8")
    findings: list = []
    try:
        table = read_table(folder / "t.csv", root, Vocabulary(), findings)
    except ProjectError:
        return  # the CLI prints these and exits 2
    chapter, chapter_findings = read_chapter(
        root / "chapters" / "01.md", "chapters/01.md",
        "# T\n\n{{tabel t}}\n\nIn 2023: {{waarde t | TOTAAL | 2023 | miljoen 1}}.\n",
        Vocabulary())
    _check_and_render(root, chapter, table, chapter_findings + findings, render, docx)

