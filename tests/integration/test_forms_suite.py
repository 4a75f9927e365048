"""The forms suite in real Chromium: the expert submits every kind once and finishes; a run that
never finishes, and a premature submission, are judged as they should be."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from openlam.actions import ActionSpace, Finish, Usage
from openlam.agent import Budget, RunStatus
from openlam.evaluation.forms import TEST_KINDS, TRAIN_KINDS, FormExpert, generate, run_form_episode
from openlam.models import Context, Decision

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("kind", TRAIN_KINDS + TEST_KINDS)
def test_expert_submits_once_and_finishes(kind: str, browser: Browser) -> None:
    for seed in (0, 1):
        task = generate(kind, seed)
        state, success, reason = run_form_episode(task, FormExpert(task), browser=browser)
        assert success, (kind, seed, state.status, state.error, reason)
        assert state.status is RunStatus.FINISHED
        assert state.steps[-1].action == Finish(answer=task.answer)


class _SubmitFirst(FormExpert):
    """Clicks the submit button before filling anything, then behaves like the expert."""

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        if not context.history:
            button = next(e for e in context.observation.elements if e.role == "button")
            raw = json.dumps({"action": "click", "element": button.index})
            return Decision(space.parse(raw), raw, Usage())
        return super().decide(context, space)


def test_an_incomplete_submission_shows_an_error_and_the_expert_recovers(
    browser: Browser,
) -> None:
    task = generate("contact", 5)
    state, success, reason = run_form_episode(task, _SubmitFirst(task), browser=browser)
    assert "Please fill in" in state.steps[1].observation.text
    assert success, reason


class _NeverFinishes(FormExpert):
    """The expert, except that it waits where it would finish."""

    def next_action(self, context: Context) -> dict[str, object]:
        action = super().next_action(context)
        return {"action": "wait", "seconds": 0.1} if action["action"] == "finish" else action


def test_a_correct_submission_without_finish_is_no_success(browser: Browser) -> None:
    task = generate("newsletter", 2)
    state, success, reason = run_form_episode(
        task, _NeverFinishes(task), browser=browser, budget=Budget(max_steps=6)
    )
    assert not success
    assert state.status is not RunStatus.FINISHED
    assert "submitted correctly" in reason
