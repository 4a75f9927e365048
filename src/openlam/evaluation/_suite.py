"""What every benchmark suite provides to the harness, and the record one episode leaves.

A suite names its splits, the tasks of each split and the seeds an episode may use. The harness
opens one ``EpisodeSession`` per worker (a browser, a server, a loaded model) and runs many
episodes through it, one ``EpisodeRecord`` each.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from openlam.agent import RunState
from openlam.exceptions import UserError
from openlam.learning import Trajectory
from openlam.models import parse_spec, spec_label

POLICIES = ("expert", "random", "scripted")
"""Built-in policies: ``expert`` (expert or ground truth: the upper bound), ``random`` (a seeded
random valid action each step: the lower bound), ``scripted`` (finishes at once without acting:
what a check gives when nothing was done)."""


@dataclass(frozen=True)
class AgentSpec:
    """Who acts in an episode: a model spec (``embedded``, ``openai:M@URL``) or a policy."""

    model: str | None = None
    policy: str | None = None
    max_steps: int | None = None
    """Step budget per episode; None keeps the suite's default."""
    trajectories: bool = False
    """Keep each episode's steps (``trajectories.jsonl``): the material of training data."""
    perturb: float = 0.0
    """Rate of deliberate random steps (recovery data); 0 for evaluations."""
    perturb_by: str | None = None
    """A model spec whose own actions are the perturbations (the states that model reaches, for
    the expert to recover from); None for random actions."""

    def __post_init__(self) -> None:
        if (self.model is None) == (self.policy is None):
            raise UserError("give exactly one of --model SPEC or --policy NAME")
        if self.policy is not None and self.policy not in POLICIES:
            raise UserError(f"unknown policy {self.policy!r}; use one of {', '.join(POLICIES)}")
        if self.max_steps is not None and self.max_steps < 1:
            raise UserError("--max-steps must be at least 1")
        if not 0 <= self.perturb < 1:
            raise UserError("--perturb is a rate: at least 0 and below 1")
        if self.perturb_by is not None and self.perturb == 0:
            raise UserError("--perturb-by needs a rate: add --perturb 0.3 (the share of steps)")
        if self.perturb_by is not None and self.policy != "expert":
            raise UserError("--perturb-by perturbs an expert: drop --model/--policy")
        if self.perturb_by is not None:
            parse_spec(self.perturb_by)  # a bad spec fails here, not in every episode

    @property
    def label(self) -> str:
        """``policy:expert`` or the model spec, as written in records (``embedded`` with the
        shipped adapter is ``embedded+openlam-action``)."""
        return f"policy:{self.policy}" if self.policy else spec_label(str(self.model))


@dataclass(frozen=True)
class EpisodeSpec:
    """One episode to run: a task of a suite's split with a seed."""

    suite: str
    split: str
    task: str
    seed: int

    @property
    def key(self) -> str:
        """``task@seed``: unique within one evaluation (used to resume)."""
        return f"{self.task}@{self.seed}"


class EpisodeRecord(BaseModel):
    """The outcome and cost of one episode (one JSONL line of an evaluation)."""

    model_config = ConfigDict(frozen=True)

    suite: str
    split: str
    task: str
    seed: int
    agent: str
    success: bool
    reward: float = Field(0.0, description="the suite's own score (MiniWoB reward, BFCL 0/1)")
    status: str = Field(description="how the run ended (finished, max_steps, loop, error, ...)")
    error: str | None = None
    steps: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    model_seconds: float = 0.0
    seconds: float = Field(0.0, description="wall time of the whole episode")
    detail: dict[str, Any] = Field(default_factory=dict)
    trajectory: Trajectory | None = Field(
        None, exclude=True, description="the steps, when the agent keeps trajectories"
    )

    @property
    def key(self) -> str:
        """``task@seed``, as ``EpisodeSpec.key``."""
        return f"{self.task}@{self.seed}"


def record_from_run(
    episode: EpisodeSpec,
    agent: AgentSpec,
    state: RunState | None,
    *,
    success: bool,
    seconds: float,
    reward: float | None = None,
    error: str | None = None,
    detail: dict[str, Any] | None = None,
) -> EpisodeRecord:
    """An ``EpisodeRecord`` with steps, tokens and model time summed from a run's steps."""
    steps = state.steps if state is not None else []
    status = "error" if error else (state.status.value if state is not None else "finished")
    return EpisodeRecord(
        suite=episode.suite,
        split=episode.split,
        task=episode.task,
        seed=episode.seed,
        agent=agent.label,
        success=success,
        reward=(1.0 if success else 0.0) if reward is None else reward,
        status=status,
        error=error or (state.error if state is not None else None),
        steps=len(steps),
        prompt_tokens=sum(s.usage.prompt_tokens for s in steps),
        cached_tokens=sum(s.usage.cached_tokens for s in steps),
        completion_tokens=sum(s.usage.completion_tokens for s in steps),
        model_seconds=sum(s.timings.decide for s in steps),
        seconds=seconds,
        detail=detail or {},
        trajectory=_trajectory(episode, agent, state, success) if agent.trajectories else None,
    )


def _trajectory(
    episode: EpisodeSpec, agent: AgentSpec, state: RunState | None, success: bool
) -> Trajectory | None:
    if state is None:
        return None
    return Trajectory.of_run(
        state,
        suite=episode.suite,
        split=episode.split,
        task=episode.task,
        seed=episode.seed,
        success=success,
    ).model_copy(update={"agent": agent.label})


def error_record(
    episode: EpisodeSpec, agent: AgentSpec, error: str, seconds: float = 0.0
) -> EpisodeRecord:
    """The record of an episode that broke (crashed browser, model server gone)."""
    return EpisodeRecord(
        suite=episode.suite,
        split=episode.split,
        task=episode.task,
        seed=episode.seed,
        agent=agent.label,
        success=False,
        status="error",
        error=error,
        seconds=seconds,
    )


class EpisodeSession(Protocol):
    """Resources for running episodes of one suite in one worker, reused across episodes.

    ``run`` never raises for a failed episode: whatever broke is recorded in the returned record
    (status ``error``), and the session repairs itself (e.g. relaunches a crashed browser) so the
    next episode can run.
    """

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run one episode and score it."""
        ...

    def close(self) -> None:
        """Release the browser, servers and model."""
        ...


class Suite(Protocol):
    """A benchmark: splits, their tasks, default seeds, and sessions that run episodes."""

    @property
    def name(self) -> str:
        """The suite's name on the command line (``sandbox``, ``miniwob``, ``bfcl``, ...)."""
        ...

    def splits(self) -> tuple[str, ...]:
        """Split names; the first is the default."""
        ...

    def tasks(self, split: str) -> tuple[str, ...]:
        """Every task of ``split`` (raise ``UserError`` naming the splits for an unknown one)."""
        ...

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """Seeds evaluated when none are given (held-out seeds for trainable suites)."""
        ...

    def open(self, agent: AgentSpec) -> EpisodeSession:
        """Resources for a worker; raise ``UserError`` when ``agent`` cannot run this suite."""
        ...


_SUITES: dict[str, str] = {
    "sandbox": "openlam.evaluation._sandbox_suite:SandboxSuite",
    "sandbox-api": "openlam.evaluation._sandbox_api:SandboxApiSuite",
    "miniwob": "openlam.evaluation.miniwob:MiniWobSuite",
    "forms": "openlam.evaluation.forms:FormsSuite",
    "bfcl": "openlam.evaluation.bfcl:BfclSuite",
    "agentdojo": "openlam.evaluation.agentdojo:AgentDojoSuite",
}


SUITES_ENV = "OPENLAM_SUITES"
"""Extra suites: ``name=package.module:Factory`` entries separated by commas."""


def _known() -> dict[str, str]:
    known = dict(_SUITES)
    for entry in filter(None, os.environ.get(SUITES_ENV, "").split(",")):
        name, _, target = entry.partition("=")
        if not name.strip() or ":" not in target:
            raise UserError(f"bad {SUITES_ENV} entry {entry!r}: write name=package.module:Factory")
        known[name.strip()] = target.strip()
    return known


def suite_names() -> tuple[str, ...]:
    """Names of every suite ``get_suite`` knows (built in and from ``$OPENLAM_SUITES``)."""
    return tuple(_known())


def get_suite(name: str) -> Suite:
    """The suite called ``name``, imported only when asked for (their dependencies are heavy)."""
    known = _known()
    if name not in known:
        raise UserError(f"unknown suite {name!r}; use one of {', '.join(known)}")
    module, _, attr = known[name].partition(":")
    try:
        factory: Callable[[], Suite] = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise UserError(
            f"suite {name!r} cannot be loaded from {known[name]} ({exc}); "
            "is its optional dependency installed? (make install sets up every suite)"
        ) from None
    return factory()
