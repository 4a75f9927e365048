"""BFCL v4 table: accuracy and cost per category for ground truth, random and the embedded model.

    bench/eval_all.sh baselines && bench/eval_all.sh model   # the runs (see that script)
    .venv/bin/python bench/bfcl_benchmark.py                 # the table from their results

Reads ``bench/results/eval/bfcl-expert``, ``bfcl-random`` and every ``bfcl-embedded*``
directory and writes ``bench/results/bfcl.json``: accuracy per category (and BFCL's unweighted
mean over categories), with prompt tokens, completion tokens and model seconds per decision and
the entries each rests on. BFCL is for evaluation only: nothing here feeds training or prompt
design. (Not named ``bfcl_eval.py``: run as a script, that name would shadow ``bfcl_eval``.)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from openlam.evaluation import read_records
from openlam.evaluation._results import EPISODES
from openlam.evaluation.bfcl import CATEGORIES

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results"
RUNS = RESULTS / "eval"
SINGLE_TURN = [c for c in CATEGORIES if c != "multi_turn_base"]


def table(dirs: list[Path]) -> dict[str, Any]:
    """Accuracy and cost per category over the records of ``dirs`` (one agent)."""
    records = [r for d in dirs if (d / EPISODES).exists() for r in read_records(d)]
    rows: dict[str, Any] = {}
    for category in CATEGORIES:
        mine = [r for r in records if r.task == category]
        if not mine:
            continue
        decisions = sum(r.steps for r in mine) or 1
        rows[category] = {
            "n": len(mine),
            "seeds": f"{min(r.seed for r in mine)}-{max(r.seed for r in mine)}",
            "accuracy": sum(r.success for r in mine) / len(mine),
            "errors": sum(r.status == "error" for r in mine),
            "decisions_per_entry": decisions / len(mine),
            "prompt_tokens_per_decision": sum(r.prompt_tokens for r in mine) / decisions,
            "completion_tokens_per_decision": sum(r.completion_tokens for r in mine) / decisions,
            "model_seconds_per_decision": sum(r.model_seconds for r in mine) / decisions,
        }
    accuracies = [row["accuracy"] for row in rows.values()]
    return {
        "unweighted_mean": sum(accuracies) / len(accuracies) if accuracies else 0.0,
        "categories": rows,
    }


def main() -> None:
    """Write the table of the BFCL results found under ``bench/results/eval``."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    results = {
        "expert": table([RUNS / "bfcl-expert"]),
        "random": table([RUNS / "bfcl-random"]),
        "embedded": table(sorted(RUNS.glob("bfcl-embedded*"))),
    }
    (RESULTS / "bfcl.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: round(v["unweighted_mean"], 4) for k, v in results.items()}))


if __name__ == "__main__":
    main()
