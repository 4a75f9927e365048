"""GUI experts: plans of named steps, played against observations like the model sees them.

Experts read observations and write actions as plain JSON-like data (the same wire form the
model produces), so the sandbox stays independent of the rest of openlam.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ObsDict = Mapping[str, Any]
"""An observation as data: ``url``, ``title``, ``elements`` (index, role, name, value, states,
options) and ``text``."""
ActionDict = dict[str, Any]


class ExpertStuck(Exception):
    """The expert cannot find what its plan needs on the page."""


@dataclass(frozen=True)
class Go:
    """Open a sandbox path (``/mail/``)."""

    path: str


@dataclass(frozen=True)
class Fill:
    """Type ``text`` into the field named ``name``."""

    name: str
    text: str
    submit: bool = False


@dataclass(frozen=True)
class Choose:
    """Pick ``option`` in the dropdown named ``name``."""

    name: str
    option: str


@dataclass(frozen=True)
class Press:
    """Click the element named ``name`` (optionally only of this role)."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Tick:
    """Make the checkbox (or switch) named ``name`` checked (``on``) or unchecked."""

    name: str
    on: bool = True


@dataclass(frozen=True)
class Ask:
    """Ask the person a question."""

    question: str


@dataclass(frozen=True)
class Done:
    """Finish; ``answer`` may be computed from the page."""

    answer: str | Callable[[ObsDict], str] = ""


@dataclass(frozen=True)
class WaitFor:
    """Wait until the page text contains ``text`` (content loaded after a delay)."""

    text: str


@dataclass(frozen=True)
class Do:
    """A custom step: an action computed from the page, or None when nothing is left to do."""

    fn: Callable[[ObsDict], ActionDict | None]


@dataclass(frozen=True)
class Until:
    """A repeated step: ``fn`` gives an action while there is work left, then None."""

    fn: Callable[[ObsDict], ActionDict | None]
    limit: int = 20


Step = Go | Fill | Choose | Press | Tick | Ask | Done | WaitFor | Do | Until
Plan = Sequence[Step]


def norm(text: str) -> str:
    """Lower case with whitespace collapsed, for matching names."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def find(obs: ObsDict, name: str, role: str | None = None) -> Mapping[str, Any] | None:
    """The element best matching ``name``: exact, then as leading words, then as whole words
    anywhere ("More" never matches "Moreau"). Names perception cut short (ending in "…") match
    when they are a prefix of ``name``."""
    wanted = norm(name)
    words = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    candidates = [e for e in obs.get("elements", ()) if role is None or e["role"] == role]
    tests: tuple[Callable[[str], bool], ...] = (
        lambda n: n == wanted,
        lambda n: n.endswith("…") and wanted.startswith(n[:-1].rstrip()),
        lambda n: words.match(n) is not None,
        lambda n: words.search(n) is not None,
    )
    for test in tests:
        for element in candidates:
            if test(norm(element.get("name", ""))):
                found: Mapping[str, Any] = element
                return found
    return None


class PlanExpert:
    """Plays a plan one action per observation, waiting and scrolling to find elements."""

    def __init__(self, plan: Plan, base_url: str, patience: int = 2) -> None:
        self._plan = list(plan)
        self._base = base_url.rstrip("/")
        self._patience = patience
        self._misses = 0
        self._repeats = 0

    def next_action(self, obs: ObsDict) -> ActionDict:
        """The next action for this observation."""
        while self._plan:
            step = self._plan[0]
            if isinstance(step, Until):
                action = step.fn(obs)
                if action is None:
                    self._plan.pop(0)
                    self._repeats = 0
                    continue
                self._repeats += 1
                if self._repeats > step.limit:
                    raise ExpertStuck(f"a repeated step did not finish on {obs.get('url', '?')}")
                return action
            action = self._act(step, obs)
            if action is None:  # the step found nothing to do or waits: see below
                self._plan.pop(0)
                continue
            if action.get("action") in ("wait", "scroll") and self._misses:
                return action  # still looking for the step's element
            self._plan.pop(0)
            self._misses = 0
            return action
        return {"action": "finish", "answer": ""}

    def _act(self, step: Step, obs: ObsDict) -> ActionDict | None:  # noqa: PLR0911 - one per kind
        if isinstance(step, Go):
            return {"action": "goto", "url": self._base + step.path}
        if isinstance(step, Ask):
            return {"action": "ask_user", "question": step.question}
        if isinstance(step, Done):
            answer = step.answer(obs) if callable(step.answer) else step.answer
            return {"action": "finish", "answer": answer}
        if isinstance(step, Do):
            return step.fn(obs)
        if isinstance(step, Until):  # handled in next_action
            return None
        if isinstance(step, WaitFor):
            if norm(step.text) in norm(obs.get("text", "")):
                return None
            return self._missing(obs, f"text {step.text!r}")
        return self._element_action(step, obs)

    def _element_action(
        self, step: Fill | Choose | Press | Tick, obs: ObsDict
    ) -> ActionDict | None:
        role = step.role if isinstance(step, Press) else None
        element = find(obs, step.name, role)
        if element is None:
            return self._missing(obs, f"element {step.name!r}")
        index = element["index"]
        if isinstance(step, Fill):
            return {"action": "type", "element": index, "text": step.text, "submit": step.submit}
        if isinstance(step, Choose):
            return {"action": "select", "element": index, "option": step.option}
        if isinstance(step, Tick):
            if ("checked" in element.get("states", ())) == step.on:
                return None
            return {"action": "click", "element": index}
        return {"action": "click", "element": index}

    def _missing(self, obs: ObsDict, what: str) -> ActionDict:
        self._misses += 1
        if self._misses <= self._patience:
            return {"action": "wait", "seconds": 0.5}
        if self._misses <= self._patience + 3:
            return {"action": "scroll", "direction": "down"}
        raise ExpertStuck(f"no {what} on {obs.get('url', '?')}")
