"""The trace store: runs and steps in SQLite, screenshots as files beside the database."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from openlam._paths import data_dir
from openlam.actions import Step
from openlam.agent import SCHEMA_VERSION, RunState
from openlam.exceptions import UserError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    intent TEXT NOT NULL,
    model TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT,
    error TEXT,
    started_at REAL NOT NULL,
    ended_at REAL,
    header TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
    run_id TEXT NOT NULL REFERENCES runs(run_id),
    idx INTEGER NOT NULL,
    step TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started_at);
"""


@dataclass(frozen=True)
class RunSummary:
    """One line of ``openlam runs``."""

    run_id: str
    intent: str
    model: str
    status: str
    answer: str | None
    steps: int
    started_at: float


class TraceStore:
    """SQLite store of runs and their steps; implements the agent's ``TraceSink``.

    Every write commits at once, so a crash loses at most the step in flight.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or data_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.path = self.root / "traces.db"
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def save_run(self, state: RunState) -> None:
        """Insert or update the run's header row."""
        header = state.model_dump_json(exclude={"steps"})
        with self._lock:
            self._db.execute(
                "INSERT INTO runs VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(run_id) DO UPDATE SET "
                "model=excluded.model, status=excluded.status, answer=excluded.answer, "
                "error=excluded.error, ended_at=excluded.ended_at, header=excluded.header",
                (
                    state.run_id,
                    state.intent,
                    state.model,
                    state.status.value,
                    state.answer,
                    state.error,
                    state.started_at,
                    state.ended_at,
                    header,
                ),
            )

    def save_step(self, state: RunState, step: Step) -> None:
        """Write one step (replacing a step with the same index, as on resume)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO steps VALUES (?,?,?)",
                (state.run_id, step.index, step.model_dump_json()),
            )

    def save_screenshot(self, run_id: str, step_index: int, png: bytes) -> str:
        """Write ``runs/RUN_ID/step-NNN.png`` and return its path."""
        folder = self.run_dir(run_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"step-{step_index:03d}.png"
        path.write_bytes(png)
        return str(path)

    def run_dir(self, run_id: str) -> Path:
        """Folder of a run's files (screenshots)."""
        return self.root / "runs" / run_id

    def load(self, run_id: str) -> RunState:
        """The full state of a run, steps included; ``UserError`` when there is no such run."""
        with self._lock:
            row = self._db.execute("SELECT header FROM runs WHERE run_id=?", (run_id,)).fetchone()
            steps = self._db.execute(
                "SELECT step FROM steps WHERE run_id=? ORDER BY idx", (run_id,)
            ).fetchall()
        if row is None:
            raise UserError(f"no run {run_id!r} in {self.path}: `openlam runs` lists the runs")
        header = json.loads(row[0])
        if header.get("schema_version") != SCHEMA_VERSION:
            raise UserError(
                f"run {run_id!r} was written with trace schema {header.get('schema_version')}, "
                f"this openlam reads schema {SCHEMA_VERSION}: use the openlam that wrote it"
            )
        try:
            state = RunState.model_validate(header)
            state.steps = [Step.model_validate_json(s[0]) for s in steps]
        except ValidationError as exc:
            raise UserError(f"run {run_id!r} has an unreadable trace: {exc.errors()[0]}") from None
        return state

    def runs(self, limit: int = 20) -> list[RunSummary]:
        """The most recent runs, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT r.run_id, r.intent, r.model, r.status, r.answer, r.started_at, "
                "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.run_id) "
                "FROM runs r ORDER BY r.started_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [RunSummary(r[0], r[1], r[2], r[3], r[4], steps=r[6], started_at=r[5]) for r in rows]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def dump_run(state: RunState) -> str:
    """The run as indented JSON (``openlam show --json``)."""
    return json.dumps(state.model_dump(mode="json"), indent=2)
