"""One SVG figure of evaluation results for the README: the headline score of each agent per suite.

    .venv/bin/python bench/plot_summary.py [DIR ...] [--out docs/eval_results.svg]

Each DIR is an evaluation directory (``eval.json`` + ``episodes.jsonl``) or a folder searched for
them (default: ``bench/results``). Runs of the same suite, split and agent are pooled (one record
per ``task@seed``, the later directory winning), so an evaluation done in parts counts once. The
score per suite is BFCL's unweighted mean over categories, else the success rate, drawn with its
95% interval (a whisker; in the table after the episode count). A suite an agent
was not run on shows as ``n/a``; a directory without results is skipped with a warning. Prints the
same numbers as a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from openlam.evaluation._charts import Series, grouped_bar_chart, percent
from openlam.evaluation._results import (
    REQUEST,
    headline_score,
    read_records,
    read_request,
    summarize,
)
from openlam.evaluation._suite import EpisodeRecord
from openlam.exceptions import UserError

ROOT = Path(__file__).resolve().parents[1]
SUITE_ORDER = ("sandbox", "miniwob", "bfcl", "agentdojo")
AGENT_NAMES = {
    "policy:random": "random",
    "embedded:base": "embedded base model",
    "embedded+openlam-action": "openlam action model (trained)",
    "policy:expert": "expert / ground truth",
    "policy:scripted": "does nothing",
}


@dataclass(frozen=True)
class Score:
    """One agent's score on one suite split, its 95% interval, and how many episodes it rests on."""

    value: float
    episodes: int
    interval: tuple[float, float] = (0.0, 1.0)


Key = tuple[str, str, str]  # suite, split, agent
SAME_AGENT = {"embedded": "embedded:base"}
"""Plain ``embedded`` was recorded before the action adapter shipped: it ran the base model."""


def result_dirs(paths: list[Path]) -> list[Path]:
    """Evaluation directories given, or found under the folders given, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if (path / REQUEST).exists():
            found.append(path)
        elif path.is_dir():
            found.extend(sorted(p.parent for p in path.rglob(REQUEST)))
        else:
            print(f"warning: {path} does not exist, skipped", file=sys.stderr)
    return found


def pooled_records(directories: list[Path]) -> dict[Key, list[EpisodeRecord]]:
    """Records of every readable directory, pooled by suite, split and agent."""
    pools: dict[Key, dict[str, EpisodeRecord]] = defaultdict(dict)
    for directory in directories:
        try:
            request = read_request(directory)
            records = read_records(directory)
        except UserError as exc:
            print(f"warning: skipped: {exc}", file=sys.stderr)
            continue
        for record in records:
            split = str(request.get("split") or record.split)
            agent = str(request.get("agent") or record.agent)
            agent = SAME_AGENT.get(agent, agent)
            pools[(record.suite, split, agent)][record.key] = record
    return {key: list(pool.values()) for key, pool in pools.items() if pool}


def scores(pools: dict[Key, list[EpisodeRecord]]) -> dict[Key, Score]:
    """The headline score of each pool."""
    result = {}
    for (suite, split, agent), records in pools.items():
        score, interval = headline_score(suite, summarize(records))
        result[(suite, split, agent)] = Score(score, len(records), interval)
    return result


def _suite_rank(category: tuple[str, str]) -> tuple[int, str, str]:
    suite, split = category
    rank = SUITE_ORDER.index(suite) if suite in SUITE_ORDER else len(SUITE_ORDER)
    return (rank, suite, split)


def _agent_rank(agent: str) -> tuple[int, str]:
    # lower bound first, then the base model, the trained model, and the upper bound last
    bounds = {"policy:random": 0, "embedded+openlam-action": 2, "policy:expert": 3}
    return (bounds.get(agent, 1), agent)


def layout(results: dict[Key, Score]) -> tuple[list[tuple[str, str]], list[str]]:
    """The suite splits (rows) and agents (series) to draw, in reading order."""
    categories = sorted({(s, sp) for s, sp, _ in results}, key=_suite_rank)
    agents = sorted({a for _, _, a in results}, key=_agent_rank)
    return categories, agents


def figure(results: dict[Key, Score]) -> str:
    """The grouped bar chart: one group per suite split, one bar per agent."""
    categories, agents = layout(results)
    series = []
    for agent in agents:
        values = [results.get((s, sp, agent)) for s, sp in categories]
        series.append(
            Series(
                AGENT_NAMES.get(agent, agent),
                [v.value if v else None for v in values],
                [v.interval if v else None for v in values],
            )
        )
    labels = [f"{suite} {split}" for suite, split in categories]
    return grouped_bar_chart(
        labels,
        series,
        title="openlam evaluation: success per suite, 95% intervals (BFCL: mean over categories)",
        scale_max=1.0,
        fmt=percent,
    )


def markdown_table(results: dict[Key, Score]) -> str:
    """The figure's numbers as a Markdown table (``83% (50; 70-91%)``: score, episodes and
    95% interval)."""
    categories, agents = layout(results)
    head = "| suite | " + " | ".join(AGENT_NAMES.get(a, a) for a in agents) + " |"
    lines = [head, "|---" * (len(agents) + 1) + "|"]
    for suite, split in categories:
        cells = []
        for agent in agents:
            score = results.get((suite, split, agent))
            if score is None:
                cells.append("n/a")
                continue
            low, high = score.interval
            cells.append(f"{percent(score.value)} ({score.episodes}; {low:.0%}-{high:.0%})")
        lines.append(f"| {suite} {split} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Collect, draw, write the SVG and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "bench" / "results"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "eval_results.svg")
    args = parser.parse_args()
    results = scores(pooled_records(result_dirs(args.dirs)))
    if not results:
        sys.exit("no evaluation results found; give directories written by `openlam eval --out`")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(figure(results) + "\n", encoding="utf-8")
    print(markdown_table(results))
    print(f"\nwrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
