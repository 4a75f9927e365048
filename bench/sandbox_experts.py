"""Experts on sampled sandbox instances: GUI (real Chromium) and API, both layouts, per app.

Instances cycle through every template with fresh seeds, alternating layouts, so N instances
cover all templates about N / templates times each.

    .venv/bin/python bench/sandbox_experts.py [--n 500] [--seed-base 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rich.progress import Progress

from openlam.environments.web import launch_chromium, playwright_driver
from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, SandboxServer, templates

ROOT = Path(__file__).resolve().parents[1]


def run(n: int, seed_base: int) -> dict[str, Any]:
    """Run ``n`` instances through both experts and tally per app and layout."""
    known = sorted(templates().values(), key=lambda t: t.id)
    tally: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    failures: list[dict[str, Any]] = []
    started = time.perf_counter()
    with SandboxServer() as server, playwright_driver() as pw, Progress() as progress:
        browser = launch_chromium(pw)
        bar = progress.add_task("instances", total=n)
        for i in range(n):
            template = known[i % len(known)]
            seed = seed_base + i // len(known)
            layout: Layout = "a" if (i // len(known)) % 2 == 0 else "b"
            for kind in ("gui", "api"):
                try:
                    if kind == "gui":
                        episode = run_gui_episode(server, template, seed, layout, browser=browser)
                    else:
                        episode = run_api_episode(server, template, seed, layout)
                    ok, reason = episode.result.ok, episode.result.reason
                except Exception as exc:  # an expert that crashes is a failure to report
                    ok, reason = False, repr(exc)
                cell = tally[template.app][f"{kind}_{layout}"]
                cell[0] += ok
                cell[1] += 1
                if not ok:
                    failures.append(
                        {
                            "task": f"{template.id}@{seed}",
                            "layout": layout,
                            "expert": kind,
                            "reason": reason,
                        }
                    )
            progress.advance(bar)
        browser.close()
    return {
        "instances": n,
        "templates": len(known),
        "seconds": round(time.perf_counter() - started, 1),
        "per_app": {
            app: {k: {"ok": v[0], "n": v[1]} for k, v in cells.items()}
            for app, cells in sorted(tally.items())
        },
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="instances to sample")
    parser.add_argument("--seed-base", type=int, default=1000)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/sandbox_experts.json")
    args = parser.parse_args()
    result = run(args.n, args.seed_base)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{result['instances']} instances over {result['templates']} templates "
        f"in {result['seconds']} s"
    )
    print(f"{'app':<14}{'GUI a':>10}{'GUI b':>10}{'API a':>10}{'API b':>10}")
    for app, cells in result["per_app"].items():
        row = "".join(
            f"{cells[c]['ok']:>5}/{cells[c]['n']:<4}" if c in cells else f"{'-':>10}"
            for c in ("gui_a", "gui_b", "api_a", "api_b")
        )
        print(f"{app:<14}{row}")
    for failure in result["failures"][:20]:
        print("FAILED", failure)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
