"""Baseline policies behind the ``Model`` protocol: random (lower bound) and scripted (no-op)."""

from __future__ import annotations

import json
import random
import string
from typing import TYPE_CHECKING, Any

from openlam.actions import (
    ActionSpace,
    CallTool,
    Click,
    Scroll,
    Select,
    TypeText,
    Usage,
    shown_url,
)
from openlam.learning import PERTURBED
from openlam.models import Context, Decision, Model, load_model

if TYPE_CHECKING:
    from openlam.evaluation._suite import AgentSpec

_KEYS = ("Enter", "Tab", "ArrowDown", "ArrowUp", "Escape", "Space")
_PERTURB_TYPES = (Click, TypeText, Select, Scroll, CallTool)
"""Actions a perturbation may take: ones that change the page or call a tool, never finish."""


class RandomModel:
    """Chooses a uniformly random allowed action each step, seeded for reproducible runs.

    Element actions pick a random element of the current observation; ``select`` picks one of
    the element's options when it lists any; typed text is a short random word. ``finish`` and
    ``ask_user`` are as likely as any other action type, so episodes end by chance too.
    """

    def __init__(self, seed: int | str = 0) -> None:
        self._rng = random.Random(seed)

    @property
    def name(self) -> str:
        """``policy:random``."""
        return "policy:random"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """A random valid action for this observation."""
        schema = self._rng.choice(space.json_schema()["anyOf"])
        data = {key: self._value(key, prop, context) for key, prop in schema["properties"].items()}
        if data.get("action") == "select":
            element = context.observation.element(int(data["element"]))
            if element is not None and element.options:
                data["option"] = self._rng.choice(element.options)
        raw = json.dumps(data)
        return Decision(space.parse(raw), raw, Usage())

    def _value(self, key: str, prop: dict[str, Any], context: Context) -> Any:
        if "const" in prop:
            return prop["const"]
        if "enum" in prop:
            return self._rng.choice(prop["enum"])
        if (
            "anyOf" in prop
            or prop.get("type") in ("array", "object", "null")
            or isinstance(prop.get("type"), list)
        ):
            return self._structured(key, prop, context)
        kind = prop.get("type")
        if kind == "boolean":
            return self._rng.random() < 0.5
        if kind in ("number", "integer"):
            low, high = prop.get("minimum", 0), prop.get("maximum", 10)
            return round(self._rng.uniform(low, min(high, 3)), 1) if kind == "number" else low
        return self._text(key, context)

    def _structured(self, key: str, prop: dict[str, Any], context: Context) -> Any:
        """Arrays, objects, unions and nullable types (tool calls and their arguments)."""
        if prop.get("anyOf"):
            return self._value(key, self._rng.choice(prop["anyOf"]), context)
        kind = prop.get("type")
        if isinstance(kind, list):  # nullable arguments: ["string", "null"]
            return self._value(key, {**prop, "type": self._rng.choice(kind)}, context)
        if kind == "array":
            items = prop.get("items", {})
            return [self._value(key, items, context) for _ in range(self._rng.randint(1, 2))]
        if kind == "object":
            required = set(prop.get("required", []))
            return {
                name: self._value(name, sub, context)
                for name, sub in prop.get("properties", {}).items()
                if name in required or self._rng.random() < 0.5
            }
        return None

    def _text(self, key: str, context: Context) -> str:
        if key == "key":
            return self._rng.choice(_KEYS)
        if key == "url":
            return shown_url(context.observation.url) or "about:blank"
        return "".join(self._rng.choices(string.ascii_lowercase, k=self._rng.randint(3, 8)))

    def close(self) -> None:
        """Nothing to release."""


class ScriptedModel:
    """Finishes at once without acting: the score a check gives when nothing was done."""

    @property
    def name(self) -> str:
        """``policy:scripted``."""
        return "policy:scripted"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """Always ``finish`` with an empty answer."""
        raw = '{"action":"finish","answer":""}'
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""


class PerturbedModel:
    """Another model that, at a given rate, takes a different action instead: a random element
    action (or tool call), or what ``source`` (a trained model) would do there. The next steps
    show how the model recovers, which training data needs; with a ``source`` they start from
    the states that model really reaches (its own mistakes), as in DAgger.

    A perturbed step's raw reply starts with ``PERTURBED``, so training leaves it out while the
    steps after it (and their history, which shows it) are kept. Random perturbations spare the
    first step; a ``source`` may take it, since a model's first step can be its mistake.
    """

    def __init__(
        self, inner: Model, rate: float, seed: int | str, source: Model | None = None
    ) -> None:
        self._inner = inner
        self._rate = rate
        self._rng = random.Random(f"perturb:{seed}")
        self._source: Model = source or RandomModel(f"perturb:{seed}")
        self._first = source is not None

    @property
    def name(self) -> str:
        """The inner model's name."""
        return self._inner.name

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The inner model's action, or now and then the source's (never ``finish``)."""
        wrong = tuple(t for t in space.types if t in _PERTURB_TYPES)
        may = bool(context.history) or self._first
        if wrong and may and self._rng.random() < self._rate:
            narrowed = ActionSpace(wrong, space.element_indices, space.tools)
            decision = self._source.decide(context, narrowed)
            return Decision(decision.action, PERTURBED + decision.raw, decision.usage)
        return self._inner.decide(context, space)

    def close(self) -> None:
        """Close the inner model (a source model is shared by the process's episodes)."""
        self._inner.close()


_SOURCES: dict[str, Model] = {}
"""Perturbing models loaded in this process, by spec: loaded once, used by every episode."""


def perturbed(model: Model, agent: AgentSpec, seed: int | str) -> Model:
    """``model`` wrapped in ``PerturbedModel`` when the agent asks for perturbations."""
    if agent.perturb <= 0:
        return model
    source = None
    if agent.perturb_by is not None:
        if agent.perturb_by not in _SOURCES:
            _SOURCES[agent.perturb_by] = load_model(agent.perturb_by)
        source = _SOURCES[agent.perturb_by]
    return PerturbedModel(model, agent.perturb, seed, source)


def baseline_model(agent: AgentSpec, seed: int | str) -> Model | None:
    """The model of a ``random`` or ``scripted`` agent; None for ``expert`` (each suite has its
    own) and for model specs (loaded once per session).

    Pass the episode key (``task@seed``) as ``seed``, so random episodes differ across tasks.
    """
    if agent.policy == "random":
        return RandomModel(seed)
    if agent.policy == "scripted":
        return ScriptedModel()
    return None
