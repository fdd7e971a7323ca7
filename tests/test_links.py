"""Links and images: KB401 (placeholder), KB403 (missing), KB404 (no alt), KB405 (outside)."""

from __future__ import annotations

import pytest

from conftest import check, describe, one, only
from local_server import PNG


def run(make_project, body: str, files: dict | None = None):
    chapter = f"# H\n\nEerste alinea.\n\n{body}\n"
    return check(make_project(chapters={"01.md": chapter}, files=files or {}))


@pytest.mark.parametrize("target", ["#", "", "url", "TODO", "https://", "http://"])
def test_placeholder_link_is_kb401(make_project, target: str) -> None:
    finding = one(run(make_project, f"Lees [het rapport]({target})."), "KB401")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "het rapport" in finding.message


def test_real_links_are_not_kb401(make_project) -> None:
    findings = run(make_project, "[a](https://www.rijksoverheid.nl/) [b](#eerste-alinea) "
                                 "[c](mailto:info@minjenv.nl)")
    assert only(findings, "KB401") == [], describe(findings)


def test_link_on_a_later_line_of_the_paragraph(make_project) -> None:
    finding = one(run(make_project, "Regel een\nregel twee\nen [hier](#)."), "KB401")
    assert finding.location.line == 7


def test_image_in_the_project_is_fine(make_project) -> None:
    findings = run(make_project, "![Grafiek van de cijfers](images/grafiek.png) "
                                 "![Met spatie](images/met%20spatie.png)",
                   files={"images/grafiek.png": PNG, "images/met spatie.png": PNG})
    assert findings == [], describe(findings)


def test_missing_image_is_kb403(make_project) -> None:
    finding = one(run(make_project, "![Grafiek](images/weg.png)"), "KB403")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert "images/weg.png" in finding.message


def test_image_path_is_relative_to_the_project_not_the_chapter(make_project) -> None:
    # chapters/images/g.png exists, but the path is read from the project folder
    findings = run(make_project, "![Grafiek](images/g.png)", files={"chapters/images/g.png": PNG})
    one(findings, "KB403")


def test_image_without_alt_is_kb404(make_project) -> None:
    findings = run(make_project, "![](images/g.png)", files={"images/g.png": PNG})
    finding = one(findings, "KB404")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert only(findings, "KB403") == []


@pytest.mark.parametrize(
    ("src", "word"),
    [
        ("http://example.org/g.png", "http:"),
        ("https://example.org/g.png", "https:"),
        ("file:///etc/passwd", "file:"),
        ("FILE:///C:/Windows/win.ini", "file:"),
        ("../buiten.png", "outside"),
        ("images/../../buiten.png", "outside"),
        ("/etc/passwd", "outside"),
    ],
)
def test_image_outside_the_project_is_kb405(make_project, src: str, word: str, tmp_path) -> None:
    (tmp_path / "buiten.png").write_bytes(PNG)  # exists, next to the project folder
    findings = run(make_project, f"![Afbeelding]({src})")
    finding = one(findings, "KB405")
    assert (finding.location.path, finding.location.line) == ("chapters/01.md", 5)
    assert word in finding.message
    assert only(findings, "KB403") == []


def test_file_link_is_kb405(make_project) -> None:
    finding = one(run(make_project, "Zie [de notitie](file:///home/ambtenaar/notitie.docx)."), "KB405")
    assert finding.location.line == 5
    assert "file:" in finding.message


def test_javascript_link_is_refused(make_project) -> None:
    finding = one(run(make_project, "Klik [hier](javascript:alert(1))."), "KB405")
    assert "javascript:" in finding.message


def test_refused_scheme_in_code_is_not_a_finding(make_project) -> None:
    assert run(make_project, "Schrijf niet `![x](file:///etc/passwd)`.") == []


@pytest.mark.parametrize("name", ["tekening.svg", "foto.webp", "scan.tiff"])
def test_an_image_not_every_output_can_show_is_kb407(make_project, name: str) -> None:
    findings = run(make_project, f"![Tekening]({name})", files={name: b"<svg/>"})
    finding = one(findings, "KB407")
    assert name in finding.message and finding.location.line == 5
    assert "PNG" in finding.hint or ".png" in finding.hint


def test_images_resolve_from_the_project_folder_in_every_output(make_project) -> None:
    """With images/a.png beside the project file and chapters/images/a.png beside the
    chapter, the check, the HTML and the DOCX all take the project folder's."""
    import io
    import zipfile

    from conftest import load
    from kamerbrief.render.common import image_data_uri
    from kamerbrief.render.docx import render_docx
    from kamerbrief.targets import image_file

    root = make_project(chapters={"01.md": "# H\n\n![Grafiek](images/a.png)\n"},
                        files={"images/a.png": PNG + b"project",
                               "chapters/images/a.png": PNG + b"chapter"})
    report, findings = load(root)
    assert findings == [], describe(findings)
    assert image_file(root, "images/a.png") == (root / "images/a.png").resolve()
    assert image_data_uri(report, "images/a.png").endswith(
        __import__("base64").b64encode(PNG + b"project").decode())
    with zipfile.ZipFile(io.BytesIO(render_docx(report))) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert media == [PNG + b"project"]


@pytest.mark.parametrize(("name", "data"), [
    ("kapot.png", b"\x89PNG\r\n\x1a\n"),  # the signature alone
    ("half.png", PNG[:-20]),  # cut off before IEND
    ("geen.png", b"GIF89a" + bytes(20)),  # a GIF named .png
    ("foto.jpg", b"\xff\xd8\xff\xe0" + bytes(10)),  # no end marker
])
def test_a_damaged_image_is_kb408_and_no_output_embeds_it(make_project, name: str,
                                                          data: bytes) -> None:
    from conftest import load
    from kamerbrief.render.docx import render_docx

    root = make_project(chapters={"01.md": f"# H\n\nEerste alinea.\n\n![Grafiek]({name})\n"},
                        files={name: data})
    report, findings = load(root)
    finding = one(findings, "KB408")
    assert finding.location.line == 5 and name in finding.message
    assert b"word/media/" not in render_docx(report)  # alt text, not a crash


def test_a_bare_address_is_a_link_in_every_output(make_project) -> None:
    """'www.cbs.nl/cijfers', 'rijksoverheid.nl', 'https://…' and 'info@minjenv.nl' typed in
    the text are links a reader can click (https for an address without a scheme), their
    text printed as typed; an abbreviation or a number that ends like a domain is not."""
    import io
    import zipfile

    from conftest import load
    from kamerbrief.model import Link
    from kamerbrief.render.docx import render_docx
    from kamerbrief.render.html import render_html
    from kamerbrief.walk import chapter_inlines

    text = ("Zie www.cbs.nl/cijfers, rijksoverheid.nl en https://x.nl/it's-2023-2024. Mail "
            "info@minjenv.nl. Niet: 2023.nl, O.M.nl, bijlage.pdf, i.v.m. nr.113 of "
            "`www.code.nl`.")
    report, findings = load(make_project(chapters={"01.md": f"# H\n\n{text}\n"}))
    assert findings == [], describe(findings)
    links = [(i.target, "".join(c.text for c in i.children))
             for i in chapter_inlines(report.chapters[0]) if isinstance(i, Link)]
    assert links == [("https://www.cbs.nl/cijfers", "www.cbs.nl/cijfers"),
                     ("https://rijksoverheid.nl", "rijksoverheid.nl"),
                     ("https://x.nl/it's-2023-2024", "https://x.nl/it's-2023-2024"),
                     ("mailto:info@minjenv.nl", "info@minjenv.nl")]
    html = render_html(report)
    assert '<a href="https://www.cbs.nl/cijfers">www.cbs.nl/cijfers</a>' in html
    docx = zipfile.ZipFile(io.BytesIO(render_docx(report)))
    rels = docx.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://www.cbs.nl/cijfers"' in rels and 'Target="mailto:info@minjenv.nl"' in rels


def test_a_chapter_without_a_bare_address_is_read_without_linkify(make_project) -> None:
    """Linkify's patterns cost 0.05 s to compile: a chapter whose addresses all stand in
    link targets never pays for them (check runs on every commit)."""
    from kamerbrief.readers import markdown

    markdown._parser.cache_clear()
    run(make_project, "[De site](https://www.rijksoverheid.nl/) en <https://www.cbs.nl>.")
    assert markdown._parser.cache_info().currsize == 1  # the plain parser alone
