"""Episodes per minute of `openlam eval` with 1, 2 and 4 workers (process pool) and on Ray.

Runs the sandbox GUI experts on the same held-out episodes each time (real server, real
Chromium, one browser per worker) and writes bench/results/eval_workers.json.

    .venv/bin/python bench/eval_workers.py [--episodes 16] [--workers 1,2,4] [--ray]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from openlam.evaluation import AgentSpec, evaluate, get_suite, plan

OUT = Path(__file__).parent / "results" / "eval_workers.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=16)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--ray", action="store_true", help="also run on a local Ray instance")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    tasks = get_suite("sandbox").tasks("test")
    picked = [tasks[i * len(tasks) // args.episodes] for i in range(args.episodes)]
    agent = AgentSpec(policy="expert")
    rows = []
    setups = [(int(w), False) for w in args.workers.split(",")]
    setups += [(int(w), True) for w in args.workers.split(",") if args.ray and int(w) > 1]
    for workers, ray in setups:
        request = plan("sandbox", agent, tasks=picked, seeds=[100000], workers=workers, ray=ray)
        with tempfile.TemporaryDirectory() as scratch:
            started = time.monotonic()
            summary = evaluate(request, Path(scratch))
            wall = time.monotonic() - started
        row = {
            "workers": workers,
            "ray": ray,
            "episodes": summary["n"],
            "success_rate": summary["success_rate"],
            "wall_seconds": round(wall, 1),
            "episodes_per_minute": round(summary["n"] / wall * 60, 2),
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    result = {
        "command": "python bench/eval_workers.py "
        + f"--episodes {args.episodes} --workers {args.workers}"
        + (" --ray" if args.ray else ""),
        "cpus": os.cpu_count(),
        "note": "wall time includes starting each worker (server, browser); sandbox experts",
        "runs": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
