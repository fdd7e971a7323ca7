"""Computed figures ({{reken}}) and figures typed in prose that restate a table (KB504/KB505).

The arithmetic is checked against an independent computation in Fractions; the warnings on
real text: the published paragraph of the June 2024 report, and coincidences from the
example that must not be reported.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE_ROOT, check, describe, load, one, only
from kamerbrief.figures import (
    CellTerm,
    FigureError,
    FigureFormat,
    Quantity,
    evaluate,
    parse_figure,
    scaled,
)
from kamerbrief.formula import Binary, Expr, Negate, Number, Ref
from kamerbrief.model import FigureRef
from kamerbrief.walk import chapter_inlines

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "as-published"

VERDACHTEN = ";2022;2023\n< 1 jaar;364;368\n2-5 jaar;288;370\n> 5 jaar;177;167\nTotaal;829;905\n"
ZAKEN = ";2022;2023\nSchuldig;1.238;1.273\nVrijspraak;201;191\nTotaal;1.439;1.464\n"
BUDGET = ("Opgave;Plan;Realisatie\nVoorkomen;405.900;380.100\nVerstoren;300.000;231.000\n"
          "TOTAAL;705.900;611.100\n")
TABLES = {
    "straffen.csv": VERDACHTEN,
    "straffen.toml": 'caption = "Straffen"\nunit = "aantal verdachten"\nsource = "OM"\n',
    "zaken.csv": ZAKEN, "zaken.toml": 'caption = "Zaken"\nunit = "aantal zaken"\nsource = "OM"\n',
    "budget.csv": BUDGET,
    "budget.toml": 'caption = "Besteding"\nunit = "in 1.000 euro"\nunit_scale = 1000\nsource = "JenV"\n',
}


def project(make_project: Callable[..., Path], text: str, tables: dict[str, str] | None = None
            ) -> Path:
    tables = TABLES if tables is None else tables
    placed = "".join(f"\n\n{{{{tabel {name[:-4]}}}}}" for name in tables if name.endswith(".csv"))
    return make_project(chapters={"01.md": f"# Hoofdstuk\n\n{text}\n{placed}\n"}, tables=tables)


def figures(root: Path) -> list[str]:
    report, _ = load(root)
    return [inline.text for chapter in report.chapters for inline in chapter_inlines(chapter)
            if isinstance(inline, FigureRef)]


# ---------------------------------------------------------------- reading an expression


def test_precedence_and_parentheses() -> None:
    a, b = _cell("t", "a", "2023"), _cell("t", "b", "2023")
    assert parse_figure("[t | a | 2023] + [t | b | 2023] * 2").expression == Binary(
        "+", a, Binary("*", b, Number(Decimal(2), "2")))
    assert parse_figure("([t | a | 2023] + [t | b | 2023]) × 2").expression == Binary(
        "*", Binary("+", a, b), Number(Decimal(2), "2"))
    figure = parse_figure("−[t | a | 2023] / 1.000,5 | miljoen 2")
    assert figure.expression == Binary("/", Negate(a), Number(Decimal("1000.5"), "1.000,5"))
    # the number is read the Dutch way: a thousand and a half
    assert evaluate(figure.expression, lambda term: (Decimal(2001), Decimal(1))) == Quantity(
        Decimal(-2), 1)


def _cell(table: str, row: str, column: str) -> Ref:
    """A cell as the parser reads it: a Ref holding its CellTerm."""
    return Ref(CellTerm(table, row, column), f"[{table} | {row} | {column}]")


def test_labels_keep_their_own_signs() -> None:
    """'1-2 jaar', '> 5 jaar' and 'Groep > Rij' stay labels inside the brackets."""
    figure = parse_figure("[straffen | > 5 jaar | 2023] - [straffen | 1-2 jaar | 2023]")
    assert figure.expression == Binary("-", _cell("straffen", "> 5 jaar", "2023"),
                                       _cell("straffen", "1-2 jaar", "2023"))
    assert figure.fmt == FigureFormat()


@pytest.mark.parametrize(("format_text", "expected"), [
    ("procent 0", FigureFormat("procent", 0)), ("miljoen 1", FigureFormat("miljoen", 1)),
    ("2", FigureFormat("", 2)), ("procent", FigureFormat("procent", None)),
])
def test_formats(format_text: str, expected: FigureFormat) -> None:
    assert parse_figure(f"[t | a | b] / [t | c | b] | {format_text}").fmt == expected


@pytest.mark.parametrize(("body", "message"), [
    ("", "empty"),
    ("[t | a | b] /", "ends too early"),
    ("[t | a | b", "no matching ']'"),
    ("[t | a] / 2", "is not a cell"),
    ("[t | a | b] / 2 | procent 9", "unknown format"),
    ("[t | a | b] / 2 | honderd", "unknown format"),
    ("[t | a | b] ^ 2", "unexpected '^ 2'"),
    ("([t | a | b] + 2", "missing ')'"),
    ("[t | a | b] / procent", "unexpected 'procent'"),
    ("[t | a | b] / 1.00", "unexpected '1.00'"),
    ("[t | a | b] 2", "unexpected '2'"),
])
def test_unreadable_expressions_say_what_is_wrong(body: str, message: str) -> None:
    with pytest.raises(FigureError, match=re.escape(message)):
        parse_figure(body)


# ---------------------------------------------------------------- computing it


def test_dimensions_keep_a_figure_from_being_wrong_by_a_unit() -> None:
    values = {"a": (Decimal(300), Decimal(1000)), "b": (Decimal(600), Decimal(1000))}

    def lookup(term: CellTerm) -> tuple[Decimal, Decimal]:
        return values[term.row]

    a, b = _cell("t", "a", "c"), _cell("t", "b", "c")
    assert evaluate(Binary("/", a, b), lookup) == Quantity(Decimal("0.5"), 0)
    assert evaluate(Binary("-", b, a), lookup) == Quantity(Decimal(300_000), 1)
    with pytest.raises(FigureError, match="added to or taken from"):
        evaluate(Binary("+", a, Number(Decimal(5), "5")), lookup)
    with pytest.raises(FigureError, match="division by zero"):
        evaluate(Binary("/", a, Binary("-", a, a)), lookup)
    ratio, amount = Quantity(Decimal("0.885"), 0), Quantity(Decimal(705_900_000), 1)
    assert scaled(ratio, FigureFormat("procent"), {Decimal(1)}, 0) == (Decimal("88.500"), 0)
    assert scaled(amount, FigureFormat("miljoen"), {Decimal(1000)}, 0) == (Decimal("705.9"), 1)
    assert scaled(amount, FigureFormat(), {Decimal(1000)}, 0) == (Decimal(705_900), 0)
    for bad, fmt, message in [(amount, FigureFormat("procent"), "needs a ratio"),
                              (ratio, FigureFormat("miljoen"), "is a ratio"),
                              (Quantity(Decimal(1), 2), FigureFormat(), "multiplies"),
                              (amount, FigureFormat(), "different units")]:
        with pytest.raises(FigureError, match=message):
            scaled(bad, fmt, {Decimal(1), Decimal(1000)}, 0)


_VALUES = st.decimals(min_value=-10_000, max_value=10_000, places=1, allow_nan=False,
                      allow_infinity=False)


def _expressions(depth: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(st.sampled_from([_cell("t", name, "c") for name in "abcd"]),
                       st.integers(1, 500).map(lambda n: Number(Decimal(n), str(n))))
    if depth == 0:
        return leaves
    inner = _expressions(depth - 1)
    return st.one_of(leaves, inner.map(Negate),
                     st.tuples(st.sampled_from("+-*/"), inner, inner).map(lambda t: Binary(*t)))


def _reference(expression: Expr, cells: dict[str, Decimal]) -> tuple[Fraction, int]:
    """The same arithmetic in exact fractions, with its own dimension rules."""
    if isinstance(expression, Ref):
        return Fraction(cells[expression.key.row]), 1  # type: ignore[attr-defined]
    if isinstance(expression, Number):
        return Fraction(expression.value), 0
    if isinstance(expression, Negate):
        value, dimension = _reference(expression.operand, cells)
        return -value, dimension
    assert isinstance(expression, Binary)
    (left, dl), (right, dr) = _reference(expression.left, cells), _reference(expression.right, cells)
    if expression.op in "+-":
        if dl != dr:
            raise FigureError("dimension")
        return (left + right if expression.op == "+" else left - right), dl
    if expression.op == "*":
        return left * right, dl + dr
    if right == 0:
        raise FigureError("zero")
    return left / right, dl - dr


def _text(expression: Expr) -> str:
    if isinstance(expression, Ref | Number):
        return expression.text
    if isinstance(expression, Negate):
        return f"-({_text(expression.operand)})"
    assert isinstance(expression, Binary)
    return f"({_text(expression.left)} {expression.op} {_text(expression.right)})"


@settings(max_examples=300, deadline=None)
@given(_expressions(3), st.fixed_dictionaries({name: _VALUES for name in "abcd"}))
def test_arithmetic_agrees_with_exact_fractions(expression: Expr,
                                                cells: dict[str, Decimal]) -> None:
    """Written out and read back, the expression computes what exact fractions compute,
    or both refuse it."""
    parsed = parse_figure(_text(expression)).expression
    try:
        expected, dimension = _reference(expression, cells)
    except FigureError:
        with pytest.raises(FigureError):
            evaluate(parsed, lambda term: (cells[term.row], Decimal(1)))
        return
    result = evaluate(parsed, lambda term: (cells[term.row], Decimal(1)))
    assert result.dimension == dimension
    assert abs(Fraction(result.value) - expected) <= abs(expected) * Fraction(1, 10**30)


# ---------------------------------------------------------------- in a report


def test_the_example_computes_its_shares_from_the_tables() -> None:
    """Bestraffen: 1.129 of 1.273 is 89 procent; 368 and 370 of 1.129 are 33 procent each."""
    assert figures(EXAMPLE_ROOT) == ["89", "33", "33"]


@pytest.mark.parametrize(("expression", "message"), [
    ("[onbekend | Schuldig | 2023] / [zaken | Totaal | 2023]", "no table 'onbekend'"),
    ("[zaken | Onbekend | 2023] / [zaken | Totaal | 2023]", "has no row 'Onbekend'"),
    ("[zaken | Schuldig | 2030] / [zaken | Totaal | 2023]", "has no column '2030'"),
    ("[zaken | Schuldig | 2023] / ([zaken | Totaal | 2023] - [zaken | Totaal | 2023])",
     "division by zero"),
    ("[zaken | Schuldig | 2023] + 5", "added to or taken from"),
    ("[zaken | Schuldig | 2023] + [budget | TOTAAL | Plan]", "different units"),
    ("[zaken | Schuldig | 2023] / ", "ends too early"),
])
def test_a_figure_that_does_not_resolve_is_an_error(make_project: Callable[..., Path],
                                                    expression: str, message: str) -> None:
    root = project(make_project, f"Tekst.\n\nIn {{{{reken {expression}}}}} zaken.")
    finding = one(check(root), "KB502")
    assert finding.severity.value == "error"
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert message in finding.message


def test_units_are_scaled_before_arithmetic(make_project: Callable[..., Path]) -> None:
    root = project(make_project, (
        "{{reken [budget | TOTAAL | Plan] - [budget | TOTAAL | Realisatie] | miljoen 1}} en "
        "{{reken [budget | TOTAAL | Plan] - [budget | TOTAAL | Realisatie]}} en "
        "{{reken [budget | TOTAAL | Realisatie] / [budget | TOTAAL | Plan] | procent 1}} en "
        "{{reken ([zaken | Schuldig | 2023] - [zaken | Schuldig | 2022]) / [zaken | Schuldig | 2022]"
        " | procent 1}}"))
    assert figures(root) == ["94,8", "94.800", "86,6", "2,8"]
    assert not only(check(root), "KB502")


# ---------------------------------------------------------------- typed figures


def test_a_copied_cell_is_found_and_its_quote_pasted_fixes_it(
        make_project: Callable[..., Path]) -> None:
    root = project(make_project, "In 2023 werden 1.273 verdachten schuldig bevonden.")
    finding = one(check(root), "KB504")
    assert "'1.273' restates table 'zaken', row 'Schuldig', column '2023'" in finding.message
    quote = re.search(r"\{\{waarde [^}]*\}\}", finding.hint)
    assert quote is not None and quote.group(0) == "{{waarde zaken | Schuldig | 2023}}"
    chapter = root / "chapters" / "01.md"
    chapter.write_text(chapter.read_text().replace("1.273", quote.group(0)))
    assert check(root) == []


@pytest.mark.parametrize("text", [
    "In 2023 waren er 2023 meldingen.",  # a year (the cell prints as 2.023)
    "Zie Kamerstukken II 2023/24, 28741, nr. 1273.",  # a citation's number
    "Er waren 5 verdachten. Er werden 170 partijen drugs gevonden.",  # a small count; a coincidence (example)
    "In totaal doen in die gemeenten nu 431 jongeren mee.",  # the example's: 431 ≠ verdachten
    "Campagne ‘Wat heb je aan €30.000,- als daarna…’.",  # the example's: euros, not thousands
    "In 2023 is iets meer dan 10,5 miljoen euro beslag gelegd.",  # many cells round to 10,5
    "Op 1 juni 2024 meldden zich 364 mensen.",  # 364 a cell, but nothing ties it to the table
])
def test_years_citations_small_counts_and_coincidences_are_not_reported(
        make_project: Callable[..., Path], text: str) -> None:
    tables = dict(TABLES)
    tables["extra.csv"] = ";2022;2023\nJaar;2.023;1.273\nOverig;5;431\nGeteld;170;364\n"
    tables["extra.toml"] = 'unit = "aantal verdachten"\nsource = "OM"\n'
    tables["geld.csv"] = "Post;Plan;Realisatie\nDigitaal;10.500;10.450\nCampagne;30.000;30.000\n"
    tables["geld.toml"] = 'unit = "in 1.000 euro"\nunit_scale = 1000\nsource = "JenV"\n'
    findings = check(project(make_project, text, tables))
    assert not only(findings, "KB504") and not only(findings, "KB505"), describe(findings)


@pytest.mark.parametrize(("text", "figure"), [
    ("Er werden 167 verdachten veroordeeld.", "'167'"),  # the table's own noun
    ("Van de 1.273 zaken eindigden er 191 in vrijspraak.", "'191'"),  # beside a distinctive one
    ("Er was 705,9 miljoen euro beschikbaar.", "'705,9 miljoen'"),  # scaled
    ("De realisatie is 94,8 miljoen euro lager.", None),  # no cell is 94,8 miljoen
    ("Er werd 380,1 miljoen euro gerealiseerd.", "'380,1 miljoen'"),
])
def test_relevant_copies_are_reported(make_project: Callable[..., Path], text: str,
                                      figure: str | None) -> None:
    found = only(check(project(make_project, text)), "KB504")
    assert [f.message.split(" restates")[0] for f in found][-1:] == ([figure] if figure else [])


def test_scaled_copy_gets_a_quote_in_the_same_scale(make_project: Callable[..., Path]) -> None:
    root = project(make_project, "Er was 705,9 miljoen euro beschikbaar.")
    assert "{{waarde budget | TOTAAL | Plan | miljoen 1}}" in one(check(root), "KB504").hint


PUBLISHED = ("Van de 1.273 strafzaken waarin de verdachte door de rechter in 2023 schuldig werd "
             "bevonden, legde de rechter in 905 gevallen, ofwel in 71 procent, een vrijheidsstraf "
             "op. Circa 41 procent daarvan werd veroordeeld tot een vrijheidsstraf tot één jaar en "
             "eveneens zo'n 41 procent tot een vrijheidsstraf van 2 tot 5 jaar.")


def test_percentages_computed_by_hand_are_found_with_the_figure_to_paste(
        make_project: Callable[..., Path]) -> None:
    """The published paragraph's shape: 905/1.273 = 71 %, 368/905 and 370/905 = 41 % each."""
    root = project(make_project, PUBLISHED)
    shares = only(check(root), "KB505")
    pasted = [re.search(r"\{\{reken [^}]*\}\}", f.hint).group(0) for f in shares]  # type: ignore[union-attr]
    assert pasted == [
        "{{reken [straffen | Totaal | 2023] / [zaken | Schuldig | 2023] | procent 0}}",
        "{{reken [straffen | < 1 jaar | 2023] / [straffen | Totaal | 2023] | procent 0}}",
        "{{reken [straffen | 2-5 jaar | 2023] / [straffen | Totaal | 2023] | procent 0}}"]
    text = PUBLISHED
    for literal, figure in zip(["71 procent", "41 procent", "41 procent"], pasted, strict=True):
        text = text.replace(literal, f"{figure} procent", 1)
    text = text.replace("1.273", "{{waarde zaken | Schuldig | 2023}}").replace(
        " 905 ", " {{waarde straffen | Totaal | 2023}} ")
    fixed = project(make_project, text)
    assert check(fixed) == []
    assert figures(fixed) == ["71", "41", "41"]


def test_a_percentage_no_cells_give_is_not_reported(make_project: Callable[..., Path]) -> None:
    text = PUBLISHED.replace("71 procent", "72 procent").replace("41 procent", "30 procent")
    assert not only(check(project(make_project, text)), "KB505")


# ---------------------------------------------------------------- {{negeer}}


def test_negeer_silences_its_own_line_only(make_project: Callable[..., Path]) -> None:
    root = project(make_project, "Er werden 167 verdachten veroordeeld. {{negeer KB504}}\n\n"
                                 "Er werden 167 verdachten veroordeeld.")
    [finding] = only(check(root), "KB504")
    assert finding.location.line == 5


def test_a_negeer_with_nothing_to_silence_is_reported(make_project: Callable[..., Path]) -> None:
    root = project(make_project, "Tekst. {{negeer KB504, kb999}}\n\nMeer. {{negeer}}")
    findings = check(root)
    assert sorted(f.message for f in only(findings, "KB506")) == [
        "{{negeer KB504}}: KB504 has no such finding on this line",
        "{{negeer KB999}}: KB999 is not a finding code"]
    assert "names no finding code" in one(findings, "KB503").message


# ---------------------------------------------------------------- the published report


def test_every_quote_the_as_published_fixture_is_told_to_paste_resolves_to_the_text(
        tmp_path: Path) -> None:
    """Paste each suggested {{waarde}}/{{reken}} over the typed figure: the finding goes
    and the document prints the same figure."""
    from conftest import copy_project

    root = copy_project(FIXTURE, tmp_path / "fixture")
    findings = only(check(root), "KB504") + only(check(root), "KB505")
    assert len(findings) == 12
    for finding in sorted(findings, key=lambda f: (f.location.path, -f.location.line)):
        path = root / finding.location.path
        lines = path.read_text(encoding="utf-8").split("\n")
        typed = re.match(r"'([^']*)'", finding.message).group(1)  # type: ignore[union-attr]
        quote = re.search(r"\{\{(?:waarde|reken) [^}]*\}\}", finding.hint).group(0)  # type: ignore[union-attr]
        number, _, rest = typed.partition(" ")
        if finding.code == "KB505":
            rest = "procent"
        line = lines[finding.location.line - 1]
        assert f"{number} {rest}".strip() in line
        lines[finding.location.line - 1] = line.replace(f"{number} {rest}".strip(),
                                                        f"{quote} {rest}".strip(), 1)
        path.write_text("\n".join(lines), encoding="utf-8")
    after = check(root)
    assert not only(after, "KB504") and not only(after, "KB505"), describe(after)
    report, _ = load(root)
    printed = [inline.text for chapter in report.chapters for inline in chapter_inlines(chapter)
               if isinstance(inline, FigureRef)]
    assert printed == ["89", "33", "33"]


def test_rounding_is_half_up_as_in_the_tables(make_project: Callable[..., Path]) -> None:
    """1/8 = 12,5 % prints as 13 with 0 decimals, as a table's rounding does."""
    tables = {"t.csv": ";2023\nDeel;1\nTotaal;8\n", "t.toml": 'unit = "aantal"\nsource = "x"\n'}
    root = project(make_project, "{{reken [t | Deel | 2023] / [t | Totaal | 2023] | procent 0}}",
                   tables)
    assert figures(root) == [str(Decimal("12.5").quantize(Decimal(1), ROUND_HALF_UP))]


# ---------------------------------------------------------------- mutants of the arithmetic

MUTANTS = [
    ("left.value + right.value if", "left.value - right.value if"),
    ("else left.value - right.value", "else left.value + right.value"),
    ("Quantity(left.value * right.value", "Quantity(left.value + right.value"),
    ("Quantity(left.value / right.value", "Quantity(right.value / left.value"),
    ("Quantity(-inner.value", "Quantity(inner.value"),
    ("Quantity(value * scale, 1)", "Quantity(value, 1)"),
    ("left.dimension - right.dimension", "left.dimension + right.dimension"),
    ("return result.value * 100,", "return result.value,"),
    ("return Number(_dutch_value(expression.text), expression.text)",
     "return Number(Decimal(expression.text.replace(',', '.')), expression.text)"),
]
CASES = [f"[t | {a} | c] {op} [t | {b} | c]" for a, b in ("ab", "ba", "cd") for op in "+-*/"] + [
    "-[t | a | c] / [t | b | c] * 3", "[t | a | c] - [t | b | c] - [t | c | c]",
    "[t | a | c] * 1.000 / [t | b | c]"]


def _outcomes(module: object) -> list[object]:
    values = {"a": Decimal("12.5"), "b": Decimal(4), "c": Decimal(-3), "d": Decimal("0.5")}
    results: list[object] = []
    for body in CASES:
        try:
            figure = module.parse_figure(body)  # type: ignore[attr-defined]
            quantity = module.evaluate(figure.expression,  # type: ignore[attr-defined]
                                       lambda term: (values[term.row], Decimal(10)))
            results.append((quantity.value, quantity.dimension,
                            module.scaled(module.Quantity(quantity.value, 0),  # type: ignore[attr-defined]
                                          module.FigureFormat("procent"), set(), 0)))
        except Exception as exc:  # noqa: BLE001 - a mutant may fail any way it likes
            results.append(type(exc).__name__)
    return results


@pytest.mark.parametrize(("original", "mutated"), MUTANTS)
def test_every_mutant_of_the_arithmetic_changes_a_result(original: str, mutated: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above tell each mutant from the real module, so the property test and the
    report tests, which check those results, would catch it."""
    import types

    import kamerbrief.figures as real

    source = Path(real.__file__).read_text(encoding="utf-8")
    assert source.count(original) == 1, original
    mutant = types.ModuleType("figures_mutant")
    monkeypatch.setitem(sys.modules, "figures_mutant", mutant)  # dataclasses look it up
    exec(compile(source.replace(original, mutated), "figures_mutant", "exec"),  # noqa: S102
         mutant.__dict__)
    assert _outcomes(mutant) != _outcomes(real)


# ---------------------------------------------------------------- a revised table, three outputs


def _output_texts(root: Path, out: Path) -> dict[str, str]:
    import shutil
    import subprocess
    import zipfile
    from html.parser import HTMLParser

    from conftest import run_cli

    result = run_cli("build", "--project", root, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    texts: dict[str, str] = {}

    class _Text(HTMLParser):
        parts: list[str] = []
        skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("style", "script")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.parts = []
    parser.feed(next(out.glob("*.html")).read_text(encoding="utf-8"))
    texts["html"] = " ".join("".join(parser.parts).split())
    with zipfile.ZipFile(next(out.glob("*.docx"))) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    texts["docx"] = " ".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)).split())
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found: install poppler-utils")
    pdf = subprocess.run(["pdftotext", str(next(out.glob("*.pdf"))), "-"], capture_output=True,
                         text=True, check=True).stdout
    texts["pdf"] = " ".join(pdf.split())
    return texts


def test_a_revised_table_updates_every_dependent_figure_in_all_three_outputs(
        make_project: Callable[..., Path], tmp_path: Path) -> None:
    text = ("Van de {{waarde zaken | Schuldig | 2023}} zaken kregen er "
            "{{waarde straffen | Totaal | 2023}} een vrijheidsstraf, ofwel "
            "{{reken [straffen | Totaal | 2023] / [zaken | Schuldig | 2023] | procent 0}} procent; "
            "{{reken [straffen | < 1 jaar | 2023] / [straffen | Totaal | 2023] | procent 1}} "
            "procent korter dan een jaar.")
    root = project(make_project, text)
    before = _output_texts(root, tmp_path / "before")
    for fmt, body in before.items():
        assert _figures_in(body) >= {"1.273", "905", "71", "40,7"}, fmt
    # The revision: one cell and the totals it feeds, consistently (check stays clean).
    (root / "tables" / "straffen.csv").write_text(
        VERDACHTEN.replace(";368\n", ";468\n").replace(";905\n", ";1.005\n"), encoding="utf-8")
    assert check(root) == []
    after = _output_texts(root, tmp_path / "after")
    for fmt, body in after.items():
        assert _figures_in(body) >= {"1.273", "1.005", "79", "46,6"}, fmt
        assert not _figures_in(body) & {"905", "71", "40,7"}, fmt


def _figures_in(text: str) -> set[str]:
    return set(re.findall(r"(?<![\d.,])\d[\d.,]*\d(?![\d])|(?<![\d.,])\d(?![\d.,])", text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]|()+-−*×/,. 0123456789abcprocentmiljoen")),
               max_size=40))
def test_any_text_is_read_or_refused_with_a_message(body: str) -> None:
    """Whatever a writer types between {{reken and }}, the result is a figure or a
    FigureError with a message, never another exception."""
    try:
        figure = parse_figure(body)
    except FigureError as exc:
        assert str(exc)
        return
    try:
        evaluate(figure.expression, lambda term: (Decimal(7), Decimal(1)))
    except FigureError as exc:
        assert str(exc)
