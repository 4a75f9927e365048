"""Rule-based MiniWoB++ experts: the protocol, the registry, and a ``Model`` wrapper.

Experts solve a task from openlam's own observation only (the intent, the indexed element list,
the page text and the history), never from the page's DOM or JavaScript state: their
trajectories are reused as training data in exactly the format a model sees.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from openlam.actions import ActionSpace, Usage
from openlam.models import Context, Decision


class MiniWobExpert(Protocol):
    """Chooses the next action of one MiniWoB++ episode (a fresh expert per episode)."""

    def next_action(self, context: Context) -> dict[str, Any]:
        """One JSON action, e.g. ``{"action": "click", "element": 3}``."""
        ...


ExpertFactory = Callable[[], MiniWobExpert]
"""Builds a fresh expert for one episode (an expert class is a factory)."""

F = TypeVar("F", bound=Callable[..., Any])

EXPERTS: dict[str, ExpertFactory] = {}
"""Task name → expert factory, filled by the ``@expert`` decorators of the expert modules."""

_EXPERT_MODULES = ("_experts_basic", "_experts_forms", "_experts_content")


def expert(*tasks: str) -> Callable[[F], F]:
    """Register a class or factory as the expert of ``tasks``."""

    def register(factory: F) -> F:
        for task in tasks:
            if task in EXPERTS:
                raise ValueError(f"two experts registered for MiniWoB task {task!r}")
            EXPERTS[task] = factory
        return factory

    return register


def load_experts() -> dict[str, ExpertFactory]:
    """Import every expert module present (they are written separately) and return ``EXPERTS``."""
    for name in _EXPERT_MODULES:
        module = f"{__package__}.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    return EXPERTS


class ExpertModel:
    """A MiniWoB++ expert behind the ``Model`` protocol (``--policy expert``)."""

    def __init__(self, expert: MiniWobExpert) -> None:
        self._expert = expert

    @property
    def name(self) -> str:
        """``policy:expert``."""
        return "policy:expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The expert's next action, validated like any model reply."""
        raw = json.dumps(self._expert.next_action(context))
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""
