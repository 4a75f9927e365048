"""Base vs trained on the same episodes: a Markdown table for the README and the model card.

    .venv/bin/python bench/compare_models.py BASE_DIR:TRAINED_DIR [BASE_DIR:TRAINED_DIR ...]
        [--json FILE]

Each pair names two evaluation directories of one suite (``openlam eval --out``). Only the
episodes (``task@seed``) both ran are compared, so a base run on more seeds than the trained one
(or the reverse) still gives a like-for-like row. The score is the success rate, or for BFCL the
unweighted mean over its categories; steps, prompt tokens and seconds are per step, seconds
including the browser or tools, model seconds the model alone.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from openlam.evaluation._results import read_records, read_request, summarize

MEAN_OVER_TASKS = {"bfcl"}


def compare(base_dir: Path, trained_dir: Path) -> dict[str, Any]:
    """Headline numbers of both runs on the episodes they share."""
    base = {r.key: r for r in read_records(base_dir)}
    trained = {r.key: r for r in read_records(trained_dir)}
    shared = sorted(base.keys() & trained.keys())
    if not shared:
        raise SystemExit(f"{base_dir} and {trained_dir} share no episode")
    request = read_request(trained_dir)
    suite = str(request["suite"])
    metric = "task_mean_success" if suite in MEAN_OVER_TASKS else "success_rate"
    row: dict[str, Any] = {"suite": suite, "split": request.get("split"), "episodes": len(shared)}
    for name, records in (("base", base), ("trained", trained)):
        summary = summarize([records[k] for k in shared])
        row[name] = {
            "score": summary[metric],
            "mean_steps": summary["mean_steps"],
            "tokens_per_step": summary["tokens_per_step"],
            "seconds_per_step": summary["seconds_per_step"],
            "model_seconds_per_step": summary.get("model_seconds_per_step"),
            "per_task": {t: v["success_rate"] for t, v in summary["per_task"].items()},
        }
    return row


def markdown(rows: list[dict[str, Any]]) -> str:
    """One line per suite: score base → trained, then the trained model's cost per step."""
    lines = [
        "| suite (held-out) | episodes | base | trained | steps (base / trained) "
        "| prompt tokens per step | seconds per step (model) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        b, t = row["base"], row["trained"]
        model = t["model_seconds_per_step"]
        seconds = f"{t['seconds_per_step']:.2f}" + (f" ({model:.2f})" if model is not None else "")
        lines.append(
            f"| {row['suite']} {row['split']} | {row['episodes']} | {b['score']:.1%} "
            f"| **{t['score']:.1%}** | {b['mean_steps']:.1f} / {t['mean_steps']:.1f} "
            f"| {t['tokens_per_step']:.0f} | {seconds} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Compare each pair, print the table, optionally write every number as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", help="BASE_DIR:TRAINED_DIR")
    parser.add_argument("--json", type=Path, help="Write the rows (with per-task rates) here.")
    args = parser.parse_args()
    rows = []
    for pair in args.pairs:
        base, sep, trained = pair.partition(":")
        if not sep:
            parser.error(f"{pair!r}: give BASE_DIR:TRAINED_DIR")
        rows.append(compare(Path(base), Path(trained)))
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
