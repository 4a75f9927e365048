"""Trajectories: a finished episode's intent, steps and verified outcome, as training material."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, Field, ValidationError

from openlam.actions import Step
from openlam.agent import RunState
from openlam.exceptions import UserError

_M = TypeVar("_M", bound=BaseModel)

TRAJECTORIES = "trajectories.jsonl"
"""File name of the trajectories an evaluation or collection writes next to its episodes."""


class Trajectory(BaseModel):
    """One episode as the model lived it: the intent and every step, with the checked outcome.

    ``success`` comes from the episode's own check (the sandbox's final-state check, MiniWoB's
    reward), not from the agent's claim; only successful trajectories become training examples.
    """

    schema_version: int = 1
    suite: str
    split: str
    task: str
    seed: int
    agent: str
    success: bool
    intent: str
    steps: list[Step] = Field(default_factory=list)

    @property
    def key(self) -> str:
        """``task@seed``, as the episode's key."""
        return f"{self.task}@{self.seed}"

    @classmethod
    def of_run(
        cls, state: RunState, *, suite: str, split: str, task: str, seed: int, success: bool
    ) -> Trajectory:
        """A run's intent and steps (screenshots left out: files of one machine)."""
        return cls(
            suite=suite,
            split=split,
            task=task,
            seed=seed,
            agent=state.model,
            success=success,
            intent=state.intent,
            steps=[s.model_copy(update={"screenshot": None}) for s in state.steps],
        )


def trajectory_files(paths: list[Path]) -> list[Path]:
    """``trajectories.jsonl`` files given directly or found in the directories given."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            files = sorted(path.rglob(TRAJECTORIES))
            if not files:
                raise UserError(
                    f"{path} holds no {TRAJECTORIES}: collect some with "
                    "`openlam data collect SUITE --out DIR`"
                )
            found.extend(files)
        else:
            raise UserError(f"{path} does not exist")
    return found


def read_trajectories(path: Path, *, strict: bool = True) -> Iterator[Trajectory]:
    """The trajectories of one JSONL file, in order.

    A malformed line raises ``UserError`` naming the file and line; with ``strict=False`` it is
    skipped instead (a line torn by a crash while it was written).
    """
    fix = "remove the line or collect the episode again"
    return read_models(path, Trajectory, "a trajectory", fix, strict=strict)


def read_models(
    path: Path, kind: type[_M], what: str, fix: str, *, strict: bool = True
) -> Iterator[_M]:
    """The records of a JSONL file of ``kind``; a bad line raises ``UserError`` (``path:line
    is not WHAT (why); FIX``) or, without ``strict``, is skipped."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield kind.model_validate_json(line)
            except (ValidationError, json.JSONDecodeError) as exc:
                if strict:
                    raise UserError(
                        f"{path}:{number} is not {what} ({_reason(exc)}); {fix}"
                    ) from None


def _reason(exc: ValidationError | json.JSONDecodeError) -> str:
    """What is wrong with a record, in one line: the first failing field and why."""
    if isinstance(exc, json.JSONDecodeError):
        return str(exc)
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
