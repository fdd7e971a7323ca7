"""Property-based tests (hypothesis) of the readers and the sum checks.

1. Grouped tables whose sums are consistent pass; changing any single cell by more than the
   tolerance gives exactly one finding, and where it points is fixed by what was changed:

   =============================  ================================================
   changed cell                   the one finding
   =============================  ================================================
   item row inside a group        KB101 at that group's SUBTOTAAL row
   item row outside any group     KB102 at the TOTAAL row
   SUBTOTAAL row                  KB101 at that SUBTOTAAL row (the changed row)
   TOTAAL row                     KB102 at the TOTAAL row (the changed row)
   =============================  ================================================

   So the finding is always at the row that closes the changed cell's sum: the cell's own row
   for a SUBTOTAAL or TOTAAL, the SUBTOTAAL/TOTAAL above which it is counted for an item. A
   wrong SUBTOTAAL also throws the TOTAAL off, but the TOTAAL agrees with the items, so that
   is one mistake and one finding (docs/tables.md, "Sums that are checked").
2. The Markdown reader (with resolve and every check) never raises on any text.
3. The CSV reader never raises on any bytes, except the "cannot read" error the CLI prints.
4. parse_number reads back what format_number writes.

The volume run of 2 and 3 is benchmarks/fuzz_readers.py (docs/reliability.md).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SIDECAR, check, describe, errors
from fuzz_strategies import csv_texts, markdown_texts, run_markdown, run_table, sidecar_texts
from kamerbrief.model import RowKind
from kamerbrief.numbers import MAX_DIGITS, NumberError, format_number, parse_number

_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]


def fast(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=_QUIET)

# ---------------------------------------------------------------- 1. sums


@st.composite
def grouped_tables(draw):
    """(rows, decimals, tolerance): groups closed by SUBTOTAAL, lone items, one TOTAAL.

    rows are (labels, integer values in units of the last decimal or None, kind, closer)
    where closer is the index of the row whose sum counts this row (itself for sum rows).
    """
    columns = draw(st.integers(1, 3))
    decimals = draw(st.integers(0, 2))
    value = st.one_of(st.integers(-10**6, 10**9), st.integers(0, 99), st.none())
    row_values = st.lists(value, min_size=columns, max_size=columns)
    groups = draw(st.lists(st.lists(row_values, min_size=1, max_size=4), max_size=4))
    lone = draw(st.lists(row_values, min_size=0 if groups else 1, max_size=3))

    def total(parts):
        sums = []
        for column in range(columns):
            present = [p[column] for p in parts if p[column] is not None]
            sums.append(sum(present) if present else None)
        return sums

    rows = []
    subtotals = []
    for number, items in enumerate(groups):
        closer = len(rows) + len(items)
        for position, values in enumerate(items):
            rows.append(([f"Groep {number}" if position == 0 else "", f"Post {number}.{position}"],
                         values, RowKind.ITEM, closer))
        subtotals.append(total(items))
        rows.append((["", "SUBTOTAAL"], subtotals[-1], RowKind.SUBTOTAL, closer))
    grand = len(rows) + len(lone)
    for position, values in enumerate(lone):
        rows.append(([f"Los {position}", "Overig"], values, RowKind.ITEM, grand))
    rows.append((["", "TOTAAL"], total(subtotals + lone), RowKind.TOTAL, grand))
    tolerance = draw(st.sampled_from(["exact", "rounding"]))
    return rows, decimals, tolerance


def to_csv(rows, decimals: int) -> str:
    header = ["Hoofdlijn", "Post"] + [f"Kolom {n}" for n in range(len(rows[0][1]))]
    lines = [";".join(header)]
    for labels, values, _, _ in rows:
        cells = [format_number(None if v is None else Decimal(v).scaleb(-decimals), decimals)
                 for v in values]
        lines.append(";".join(labels + cells))
    return "\n".join(lines) + "\n"


def write(root: Path, csv: str, tolerance: str) -> Path:
    (root / "chapters").mkdir(parents=True, exist_ok=True)
    (root / "tables").mkdir(exist_ok=True)
    (root / "chapters" / "01.md").write_text("# Tabel\n\n{{tabel t}}\n", encoding="utf-8")
    (root / "tables" / "t.csv").write_text(csv, encoding="utf-8")
    (root / "tables" / "t.toml").write_text(
        SIDECAR + f'labels = 2\ntolerance = "{tolerance}"\n', encoding="utf-8")
    (root / "kamerbrief.toml").write_text('[report]\ntitle = "T"\nchapters = ["chapters/01.md"]\n',
                                          encoding="utf-8")
    return root


@fast(60)
@given(table=grouped_tables(), data=st.data())
def test_one_changed_cell_is_one_finding_at_the_row_that_closes_it(tmp_path_factory, table,
                                                                    data) -> None:
    rows, decimals, tolerance = table
    root = write(tmp_path_factory.mktemp("sums"), to_csv(rows, decimals), tolerance)
    # KB120 (a row that merely looks like a sum) is a heuristic; random figures may trip it
    assert errors(check(root)) == [], describe(check(root))

    filled = [(r, c) for r, row in enumerate(rows) for c, v in enumerate(row[1]) if v is not None]
    if not filled:
        return
    index, column = data.draw(st.sampled_from(filled), label="cell")
    # Beyond any tolerance in the table: (n + 1) × ½ unit, n at most the number of rows.
    beyond = len(rows) + 1
    delta = data.draw(st.integers(beyond, 10**6) | st.integers(-10**6, -beyond), label="delta")
    labels, values, kind, closer = rows[index]
    changed = list(rows)
    changed[index] = (labels, [v + delta if n == column and v is not None else v
                               for n, v in enumerate(values)], kind, closer)
    write(root, to_csv(changed, decimals), tolerance)

    # A changed figure may make some row look like a total (KB120, a warning about what is
    # checked, not about the figures): the arithmetic gives exactly one error.
    findings = [f for f in check(root) if f.code != "KB120"]
    assert len(findings) == 1, describe(findings)
    (finding,) = findings
    expected_code = "KB102" if rows[closer][2] is RowKind.TOTAL else "KB101"
    assert finding.code == expected_code, describe(findings)
    assert (finding.location.path, finding.location.line, finding.location.column) == \
        ("tables/t.csv", closer + 2, f"Kolom {column}"), describe(findings)  # +2: header, 1-based
    assert abs(finding.difference) == abs(Decimal(delta).scaleb(-decimals))


# ---------------------------------------------------------------- 2, 3. readers never raise


@fast(150)
@given(text=markdown_texts())
@example(text="Tekst^[een inline noot] en [^[^1]: x")  # used to raise KeyError('label')
@example(text="::: kader\n[^1]\n\n[^1]: ::: praktijkverhaal\n{{tabel t}}\n{{tabel t}}")
def test_markdown_reader_and_checks_never_raise(tmp_path_factory, text: str) -> None:
    run_markdown(tmp_path_factory.getbasetemp() / "markdown", text)


@fast(100)
@given(data=csv_texts(), sidecar=st.none() | sidecar_texts())
@example(data=b"Post;2023\nA;" + b"1" * 40 + b"\nTOTAAL;1\n", sidecar=None)  # used to crash
@example(data=b"Post;2023\nA;3\nTOTAAL;4\n",
         sidecar='[[formulas]]\ncolumn = "2023"\nexpr = "2023 * 99999999999999999999999999999"')
@example(data=b"Post;2023\nA;1\n", sidecar='[[formulas]]\ncolumn = "2023"\nexpr = "'
         + "-" * 5000 + '1"')  # used to raise RecursionError
def test_csv_reader_and_checks_never_raise(tmp_path_factory, data: bytes, sidecar) -> None:
    run_table(tmp_path_factory.getbasetemp() / "csv", data, sidecar)


@pytest.mark.parametrize("render_docx", [False, True], ids=["html", "html+docx"])
def test_renderers_take_what_the_readers_accept(tmp_path: Path, render_docx: bool) -> None:
    text = "# Titel\x0b met \x1b[1mtekens\n\n::: kader K\x0c\n<script>x</script>[^1]\n:::\n\n" \
           "[^1]: Noot\x07.\n\n{{tabel t}}\n"
    run_markdown(tmp_path, text, render=True, docx=render_docx)
    run_table(tmp_path, b"Post\x1b;2023\nA\x0bB;1\nTOTAAL;1\n", None, render=True,
              docx=render_docx)


# ---------------------------------------------------------------- 4. numbers


@settings(max_examples=300)
@given(units=st.integers(-(10**(MAX_DIGITS - 2)), 10**(MAX_DIGITS - 2)),
       decimals=st.integers(0, 2))
def test_parse_number_reads_back_format_number(units: int, decimals: int) -> None:
    value = Decimal(units).scaleb(-decimals)
    text = format_number(value, decimals)
    assert parse_number(text) == value, text
    assert format_number(parse_number(text), decimals) == text


@settings(max_examples=300)
@given(text=st.text(alphabet=st.sampled_from("0123456789.,-–()+ *¹\u00a0e"), max_size=30)
       | st.text(max_size=20))
def test_parse_number_only_raises_number_error(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberError:
        return
    if value is not None:
        assert parse_number(format_number(value)) == value
