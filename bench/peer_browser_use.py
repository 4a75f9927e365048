"""openlam and browser-use side by side on the same MiniWoB++ tasks and seeds, one model server.

Starts one llama.cpp server (llama-cpp-python's, OpenAI-compatible) on the embedded Gemma 3 270M
GGUF, runs ``openlam eval miniwob --model openai:MODEL@URL`` on the tasks and seeds, then the
browser-use peer (``bench/peers/browser_use/run_peer.py``, in its own venv: run
``bench/peers/browser_use/setup.sh`` first) on the same ones with the same step limit, and writes
``bench/results/peer_browser_use.json`` and ``.md`` (success, mean steps, prompt tokens per step and
seconds per step for both systems, per task and overall). Raw per-episode records stay in
``bench/results/peer_browser_use/``.

    .venv/bin/python bench/peer_browser_use.py [--tasks A,B] [--seeds 100000-100004]
        [--max-steps 5] [--reuse openlam|peer]

Seconds per step are computed the same way for both: the episodes' wall time (page start, agent,
reward read) over their steps; prompt tokens per step are the server's ``usage.prompt_tokens``
over steps.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
PEER_DIR = ROOT / "bench" / "peers" / "browser_use"
PEER_PYTHON = PEER_DIR / ".venv" / "bin" / "python"
RESULTS = ROOT / "bench" / "results"
DEFAULT_TASKS = (
    "click-test",
    "click-button",
    "enter-text",
    "login-user",
    "click-link",
    "click-checkboxes",
    "focus-text",
    "click-dialog",
    "enter-password",
    "click-option",
)
MODEL_NAME = "gemma3-270m"
STARTUP_S = 120.0
SYSTEMS = ("openlam", "browser-use")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="openlam vs browser-use on MiniWoB++ with the same llama.cpp-served model.",
        epilog="The peer needs its own venv: run bench/peers/browser_use/setup.sh first.",
    )
    parser.add_argument("--tasks", default=",".join(DEFAULT_TASKS), help="MiniWoB train tasks")
    parser.add_argument("--seeds", default="100000-100004", help="e.g. 100000-100004 or 1,2")
    parser.add_argument("--max-steps", type=int, default=5, help="step limit for both systems")
    parser.add_argument("--max-tokens", type=int, default=256, help="peer completion cap")
    parser.add_argument("--n-ctx", type=int, default=16384, help="server context (peer ~12k)")
    parser.add_argument(
        "--peer-minutes",
        type=float,
        default=0,
        help="start no peer episode after this many minutes (0: no limit); the table then "
        "compares the episodes both systems ran",
    )
    parser.add_argument(
        "--peer-grace-minutes",
        type=float,
        default=10,
        help="with --peer-minutes: interrupt the peer this long after its budget",
    )
    parser.add_argument(
        "--reuse",
        choices=("openlam", "peer"),
        action="append",
        default=[],
        help="keep that side's records from an earlier run in --work instead of running it",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="server threads; 1 measured 2x faster than 2 on a 2-core machine under load",
    )
    parser.add_argument("--work", type=Path, default=RESULTS / "peer_browser_use")
    parser.add_argument("--out", type=Path, default=RESULTS / "peer_browser_use.json")
    return parser.parse_args(argv)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def llama_server(n_ctx: int, threads: int, log: Path) -> Iterator[str]:
    """One llama-cpp-python server on the embedded GGUF; yields its ``…/v1`` URL."""
    from openlam.models._weights import base_model_path

    port = _free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(base_model_path()),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", str(n_ctx),
        "--n_threads", str(threads), "--n_threads_batch", str(threads),
        "--verbose", "False",
    ]  # fmt: skip
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_ready(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"llama.cpp server exited early:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/models", timeout=1).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"llama.cpp server not ready after {STARTUP_S}s; see {log}")


def _run(command: list[str], log: Path, limit_s: float | None = None) -> None:
    """Run ``command`` to ``log``; past ``limit_s`` interrupt it (its records so far are kept)."""
    print("$", shlex.join(command), flush=True)
    with log.open("ab") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        try:
            code = child.wait(timeout=limit_s)
        except subprocess.TimeoutExpired:
            print(f"time limit of {limit_s:.0f} s reached: interrupting", flush=True)
            child.send_signal(signal.SIGINT)  # lets the peer close its browser
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            return
    if code != 0:
        raise SystemExit(f"{command[0]} exited {code}; see {log}")


def run_openlam(args: argparse.Namespace, url: str, out: Path) -> list[str]:
    """``openlam eval miniwob`` on the tasks and seeds; returns the command."""
    command = [
        str(Path(sys.executable).with_name("openlam")), "eval", "miniwob",
        "--split", "train", "--tasks", args.tasks, "--seeds", args.seeds,
        "--model", f"openai:{MODEL_NAME}@{url}", "--max-steps", str(args.max_steps),
        "--out", str(out), "--json",
    ]  # fmt: skip
    _run(command, args.work / "openlam.log")
    return command


def miniwob_html() -> Path:
    """The ``html`` directory of the ``miniwob`` package in this venv (the pages openlam runs)."""
    spec = importlib.util.find_spec("miniwob")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the `miniwob` package is missing: pip install -e '.[bench]'")
    return Path(spec.submodule_search_locations[0]) / "html"


def run_peer(args: argparse.Namespace, url: str, out: Path) -> list[str]:
    """browser-use on the same tasks and seeds, in its own venv; returns the command."""
    out.unlink(missing_ok=True)
    command = [
        str(PEER_PYTHON), str(PEER_DIR / "run_peer.py"),
        "--html-dir", str(miniwob_html()), "--base-url", url, "--model", MODEL_NAME,
        "--tasks", args.tasks, "--seeds", args.seeds, "--max-steps", str(args.max_steps),
        "--max-tokens", str(args.max_tokens), "--out", str(out),
        "--budget-s", str(args.peer_minutes * 60),
    ]  # fmt: skip
    limit = (args.peer_minutes + args.peer_grace_minutes) * 60 if args.peer_minutes else None
    _run(command, args.work / "peer.log", limit)
    return command


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def rates(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Success rate, mean steps, prompt tokens and seconds per step, errors."""
    n = len(records)
    steps = sum(int(r["steps"]) for r in records)
    return {
        "n": n,
        "success_rate": sum(bool(r["success"]) for r in records) / n if n else 0.0,
        "mean_steps": steps / n if n else 0.0,
        "prompt_tokens_per_step": sum(int(r["prompt_tokens"]) for r in records) / steps
        if steps
        else 0.0,
        "seconds_per_step": sum(float(r["seconds"]) for r in records) / steps if steps else 0.0,
        "model_seconds_per_step": sum(float(r["model_seconds"]) for r in records) / steps
        if steps
        else 0.0,
        "errors": sum(
            bool(r.get("error")) and r.get("status", "error") == "error" for r in records
        ),
    }


def compare(records: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Overall and per-task rates of each system, over the episodes (task, seed) both ran."""
    keys = [{(r["task"], r["seed"]) for r in records[s]} for s in SYSTEMS]
    common = set.intersection(*keys)
    records = {s: [r for r in records[s] if (r["task"], r["seed"]) in common] for s in SYSTEMS}
    table: dict[str, Any] = {"overall": {s: rates(records[s]) for s in SYSTEMS}, "tasks": {}}
    by_task: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for system in SYSTEMS:
        for record in records[system]:
            by_task[record["task"]][system].append(record)
    for task, per_system in by_task.items():
        table["tasks"][task] = {s: rates(per_system[s]) for s in SYSTEMS}
    return table


def markdown(table: dict[str, Any]) -> str:
    """The comparison as a Markdown table (one row per task and system, then overall)."""
    lines = [
        "| task | system | n | success | mean steps | prompt tokens/step | s/step | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*table["tasks"].items(), ("**overall**", table["overall"])]
    for task, per_system in rows:
        for system in SYSTEMS:
            r = per_system[system]
            lines.append(
                f"| {task} | {system} | {r['n']} | {r['success_rate']:.0%} | "
                f"{r['mean_steps']:.1f} | {r['prompt_tokens_per_step']:,.0f} | "
                f"{r['seconds_per_step']:.1f} | {r['errors']} |"
            )
    return "\n".join(lines) + "\n"


def _peer_version() -> str:
    probe = "import importlib.metadata as m; print(m.version('browser-use'))"
    result = subprocess.run(
        [str(PEER_PYTHON), "-c", probe], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the model, run both systems, write the JSON and Markdown comparison."""
    args = _arguments(argv)
    if not PEER_PYTHON.is_file():
        raise SystemExit(
            f"the browser-use peer is not installed ({PEER_PYTHON} is missing): "
            "run bench/peers/browser_use/setup.sh"
        )
    args.work.mkdir(parents=True, exist_ok=True)
    openlam_dir, peer_file = args.work / "openlam", args.work / "peer_episodes.jsonl"
    commands: dict[str, list[str]] = {}
    started = time.monotonic()
    with llama_server(args.n_ctx, args.threads, args.work / "server.log") as url:
        if "openlam" not in args.reuse:
            commands["openlam"] = run_openlam(args, url, openlam_dir)
        if "peer" not in args.reuse:
            commands["browser-use"] = run_peer(args, url, peer_file)
    records = {
        "openlam": _read_jsonl(openlam_dir / "episodes.jsonl"),
        "browser-use": _read_jsonl(peer_file),
    }
    table = compare(records)
    ran = {s: len(records[s]) for s in SYSTEMS}
    result = {
        "command": shlex.join(["python", "bench/peer_browser_use.py", *(argv or sys.argv[1:])]),
        "steps": commands,
        "model": f"Gemma 3 270M Q4_K_M (base) via llama-cpp-python server, n_ctx {args.n_ctx}",
        "browser_use": _peer_version(),
        "tasks": args.tasks.split(","),
        "seeds": args.seeds,
        "max_steps": args.max_steps,
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "wall_seconds": round(time.monotonic() - started, 1),
        "episodes_run": ran,
        "episodes_compared": table["overall"]["openlam"]["n"],
        **table,
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown(table))
    print(markdown(table))


if __name__ == "__main__":
    main()
