"""Framework time per step, and KV-cache reuse of the embedded model over a run.

Part 1 drives real Chromium on the fixture pages with a model that answers instantly (it cycles
through the page's elements), so each step's time is openlam's own: observe (snapshot +
screenshot written to disk) + execute + record (SQLite). Target: median <= 150 ms.

Part 2 runs the real embedded model for 5 steps on the demo page and reports, per step, the prompt
tokens evaluated vs reused from the KV cache.

    .venv/bin/python bench/step_overhead.py [--steps 60] [--json] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from openlam.actions import (
    ActionSpace,
    Click,
    Element,
    Select,
    Step,
    TypeText,
    Usage,
)
from openlam.agent import Budget, Runner, RunState
from openlam.environments.web import WebEnvironment
from openlam.memory import TraceStore
from openlam.models import Context, Decision
from openlam.models.embedded import EmbeddedModel
from openlam.testing import fixture_url

ROOT = Path(__file__).resolve().parents[1]
DEMO_PAGE = (ROOT / "examples" / "newsletter.html").as_uri()
DEMO_INTENT = "Subscribe to the newsletter with the email alice@example.com"
PAGES = ("form.html", "links.html", "dense.html")


class CyclingModel:
    """Answers at once with an action on the next element of the page, round robin."""

    def __init__(self) -> None:
        self._turn = 0

    @property
    def name(self) -> str:
        return "cycling"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        elements = context.observation.elements
        element = elements[self._turn % len(elements)]
        self._turn += 1
        action = _action_for(element)
        return Decision(action=action, raw=action.model_dump_json(), usage=Usage())

    def close(self) -> None:
        pass


def _action_for(element: Element) -> Click | TypeText | Select:
    if element.role in ("textbox", "searchbox", "spinbutton"):
        return TypeText(element=element.index, text="hello")
    if element.role == "combobox" and element.options:
        return Select(element=element.index, option=element.options[-1])
    return Click(element=element.index)


class TimedStore(TraceStore):
    """A trace store that times its step writes."""

    record_times: list[float]

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.record_times = []

    def save_step(self, state: RunState, step: Step) -> None:
        started = time.perf_counter()
        super().save_step(state, step)
        self.record_times.append(time.perf_counter() - started)


def framework_overhead(steps: int, root: Path) -> dict[str, Any]:
    """Per-step observe + execute + record times on each fixture page."""
    per_page: dict[str, Any] = {}
    all_totals: list[float] = []
    for page in PAGES:
        store = TimedStore(root)
        env = WebEnvironment(fixture_url(page))
        budget = Budget(max_steps=steps, loop_repeats=steps + 1)
        state = Runner(CyclingModel(), env, budget=budget, trace=store).run(f"bench {page}")
        env.close()
        store.close()
        totals = [
            s.timings.observe + s.timings.execute + r
            for s, r in zip(state.steps[1:], store.record_times[1:], strict=True)
        ]  # step 1 includes the first page load
        all_totals += totals
        per_page[page] = {
            **_stats(totals),
            "observe_ms": _ms(statistics.median(s.timings.observe for s in state.steps[1:])),
            "execute_ms": _ms(statistics.median(s.timings.execute for s in state.steps[1:])),
            "record_ms": _ms(statistics.median(store.record_times[1:])),
            "elements": len(state.steps[-1].observation.elements),
        }
    return {"pages": per_page, "all": _stats(all_totals)}


def cache_reuse(root: Path, steps: int = 5) -> list[dict[str, Any]]:
    """Prompt tokens evaluated vs reused per step over a real embedded-model run."""
    store = TraceStore(root)
    env = WebEnvironment(DEMO_PAGE)
    model = EmbeddedModel()
    budget = Budget(max_steps=steps, loop_repeats=steps + 1)
    state = Runner(model, env, budget=budget, trace=store).run(DEMO_INTENT)
    env.close()
    model.close()
    store.close()
    return [
        {
            "step": s.index,
            "action": s.action.describe() if s.action else None,
            "prompt_tokens": s.usage.prompt_tokens,
            "reused": s.usage.cached_tokens,
            "evaluated": s.usage.prompt_tokens - s.usage.cached_tokens,
            "completion_tokens": s.usage.completion_tokens,
            "model_s": round(s.timings.decide, 3),
            "step_s": round(s.timings.observe + s.timings.decide + s.timings.execute, 3),
        }
        for s in state.steps
    ]


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "median_ms": _ms(statistics.median(values)), "p95_ms": _ms(p95)}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60, help="steps per fixture page")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/step_overhead.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        overhead = framework_overhead(args.steps, Path(tmp))
        reuse = cache_reuse(Path(tmp))
    result = {"framework_overhead": overhead, "embedded_cache_reuse": reuse}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    if args.json:
        print(json.dumps(result))
        return
    print("framework time per step (observe + execute + record), ms")
    print(f"{'page':<12}{'n':>4}{'median':>9}{'p95':>8}{'observe':>9}{'execute':>9}{'record':>8}")
    for page, row in overhead["pages"].items():
        print(
            f"{page:<12}{row['n']:>4}{row['median_ms']:>9}{row['p95_ms']:>8}"
            f"{row['observe_ms']:>9}{row['execute_ms']:>9}{row['record_ms']:>8}"
        )
    total = overhead["all"]
    print(f"{'all':<12}{total['n']:>4}{total['median_ms']:>9}{total['p95_ms']:>8}")
    print("\nembedded model, 5-step run on the demo page")
    print(f"{'step':>4}{'prompt':>8}{'reused':>8}{'evaluated':>11}{'model s':>9}  action")
    for row in reuse:
        print(
            f"{row['step']:>4}{row['prompt_tokens']:>8}{row['reused']:>8}{row['evaluated']:>11}"
            f"{row['model_s']:>9}  {row['action']}"
        )
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
