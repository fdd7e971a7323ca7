"""No command reaches the network: a remote image is refused (KB405), never fetched.

A local HTTP server on 127.0.0.1 (a free port, in a thread) records every request and would
happily serve the image. The real ``kamerbrief`` runs check, tables and build (HTML, DOCX
and PDF, with --force so every renderer really runs) on a chapter that shows that image and
links to it; afterwards the server has seen zero requests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import SIDECAR, chapter_with_table, write_project
from local_server import PNG, recording_server

KAMERBRIEF = Path(sys.executable).parent / "kamerbrief"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    with recording_server() as recorder:
        yield recorder.base, recorder.requests


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "1000", "NO_COLOR": "1"}
    return subprocess.run([str(KAMERBRIEF), *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)


def test_server_records_requests(server) -> None:
    """Guards the test: the server does record a fetch."""
    import urllib.request

    base, requests = server
    with urllib.request.urlopen(f"{base}/probe.png", timeout=5) as response:
        assert response.read() == PNG
    assert requests == ["/probe.png"]


def test_no_command_fetches_a_remote_image(server, tmp_path: Path) -> None:
    base, requests = server
    chapter = chapter_with_table(
        "t", before=f"![Grafiek]({base}/grafiek.png)\n\nZie [de bron]({base}/bron.html).\n\n")
    root = write_project(tmp_path / "project", chapters={"01.md": chapter},
                         tables={"t.csv": "Post;2023\nA;1\nTOTAAL;1\n", "t.toml": SIDECAR},
                         extra_config='slug = "netwerk"\n')

    checked = _run(root, "check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "KB405" in checked.stdout and f"{base}/grafiek.png" in checked.stdout
    assert _run(root, "tables").returncode == 0

    refused = _run(root, "build", "--format", "html")
    assert refused.returncode == 1 and "KB405" in refused.stderr

    forced = _run(root, "build", "--force", "--format", "html,docx,pdf")
    output = forced.stdout + forced.stderr
    assert "Traceback" not in output
    # HTML and DOCX drafts show the alt text; the PDF renderer's fetcher refuses the URL.
    assert (root / "dist" / "netwerk.html").is_file() and (root / "dist" / "netwerk.docx").is_file()
    assert forced.returncode == 2 and "refused to load" in output, output
    assert not (root / "dist" / "netwerk.pdf").exists()
    html = (root / "dist" / "netwerk.html").read_text(encoding="utf-8")
    assert f"{base}/grafiek.png" not in html  # not even a reader's browser would fetch it
    assert 'class="image-refused">Grafiek<' in html

    assert requests == [], f"kamerbrief reached the network: {requests}"
