"""Training data from real expert runs: the sandbox through Chromium, MiniWoB++ pages, the CLI.

The central check: an example's prompt is exactly the prompt the runtime gave the model at
that step, so a model trained on it sees at run time what it saw in training.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from openlam.actions import ActionSpace
from openlam.agent import RunState
from openlam.cli import app
from openlam.evaluation import ExpertModel, run_gui_episode
from openlam.evaluation.miniwob import ExpertModel as MiniWobExpertModel
from openlam.evaluation.miniwob import expert_for, run_miniwob_episode
from openlam.learning import PERTURBED, Trajectory, examples_from, read_examples
from openlam.models import Context, Decision, Model, render_gemma
from openlam.sandbox import Layout, PlanExpert, SandboxServer, templates

cli = CliRunner()


class PromptRecorder:
    """Passes decisions through and keeps the Gemma prompt of every first attempt."""

    def __init__(self, inner: Model) -> None:
        self.inner = inner
        self.prompts: list[str] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        if context.feedback is None:
            self.prompts.append(render_gemma(context, space))
        return self.inner.decide(context, space)

    def close(self) -> None:
        self.inner.close()


def _trajectory(suite: str, task: str, seed: int, state: RunState) -> Trajectory:
    return Trajectory.of_run(state, suite=suite, split="train", task=task, seed=seed, success=True)


def _assert_examples_match(trajectory: Trajectory, recorder: PromptRecorder) -> None:
    examples, skipped = examples_from(trajectory)
    assert skipped == []
    assert [e.gemma_prompt for e in examples] == recorder.prompts
    assert [e.step for e in examples] == [s.index for s in trajectory.steps]


@pytest.mark.parametrize(
    "task",
    ["restaurants/reserve-ask-party", "mail/booking-reference", "calendar/reschedule-event"],
)
def test_sandbox_examples_are_the_prompts_the_model_saw(
    server: SandboxServer, browser: Browser, task: str
) -> None:
    template, seed = templates()[task], 7
    layout: Layout = "b"
    server.world.reset(seed, layout)
    instance = template.instantiate(seed, server.world.snapshot(), layout)
    recorder = PromptRecorder(
        ExpertModel(PlanExpert(template.gui(instance.params, layout), server.url))
    )
    episode = run_gui_episode(server, template, seed, layout, model=recorder, browser=browser)
    assert episode.result.ok, episode.result.reason
    assert episode.state is not None
    _assert_examples_match(_trajectory("sandbox", task, seed, episode.state), recorder)


def test_miniwob_examples_are_the_prompts_the_model_saw(browser: Browser) -> None:
    recorder = PromptRecorder(MiniWobExpertModel(expert_for("login-user")()))
    state, reward = run_miniwob_episode("login-user", 11, recorder, browser=browser)
    assert reward.success
    _assert_examples_match(_trajectory("miniwob", "login-user", 11, state), recorder)


def test_collect_build_stats_export(tmp_path: Path) -> None:
    tasks = "restaurants/reserve-ask-party,mail/booking-reference"
    collected = cli.invoke(
        app,
        [
            "data",
            "collect",
            "sandbox",
            "--tasks",
            tasks,
            "--seeds",
            "0-1",
            "--out",
            str(tmp_path / "c"),
            "--json",
        ],
    )
    assert collected.exit_code == 0, collected.output
    summary = json.loads(collected.output.strip().splitlines()[-1])
    assert (summary["n"], summary["success_rate"]) == (4, 1.0)
    lines = (tmp_path / "c" / "trajectories.jsonl").read_text().splitlines()
    trajectories = [Trajectory.model_validate_json(line) for line in lines]
    assert len(trajectories) == 4
    assert all(t.success and t.steps for t in trajectories)
    assert all(s.screenshot is None for t in trajectories for s in t.steps)

    built = cli.invoke(
        app, ["data", "build", str(tmp_path / "c"), "--out", str(tmp_path / "ds.jsonl"), "--json"]
    )
    assert built.exit_code == 0, built.output
    report = json.loads(built.output)
    steps = sum(len(t.steps) for t in trajectories)
    assert report["examples"] + report["duplicates"] == steps
    examples = list(read_examples(tmp_path / "ds.jsonl"))
    assert {e.action for e in examples} >= {"ask_user", "finish", "click"}
    finishes = [e for e in examples if e.action == "finish" and e.task == "mail/booking-reference"]
    assert all(json.loads(e.target)["answer"] for e in finishes)  # the answer is learned too

    stats = cli.invoke(app, ["data", "stats", str(tmp_path / "ds.jsonl"), "--tokens", "--json"])
    assert stats.exit_code == 0, stats.output
    numbers = json.loads(stats.output)
    assert numbers["examples"] == report["examples"]
    assert 100 < numbers["prompt_tokens"]["median"] < numbers["prompt_chars"]["median"]

    exported = cli.invoke(app, ["data", "export", str(tmp_path / "ds.jsonl"), "--format", "openai"])
    assert exported.exit_code == 0, exported.output
    chat = (tmp_path / "ds.openai.jsonl").read_text().splitlines()
    assert len(chat) == report["examples"]


def test_collect_with_perturbations_gives_recovery_examples(tmp_path: Path) -> None:
    args = ["data", "collect", "miniwob", "--tasks", "login-user,choose-list", "--seeds", "0-5"]
    collected = cli.invoke(app, [*args, "--perturb", "0.3", "--out", str(tmp_path / "c"), "--json"])
    assert collected.exit_code == 0, collected.output
    lines = (tmp_path / "c" / "trajectories.jsonl").read_text().splitlines()
    trajectories = [Trajectory.model_validate_json(line) for line in lines]
    marked = [
        (t, s)
        for t in trajectories
        if t.success
        for s in t.steps
        if s.raw_output.startswith(PERTURBED)
    ]
    assert marked, "a rate of 0.3 over 12 episodes perturbs some successful ones"
    built = cli.invoke(app, ["data", "build", str(tmp_path / "c"), "--out", str(tmp_path / "d")])
    assert built.exit_code == 0, built.output
    examples = list(read_examples(tmp_path / "d"))
    learned = {(e.task, e.seed, e.step) for e in examples}
    for trajectory, step in marked:
        assert (trajectory.task, trajectory.seed, step.index) not in learned
    recoveries = [
        e
        for e in examples
        for t, s in marked
        if (e.task, e.seed, e.step) == (t.task, t.seed, s.index + 1)
    ]
    assert recoveries  # the expert's step right after a random one is learned


def test_the_embedded_model_can_be_the_perturbation(tmp_path: Path) -> None:
    args = ["data", "collect", "miniwob", "--tasks", "choose-list", "--seeds", "0-3"]
    perturb = ["--perturb", "0.5", "--perturb-by", "embedded"]
    collected = cli.invoke(app, [*args, *perturb, "--out", str(tmp_path / "c"), "--json"])
    assert collected.exit_code == 0, collected.output
    lines = (tmp_path / "c" / "trajectories.jsonl").read_text().splitlines()
    steps = [s for line in lines for s in Trajectory.model_validate_json(line).steps]
    marked = [s for s in steps if s.raw_output.startswith(PERTURBED)]
    assert marked, "a rate of 0.5 over 4 episodes perturbs some steps"
    # the model read the page and chose (random perturbations use no tokens); the expert did not
    assert all(s.usage.prompt_tokens > 100 for s in marked)
    assert all(s.usage.prompt_tokens == 0 for s in steps if s not in marked)
