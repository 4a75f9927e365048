"""Sandbox episodes: reset the world, run an agent (model or expert) on one task, check it."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from openlam.actions import ActionSpace, Step, Usage, shown_url
from openlam.agent import Budget, Runner, RunState, RunStatus, TraceSink
from openlam.environments.web import WebEnvironment
from openlam.exceptions import UserError
from openlam.models import Context, Decision, Model
from openlam.sandbox import (
    CheckResult,
    Layout,
    Outcome,
    PlanExpert,
    SandboxServer,
    TaskInstance,
    TaskTemplate,
    templates,
)


class ExpertModel:
    """A sandbox GUI expert behind the ``Model`` protocol (``--policy expert``)."""

    def __init__(self, expert: PlanExpert) -> None:
        self._expert = expert

    @property
    def name(self) -> str:
        """``expert``."""
        return "expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The expert's next action for this observation."""
        raw = json.dumps(self._expert.next_action(context.observation.model_dump()))
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""


@dataclass(frozen=True)
class Episode:
    """One checked sandbox episode."""

    instance: TaskInstance
    result: CheckResult
    state: RunState | None = None

    @property
    def steps(self) -> int:
        """Steps the agent took (0 for API experts)."""
        return len(self.state.steps) if self.state else 0


def parse_task(spec: str) -> tuple[TaskTemplate, int]:
    """``sandbox/APP/TEMPLATE@SEED`` (or without ``sandbox/``) → template and seed."""
    body = spec.removeprefix("sandbox/")
    name, _, seed_text = body.partition("@")
    known = templates()
    if name not in known:
        app = name.split("/", 1)[0]
        close = [t for t in known if t.startswith(app + "/")] or list(known)[:8]
        raise UserError(
            f"unknown sandbox task {name!r}; known ones include: {', '.join(close)} "
            "(`openlam sandbox tasks` lists all)"
        )
    if not seed_text.isdigit():
        raise UserError(f"task {spec!r} needs a seed: sandbox/{name}@SEED with SEED >= 0")
    return known[name], int(seed_text)


def run_gui_episode(
    server: SandboxServer,
    template: TaskTemplate,
    seed: int,
    layout: Layout = "a",
    *,
    model: Model | None = None,
    budget: Budget | None = None,
    trace: TraceSink | None = None,
    browser: Any = None,
    headless: bool = True,
    on_step: Callable[[RunState, Step], None] | None = None,
    wrap: Callable[[Model], Model] | None = None,
) -> Episode:
    """Reset the world, run ``model`` (default: the template's GUI expert) through the browser,
    and check the final state. ``wrap`` wraps whichever model acts (e.g. perturbations)."""
    server.world.reset(seed, layout)
    instance = template.instantiate(seed, server.world.snapshot(), layout)
    # the expert writes goto addresses as the model would: in the form pages are shown in
    gui_base = shown_url(server.url)
    agent = model or ExpertModel(PlanExpert(template.gui(instance.params, layout), gui_base))
    if wrap is not None:
        agent = wrap(agent)
    questions: list[str] = []

    def ask(question: str) -> str | None:
        questions.append(question)
        return instance.user_reply

    env = WebEnvironment(server.url + instance.start_path, browser=browser, headless=headless)
    try:
        budget = budget or Budget(max_steps=40)
        runner = Runner(agent, env, budget=budget, trace=trace, ask=ask, on_step=on_step)
        state = runner.run(instance.intent)
    finally:
        env.close()
    outcome = Outcome(state.answer, tuple(questions), state.status is RunStatus.FINISHED)
    return Episode(
        instance, template.check(instance.params, server.world.snapshot(), outcome), state
    )


def run_api_episode(
    server: SandboxServer, template: TaskTemplate, seed: int, layout: Layout = "a"
) -> Episode:
    """Reset the world, solve the task with the template's API expert, check the state."""
    server.world.reset(seed, layout)
    instance = template.instantiate(seed, server.world.snapshot(), layout)
    with httpx.Client(base_url=server.url, timeout=10) as client:
        answer = template.api(instance.params, client)
    # the API expert is handed the person's reply up front: that stands for having asked
    asked = ("(asked the person)",) if instance.user_reply is not None else ()
    outcome = Outcome(answer, asked, True)
    return Episode(instance, template.check(instance.params, server.world.snapshot(), outcome))
