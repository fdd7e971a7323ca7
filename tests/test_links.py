"""Links and images: KB401 (placeholder), KB403 (missing), KB404 (no alt), KB405 (outside)."""

from __future__ import annotations

import pytest

from conftest import check, describe, one, only

PNG = b"\x89PNG\r\n\x1a\n"


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
