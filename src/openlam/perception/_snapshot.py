"""Turn the in-page snapshot (``_snapshot.js``) into the compact ``Observation`` the model reads.

The JavaScript does the DOM work where the DOM lives; this module validates what came back,
applies the character budget and keeps the numbers a trace needs. It never touches a browser, so
any driver (Playwright, CDP, a recorded snapshot) can feed it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from openlam.actions import Element, Observation
from openlam.exceptions import EnvironmentFailure

ELEMENT_LOOKUP_JS = """([generation, index]) => {
  const snap = window.__openlam;
  if (!snap || snap.generation !== generation) return 'stale';
  const el = snap.els[index - 1];
  if (!el) return 'missing';
  return el.isConnected ? el : 'detached';
}"""
"""Resolve element index ``i`` of snapshot ``generation`` to its DOM element.

Called as ``evaluate_handle(ELEMENT_LOOKUP_JS, [generation, i])``; the result is the element, or
one of the strings ``'stale'`` (the page changed since that snapshot), ``'missing'`` or
``'detached'`` (the element left the page).
"""


@dataclass(frozen=True)
class SnapshotBudget:
    """Limits that keep an observation small enough for a 270M model's prompt.

    The defaults keep MiniWoB-sized pages near 300 Gemma tokens and a 200-element page under
    2,500; ``max_elements`` and ``max_element_chars`` cut the element list (the rest is counted
    in ``Observation.hidden_elements``), ``text_chars`` cuts the visible text.
    """

    max_elements: int = 120
    max_element_chars: int = 4500
    name_chars: int = 60
    value_chars: int = 80
    text_chars: int = 1500
    max_options: int = 15

    def script_options(self, generation: int) -> dict[str, int]:
        """The options object passed to the snapshot script."""
        return {
            "maxElements": self.max_elements,
            "nameChars": self.name_chars,
            "valueChars": self.value_chars,
            "textChars": self.text_chars,
            "maxOptions": self.max_options,
            "generation": generation,
        }


@dataclass(frozen=True)
class PageSnapshot:
    """An observation plus what was left out of it and the snapshot it belongs to.

    ``generation`` identifies the in-page element map: element index ``i`` of this observation
    resolves through ``ELEMENT_LOOKUP_JS`` with the same generation, and not after the page
    changed.
    """

    observation: Observation
    generation: int
    offscreen: int
    omitted: int


class _RawElement(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: str
    name: str = ""
    value: str | None = None
    states: list[str] = []
    options: list[str] = []


class _RawSnapshot(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str = ""
    title: str = ""
    elements: list[_RawElement] = []
    offscreen: int = 0
    omitted: int = 0
    text: str = ""


@functools.cache
def snapshot_script() -> str:
    """The snapshot JavaScript: a function expression taking ``SnapshotBudget.script_options``
    and returning the snapshot as JSON text for ``parse_snapshot``."""
    return resources.files("openlam.perception").joinpath("_snapshot.js").read_text("utf-8")


def parse_snapshot(
    raw: Any, *, generation: int, budget: SnapshotBudget | None = None
) -> PageSnapshot:
    """Build the observation from the script's result (its JSON text, or that text already
    decoded), numbering elements from 1.

    Elements past ``budget.max_element_chars`` of rendered lines are dropped from the end, so the
    indices that remain still match the in-page element map. A result of the wrong shape means
    the page interfered with the script (or the script is broken): ``EnvironmentFailure``.
    """
    budget = budget or SnapshotBudget()
    try:
        if isinstance(raw, str | bytes):
            snap = _RawSnapshot.model_validate_json(raw)
        else:
            snap = _RawSnapshot.model_validate(raw)
    except ValidationError as exc:
        raise EnvironmentFailure(
            f"the page snapshot came back malformed ({exc.error_count()} errors); "
            "the page may have replaced built-in functions the snapshot relies on"
        ) from None
    elements: list[Element] = []
    chars = 0
    for index, item in enumerate(snap.elements, start=1):
        element = Element(
            index=index,
            role=item.role,
            name=item.name,
            value=item.value,
            states=tuple(item.states),
            options=tuple(item.options),
        )
        chars += len(element.render()) + 1
        if chars > budget.max_element_chars:
            break
        elements.append(element)
    omitted = snap.omitted + len(snap.elements) - len(elements)
    observation = Observation(
        url=snap.url,
        title=snap.title,
        elements=tuple(elements),
        text=snap.text,
        hidden_elements=snap.offscreen + omitted,
    )
    return PageSnapshot(observation, generation, offscreen=snap.offscreen, omitted=omitted)
