"""Constrained decoding speed: llama.cpp's full-vocabulary grammar check against openlam's
best-first check, on the prompts of real trajectories.

For every step of the trajectories given (expert runs from ``openlam data collect``), both
decoders answer the same prompt under the same action grammar. Each is timed twice: cold (the
KV cache holds only the shared instructions, as at an episode's first step) and warm (the whole
prompt is cached, so the time is generation alone). Replies are compared token for token.

Usage: ``python bench/decoding_speed.py DIR_OR_TRAJECTORIES.jsonl [--steps 60] [--adapter F]
[--out bench/results/decoding_speed.json]``
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from openlam.learning import read_trajectories, trajectory_files
from openlam.learning._examples import space_for
from openlam.models import Context
from openlam.models.embedded import EmbeddedModel


def contexts(sources: list[Path], limit: int) -> list[tuple[Context, Any]]:
    """Up to ``limit`` (context, action space) pairs, spread over the trajectories' steps."""
    found: list[tuple[Context, Any]] = []
    for path in trajectory_files(sources):
        for trajectory in read_trajectories(path):
            for i, step in enumerate(trajectory.steps):
                context = Context(trajectory.intent, step.observation, tuple(trajectory.steps[:i]))
                found.append((context, space_for(step.observation)))
    if len(found) > limit:
        stride = len(found) / limit
        found = [found[int(i * stride)] for i in range(limit)]
    return found


def timed(model: EmbeddedModel, tokens: list[int], space: Any, full: bool) -> dict[str, Any]:
    """Decode once (prompt evaluated) and again (prompt cached: generation alone)."""
    complete = model._complete_full if full else model._complete
    model._llm.reset()
    started = time.perf_counter()
    raw, usage = complete(tokens, space)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again, _ = complete(tokens, space)
    warm = time.perf_counter() - started
    return {
        "raw": raw,
        "same_twice": raw == again,
        "cold_s": cold,
        "warm_s": warm,
        "completion_tokens": usage.completion_tokens,
        "prompt_tokens": usage.prompt_tokens,
    }


def main() -> None:
    """Run both decoders on the sampled steps and write the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--adapter", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("bench/results/decoding_speed.json"))
    args = parser.parse_args()
    model = EmbeddedModel(adapter=args.adapter)
    model.load()
    rows = []
    for context, space in contexts(args.sources, args.steps):
        tokens = model._fit(context, space)
        full = timed(model, tokens, space, full=True)
        fast = timed(model, tokens, space, full=False)
        rows.append({"full": full, "fast": fast, "same": full["raw"] == fast["raw"]})
    model.close()
    summary = {kind: summarize([r[kind] for r in rows]) for kind in ("full", "fast")}
    speedup = summary["full"]["warm_s_per_token"] / summary["fast"]["warm_s_per_token"]
    result = {
        "command": "python bench/decoding_speed.py " + " ".join(str(s) for s in args.sources),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "adapter": str(args.adapter) if args.adapter else None,
        "steps": len(rows),
        "identical_replies": sum(r["same"] for r in rows),
        "generation_speedup": speedup,
        **summary,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "command"}, indent=1))


def summarize(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Medians per step and generation speed over all steps."""
    tokens = sum(r["completion_tokens"] for r in rows)
    warm = sum(r["warm_s"] for r in rows)
    return {
        "median_cold_s": statistics.median(r["cold_s"] for r in rows),
        "median_warm_s": statistics.median(r["warm_s"] for r in rows),
        "median_completion_tokens": statistics.median(r["completion_tokens"] for r in rows),
        "median_prompt_tokens": statistics.median(r["prompt_tokens"] for r in rows),
        "warm_s_per_token": warm / max(1, tokens),
        "tokens_per_s": tokens / warm if warm else 0.0,
    }


if __name__ == "__main__":
    main()
