"""A local HTTP server on 127.0.0.1 that records every request: the no-network tests point
images, stylesheets and links at it and expect it never to be asked. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Recorder:
    """The running server: its port, the paths it was asked for, and URLs on it."""

    def __init__(self, port: int, requests: list[str]):
        self.port = port
        self.requests = requests
        self.base = f"http://127.0.0.1:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path}"


@contextmanager
def recording_server() -> Iterator[Recorder]:
    """Serves a 1×1 PNG for any GET, HEAD or POST (port 0: a free one, in a thread)."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)

        do_POST = do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Recorder(httpd.server_address[1], requests)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
