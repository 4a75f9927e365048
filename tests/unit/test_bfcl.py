"""BFCL adapter pieces: schema conversion, ground-truth replay, call strings, turn intents."""

from __future__ import annotations

from typing import Any

import pytest

from openlam.actions import ActionSpace, CallTool, Finish, Observation, ToolCall, ToolSpec
from openlam.evaluation.bfcl import BfclSuite
from openlam.evaluation.bfcl._data import Entry, json_schema, tool_spec
from openlam.evaluation.bfcl._episodes import _turn_intent, call_string
from openlam.evaluation.bfcl._expert import (
    GroundTruthModel,
    multi_turn_calls,
    single_turn_calls,
)
from openlam.exceptions import UserError
from openlam.models import Context

DOC: dict[str, Any] = {
    "name": "math.area",
    "description": "This tool belongs to the math API. Tool description: Area of a shape. Long.",
    "parameters": {
        "type": "dict",
        "properties": {
            "base": {"type": "float"},
            "unit": {"type": "string", "default": None},
            "sides": {"type": "array", "items": {"type": "string"}, "enum": ["a", "b"]},
            "pair": {"type": "tuple", "items": {"type": "integer"}},
            "extra": {"type": "any"},
            "shape": {
                "type": "dict",
                "properties": {"kind": {"type": "string"}, "n": {"type": "integer"}},
                "required": ["kind"],
            },
        },
        "required": ["base", "shape"],
    },
}


def test_bfcl_types_become_json_schema() -> None:
    schema = json_schema(DOC["parameters"])
    props = schema["properties"]
    assert schema["type"] == "object"
    assert props["base"] == {"type": "number"}
    assert props["unit"] == {"type": ["string", "null"], "default": None}
    assert props["sides"] == {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}
    assert props["pair"] == {"type": "array", "items": {"type": "integer"}}
    assert props["extra"] == {}
    assert props["shape"]["type"] == "object"
    spec = tool_spec(DOC)
    assert spec.signature().startswith("math.area(base: number, unit?: string|null")
    assert spec.description == "Area of a shape. Long."


def test_nullable_arguments_accept_null_and_their_type() -> None:
    space = ActionSpace.for_tools([tool_spec(DOC)])
    call = '{"name":"math.area","arguments":{"base":2,"unit":%s,"shape":{"kind":"sq"}}}'
    for unit in ("null", '"cm"'):
        action = space.parse('{"action":"call_tool","calls":[%s]}' % (call % unit))
        assert isinstance(action, CallTool)
    arguments = space.json_schema()["anyOf"][0]["properties"]["calls"]["items"]["properties"]
    assert arguments["arguments"]["properties"]["unit"] == {"type": ["string", "null"]}


def test_ground_truth_takes_first_values_and_leaves_optional_ones_out() -> None:
    answer = [
        {
            "math.area": {
                "base": [3.0, 3],
                "unit": ["", "cm"],
                "shape": [{"kind": ["square", "sq"], "n": ["", 4]}],
            }
        },
        {"math.area": {"base": ["", 1], "shape": [{"kind": ["x"]}]}},
    ]
    calls = single_turn_calls(answer, [DOC])
    assert calls == [
        ToolCall(name="math.area", arguments={"base": 3.0, "shape": {"kind": "square"}}),
        ToolCall(name="math.area", arguments={"base": 1, "shape": {"kind": "x"}}),
    ]
    assert single_turn_calls(None, [DOC]) == []


def test_multi_turn_ground_truth_names_positional_arguments() -> None:
    tools = [
        ToolSpec(
            name="mv",
            parameters={"properties": {"source": {}, "destination": {}}},
        )
    ]
    turns = multi_turn_calls([["mv('a.txt', destination='b')"], []], tools)
    assert turns == [[ToolCall(name="mv", arguments={"source": "a.txt", "destination": "b"})], []]
    with pytest.raises(ValueError, match="not a plain function call"):
        multi_turn_calls([["os.remove('x')"]], tools)


def test_calls_are_written_as_bfcl_writes_them() -> None:
    call = ToolCall(name="cd", arguments={"folder": "docs", "n": 2, "tags": ["a"]})
    assert call_string(call) == "cd(folder='docs',n=2,tags=['a'])"


def test_the_ground_truth_model_replays_one_turn_per_run() -> None:
    spec = ToolSpec(name="ls", parameters={"properties": {}})
    space = ActionSpace.for_tools([spec])
    model = GroundTruthModel([[ToolCall(name="ls")], []])
    start = Context("list", Observation(tools=(spec,)))
    first = model.decide(start, space).action
    assert isinstance(first, CallTool)
    assert first.calls == (ToolCall(name="ls"),)
    assert isinstance(model.decide(start, space).action, Finish)  # turn 2 expects no call


def test_later_turns_carry_the_earlier_requests_and_calls() -> None:
    raw = {
        "id": "multi_turn_base_0",
        "question": [
            [{"role": "user", "content": "make a dir"}],
            [{"role": "user", "content": "go into it"}],
        ],
    }
    entry = Entry("multi_turn_base", 0, raw, [])
    assert _turn_intent(entry, 0, []) == "make a dir"
    assert _turn_intent(entry, 1, [[["mkdir(dir_name='x')"]]]) == (
        "Earlier in this conversation:\n- request: make a dir\n"
        "  calls made: mkdir(dir_name='x')\nNow: go into it"
    )


def test_the_suite_has_one_split_and_the_eight_categories() -> None:
    suite = BfclSuite()
    assert suite.splits() == ("test",)
    assert suite.tasks("test")[0] == "simple_python"
    assert len(suite.tasks("test")) == 8
    with pytest.raises(UserError, match="unknown bfcl split 'train'"):
        suite.tasks("train")
