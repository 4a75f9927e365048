"""Typed actions, observations and step records — the I/O-free core every other package shares."""

from openlam.actions._actions import (
    Action,
    ActionMeta,
    AskUser,
    BaseAction,
    CallTool,
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
from openlam.actions._space import TOOL_ACTIONS, WEB_ACTIONS, ActionSpace
from openlam.actions._tools import ToolCall, ToolSpec
from openlam.actions._urls import is_local_host, resolve_url, shown_url

__all__ = [
    "TOOL_ACTIONS",
    "WEB_ACTIONS",
    "Action",
    "ActionMeta",
    "ActionResult",
    "ActionSpace",
    "AskUser",
    "BaseAction",
    "CallTool",
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
    "ToolCall",
    "ToolSpec",
    "TypeText",
    "Usage",
    "Wait",
    "action",
    "is_local_host",
    "registered_actions",
    "resolve_url",
    "shown_url",
]
