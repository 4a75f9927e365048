"""Run state: everything about a run as serializable data, so a run can pause and resume."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field

from openlam.actions import ActionResult, Step, Usage
from openlam.exceptions import UserError

SCHEMA_VERSION = 1


class RunStatus(StrEnum):
    """Where a run stands. Only ``finished`` is final: the others can be resumed."""

    RUNNING = "running"
    FINISHED = "finished"
    NEEDS_INPUT = "needs_input"
    MAX_STEPS = "max_steps"
    TIMEOUT = "timeout"
    LOOP = "loop"
    ERROR = "error"
    INTERRUPTED = "interrupted"


def new_run_id() -> str:
    """A short, time-sortable run id such as ``20261123-063512-a1b2c3d4``."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(4)


class RunState(BaseModel):
    """A run as data: intent, where it started, its steps and how it ended (if it did)."""

    schema_version: int = SCHEMA_VERSION
    run_id: str = Field(default_factory=new_run_id)
    intent: str
    start_url: str = ""
    model: str = ""
    status: RunStatus = RunStatus.RUNNING
    answer: str | None = None
    question: str | None = Field(None, description="the pending question when needs_input")
    error: str | None = None
    steps: list[Step] = Field(default_factory=list)
    started_at: float = Field(default_factory=time.time)
    ended_at: float | None = None
    elapsed: float = Field(0.0, description="seconds spent running, summed over resumptions")

    @classmethod
    def new(cls, intent: str, start_url: str = "") -> RunState:
        """A fresh run; ``UserError`` when the intent is empty."""
        text = intent.strip()
        if not text:
            raise UserError(
                "the intent is empty: say what openlam should do, "
                "e.g. openlam run 'subscribe with alice@example.com' --url URL"
            )
        return cls(intent=text, start_url=start_url)

    def answer_question(self, answer: str) -> None:
        """Give a paused run the person's answer; the model sees it in the step history."""
        if self.status is not RunStatus.NEEDS_INPUT or not self.steps:
            raise UserError(f"run {self.run_id} is not waiting for an answer")
        self.steps[-1] = self.steps[-1].model_copy(update={"result": answered(answer)})
        self.status, self.question = RunStatus.RUNNING, None

    @property
    def usage(self) -> Usage:
        """Model usage summed over all steps."""
        total = Usage(attempts=0)
        for step in self.steps:
            total = total + step.usage
        return total

    def summary(self) -> dict[str, object]:
        """The machine-readable summary printed by ``openlam run --json``."""
        usage = self.usage
        return {
            "run_id": self.run_id,
            "status": self.status.value,
            "answer": self.answer,
            "error": self.error,
            "steps": len(self.steps),
            "prompt_tokens": usage.prompt_tokens,
            "cached_tokens": usage.cached_tokens,
            "completion_tokens": usage.completion_tokens,
            "seconds": round(self.elapsed, 3),
        }


def answered(answer: str) -> ActionResult:
    """The result of an ``ask_user`` step once the person has answered."""
    return ActionResult(ok=True, message=f"user answered: {answer}")


class TraceSink(Protocol):
    """Where a run's trace goes (``openlam.memory.TraceStore`` is the SQLite one)."""

    def save_run(self, state: RunState) -> None:
        """Write the run's header (status, answer, error) — called at start, end and pauses."""
        ...

    def save_step(self, state: RunState, step: Step) -> None:
        """Append one step of the run."""
        ...

    def save_screenshot(self, run_id: str, step_index: int, png: bytes) -> str:
        """Store a screenshot for a step; returns where it was written."""
        ...
