"""browser-use on MiniWoB++ episodes, one JSONL record per episode (runs in the peer's own venv).

Started by ``bench/peer_browser_use.py``, which serves the model; by hand:

    bench/peers/browser_use/.venv/bin/python bench/peers/browser_use/run_peer.py \
        --html-dir .venv/lib/python3.11/site-packages/miniwob/html \
        --base-url http://127.0.0.1:PORT/v1 --tasks click-test,enter-text --seeds 100000-100004 \
        --max-steps 5 --out peer.jsonl

Each episode starts exactly as openlam's MiniWoB suite starts it: the task page from a loopback
HTTP server over the same ``html`` directory, at the same ``/TASK.html`` path (browser-use refuses
``file://``), ``core.EPISODE_MAX_TIME`` raised, ``Math.seedrandom(seed)``,
``core.startEpisodeReal()``, the reward display and click canvas hidden. Then the browser-use
``Agent`` gets the task's utterance. The first reward MiniWoB gives is kept (clicking the page's
START cover afterwards would start a new episode), and the agent is stopped once it is there, as
openlam's runner stops when the episode is done.

The model runs behind llama-cpp-python's server, which rejects the ``json_schema`` response format
browser-use sends, and whose grammar built from browser-use's 17k-character action schema did not
answer the first request within 8 minutes (server memory grew past 7 GB). So the peer runs the
way browser-use serves models without structured output: ``dont_force_structured_output`` with
``add_schema_to_system_prompt`` (its action schema goes into the system prompt and the reply is
parsed as JSON). An HTTP transport records every reply's ``usage`` from the server, also of
replies browser-use fails to parse, which its own token accounting never sees, and copies
``max_completion_tokens`` to ``max_tokens``, the only cap that server reads.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# offline: no telemetry, no cloud sync, no version check, no extension downloads
for _name, _value in {
    "ANONYMIZED_TELEMETRY": "false",
    "BROWSER_USE_CLOUD_SYNC": "false",
    "BROWSER_USE_VERSION_CHECK": "false",
    "BROWSER_USE_DISABLE_EXTENSIONS": "1",
    "BROWSER_USE_LOGGING_LEVEL": "warning",
}.items():
    os.environ.setdefault(_name, _value)

import httpx  # noqa: E402
from browser_use import Agent, BrowserProfile, BrowserSession  # type: ignore[import-not-found]  # noqa: E402
from browser_use.llm import ChatOpenAI  # type: ignore[import-not-found]  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
READY_S = 10.0

# Starts the episode as openlam does, and keeps MiniWoB's first verdict: endEpisode shows a START
# cover whose click begins a new episode and resets WOB_RAW_REWARD_GLOBAL.
START_EPISODE_JS = """(seed) => {
  core.EPISODE_MAX_TIME = 3600000;
  Math.seedrandom(seed);
  core.startEpisodeReal();
  const display = document.getElementById('reward-display');
  if (display) display.style.display = 'none';
  const canvas = document.getElementById('click-canvas');
  if (canvas) canvas.style.display = 'none';
  window.__peerResult = null;
  const end = core.endEpisode;
  core.endEpisode = function (reward, proportional, reason) {
    if (window.__peerResult === null && core.EP_TIMER !== null) {
      window.__peerResult = {reward: reward, reason: reason || null};
    }
    return end.apply(this, arguments);
  };
  return "started";
}"""
READY_JS = "() => String(typeof WOB_TASK_READY !== 'undefined' && WOB_TASK_READY === true)"
UTTERANCE_JS = "() => core.getUtterance()"
RESULT_JS = "() => JSON.stringify(window.__peerResult ?? null)"


@dataclass
class ServerUsage:
    """Usage the server reported for each chat completion since the last ``take()``."""

    calls: list[dict[str, Any]] = field(default_factory=list)

    def take(self) -> list[dict[str, Any]]:
        """The calls recorded so far, forgetting them."""
        calls, self.calls = self.calls, []
        return calls


class UsageTransport(httpx.AsyncBaseTransport):
    """Forwards requests and records the server's ``usage`` of every chat completion."""

    def __init__(self, usage: ServerUsage) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._usage = usage

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Forward ``request`` and note the usage of its reply."""
        if request.url.path.endswith("/chat/completions"):
            request = _with_max_tokens(request)
        start = time.perf_counter()
        response = await self._inner.handle_async_request(request)
        if not request.url.path.endswith("/chat/completions"):
            return response
        body = await response.aread()
        seconds = time.perf_counter() - start
        try:
            data = json.loads(body)
        except ValueError:
            data = {}
        usage = data.get("usage") if isinstance(data, dict) else None
        self._usage.calls.append(
            {
                "status": response.status_code,
                "seconds": round(seconds, 3),
                "prompt_tokens": (usage or {}).get("prompt_tokens", 0),
                "completion_tokens": (usage or {}).get("completion_tokens", 0),
            }
        )
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._inner.aclose()


def _with_max_tokens(request: httpx.Request) -> httpx.Request:
    """Copy ``max_completion_tokens`` to ``max_tokens``: llama-cpp-python's server ignores the
    former (measured: 3 replies ran to 21,878 tokens under a 256 cap)."""
    payload = json.loads(request.content)
    if "max_completion_tokens" not in payload or "max_tokens" in payload:
        return request
    payload["max_tokens"] = payload["max_completion_tokens"]
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    return httpx.Request(request.method, request.url, headers=headers, json=payload)


def _parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        first, sep, last = part.partition("-")
        seeds.extend(range(int(first), int(last) + 1) if sep else [int(first)])
    return seeds


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-dir", type=Path, required=True, help="the miniwob package's html/")
    parser.add_argument("--base-url", required=True, help="OpenAI-compatible server, …/v1")
    parser.add_argument("--model", default="gemma", help="model name sent to the server")
    parser.add_argument("--tasks", required=True, help="comma-separated MiniWoB task names")
    parser.add_argument("--seeds", required=True, help="e.g. 100000-100004 or 1,5,9")
    parser.add_argument("--max-steps", type=int, default=5)
    parser.add_argument("--max-tokens", type=int, default=256, help="completion cap per call")
    parser.add_argument("--flash", action="store_true", help="browser-use's flash_mode")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per model call")
    parser.add_argument(
        "--budget-s", type=float, default=0, help="start no episode after this many seconds"
    )
    parser.add_argument("--out", type=Path, required=True, help="JSONL file (appended to)")
    return parser.parse_args()


async def _evaluate(session: Any, script: str, *args: Any) -> str:
    page = await session.must_get_current_page()
    result: str = await page.evaluate(script, *args)
    return result


class _TaskPages(http.server.SimpleHTTPRequestHandler):
    """Serves ``html/`` with ``/TASK.html`` short for ``/miniwob/TASK.html``, as openlam does."""

    def translate_path(self, path: str) -> str:
        """``/TASK.html`` → ``html/miniwob/TASK.html``; anything else from ``html/``."""
        name = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if name and "/" not in name:
            candidate = Path(self.directory) / "miniwob" / name
            if candidate.is_file():
                return str(candidate)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""


@contextmanager
def _serve_pages(html_dir: Path) -> Iterator[str]:
    """Serve ``html_dir`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_TaskPages, directory=str(html_dir.resolve()))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def _start_episode(session: Any, pages: str, task: str, seed: int) -> str:
    """Load the task page, start the seeded episode and return its utterance."""
    await session.navigate_to(f"{pages}/{task}.html")
    deadline = time.monotonic() + READY_S
    while await _evaluate(session, READY_JS) != "true":
        if time.monotonic() > deadline:
            raise TimeoutError(f"{task}: WOB_TASK_READY not set after {READY_S}s")
        await asyncio.sleep(0.05)
    await _evaluate(session, START_EPISODE_JS, seed)
    return await _evaluate(session, UTTERANCE_JS)


async def _episode_result(session: Any) -> dict[str, Any] | None:
    try:
        result: dict[str, Any] | None = json.loads(await _evaluate(session, RESULT_JS))
    except Exception:  # the agent navigated away: the episode's verdict is gone
        return None
    return result


def _chat(args: argparse.Namespace, usage: ServerUsage) -> Any:
    client = httpx.AsyncClient(transport=UsageTransport(usage), timeout=args.timeout)
    return ChatOpenAI(
        model=args.model,
        base_url=args.base_url,
        api_key="none",
        temperature=0,  # greedy, as openlam asks
        frequency_penalty=None,
        max_completion_tokens=args.max_tokens,
        max_retries=0,  # a local server that failed once fails again; retries only cost time
        dont_force_structured_output=True,
        add_schema_to_system_prompt=True,
        http_client=client,
    )


@dataclass
class PeerRun:
    """What every episode of one run shares: settings, browser, model client, page server."""

    args: argparse.Namespace
    session: Any
    llm: Any
    usage: ServerUsage
    pages: str

    async def episode(self, task: str, seed: int) -> dict[str, Any]:
        """Run one episode; whatever breaks is recorded in ``error``, never raised."""
        record: dict[str, Any] = {"task": task, "seed": seed, "agent": "browser-use", "error": None}
        start = time.perf_counter()
        self.usage.take()
        try:
            record.update(await self._act(task, seed))
        except Exception as exc:  # one broken episode must not end the evaluation
            record["error"] = f"{type(exc).__name__}: {exc}"[:500]
        result = await _episode_result(self.session)
        calls = self.usage.take()
        steps = int(record.get("steps", 0))
        prompt_tokens = sum(int(c["prompt_tokens"] or 0) for c in calls)
        seconds = time.perf_counter() - start
        record.update(
            success=bool(result and result["reward"] > 0),
            reward=result["reward"] if result else 0.0,
            reason=result["reason"] if result else None,
            steps=steps,
            model_calls=len(calls),
            failed_calls=sum(1 for c in calls if c["status"] != 200),
            prompt_tokens=prompt_tokens,
            completion_tokens=sum(int(c["completion_tokens"] or 0) for c in calls),
            prompt_tokens_per_step=round(prompt_tokens / steps, 1) if steps else 0.0,
            model_seconds=round(sum(float(c["seconds"]) for c in calls), 3),
            seconds=round(seconds, 3),
            seconds_per_step=round(seconds / steps, 3) if steps else 0.0,
        )
        return record

    async def _act(self, task: str, seed: int) -> dict[str, Any]:
        """Start the episode and let the agent act on its utterance."""
        utterance = await _start_episode(self.session, self.pages, task, seed)
        agent = Agent(
            task=utterance,
            llm=self.llm,
            browser_session=self.session,
            use_vision=False,
            use_judge=False,
            directly_open_url=False,
            flash_mode=self.args.flash,
            enable_signal_handler=False,
            llm_timeout=int(self.args.timeout),
            step_timeout=int(self.args.timeout) + 60,
        )

        async def stop_when_done(agent: Any) -> None:
            if await _episode_result(self.session) is not None:
                agent.stop()

        history = await agent.run(max_steps=self.args.max_steps, on_step_end=stop_when_done)
        return {
            "utterance": utterance,
            "steps": history.number_of_steps(),
            "agent_errors": [e[:300] for e in history.errors() if e],
            "final": (history.final_result() or "")[:300],
        }


async def main() -> None:
    """Run every seed × task (seeds outer, so a cut-short run covers every task) to ``--out``."""
    args = _arguments()
    seeds = _parse_seeds(args.seeds)
    tasks = [t for t in args.tasks.split(",") if t]
    missing = [t for t in tasks if not (args.html_dir / "miniwob" / f"{t}.html").is_file()]
    if missing:
        raise SystemExit(f"no MiniWoB task page for {', '.join(missing)} in {args.html_dir}")
    usage = ServerUsage()
    profile = BrowserProfile(
        executable_path=CHROMIUM,
        headless=True,
        chromium_sandbox=False,
        enable_default_extensions=False,
        args=CHROMIUM_ARGS,
        keep_alive=True,  # one browser for every episode, as one openlam worker shares one
        user_data_dir=None,
    )
    session = BrowserSession(browser_profile=profile)
    await session.start()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.budget_s if args.budget_s else None
    try:
        with _serve_pages(args.html_dir) as pages:
            run = PeerRun(args, session, _chat(args, usage), usage, pages)
            for seed in seeds:
                for task in tasks:
                    if deadline is not None and time.monotonic() > deadline:
                        print(f"time budget of {args.budget_s:.0f} s spent: stopping", flush=True)
                        return
                    _write(args.out, await run.episode(task, seed))
    finally:
        await session.kill()


def _write(out: Path, record: dict[str, Any]) -> None:
    with out.open("a") as sink:
        sink.write(json.dumps(record) + "\n")
    print(
        f"{record['task']}@{record['seed']}: success={record['success']} steps={record['steps']} "
        f"tokens/step={record['prompt_tokens_per_step']} s/step={record['seconds_per_step']} "
        f"error={record['error']}",
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
