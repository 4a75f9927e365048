"""How a page address is shown to the model, and how an address the model writes is read back.

The model sees a page's address without the parts that say where it runs rather than what it
is: a local file shows only its name, query and fragment (``file:///…/newsletter.html``: the
same prompt wherever the checkout lives, and the user's directories stay out of the prompt),
and a loopback server shows no port (``http://localhost/inbox``: ports change on every start).
Other addresses are shown as they are. ``resolve_url`` turns such a shown address, when the
model writes it in a ``goto``, back into the real one, relative to the page it is on.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit, urlunsplit

ELIDED_DIR = "file:///…/"
"""What a local file's directory is shown as."""

LOOPBACK_HOST = "localhost"


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == LOOPBACK_HOST:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def shown_url(url: str) -> str:
    """The address as the model reads it (see the module docstring)."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        name = parts.path.rsplit("/", 1)[-1]
        return ELIDED_DIR + urlunsplit(("", "", name, parts.query, parts.fragment))
    if parts.scheme in ("http", "https") and _is_loopback(parts.hostname) and parts.port:
        return urlunsplit(parts._replace(netloc=LOOPBACK_HOST))
    return url


def resolve_url(target: str, current: str) -> str:
    """``target`` with a shown form of the current page's directory or loopback origin put
    back to the real one; any other address is returned unchanged."""
    if target.startswith(ELIDED_DIR) and current.startswith("file://"):
        return current.rsplit("/", 1)[0] + "/" + target[len(ELIDED_DIR) :]
    parts, here = urlsplit(target), urlsplit(current)
    if (
        parts.scheme in ("http", "https")
        and parts.netloc == LOOPBACK_HOST
        and here.scheme == parts.scheme
        and _is_loopback(here.hostname)
        and here.port
    ):
        return urlunsplit(parts._replace(netloc=here.netloc))
    return target
