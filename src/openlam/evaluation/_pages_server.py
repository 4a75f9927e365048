"""Loopback HTTP servers for suites whose pages live in this process (MiniWoB++, forms).

A URL like ``http://127.0.0.1:PORT/click-test.html`` costs the model far fewer prompt tokens each
step than a ``file://`` path and reads the same on every machine.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from typing import Any

_lock = threading.Lock()
_servers: dict[str, http.server.ThreadingHTTPServer] = {}  # at most one per name and process


def page_server_url(name: str, handler: Callable[..., Any]) -> str:
    """The base URL of this process's server ``name``, started with ``handler`` on first use (a
    daemon thread)."""
    with _lock:
        if name not in _servers:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
            _servers[name] = server
        host, port = _servers[name].server_address[:2]
    return f"http://{host!s}:{port}"
