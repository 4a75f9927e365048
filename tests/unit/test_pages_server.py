"""The loopback page server of the MiniWoB++ and forms suites."""

from __future__ import annotations

import http.server
import urllib.request

import pytest

from openlam.evaluation import _pages_server
from openlam.evaluation._pages_server import page_server_url


class _Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def test_one_server_per_name_serving_pages() -> None:
    url = page_server_url("test-hello", _Hello)
    assert url.startswith("http://127.0.0.1:")
    assert page_server_url("test-hello", _Hello) == url
    with urllib.request.urlopen(url + "/x", timeout=5) as reply:
        assert reply.read() == b"hello"


def test_a_client_hanging_up_is_not_reported_but_other_errors_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page_server_url("test-hello", _Hello)
    server = _pages_server._servers["test-hello"]
    try:
        raise BrokenPipeError(32, "Broken pipe")
    except BrokenPipeError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == ""
    try:
        raise ValueError("a bug in a handler")
    except ValueError:
        server.handle_error(None, ("127.0.0.1", 1))
    assert "a bug in a handler" in capsys.readouterr().err
