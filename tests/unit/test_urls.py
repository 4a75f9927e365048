"""How page addresses are shown to the model and read back from its ``goto``."""

from __future__ import annotations

import pytest

from openlam.actions import Observation, is_local_host, resolve_url, shown_url
from openlam.environments.web._execute import to_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("file:///home/ana/work/examples/newsletter.html", "file:///…/newsletter.html"),
        ("file:///tmp/a/x/y/newsletter.html?q=1#end", "file:///…/newsletter.html?q=1#end"),
        (
            "http://127.0.0.1:39771/shop/newsletter?x=1#top",
            "http://localhost/shop/newsletter?x=1#top",
        ),
        ("https://localhost:8443/a", "https://localhost/a"),
        ("http://[::1]:9000/a", "http://localhost/a"),
        ("http://127.0.0.2:81/", "http://localhost/"),
        ("http://0.0.0.0:8000/app", "http://localhost/app"),  # where dev servers listen
        ("http://127.0.0.1/a", "http://127.0.0.1/a"),  # no port: nothing that changes per run
        ("https://www.example.org:8443/book", "https://www.example.org:8443/book"),
        ("http://10.0.0.5:8000/a", "http://10.0.0.5:8000/a"),
        ("about:blank", "about:blank"),
        ("", ""),
    ],
)
def test_shown_url_hides_where_a_page_runs_not_what_it_is(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_the_same_page_renders_the_same_from_any_checkout() -> None:
    views = {
        Observation(url=f"file://{root}/examples/newsletter.html", title="T").render()
        for root in ("/work/main", "/tmp/build/openlam", "/home/runner/work/openlam")
    }
    assert views == {"URL: file:///…/newsletter.html\nTitle: T\nElements:\n(none)"}


@pytest.mark.parametrize(
    ("target", "current", "real"),
    [
        ("file:///…/b.html", "file:///srv/site/a.html", "file:///srv/site/b.html"),
        ("file:///.../b.html#x", "file:///srv/app.html#/inbox", "file:///srv/b.html#x"),
        ("file:///…/b.html", "file:///srv/a.html?next=/x/y", "file:///srv/b.html"),
        ("http://LocalHost/x", "http://127.0.0.1:5/a", "http://127.0.0.1:5/x"),
        (
            "http://localhost/ledger",
            "http://127.0.0.1:48463/inbox",
            "http://127.0.0.1:48463/ledger",
        ),
        ("https://localhost/x", "https://localhost:8443/y", "https://localhost:8443/x"),
        # scheme differs, the current page is not local, or the target is a real address
        ("http://localhost/x", "https://localhost:8443/y", "http://localhost/x"),
        ("http://localhost/x", "https://example.org/y", "http://localhost/x"),
        ("file:///…/b.html", "http://127.0.0.1:5/a", "file:///…/b.html"),
        ("https://example.org/x", "http://127.0.0.1:5/a", "https://example.org/x"),
        ("http://127.0.0.1:7/z", "http://127.0.0.1:5/a", "http://127.0.0.1:7/z"),
    ],
)
def test_resolve_url_reads_a_shown_address_back(target: str, current: str, real: str) -> None:
    assert resolve_url(target, current) == real


def test_the_start_page_is_the_fallback_base() -> None:
    start = "http://127.0.0.1:48463/inbox"
    assert resolve_url("http://localhost/x", "about:blank", start) == "http://127.0.0.1:48463/x"
    assert resolve_url("file:///…/b.html", "https://e.org/", "file:///s/a.html") == (
        "file:///s/b.html"
    )


@pytest.mark.parametrize(
    "bad", ["http://[nope/x", "http://[abc]/x", "http://h:port/x", "http://ex℀ample.com/"]
)
def test_unparsable_addresses_pass_through(bad: str) -> None:
    assert resolve_url(bad, "http://127.0.0.1:5/a") == bad
    assert shown_url(bad) == bad


def test_what_is_shown_resolves_to_where_it_is() -> None:
    for real in ("file:///srv/site/b.html", "http://127.0.0.1:48463/ledger?x=1"):
        assert resolve_url(shown_url(real), real) == real


@pytest.mark.parametrize(
    ("target", "url"),
    [
        ("localhost:8000/inbox", "http://localhost:8000/inbox"),
        ("127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("[::1]:9000/a", "http://[::1]:9000/a"),
        ("0.0.0.0:8000", "http://0.0.0.0:8000"),
        ("LOCALHOST/x", "http://LOCALHOST/x"),
        ("localhost.example.com/x", "https://localhost.example.com/x"),  # a public name
        ("127.0.0.1.example.net", "https://127.0.0.1.example.net"),
        ("www.example.org/book", "https://www.example.org/book"),
        ("http://127.0.0.1:1/a", "http://127.0.0.1:1/a"),
    ],
)
def test_a_scheme_less_address_gets_http_only_on_this_machine(target: str, url: str) -> None:
    assert to_url(target) == url


def test_local_hosts_are_loopback_names_and_addresses() -> None:
    local = ["localhost", "LocalHost", "127.0.0.1", "127.9.9.9", "::1", "0.0.0.0", "::"]
    assert all(is_local_host(host) for host in local)
    assert not any(is_local_host(h) for h in ["", None, "10.0.0.5", "example.org", "localhost.a"])
