"""Synthetic episodes run for real, checked, and written as trajectories.

Each episode runs through openlam's ``Runner`` over a ``ToolEnvironment`` of its tools, driven
by ``PlanReplay``, a model that replies with the planned actions (parsed and validated like any
model's reply). The run counts as verified only if every step took the planned action, every
call executed with exactly the intended arguments (types included) and returned what the
family computes, a question named the missing value, and a final answer states every result.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openlam.actions import (
    Action,
    ActionSpace,
    AskUser,
    CallTool,
    Finish,
    Step,
    Timings,
    Usage,
)
from openlam.agent import Budget, Runner, RunState
from openlam.exceptions import UserError
from openlam.learning._dataset import FIRST_HELD_OUT_SEED
from openlam.learning._synth.episodes import ANSWER_CHARS, FunctionEpisode, sample_function_episode
from openlam.learning._synth.spec import result_facts, same_json, state_result
from openlam.learning._trajectory import TRAJECTORIES, Trajectory
from openlam.models import Context, Decision, Model

SUITE = "functions"
"""The suite name synthetic trajectories carry."""
SPLIT = "train"
SUMMARY = "summary.json"
"""File name of the synthesis summary written next to the trajectories."""
REPLAY_AGENT = "synth:functions"


class PlanReplay:
    """Replies with an episode's planned actions, one per step, as a model would.

    A final answer is not copied from the plan: it is written from the tool results in the
    observation, as an expert reading them would. Past the plan it replies ``finish``.
    """

    def __init__(self, episode: FunctionEpisode) -> None:
        self._episode = episode
        self._planned = episode.actions()

    @property
    def name(self) -> str:
        """``synth:functions``."""
        return REPLAY_AGENT

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The planned action of this step, validated against ``space``."""
        index = len(context.history)
        action: Action = self._planned[index] if index < len(self._planned) else Finish()
        if isinstance(action, Finish) and self._episode.states_results:
            action = Finish(answer=read_results(self._episode, context.observation.text))
        raw = json.dumps(action.model_dump(mode="json"), ensure_ascii=False)
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""


def read_results(episode: FunctionEpisode, text: str) -> str:
    """An answer stating the results shown in ``text`` (``name: result`` lines, in call order)."""
    sentences = []
    for call, line in zip(episode.calls, text.splitlines(), strict=False):
        _, _, payload = line.partition(": ")
        if payload.startswith("error: "):
            sentences.append(f"{call.tool.name} failed: {payload.removeprefix('error: ')}")
            continue
        try:
            sentences.append(state_result(call.tool.family, json.loads(payload)))
        except (json.JSONDecodeError, KeyError, IndexError, TypeError):
            sentences.append(f"{call.tool.name} returned {payload}")
    return " ".join(sentences)[:ANSWER_CHARS]


@dataclass(frozen=True)
class FunctionRun:
    """An episode, the run of it, and why it does not count (``None``: verified)."""

    episode: FunctionEpisode
    state: RunState
    problem: str | None

    @property
    def success(self) -> bool:
        """Whether the run did exactly what the episode asks."""
        return self.problem is None

    def trajectory(self) -> Trajectory:
        """The run as a trajectory of suite ``functions``, split ``train``, task = kind."""
        trajectory = Trajectory.of_run(
            self.state,
            suite=SUITE,
            split=SPLIT,
            task=self.episode.kind,
            seed=self.episode.seed,
            success=self.success,
        )
        # wall-clock timings would make the same seed write different bytes
        steps = [step.model_copy(update={"timings": Timings()}) for step in trajectory.steps]
        return trajectory.model_copy(update={"steps": steps})


def run_function_episode(episode: FunctionEpisode, model: Model | None = None) -> FunctionRun:
    """Run the episode (by default with ``PlanReplay``) and check what the run did."""
    planned = episode.actions()
    runner = Runner(
        model or PlanReplay(episode),
        episode.environment(),
        budget=Budget(max_steps=len(planned)),
        ask=lambda _question: episode.reply,
    )
    state = runner.run(episode.intent)
    return FunctionRun(episode, state, check_function_run(episode, state))


def check_function_run(episode: FunctionEpisode, state: RunState) -> str | None:
    """Why the run did not do what the episode asks, or None."""
    planned = episode.actions()
    if len(state.steps) != len(planned):
        why = f" ({state.error})" if state.error else ""
        return f"planned {len(planned)} steps, the run took {len(state.steps)}{why}"
    for step, want in zip(state.steps, planned, strict=True):
        problem = _check_step(episode, step, want)
        if problem:
            return f"step {step.index}: {problem}"
    return None


def _check_step(episode: FunctionEpisode, step: Step, want: Action) -> str | None:
    got = step.action
    if got is None:
        return f"no valid action ({step.error})"
    if got.action != want.action:
        return f"{got.action} instead of {want.action}"
    if isinstance(got, CallTool):
        return _check_calls(episode, got, step)
    if isinstance(got, AskUser):
        return _check_question(episode, got, step)
    if isinstance(got, Finish):
        return _check_answer(episode, got)
    return f"{got.action} is not a tool action"


def _check_calls(episode: FunctionEpisode, got: CallTool, step: Step) -> str | None:
    if len(got.calls) != len(episode.calls):
        return f"{len(got.calls)} calls instead of {len(episode.calls)}"
    for number, (call, planned) in enumerate(zip(got.calls, episode.calls, strict=True), 1):
        want = planned.call()
        if call.name != want.name:
            return f"call {number} is {call.name}, not {want.name}"
        if not same_json(call.arguments, want.arguments):
            return f"call {number} passes {_json(call.arguments)}, not {_json(want.arguments)}"
    if step.result is None or not step.result.ok:
        return f"a call failed: {step.result.error if step.result else 'no result'}"
    lines = step.result.message.splitlines()
    for number, (line, planned) in enumerate(zip(lines, episode.calls, strict=False), 1):
        expected = json.dumps(planned.result(), default=str, ensure_ascii=False)
        if line != f"{planned.tool.name}: {expected}":
            return f"call {number} returned {line!r}, expected {expected!r}"
    return None


def _check_question(episode: FunctionEpisode, got: AskUser, step: Step) -> str | None:
    if episode.question is None or episode.asked is None or episode.reply is None:
        return "asked a question the episode does not need"
    if got.question != episode.question or episode.asked not in got.question:
        return f"asked {got.question!r}, which does not name the {episode.asked}"
    if step.result is None or not step.result.message.endswith(episode.reply):
        return "the person's reply did not reach the run"
    return None


def _check_answer(episode: FunctionEpisode, got: Finish) -> str | None:
    if episode.refusal is not None:
        return None if got.answer == episode.refusal else f"answered {got.answer!r}"
    for planned in episode.calls:
        for fact in result_facts(planned.tool.family, planned.result()):
            if fact not in got.answer:
                return f"the answer does not state {fact!r} (from {planned.tool.name})"
    return None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class SynthesisReport:
    """What one synthesis wrote: episodes per kind, how many were verified, first problems."""

    first_seed: int
    n: int
    verified: int = 0
    stating_results: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    verified_by_kind: Counter[str] = field(default_factory=Counter)
    families: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def add(self, run: FunctionRun) -> None:
        """Count one run."""
        kind = run.episode.kind
        self.by_kind[kind] += 1
        self.stating_results += run.episode.states_results
        self.families.update(call.tool.family.key for call in run.episode.calls)
        if run.success:
            self.verified += 1
            self.verified_by_kind[kind] += 1
        elif len(self.problems) < 10:
            self.problems.append(f"{kind}@{run.episode.seed}: {run.problem}")

    def to_json(self) -> dict[str, Any]:
        """The summary written to ``summary.json`` and printed by ``--json``."""
        return {
            "suite": SUITE,
            "split": SPLIT,
            "first_seed": self.first_seed,
            "n": self.n,
            "verified": self.verified,
            "verified_rate": round(self.verified / self.n, 4) if self.n else 0.0,
            "by_kind": dict(sorted(self.by_kind.items())),
            "verified_by_kind": dict(sorted(self.verified_by_kind.items())),
            "stating_results": self.stating_results,
            "families_called": len(self.families),
            "problems": self.problems,
        }


def synthesize_functions(
    out_dir: Path, n: int, seed: int = 0, on_run: Callable[[FunctionRun], None] | None = None
) -> SynthesisReport:
    """Run episodes of seeds ``seed .. seed+n-1`` and write ``trajectories.jsonl`` (unverified
    ones with ``success: false``) and ``summary.json`` to ``out_dir``.

    The same ``n`` and ``seed`` write the same bytes. The trajectories file is written whole
    or not at all.
    """
    _check_seeds(n, seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / TRAJECTORIES
    temporary = target.with_name(target.name + ".tmp")
    report = SynthesisReport(seed, n)
    try:
        with temporary.open("w", encoding="utf-8") as sink:
            for episode_seed in range(seed, seed + n):
                run = run_function_episode(sample_function_episode(episode_seed))
                sink.write(run.trajectory().model_dump_json() + "\n")
                report.add(run)
                if on_run is not None:
                    on_run(run)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    temporary.replace(target)
    (out_dir / SUMMARY).write_text(json.dumps(report.to_json(), indent=2) + "\n")
    return report


def _check_seeds(n: int, seed: int) -> None:
    if n < 1:
        raise UserError(f"--n must be at least 1, got {n}")
    if seed < 0:
        raise UserError(f"--seed must not be negative, got {seed}")
    if seed >= FIRST_HELD_OUT_SEED:
        raise UserError(
            f"--seed {seed} is held out for evaluation: training seeds are below "
            f"{FIRST_HELD_OUT_SEED}"
        )
    if seed + n > FIRST_HELD_OUT_SEED:
        raise UserError(
            f"episodes would use seeds {seed}..{seed + n - 1}, but seeds from "
            f"{FIRST_HELD_OUT_SEED} on are held out for evaluation; with --seed {seed} "
            f"use --n {FIRST_HELD_OUT_SEED - seed} or less"
        )
