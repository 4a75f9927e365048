"""Typed actions, observations and step records — the I/O-free core every other package shares."""

from openlam.actions._actions import (
    Action,
    ActionMeta,
    AskUser,
    BaseAction,
    Click,
    Finish,
    GoTo,
    PressKey,
    Risk,
    Scroll,
    Select,
    TypeText,
    Wait,
    action,
    registered_actions,
)
from openlam.actions._records import (
    ActionResult,
    Element,
    Observation,
    Step,
    Timings,
    Usage,
)
from openlam.actions._space import WEB_ACTIONS, ActionSpace

__all__ = [
    "WEB_ACTIONS",
    "Action",
    "ActionMeta",
    "ActionResult",
    "ActionSpace",
    "AskUser",
    "BaseAction",
    "Click",
    "Element",
    "Finish",
    "GoTo",
    "Observation",
    "PressKey",
    "Risk",
    "Scroll",
    "Select",
    "Step",
    "Timings",
    "TypeText",
    "Usage",
    "Wait",
    "action",
    "registered_actions",
]
