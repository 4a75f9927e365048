"""An evaluation's results on disk: request, per-episode records (JSONL) and summary.

Layout of an output directory::

    eval.json       what was asked (suite, split, agent, episodes) — used by ``--resume``
    episodes.jsonl  one ``EpisodeRecord`` per line, appended as episodes finish
    summary.json    the headline numbers, rewritten after every episode
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from openlam.evaluation._stats import mean_rate_interval, wilson_interval
from openlam.evaluation._suite import EpisodeRecord
from openlam.exceptions import UserError

EPISODES = "episodes.jsonl"
SUMMARY = "summary.json"
REQUEST = "eval.json"


MEAN_OVER_TASKS = frozenset({"bfcl"})
"""Suites scored by the unweighted mean of their tasks' rates (BFCL's overall accuracy)."""
INTERVAL_OF = {"success_rate": "success_ci", "task_mean_success": "task_mean_ci"}
"""Each headline rate of a summary and the key of its 95% interval."""


def headline_score(suite: str, summary: dict[str, Any]) -> tuple[float, tuple[float, float]]:
    """A suite's score in ``summary`` (the mean over tasks for BFCL, else the success rate)
    and its 95% interval."""
    metric = "task_mean_success" if suite in MEAN_OVER_TASKS else "success_rate"
    low, high = summary[INTERVAL_OF[metric]]
    return float(summary[metric]), (float(low), float(high))


def _rates(records: Sequence[EpisodeRecord]) -> dict[str, Any]:
    steps = sum(r.steps for r in records)
    n = len(records)
    successes = sum(r.success for r in records)
    return {
        "n": n,
        "success_rate": successes / n if n else 0.0,
        "success_ci": list(wilson_interval(successes, n)),
        "mean_reward": sum(r.reward for r in records) / n if n else 0.0,
        "mean_steps": steps / n if n else 0.0,
        "tokens_per_step": sum(r.prompt_tokens for r in records) / steps if steps else 0.0,
        "seconds_per_step": sum(r.seconds for r in records) / steps if steps else 0.0,
        "model_seconds_per_step": sum(r.model_seconds for r in records) / steps if steps else 0.0,
        "errors": sum(r.status == "error" for r in records),
    }


def summarize(records: Sequence[EpisodeRecord]) -> dict[str, Any]:
    """Headline numbers, the same per task, per ``detail["group"]`` when records carry one,
    and the rate of every boolean ``detail`` field (e.g. AgentDojo's attack success).

    ``task_mean_success`` is the unweighted mean of the per-task success rates (BFCL's
    overall accuracy is this mean over categories). ``success_ci`` and ``task_mean_ci`` are
    their 95% intervals (``openlam.evaluation._stats``).
    """
    by_task: dict[str, list[EpisodeRecord]] = defaultdict(list)
    by_group: dict[str, list[EpisodeRecord]] = defaultdict(list)
    for record in records:
        by_task[record.task].append(record)
        group = record.detail.get("group")
        if isinstance(group, str):
            by_group[group].append(record)
    per_task = {task: _rates(rs) for task, rs in sorted(by_task.items())}
    summary = _rates(records)
    summary["task_mean_success"] = (
        sum(t["success_rate"] for t in per_task.values()) / len(per_task) if per_task else 0.0
    )
    summary["task_mean_ci"] = list(
        mean_rate_interval([(sum(r.success for r in rs), len(rs)) for rs in by_task.values()])
    )
    summary["per_task"] = per_task
    if by_group:
        summary["per_group"] = {g: _rates(rs) for g, rs in sorted(by_group.items())}
    flags = _flag_rates(records)
    if flags:
        summary["detail_rates"] = flags
    return summary


def _flag_rates(records: Iterable[EpisodeRecord]) -> dict[str, float]:
    counts: dict[str, list[bool]] = defaultdict(list)
    for record in records:
        for key, value in record.detail.items():
            if isinstance(value, bool):
                counts[key].append(value)
    return {key: sum(vs) / len(vs) for key, vs in sorted(counts.items())}


def read_records(directory: Path) -> list[EpisodeRecord]:
    """Every record written to ``directory`` so far (a torn last line from a crash is skipped)."""
    path = directory / EPISODES
    if not path.exists():
        raise UserError(f"{directory} holds no evaluation results ({EPISODES} is missing)")
    records = []
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(EpisodeRecord.model_validate_json(line))
        except ValidationError as exc:
            if number == len(lines):  # written while the process died: redo that episode
                break
            reason = exc.errors()[0]["msg"]
            raise UserError(f"{path}:{number} is not an episode record: {reason}") from None
    return records


def read_summary(directory: Path) -> dict[str, Any]:
    """The summary of ``directory`` (recomputed from the records if it is missing)."""
    path = directory / SUMMARY
    if path.exists():
        try:
            data: dict[str, Any] = json.loads(path.read_text())
            return data
        except json.JSONDecodeError:
            pass  # torn by a crash: the records are the truth
    request = read_request(directory)
    return {**_headline(request), **summarize(read_records(directory))}


def read_request(directory: Path) -> dict[str, Any]:
    """The ``eval.json`` request of ``directory``."""
    path = directory / REQUEST
    if not path.exists():
        raise UserError(f"{directory} is not an evaluation directory ({REQUEST} is missing)")
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise UserError(f"{path} is not valid JSON ({exc.msg}); re-run the evaluation") from None
    return data


def _headline(request: dict[str, Any]) -> dict[str, Any]:
    return {k: request.get(k) for k in ("suite", "split", "agent", "command")}
