"""The ``bfcl`` suite: BFCL v4 categories as tasks, entry indices as seeds."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from openlam.agent import Budget
from openlam.evaluation._policies import baseline_model
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.evaluation.bfcl._data import CATEGORIES, MULTI_TURN, Entry, load_category
from openlam.evaluation.bfcl._episodes import (
    TURN_STEPS,
    Outcome,
    entry_tools,
    run_multi_turn,
    run_single_turn,
)
from openlam.evaluation.bfcl._expert import (
    GroundTruthModel,
    multi_turn_calls,
    single_turn_calls,
)
from openlam.exceptions import OpenlamError, UserError
from openlam.models import Model, load_model

SPLIT = "test"


class BfclSuite:
    """BFCL v4 (evaluation only, never used for training): one split, ``test``.

    Tasks are the categories in ``CATEGORIES``; an episode's seed is the index of the entry in
    its category, so ``--seeds 0-49`` runs the first 50 entries and the default runs them all.
    A single-turn entry is one decision; ``--max-steps`` is the step budget of each user turn
    of a multi-turn entry (default ``TURN_STEPS``, BFCL's own limit).
    """

    name = "bfcl"

    def splits(self) -> tuple[str, ...]:
        """Only ``test``."""
        return (SPLIT,)

    def tasks(self, split: str) -> tuple[str, ...]:
        """The BFCL categories openlam evaluates."""
        _check_split(split)
        return CATEGORIES

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """Every entry of the category."""
        _check_split(split)
        return range(len(load_category(task)))

    def open(self, agent: AgentSpec) -> BfclSession:
        """Load the model (policies need nothing) and the BFCL checker."""
        return BfclSession(agent)


def _check_split(split: str) -> None:
    if split != SPLIT:
        raise UserError(f"unknown bfcl split {split!r}; use {SPLIT}")


class BfclSession:
    """Runs BFCL entries with one loaded model (or a policy) and scores them."""

    def __init__(self, agent: AgentSpec) -> None:
        self._agent = agent
        self._model = load_model(agent.model) if agent.model else None

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run the entry at index ``seed`` of category ``task`` and check it."""
        started = time.monotonic()
        try:
            entry = _entry(episode)
            model = self._policy(entry, episode.key)
            if entry.category in MULTI_TURN:
                budget = Budget(max_steps=self._agent.max_steps or TURN_STEPS)
                outcome = run_multi_turn(entry, model, budget)
            else:
                outcome = run_single_turn(entry, model, Budget(max_steps=1))
        except OpenlamError as exc:
            return error_record(episode, self._agent, str(exc), time.monotonic() - started)
        except Exception as exc:  # BFCL's checker or API classes broke on this entry
            message = f"{type(exc).__name__}: {exc}"
            return error_record(episode, self._agent, message, time.monotonic() - started)
        return _record(episode, self._agent, entry, outcome, time.monotonic() - started)

    def _policy(self, entry: Entry, seed: str) -> Model:
        chosen = self._model or baseline_model(self._agent, seed)
        if chosen is not None:
            return chosen
        if entry.category in MULTI_TURN:
            specs = [tool.spec for tool in entry_tools(entry)]
            return GroundTruthModel(multi_turn_calls(entry.answer or [], specs))
        return GroundTruthModel([single_turn_calls(entry.answer, entry.functions)])

    def close(self) -> None:
        """Release the model."""
        if self._model is not None:
            self._model.close()


def _entry(episode: EpisodeSpec) -> Entry:
    _check_split(episode.split)
    entries = load_category(episode.task)
    if not 0 <= episode.seed < len(entries):
        raise UserError(
            f"bfcl/{episode.task} has entries 0-{len(entries) - 1}; seed {episode.seed} "
            "names none of them"
        )
    return entries[episode.seed]


def _record(
    episode: EpisodeSpec, agent: AgentSpec, entry: Entry, outcome: Outcome, seconds: float
) -> EpisodeRecord:
    """One record for all the turns of an entry: steps and tokens summed over the runs."""
    states = outcome.states
    merged = states[-1] if states else None
    if merged is not None and len(states) > 1:
        merged = merged.model_copy(update={"steps": [s for state in states for s in state.steps]})
    detail: dict[str, Any] = {"category": entry.category, "id": entry.id, "calls": outcome.calls}
    if outcome.checker:
        detail["checker"] = outcome.checker
    return record_from_run(
        episode,
        agent,
        merged,
        success=outcome.success,
        seconds=seconds,
        error=outcome.error,
        detail=detail,
    )
