"""Carrying out one action on a Playwright page.

Each function raises ``ActionRefused`` with a short message for the model when the action cannot
be done (wrong kind of element, no such option, nothing left to scroll). Playwright errors pass
through: the environment decides whether the page or the whole browser failed.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ElementHandle, Page, Position
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from openlam.actions import is_local_host
from openlam.exceptions import UserError

_OPTIONS_SHOWN = 15

_INSPECT_JS = """(el, armClick) => {
  if (armClick) {
    // record where the next click lands: hover styles can move or shrink an element between
    // Playwright's hit check and the mouse press
    el.__openlamLanded = undefined;
    window.addEventListener('click', (e) => { el.__openlamLanded = e.composedPath().includes(el); },
      { capture: true, once: true });
  }
  const tag = el.tagName.toLowerCase();
  const r = el.getBoundingClientRect();
  const noText = ['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range',
    'color', 'hidden'];
  return {
    tag,
    type: tag === 'input' ? el.type : '',
    editable: el.isContentEditable || tag === 'textarea' ||
      (tag === 'input' && !noText.includes(el.type)),
    visible: r.width > 0 && r.height > 0 && el.checkVisibility({checkVisibilityCSS: true}),
    disabled: el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true',
    opensTab: !['', '_self', '_parent', '_top'].includes(
      // the attribute, not the property: a form field named "target" shadows form.target
      ((el.closest('a[href], area[href]') || el.form)?.getAttribute('target') || '')
        .toLowerCase()),
    options: tag === 'select' ? Array.from(el.options, (o) => [o.label || o.text, o.value]) : [],
  };
}"""

_SCROLL_JS = """([el, direction]) => {
  const scrollable = (node) => {
    if (node === document.scrollingElement) return node.scrollHeight > innerHeight;
    const overflow = getComputedStyle(node).overflowY;
    return node.scrollHeight > node.clientHeight + 1 && /auto|scroll|overlay/.test(overflow);
  };
  let box = null;
  for (let node = el; node && !box; node = node.parentElement) if (scrollable(node)) box = node;
  if (!el) {
    box = document.scrollingElement;
    // pages that scroll an inner container instead of the window: take the largest one
    if (!scrollable(box)) {
      let area = 0;
      for (const node of document.body.querySelectorAll('*')) {
        if (node.clientHeight * node.clientWidth > area && scrollable(node)) {
          box = node;
          area = node.clientHeight * node.clientWidth;
        }
      }
    }
  }
  if (!box) return null;
  const height = box === document.scrollingElement ? innerHeight : box.clientHeight;
  const before = box.scrollTop;
  box.scrollBy({ top: direction * Math.round(height * 0.8), behavior: 'instant' });
  return box.scrollTop - before;
}"""

# positions of the options already chosen in a multiple-choice list (null for a dropdown)
_MULTIPLE_CHOSEN_JS = "el => el.multiple ? Array.from(el.selectedOptions, (o) => o.index) : null"
# where perception found a partly covered element uncovered (None: its middle is visible)
_CLICK_POINT_JS = """el => {
  const snap = window.__openlam;
  const at = snap && snap.points ? snap.els.indexOf(el) : -1;
  return at < 0 ? null : snap.points[at];
}"""
_LANDED_JS = "el => el.isConnected && el.checkVisibility() ? el.__openlamLanded : null"
_FIELD_VALUE_JS = "el => el.isContentEditable ? el.innerText : el.value"
_INNER_FIELD = "input:not([type=hidden]), textarea, [contenteditable=''], [contenteditable=true]"
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".svg")
_SCHEME = re.compile(r"^(https?|file|about|data|chrome|blob):", re.IGNORECASE)


class ActionRefused(Exception):
    """The action cannot be carried out; the message is written for the model to read."""


@dataclass(frozen=True)
class _Inspection:
    tag: str
    type: str
    editable: bool
    visible: bool
    disabled: bool
    opens_tab: bool
    options: list[tuple[str, str]]


def inspect(element: ElementHandle, index: int, *, arm_click: bool = False) -> _Inspection:
    """What the element is, refusing when it cannot be used (hidden or disabled)."""
    raw: dict[str, Any] = element.evaluate(_INSPECT_JS, arm_click)
    info = _Inspection(
        tag=str(raw["tag"]),
        type=str(raw["type"]),
        editable=bool(raw["editable"]),
        visible=bool(raw["visible"]),
        disabled=bool(raw["disabled"]),
        opens_tab=bool(raw["opensTab"]),
        options=[(str(label), str(value)) for label, value in raw["options"]],
    )
    if not info.visible:
        raise ActionRefused(f"element [{index}] is not visible any more; look at the page again")
    if info.disabled:
        raise ActionRefused(f"element [{index}] is disabled")
    return info


def click(page: Page, element: ElementHandle, index: int, timeout_ms: float) -> str:
    """Click the element, once more if the first click landed on something else."""
    info = inspect(element, index, arm_click=True)
    tabs = len(page.context.pages)
    point = element.evaluate(_CLICK_POINT_JS)
    position = Position(x=point["x"], y=point["y"]) if point else None
    element.click(timeout=timeout_ms, position=position)
    if info.opens_tab and len(page.context.pages) == tabs:
        # a link into a new tab: its page event can trail the click by a moment
        with contextlib.suppress(PlaywrightTimeout):
            page.context.wait_for_event("page", timeout=timeout_ms)
    try:
        landed = element.evaluate(_LANDED_JS)
    except PlaywrightError:
        return ""  # the click replaced the document: it clearly landed
    if landed is False:
        element.click(timeout=timeout_ms, position=position)
    return ""


def type_text(
    element: ElementHandle, index: int, text: str, submit: bool, timeout_ms: float
) -> str:
    """Replace the field's text (a wrapper's inner field is used), then press Enter if asked."""
    info = inspect(element, index)
    target = element
    if not info.editable:
        inner = element.query_selector(_INNER_FIELD)
        if inner is None:
            raise ActionRefused(
                f"element [{index}] is a {info.type or info.tag}, not a text field; "
                "type into a textbox"
            )
        target = inner
    target.fill(text, timeout=timeout_ms)
    if submit:
        target.press("Enter", timeout=timeout_ms)
        return ""
    shown = str(target.evaluate(_FIELD_VALUE_JS))
    # input masks and maxlength change what was typed; say so (never for passwords)
    if shown != text and info.type != "password":
        return f'the field now shows "{shown[:80]}"'
    return ""


def select(element: ElementHandle, index: int, option: str, timeout_ms: float) -> str:
    """Choose an option of a ``<select>`` by label, then by value.

    In a list that allows several choices (``<select multiple>``) the option is added to those
    already chosen, and the result says which ones are chosen now.
    """
    info = inspect(element, index)
    if info.tag != "select":
        raise ActionRefused(
            f"element [{index}] is a {info.tag}, not a dropdown list; click it to open it, "
            "then click the option"
        )
    position = match_option(info.options, option)
    if position is None:
        labels = [label for label, _ in info.options]
        shown = " | ".join(labels[:_OPTIONS_SHOWN])
        if len(labels) > _OPTIONS_SHOWN:
            shown += f" | +{len(labels) - _OPTIONS_SHOWN} more"
        raise ActionRefused(f'element [{index}] has no option "{option}"; options: {shown}')
    chosen: list[int] | None = element.evaluate(_MULTIPLE_CHOSEN_JS)
    if chosen is None:
        element.select_option(index=position, timeout=timeout_ms)
        return ""
    positions = sorted({*chosen, position})
    element.select_option(index=positions, timeout=timeout_ms)
    return "chosen now: " + " | ".join(info.options[i][0] for i in positions)


def match_option(options: list[tuple[str, str]], wanted: str) -> int | None:
    """Position of the option matching ``wanted``: exact label, then loose label, then value,
    then a label containing it when exactly one does."""
    loose = " ".join(wanted.split()).casefold()
    checks = (
        lambda label, value: label == wanted,
        lambda label, value: " ".join(label.split()).casefold() == loose,
        lambda label, value: value == wanted,
        lambda label, value: value.casefold() == loose,
    )
    for check in checks:
        for position, (label, value) in enumerate(options):
            if check(label, value):
                return position
    containing = [i for i, (label, _) in enumerate(options) if loose and loose in label.casefold()]
    return containing[0] if len(containing) == 1 else None


def scroll(page: Page, element: ElementHandle | None, index: int | None, down: bool) -> str:
    """Scroll the page (or the element / its scrollable ancestor) by most of a screen."""
    moved = page.evaluate(_SCROLL_JS, [element, 1 if down else -1])
    where = f"element [{index}]" if index is not None else "the page"
    if moved is None:
        raise ActionRefused(f"{where} cannot scroll")
    if moved == 0:
        edge = "bottom" if down else "top"
        raise ActionRefused(f"{where} is already at the {edge}; nothing more to scroll")
    return ""


def to_url(target: str) -> str:
    """A URL for Chromium: URLs pass through, file paths become ``file://`` URLs and a bare
    host gets ``https://`` (``http://`` for localhost)."""
    target = target.strip()
    if _SCHEME.match(target):
        return target
    path = Path(target).expanduser()
    if target.startswith(("/", "./", "../", "~")) or path.exists():
        return path.resolve().as_uri()
    if path.suffix.lower() in _PAGE_SUFFIXES:  # meant as a local file, but there is none
        raise UserError(f"no such file: {path.resolve()} (check the path, or give a full URL)")
    local = is_local_host(_split_host(target))
    return ("http://" if local else "https://") + target


def _split_host(target: str) -> str | None:
    """The host of a scheme-less address (``localhost:8000/x`` → ``localhost``), if any."""
    try:
        return urlsplit("//" + target).hostname
    except ValueError:
        return None
