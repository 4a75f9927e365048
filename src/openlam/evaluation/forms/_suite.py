"""The forms suite: generated single-page forms served locally and driven through openlam's own
web environment. Success means exactly one valid submission carrying the values the intent asked
for (fields it did not mention left as they were) and a run the agent itself finished."""

from __future__ import annotations

import http.server
import json
import time
from collections.abc import Sequence
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from openlam.actions import ActionSpace, Usage
from openlam.agent import Budget, Runner, RunState, RunStatus
from openlam.environments.web import WebEnvironment
from openlam.evaluation._browser import SharedBrowser
from openlam.evaluation._pages_server import page_server_url
from openlam.evaluation._policies import baseline_model, perturbed
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.evaluation.forms._kinds import TEST_KINDS, TRAIN_KINDS
from openlam.evaluation.forms._pages import FormTask, generate
from openlam.exceptions import OpenlamError, UserError
from openlam.models import Context, Decision, Model, load_model

SPLITS = {"train": TRAIN_KINDS, "test": TEST_KINDS}
"""``train`` kinds may be trained on (seeds below 100000); ``test`` kinds never are."""

HELD_OUT_SEEDS = range(100000, 100010)
"""Seeds reported by default; training data uses seeds 0-9999."""

DEFAULT_BUDGET = Budget(max_steps=12, max_seconds=120.0)


class _Pages(http.server.BaseHTTPRequestHandler):
    """Serves the pages registered in ``_PAGES`` by path; anything else is a 404."""

    def do_GET(self) -> None:
        page = _PAGES.get(self.path.split("?", 1)[0].split("#", 1)[0])
        body = (page or "<h1>Not found</h1>").encode("utf-8")
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request would drown an evaluation's output."""


_PAGES: dict[str, str] = {}
"""Path → page of every task served in this process (a task registers its page when it runs)."""


def serve(task: FormTask) -> str:
    """The URL of ``task``'s page on this process's page server (started on first use)."""
    _PAGES[task.path] = task.html
    return page_server_url("form-pages", _Pages) + task.path


def check(task: FormTask, submitted: dict[str, Any]) -> tuple[bool, str]:
    """Whether the page's record of submissions shows the task done, and why not."""
    valid = int(submitted.get("valid") or 0)
    if valid == 0:
        return False, "the form was never submitted with valid values"
    if valid > 1:
        return False, f"the form was submitted {valid} times"
    last = submitted.get("last") or {}
    for key, want in task.expected().items():
        got = str(last.get(key, ""))
        if " ".join(got.split()).casefold() != " ".join(want.split()).casefold():
            return False, f"{key} was {got!r}, not {want!r}"
    return True, ""


def run_form_episode(
    task: FormTask, model: Model, *, browser: Any, budget: Budget | None = None
) -> tuple[RunState, bool, str]:
    """Open ``task``'s page, let ``model`` act on the intent, and check the submission."""
    env = WebEnvironment(serve(task), browser=browser)
    try:
        runner = Runner(model, env, budget=budget or DEFAULT_BUDGET)
        state = runner.run(task.intent, start_url=env.start_url)
        try:
            submitted = env.page.evaluate("() => window.__openlamForm || {}")
        except PlaywrightError:
            submitted = {}
        done, reason = check(task, submitted)
        if done and state.status is not RunStatus.FINISHED:
            return state, False, f"submitted correctly but the run ended {state.status.value}"
        return state, done, reason
    finally:
        env.close()


class FormExpert:
    """Fills a generated form from the observation: each field whose shown value differs from
    the wanted one (a field the intent does not mention: from its default, e.g. after a
    perturbation typed into it), then the submit button; finishes once the confirmation is on
    the page."""

    def __init__(self, task: FormTask) -> None:
        self.task = task

    @property
    def name(self) -> str:
        """``policy:expert``."""
        return "policy:expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The next action of a person who knows the form."""
        raw = json.dumps(self.next_action(context))
        return Decision(space.parse(raw), raw, Usage())

    def next_action(self, context: Context) -> dict[str, Any]:
        """One JSON action for the current observation."""
        obs = context.observation
        if " ".join(self.task.confirmation.split()) in " ".join(obs.text.split()):
            return {"action": "finish", "answer": self.task.answer}
        for field in self.task.fields:  # unmentioned fields back to their defaults too
            want = field.expected
            if field.kind == "radio":
                option = _element(context, want, "radio")
                if option is not None and "checked" not in option.states:
                    return {"action": "click", "element": option.index}
                continue
            element = _element(context, field.label)
            if element is None:
                continue
            if field.kind == "checkbox":
                if ("checked" in element.states) != (want == "true"):
                    return {"action": "click", "element": element.index}
            elif field.kind == "select":
                if (element.value or "") != want:
                    return {"action": "select", "element": element.index, "option": want}
            elif (element.value or "") != want:
                return {"action": "type", "element": element.index, "text": want}
        button = _element(context, self.task.button, "button")
        if button is None:
            raise UserError(f"the {self.task.kind} form shows no {self.task.button!r} button")
        return {"action": "click", "element": button.index}

    def close(self) -> None:
        """Nothing to release."""


def _element(context: Context, name: str, *roles: str) -> Any:
    wanted = " ".join(name.split()).casefold()
    for element in context.observation.elements:
        if (not roles or element.role in roles) and element.name.casefold() == wanted:
            return element
    return None


class FormsSuite:
    """Generated forms: ``train`` kinds (newsletter, contact, RSVP, ...) and held-out ``test``
    kinds (appointment, support ticket, membership), any seed."""

    @property
    def name(self) -> str:
        """``forms``."""
        return "forms"

    def splits(self) -> tuple[str, ...]:
        """``train`` and ``test``."""
        return tuple(SPLITS)

    def tasks(self, split: str) -> tuple[str, ...]:
        """The form kinds of ``split``."""
        if split not in SPLITS:
            raise UserError(f"unknown forms split {split!r}; use one of {', '.join(SPLITS)}")
        return SPLITS[split]

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """The held-out seeds 100000-100009."""
        if task not in self.tasks(split):
            raise UserError(
                f"forms kind {task!r} is not in split {split!r}; "
                f"its kinds are: {', '.join(self.tasks(split))}"
            )
        return HELD_OUT_SEEDS

    def open(self, agent: AgentSpec) -> FormsSession:
        """One Chromium (and one loaded model) for the episodes of a worker."""
        return FormsSession(agent)


class FormsSession:
    """Runs form episodes in one shared Chromium, relaunched when it crashes."""

    def __init__(self, agent: AgentSpec) -> None:
        self.agent = agent
        self.budget = Budget(
            max_steps=agent.max_steps or DEFAULT_BUDGET.max_steps,
            max_seconds=DEFAULT_BUDGET.max_seconds,
        )
        self._model = load_model(agent.model) if agent.model is not None else None
        self._browser = SharedBrowser()

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run one episode; a broken one (crashed browser, model server gone) is an error record."""
        started = time.monotonic()
        task = generate(episode.task, episode.seed)
        model = self._model or baseline_model(self.agent, episode.key) or FormExpert(task)
        try:
            state, success, reason = run_form_episode(
                task,
                perturbed(model, self.agent, episode.key),
                browser=self._browser.get(),
                budget=self.budget,
            )
        except (OpenlamError, PlaywrightError) as exc:
            return error_record(episode, self.agent, str(exc), time.monotonic() - started)
        return record_from_run(
            episode,
            self.agent,
            state,
            success=success,
            seconds=time.monotonic() - started,
            detail={"reason": reason, "after": task.after},
        )

    def close(self) -> None:
        """Close the browser and the model."""
        self._browser.close()
        if self._model is not None:
            self._model.close()
            self._model = None
