"""Shared page chrome for the sandbox apps, with the two layout variants.

Layout ``a`` and ``b`` differ in styling, navigation placement and wording (``Labels``); apps
also reorder their own content for ``b``. Function stays the same, so a robust agent copes with
both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from openlam.sandbox._world import Layout


def e(value: Any) -> str:
    """HTML-escape any value."""
    return escape(str(value), quote=True)


class Labels:
    """Wording per layout: ``labels("search", layout)`` gives the text for that layout."""

    def __init__(self, table: Mapping[str, tuple[str, str]]) -> None:
        self._table = dict(table)

    def __call__(self, key: str, layout: Layout) -> str:
        a, b = self._table[key]
        return a if layout == "a" else b


_CSS = {
    "a": """
body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8; color: #1d2430; }
main a { color: #1f5f99; }
.top { background: #1f5f99; color: #fff; display: flex; align-items: center; gap: 24px;
       padding: 10px 24px; }
.top .brand { font-weight: 700; font-size: 19px; color: #fff; text-decoration: none; }
.top nav a { color: #dbe9f7; margin-right: 16px; text-decoration: none; }
.top nav a.on { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
main { max-width: 980px; margin: 24px auto; background: #fff; padding: 24px 32px;
       border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
button, .btn { background: #1f5f99; color: #fff; border: 0; border-radius: 5px; padding: 8px 16px;
       font-size: 14px; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .btn.secondary { background: #e3e8ee; color: #1d2430; }
button.danger { background: #b3261e; }
""",
    "b": """
body { margin: 0; font-family: Georgia, serif; background: #fbf7f0; color: #2b2118; }
main a { color: #8a4b16; }
.top { background: #2b2118; color: #f3e6d3; display: flex; flex-direction: row-reverse;
       justify-content: space-between; align-items: center; padding: 14px 40px; }
.top .brand { font-size: 22px; color: #f3c77b; text-decoration: none; letter-spacing: 1px; }
.top nav a { color: #f3e6d3; margin-left: 20px; text-decoration: none; text-transform: uppercase;
       font-size: 13px; }
.top nav a.on { color: #f3c77b; }
main { max-width: 1080px; margin: 16px auto; padding: 20px 28px; border: 1px solid #e4d6c0;
       background: #fffdf9; }
button, .btn { background: #a2622a; color: #fff; border: 0; border-radius: 18px;
       padding: 9px 20px; font-size: 14px; cursor: pointer; text-decoration: none;
       display: inline-block; }
button.secondary, .btn.secondary { background: #efe3d0; color: #2b2118; }
button.danger { background: #7d1f1f; }
""",
}

_COMMON_CSS = """
h1 { font-size: 24px; margin-top: 0; } h2 { font-size: 19px; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input[type=text], input[type=email], input[type=number], input[type=date], input[type=time],
input[type=password], input[type=search], select, textarea {
  padding: 7px 9px; font-size: 14px; border: 1px solid #b8c2cc; border-radius: 4px;
  min-width: 240px; }
textarea { width: 100%; min-height: 80px; box-sizing: border-box; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #e1e5ea; }
.row { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-end; }
.card { border: 1px solid #e1e5ea; border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.muted { color: #6b7480; font-size: 13px; }
.flash { background: #e6f4ea; border: 1px solid #9bd3ae; padding: 10px 14px; border-radius: 5px; }
.error { background: #fde8e7; border: 1px solid #f1a9a4; padding: 10px 14px; border-radius: 5px; }
.tabs a { margin-right: 14px; }
.pager a { margin: 0 6px; }
dialog { border: 1px solid #888; border-radius: 8px; padding: 20px 24px; }
"""


def page(
    *,
    app_title: str,
    title: str,
    body: str,
    layout: Layout,
    nav: Sequence[tuple[str, str]] = (),
    current: str = "",
    script: str = "",
) -> str:
    """A full HTML page in the app's chrome for ``layout``."""
    links = "".join(
        f'<a href="{e(href)}"{" class=on" if href == current else ""}>{e(text)}</a>'
        for text, href in nav
    )
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{e(title)} — {e(app_title)}</title>"
        f"<style>{_CSS[layout]}{_COMMON_CSS}</style></head><body>"
        f'<header class=top><a class=brand href="{e(nav[0][1] if nav else "/")}">'
        f"{e(app_title)}</a><nav>{links}</nav></header>"
        f"<main>{body}</main>"
        f"{f'<script>{script}</script>' if script else ''}</body></html>"
    )


def options(values: Iterable[str], selected: str = "", blank: str | None = None) -> str:
    """``<option>`` tags, with an optional blank first choice."""
    out = [f'<option value="">{e(blank)}</option>'] if blank is not None else []
    out += [
        f'<option value="{e(v)}"{" selected" if v == selected else ""}>{e(v)}</option>'
        for v in values
    ]
    return "".join(out)


def choices(pairs: Iterable[tuple[str, str]], selected: str = "", blank: str | None = None) -> str:
    """``<option>`` tags from (value, label) pairs, with an optional blank first choice."""
    out = [f'<option value="">{e(blank)}</option>'] if blank is not None else []
    out += [
        f'<option value="{e(v)}"{" selected" if v == selected else ""}>{e(label)}</option>'
        for v, label in pairs
    ]
    return "".join(out)


def field(label: str, control: str, ident: str) -> str:
    """A labelled form control (the label's ``for`` points at ``ident``)."""
    return f'<div><label for="{e(ident)}">{e(label)}</label>{control}</div>'
