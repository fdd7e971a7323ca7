"""The PDF renderer loads nothing from outside the project: no http, no file: elsewhere.

A local HTTP server on 127.0.0.1 (port 0, in a thread) records every request it gets; HTML
that points images, stylesheets and attachments at it is rendered through the fetcher, and
the server must end with zero requests. A socket guard also records any outgoing connect()
during rendering. Only 127.0.0.1 is ever used.
"""

from __future__ import annotations

import base64
import http.client
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import run_cli
from kamerbrief.project import load_report
from kamerbrief.render.pdf import PdfError, make_fetcher, render_pdf
from local_server import PNG, Recorder, recording_server


@pytest.fixture
def server() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder


@pytest.fixture
def connects(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every socket.connect() attempted while the test runs (recorded, then refused)."""
    attempts: list[object] = []

    def guarded(self, address):
        attempts.append(address)
        raise ConnectionRefusedError(f"test forbids connecting to {address}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded)
    return attempts


def test_server_records_requests(server: Recorder) -> None:
    """Control: the recorder does see a request, so 'zero requests' below means something."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("GET", "/control.png")
        assert connection.getresponse().read() == PNG
    finally:
        connection.close()
    assert server.requests == ["/control.png"]


# ---------------------------------------------------------------- the fetcher on its own


def test_fetcher_refuses_files_outside_the_project(tmp_path: Path) -> None:
    refused: list[str] = []
    fetcher = make_fetcher([tmp_path], refused)
    for url in ("file:///etc/passwd", "file://localhost/etc/passwd", "FILE:///etc/passwd",
                tmp_path.as_uri() + "/../../../etc/passwd", "file:///etc/%70asswd"):
        with pytest.raises(ValueError, match="refuses"):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        fetcher("file:///etc/passwd")  # WeasyPrint calls the fetcher itself
    assert len(refused) == 6
    assert "file:///etc/passwd" in refused


def test_fetcher_refuses_symlink_out_of_the_project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    (project / "link.txt").symlink_to(secret)
    refused: list[str] = []
    fetcher = make_fetcher([project], refused)
    with pytest.raises(ValueError):
        fetcher.fetch((project / "link.txt").as_uri())
    assert refused == [(project / "link.txt").as_uri()]


def test_fetcher_loads_project_files_and_data_uris(tmp_path: Path) -> None:
    """Control: what the fetcher must allow still loads."""
    (tmp_path / "logo.png").write_bytes(PNG)
    refused: list[str] = []
    fetcher = make_fetcher([tmp_path], refused)
    assert fetcher.fetch((tmp_path / "logo.png").as_uri()).read() == PNG
    data = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert fetcher.fetch(data).read() == PNG
    assert refused == []


def test_fetcher_refuses_every_network_url(server: Recorder, connects: list[object],
                                           tmp_path: Path) -> None:
    refused: list[str] = []
    fetcher = make_fetcher([tmp_path], refused)
    urls = [server.url("a.png"), f"https://127.0.0.1:{server.port}/b.png",
            f"HTTP://127.0.0.1:{server.port}/c.png", f"ftp://127.0.0.1:{server.port}/d.png",
            f"//127.0.0.1:{server.port}/e.png"]
    for url in urls:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert refused == urls
    assert server.requests == []
    assert connects == []


# ---------------------------------------------------------------- rendering through it


def test_html_rendered_through_the_fetcher_makes_no_request(
        server: Recorder, connects: list[object], tmp_path: Path) -> None:
    from weasyprint import HTML

    html = f"""<!DOCTYPE html><html lang="nl-NL"><head><title>t</title>
    <link rel="stylesheet" href="{server.url('style.css')}">
    <link rel="attachment" href="{server.url('bijlage.txt')}" title="bijlage">
    <style>@import url("{server.url('import.css')}");
      body {{ background: url("{server.url('bg.png')}"); }}
      @font-face {{ font-family: X; src: url("{server.url('font.ttf')}"); }}
      p {{ font-family: X; }}</style></head>
    <body><p>Tekst</p><img src="{server.url('img.png')}" alt="plaatje">
    <a rel="attachment" href="{server.url('anker.txt')}">anker</a>
    <img src="file:///etc/passwd" alt="geheim"></body></html>"""
    refused: list[str] = []
    fetcher = make_fetcher([tmp_path], refused)
    pdf = HTML(string=html, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert server.requests == []
    assert connects == []
    # The fetcher was asked, and said no: WeasyPrint did not go round it.
    for name in ("img.png", "bijlage.txt", "style.css", "bg.png"):
        assert server.url(name) in refused, (name, refused)
    assert "file:///etc/passwd" in refused


def _image_project(make_project: Callable[..., Path], src: str) -> Path:
    return make_project(chapters={"01-hoofdstuk.md": f"# Hoofdstuk\n\nTekst.\n\n![beeld]({src})\n"})


def test_render_pdf_raises_on_a_network_image(server: Recorder, connects: list[object],
                                              make_project: Callable[..., Path]) -> None:
    root = _image_project(make_project, server.url("beeld.png"))
    report, _ = load_report(root)
    with pytest.raises(PdfError, match="refused to load") as raised:
        render_pdf(report)
    assert server.url("beeld.png") in str(raised.value)
    assert server.requests == []
    assert connects == []


# (markdown-it already turns ![x](file:///…) into plain text, so that never reaches the fetcher.)
@pytest.mark.parametrize("src", ["/etc/passwd", "../buiten.png"])
def test_render_pdf_raises_on_a_file_outside_the_project(
        src: str, make_project: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "buiten.png").write_bytes(PNG)
    root = _image_project(make_project, src)
    report, _ = load_report(root)
    with pytest.raises(PdfError, match="refused to load") as raised:
        render_pdf(report)
    assert "file:///" in str(raised.value)


def test_build_reports_refused_urls_and_writes_nothing(
        server: Recorder, connects: list[object], make_project: Callable[..., Path]) -> None:
    root = _image_project(make_project, server.url("beeld.png"))
    result = run_cli("build", "--project", root, "--format", "pdf", "--force", "--quiet")
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "refused to load" in message
    assert server.url("beeld.png") in message
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not list((root / "dist").glob("*.pdf"))
    assert not list((root / "dist").glob(".*.tmp"))
    assert server.requests == []
    assert connects == []
