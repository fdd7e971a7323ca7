"""Declared and inferred table structure: [[sums]], row and column rules, numbering, waarvan,
header formulas, total labels, text columns, factors, and the KB120 warning with its fix.

Small tables, cut from the real ones in tests/fixtures/real-tables (sources in notes/).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import (
    SIDECAR,
    check,
    describe,
    errors,
    load,
    one,
    only,
    table_project,
    write_project,
)
from kamerbrief.formula import FormulaError, Name, Span, parse_rule, spell
from kamerbrief.intervals import Interval
from kamerbrief.render.common import cell_text

# gemeente Almelo, begroting 2020, programma 7 (real-tables/gemeente-taakvelden-afgerond): the
# programme total stands ABOVE its taakvelden.
ABOVE = """Omschrijving;Lasten;Baten;Saldo
Programma 7 Volksgezondheid en milieu;17.470;-12.018;5.452
7.1 Volksgezondheid;4.172;-138;4.034
7.2 Riolering;5.141;-5.916;-775
7.3 Afval;6.911;-5.941;970
7.4 Milieubeheer;1.246;-23;1.223
"""


def test_total_above_its_parts_is_checked_when_declared(make_project) -> None:
    sidecar = SIDECAR + 'column_rules = ["Saldo = Lasten + Baten"]\n' \
        '[[sums]]\ntotal = "Programma 7*"\nparts = "below"\n'
    assert check(table_project(make_project, ABOVE, sidecar)) == []
    broken = ABOVE.replace("7.3 Afval;6.911", "7.3 Afval;6.971")
    findings = check(table_project(make_project, broken, sidecar))
    total = one(findings, "KB107")
    assert (total.location.line, total.location.row, total.location.column) == \
        (2, "Programma 7 Volksgezondheid en milieu", "Lasten")
    assert "Programma 7 Volksgezondheid en milieu = 7.1 Volksgezondheid + 7.2 Riolering" \
        in total.message
    assert (total.expected, total.found) == (Decimal(17530), Decimal(17470))
    rule = one(findings, "KB103")  # the changed row's own Saldo no longer holds
    assert (rule.location.row, rule.location.column) == ("7.3 Afval", "Saldo")


def test_undeclared_total_above_parts_is_a_warning_with_the_declaration(make_project) -> None:
    findings = check(table_project(make_project, ABOVE, SIDECAR))
    assert {f.severity.value for f in findings} == {"warning"}, describe(findings)
    row = next(f for f in findings if f.location.row.startswith("Programma 7"))
    assert row.code == "KB120"
    assert 'parts = "7.1 Volksgezondheid .. 7.4 Milieubeheer"' in row.hint
    column = next(f for f in findings if f.location.column == "Saldo")
    assert column.code == "KB120" and "som(`Lasten` .. `Baten`)" in column.hint


def test_pasting_the_suggested_declarations_makes_the_table_checked(make_project) -> None:
    first = check(table_project(make_project, ABOVE, SIDECAR))
    pasted = SIDECAR
    for finding in first:
        hint = finding.hint
        if "[[sums]]" in hint:
            pasted += "[[sums]]\n" + hint[hint.index("total ="):].replace('" parts', '"\nparts') + "\n"
        elif "column_rules" in hint:
            pasted += hint[hint.index("column_rules"):] + "\n"
    assert check(table_project(make_project, ABOVE, pasted)) == []


@pytest.mark.parametrize("parts", ['"below"', '"7.1 Volksgezondheid .. 7.4 Milieubeheer"',
                                   '["7.1*", "7.2*", "7.3*", "7.4*"]'])
def test_forms_of_parts(make_project, parts: str) -> None:
    sidecar = SIDECAR + f'unchecked = []\n[[sums]]\ntotal = "Programma 7*"\nparts = {parts}\n' \
        'columns = ["Lasten", "Baten"]\n'
    report, findings = load(table_project(make_project, ABOVE.replace("-12.018", "-12.019"),
                                          sidecar))
    finding = one(findings, "KB107")
    assert (finding.location.column, finding.found, finding.expected) == \
        ("Baten", Decimal(-12019), Decimal(-12018))


def test_sums_entry_with_a_typo_is_kb114_with_did_you_mean(make_project) -> None:
    sidecar = SIDECAR + '[[sums]]\ntotal = "Programma 7*"\nparst = "below"\n'
    finding = one(check(table_project(make_project, ABOVE, sidecar)), "KB114")
    assert "parst" in finding.message and "parts" in finding.hint
    assert finding.location.line == 6


def test_sums_naming_no_row_is_kb116_at_its_line(make_project) -> None:
    sidecar = SIDECAR + '\n[[sums]]\ntotal = "Programma 8"\nparts = "below"\n'
    finding = one(check(table_project(make_project, ABOVE, sidecar)), "KB116")
    assert finding.location.path == "tables/t.toml" and finding.location.line == 6


# Gemeente Venlo, productenraming 2019 (real-tables/gemeente-collegeproducten): a total named
# after its product, Baten − Lasten, in every group.
GROUPS = """Product;Regel;2019;2020
Veiligheid;Lasten;-2.597;-2.640
;Baten;38;38
;Totaal Veiligheid;-2.559;-2.602
Brandweerzorg;Lasten;-7.133;-7.077
;Baten;92;92
;Totaal Brandweerzorg;-7.041;-6.985
"""


def test_a_row_rule_applies_in_every_group(make_project) -> None:
    sidecar = SIDECAR + 'labels = 2\nrow_rules = ["`Totaal *` = Baten + Lasten"]\n'
    assert check(table_project(make_project, GROUPS, sidecar)) == []
    findings = check(table_project(make_project, GROUPS.replace("-6.985", "-6.895"), sidecar))
    finding = one(findings, "KB108")
    assert (finding.location.row, finding.location.column) == \
        ("Totaal Brandweerzorg", "2020")
    assert "Totaal Brandweerzorg = Baten + Lasten" in finding.message
    assert finding.expected == Decimal(-6985)


def test_totals_labels_per_table_close_each_group(make_project) -> None:
    sidecar = SIDECAR + 'labels = 2\ntotals = ["Totaal *"]\n'
    assert check(table_project(make_project, GROUPS, sidecar)) == []
    assert one(check(table_project(make_project, GROUPS.replace(";92;92", ";92;93"), sidecar)),
               "KB102").location.row == "Totaal Brandweerzorg"


def test_ambiguous_row_name_is_an_error_not_a_guess(make_project) -> None:
    sidecar = SIDECAR + 'labels = 2\nrow_rules = ["Totaal Veiligheid = Baten + Lasten + Baten"]\n'
    csv = GROUPS + "Extra;Baten;1;1\n"
    findings = check(table_project(make_project, csv.replace(";Baten;38;38\n", ";Subsidie;38;38\n"),
                                   sidecar))
    finding = one(findings, "KB116")
    assert "matches" in finding.message and "Groep > Rij" in finding.hint


# Infrastructuurfonds, jaarverslag 2018, artikel 17 (real-tables/genummerd), shortened.
NUMBERED = """Omschrijving;2018;Nr.
Uitgaven;197.535;
17.07 ERTMS;50.733;5
17.10 Programma Hoogfrequent Spoorvervoer;117.798;7
17.10.01 Realisatieprogramma;90.826;8
17.10.02 Planuitwerking;26.972;9
17.03 Hogesnelheidstrein-Zuid;29.004;3
17.03.01 Realisatie HSL-zuid;29.004;
17.09 Ontvangsten;37.373;10
"""


def test_numbering_hierarchy_is_checked_without_declaration(make_project) -> None:
    sidecar = SIDECAR + 'shape = "budgettaire-gevolgen"\n'
    assert check(table_project(make_project, NUMBERED, sidecar)) == []
    findings = check(table_project(make_project, NUMBERED.replace("26.972", "26.927"), sidecar))
    finding = one(findings, "KB107")
    assert finding.location.row == "17.10 Programma Hoogfrequent Spoorvervoer"
    assert "17.10.01 Realisatieprogramma + 17.10.02 Planuitwerking" in finding.message
    assert only(findings, "KB111") == []  # "Nr." is a text column by its header


def test_a_parent_with_one_child_equals_it(make_project) -> None:
    findings = check(table_project(make_project, NUMBERED.replace("29.004;3", "29.040;3"),
                                   SIDECAR + 'shape = "budgettaire-gevolgen"\n'))
    assert {(f.code, f.location.row) for f in errors(findings)} >= \
        {("KB107", "17.03 Hogesnelheidstrein-Zuid")}, describe(findings)


def test_shape_uitgaven_sums_outermost_rows_only(make_project) -> None:
    findings = check(table_project(make_project, NUMBERED.replace("197.535", "288.361"),
                                   SIDECAR + 'shape = "budgettaire-gevolgen"\n'))
    # 288.361 would be right if 17.10.01 and 17.10.02 were counted again: they are not
    finding = one(findings, "KB107")
    assert finding.location.row == "Uitgaven" and finding.expected == Decimal(197535)


def test_without_the_shape_the_table_is_not_called_checked(make_project) -> None:
    findings = check(table_project(make_project, NUMBERED, SIDECAR))
    uitgaven = next(f for f in findings if f.location.row == "Uitgaven")
    assert uitgaven.code == "KB120" and 'shape = "budgettaire-gevolgen"' in uitgaven.hint


# Gemeentefonds, ontwerpbegroting 2015 (real-tables/waarvan), shortened: waarvan rows.
WAARVAN = """Omschrijving;2015;2016
Stand ontwerpbegroting 2015;18.706.730;27.036.042
Waarvan verplichtingenbedrag algemene uitkering;16.000.000;25.000.000
Waarvan verplichtingenbedrag integratie-uitkeringen;1.000.000;1.000.000
"""


def test_waarvan_rows_are_a_breakdown_kb109(make_project) -> None:
    assert check(table_project(make_project, WAARVAN, SIDECAR)) == []
    findings = check(table_project(make_project, WAARVAN.replace("16.000.000", "19.000.000"),
                                   SIDECAR))
    finding = one(findings, "KB109")
    assert (finding.location.row, finding.location.column) == ("Stand ontwerpbegroting 2015",
                                                               "2015")


def test_waarvan_rows_are_never_parts_of_a_total(make_project) -> None:
    csv = "Post;2023\nA;10\nwaarvan a1;4\nB;5\nTOTAAL;15\n"
    assert check(table_project(make_project, csv, SIDECAR)) == []


def test_complete_breakdown_declared(make_project) -> None:
    """Declared complete, the two waarvan rows must add up to the row: here they do not."""
    sidecar = SIDECAR + '[[sums]]\ntotal = "Stand*"\nparts = "waarvan"\n'
    findings = check(table_project(make_project, WAARVAN, sidecar))
    assert [(f.code, f.location.column, f.expected) for f in findings] == \
        [("KB107", "2015", Decimal(17000000)), ("KB107", "2016", Decimal(26000000))]
    complete = WAARVAN.replace("18.706.730;27.036.042", "17.000.000;26.000.000")
    assert check(table_project(make_project, complete, sidecar)) == []


# Gemeentefonds, 2e suppletoire begroting 2013 (real-tables/suppletoire-mutaties): the header.
HEADER = """Regeling;Stand (1);Stand VJN (2);Mutaties NJN (3);Stand NJN (4)=(2+3)
Kosten Fvw;2.091;3.091;– 250;2.841
Waarderingskamer;1.938;;51;51
"""


def test_formula_in_the_column_header(make_project) -> None:
    assert check(table_project(make_project, HEADER, SIDECAR)) == []
    finding = one(check(table_project(make_project, HEADER.replace(";51;51", ";51;15"), SIDECAR)),
                  "KB103")
    assert finding.location.column == "Stand NJN (4)=(2+3)" and finding.expected == 51


def test_equality_with_a_factor(make_project) -> None:
    euro = "Post;2023\nA;1.500.400\nTotaal;1.500.400\n"
    sidecar = SIDECAR + '[[equals]]\nrow = "Totaal"\ntable = "k"\nfactor = 1000\n'
    thousands = {"k.csv": "Post;2023\nA;1.500\nTotaal;1.500\n", "k.toml": SIDECAR}
    chapters = {"01.md": "# H\n\n{{tabel t}}\n\n{{tabel k}}\n"}
    root = table_project(make_project, euro, sidecar, tables=thousands, chapters=chapters)
    assert check(root) == []  # 1.500 (in 1.000 euro) stands for 1.499.500 … 1.500.500
    thousands["k.csv"] = "Post;2023\nA;1.499\nTotaal;1.499\n"
    root = table_project(make_project, euro, sidecar, tables=thousands, chapters=chapters)
    assert one(check(root), "KB104").location.row == "Totaal"


@pytest.mark.parametrize(("printed", "value", "shown"), [
    ("– 3.343", Decimal(-3343), "−3.343"), ("‒ 1.760", Decimal(-1760), "−1.760"),
    ("(3.343)", Decimal(-3343), "−3.343"), ("12,5%", Decimal("12.5"), "12,5%"),
    # nil prints as an en dash, never the hyphen a minus could be taken for
    ("p.m.", None, "p.m."), ("n.v.t.", None, "n.v.t."), ("–", None, "–"), ("-", None, "–"),
    ("250", Decimal(250), "250"),  # its own precision, in a column of one decimal
])
def test_number_forms_as_printed(make_project, printed, value, shown) -> None:
    csv = f"Post;2023\nA;{printed}\nB;249,8\n"
    report, findings = load(table_project(make_project, csv, SIDECAR))
    assert only(findings, "KB111") == []
    table = report.tables["t"]
    cell = table.rows[0].cells["2023"]
    assert cell.value == value
    assert cell_text(cell, table, "2023", report) == shown


@pytest.mark.parametrize(("style", "shown"), [("dash", "– 3.343"), ("parentheses", "(3.343)"),
                                              ("minus", "−3.343")])
def test_negatives_print_in_the_tables_convention(make_project, style, shown) -> None:
    report, _ = load(table_project(make_project, "Post;2023\nA;-3.343\n",
                                   SIDECAR + f'negatives = "{style}"\n'))
    table = report.tables["t"]
    assert cell_text(table.rows[0].cells["2023"], table, "2023", report) == shown


def test_text_columns_are_kept_and_never_summed(make_project) -> None:
    csv = "Post;2023;Noot\nA;1;12\nB;2;3\nTOTAAL;3;\n"
    report, findings = load(table_project(make_project, csv.replace("Noot", "Toelichting"),
                                          SIDECAR + 'text_columns = ["toelichting"]\n'))
    assert findings == [], describe(findings)
    table = report.tables["t"]
    assert cell_text(table.rows[0].cells["Toelichting"], table, "Toelichting", report) == "12"


# ------------------------------------------------------------------ the formula language

def test_rule_syntax_for_policy_writers() -> None:
    target, expr = parse_rule("Saldo = Totaal baten − Totaal lasten")
    assert target == Name("Saldo")
    assert spell(expr) == "Totaal baten − Totaal lasten"
    target, expr = parse_rule("Totaal = som(2024 .. 2027)")
    assert isinstance(expr, Span) and (expr.first.text, expr.last.text) == ("2024", "2027")
    assert spell(parse_rule("A = (B - C) / D × 100")[1]) == "(B − C) / D × 100"
    with pytest.raises(FormulaError, match="one '='"):
        parse_rule("Saldo Baten - Lasten")
    with pytest.raises(FormulaError, match="som"):
        parse_rule("T = som(A, B)")


# ------------------------------------------------------------------ the rounding rule

@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-10**7, 10**7), min_size=1, max_size=30),
       st.integers(0, 3), st.integers(0, 2))
def test_rounded_parts_of_a_true_sum_are_always_consistent(values, shown, truth) -> None:
    """Soundness: true figures with ``shown + truth`` decimals, printed rounded to ``shown``
    decimals, always meet their printed total: the rule never flags honest rounding."""
    scale = Decimal(1).scaleb(-(shown + truth))
    true_parts = [Decimal(v) * scale for v in values]
    quantum = Decimal(1).scaleb(-shown)
    printed = [p.quantize(quantum) for p in true_parts]
    total = sum(true_parts, Decimal(0)).quantize(quantum)
    computed = sum((Interval.printed(p) for p in printed), Interval.point(Decimal(0)))
    assert computed.overlaps(Interval.printed(total))


@given(st.lists(st.integers(-999, 999), min_size=1, max_size=20), st.integers(1, 50))
def test_a_difference_beyond_the_rounding_is_always_caught(values, off) -> None:
    """Completeness: a total more than (n + 1) × ½ unit away from its parts never passes."""
    n = len(values)
    total = Decimal(sum(values) + (n + 1) // 2 + off)
    computed = sum((Interval.printed(Decimal(v)) for v in values), Interval.point(Decimal(0)))
    assert computed.overlaps(Interval.printed(total)) is (Decimal((n + 1) // 2 + off)
                                                           <= Decimal(n + 1) / 2)



# ------------------------------------------------------------------ nested numbering, generated

@st.composite
def numbered_trees(draw) -> list[tuple[str, int]]:
    """Rows (code, figure) in document order: parents above children, parent = Σ children."""
    rows: list[tuple[str, int]] = []

    def grow(code: str, depth: int) -> int:
        index = len(rows)
        rows.append((code, 0))
        if depth < 3 and draw(st.booleans()):
            total = sum(grow(f"{code}.{n}", depth + 1)
                        for n in range(1, draw(st.integers(1, 3)) + 1))
        else:
            total = draw(st.integers(-5000, 50000))
        rows[index] = (code, total)
        return total

    for top in range(1, draw(st.integers(1, 3)) + 1):
        grow(str(top), 1)
    return rows


@settings(max_examples=40, deadline=None)
@given(rows=numbered_trees(), data=st.data())
def test_nested_numbering_holds_and_a_changed_leaf_is_found_at_its_parent(
        tmp_path_factory, rows, data) -> None:
    root = tmp_path_factory.mktemp("nested")

    def csv(figures: list[tuple[str, int]]) -> str:
        return "Post;2024;2025\n" + "".join(
            f"{code} Post;{value};{2 * value}\n".replace(";-", ";−")
            for code, value in figures)

    def findings(figures):
        write_project(root, chapters={"01.md": "# H\n\n{{tabel t}}\n"},
                      tables={"t.csv": csv(figures), "t.toml": SIDECAR})
        return check(root)

    parents = {code.rpartition(".")[0] for code, _ in rows if "." in code}
    clean = findings(rows)
    assert errors(clean) == [], describe(clean)
    leaves = [i for i, (code, _) in enumerate(rows) if code not in parents and "." in code]
    if not leaves:
        return
    leaf = data.draw(st.sampled_from(leaves))
    code, value = rows[leaf]
    changed = list(rows)
    changed[leaf] = (code, value + 10)
    wrong = errors(findings(changed))
    parent = code.rpartition(".")[0]
    assert [(f.code, f.location.row, f.location.column) for f in wrong] == \
        [("KB107", f"{parent} Post", "2024"), ("KB107", f"{parent} Post", "2025")], describe(wrong)
