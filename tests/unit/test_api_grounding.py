"""The grounding check of replayed tool calls, the replay's lookups, and the guard on
``sandbox-api`` training data."""

from __future__ import annotations

from typing import Any

import pytest

from openlam.actions import CallTool, Finish, ToolCall, ToolSpec
from openlam.agent import Runner
from openlam.environments.tools import Tool, ToolEnvironment
from openlam.evaluation._api_replay import Move, ReplayModel
from openlam.evaluation._grounding import Said, Shown, unshown
from openlam.exceptions import UserError
from openlam.learning import UNGROUNDED, Trajectory, check_trainable, examples_from
from openlam.sandbox import templates

DEVICES = '[{"id": 4, "name": "Thermostat", "kind": "thermostat"}, {"id": 7, "name": "Lamp"}]'
ROOMS = '[{"id": 4, "name": "Hallway"}, {"id": 7, "name": "Garage"}]'
COLLECTIONS = {"get_devices": "devices", "get_rooms": "rooms", "patch_device": "devices"}
PATCH = ToolSpec(
    name="patch_device",
    description="Change a device.",
    parameters={
        "type": "object",
        "properties": {
            "device_id": {"type": "integer"},
            "level": {"type": "integer"},
            "mode": {"type": "string", "enum": ["heat", "cool"]},
        },
        "required": ["device_id"],
    },
)
SEND = ToolSpec(
    name="send",
    parameters={
        "type": "object",
        "properties": {"to": {"type": "string"}, "body": {"type": "string"}},
    },
)


def _shown(text: str, topic: tuple[str, ...] = ()) -> Shown:
    return Shown(text, collections=COLLECTIONS, topic=topic)


def test_an_id_counts_only_as_the_id_of_the_right_kind_of_record() -> None:
    call = ToolCall(name="patch_device", arguments={"device_id": 4, "mode": "cool"})
    assert unshown(call, PATCH, _shown(f"get_devices: {DEVICES}")) == []
    # the rooms list has an id 4 too, but that is a room's
    assert unshown(call, PATCH, _shown(f"get_rooms: {ROOMS}")) == ["device_id=4"]
    # unless the record is about the task
    assert unshown(call, PATCH, _shown(f"get_rooms: {ROOMS}", topic=("hallway",))) == []
    # under its own key (a scene's steps list the devices they change)
    assert unshown(call, PATCH, _shown('get_scenes: [{"steps": [{"device_id": 4}]}]')) == []
    assert unshown(call, PATCH, _shown("Set device 4 to cool.")) == ["device_id=4"]


def test_numbers_dates_and_free_text() -> None:
    shown = _shown("Dim the lamp to forty... no, to 40%. Away from December 18.")
    level = ToolCall(name="patch_device", arguments={"device_id": 7, "level": 40})
    assert unshown(level, PATCH, shown) == ["device_id=7"]
    assert shown.has_number(40)
    assert not shown.has_number(4)
    assert shown.has_text("2026-12-18")
    assert not shown.has_text("2026-12-08")
    said = Said("Email ben@x.example the code of my table at Golden Fork.", None, {"code": "R7"})
    mail = ToolCall(
        name="send", arguments={"to": "ben@x.example", "body": "Your table: code R72931."}
    )
    assert unshown(mail, SEND, said.shown, said.hidden) == ["body=R72931"]
    found = Shown(said.text + '\nget_reservations: [{"code": "R72931"}]')
    assert unshown(mail, SEND, found, said.hidden) == []
    # the task's own strings may not be made up inside a free text either
    place = Said("Tell ben@x.example where the meeting is.", None, {"where": "Café Nord"})
    told = ToolCall(name="send", arguments={"to": "ben@x.example", "body": "It is at Café Nord."})
    assert unshown(told, SEND, place.shown, place.hidden) == ["body=Café Nord"]


def _tools(calls: list[str]) -> list[Tool]:
    def get_devices() -> Any:
        calls.append("get_devices")
        return [{"id": 4, "name": "Thermostat"}, {"id": 7, "name": "Lamp"}]

    def patch_device(device_id: int, **fields: Any) -> Any:
        calls.append(f"patch {device_id}")
        return {"id": device_id, **fields}

    listing = ToolSpec(name="get_devices", description="Devices.")
    return [Tool(listing, get_devices), Tool(PATCH, patch_device)]


@pytest.mark.parametrize("with_lookup", [True, False])
def test_the_replay_looks_up_an_unshown_id_or_marks_the_step(with_lookup: bool) -> None:
    made: list[str] = []
    tools = _tools(made)
    lookups = ((ToolCall(name="get_devices"), f"get_devices: {DEVICES}"),) if with_lookup else ()
    patch = CallTool(
        calls=(ToolCall(name="patch_device", arguments={"device_id": 7, "level": 40}),)
    )
    said = Said("Dim the lamp to 40%.", None, {})
    model = ReplayModel(
        [Move(patch, lookups), Move(Finish(answer="Done."))],
        [t.spec for t in tools],
        said,
        COLLECTIONS,
    )
    state = Runner(model, ToolEnvironment(tools)).run(said.text)
    assert state.answer == "Done."
    steps = [s.raw_output.startswith(UNGROUNDED) for s in state.steps]
    trajectory = Trajectory.of_run(
        state, suite="sandbox-api", split="train", task="t", seed=0, success=True
    )
    examples, _ = examples_from(trajectory)
    if with_lookup:
        assert made == ["get_devices", "patch 7"]
        assert steps == [False, False, False]
        assert (model.report.lookups, model.report.ungrounded) == (1, [])
        assert len(examples) == 3
    else:
        assert made == ["patch 7"]
        assert steps == [True, False]
        assert model.report.ungrounded == [
            "call_tool(patch_device(device_id=7, level=40)): device_id=7"
        ]
        assert [e.action for e in examples] == ["finish"]


def test_sandbox_api_data_only_comes_from_train_templates() -> None:
    train = next(t.id for t in templates().values() if t.split == "train")
    test = next(t.id for t in templates().values() if t.split == "test")
    check_trainable("sandbox-api", "train", [0, 99], [train])
    with pytest.raises(UserError, match="held out for evaluation"):
        check_trainable("sandbox-api", "train", [0], [train, test])
    with pytest.raises(UserError, match="no sandbox template"):
        check_trainable("sandbox-api", "train", [0], ["shop/made-up"])
    with pytest.raises(UserError, match="seeds below 100000"):
        check_trainable("sandbox-api", "train", [100000], [train])
