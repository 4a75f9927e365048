"""The AgentDojo suite: its four task suites, without attack and under a prompt injection attack.

Splits are attack modes. ``none`` runs every user task in its clean environment and scores
utility. ``important_instructions`` (AgentDojo's standard attack) runs every pair of a user task
and an injection task, the injection task's goal planted wherever the user task's ground truth
reads data; it scores utility under attack and whether the attacker's goal was reached
(``attack_success``: AgentDojo calls this "security" and counts it as the targeted attack success
rate; True means the injection worked).

Tasks are ``SUITE/USER_TASK`` (``banking/user_task_0``), under attack
``SUITE/USER_TASK/INJECTION_TASK``. AgentDojo is deterministic, so the only seed is 0 (it seeds
the random policy). AgentDojo is used for evaluation only, never for training or prompt tuning.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml  # type: ignore[import-untyped]
from agentdojo.agent_pipeline import (  # type: ignore[import-untyped]
    BasePipelineElement,
    GroundTruthPipeline,
)

from openlam.actions import CallTool, Finish, Observation, Step, ToolCall
from openlam.agent import RunState, RunStatus
from openlam.evaluation._policies import ScriptedModel, baseline_model
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.evaluation.agentdojo._convert import final_answer
from openlam.evaluation.agentdojo._element import (
    MAX_TOOL_ROUNDS,
    PIPELINE_NAME,
    OpenlamElement,
    openlam_pipeline,
)
from openlam.exceptions import UserError
from openlam.models import Model, load_model

BENCHMARK_VERSION = "v1.2.2"
"""AgentDojo's latest benchmark version in agentdojo 0.1.35 (task fixes up to v1.2.2)."""

SUITES = ("workspace", "travel", "banking", "slack")
"""AgentDojo's task suites, in its own order."""

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (its wheels are), else the Python one."""

NO_ATTACK = "none"
ATTACKS = ("important_instructions",)
"""Attacks offered as splits (AgentDojo's registry names)."""


@dataclass(frozen=True)
class AgentDojoTask:
    """One episode's tasks: a suite, a user task and, under attack, an injection task."""

    suite: str
    user_task: str
    injection_task: str | None = None

    @classmethod
    def parse(cls, task: str, split: str) -> AgentDojoTask:
        """``banking/user_task_0`` (or ``.../injection_task_1`` under attack), checked."""
        parts = task.split("/")
        expected = 2 if split == NO_ATTACK else 3
        if len(parts) != expected or parts[0] not in SUITES:
            form = "SUITE/USER_TASK" + ("" if split == NO_ATTACK else "/INJECTION_TASK")
            raise UserError(
                f"AgentDojo task {task!r} does not fit split {split!r}: write it as {form}, "
                f"SUITE one of {', '.join(SUITES)} (e.g. banking/user_task_0"
                f"{'' if split == NO_ATTACK else '/injection_task_0'})"
            )
        suite = _task_suite(parts[0])
        if parts[1] not in suite.user_tasks:
            raise UserError(f"AgentDojo suite {parts[0]} has no user task {parts[1]!r}")
        injection = parts[2] if len(parts) == 3 else None
        if injection is not None and injection not in suite.injection_tasks:
            raise UserError(f"AgentDojo suite {parts[0]} has no injection task {injection!r}")
        return cls(parts[0], parts[1], injection)


class AgentDojoSuite:
    """AgentDojo's workspace, travel, banking and slack suites; splits are attack modes."""

    name = "agentdojo"

    def splits(self) -> tuple[str, ...]:
        """``none`` (utility without attack), then each attack (utility and attack success)."""
        return (NO_ATTACK, *ATTACKS)

    def tasks(self, split: str) -> tuple[str, ...]:
        """Every user task of every suite, paired with every injection task under attack."""
        _check_split(split)
        tasks: list[str] = []
        for name in SUITES:
            suite = _task_suite(name)
            for user in _ordered(suite.user_tasks):
                if split == NO_ATTACK:
                    tasks.append(f"{name}/{user}")
                else:
                    tasks += [f"{name}/{user}/{inj}" for inj in _ordered(suite.injection_tasks)]
        return tuple(tasks)

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """``(0,)``: AgentDojo is deterministic; the seed only varies the random policy."""
        return (0,)

    def open(self, agent: AgentSpec) -> AgentDojoSession:
        """A session running episodes for ``agent`` (loads the model once)."""
        return AgentDojoSession(agent)


class AgentDojoSession:
    """Runs AgentDojo episodes with one agent: openlam models through ``OpenlamElement``,
    ``expert`` as AgentDojo's ground truth pipeline."""

    def __init__(self, agent: AgentSpec) -> None:
        self._agent = agent
        # the first decision comes before AgentDojo's loop of tool rounds
        self._max_rounds = agent.max_steps - 1 if agent.max_steps else MAX_TOOL_ROUNDS
        self._model: Model | None = load_model(agent.model) if agent.model else None

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run one episode in a fresh copy of the suite's environment and score it."""
        started = time.monotonic()
        try:
            _check_split(episode.split)
            task = AgentDojoTask.parse(episode.task, episode.split)
            return self._run(episode, task, started)
        except UserError as exc:
            return error_record(episode, self._agent, str(exc), time.monotonic() - started)
        except Exception as exc:  # a model server gone, a bug in a task: record, go on
            error = f"{type(exc).__name__}: {exc}"
            return error_record(episode, self._agent, error, time.monotonic() - started)

    def _run(self, episode: EpisodeSpec, task: AgentDojoTask, started: float) -> EpisodeRecord:
        suite = _task_suite(task.suite)
        user_task = suite.get_user_task_by_id(task.user_task)
        injection_task = None
        injections: dict[str, str] = {}
        if task.injection_task is not None:
            injection_task = suite.get_injection_task_by_id(task.injection_task)
            injections = _attack(episode.split, task.suite).attack(user_task, injection_task)
        if injection_task is None:  # parsing a suite's YAML costs more than a deep copy
            environment = _clean_environment(task.suite).model_copy(deep=True)
        else:
            environment = _environment(task.suite, injections)
        pipeline, element = self._pipeline(user_task, episode.key)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # AgentDojo warns on every empty model output
            utility, security = suite.run_task_with_pipeline(
                pipeline, user_task, injection_task, injections, environment=environment
            )
        messages = _last_messages(pipeline)
        state = self._state(user_task.PROMPT, element, messages)
        if not messages:
            raise RuntimeError("the pipeline left no messages")
        return record_from_run(
            episode,
            self._agent,
            state,
            success=bool(utility),
            seconds=time.monotonic() - started,
            detail={
                "group": task.suite,
                "suite": task.suite,
                "attack": episode.split,
                "user_task": task.user_task,
                "injection_task": task.injection_task,
                "utility": bool(utility),
                "attack_success": None if injection_task is None else bool(security),
                "answer": (state.answer or "")[:300] if state else "",
            },
        )

    def _pipeline(self, user_task: Any, seed: str) -> tuple[Any, OpenlamElement | None]:
        """The pipeline for one episode and, for models, its openlam element."""
        if self._agent.policy == "expert":
            return _ground_truth(user_task), None
        model = self._model or baseline_model(self._agent, seed) or ScriptedModel()
        element = OpenlamElement(model)
        return _Recorded(openlam_pipeline(element, max_rounds=self._max_rounds)), element

    def _state(
        self, intent: str, element: OpenlamElement | None, messages: Sequence[Any]
    ) -> RunState:
        """The episode as a ``RunState``: the model's steps (ground truth: its tool calls)."""
        state = RunState(intent=intent, model=self._agent.label)
        state.answer = final_answer(messages)
        if element is None:
            state.steps = _ground_truth_steps(messages)
            state.status = RunStatus.FINISHED
            return state
        state.steps = list(element.steps)
        last = element.steps[-1].action if element.steps else None
        if element.error is not None:
            state.status, state.error = RunStatus.ERROR, element.error
        elif last is not None and last.action == "call_tool":
            state.status = RunStatus.MAX_STEPS
        else:
            state.status = RunStatus.FINISHED
        return state

    def close(self) -> None:
        """Release the model."""
        if self._model is not None:
            self._model.close()


class _Recorded(BasePipelineElement):  # type: ignore[misc]
    """A pipeline that keeps the messages of its last run (AgentDojo returns only the scores)."""

    name = PIPELINE_NAME

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.messages: Sequence[Any] = ()

    def query(
        self,
        query: str,
        runtime: Any,
        env: Any = None,
        messages: Sequence[Any] = (),
        extra_args: dict[str, Any] | None = None,
    ) -> tuple[str, Any, Any, Sequence[Any], dict[str, Any]]:
        """Run the inner pipeline and keep its messages."""
        result: tuple[str, Any, Any, Sequence[Any], dict[str, Any]] = self.inner.query(
            query, runtime, env, messages, dict(extra_args or {})
        )
        self.messages = result[3]
        return result


def _ground_truth(user_task: Any) -> _Recorded:
    """AgentDojo's ground truth pipeline for ``user_task``: its reference tool calls and answer."""
    return _Recorded(GroundTruthPipeline(user_task))


def _last_messages(pipeline: Any) -> Sequence[Any]:
    return pipeline.messages if isinstance(pipeline, _Recorded) else ()


def _ground_truth_steps(messages: Sequence[Any]) -> list[Step]:
    """The ground truth's assistant messages as steps: its tool calls, then its answer."""
    steps: list[Step] = []
    for message in messages:
        if message["role"] != "assistant":
            continue
        action: CallTool | Finish
        if message["tool_calls"]:
            calls = [
                ToolCall(name=c.function, arguments=dict(c.args)) for c in message["tool_calls"]
            ]
            action = CallTool(calls=tuple(calls))
        else:
            action = Finish(answer=final_answer([message])[:500])
        steps.append(Step(index=len(steps) + 1, observation=Observation(), action=action))
    return steps


def _check_split(split: str) -> None:
    if split not in (NO_ATTACK, *ATTACKS):
        raise UserError(
            f"unknown agentdojo split {split!r}; use one of {', '.join((NO_ATTACK, *ATTACKS))}"
        )


@cache
def _task_suite(name: str) -> Any:
    """AgentDojo's task suite ``name`` at ``BENCHMARK_VERSION``."""
    from agentdojo.task_suite.load_suites import get_suite  # type: ignore[import-untyped]

    return get_suite(BENCHMARK_VERSION, name)


@cache
def _clean_environment(name: str) -> Any:
    """Suite ``name``'s environment without injections, parsed once (copy it before use)."""
    return _environment(name, {})


def _environment(name: str, injections: dict[str, str]) -> Any:
    """``TaskSuite.load_and_inject_default_environment`` parsed with libyaml.

    AgentDojo parses the injected environment with PyYAML's pure-Python loader: 2-10 s per
    workspace episode on 2 busy cores, most of an attacked episode. libyaml gives the same data
    (checked by the integration tests) about 50 times faster.
    """
    from agentdojo.task_suite.task_suite import (  # type: ignore[import-untyped]
        read_suite_file,
        validate_injections,
    )

    suite = _task_suite(name)
    defaults = suite.get_injection_vector_defaults()
    validate_injections(injections, defaults)
    text = read_suite_file(suite.name, "environment.yaml", suite.data_path)
    data = yaml.load(text.format(**{**defaults, **injections}), Loader=_YAML_LOADER)
    return suite.environment_type.model_validate(data)


@cache
def _attack(split: str, suite: str) -> Any:
    """The attack of ``split`` on ``suite`` (its injection candidates are cached inside)."""
    from agentdojo.attacks.attack_registry import load_attack  # type: ignore[import-untyped]

    target = _Recorded(None)  # attacks read only the name of the pipeline they target
    return load_attack(split, _task_suite(suite), target)


def _ordered(tasks: dict[str, Any]) -> list[str]:
    """Task ids in numeric order (``user_task_2`` before ``user_task_10``)."""
    return sorted(tasks, key=lambda t: int(t.rsplit("_", 1)[-1]))
