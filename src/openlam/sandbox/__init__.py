"""The sandbox world: local apps with a GUI and a JSON API each, resettable from a seed, and a
task suite with programmatic checks and an expert (GUI and API) for every task template.

It imports nothing else from openlam: experts read observations and write actions as plain
data, in the same JSON form the model uses.
"""

from __future__ import annotations

from openlam.sandbox._experts import Ask, Done, ExpertStuck, PlanExpert
from openlam.sandbox._server import SandboxServer, create_app
from openlam.sandbox._tasks import CheckResult, Outcome, TaskInstance, TaskTemplate
from openlam.sandbox._world import LAYOUTS, Layout, World


def templates() -> dict[str, TaskTemplate]:
    """Every task template by id (``APP/TEMPLATE``), the cross-app ones included."""
    from openlam.sandbox.apps import MODULES, _cross

    every = [t for m in MODULES for t in m.TEMPLATES] + list(_cross.TEMPLATES)
    return {t.id: t for t in every}


def new_world() -> World:
    """A world with every app, reset to seed 0."""
    from openlam.sandbox.apps import MODULES

    return World([m.SPEC for m in MODULES])


__all__ = [
    "LAYOUTS",
    "Ask",
    "CheckResult",
    "Done",
    "ExpertStuck",
    "Layout",
    "Outcome",
    "PlanExpert",
    "SandboxServer",
    "TaskInstance",
    "TaskTemplate",
    "World",
    "create_app",
    "new_world",
    "templates",
]
