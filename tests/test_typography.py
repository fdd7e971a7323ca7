"""Dutch typography in the prose: curly quotes and apostrophes, en dashes in ranges; never in
code, link addresses or the table labels of a ``{{waarde …}}``, and off on request."""

from __future__ import annotations

import re

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


LABELLED = "Post;2023-2024\nRisico's 2022-2023;1\n\"OMG's \"\"hard\"\"\";2\n"


def test_labels_headers_and_the_cover_print_it_and_lookups_still_read_as_typed(
        make_project) -> None:
    """A table's labels and column headers, its header groups and the project file's cover
    and colophon texts print with Dutch typography in every output, as the chapters do;
    the model keeps what was typed, so {{waarde}} and the sidecar still find them."""
    import io
    import zipfile

    from kamerbrief.render.docx import render_docx

    chapter = "# H\n\n{{tabel t}}\n\nEr is {{waarde t | Risico's 2022-2023 | 2023-2024}}.\n"
    sidecar = ('caption = "T"\nunit = "x"\nsource = "B"\n'
               'header_groups = [{ title = "Jaren 2023-2024", columns = ["2023-2024"] }]\n')
    root = make_project(chapters={"01.md": chapter}, tables={"t.csv": LABELLED, "t.toml": sidecar},
                        extra_config='[colophon]\nlines = ["Uitgave van J&V\'s team, 2023-2024"]\n')
    config = (root / "kamerbrief.toml").read_text(encoding="utf-8")
    (root / "kamerbrief.toml").write_text(
        config.replace("[report]\n", '[report]\nsubtitle = "Rapportage 2023-2024"\n'),
        encoding="utf-8")
    report, findings = load(root)
    assert report.tables["t"].rows[0].labels == ["Risico's 2022-2023"]  # as typed
    html = render_html(report)
    docx = zipfile.ZipFile(io.BytesIO(render_docx(report))).read("word/document.xml").decode()
    for output in (html, docx):
        for printed in ("Risico’s 2022–2023", "OMG’s “hard”", ">2023–2024<", "Jaren 2023–2024",
                        "Uitgave van J&amp;V’s team, 2023–2024", "Rapportage 2023–2024"):
            assert printed in output, printed
        assert "Risico's" not in output and "2023-2024<" not in output
    assert re.search(r"Er is <span[^>]*>1</span>\.", html), "the quote finds the row as typed"


def test_an_anchor_is_the_same_with_or_without_typography(make_project) -> None:
    """'## Plannen 2024-2028' prints with an en dash; its anchor is still the one the writer
    types, #plannen-2024-2028, and the file name keeps its hyphens."""
    from kamerbrief.config import slugify

    chapter = "# H\n\n## Plannen 2024-2028\n\nZie [de plannen](#plannen-2024-2028).\n"
    root = make_project(chapters={"01.md": chapter})
    report, findings = load(root)
    assert findings == [] and "plannen-2024-2028" in report.anchors
    assert slugify("Rapportage 2023–2024 “nieuw”") == slugify('Rapportage 2023-2024 "nieuw"')
