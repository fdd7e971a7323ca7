"""The example's text is the publication's: ≥ 98 % of the seed's paragraphs, in order.

The measurement lives in ``seed_coverage.py`` (``coverage(seed_text, output_text)``), so the
HTML, PDF and DOCX tests can run the same measurement on the text of their outputs. Here the
output is the plain text of the model: every block of every chapter through ``plain_text``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kamerbrief.project import load_report
from seed_coverage import SEED_PATH, coverage, model_text, seed_paragraphs

ROOT = Path(__file__).resolve().parents[1]
MIN_COVERAGE = 1.0  # every seed paragraph, the annex captions included
MIN_ORDER = 1.0

needs_seed = pytest.mark.skipif(
    not SEED_PATH.is_file(),
    reason=f"seed text not found at {SEED_PATH} (expected in ../shared/seed beside the repository)")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@needs_seed
def test_model_text_covers_the_seed(seed_text: str) -> None:
    report, _ = load_report(ROOT)
    result = coverage(seed_text, model_text(report))
    assert result.total > 300, "the seed should split into a few hundred paragraphs"
    assert result.coverage >= MIN_COVERAGE, result.report()
    assert result.order >= MIN_ORDER, result.report()


@needs_seed
def test_seed_paragraphs_skip_what_is_not_running_text(seed_text: str) -> None:
    paragraphs = seed_paragraphs(seed_text)
    texts = [p.text for p in paragraphs]
    assert not any("\t" in t for t in texts)
    assert not any(t.startswith(("¹", "²", "³", "⁴")) for t in texts)
    assert "Inhoud" not in texts
    assert all(len(p.words) >= 8 for p in paragraphs)
    # a paragraph the PDF split over a page break is one paragraph again
    assert any("De constante toestroom van drugs naar ons land is een hardnekkig probleem" in t
               for t in texts)


# ---------------------------------------------------------------- the measurement itself

SEED = """\
Inhoud

- Een hoofdstuk met een naam die lang genoeg is om te tellen

Eerste alinea van het verhaal, die over een pagina

heen loopt en pas daarna met een punt eindigt zoals het hoort.

Tweede alinea over de aanpak van de grens-

overschrijdende criminaliteit in de havens van het land.

Kop
Post\t2023\t2024
¹ Een voetnoot met een tekst die zelf ook lang genoeg is om te tellen.

Derde alinea waarin de Terrorismedinanciering nog een tikfout heeft gekregen.

Vierde alinea over iets heel anders dan de drie alinea's hiervoor ging.
"""

OUTPUT = """\
Eerste alinea van het verhaal, die over een pagina heen loopt en pas daarna met een punt
eindigt zoals het hoort.

Tweede alinea over de aanpak van de grensoverschrijdende criminaliteit in de havens van het land.

Derde alinea waarin de Terrorismefinanciering nog een tikfout heeft gekregen.

Vierde alinea over iets heel anders dan de drie alinea's hiervoor ging.
"""


def _paragraph_starting(output: str, start: str) -> str:
    return next(p for p in output.split("\n\n") if p.startswith(start))


def test_paragraphs_are_joined_across_page_breaks_and_hyphens() -> None:
    paragraphs = seed_paragraphs(SEED)
    assert [p.line for p in paragraphs] == [5, 9, 17, 19]
    assert paragraphs[0].text.endswith("pagina heen loopt en pas daarna met een punt eindigt "
                                       "zoals het hoort.")
    assert "grensoverschrijdende" in paragraphs[1].text


def test_complete_output_covers_everything_in_order() -> None:
    result = coverage(SEED, OUTPUT)
    assert (result.coverage, result.order) == (1.0, 1.0), result.report()


def test_missing_paragraph_is_reported_with_its_seed_line() -> None:
    dropped = _paragraph_starting(OUTPUT, "Tweede")
    result = coverage(SEED, OUTPUT.replace(dropped, ""))
    assert [m.paragraph.line for m in result.missing] == [9]
    assert result.coverage == 0.75
    assert "seed line    9" in result.report()


def test_moved_paragraph_is_out_of_order() -> None:
    moved = _paragraph_starting(OUTPUT, "Eerste")
    result = coverage(SEED, OUTPUT.replace(moved, "") + "\n\n" + moved)
    assert result.coverage == 1.0
    assert [m.paragraph.line for m in result.out_of_order] == [5]
    assert result.order == 0.75


def test_changed_number_is_not_a_typo() -> None:
    seed = "Tabel 1 – Overzicht van ontvangen middelen sinds het jaar 2018\n"
    assert coverage(seed, seed).coverage == 1.0
    assert coverage(seed, seed.replace("Tabel 1", "Tabel 4")).coverage == 0.0
