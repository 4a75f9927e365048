"""MiniWoB++ through openlam's web environment: seeded episodes, rewards, the suite's sessions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from openlam.actions import ActionSpace, Click, Usage
from openlam.agent import RunStatus
from openlam.evaluation._suite import AgentSpec, EpisodeSpec
from openlam.evaluation.miniwob import (
    ExpertModel,
    MiniWobEnvironment,
    MiniWobSession,
    expert_for,
    run_miniwob_episode,
)
from openlam.exceptions import UserError
from openlam.models import Context, Decision

pytestmark = pytest.mark.integration


@pytest.fixture
def env(browser: Browser) -> Iterator[MiniWobEnvironment]:
    """click-test-2 with seed 3 on the shared browser."""
    with MiniWobEnvironment("click-test-2", 3, browser=browser) as opened:
        yield opened


def _button(env: MiniWobEnvironment, name: str) -> int:
    return next(e.index for e in env.observe().elements if e.name == name)


def test_same_seed_same_problem_and_no_benchmark_chrome(browser: Browser) -> None:
    seen = []
    for seed in (7, 7, 8):
        with MiniWobEnvironment("click-checkboxes", seed, browser=browser) as env:
            env.reset()
            observation = env.observe()
            seen.append((env.utterance, observation.render()))
            assert env.utterance.startswith("Select ")
            assert observation.url.endswith("/click-checkboxes.html")  # short loopback URL
            assert "Time left" not in observation.text  # the reward panel is hidden
            assert "START" not in observation.text  # the episode has started
    assert seen[0] == seen[1]
    assert seen[0] != seen[2]


def test_reward_is_read_after_the_page_decides(env: MiniWobEnvironment) -> None:
    env.reset()
    assert env.utterance == "Click button ONE."
    assert not env.reward().done
    assert env.execute(Click(element=_button(env, "ONE"))).ok
    reward = env.reward()
    assert reward.done
    assert reward.success
    assert reward.reward == 1.0

    env.reset()  # after an action: a fresh episode, wrong answer this time
    assert not env.reward().done
    env.execute(Click(element=_button(env, "TWO")))
    assert env.reward().done
    assert env.reward().reward == -1.0
    assert not env.reward().success


def test_episode_stops_when_the_page_says_done(browser: Browser) -> None:
    model = ExpertModel(expert_for("click-button-sequence")())
    state, reward = run_miniwob_episode("click-button-sequence", 0, model, browser=browser)
    assert reward.success
    assert state.status is RunStatus.FINISHED
    assert len(state.steps) == 2  # no extra step after the page's verdict


def test_unknown_task_and_tasks_without_experts_are_user_errors() -> None:
    with pytest.raises(UserError, match="unknown MiniWoB"):
        MiniWobEnvironment("click-nowhere", 0)
    with pytest.raises(UserError, match=r"has no expert.*click-test"):
        expert_for("enter-time")  # eval_only: never gets an expert


@pytest.mark.parametrize("policy", ["scripted", "random"])
def test_baseline_policies_run_and_are_recorded(policy: str) -> None:
    session = MiniWobSession(AgentSpec(policy=policy, max_steps=5))
    try:
        record = session.run(EpisodeSpec("miniwob", "train", "click-checkboxes", 100000))
    finally:
        session.close()
    assert record.agent == f"policy:{policy}"
    assert record.status != "error"
    assert 1 <= record.steps <= 5
    if policy == "scripted":
        assert not record.success
        assert record.steps == 1


class _BrowserKiller:
    """A model that closes the session's browser at its first step, like a crash."""

    name = "browser-killer"

    def __init__(self) -> None:
        self.browser: Browser | None = None

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        if self.browser is not None:
            self.browser.close()
            self.browser = None
        raw = '{"action":"wait","seconds":0.1}'
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        """Nothing to release."""


def test_crashed_browser_is_an_error_episode_and_the_next_one_runs() -> None:
    killer = _BrowserKiller()
    session = MiniWobSession(AgentSpec(policy="scripted", max_steps=2), model=killer)
    try:
        killer.browser = session._browser.get()
        first = session.run(EpisodeSpec("miniwob", "train", "click-test", 100000))
        assert first.status == "error"
        assert first.error
        second = session.run(EpisodeSpec("miniwob", "train", "click-test", 100001))
        assert second.status != "error"
        assert second.steps == 2
    finally:
        session.close()
