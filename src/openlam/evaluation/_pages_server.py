"""Loopback HTTP servers for suites whose pages live in this process (MiniWoB++, forms).

A page at ``http://127.0.0.1:PORT/click-test.html`` reads ``http://localhost/click-test.html``
to the model (``openlam.actions.shown_url``), the same on every machine and every start.
"""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that hung up mid-reply (a page closed, an episode ended) is not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


_servers: dict[str, _Server] = {}  # at most one per name and process


def page_server_url(name: str, handler: Callable[..., Any]) -> str:
    """The base URL of this process's server ``name``, started with ``handler`` on first use (a
    daemon thread)."""
    with _lock:
        if name not in _servers:
            server = _Server(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
            _servers[name] = server
        host, port = _servers[name].server_address[:2]
    return f"http://{host!s}:{port}"
