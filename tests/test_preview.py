"""``kamerbrief preview`` without a browser: the server is asked over plain HTTP.

Each test runs a PreviewServer on 127.0.0.1, port 0, in its own threads; edits are made to
the files as a writer would and picked up by the file watcher (polled up to 10 s).
test_preview_browser.py checks the same in a real Chromium.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import SIDECAR, chapter_with_table, table_project
from kamerbrief import cli, preview
from kamerbrief.cli import _serve_preview as serve
from kamerbrief.preview import PreviewError, PreviewServer
from kamerbrief.project import load_report
from kamerbrief.render.html import render_html

GOOD_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;3\nC;4\nTOTAAL;7\n"
BROKEN_CSV = "Post;2023\nA;1\nB;2\nSUBTOTAAL;4\nC;4\nTOTAAL;8\n"  # SUBTOTAAL should be 3
WAIT = 10.0


def wait_for(predicate: Callable[[], object], timeout: float = WAIT, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s: {what}")


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def page(server: PreviewServer) -> str:
    status, kind, body = get(server.url)
    assert status == 200 and kind.startswith("text/html"), (status, kind)
    return body.decode("utf-8")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def figure(html: str, table_id: str = "t") -> str:
    """The markup of one placed table, from <figure> to </figure>."""
    match = re.search(rf'<figure class="kb-table[^"]*" id="tabel-{table_id}">.*?</figure>', html, re.S)
    assert match, f"no table {table_id} on the page"
    return match.group(0)


def notes(html: str) -> list[str]:
    return re.findall(r'<div class="kb-finding[^"]*"[^>]*>.*?</div>', html, re.S)


@pytest.fixture
def running() -> Iterator[Callable[[Path], PreviewServer]]:
    servers: list[PreviewServer] = []

    def start(root: Path) -> PreviewServer:
        server = PreviewServer(root, host="127.0.0.1", port=0)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def _table_project(make_project: Callable[..., Path], csv: str = GOOD_CSV, **kwargs) -> Path:
    return table_project(make_project, csv, **kwargs)


def test_published_html_has_no_script_and_no_preview_marks(make_project: Callable[..., Path]) -> None:
    root = _table_project(make_project, BROKEN_CSV)
    report, _ = load_report(root)
    published = render_html(report)
    assert "<script" not in published
    assert "kb-finding" not in published and "kb-preview" not in published
    assert "data-line" not in published


def test_page_shows_the_report_and_reloads_only_in_preview(make_project: Callable[..., Path],
                                                           running) -> None:
    root = _table_project(make_project)
    server = running(root)
    assert server.url.startswith("http://127.0.0.1:")
    html = page(server)
    assert "<title>Testrapport</title>" in html
    assert html.count("<script") == 1 and preview.VERSION_PATH in html
    assert "kb-preview-panel kb-clean" in html and "no findings" in text_of(html)
    assert notes(html) == []
    status, kind, body = get(server.url + "__version")
    assert (status, body.decode()) == (200, server.version)
    assert get(server.url + "nergens.html")[0] == 404


def test_saving_a_chapter_rebuilds_the_page(make_project: Callable[..., Path], running) -> None:
    root = _table_project(make_project)
    server = running(root)
    before = server.version
    chapter = root / "chapters" / "01-hoofdstuk.md"
    chapter.write_text(chapter_with_table("t", before="Een nieuwe zin na het opslaan.\n\n"),
                       encoding="utf-8")
    wait_for(lambda: "Een nieuwe zin na het opslaan." in page(server), what="the new text")
    assert int(server.version) > int(before)
    assert get(server.url + "__version")[2].decode() == server.version
    assert f'var version = "{server.version}"' in page(server)


def test_an_unchanged_page_keeps_its_version(make_project: Callable[..., Path], running) -> None:
    server = running(_table_project(make_project))
    version = server.version
    assert server.rebuild() is False
    assert server.version == version


def test_a_broken_subtotal_is_marked_at_its_table_until_fixed(make_project: Callable[..., Path],
                                                              running) -> None:
    root = _table_project(make_project)
    server = running(root)
    csv = root / "tables" / "t.csv"
    csv.write_text(BROKEN_CSV, encoding="utf-8")
    wait_for(lambda: "KB101" in page(server), what="the KB101 note")
    html = page(server)
    table = figure(html)
    kb101 = [n for n in notes(table) if "KB101" in n]
    assert len(kb101) == 1
    assert "expected 3" in text_of(kb101[0]) and "found 4" in text_of(kb101[0])
    assert 'data-file="tables/t.csv"' in kb101[0] and 'data-line="4"' in kb101[0]
    assert table.index(kb101[0]) < table.index("<table>"), "the note stands above the table"
    rows = re.findall(r'<tr class="([^"]*)">\s*<th scope="row" class="label">([^<]*)<', table)
    marked = [label for classes, label in rows if "kb-finding-row" in classes]
    assert marked == ["SUBTOTAAL"]  # the TOTAAL still adds up: 4 + 4 = 8
    assert table.count("kb-finding-cell") == 1
    assert "1 error, 0 warnings" in text_of(html)

    csv.write_text(GOOD_CSV, encoding="utf-8")
    wait_for(lambda: "KB101" not in page(server), what="the note gone after the fix")
    html = page(server)
    assert notes(html) == [] and "no findings" in text_of(html)
    assert not re.search(r'class="[^"]*kb-finding-(row|cell)', html)


def test_a_chapter_finding_stands_before_its_paragraph(make_project: Callable[..., Path],
                                                       running) -> None:
    chapter = ("# Hoofdstuk\n\nDe eerste alinea.\n\n"
               "De tweede alinea met een [kapotte link](#nergens)\nover twee regels.\n\n"
               "De derde alinea.\n")
    root = make_project(chapters={"01-hoofdstuk.md": chapter})
    server = running(root)
    html = page(server)
    [note] = notes(html)
    assert "KB202" in note and 'data-file="chapters/01-hoofdstuk.md"' in note and 'data-line="5"' in note
    after = html[html.index(note) + len(note):]
    assert text_of(after).startswith("De tweede alinea"), "the note stands right before the paragraph"


def test_findings_with_no_place_go_into_the_panel(make_project: Callable[..., Path],
                                                  running) -> None:
    # Table u is placed nowhere: its sum error (and KB203 'never placed') has no place on the page.
    root = _table_project(make_project, tables={"u.csv": BROKEN_CSV, "u.toml": SIDECAR})
    server = running(root)
    html = page(server)
    panel = re.search(r'<aside class="kb-preview-panel.*?</aside>', html, re.S).group(0)
    assert "KB101" in panel and "tables/u.csv" in panel and "KB203" in panel
    assert len(notes(html)) == len(notes(panel))


def test_a_bad_project_file_shows_the_error_page_and_recovers(make_project: Callable[..., Path],
                                                              running) -> None:
    root = _table_project(make_project)
    server = running(root)
    config = root / "kamerbrief.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace('title = "Testrapport"', 'title = "Testrapport'), encoding="utf-8")
    wait_for(lambda: "cannot be loaded" in page(server), what="the error page")
    html = page(server)
    assert "KB001" in html and "TOML syntax error" in html and "kamerbrief.toml:2" in html
    assert preview.VERSION_PATH in html, "the error page reloads by itself too"
    assert server.report is None and server.error

    config.write_text(good.replace("Testrapport", "Hersteld rapport"), encoding="utf-8")
    wait_for(lambda: "<title>Hersteld rapport</title>" in page(server), what="the recovered page")
    assert server.error == ""


def test_a_crashing_renderer_shows_the_error_page(make_project: Callable[..., Path], running,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server = running(_table_project(make_project))

    def crash(*args, **kwargs):
        raise RuntimeError("sjabloon kapot")

    monkeypatch.setattr("kamerbrief.render.html.render_html", crash)
    assert server.rebuild() is True
    html = page(server)
    assert "cannot be built" in html and "sjabloon kapot" in html
    monkeypatch.undo()
    assert server.rebuild() is True
    assert "<title>Testrapport</title>" in page(server)


def test_saving_the_project_style_rebuilds(make_project: Callable[..., Path], running) -> None:
    root = _table_project(make_project, extra_config='style = "huisstijl"\n',
                          files={"huisstijl/style.css": "body { color: #123456; }\n"})
    server = running(root)
    assert "#123456" in page(server)
    (root / "huisstijl" / "style.css").write_text("body { color: #654321; }\n", encoding="utf-8")
    wait_for(lambda: "#654321" in page(server), what="the new style")


def test_a_style_without_the_preview_blocks_still_shows_every_finding(
        make_project: Callable[..., Path], running) -> None:
    bare = "<!DOCTYPE html>\n<html><head><title>{{ config.title }}</title></head>\n<body>\n</body></html>\n"
    root = _table_project(make_project, BROKEN_CSV, extra_config='style = "kaal"\n',
                          files={"kaal/report.html.j2": bare})
    server = running(root)
    html = page(server)
    assert server.findings
    assert all(f'data-finding="{i}"' in html for i in range(len(server.findings)))
    assert "KB101" in html and "<script" in html


def test_project_files_are_served_and_nothing_outside(make_project: Callable[..., Path],
                                                      running) -> None:
    root = _table_project(make_project, files={"images/logo.png": b"\x89PNG fake",
                                               ".geheim": "x"})
    (root.parent / "buiten.txt").write_text("buiten", encoding="utf-8")
    server = running(root)
    status, kind, body = get(server.url + "images/logo.png")
    assert (status, kind, body) == (200, "image/png", b"\x89PNG fake")
    assert get(server.url + ".geheim")[0] == 404
    assert get(server.url + "images/../../buiten.txt")[0] == 404
    assert get(server.url + "%2E%2E/buiten.txt")[0] == 404
    assert server.project_file("/../buiten.txt") is None


def test_a_taken_port_is_a_clear_error(make_project: Callable[..., Path]) -> None:
    root = _table_project(make_project)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PreviewError, match=f"127.0.0.1:{port}"):
            PreviewServer(root, port=port, watch=False).start()


def test_a_missing_project_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PreviewError, match="no project folder"):
        PreviewServer(tmp_path / "weg", port=0).start()


def test_serve_prints_the_url_and_stops_on_ctrl_c(make_project: Callable[..., Path],
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root = _table_project(make_project)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.setenv("CI", "true")

    def ctrl_c(self, timeout=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(PreviewServer, "wait", ctrl_c)
    serve(root, host="127.0.0.1", port=0, open_browser=True)
    out = capsys.readouterr().out
    assert re.search(r"http://127\.0\.0\.1:\d+/", out) and "stopped" in out
    assert opened == [], "no browser is opened on CI"


@pytest.mark.parametrize(("env", "platform", "expected"), [
    ({"CI": "true", "DISPLAY": ":0"}, "linux", False),
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({}, "darwin", True),
    ({"CI": "1"}, "win32", False),
])
def test_a_browser_is_opened_only_with_a_display_and_not_on_ci(env: dict[str, str], platform: str,
                                                               expected: bool,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CI", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cli.sys, "platform", platform)
    assert cli._can_open_browser() is expected
