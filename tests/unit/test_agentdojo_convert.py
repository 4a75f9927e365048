"""AgentDojo messages and functions to openlam's Context and ToolSpecs, and actions back."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("agentdojo")

from agentdojo.functions_runtime import (  # type: ignore[import-untyped]
    FunctionCall,
    FunctionsRuntime,
)
from agentdojo.task_suite.load_suites import get_suite  # type: ignore[import-untyped]

from openlam.actions import ActionSpace, AskUser, CallTool, Finish, ToolCall
from openlam.evaluation.agentdojo import OpenlamElement
from openlam.evaluation.agentdojo._convert import (
    assistant_message,
    context_from_messages,
    final_answer,
    inline_refs,
    tool_spec,
)
from openlam.exceptions import InvalidModelOutput
from openlam.testing import ScriptedModel


def _tool(suite: str, name: str) -> Any:
    return next(f for f in get_suite("v1.2.2", suite).tools if f.name == name)


def _text(text: str) -> list[dict[str, str]]:
    return [{"type": "text", "content": text}]


def _messages() -> list[dict[str, Any]]:
    first = [
        FunctionCall(function="get_balance", args={}, id="a"),
        FunctionCall(function="get_iban", args={}, id="b"),
    ]
    second = [FunctionCall(function="send_money", args={"recipient": "X", "amount": 5}, id="c")]
    return [
        {"role": "user", "content": _text("Pay my rent.")},
        {"role": "assistant", "content": _text(""), "tool_calls": first},
        {"role": "tool", "content": _text("1810.0"), "tool_call": first[0], "error": None},
        {"role": "tool", "content": _text("DE89"), "tool_call": first[1], "error": None},
        {"role": "assistant", "content": _text(""), "tool_calls": second},
        {"role": "tool", "content": _text(""), "tool_call": second[0], "error": "ValueError: x"},
    ]


def test_tool_spec_inlines_enum_references_and_drops_titles() -> None:
    spec = tool_spec(_tool("workspace", "share_file"))
    permission = spec.parameters["properties"]["permission"]
    assert permission["enum"] == ["r", "rw"]
    assert "$defs" not in str(spec.parameters)
    assert "title" not in spec.parameters
    assert spec.required() == ["file_id", "email", "permission"]


def test_an_argument_named_title_survives_while_schema_titles_go() -> None:
    schema = inline_refs(
        {
            "title": "Input",
            "type": "object",
            "properties": {"title": {"title": "T", "type": "string"}},
        }
    )
    assert schema == {"type": "object", "properties": {"title": {"type": "string"}}}


def test_tool_specs_parse_a_valid_call_and_reject_a_wrong_enum() -> None:
    space = ActionSpace.for_tools([tool_spec(_tool("workspace", "share_file"))])
    good = '{"action":"call_tool","calls":[{"name":"share_file","arguments":'
    good += '{"file_id":"1","email":"a@b.c","permission":"rw"}}]}'
    assert isinstance(space.parse(good), CallTool)
    with pytest.raises(InvalidModelOutput, match="permission must be one of"):
        space.parse(good.replace('"rw"', '"write"'))


def test_every_agentdojo_tool_converts_to_a_schema_without_references() -> None:
    for name in ("workspace", "travel", "banking", "slack"):
        specs = [tool_spec(f) for f in get_suite("v1.2.2", name).tools]
        assert all("$ref" not in str(s.parameters) for s in specs)
        assert ActionSpace.for_tools(specs).json_schema()["anyOf"]


def test_context_has_the_query_one_step_per_tool_turn_and_the_latest_results() -> None:
    specs = (tool_spec(_tool("banking", "get_iban")),)
    context = context_from_messages(_messages(), specs, feedback="try again")
    assert context.intent == "Pay my rent."
    assert context.feedback == "try again"
    assert [s.index for s in context.history] == [1, 2]
    first = context.history[0]
    assert first.action == CallTool(calls=(ToolCall(name="get_balance"), ToolCall(name="get_iban")))
    assert first.result is not None
    assert first.result.ok
    assert "get_iban() ->\nDE89" in first.result.message
    assert context.history[1].result is not None
    assert not context.history[1].result.ok
    assert context.observation.tools == specs
    assert context.observation.text == 'send_money(recipient="X", amount=5) -> error: ValueError: x'


def test_actions_become_assistant_messages_with_content_never_none() -> None:
    calls = CallTool(calls=(ToolCall(name="send_money", arguments={"amount": 5}),))
    message = assistant_message(calls, 3)
    (call,) = message["tool_calls"]
    assert (call.function, dict(call.args), call.id) == ("send_money", {"amount": 5}, "call_3_0")
    assert message["content"] == _text("")
    assert assistant_message(Finish(answer="done"), 1)["content"] == _text("done")
    assert assistant_message(AskUser(question="Which?"), 1)["tool_calls"] is None
    assert assistant_message(None, 1)["content"] == _text("")
    assert final_answer([*_messages(), assistant_message(Finish(answer="ok"), 4)]) == "ok"


def test_element_retries_with_feedback_and_sums_usage_into_one_step() -> None:
    model = ScriptedModel(['{"action":"nope"}', Finish(answer="paid")])
    element = OpenlamElement(model)
    runtime = FunctionsRuntime([_tool("banking", "get_iban")])
    *_, messages, _ = element.query("q", runtime, messages=_messages()[:1])
    assert messages[-1]["content"] == _text("paid")
    assert model.contexts[1].feedback is not None
    (step,) = element.steps
    assert step.action == Finish(answer="paid")
    assert step.usage.attempts == 2
    assert element.error is None


def test_element_ends_the_episode_when_no_reply_is_valid() -> None:
    element = OpenlamElement(ScriptedModel([]), max_retries=1)
    *_, messages, _ = element.query("q", FunctionsRuntime([]), messages=_messages()[:1])
    assert messages[-1]["tool_calls"] is None
    assert element.error is not None
    assert "after 2 replies" in element.error
