"""The form and widget MiniWoB++ experts solve their tasks in real Chromium, from observations
only."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from openlam.agent import RunStatus
from openlam.evaluation.miniwob import ExpertModel, expert_for, load_split, run_miniwob_episode

pytestmark = pytest.mark.integration

# Two train seeds per task; where a task has variants, seeds that show different ones
# (book-flight: cheapest and shortest; click-menu: a top item and a nested one; multi-layouts:
# labels before and after the fields; order-food: dishes by name and by kind;
# sign-agreement: cancel at once, and sign then agree).
CASES = {
    "book-flight": (0, 1),
    "choose-date": (5, 9),
    "choose-date-easy": (0, 1),
    "choose-date-medium": (0, 3),
    "choose-list": (0, 1),
    "click-collapsible": (0, 1),
    "click-menu": (0, 1),
    "click-scroll-list": (0, 1),
    "click-tab": (0, 1),
    "click-tab-2": (0, 1),
    "enter-date": (0, 1),
    "form-sequence": (0, 1),
    "form-sequence-2": (0, 1),
    "multi-layouts": (0, 3),
    "number-checkboxes": (0, 1),
    "order-food": (0, 3),
    "sign-agreement": (0, 4),
    "use-spinner": (0, 1),
}


def test_every_form_task_is_a_train_task() -> None:
    assert set(CASES) <= set(load_split()["train"])


@pytest.mark.parametrize("task", sorted(CASES))
def test_expert_solves_its_task(task: str, browser: Browser) -> None:
    for seed in CASES[task]:
        model = ExpertModel(expert_for(task)())
        state, reward = run_miniwob_episode(task, seed, model, browser=browser)
        assert reward.success, (task, seed, state.status, state.error, reward.reason)
        assert state.status is RunStatus.FINISHED
