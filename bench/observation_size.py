"""Observation size in Gemma tokens: five MiniWoB++ task pages and the dense fixture page.

Counts tokens of ``Observation.render()`` with the embedded model's own tokenizer (the Gemma 3
vocabulary in the packaged GGUF), and times ``WebEnvironment.observe()``. MiniWoB++ episodes start
deterministically (fixed seed, long episode timer); its reward panel beside the task is hidden,
as an evaluation adapter does, because it is benchmark chrome rather than page content.

Usage: ``PYTHONPATH=src python bench/observation_size.py [--json] [--seed N]``
Needs ``pip install miniwob`` and llama-cpp-python.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from playwright.sync_api import Browser

from openlam.environments.web import WebEnvironment, launch_chromium, playwright_driver
from openlam.testing import fixture_url

MINIWOB_TASKS = ("login-user", "click-checkboxes", "book-flight", "email-inbox", "social-media")

_START_EPISODE = """(seed) => {
  core.EPISODE_MAX_TIME = 3600000;
  Math.seedrandom(seed);
  core.startEpisodeReal();
  const panel = document.getElementById('reward-display');
  if (panel) panel.style.display = 'none';
}"""


@dataclass(frozen=True)
class PageSize:
    """One measured page."""

    page: str
    elements: int
    hidden_elements: int
    chars: int
    tokens: int
    observe_ms: float


def miniwob_dir() -> Path:
    """The task pages shipped in the ``miniwob`` package (found without importing it)."""
    spec = importlib.util.find_spec("miniwob")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the miniwob package is not installed: pip install miniwob")
    return Path(next(iter(spec.submodule_search_locations))) / "html" / "miniwob"


def gemma_token_counter() -> Callable[[str], int]:
    """Token count with the packaged Gemma tokenizer (vocabulary only, no weights loaded)."""
    import llama_cpp

    from openlam.models._weights import base_model_path

    vocab = llama_cpp.Llama(model_path=str(base_model_path()), vocab_only=True, verbose=False)
    return lambda text: len(vocab.tokenize(text.encode(), add_bos=False))


def measure(
    browser: Browser, url: str, count: Callable[[str], int], seed: int | None, label: str
) -> PageSize:
    """Open ``url`` (starting a MiniWoB++ episode when ``seed`` is given) and measure it."""
    with WebEnvironment(url, browser=browser) as env:
        env.reset()
        if seed is not None:
            env.page.evaluate(_START_EPISODE, seed)
            env.page.wait_for_function("() => WOB_TASK_READY", timeout=10_000)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            observation = env.observe()
            times.append(time.perf_counter() - start)
    text = observation.render()
    return PageSize(
        page=label,
        elements=len(observation.elements),
        hidden_elements=observation.hidden_elements,
        chars=len(text),
        tokens=count(text),
        observe_ms=round(statistics.median(times) * 1000, 1),
    )


def main(argv: list[str] | None = None) -> int:
    """Measure every page and print a table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--seed", type=int, default=1, help="MiniWoB++ episode seed")
    parser.add_argument("--out", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    count = gemma_token_counter()
    tasks = miniwob_dir()
    with playwright_driver() as playwright:
        browser = launch_chromium(playwright)
        try:
            sizes = [
                measure(browser, (tasks / f"{t}.html").as_uri(), count, args.seed, t)
                for t in MINIWOB_TASKS
            ]
            sizes.append(measure(browser, fixture_url("dense"), count, None, "dense.html"))
        finally:
            browser.close()
    rows = json.dumps([asdict(s) for s in sizes], indent=2)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(rows + "\n")
    if args.json:
        print(rows)
        return 0
    print(f"{'page':<18} {'elements':>8} {'hidden':>7} {'chars':>6} {'tokens':>7} {'observe':>9}")
    for s in sizes:
        print(
            f"{s.page:<18} {s.elements:>8} {s.hidden_elements:>7} {s.chars:>6} {s.tokens:>7} "
            f"{s.observe_ms:>7.1f}ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
