"""The cover in the Rijkshuisstijl: the ribbon (lint) and a beeldmerk slot, filled by the
project's logo file when it names one."""

from __future__ import annotations

import pytest

from conftest import check, load, one
from kamerbrief.render.html import render_html

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _project(make_project, logo_line: str = "", files: dict | None = None):
    return make_project(extra_config="", config=(
        '[report]\ntitle = "Rapport"\norganisation = "Ministerie van Tests"\n'
        f'{logo_line}chapters = ["chapters/01-hoofdstuk.md"]\n'), files=files or {})


def test_the_cover_has_the_ribbon_and_an_empty_slot_by_default(make_project) -> None:
    report, findings = load(_project(make_project))
    page = render_html(report)
    assert '<div class="cover-ribbon" aria-hidden="true"></div>' in page
    assert '<div class="cover-beeldmerk"></div>' in page


def test_a_project_logo_fills_the_slot_with_the_organisation_as_alt(make_project) -> None:
    root = _project(make_project, 'logo = "images/beeldmerk.svg"\n',
                    {"images/beeldmerk.svg": SVG})
    report, findings = load(root)
    assert findings == []
    page = render_html(report)
    slot = page.split('<div class="cover-beeldmerk">', 1)[1].split("</div>", 1)[0]
    assert 'src="data:image/svg+xml;base64,' in slot and 'alt="Ministerie van Tests"' in slot


@pytest.mark.parametrize(("logo", "files", "words"), [
    ("images/geen.svg", {}, "is not a PNG or SVG file"),
    ("images/foto.jpg", {"images/foto.jpg": b"\xff\xd8"}, "is not a PNG or SVG file"),
    ("../buiten.svg", {}, "outside the project"),
])
def test_a_logo_that_cannot_be_used_is_kb001_at_its_key(make_project, logo, files, words) -> None:
    finding = one(check(_project(make_project, f'logo = "{logo}"\n', files)), "KB001")
    assert words in finding.message and finding.location.line == 4
