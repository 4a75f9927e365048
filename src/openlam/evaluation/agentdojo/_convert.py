"""AgentDojo's chat messages and runtime functions in openlam's terms, and back.

AgentDojo keeps an episode as OpenAI-style chat messages (user query, assistant tool calls,
tool results); openlam's models read a ``Context`` (intent, current observation, step history)
and answer with an action. This module converts between the two without any I/O, so the
conversion is tested on its own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from agentdojo.functions_runtime import FunctionCall  # type: ignore[import-untyped]
from agentdojo.types import (  # type: ignore[import-untyped]
    ChatAssistantMessage,
    get_text_content_as_str,
    text_content_block_from_string,
)

from openlam.actions import (
    ActionResult,
    AskUser,
    CallTool,
    Finish,
    Observation,
    Step,
    ToolCall,
    ToolSpec,
)
from openlam.models import Context

Message = Mapping[str, Any]
"""One AgentDojo chat message (a TypedDict at run time: role, content, tool_calls, ...)."""


def tool_spec(function: Any) -> ToolSpec:
    """The ``ToolSpec`` of an AgentDojo ``Function`` (name, description, argument schema).

    Pydantic puts enums and nested models under ``$defs`` and points at them with ``$ref``;
    openlam's schemas are self-contained, so references are inlined and titles dropped.
    """
    schema = function.parameters.model_json_schema()
    return ToolSpec(
        name=function.name,
        description=" ".join(str(function.description).split()),
        parameters=inline_refs(schema),
    )


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with every local ``$ref`` replaced by its definition, without titles."""
    defs: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, depth: int) -> Any:
        if isinstance(node, list):
            return [resolve(item, depth) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and depth < 8:
            target = copy.deepcopy(defs.get(ref.removeprefix("#/$defs/"), {}))
            extra = {k: v for k, v in node.items() if k != "$ref"}
            return resolve({**target, **extra}, depth + 1)
        # a schema's "title" is a string; an argument named "title" is a dict under properties
        return {
            key: resolve(value, depth)
            for key, value in node.items()
            if key != "$defs" and not (key == "title" and isinstance(value, str))
        }

    resolved: dict[str, Any] = resolve(schema, 0)
    return resolved


def user_query(messages: Sequence[Message]) -> str:
    """The text of the first user message: the task AgentDojo gives the agent."""
    for message in messages:
        if message["role"] == "user":
            return str(get_text_content_as_str(message["content"]))
    return ""


def context_from_messages(
    messages: Sequence[Message],
    tools: Sequence[ToolSpec],
    *,
    feedback: str | None = None,
) -> Context:
    """The ``Context`` for the next decision of an AgentDojo episode.

    Each assistant message with tool calls becomes a ``call_tool`` step whose result is the tool
    messages that answered it; the results of the latest calls are the current observation
    (uncut: the prompt renderer decides how much of them a model reads).
    """
    history: list[Step] = []
    latest = ""
    for number, (calls, results) in enumerate(_exchanges(messages), start=1):
        text = render_results(calls, results)
        errors = [str(r["error"]) for r in results if r.get("error")]
        history.append(
            Step(
                index=number,
                observation=Observation(text=latest),
                action=CallTool(calls=tuple(_tool_call(c) for c in calls)),
                result=ActionResult(ok=not errors, message=text, error="; ".join(errors) or None),
            )
        )
        latest = text
    observation = Observation(tools=tuple(tools), text=latest)
    return Context(user_query(messages), observation, tuple(history), feedback)


def render_results(calls: Sequence[Any], results: Sequence[Message]) -> str:
    """What the calls of one step returned, call by call, as the model reads it."""
    by_id = {id(r["tool_call"]): r for r in results}
    lines = []
    for index, call in enumerate(calls):
        result = by_id.get(id(call)) or (results[index] if index < len(results) else None)
        head = _tool_call(call).describe()
        if result is None:
            lines.append(f"{head} -> (no result)")
        elif result.get("error"):
            lines.append(f"{head} -> error: {result['error']}")
        else:
            lines.append(f"{head} ->\n{get_text_content_as_str(result['content'])}")
    return "\n".join(lines)


def assistant_message(action: Any, step: int) -> Any:
    """The AgentDojo assistant message for an openlam action.

    ``call_tool`` becomes tool calls that AgentDojo's executor runs; ``finish`` becomes the
    final answer that the utility checks read; ``ask_user`` has nobody to answer in AgentDojo,
    so its question is the final answer. Content is never ``None``: AgentDojo reruns the whole
    task when the last message has no content.
    """
    if isinstance(action, CallTool):
        calls = [
            FunctionCall(function=c.name, args=dict(c.arguments), id=f"call_{step}_{i}")
            for i, c in enumerate(action.calls)
        ]
        return ChatAssistantMessage(
            role="assistant", content=[text_content_block_from_string("")], tool_calls=calls
        )
    text = ""
    if isinstance(action, Finish):
        text = action.answer
    elif isinstance(action, AskUser):
        text = action.question
    return ChatAssistantMessage(
        role="assistant", content=[text_content_block_from_string(text)], tool_calls=None
    )


def final_answer(messages: Sequence[Message]) -> str:
    """The text of the last assistant message (what AgentDojo's utility checks read)."""
    for message in reversed(messages):
        if message["role"] == "assistant":
            return str(get_text_content_as_str(message["content"] or []))
    return ""


def _exchanges(messages: Sequence[Message]) -> list[tuple[list[Any], list[Message]]]:
    """(tool calls, tool result messages) for each assistant message that called tools."""
    exchanges: list[tuple[list[Any], list[Message]]] = []
    for message in messages:
        if message["role"] == "assistant" and message.get("tool_calls"):
            exchanges.append((list(message["tool_calls"]), []))
        elif message["role"] == "tool" and exchanges:
            exchanges[-1][1].append(message)
    return exchanges


def _tool_call(call: Any) -> ToolCall:
    """An AgentDojo ``FunctionCall`` as an openlam ``ToolCall``."""
    return ToolCall(name=call.function, arguments=dict(call.args))
