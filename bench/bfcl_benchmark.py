"""BFCL v4 numbers: ground truth and random on every entry, the embedded model on a subsample.

    .venv/bin/python bench/bfcl_benchmark.py [--embedded-seeds 0-4] [--multi-turn-seeds 0]
                                        [--turn-steps 2] [--skip-embedded]

Runs (or resumes) these evaluations through the harness, the same as ``openlam eval``:

    openlam eval bfcl --policy expert --out bench/results/bfcl_expert
    openlam eval bfcl --policy random --out bench/results/bfcl_random
    openlam eval bfcl --model embedded --tasks <7 single-turn categories> --seeds N \\
        --out bench/results/bfcl_embedded_seedN        (for each N of --embedded-seeds)
    openlam eval bfcl --model embedded --tasks multi_turn_base --seeds 0 --max-steps 2 \\
        --out bench/results/bfcl_embedded_multi_turn

The embedded runs go seed by seed (every category at seed 0, then at seed 1...) so that a run
cut short still covers every category; multi-turn turns get ``--turn-steps`` steps each
(BFCL's own limit is 20) to keep the embedded run affordable on 2 cores. The script then
writes ``bench/results/bfcl.json``: accuracy per category (and BFCL's unweighted mean over
categories), with prompt tokens, completion tokens and model seconds per decision. BFCL is for
evaluation only: nothing here feeds training or prompt design. (Not named ``bfcl_eval.py``:
run as a script, that name would shadow the ``bfcl_eval`` package.)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from openlam.evaluation import AgentSpec, evaluate, parse_seeds, plan, read_records
from openlam.evaluation._results import EPISODES
from openlam.evaluation.bfcl import CATEGORIES

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results"
SINGLE_TURN = [c for c in CATEGORIES if c != "multi_turn_base"]


def run(agent: AgentSpec, out: Path, command: str, **narrow: Any) -> None:
    """Run one evaluation into ``out``, continuing it when ``out`` already holds records."""
    request = plan("bfcl", agent, command=command, **narrow)
    resume = (out / EPISODES).exists()
    summary = evaluate(request, out, resume=resume)
    print(f"{out.name}: {summary['n']} episodes, task mean {summary['task_mean_success']:.3f}")


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
    """Run the evaluations and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedded-seeds", default="0-4")
    parser.add_argument("--multi-turn-seeds", default="0")
    parser.add_argument(
        "--turn-steps", type=int, default=2, help="step budget per multi-turn user turn"
    )
    parser.add_argument("--skip-embedded", action="store_true")
    args = parser.parse_args()
    base = "python bench/bfcl_benchmark.py"
    for policy in ("expert", "random"):
        run(AgentSpec(policy=policy), RESULTS / f"bfcl_{policy}", f"{base} ({policy})")
    if not args.skip_embedded:
        embedded = AgentSpec(model="embedded")
        command = f"{base} --embedded-seeds {args.embedded_seeds}"
        for seed in parse_seeds(args.embedded_seeds):
            out = RESULTS / f"bfcl_embedded_seed{seed}"
            run(embedded, out, command, tasks=SINGLE_TURN, seeds=[seed])
        command = (
            f"{base} --multi-turn-seeds {args.multi_turn_seeds} --turn-steps {args.turn_steps}"
        )
        multi = parse_seeds(args.multi_turn_seeds)
        out = RESULTS / "bfcl_embedded_multi_turn"
        per_turn = AgentSpec(model="embedded", max_steps=args.turn_steps)
        run(per_turn, out, command, tasks=["multi_turn_base"], seeds=multi)
    results = {
        "expert": table([RESULTS / "bfcl_expert"]),
        "random": table([RESULTS / "bfcl_random"]),
        "embedded": table(sorted(RESULTS.glob("bfcl_embedded*"))),
    }
    (RESULTS / "bfcl.json").write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps({k: round(v["unweighted_mean"], 4) for k, v in results.items()}))


if __name__ == "__main__":
    main()
