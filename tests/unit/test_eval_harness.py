"""The evaluation harness: planning, records, summaries, resume and worker failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openlam.evaluation import (
    AgentSpec,
    EpisodeRecord,
    EvalRequest,
    evaluate,
    parse_seeds,
    plan,
    read_records,
    read_summary,
    resume_request,
    summarize,
)
from openlam.exceptions import UserError

EXPERT = AgentSpec(policy="expert")


@pytest.fixture(autouse=True)
def flaky_suite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENLAM_SUITES", "flaky=openlam.testing:FlakySuite")


def test_seeds_parse_ranges_and_lists() -> None:
    assert parse_seeds("100000-100002") == [100000, 100001, 100002]
    assert parse_seeds("1,3-4, 9") == [1, 3, 4, 9]
    for bad in ("", "a-b", "5-2", "1-", "-3"):
        with pytest.raises(UserError, match="seed"):
            parse_seeds(bad)


def test_agent_needs_exactly_one_of_model_and_policy() -> None:
    with pytest.raises(UserError, match="exactly one"):
        AgentSpec()
    with pytest.raises(UserError, match="exactly one"):
        AgentSpec(model="embedded", policy="expert")
    with pytest.raises(UserError, match="unknown policy 'smart'"):
        AgentSpec(policy="smart")
    assert AgentSpec(model="embedded:base").label == "embedded:base"
    assert (
        AgentSpec(model="openai:m@http://127.0.0.1:1/v1").label == "openai:m@http://127.0.0.1:1/v1"
    )
    assert EXPERT.label == "policy:expert"


def test_plan_covers_tasks_and_seeds_and_rejects_unknown_names() -> None:
    request = plan("flaky", EXPERT, tasks=["pass", "fail"], seeds=[7, 8])
    assert [(e.task, e.seed) for e in request.episodes] == [
        ("pass", 7),
        ("pass", 8),
        ("fail", 7),
        ("fail", 8),
    ]
    assert len(plan("flaky", EXPERT).episodes) == 5 * 3  # every task on its default seeds
    with pytest.raises(UserError, match=r"unknown task\(s\) nope in flaky/test"):
        plan("flaky", EXPERT, tasks=["nope"])
    with pytest.raises(UserError, match=r"unknown split 'dev'.*use one of test"):
        plan("flaky", EXPERT, split="dev")
    with pytest.raises(UserError, match="unknown suite 'nosuch'"):
        plan("nosuch", EXPERT)


def test_bad_suite_registration_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENLAM_SUITES", "broken")
    with pytest.raises(UserError, match=r"name=package\.module:Factory"):
        plan("flaky", EXPERT)
    monkeypatch.setenv("OPENLAM_SUITES", "gone=openlam.nowhere:Suite")
    with pytest.raises(UserError, match=r"cannot be loaded from openlam\.nowhere:Suite"):
        plan("gone", EXPERT)


def test_request_round_trips_through_json() -> None:
    request = plan("flaky", AgentSpec(model="openai:m@http://x"), seeds=[1], workers=3)
    again = EvalRequest.from_json(json.loads(json.dumps(request.to_json())))
    assert again.episodes == request.episodes
    assert again.agent == request.agent
    assert again.workers == 3
    with pytest.raises(UserError, match=r"eval\.json is not an evaluation request"):
        EvalRequest.from_json({"suite": "flaky"})


def test_in_process_run_records_every_episode_and_survives_a_raising_one(tmp_path: Path) -> None:
    request = plan("flaky", EXPERT, tasks=["pass", "fail", "raise"], seeds=[0, 1])
    summary = evaluate(request, tmp_path)
    records = read_records(tmp_path)
    assert len(records) == 6
    by_task = {r.key: r for r in records}
    assert by_task["raise@0"].status == "error"
    assert "raised on purpose" in (by_task["raise@0"].error or "")
    assert summary["n"] == 6
    assert summary["success_rate"] == pytest.approx(2 / 6)
    assert summary["per_task"]["pass"]["success_rate"] == 1.0
    assert summary["errors"] == 2
    assert summary["tokens_per_step"] == pytest.approx(100 / 2)
    assert read_summary(tmp_path)["n"] == 6


def test_results_directory_is_not_overwritten(tmp_path: Path) -> None:
    evaluate(plan("flaky", EXPERT, tasks=["pass"], seeds=[0]), tmp_path)
    with pytest.raises(UserError, match="already holds results: pass --resume"):
        evaluate(plan("flaky", EXPERT, tasks=["pass"], seeds=[0]), tmp_path)


def test_resume_runs_only_what_is_missing(tmp_path: Path) -> None:
    request = plan("flaky", EXPERT, tasks=["pass", "slow"], seeds=[0, 1, 2])
    seen: list[str] = []

    def stop_after_two(record: EpisodeRecord, done: int, total: int) -> None:
        seen.append(record.key)
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate(request, tmp_path, on_record=stop_after_two)
    assert len(read_records(tmp_path)) == 2
    # a crash can leave half a line behind: it is dropped and that episode runs again
    with (tmp_path / "episodes.jsonl").open("a") as sink:
        sink.write('{"suite": "flaky", "task"')
    again = resume_request(tmp_path)
    assert again.episodes == request.episodes
    summary = evaluate(again, tmp_path, resume=True)
    keys = [r.key for r in read_records(tmp_path)]
    assert sorted(keys) == sorted(e.key for e in request.episodes)
    assert len(keys) == len(set(keys)) == 6
    assert summary["n"] == 6


def test_trajectories_are_kept_when_asked_and_survive_a_resume(tmp_path: Path) -> None:
    agent = AgentSpec(policy="expert", trajectories=True)
    request = plan("flaky", agent, tasks=["pass", "fail"], seeds=[0, 1])

    def stop_after_three(record: EpisodeRecord, done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate(request, tmp_path, on_record=stop_after_three)
    # a crash between the two files: a trajectory whose episode line never came, half a line
    trajectories = tmp_path / "trajectories.jsonl"
    first = trajectories.read_text().splitlines()[0]
    with trajectories.open("a") as sink:
        sink.write(first.replace('"seed":0', '"seed":7') + "\n" + '{"suite": "fla')
    evaluate(resume_request(tmp_path), tmp_path, resume=True)
    kept = [json.loads(line) for line in trajectories.read_text().splitlines()]
    assert sorted((t["task"], t["seed"]) for t in kept) == [
        ("fail", 0),
        ("fail", 1),
        ("pass", 0),
        ("pass", 1),
    ]
    assert {t["success"] for t in kept if t["task"] == "fail"} == {False}
    assert "trajectory" not in (tmp_path / "episodes.jsonl").read_text()


def test_no_trajectories_file_unless_asked(tmp_path: Path) -> None:
    evaluate(plan("flaky", EXPERT, tasks=["pass"], seeds=[0]), tmp_path)
    assert not (tmp_path / "trajectories.jsonl").exists()


def test_unreadable_results_are_reported(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="holds no evaluation results"):
        read_records(tmp_path)
    (tmp_path / "episodes.jsonl").write_text('{"bad": 1}\n{"also": "bad"}\n')
    with pytest.raises(UserError, match=r"episodes\.jsonl:1 is not an episode record"):
        read_records(tmp_path)
    with pytest.raises(UserError, match=r"eval\.json is missing"):
        resume_request(tmp_path)


def test_summary_groups_and_flag_rates() -> None:
    def record(task: str, ok: bool, attack: bool) -> EpisodeRecord:
        return EpisodeRecord(
            suite="s",
            split="t",
            task=task,
            seed=0,
            agent="a",
            success=ok,
            status="finished",
            steps=4,
            detail={"group": task[0], "attack_success": attack},
        )

    summary = summarize(
        [record("a1", True, False), record("a2", False, True), record("b1", True, True)]
    )
    assert summary["per_group"]["a"]["success_rate"] == 0.5
    assert summary["detail_rates"]["attack_success"] == pytest.approx(2 / 3)
    assert summary["task_mean_success"] == pytest.approx(2 / 3)
    assert summary["mean_steps"] == 4


def test_random_policy_forms_valid_tool_calls_and_web_actions() -> None:
    from openlam.actions import ActionSpace, Element, Observation, ToolSpec
    from openlam.evaluation import RandomModel
    from openlam.models import Context

    add = ToolSpec(
        name="add",
        parameters={
            "type": "object",
            "properties": {"a": {"type": "number"}, "tags": {"type": "array", "items": {}}},
            "required": ["a"],
        },
    )
    tools = Observation(tools=(add,))
    model = RandomModel(seed=3)
    kinds = {
        model.decide(Context("x", tools), ActionSpace.for_tools([add])).action.action
        for _ in range(40)
    }
    assert "call_tool" in kinds  # arguments are drawn from the tool's schema, so calls parse
    page = Observation(elements=(Element(index=1, role="button", name="OK"),))
    web = {
        model.decide(Context("x", page), ActionSpace.for_observation(page)).action.action
        for _ in range(60)
    }
    assert {"click", "finish"} <= web
