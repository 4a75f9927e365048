"""Base vs trained on the same episodes: a Markdown table for the README and the model card.

    .venv/bin/python bench/compare_models.py BASE_DIR:TRAINED_DIR [BASE_DIR:TRAINED_DIR ...]
        [--names base,trained] [--json FILE]

Each group names evaluation directories of one suite (``openlam eval --out``), two or more:
the base, then one per adapter (``--names base,stage1,stage2``). Only the episodes
(``task@seed``) all of them ran are compared, so a base run on more seeds than the trained one
(or the reverse) still gives a like-for-like row. The score is the success rate, or for BFCL the
unweighted mean over its categories; steps, prompt tokens and seconds are per step, seconds
including the browser or tools, model seconds the model alone. The last run's score comes with
its 95% interval, and its episodes are paired with the first run's and, with three or more runs,
the one before it: how many it solved that the other did not, how many it lost, and McNemar's
exact p-value for that split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from openlam.evaluation._results import headline_score, read_records, read_request, summarize
from openlam.evaluation._stats import paired


def compare(dirs: list[Path], names: list[str]) -> dict[str, Any]:
    """Headline numbers of each run (``names[i]`` for ``dirs[i]``) on the episodes all share."""
    runs = [{r.key: r for r in read_records(folder)} for folder in dirs]
    shared = sorted(set.intersection(*(set(run) for run in runs)))
    if not shared:
        raise SystemExit(f"{', '.join(map(str, dirs))} share no episode")
    request = read_request(dirs[-1])
    suite = str(request["suite"])
    row: dict[str, Any] = {"suite": suite, "split": request.get("split"), "episodes": len(shared)}
    for name, records in zip(names, runs, strict=True):
        summary = summarize([records[k] for k in shared])
        score, interval = headline_score(suite, summary)
        row[name] = {
            "score": score,
            "ci": list(interval),
            "mean_steps": summary["mean_steps"],
            "tokens_per_step": summary["tokens_per_step"],
            "seconds_per_step": summary["seconds_per_step"],
            "model_seconds_per_step": summary.get("model_seconds_per_step"),
            "per_task": {t: v["success_rate"] for t, v in summary["per_task"].items()},
        }
    successes = [{k: records[k].success for k in shared} for records in runs]
    # the last run against the first (base vs trained) and, with three or more, the one before
    row["paired"] = []
    for index in sorted({0, len(runs) - 2}):
        test = paired(successes[index], successes[-1])
        row["paired"].append(
            {
                "runs": [names[index], names[-1]],
                "gained": test.only_second,
                "lost": test.only_first,
                "p_value": test.p_value,
            }
        )
    return row


def markdown(rows: list[dict[str, Any]], names: list[str]) -> str:
    """One line per suite: each run's score, then the last run's steps and cost per step."""
    lines = [
        "| suite (held-out) | episodes | "
        + " | ".join(names)
        + f" | {names[-1]} 95% interval"
        + "".join(f" | {names[-1]} vs {n} (gained / lost, p)" for n in _paired_with(names))
        + f" | steps ({' / '.join(names)}) | prompt tokens per step | seconds per step (model) |",
        "|---|---:|" + "---:|" * (len(names) + 4 + len(_paired_with(names))),
    ]
    for row in rows:
        last = row[names[-1]]
        model = last["model_seconds_per_step"]
        seconds = f"{last['seconds_per_step']:.2f}" + (
            f" ({model:.2f})" if model is not None else ""
        )
        scores = [f"{row[n]['score']:.1%}" for n in names]
        scores[-1] = f"**{scores[-1]}**"
        steps = " / ".join(f"{row[n]['mean_steps']:.1f}" for n in names)
        low, high = last["ci"]
        tests = "".join(
            f"| +{t['gained']} / -{t['lost']}, p={t['p_value']:.2g} " for t in row["paired"]
        )
        lines.append(
            f"| {row['suite']} {row['split']} | {row['episodes']} | {' | '.join(scores)} "
            f"| {low:.0%}-{high:.0%} {tests}| {steps} | {last['tokens_per_step']:.0f} "
            f"| {seconds} |"
        )
    return "\n".join(lines)


def _paired_with(names: list[str]) -> list[str]:
    """The runs the last one is paired with: the first, and the one before it if different."""
    return [names[i] for i in sorted({0, len(names) - 2})]


def main() -> None:
    """Compare each group, print the table, optionally write every number as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="+", help="BASE_DIR:TRAINED_DIR[:LATER_DIR ...]")
    parser.add_argument(
        "--names", help="Column names, comma-separated (default: base,trained for two runs)."
    )
    parser.add_argument("--json", type=Path, help="Write the rows (with per-task rates) here.")
    args = parser.parse_args()
    groups = [[Path(part) for part in group.split(":")] for group in args.groups]
    width = len(groups[0])
    if width < 2 or any(len(group) != width for group in groups):
        parser.error("give every group as the same number (two or more) of DIR:DIR")
    names = args.names.split(",") if args.names else ["base", "trained"]
    if len(names) != width:
        parser.error(f"--names gives {len(names)} names for {width} runs per group")
    rows = [compare(group, names) for group in groups]
    print(markdown(rows, names))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
