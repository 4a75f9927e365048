"""The Model protocol and the data passed to and from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from openlam.actions import Action, ActionSpace, Observation, Step, Usage


@dataclass(frozen=True)
class Context:
    """Everything a model needs to choose the next action.

    ``feedback`` carries the reason the previous reply at this step was rejected, so the model
    can correct itself.
    """

    intent: str
    observation: Observation
    history: Sequence[Step] = field(default_factory=tuple)
    feedback: str | None = None


@dataclass(frozen=True)
class Decision:
    """A validated action, the raw reply it came from, and what producing it cost."""

    action: Action
    raw: str
    usage: Usage


@runtime_checkable
class Model(Protocol):
    """Chooses the next action.

    ``decide`` returns a validated action or raises ``InvalidModelOutput`` (with the raw reply
    and its usage) when the reply is not an allowed action; ``ModelUnavailable`` when the model
    cannot be loaded or reached.
    """

    @property
    def name(self) -> str:
        """The model spec this instance was built from, e.g. ``embedded``."""
        ...

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """Choose one action from ``space`` for ``context``."""
        ...

    def close(self) -> None:
        """Release weights, connections or processes."""
        ...
