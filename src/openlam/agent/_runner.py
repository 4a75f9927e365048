"""The Runner: observe → decide → execute → record, until finish, budget, loop or error."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from openlam.actions import (
    Action,
    ActionResult,
    AskUser,
    Finish,
    GoTo,
    Observation,
    Step,
    Timings,
    Usage,
)
from openlam.agent._state import RunState, RunStatus, TraceSink, answered
from openlam.environments import Environment
from openlam.exceptions import EnvironmentFailure, InvalidModelOutput, OpenlamError, UserError
from openlam.models import Context, Model

AskFn = Callable[[str], str | None]
"""Asks a person a question; returns the answer, or None to pause the run."""


@dataclass(frozen=True)
class Budget:
    """Limits of one run."""

    max_steps: int = 15
    max_seconds: float = 600.0
    max_retries: int = 2
    """Extra attempts when the model's reply is not a valid action."""
    loop_repeats: int = 3
    """The same action on an unchanged page this many times in a row stops the run."""


@dataclass(frozen=True)
class _Choice:
    action: Action | None
    raw: str
    usage: Usage
    error: str | None


class Runner:
    """Carries out an intent in an environment with a model, recording every step."""

    def __init__(
        self,
        model: Model,
        environment: Environment,
        *,
        budget: Budget | None = None,
        trace: TraceSink | None = None,
        ask: AskFn | None = None,
        on_step: Callable[[RunState, Step], None] | None = None,
    ) -> None:
        self.model = model
        self.environment = environment
        self.budget = budget or Budget()
        self.trace = trace
        self.ask = ask
        self.on_step = on_step

    def run(self, intent: str, *, start_url: str = "", state: RunState | None = None) -> RunState:
        """Run until the task ends.

        Pass ``state`` to resume a paused, interrupted or budget-stopped run; the budget then
        counts the steps and seconds of this call.
        """
        if state is None:
            state = RunState.new(intent, start_url)
        elif state.status is RunStatus.FINISHED:
            raise UserError(f"run {state.run_id} already finished: start a new run instead")
        state.model, state.status, state.error = self.model.name, RunStatus.RUNNING, None
        started, first_step = time.monotonic(), len(state.steps)
        self._save(state)
        try:
            self._prepare(state)
            while state.status is RunStatus.RUNNING:
                if self._over_budget(state, first_step, started):
                    break
                step = self.step(state)
                state.steps.append(step)
                if self.trace is not None:
                    self.trace.save_step(state, step)
                if self.on_step is not None:
                    self.on_step(state, step)
                self._after(state, step)
        except OpenlamError as exc:  # environment, model or input failed: say why, keep the trace
            state.status, state.error = RunStatus.ERROR, str(exc)
        except KeyboardInterrupt:
            state.status, state.error = RunStatus.INTERRUPTED, "interrupted by the user"
            raise
        except Exception as exc:  # a bug: keep the trace resumable, then let it surface
            state.status, state.error = RunStatus.ERROR, f"internal error: {exc!r}"
            raise
        finally:
            state.elapsed += time.monotonic() - started
            state.ended_at = time.time()
            self._save(state)
        return state

    def step(self, state: RunState) -> Step:
        """One step: observe, decide, execute; the caller records it."""
        t0 = time.perf_counter()
        observation = self.environment.observe()
        screenshot = self._screenshot(state, len(state.steps) + 1)
        t1 = time.perf_counter()
        choice = self._decide(state, observation)
        t2 = time.perf_counter()
        result = self.execute(choice.action) if choice.action is not None else None
        t3 = time.perf_counter()
        return Step(
            index=len(state.steps) + 1,
            observation=observation,
            action=choice.action,
            result=result,
            error=choice.error,
            raw_output=choice.raw,
            usage=choice.usage,
            timings=Timings(observe=t1 - t0, decide=t2 - t1, execute=t3 - t2),
            screenshot=screenshot,
        )

    def _decide(self, state: RunState, observation: Observation) -> _Choice:
        """Ask the model, showing it why a rejected reply was wrong, at most 1 + retries times."""
        space = self.environment.action_space(observation)
        usage, feedback, raw = Usage(attempts=0), None, ""
        for _ in range(self.budget.max_retries + 1):
            context = Context(state.intent, observation, tuple(state.steps), feedback)
            try:
                decision = self.model.decide(context, space)
            except InvalidModelOutput as exc:
                usage = usage + (exc.usage or Usage())
                feedback, raw = exc.reason, exc.raw
                continue
            return _Choice(decision.action, decision.raw, usage + decision.usage, None)
        error = f"no valid action after {self.budget.max_retries + 1} replies: {feedback}"
        return _Choice(None, raw, usage, error)

    def execute(self, action: Action) -> ActionResult:
        """Carry out an action; ``finish`` and ``ask_user`` are handled here, not by the env."""
        if isinstance(action, Finish):
            return ActionResult(ok=True, message="finished")
        if isinstance(action, AskUser):
            answer = self.ask(action.question) if self.ask is not None else None
            if not answer:
                return ActionResult(ok=True, message="waiting for an answer", awaiting_user=True)
            return answered(answer)
        return self.environment.execute(action)

    def _after(self, state: RunState, step: Step) -> None:
        """Update the status after a step: finished, paused for input, or looping."""
        if isinstance(step.action, Finish):
            state.status, state.answer = RunStatus.FINISHED, step.action.answer
        elif isinstance(step.action, AskUser) and step.result and step.result.awaiting_user:
            state.status, state.question = RunStatus.NEEDS_INPUT, step.action.question
        elif _is_loop(state.steps, self.budget.loop_repeats):
            state.status = RunStatus.LOOP
            state.error = f"the same action on an unchanged page {self.budget.loop_repeats} times"

    def _over_budget(self, state: RunState, first_step: int, started: float) -> bool:
        if len(state.steps) - first_step >= self.budget.max_steps:
            state.status = RunStatus.MAX_STEPS
            state.error = f"step budget of {self.budget.max_steps} used up"
        elif time.monotonic() - started >= self.budget.max_seconds:
            state.status = RunStatus.TIMEOUT
            state.error = f"time budget of {self.budget.max_seconds:g} s used up"
        return state.status is not RunStatus.RUNNING

    def _prepare(self, state: RunState) -> None:
        """Open the start state; on resume, return to the page the run was last on.

        Only the address is restored: what earlier steps typed into that page is not.
        """
        self.environment.reset()
        if not state.steps:
            return
        if self.trace is not None:  # the last step may have changed (a person's answer)
            self.trace.save_step(state, state.steps[-1])
        last_url = state.steps[-1].observation.url
        if last_url and last_url != state.start_url:
            result = self.environment.execute(GoTo(url=last_url))
            if not result.ok:
                raise EnvironmentFailure(f"could not return to {last_url}: {result.error}")
        state.question = None

    def _screenshot(self, state: RunState, index: int) -> str | None:
        if self.trace is None:
            return None
        png = self.environment.screenshot()
        return self.trace.save_screenshot(state.run_id, index, png) if png else None

    def _save(self, state: RunState) -> None:
        if self.trace is not None:
            self.trace.save_run(state)


def _is_loop(steps: list[Step], repeats: int) -> bool:
    """True when the last ``repeats`` steps took the same action on the same page."""
    if len(steps) < repeats:
        return False
    tail = steps[-repeats:]
    first = tail[0]
    if first.action is None:
        return False
    return all(
        s.action == first.action and s.observation.fingerprint() == first.observation.fingerprint()
        for s in tail[1:]
    )
