"""Dutch typography in the prose: curly quotes and apostrophes, en dashes in ranges; never in
code, link addresses or the table labels of a ``{{waarde …}}``, and off on request."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE_ROOT, load
from kamerbrief.model import Code, Link, Paragraph, Text, ValueRef
from kamerbrief.render.html import render_html
from kamerbrief.typography import dutch
from kamerbrief.walk import chapter_inlines


@pytest.mark.parametrize(("written", "printed"), [
    ("risico's en OMG's", "risico’s en OMG’s"),
    ("zo'n 5 keer in '24", "zo’n 5 keer in ’24"),
    ("in 's-Hertogenbosch", "in ’s-Hertogenbosch"),
    ('Hij zei "ja".', "Hij zei “ja”."),
    ("een 'kwetsbare' groep", "een ‘kwetsbare’ groep"),
    ("('nee')", "(‘nee’)"),
    ("2024-2028 en 1-2 jaar", "2024–2028 en 1–2 jaar"),
    # left alone: compound hyphens, dates, long numbers, what has no quote or hyphen
    ("Zorg- en Veiligheidshuis", "Zorg- en Veiligheidshuis"),
    ("op 2024-06-01", "op 2024-06-01"),
    ("dossier 29911-400, tel. 06-12345678", "dossier 29911-400, tel. 06-12345678"),
    ("Gewone tekst.", "Gewone tekst."),
])
def test_dutch_typography(written: str, printed: str) -> None:
    assert dutch(written) == printed


CHAPTER = """\
# Hoofdstuk

De risico's van "ondermijning" in 2024-2028, zie `code's "hier"` en
[de pagina's](http://127.0.0.1/a'b-1-2) en {{waarde t | Risico's | 2023}}.

{{tabel t}}
"""
CSV = "Post;2023\nRisico's;5\nTotaal;5\n"
SIDECAR = 'caption = "Risico\'s"\nunit = "aantal"\nsource = "Eigen telling"\n'


def _paragraph(root):
    report, findings = load(root)
    return report, findings, next(b for b in report.chapters[0].blocks if isinstance(b, Paragraph))


def test_the_reader_applies_it_to_prose_only(make_project) -> None:
    root = make_project(chapters={"01.md": CHAPTER}, tables={"t.csv": CSV, "t.toml": SIDECAR})
    report, findings, paragraph = _paragraph(root)
    assert [f for f in findings if f.severity.value == "error"] == []
    inlines = list(chapter_inlines(report.chapters[0]))
    text = "".join(i.text for i in inlines if isinstance(i, Text))
    assert "risico’s" in text and "“ondermijning”" in text and "2024–2028" in text
    assert "'" not in text and '"' not in text
    [code] = [i for i in inlines if isinstance(i, Code)]
    assert code.text == "code's \"hier\""  # code is verbatim
    [link] = [i for i in inlines if isinstance(i, Link)]
    assert link.target == "http://127.0.0.1/a'b-1-2"  # the address is verbatim
    [value] = [i for i in inlines if isinstance(i, ValueRef)]
    assert value.row == "Risico's" and value.text == "5"  # the label still finds its row


def test_a_project_can_turn_it_off(make_project) -> None:
    root = make_project(chapters={"01.md": CHAPTER}, tables={"t.csv": CSV, "t.toml": SIDECAR},
                        extra_config="", config=None)
    config = (root / "kamerbrief.toml").read_text(encoding="utf-8")
    (root / "kamerbrief.toml").write_text(config.replace("[report]\n", "[report]\ntypography = false\n"),
                                          encoding="utf-8")
    report, _, _ = _paragraph(root)
    text = "".join(i.text for i in chapter_inlines(report.chapters[0]) if isinstance(i, Text))
    assert "risico's" in text and '"ondermijning"' in text and "2024-2028" in text


def test_the_example_prints_no_straight_apostrophe_or_quote_in_its_prose() -> None:
    report, _ = load(EXAMPLE_ROOT)
    texts = [i.text for chapter in report.chapters for i in chapter_inlines(chapter)
             if isinstance(i, Text)]
    assert not [t for t in texts if "'" in t or '"' in t]
    boxes = [b.title for chapter in report.chapters for b in chapter.blocks if hasattr(b, "title")]
    assert "‘Lachgas moeilijker te verkrijgen’" in boxes and not [t for t in boxes if "'" in t]
    html = render_html(report)
    assert "risico’s" in html and "risico's" not in html


def test_the_texts_around_a_table_get_it_too(make_project) -> None:
    sidecar = ('caption = "Risico\'s per regio, 2023-2024"\nunit = "aantal"\n'
               'source = "CBS, \'Criminaliteit\'"\n[notes]\n"*" = "Inclusief OMG\'s."\n')
    root = make_project(chapters={"01.md": CHAPTER}, tables={"t.csv": CSV, "t.toml": sidecar})
    report, _ = load(root)
    meta = report.tables["t"].meta
    assert meta.caption == "Risico’s per regio, 2023–2024"
    assert meta.source == "CBS, ‘Criminaliteit’" and meta.notes == {"*": "Inclusief OMG’s."}
