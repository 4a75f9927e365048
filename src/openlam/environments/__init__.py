"""Environments openlam acts in: the protocol every one of them implements.

Concrete environments live in submodules (``openlam.environments.web``) so that importing the
protocol never pulls in a browser.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from openlam.actions import Action, ActionResult, ActionSpace, Observation

__all__ = ["Environment"]


@runtime_checkable
class Environment(Protocol):
    """Something openlam can observe and act on.

    ``execute`` reports what the model should know (an element that vanished, a timeout) in the
    returned ``ActionResult``; it raises ``EnvironmentFailure`` only when the environment itself
    broke and the run cannot continue.
    """

    def reset(self) -> None:
        """Bring the environment to its start state (the web environment opens its start URL)."""
        ...

    def observe(self) -> Observation:
        """The current state in compact form; element indices refer to handles kept here."""
        ...

    def screenshot(self) -> bytes | None:
        """A PNG of the current state, or None when the environment has no picture."""
        ...

    def action_space(self, observation: Observation) -> ActionSpace:
        """The actions allowed on this observation."""
        ...

    def execute(self, action: Action) -> ActionResult:
        """Carry out one action (never ``finish`` or ``ask_user``: the runner owns those)."""
        ...

    def close(self) -> None:
        """Release every resource (browser, processes)."""
        ...
