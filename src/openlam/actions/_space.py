"""The actions allowed at one step: their JSON schema for constrained decoding, and parsing."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pydantic import TypeAdapter, ValidationError

from openlam.actions._actions import (
    ELEMENT_ACTIONS,
    Action,
    AskUser,
    BaseAction,
    CallTool,
    Click,
    Finish,
    GoTo,
    PressKey,
    Scroll,
    Select,
    TypeText,
    Wait,
)
from openlam.actions._records import Observation, Usage
from openlam.actions._tools import ToolSpec, call_schema, check_arguments
from openlam.exceptions import InvalidModelOutput, UserError

_ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

WEB_ACTIONS: tuple[type[BaseAction], ...] = (
    Click,
    TypeText,
    Select,
    PressKey,
    Scroll,
    GoTo,
    Wait,
    AskUser,
    Finish,
)
"""The action types a web run offers by default."""

TOOL_ACTIONS: tuple[type[BaseAction], ...] = (CallTool, Finish, AskUser)
"""The action types a tool run offers by default."""


@dataclass(frozen=True)
class ActionSpace:
    """The action types allowed now, the element indices and the tools they may name."""

    types: tuple[type[BaseAction], ...] = WEB_ACTIONS
    element_indices: Sequence[int] = field(default_factory=tuple)
    tools: tuple[ToolSpec, ...] = ()

    @classmethod
    def for_tools(
        cls, tools: Sequence[ToolSpec], types: tuple[type[BaseAction], ...] = TOOL_ACTIONS
    ) -> ActionSpace:
        """Calls of these tools (plus ``finish`` and ``ask_user``); no tools, no ``call_tool``."""
        names = [t.name for t in tools]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise UserError(f"tool names must be unique; repeated: {', '.join(duplicates)}")
        if not tools:
            types = tuple(t for t in types if t is not CallTool)
        return cls(types=types, tools=tuple(tools))

    @classmethod
    def for_observation(
        cls, observation: Observation, types: tuple[type[BaseAction], ...] = WEB_ACTIONS
    ) -> ActionSpace:
        """The actions that make sense on this page: element actions only if it has elements."""
        indices = [e.index for e in observation.elements]
        if not indices:
            types = tuple(t for t in types if t not in ELEMENT_ACTIONS)
        return cls(types=types, element_indices=indices)

    def names(self) -> list[str]:
        """The ``action`` names allowed, in prompt order."""
        return [t.meta.name for t in self.types]

    def json_schema(self, *, restrict_elements: bool = True) -> dict[str, Any]:
        """A compact JSON schema (``anyOf`` of flat objects) of the allowed actions.

        Every property is required and ordered with ``action`` first, which keeps grammars for
        constrained decoding small. With ``restrict_elements``, element fields may only name
        indices present in the current observation.
        """
        return {"anyOf": [self._object_schema(t, restrict_elements) for t in self.types]}

    def _object_schema(self, kind: type[BaseAction], restrict: bool) -> dict[str, Any]:
        if kind is CallTool and self.tools:
            return self._calls_schema()
        full = kind.model_json_schema()
        props: dict[str, Any] = {"action": {"const": kind.meta.name}}
        for name, prop in cast(dict[str, dict[str, Any]], full["properties"]).items():
            if name == "action":
                continue
            if name == "element" and kind is Scroll:
                continue  # optional scroll target: the page scroll is the compact default
            if name == "element" and restrict and self.element_indices:
                props[name] = {"enum": sorted(set(self.element_indices))}
            else:
                props[name] = _plain(prop)
        return {
            "type": "object",
            "properties": props,
            "required": list(props),
            "additionalProperties": False,
        }

    def _calls_schema(self) -> dict[str, Any]:
        """``call_tool`` whose calls are each one of the tools, with that tool's arguments."""
        calls = [call_schema(tool) for tool in self.tools]
        return {
            "type": "object",
            "properties": {
                "action": {"const": CallTool.meta.name},
                "calls": {
                    "type": "array",
                    "items": calls[0] if len(calls) == 1 else {"anyOf": calls},
                    "minItems": 1,
                },
            },
            "required": ["action", "calls"],
            "additionalProperties": False,
        }

    def parse(self, text: str, usage: Usage | None = None) -> Action:
        """Parse a model reply into a validated action.

        Raises ``InvalidModelOutput`` carrying the reply and ``usage`` (what producing it cost).
        """
        try:
            return self._validate(_extract_json(text))
        except _Rejected as exc:
            raise InvalidModelOutput(str(exc), text, usage) from None

    def _validate(self, data: Any) -> Action:
        try:
            parsed = _ACTION_ADAPTER.validate_python(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "reply"
            raise _Rejected(f"{where}: {first['msg']}") from None
        if type(parsed) not in self.types:
            raise _Rejected(
                f"action {parsed.action!r} is not allowed here; use one of {self.names()}"
            )
        # a scroll may name an element too (the compact schema leaves that out; a free reply
        # may not), and then it must be one of this page's
        targeted = isinstance(parsed, Scroll) and parsed.element is not None
        if (isinstance(parsed, ELEMENT_ACTIONS) or targeted) and self.element_indices:
            index = cast(Click, parsed).element
            if index not in self.element_indices:
                raise _Rejected(f"there is no element [{index}] on this page")
        if isinstance(parsed, CallTool):
            self._check_calls(parsed)
        return parsed

    def _check_calls(self, parsed: CallTool) -> None:
        """Each call must name a tool of this space with arguments that fit its schema."""
        by_name = {tool.name: tool for tool in self.tools}
        for number, call in enumerate(parsed.calls, start=1):
            tool = by_name.get(call.name)
            if tool is None:
                known = ", ".join(by_name) or "none"
                raise _Rejected(f"call {number}: there is no tool {call.name!r}; tools: {known}")
            problem = check_arguments(tool, call.arguments)
            if problem:
                raise _Rejected(f"call {number}: {problem}")


class _Rejected(Exception):
    """Why a reply is not an allowed action (turned into ``InvalidModelOutput``)."""


def _plain(prop: dict[str, Any]) -> dict[str, Any]:
    """Drop documentation keys and flatten ``anyOf`` with null from a pydantic property."""
    keep = {"type", "enum", "const", "minimum", "maximum", "minLength", "maxLength"}
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        if len(options) == 1:
            prop = options[0]
    out = {k: v for k, v in prop.items() if k in keep}
    # pydantic writes exclusive bounds; grammars only understand inclusive ones
    if "exclusiveMinimum" in prop:
        out["minimum"] = prop["exclusiveMinimum"]
    if "maxLength" in out and "type" in out and out["type"] != "string":
        del out["maxLength"]
    return out or {"type": "string"}


def _extract_json(text: str) -> Any:
    """The first JSON object in a reply, tolerating code fences and chatter around it."""
    start = text.find("{")
    if start < 0:
        raise _Rejected("no JSON object found; reply with one action as JSON")
    decoder = json.JSONDecoder()
    try:
        value, _ = decoder.raw_decode(text[start:])
    except json.JSONDecodeError as exc:
        raise _Rejected(f"malformed JSON ({exc.msg} at char {exc.pos})") from None
    if not isinstance(value, dict):
        raise _Rejected("the reply must be a JSON object")
    return value
