"""How a page address is shown to the model, and how an address the model writes is read back.

The model sees a page's address without the parts that say where it runs rather than what it
is: a local file shows only its name, query and fragment (``file:///…/newsletter.html``: the
same prompt wherever the checkout lives, and the user's directories stay out of the prompt),
and a loopback server shows no port (``http://localhost/inbox``: ports change on every start).
Other addresses are shown as they are. ``resolve_url`` turns such a shown address, when the
model writes it in a ``goto``, back into the real one, relative to the page it is on (or
the page the run started on).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

ELIDED_DIR = "file:///…/"
"""What a local file's directory is shown as (``file:///.../`` is read back the same way)."""

_ELIDED_FORMS = (ELIDED_DIR, "file:///.../")
LOOPBACK_HOST = "localhost"


def _split(url: str) -> SplitResult | None:
    """``urlsplit``, or None for an address it cannot parse (``http://[x/``)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    return parts


def is_local_host(host: str | None) -> bool:
    """Whether ``host`` names this machine: ``localhost``, a loopback address or the unspecified
    address a development server listens on (``0.0.0.0``, ``::``)."""
    if not host:
        return False
    if host.lower() == LOOPBACK_HOST:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def shown_url(url: str) -> str:
    """The address as the model reads it (see the module docstring)."""
    parts = _split(url)
    if parts is None:
        return url
    if parts.scheme == "file":
        name = parts.path.rsplit("/", 1)[-1]
        return ELIDED_DIR + urlunsplit(("", "", name, parts.query, parts.fragment))
    if parts.scheme in ("http", "https") and is_local_host(parts.hostname) and parts.port:
        return urlunsplit(parts._replace(netloc=LOOPBACK_HOST))
    return url


def resolve_url(target: str, *bases: str) -> str:
    """``target`` with a shown local directory or loopback origin put back to the real one.

    ``bases`` are real addresses to resolve against, in order of preference (the current page,
    then the start page): the first local file, or the first loopback server with a port and
    the target's scheme, gives the directory or origin. Any other address comes back unchanged.
    """
    elided = next((form for form in _ELIDED_FORMS if target.startswith(form)), None)
    if elided is not None:
        for base in bases:
            here = _split(base)
            if here is not None and here.scheme == "file":
                return urljoin(
                    urlunsplit(here._replace(query="", fragment="")), target[len(elided) :]
                )
        return target
    parts = _split(target)
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or parts.hostname != LOOPBACK_HOST
        or parts.port is not None
        or parts.username is not None
    ):
        return target
    for base in bases:
        here = _split(base)
        if (
            here is not None
            and here.scheme == parts.scheme
            and is_local_host(here.hostname)
            and here.port
        ):
            return urlunsplit(parts._replace(netloc=here.netloc))
    return target
