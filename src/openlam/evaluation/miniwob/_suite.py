"""The MiniWoB++ suite: splits from ``miniwob_split.json``, episodes run in one shared Chromium."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Sequence
from importlib import resources

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from openlam.actions import Step
from openlam.agent import Budget, Runner, RunState, RunStatus, TraceSink
from openlam.evaluation._browser import SharedBrowser
from openlam.evaluation._policies import baseline_model, perturbed
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.evaluation.miniwob._env import MiniWobEnvironment, Reward, check_task
from openlam.evaluation.miniwob._expert import ExpertFactory, ExpertModel, load_experts
from openlam.exceptions import OpenlamError, UserError
from openlam.models import Model, load_model

SPLIT_FILE = "miniwob_split.json"

HELD_OUT_SEEDS = range(100000, 100050)
"""Seeds reported by default; experts and training data use seeds 0-9999 only."""

DEFAULT_BUDGET = Budget(max_steps=30, max_seconds=300.0)
"""Enough steps for the longest train tasks (a dozen checkboxes, a multi-page form)."""


@functools.cache
def load_split() -> dict[str, tuple[str, ...]]:
    """Split name → task names, from the suite's copy of ``benchmarks/miniwob_split.json``."""
    text = resources.files(__package__).joinpath(SPLIT_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return {name: tuple(tasks) for name, tasks in data.items() if isinstance(tasks, list)}


def run_miniwob_episode(
    task: str,
    seed: int,
    model: Model,
    *,
    browser: Browser | None,
    budget: Budget | None = None,
    trace: TraceSink | None = None,
    headless: bool = True,
) -> tuple[RunState, Reward]:
    """Start ``task`` with ``seed``, let ``model`` act on the utterance, read the page's reward.

    The run stops as soon as the page declares the episode over, as a finished run: MiniWoB++
    episodes end on the page's verdict, not on the agent's ``finish``.
    """
    env = MiniWobEnvironment(task, seed, browser=browser, headless=headless)

    def stop_when_done(state: RunState, _step: Step) -> None:
        if state.status is RunStatus.RUNNING and env.reward().done:
            state.status = RunStatus.FINISHED

    try:
        env.reset()
        budget = budget or DEFAULT_BUDGET
        runner = Runner(model, env, budget=budget, trace=trace, on_step=stop_when_done)
        state = runner.run(env.utterance, start_url=env.start_url)
        return state, env.reward()
    finally:
        env.close()


class MiniWobSuite:
    """MiniWoB++ task pages driven through openlam's web environment (splits ``train`` and
    ``eval_only``; success is a positive raw reward)."""

    @property
    def name(self) -> str:
        """``miniwob``."""
        return "miniwob"

    def splits(self) -> tuple[str, ...]:
        """``train`` (experts exist, may be trained on with seeds 0-9999) and ``eval_only``."""
        return tuple(load_split())

    def tasks(self, split: str) -> tuple[str, ...]:
        """The tasks of ``split``."""
        known = load_split()
        if split not in known:
            raise UserError(f"unknown MiniWoB++ split {split!r}; use one of {', '.join(known)}")
        return known[split]

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """The held-out seeds 100000-100049 (the same for every task)."""
        if task not in self.tasks(split):
            raise UserError(
                f"MiniWoB++ task {task!r} is not in split {split!r}; "
                f"its tasks are: {', '.join(self.tasks(split))}"
            )
        return HELD_OUT_SEEDS

    def open(self, agent: AgentSpec) -> MiniWobSession:
        """One Chromium (and one loaded model) for the episodes of a worker."""
        return MiniWobSession(agent)


class MiniWobSession:
    """Runs MiniWoB++ episodes in one shared Chromium, relaunched when it crashes.

    A model spec is loaded once here (or ``model`` given); policies get a fresh instance per
    episode (the task's expert, a random policy seeded with the episode's seed).
    """

    def __init__(
        self, agent: AgentSpec, *, budget: Budget | None = None, model: Model | None = None
    ) -> None:
        self.agent = agent
        self.budget = budget or Budget(
            max_steps=agent.max_steps or DEFAULT_BUDGET.max_steps,
            max_seconds=DEFAULT_BUDGET.max_seconds,
        )
        self._model = model or (load_model(agent.model) if agent.model is not None else None)
        self._browser = SharedBrowser()

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run one episode; a broken one (crashed browser, model server gone) is an error record."""
        started = time.monotonic()
        model = self._agent_model(episode)  # UserError for a task without an expert: a bad eval
        try:
            state, reward = run_miniwob_episode(
                episode.task, episode.seed, model, browser=self._browser.get(), budget=self.budget
            )
        except (OpenlamError, PlaywrightError) as exc:
            return error_record(episode, self.agent, str(exc), time.monotonic() - started)
        return record_from_run(
            episode,
            self.agent,
            state,
            success=reward.success,
            seconds=time.monotonic() - started,
            reward=reward.reward,
            detail={"reason": reward.reason, "done": reward.done},
        )

    def close(self) -> None:
        """Close the browser and the model."""
        self._browser.close()
        if self._model is not None:
            self._model.close()
            self._model = None

    def _agent_model(self, episode: EpisodeSpec) -> Model:
        chosen = self._model or baseline_model(self.agent, episode.key)
        if chosen is None:
            chosen = ExpertModel(expert_for(episode.task)())
        return perturbed(chosen, self.agent, episode.key)


def expert_for(task: str) -> ExpertFactory:
    """The expert of a train task; ``UserError`` naming the tasks that have one otherwise."""
    check_task(task)
    experts = load_experts()
    if task not in experts:
        raise UserError(
            f"MiniWoB++ task {task!r} has no expert (eval_only tasks never get one); "
            f"--policy expert runs on: {', '.join(sorted(experts)) or '(none yet)'}"
        )
    return experts[task]
