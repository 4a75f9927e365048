"""Running an evaluation: plan the episodes, run them (in process, a process pool or Ray),
append each record as it finishes, keep the summary current, resume an interrupted run."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openlam.evaluation._results import (
    EPISODES,
    REQUEST,
    SUMMARY,
    read_records,
    read_request,
    summarize,
)
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSession,
    EpisodeSpec,
    error_record,
    get_suite,
)
from openlam.exceptions import UserError
from openlam.learning import TRAJECTORIES, read_trajectories

OnRecord = Callable[[EpisodeRecord, int, int], None]
"""Called after each episode with the record, episodes done and episodes in the plan."""


@dataclass(frozen=True)
class EvalRequest:
    """What to evaluate: a suite's split, an agent and the episodes to run."""

    suite: str
    split: str
    agent: AgentSpec
    episodes: tuple[EpisodeSpec, ...]
    workers: int = 1
    ray: bool = False
    command: str = ""
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_json(self) -> dict[str, Any]:
        """The request as written to ``eval.json``."""
        data = asdict(self)
        data["agent"] = self.agent.label
        data["agent_spec"] = asdict(self.agent)
        data["episodes"] = [[e.task, e.seed] for e in self.episodes]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvalRequest:
        """Read back what ``to_json`` wrote."""
        try:
            suite, split = str(data["suite"]), str(data["split"])
            episodes = tuple(EpisodeSpec(suite, split, str(t), int(s)) for t, s in data["episodes"])
            return cls(
                suite=suite,
                split=split,
                agent=AgentSpec(**data["agent_spec"]),
                episodes=episodes,
                workers=int(data.get("workers", 1)),
                ray=bool(data.get("ray", False)),
                command=str(data.get("command", "")),
                created=str(data.get("created", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise UserError(f"eval.json is not an evaluation request ({exc!r})") from None


def parse_seeds(text: str) -> list[int]:
    """``100000-100049`` or ``1,5,9`` (or a mix: ``1-3,7``) → seeds."""
    seeds: list[int] = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        low, dash, high = part.partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise UserError(f"bad seeds {text!r}: write a range like 100000-100049 or a list 1,2,3")
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise UserError(f"bad seed range {part!r}: the end comes before the start")
        seeds.extend(range(first, last + 1))
    if not seeds:
        raise UserError("no seeds given: write a range like 100000-100049 or a list 1,2,3")
    return seeds


def plan(
    suite_name: str,
    agent: AgentSpec,
    *,
    split: str | None = None,
    tasks: Sequence[str] | None = None,
    seeds: Sequence[int] | None = None,
    workers: int = 1,
    ray: bool = False,
    command: str = "",
) -> EvalRequest:
    """The episodes of an evaluation: every (task, seed) of the split unless narrowed."""
    suite = get_suite(suite_name)
    chosen = split or suite.splits()[0]
    if chosen not in suite.splits():
        raise UserError(
            f"unknown split {chosen!r} for suite {suite_name}; "
            f"use one of {', '.join(suite.splits())}"
        )
    known = suite.tasks(chosen)
    picked = list(tasks) if tasks else list(known)
    unknown = [t for t in picked if t not in known]
    if unknown:
        sample = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        raise UserError(
            f"unknown task(s) {', '.join(unknown)} in {suite_name}/{chosen}; "
            f"tasks include: {sample}"
        )
    episodes = tuple(
        EpisodeSpec(suite_name, chosen, task, seed)
        for task in picked
        for seed in (seeds if seeds is not None else suite.seeds(chosen, task))
    )
    if workers < 1:
        raise UserError("--workers must be at least 1")
    return EvalRequest(suite_name, chosen, agent, episodes, workers, ray, command)


def evaluate(
    request: EvalRequest, out: Path, *, resume: bool = False, on_record: OnRecord | None = None
) -> dict[str, Any]:
    """Run every episode of ``request`` not yet recorded in ``out``; return the summary.

    Records are appended to ``out/episodes.jsonl`` as episodes finish, so an interrupted
    evaluation keeps what it did and ``resume=True`` continues it.
    """
    done = _prepare_dir(request, out, resume)
    pending = [e for e in request.episodes if e.key not in done]
    records = list(done.values())
    started = time.monotonic()
    with ExitStack() as files:
        sink = files.enter_context((out / EPISODES).open("a", encoding="utf-8"))
        steps_sink = None
        if request.agent.trajectories:
            steps_sink = files.enter_context((out / TRAJECTORIES).open("a", encoding="utf-8"))
        for record in _execute(request, pending):
            if record.detail.get("setup_failed") is True:
                raise UserError(f"a worker could not start: {record.error}")
            sink.write(record.model_dump_json() + "\n")
            sink.flush()
            if steps_sink is not None and record.trajectory is not None:
                steps_sink.write(record.trajectory.model_dump_json() + "\n")
                steps_sink.flush()
            records.append(record)
            _write_summary(out, request, records, len(records) - len(done), started)
            if on_record is not None:
                on_record(record, len(records), len(request.episodes))
    return _write_summary(out, request, records, len(records) - len(done), started)


def resume_request(out: Path) -> EvalRequest:
    """The request of an earlier evaluation in ``out``."""
    return EvalRequest.from_json(read_request(out))


def _prepare_dir(request: EvalRequest, out: Path, resume: bool) -> dict[str, EpisodeRecord]:
    if resume:
        records = read_records(out)
        # rewrite without a line torn by the crash, so appending starts on a fresh line
        lines = "".join(r.model_dump_json() + "\n" for r in records)
        (out / EPISODES).write_text(lines, encoding="utf-8")
        _keep_trajectories(out / TRAJECTORIES, {r.key for r in records})
        return {r.key: r for r in records}
    if (out / EPISODES).exists() and (out / EPISODES).stat().st_size:
        raise UserError(
            f"{out} already holds results: pass --resume {out} to continue it, "
            "or choose another --out"
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / REQUEST).write_text(json.dumps(request.to_json(), indent=1) + "\n")
    (out / EPISODES).touch()
    return {}


def _keep_trajectories(path: Path, keys: set[str]) -> None:
    """Drop trajectory lines torn by a crash or of episodes that will run again."""
    if not path.exists():
        return
    kept = [t for t in read_trajectories(path, strict=False) if t.key in keys]
    path.write_text("".join(t.model_dump_json() + "\n" for t in kept), encoding="utf-8")


def _write_summary(
    out: Path, request: EvalRequest, records: list[EpisodeRecord], ran: int, started: float
) -> dict[str, Any]:
    minutes = (time.monotonic() - started) / 60
    summary: dict[str, Any] = {
        "suite": request.suite,
        "split": request.split,
        "agent": request.agent.label,
        "command": request.command,
        "planned": len(request.episodes),
        "workers": request.workers,
        "ray": request.ray,
        "episodes_per_minute": ran / minutes if minutes > 0 and ran else 0.0,
        **summarize(records),
    }
    temporary = out / (SUMMARY + ".tmp")
    temporary.write_text(json.dumps(summary, indent=1) + "\n")
    temporary.replace(out / SUMMARY)  # atomic: a crash never leaves half a summary
    return summary


def _execute(request: EvalRequest, pending: list[EpisodeSpec]) -> Iterator[EpisodeRecord]:
    if not pending:
        return iter(())
    if request.ray:
        from openlam.evaluation._ray import run_on_ray

        records: Iterator[EpisodeRecord] = run_on_ray(
            request.suite, request.agent, pending, request.workers
        )
        return records
    if request.workers == 1:
        return _run_in_process(request.suite, request.agent, pending)
    from openlam.evaluation._pool import run_in_pool

    return run_in_pool(request.suite, request.agent, pending, request.workers)


def _run_in_process(
    suite: str, agent: AgentSpec, episodes: list[EpisodeSpec]
) -> Iterator[EpisodeRecord]:
    session = get_suite(suite).open(agent)
    try:
        for episode in episodes:
            yield run_safely(session, episode, agent)
    finally:
        session.close()


def run_safely(session: EpisodeSession, episode: EpisodeSpec, agent: AgentSpec) -> EpisodeRecord:
    """``session.run`` with any escaping error turned into an error record (the evaluation
    goes on; the traceback is for the suite's author, the record says what broke)."""
    started = time.monotonic()
    try:
        return session.run(episode)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # a suite bug or a dead dependency: record it, keep going
        return error_record(episode, agent, f"{type(exc).__name__}: {exc}", _since(started))


def setup_failure(episode: EpisodeSpec, agent: AgentSpec, error: str) -> EpisodeRecord:
    """What a worker whose session could not open answers; the evaluation stops on it."""
    return error_record(episode, agent, error).model_copy(update={"detail": {"setup_failed": True}})


def _since(started: float) -> float:
    return time.monotonic() - started


def default_out_dir(suite: str, split: str, agent: AgentSpec, *, root: str = "evals") -> Path:
    """``$OPENLAM_HOME/ROOT/SUITE-SPLIT-AGENT-TIMESTAMP`` (ROOT: ``evals``, ``data``)."""
    from openlam._paths import data_dir

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    label = "".join(c if c.isalnum() else "-" for c in agent.label).strip("-")
    return data_dir() / root / f"{suite}-{split}-{label}-{stamp}-{os.getpid()}"
