"""Fitting a training run into a time limit (``openlam train --time-limit``)."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

RESERVE_SECONDS = 5.0
"""Kept at the end of a time-limited run for the checkpoint and the export."""
EVAL_SHARE = 0.4
"""A held-out token's cost against a training token's until an evaluation is timed (a forward
pass without the backward one: 0.375 measured on 2 cores)."""


@dataclass
class TimeFit:
    """Cuts a run's steps to what ends within its time limit.

    ``step_tokens`` holds the tokens of every planned step in order, so the steps ahead are
    costed by their own lengths at the rate measured so far (seconds per token, evaluations
    and checkpoints included). Kept for the end: the last held-out evaluation (a forward pass,
    costed at ``EVAL_SHARE`` of a training token until one is timed, then as long as the last
    one took), ``RESERVE_SECONDS`` and the longest step so far (steps of as many tokens vary).
    The step count is redrawn at ``first_replan`` (the end of the warm-up) and every
    ``replan_every`` steps; between those the run only stops early, when its next step would
    not end in time.
    """

    limit: float
    started: float
    """When the run began (the limit counts from here)."""
    since: float
    """When its steps began, after loading (the rate is measured from here)."""
    step_tokens: Sequence[int]
    held_out_tokens: int = 0
    eval_seconds: float | None = None
    """How long the last held-out evaluation took, once one has run."""
    first_replan: int = 10
    replan_every: int = 50

    def __post_init__(self) -> None:
        self._ends = list(itertools.accumulate(self.step_tokens))
        self._tokens = 0
        self._previous = self.since
        self.longest = 0.0  # the longest step so far (kept in hand: steps vary in time)

    def after(self, step: int, total: int, tokens: int, now: float) -> int:
        """The step count after step ``step`` (of ``tokens`` tokens) ended at ``now``."""
        self._tokens += tokens
        self.longest = max(self.longest, now - self._previous)
        self._previous = now
        rate = (now - self.since) / self._tokens if self._tokens else 0.0
        replan = step == self.first_replan or step % self.replan_every == 0
        return self.total(step, total, now, rate, replan=replan)

    def total(self, step: int, total: int, now: float, rate: float, *, replan: bool) -> int:
        """The step count after ``step`` steps, at ``now``, at ``rate`` seconds per token.

        ``step`` itself when the next step would not end in time (the run stops); when
        ``replan``, the steps that fit (at most the planned ones) if they differ from ``total``
        by more than 2%; else ``total``: the schedule is not redrawn every step.
        """
        if rate <= 0:
            return total
        left = self.limit - (now - self.started)
        last_eval = self.eval_seconds
        if last_eval is None:
            last_eval = self.held_out_tokens * rate * EVAL_SHARE
        left -= last_eval + RESERVE_SECONDS + self.longest
        done = self._ends[step - 1] if step else 0
        fits = bisect.bisect_right(self._ends, done + max(0.0, left) / rate)
        fits = max(step, min(len(self._ends), fits))
        if fits == step:  # the next step would not end in time
            return step
        if replan and abs(fits - total) > max(1, total // 50):
            return fits
        return total
