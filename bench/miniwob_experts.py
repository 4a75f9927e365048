"""MiniWoB++ experts, measured: per-task success of ``--policy expert`` over a seed range.

Runs each task's expert through the suite's own session (one shared Chromium), prints one line
per task and optionally writes every episode and the per-task summary as JSON. Experts are
developed on seeds 0-9999; the held-out seeds 100000-100049 are for the final report.

Usage: ``.venv/bin/python bench/miniwob_experts.py [--tasks A,B] [--seeds 0-49] [--out FILE]``
(without ``--tasks``: every train task that has an expert). Needs ``pip install miniwob``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from openlam.evaluation._suite import AgentSpec, EpisodeRecord, EpisodeSpec
from openlam.evaluation.miniwob import MiniWobSession, load_experts, load_split


def _seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    return seeds


def _summary(task: str, records: list[EpisodeRecord]) -> dict[str, Any]:
    failed = [r for r in records if not r.success]
    return {
        "task": task,
        "episodes": len(records),
        "success_rate": sum(r.success for r in records) / max(len(records), 1),
        "mean_steps": sum(r.steps for r in records) / max(len(records), 1),
        "failed_seeds": [r.seed for r in failed],
        "failures": [
            f"{r.seed}: {r.status} {r.error or r.detail.get('reason', '')}"[:200] for r in failed
        ],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the experts and print per-task success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", help="comma-separated tasks (default: all with an expert)")
    parser.add_argument("--seeds", default="0-49", help="seed ranges, e.g. 0-49 or 1,5,9-12")
    parser.add_argument("--out", type=Path, help="write episodes and summary as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every failure")
    args = parser.parse_args(argv)
    train = load_split()["train"]
    tasks = args.tasks.split(",") if args.tasks else [t for t in train if t in load_experts()]
    seeds = _seeds(args.seeds)
    session = MiniWobSession(AgentSpec(policy="expert"))
    summaries, episodes = [], []
    started = time.monotonic()
    try:
        for task in tasks:
            records = [session.run(EpisodeSpec("miniwob", "train", task, s)) for s in seeds]
            episodes += [r.model_dump() for r in records]
            summary = _summary(task, records)
            summaries.append(summary)
            print(
                f"{task:28s} {summary['success_rate']:6.1%}  steps {summary['mean_steps']:5.1f}"
                f"  failed seeds {summary['failed_seeds'][:10]}",
                flush=True,
            )
            if args.verbose:
                for line in summary["failures"]:
                    print("    ", line)
    finally:
        session.close()
    total = sum(s["success_rate"] * s["episodes"] for s in summaries)
    count = sum(s["episodes"] for s in summaries)
    print(
        f"{'overall':28s} {total / max(count, 1):6.1%}  ({count} episodes, "
        f"{time.monotonic() - started:.0f} s)"
    )
    if args.out:
        args.out.write_text(
            json.dumps({"seeds": args.seeds, "tasks": summaries, "episodes": episodes}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
