"""A tiny evaluation suite whose tasks succeed, fail, raise or kill their worker on purpose."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from openlam.actions import Click, Element, Finish, Observation, Step, Usage
from openlam.agent import RunState, RunStatus
from openlam.evaluation import AgentSpec, EpisodeRecord, EpisodeSpec, record_from_run
from openlam.exceptions import UserError

FLAKY_TASKS = ("pass", "fail", "raise", "crash", "slow")


class FlakySuite:
    """Tasks: ``pass`` and ``fail`` (as named), ``raise`` (the session raises), ``crash`` (the
    worker process exits abruptly, as a segfaulting library would), ``slow`` (passes after
    0.3 s). Register it with ``OPENLAM_SUITES=flaky=openlam.testing:FlakySuite``."""

    name = "flaky"

    def splits(self) -> tuple[str, ...]:
        """One split, ``test``."""
        return ("test",)

    def tasks(self, split: str) -> tuple[str, ...]:
        """Every task of the suite."""
        return FLAKY_TASKS

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """Seeds 0-2."""
        return range(3)

    def open(self, agent: AgentSpec) -> FlakySession:
        """A session; the ``random`` policy is refused, to test start-up errors."""
        if agent.policy == "random":
            raise UserError("the flaky suite has no random policy")
        return FlakySession(agent)


class FlakySession:
    """Runs flaky episodes in the current process."""

    def __init__(self, agent: AgentSpec) -> None:
        self._agent = agent
        self.pid = os.getpid()

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Do what the task's name says."""
        if episode.task == "raise":
            raise RuntimeError("the flaky suite raised on purpose")
        if episode.task == "crash":
            os._exit(3)
        if episode.task == "slow":
            time.sleep(0.3)
        return record_from_run(
            episode,
            self._agent,
            _run(episode),
            success=episode.task != "fail",
            seconds=0.01,
            detail={"pid": self.pid, "group": "even" if episode.seed % 2 == 0 else "odd"},
        )

    def close(self) -> None:
        """Nothing to release."""


def _run(episode: EpisodeSpec) -> RunState:
    """Two steps on a one-button page, 50 prompt tokens each: click it, then finish."""
    page = Observation(
        url="http://flaky.test/", elements=(Element(index=1, role="button", name="Go"),)
    )
    usage = Usage(prompt_tokens=50)
    state = RunState.new(f"press Go ({episode.task})")
    state.model, state.status = "flaky", RunStatus.FINISHED
    state.steps = [
        Step(index=1, observation=page, action=Click(element=1), usage=usage),
        Step(index=2, observation=page, action=Finish(answer=episode.task), usage=usage),
    ]
    return state
