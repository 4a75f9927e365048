"""Step agreement: how often a model picks the expert's action on the expert's own pages.

An episode fails when one step goes wrong, so a suite's success rate mixes two things: how
often the model's single choice is right, and how many choices an episode needs. This
benchmark separates them. The experts run the held-out episodes (their trajectories are kept
in ``OUT/expert-SUITE-SPLIT``); then, for every step of a successful expert trajectory, each
model is given exactly the context the runner would give it there (intent, the expert's
steps so far as history, that page) and its reply is compared with the expert's action, both
encoded the way training targets are (a question agrees whatever its wording; an answer
agrees when it contains the expert's). Nothing here is trained on: the pages are held-out
tasks and seeds.

Reported per model: exact agreement over all steps, by the expert's action type and by step
position, the share of episodes where every step agrees (what a perfectly deterministic page
would let it solve), how many expert steps agree before the first disagreement, and what the
model did instead at the first one.

Usage::

    python bench/step_agreement.py sandbox --split test --seeds 100000 \
        --model embedded --model embedded:base --out bench/results/step_agreement
    python bench/step_agreement.py miniwob --split train --seeds 100000-100001 --model embedded ...

(MiniWoB++'s ``eval_only`` tasks have no expert, so they cannot be measured this way.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from openlam.evaluation import AgentSpec, evaluate, parse_seeds, plan
from openlam.exceptions import OpenlamError
from openlam.learning import read_trajectories
from openlam.learning._examples import encode_action, space_for
from openlam.learning._trajectory import Trajectory
from openlam.models import Context, Model, load_model, spec_label


def expert_trajectories(
    suite: str, split: str, seeds: str, tasks: str | None, out: Path
) -> list[Trajectory]:
    """The expert's successful trajectories on these episodes (run once, then reused)."""
    folder = out / f"expert-{suite}-{split}"
    if not (folder / "trajectories.jsonl").exists():
        request = plan(
            suite,
            AgentSpec(policy="expert", trajectories=True),
            split=split,
            tasks=[t for t in tasks.split(",") if t] if tasks else None,
            seeds=parse_seeds(seeds),
        )
        summary = evaluate(request, folder)
        print(f"expert: {summary['n']} episodes, {summary['success_rate']:.1%} verified")
    return [t for t in read_trajectories(folder / "trajectories.jsonl") if t.success]


def score(spec: str, trajectories: list[Trajectory], first_only: bool = False) -> dict[str, Any]:
    """Compare ``spec``'s reply with the expert's action at every expert step."""
    model = load_model(spec)
    try:
        return score_model(model, spec_label(spec), trajectories, first_only)
    finally:
        model.close()


def score_model(
    model: Model, label: str, trajectories: list[Trajectory], first_only: bool = False
) -> dict[str, Any]:
    """``model``'s reply against the expert's action at every expert step (or only at each
    episode's first step), summarized."""
    steps: list[dict[str, Any]] = []
    started = time.monotonic()
    total = len(trajectories) if first_only else sum(len(t.steps) for t in trajectories)
    for trajectory in trajectories:
        for i, step in enumerate(trajectory.steps[:1] if first_only else trajectory.steps):
            if step.action is None:
                continue
            space = space_for(step.observation)
            context = Context(trajectory.intent, step.observation, tuple(trajectory.steps[:i]))
            try:
                expected = encode_action(step.action, space)
            except ValueError:  # not a trainable target either (see examples_from)
                continue
            try:
                decision = model.decide(context, space)
            except OpenlamError as exc:  # an invalid reply is a disagreement, kept
                got, tokens = f"invalid: {exc}", 0
            else:
                tokens = decision.usage.prompt_tokens
                try:
                    got = encode_action(decision.action, space)
                except ValueError:  # a field the encoding leaves out: compare the reply
                    got = decision.raw
            steps.append(
                {
                    "episode": trajectory.key,
                    "step": step.index,
                    "expected": expected,
                    "got": got,
                    "agree": agrees(expected, got),
                    "type": step.action.action,
                    "got_type": json.loads(got)["action"] if got.startswith("{") else None,
                    "prompt_tokens": tokens,
                }
            )
            if len(steps) % 25 == 0:
                print(f"  {label}: {len(steps)}/{total} steps", flush=True)
    return summarize(label, steps, time.monotonic() - started)


def agrees(expected: str, got: str) -> bool:
    """The same action, encoded alike; a question may be worded any way, and an answer
    agrees when it contains the expert's (as the sandbox's checks read answers)."""
    if expected == got:
        return True
    if not got.startswith("{"):
        return False
    want, have = json.loads(expected), json.loads(got)
    if want["action"] != have["action"]:
        return False
    if want["action"] == "ask_user":
        return True
    if want["action"] == "finish":
        return str(want.get("answer", "")).lower() in str(have.get("answer") or "").lower()
    return False


def _position(step: int) -> str:
    return "1" if step == 1 else "2-3" if step <= 3 else "4-6" if step <= 6 else "7+"


def summarize(label: str, steps: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    """Agreement overall, by action type, by position and per episode."""

    def rate(rows: list[dict[str, Any]]) -> dict[str, Any]:
        agree = sum(r["agree"] for r in rows)
        return {"steps": len(rows), "agree": agree, "rate": agree / len(rows) if rows else None}

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_position: dict[str, list[dict[str, Any]]] = defaultdict(list)
    episodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in steps:
        by_type[row["type"]].append(row)
        by_position[_position(row["step"])].append(row)
        episodes[row["episode"]].append(row)
    first_miss: list[dict[str, Any]] = []
    before_miss: list[int] = []
    for rows in episodes.values():
        miss = next((r for r in rows if not r["agree"]), None)
        before_miss.append(rows.index(miss) if miss else len(rows))
        if miss:
            first_miss.append(miss)
    instead = Counter(f"{m['type']} -> {m['got_type']}" for m in first_miss)
    return {
        "model": label,
        "overall": rate(steps),
        "same_action_type": sum(r["type"] == r["got_type"] for r in steps) / max(len(steps), 1),
        "by_type": {k: rate(v) for k, v in sorted(by_type.items())},
        "by_position": {k: rate(by_position[k]) for k in ("1", "2-3", "4-6", "7+")},
        "episodes": len(episodes),
        "episodes_all_agree": sum(all(r["agree"] for r in v) for v in episodes.values()),
        "expert_steps_per_episode": statistics.mean(len(v) for v in episodes.values()),
        "agreeing_steps_before_first_miss": statistics.mean(before_miss) if before_miss else None,
        "first_miss_instead": dict(instead.most_common(12)),
        "seconds_per_step": seconds / max(len(steps), 1),
        "prompt_tokens_per_step": statistics.mean(r["prompt_tokens"] for r in steps),
        "steps": steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", help="sandbox, miniwob or forms (suites with experts)")
    parser.add_argument("--split", default="test")
    parser.add_argument("--seeds", default="100000")
    parser.add_argument("--tasks", default=None, help="only these tasks: A,B")
    parser.add_argument("--model", action="append", required=True, help="repeat to compare")
    parser.add_argument("--out", type=Path, required=True, help="folder for results")
    parser.add_argument(
        "--first-steps", action="store_true", help="only each episode's first step (quick)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    trajectories = expert_trajectories(args.suite, args.split, args.seeds, args.tasks, args.out)
    results = []
    for spec in args.model:
        result = score(spec, trajectories, args.first_steps)
        results.append(result)
        overall = result["overall"]
        print(
            f"{result['model']}: {overall['agree']}/{overall['steps']} steps agree "
            f"({overall['rate']:.1%}), every step of {result['episodes_all_agree']}/"
            f"{result['episodes']} episodes, {result['seconds_per_step']:.2f} s per step"
        )
    name = f"{args.suite}-{args.split}{'-first' if args.first_steps else ''}.json"
    (args.out / name).write_text(
        json.dumps(
            {
                "suite": args.suite,
                "split": args.split,
                "seeds": args.seeds,
                "first_steps_only": args.first_steps,
                "results": results,
            },
            indent=1,
        )
    )
    print(f"written: {args.out / name}")


if __name__ == "__main__":
    main()
