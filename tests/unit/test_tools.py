"""The first tool path: tool specs, call_tool schema and parsing, prompts, ToolEnvironment."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openlam.actions import (
    ActionResult,
    ActionSpace,
    CallTool,
    Finish,
    Observation,
    Step,
    ToolCall,
    ToolSpec,
)
from openlam.agent import Runner, RunStatus
from openlam.environments import Environment
from openlam.environments.tools import Tool, ToolEnvironment
from openlam.exceptions import InvalidModelOutput, UserError
from openlam.models import Context, render_chat, render_parts
from openlam.testing import ScriptedModel, default_page

WEATHER = ToolSpec(
    name="get_weather",
    description="Current weather in a city. Uses the public forecast service.",
    parameters={
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "city name"},
            "unit": {"type": "string", "enum": ["c", "f"], "default": "c"},
            "days": {"type": "integer"},
            "where": {
                "type": "object",
                "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
                "required": ["lat"],
            },
        },
        "required": ["city"],
    },
)
ADD = ToolSpec(
    name="add",
    description="Add two numbers.",
    parameters={
        "type": "object",
        "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
        "required": ["a", "b"],
    },
)
SPACE = ActionSpace.for_tools([WEATHER, ADD])


def reply(*calls: tuple[str, dict[str, Any]]) -> str:
    return json.dumps(
        {"action": "call_tool", "calls": [{"name": n, "arguments": a} for n, a in calls]}
    )


def test_the_schema_has_one_call_shape_per_tool_with_simplified_arguments() -> None:
    variants = SPACE.json_schema()["anyOf"]
    assert [v["properties"]["action"]["const"] for v in variants] == [
        "call_tool",
        "finish",
        "ask_user",
    ]
    calls = variants[0]["properties"]["calls"]
    assert calls["minItems"] == 1
    weather, add = calls["items"]["anyOf"]
    assert weather["properties"]["name"] == {"const": "get_weather"}
    assert add["properties"]["name"] == {"const": "add"}
    arguments = weather["properties"]["arguments"]
    assert arguments["required"] == ["city"]
    assert arguments["additionalProperties"] is False
    assert arguments["properties"]["city"] == {"type": "string"}  # description dropped
    assert arguments["properties"]["unit"] == {"enum": ["c", "f"], "type": "string"}
    assert arguments["properties"]["where"]["required"] == ["lat"]


def test_one_tool_needs_no_any_of_and_no_tools_means_no_call_tool() -> None:
    single = ActionSpace.for_tools([ADD]).json_schema()["anyOf"][0]
    assert single["properties"]["calls"]["items"]["properties"]["name"] == {"const": "add"}
    assert ActionSpace.for_tools([]).names() == ["finish", "ask_user"]
    with pytest.raises(UserError, match="repeated: add"):
        ActionSpace.for_tools([ADD, ADD])


def test_valid_calls_parse_several_per_step() -> None:
    action = SPACE.parse(reply(("get_weather", {"city": "Paris"}), ("add", {"a": 1, "b": 2.5})))
    assert isinstance(action, CallTool)
    assert action.calls == (
        ToolCall(name="get_weather", arguments={"city": "Paris"}),
        ToolCall(name="add", arguments={"a": 1, "b": 2.5}),
    )
    assert action.describe() == 'call_tool(get_weather(city="Paris"); add(a=1, b=2.5))'


@pytest.mark.parametrize(
    ("calls", "reason"),
    [
        ((("lookup", {}),), "call 1: there is no tool 'lookup'; tools: get_weather, add"),
        ((("add", {"a": 1}),), "call 1: add needs the argument 'b'"),
        ((("add", {"a": 1, "b": "2"}),), 'add: b must be a number, got "2"'),
        ((("add", {"a": True, "b": 2}),), "add: a must be a number, got true"),
        ((("add", {"a": 1, "b": 2, "c": 3}),), "add has no argument 'c'; its arguments are: a, b"),
        ((("get_weather", {"city": "x", "days": 1.5}),), "days must be an integer"),
        ((("get_weather", {"city": "x", "unit": "k"}),), 'unit must be one of "c" | "f"'),
        ((("get_weather", {"city": "x", "where": {"lon": 2}}),), "where needs the key 'lat'"),
        ((("add", {"a": 1, "b": 2}), ("nope", {})), "call 2: there is no tool 'nope'"),
    ],
)
def test_bad_calls_are_rejected_with_a_reason_the_model_can_act_on(
    calls: tuple[tuple[str, dict[str, Any]], ...], reason: str
) -> None:
    with pytest.raises(InvalidModelOutput) as info:
        SPACE.parse(reply(*calls))
    assert reason in info.value.reason


def test_call_tool_needs_at_least_one_call_and_a_space_that_offers_it() -> None:
    with pytest.raises(InvalidModelOutput, match="calls"):
        SPACE.parse('{"action":"call_tool","calls":[]}')
    with pytest.raises(InvalidModelOutput, match="not allowed here"):
        ActionSpace().parse(reply(("add", {"a": 1, "b": 2})))


def test_tool_prompts_list_the_tools_compactly_and_show_the_latest_results() -> None:
    observation = Observation(tools=(WEATHER, ADD), text="add: 3")
    parts = render_parts(Context("add 1 and 2", observation), SPACE)
    assert "calls tools" in parts.instructions
    assert (
        'get_weather(city: string, unit?: "c"|"f", days?: integer, where?: object)'
        " - Current weather in a city." in parts.instructions
    )
    assert "add(a: number, b: number) - Add two numbers." in parts.instructions
    assert "city name" not in parts.instructions  # argument descriptions stay out
    assert parts.current.startswith("Latest tool results:\nadd: 3\n")
    assert "Current page" not in parts.current
    first = render_parts(Context("add", Observation(tools=(ADD,))), ActionSpace.for_tools([ADD]))
    assert "(no tool called yet)" in first.current


def test_web_prompts_do_not_mention_tools() -> None:
    system, user = render_chat(Context("x", default_page()), ActionSpace())
    assert "Tools:" not in system
    assert "call_tool" not in system
    assert "Current page:" in user


def test_the_history_shows_calls_with_their_results_cut_short() -> None:
    step = Step(
        index=1,
        observation=Observation(tools=(ADD,)),
        action=CallTool(calls=(ToolCall(name="add", arguments={"a": 1, "b": 2}),)),
        result=ActionResult(ok=True, message="add: " + "9" * 1000),
    )
    line = step.describe()
    assert line.startswith("1. call_tool(add(a=1, b=2)) -> add: 999")
    assert line.endswith("...(cut)")
    assert len(line) < 400


def add(a: float, b: float) -> float:
    return a + b


def weather(city: str, **_: Any) -> dict[str, Any]:
    if city == "Atlantis":
        raise LookupError("no such city")
    return {"city": city, "temp": 21}


def environment() -> ToolEnvironment:
    return ToolEnvironment([Tool(WEATHER, weather), Tool(ADD, add)])


def test_the_environment_runs_calls_and_shows_their_results() -> None:
    env = environment()
    assert isinstance(env, Environment)
    first = env.observe()
    assert first.tools == (WEATHER, ADD)
    assert first.text == ""
    assert env.action_space(first).tools == (WEATHER, ADD)
    action = SPACE.parse(reply(("add", {"a": 1, "b": 2}), ("get_weather", {"city": "Oslo"})))
    result = env.execute(action)
    assert result.ok
    assert result.error is None
    assert result.message == 'add: 3\nget_weather: {"city": "Oslo", "temp": 21}'
    assert env.observe().text == result.message
    assert env.screenshot() is None
    env.reset()
    assert env.observe().text == ""


def test_tool_failures_become_results_the_model_reads() -> None:
    env = environment()
    calls = (
        ToolCall(name="get_weather", arguments={"city": "Atlantis"}),
        ToolCall(name="add", arguments={"a": 1}),
        ToolCall(name="fly", arguments={}),
        ToolCall(name="add", arguments={"a": 1, "b": 1}),
    )
    result = env.execute(CallTool(calls=calls))
    assert not result.ok
    assert result.message.splitlines() == [
        "get_weather: error: LookupError: no such city",
        "add: error: add needs the argument 'b'",
        "fly: error: there is no tool 'fly'; tools: get_weather, add",
        "add: 2",
    ]
    assert result.error is not None
    assert result.error.startswith("get_weather: LookupError")
    other = env.execute(Finish(answer="x"))
    assert not other.ok
    assert "only runs call_tool" in (other.error or "")
    with pytest.raises(UserError, match="repeated: add"):
        ToolEnvironment([Tool(ADD, add), Tool(ADD, add)])


def test_the_runner_drives_tools_until_finish() -> None:
    model = ScriptedModel(
        [reply(("add", {"a": 2, "b": 3})), Finish(answer="5")],
    )
    state = Runner(model, environment()).run("add 2 and 3")
    assert state.status is RunStatus.FINISHED
    assert state.answer == "5"
    second = model.contexts[1]
    assert second.observation.text == "add: 5"
    assert second.history[0].describe() == "1. call_tool(add(a=2, b=3)) -> add: 5"
