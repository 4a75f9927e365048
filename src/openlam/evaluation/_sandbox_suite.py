"""The sandbox suite: openlam's own apps and task templates, split into train and test."""

from __future__ import annotations

import time
from collections.abc import Sequence

from openlam.agent import Budget
from openlam.evaluation._browser import SharedBrowser
from openlam.evaluation._policies import baseline_model, perturbed
from openlam.evaluation._sandbox import run_gui_episode
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.exceptions import OpenlamError, UserError
from openlam.models import Model, load_model
from openlam.sandbox import Layout, SandboxServer, templates

HELD_OUT_SEEDS = range(100000, 100005)
"""Seeds evaluated by default; training data is generated from seeds 0-9999 only."""


def layout_for(seed: int) -> Layout:
    """Odd seeds run on layout ``b`` (relabelled, reordered), even ones on ``a``."""
    return "b" if seed % 2 else "a"


class SandboxSuite:
    """Sandbox task templates through the browser; the split is fixed per template."""

    name = "sandbox"

    def splits(self) -> tuple[str, ...]:
        """``test`` (held-out templates) and ``train``."""
        return ("test", "train")

    def tasks(self, split: str) -> tuple[str, ...]:
        """Template ids of ``split``."""
        if split not in self.splits():
            raise UserError(f"unknown sandbox split {split!r}; use one of test, train")
        return tuple(t.id for t in templates().values() if t.split == split)

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """Held-out seeds 100000-100004 (layouts alternate with the seed)."""
        return HELD_OUT_SEEDS

    def open(self, agent: AgentSpec) -> SandboxSession:
        """A sandbox server, a browser and the model for one worker."""
        return SandboxSession(agent)


class SandboxSession:
    """Runs sandbox episodes against one server and one browser."""

    def __init__(
        self, agent: AgentSpec, *, budget: Budget | None = None, model: Model | None = None
    ) -> None:
        self._agent = agent
        self._budget = budget or Budget(max_steps=agent.max_steps or 40, max_seconds=300)
        self._model = model or (load_model(agent.model) if agent.model else None)
        self._server = SandboxServer().start()
        self._browser = SharedBrowser()

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Reset the world to the episode's seed, run the agent, check the final state."""
        started = time.monotonic()
        known = templates()
        if episode.task not in known:
            return error_record(episode, self._agent, f"unknown sandbox task {episode.task!r}")
        try:
            result = run_gui_episode(
                self._server,
                known[episode.task],
                episode.seed,
                layout_for(episode.seed),
                model=self._policy(episode.key),
                wrap=lambda model: perturbed(model, self._agent, episode.key),
                budget=self._budget,
                browser=self._browser.get(),
            )
        except OpenlamError as exc:
            return error_record(episode, self._agent, str(exc), time.monotonic() - started)
        template = known[episode.task]
        return record_from_run(
            episode,
            self._agent,
            result.state,
            success=result.result.ok,
            seconds=time.monotonic() - started,
            detail={
                "group": template.app,
                "kind": template.kind,
                "layout": layout_for(episode.seed),
                "reason": result.result.reason,
            },
        )

    def _policy(self, seed: str) -> Model | None:
        """The model for one episode; None lets the episode use the template's GUI expert."""
        return self._model or baseline_model(self._agent, seed)

    def close(self) -> None:
        """Stop the server and browser, release the model."""
        self._browser.close()
        self._server.stop()
        if self._model is not None:
            self._model.close()
