"""BFCL's ground truth replayed through openlam (``--policy expert``): the upper bound.

The replies go through the same action space as a model's, so a ground-truth call that does
not fit openlam's tool schema is rejected exactly as a model's would be.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from typing import Any

from openlam.actions import ActionSpace, ToolCall, ToolSpec, Usage
from openlam.models import Context, Decision

_FINISH = '{"action":"finish","answer":""}'


class GroundTruthModel:
    """Replays one BFCL entry's expected calls: per turn, all its calls in one step, then finish.

    ``turns`` holds the calls of each user turn (a single turn for single-turn categories; an
    empty turn means no call is expected). A new turn starts when the runner starts a run (no
    history, no feedback); when a reply was rejected the model gives up on the turn.
    """

    def __init__(self, turns: Sequence[Sequence[ToolCall]]) -> None:
        self._turns = [tuple(turn) for turn in turns]
        self._turn = -1

    @property
    def name(self) -> str:
        """``policy:expert``."""
        return "policy:expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The current turn's calls at its first step, ``finish`` afterwards."""
        raw = _FINISH
        if not context.history and context.feedback is None:
            self._turn += 1
            calls = self._turns[self._turn] if self._turn < len(self._turns) else ()
            if calls:
                raw = json.dumps(
                    {"action": "call_tool", "calls": [c.model_dump() for c in calls]},
                    default=list,
                )
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""


def single_turn_calls(answer: list[Any] | None, functions: list[dict[str, Any]]) -> list[ToolCall]:
    """The first acceptable value of every parameter in a possible answer, as calls.

    BFCL lists the acceptable values of each parameter; ``""`` among them means "may be left
    out". Dict parameters (and lists of dicts) list acceptable values per key in turn.
    """
    docs = {str(doc["name"]): doc for doc in functions}
    calls = []
    for expected in answer or []:
        for name, params in expected.items():
            schema = docs.get(name, {}).get("parameters", {})
            properties, required = schema.get("properties", {}), schema.get("required", [])
            arguments = {}
            for param, options in params.items():
                chosen = _first(options, properties.get(param, {}), param in required)
                if chosen is not _OMIT:
                    arguments[param] = chosen
            calls.append(ToolCall(name=name, arguments=arguments))
    return calls


_OMIT = object()


def _first(options: list[Any], schema: dict[str, Any], required: bool = False) -> Any:
    """Leave an optional parameter out when that is allowed, else the first acceptable value."""
    if "" in options and not required:
        return _OMIT
    for option in options:
        if option == "":
            continue
        return _resolve(option, schema)
    return _OMIT


def _resolve(value: Any, schema: dict[str, Any]) -> Any:
    """Pick values inside dicts whose keys list acceptable values (BFCL's dict answers)."""
    kind = schema.get("type")
    if kind == "dict" and isinstance(value, dict):
        return _resolve_dict(value, schema)
    items = schema.get("items", {})
    if kind == "array" and items.get("type") == "dict" and isinstance(value, list):
        return [_resolve_dict(v, items) if isinstance(v, dict) else v for v in value]
    return value


def _resolve_dict(value: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    properties, required = schema.get("properties", {}), schema.get("required", [])
    out = {}
    for key, options in value.items():
        if not isinstance(options, list):
            out[key] = options
            continue
        chosen = _first(options, properties.get(key, {}), key in required)
        if chosen is not _OMIT:
            out[key] = chosen
    return out


def multi_turn_calls(answer: list[list[str]], tools: Sequence[ToolSpec]) -> list[list[ToolCall]]:
    """BFCL's multi-turn ground truth (Python call strings) as calls, one list per turn.

    Positional arguments are named after the tool's parameters in schema order.
    """
    names = {tool.name: tool.argument_names() for tool in tools}
    return [[_parse_call(text, names) for text in turn] for turn in answer]


def _parse_call(text: str, names: dict[str, list[str]]) -> ToolCall:
    node = ast.parse(text.strip(), mode="eval").body
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError(f"not a plain function call: {text!r}")
    name = node.func.id
    order = names.get(name, [])
    arguments = {order[i]: ast.literal_eval(arg) for i, arg in enumerate(node.args)}
    arguments.update({kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg})
    return ToolCall(name=name, arguments=arguments)
