"""Anthropic's Messages API, with the action as the input of one forced tool call.

The tool's ``input_schema`` must be an object at the top, so the ``anyOf`` of action variants is
flattened into one object: ``action`` is an enum of the allowed names and every other field is
optional, described by the actions that use it. A flat object of scalars is the shape tool-using
models fill most reliably, and nothing is lost: the reply is projected back onto the chosen
action's own fields and validated by ``ActionSpace.parse`` like every other model's reply.

Element indices are left out of the tool schema on purpose. Tools come first in Anthropic's cache
prefix, so a schema that changed with every page would also throw away the cached system prompt;
``parse`` still rejects an index that is not on the current page.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from typing import Any

import httpx

from openlam.actions import ActionSpace, Usage
from openlam.exceptions import InvalidModelOutput, ModelUnavailable, UserError
from openlam.models._base import Context, Decision
from openlam.models._http import Endpoint, as_int, json_body, make_client, post, status_error
from openlam.models._prompt import render_chat

__all__ = ["ANTHROPIC_URL", "ANTHROPIC_VERSION", "AnthropicModel", "act_tool"]

ANTHROPIC_URL = "https://api.anthropic.com"
"""The official endpoint, used when neither ``base_url`` nor ``ANTHROPIC_BASE_URL`` is given."""

ANTHROPIC_VERSION = "2023-06-01"

_TOOL_NAME = "act"


class AnthropicModel:
    """A Claude model that answers by calling the ``act`` tool with the next action.

    The key comes from ``api_key`` or ``$ANTHROPIC_API_KEY``; without one the constructor raises
    ``ModelUnavailable``. ``transport`` replaces the network (tests pass an ``MockTransport``).
    """

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout_s: float = 60,
        max_tokens: int = 256,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        key = api_key or os.environ.get("ANTHROPIC_API_KEY")
        if not key:
            raise ModelUnavailable(
                f"no Anthropic API key for anthropic:{model}: set ANTHROPIC_API_KEY"
            )
        url = (base_url or os.environ.get("ANTHROPIC_BASE_URL") or ANTHROPIC_URL).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise UserError(f"Anthropic base URL {url!r} must start with http:// or https://")
        self._model = model
        self._max_tokens = max_tokens
        self._secret = key
        self._endpoint = Endpoint("Anthropic API", url, model, key_env="ANTHROPIC_API_KEY")
        headers = {"x-api-key": key, "anthropic-version": ANTHROPIC_VERSION}
        self._client = make_client(self._endpoint, headers, timeout_s, transport)

    @property
    def name(self) -> str:
        """The spec string, ``anthropic:MODEL``."""
        return f"anthropic:{self._model}"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """Ask Claude for one action; ``InvalidModelOutput`` carries the reply and usage."""
        system, user = render_chat(context, space)
        tool, fields = act_tool(space)
        body = {
            "model": self._model,
            "max_tokens": self._max_tokens,
            "temperature": 0,
            # the instructions are the same at every step: cache them (with the tool before them)
            "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": user}],
            "tools": [tool],
            "tool_choice": {"type": "tool", "name": _TOOL_NAME},
        }
        start = time.perf_counter()
        response = post(self._client, "v1/messages", body, self._endpoint)
        seconds = time.perf_counter() - start
        if not response.is_success:
            raise status_error(response, self._endpoint, self._secret)
        data = json_body(response, self._endpoint, self._secret)
        usage = _usage(data, seconds)
        arguments = _tool_input(data, usage)
        raw = json.dumps(arguments, ensure_ascii=False)
        try:
            action = space.parse(json.dumps(_project(arguments, fields)))
        except InvalidModelOutput as exc:
            raise InvalidModelOutput(exc.reason, raw, usage) from None
        return Decision(action, raw, usage)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def act_tool(space: ActionSpace) -> tuple[dict[str, Any], dict[str, frozenset[str]]]:
    """The ``act`` tool definition, and each action's own field names for projecting replies.

    A field that two actions define differently gets an ``anyOf`` of both definitions.
    """
    variants = space.json_schema(restrict_elements=False)["anyOf"]
    definitions: dict[str, list[dict[str, Any]]] = {}
    users: dict[str, list[str]] = {}
    fields: dict[str, frozenset[str]] = {}
    for variant in variants:
        props: dict[str, dict[str, Any]] = variant["properties"]
        name = str(props["action"]["const"])
        fields[name] = frozenset(props) - {"action"}
        for field in [f for f in props if f != "action"]:  # in schema order
            known = definitions.setdefault(field, [])
            if props[field] not in known:
                known.append(props[field])
            users.setdefault(field, []).append(name)
    properties: dict[str, Any] = {
        "action": {"type": "string", "enum": list(fields), "description": "the action to take"}
    }
    for field, options in definitions.items():
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        properties[field] = {**schema, "description": f"for {', '.join(users[field])}"}
    tool = {
        "name": _TOOL_NAME,
        "description": "Perform the next action. Fill in only the fields the chosen action uses.",
        "input_schema": {
            "type": "object",
            "properties": properties,
            "required": ["action"],
            "additionalProperties": False,
        },
    }
    return tool, fields


def _project(arguments: Mapping[str, Any], fields: Mapping[str, frozenset[str]]) -> dict[str, Any]:
    """Keep the chosen action's own fields; the flat schema lets the model fill in others too."""
    own = fields.get(str(arguments.get("action")))
    if own is None:
        return dict(arguments)  # unknown action: let parse say which ones are allowed
    return {k: v for k, v in arguments.items() if k == "action" or (k in own and v is not None)}


def _tool_input(data: dict[str, Any], usage: Usage) -> dict[str, Any]:
    """The input of the ``act`` call; a reply without one is an invalid output."""
    blocks = data.get("content")
    blocks = blocks if isinstance(blocks, list) else []
    for block in blocks:
        if isinstance(block, dict) and block.get("type") == "tool_use":
            arguments = block.get("input")
            if isinstance(arguments, dict) and block.get("name") == _TOOL_NAME:
                return arguments
    text = " ".join(str(b.get("text", "")) for b in blocks if isinstance(b, dict)).strip()
    raise InvalidModelOutput(f"no {_TOOL_NAME} tool call in the reply", text, usage)


def _usage(data: dict[str, Any], seconds: float) -> Usage:
    """Token counts: ``prompt_tokens`` counts every prompt token, cached ones included.

    Anthropic's ``input_tokens`` counts only the tokens after the last cache breakpoint, so the
    cache writes and reads are added back; ``cached_tokens`` is the part read from the cache.
    """
    usage = data.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    read = as_int(usage.get("cache_read_input_tokens"))
    written = as_int(usage.get("cache_creation_input_tokens"))
    return Usage(
        prompt_tokens=as_int(usage.get("input_tokens")) + written + read,
        cached_tokens=read,
        completion_tokens=as_int(usage.get("output_tokens")),
        seconds=seconds,
    )
