"""Training data of tool use over the sandbox's JSON APIs: API experts replayed as tool calls
on the real server, checked by the tasks' own checks, and built into examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openlam.actions import ActionSpace, AskUser, CallTool, Finish
from openlam.cli import app
from openlam.evaluation._sandbox_api import SandboxApi, run_tool_episode
from openlam.learning import UNGROUNDED, Trajectory, examples_from, read_examples
from openlam.sandbox import SandboxServer, templates

cli = CliRunner()
SEEDS = (0, 1)
COLLECT = ("data", "collect", "sandbox", "--via", "api")


@pytest.fixture(scope="module")
def api(server: SandboxServer) -> SandboxApi:
    return SandboxApi(server)


def _run(api: SandboxApi, task: str, seed: int) -> Trajectory:
    episode = run_tool_episode(api, templates()[task], seed)
    assert episode.result.ok, f"{task}@{seed}: {episode.result.reason}"
    return Trajectory.of_run(
        episode.state, suite="sandbox-api", split="train", task=task, seed=seed, success=True
    )


def _calls(trajectory: Trajectory) -> list[str]:
    return [
        call.name
        for step in trajectory.steps
        if isinstance(step.action, CallTool)
        for call in step.action.calls
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_smart_home_replay_looks_up_the_device_it_changes(api: SandboxApi, seed: int) -> None:
    # the API expert patches the light by an id it was handed; the replay finds it first
    trajectory = _run(api, "smarthome/dim-light", seed)
    assert _calls(trajectory) == ["get_devices", "patch_devices_device_id"]
    assert isinstance(trajectory.steps[-1].action, Finish)
    examples, skipped = examples_from(trajectory)
    assert skipped == []
    assert len(examples) == len(trajectory.steps)
    patch = json.loads(examples[1].target)["calls"][0]["arguments"]
    assert f'"id": {patch["device_id"]}, "name": ' in examples[1].current  # shown, not guessed


@pytest.mark.parametrize("seed", SEEDS)
def test_ask_and_confirm_tasks_ask_the_person_at_the_right_moment(
    api: SandboxApi, seed: int
) -> None:
    asked = _run(api, "smarthome/ask-temperature", seed)
    first = asked.steps[0]
    assert isinstance(first.action, AskUser)
    assert first.result is not None
    assert first.result.message.startswith("user answered: ")
    target = json.loads(examples_from(asked)[0][-2].target)["calls"][0]["arguments"]["target"]
    assert f"{target} degrees" in first.result.message  # the value comes from the answer

    confirmed = _run(api, "smarthome/unlock-front-door", seed)
    kinds = [s.action.action for s in confirmed.steps if s.action is not None]
    assert kinds.index("ask_user") < _last_change(confirmed)


def _last_change(trajectory: Trajectory) -> int:
    return max(
        i
        for i, s in enumerate(trajectory.steps)
        if isinstance(s.action, CallTool) and s.action.calls[0].name.startswith("patch_")
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_cross_app_replay_reads_one_app_and_writes_another(api: SandboxApi, seed: int) -> None:
    trajectory = _run(api, "restaurants/code-by-mail", seed)
    tools = {t.name for t in trajectory.steps[0].observation.tools}
    assert {"get_reservations", "post_messages", "get_messages"} <= tools
    assert _calls(trajectory) == ["get_reservations", "post_messages"]
    assert not any(s.raw_output.startswith(UNGROUNDED) for s in trajectory.steps)


def test_a_value_no_lookup_shows_is_kept_out_of_training(api: SandboxApi) -> None:
    # the shop's "test card" number is written nowhere the model can read it
    trajectory = _run(api, "shop/checkout-cart", 0)
    dropped = [s for s in trajectory.steps if s.raw_output.startswith(UNGROUNDED)]
    assert len(dropped) == 1
    assert "card=4242" in dropped[0].raw_output
    examples, _ = examples_from(trajectory)
    assert len(examples) == len(trajectory.steps) - 1


def test_collect_via_api_then_build(tmp_path: Path) -> None:
    tasks = "smarthome/dim-light,crm/update-phone-ask,calendar/location-by-mail"
    collected = cli.invoke(
        app,
        [*COLLECT, "--tasks", tasks, "--seeds", "0-1", "--out", str(tmp_path / "c"), "--json"],
    )
    assert collected.exit_code == 0, collected.output
    summary = json.loads(collected.output.strip().splitlines()[-1])
    assert (summary["suite"], summary["n"], summary["success_rate"]) == ("sandbox-api", 6, 1.0)
    records = [json.loads(line) for line in (tmp_path / "c" / "episodes.jsonl").open()]
    assert all(r["detail"]["grounded"] for r in records)
    lookups = {r["task"]: r["detail"]["lookups"] for r in records}
    assert lookups["smarthome/dim-light"] == 1  # the id of the light, found first
    assert lookups["crm/update-phone-ask"] == 0  # this expert searches by itself

    built = cli.invoke(
        app, ["data", "build", str(tmp_path / "c"), "--out", str(tmp_path / "ds.jsonl"), "--json"]
    )
    assert built.exit_code == 0, built.output
    examples = list(read_examples(tmp_path / "ds.jsonl"))
    assert json.loads(built.output)["examples"] == len(examples) >= 6 * 3
    for example in examples:
        space = ActionSpace.for_tools(example.tools)
        assert space.parse(example.target).action == example.action
    assert {e.action for e in examples} == {"call_tool", "ask_user", "finish"}


def test_collect_via_api_refuses_held_out_templates(tmp_path: Path) -> None:
    held_out = next(t.id for t in templates().values() if t.split == "test")
    refused = cli.invoke(
        app,
        [*COLLECT, "--tasks", held_out, "--seeds", "0", "--out", str(tmp_path / "x")],
    )
    assert refused.exit_code != 0
    assert "held out for evaluation" in refused.output
    assert not (tmp_path / "x").exists()
