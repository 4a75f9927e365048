"""Whole runs with real parts: Chromium on local pages, the real embedded model, the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from openlam.actions import ActionSpace, Click, Finish, TypeText, Usage
from openlam.agent import Runner, RunStatus
from openlam.environments.web import WebEnvironment
from openlam.memory import TraceStore
from openlam.models import Context, Decision

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "newsletter.html"


class NewsletterExpert:
    """Solves the demo page from observations, by element names (a test double)."""

    name = "expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        obs = context.observation
        done = [s.action for s in context.history]
        email = next(e for e in obs.elements if "email" in e.name.lower()) if obs.elements else None
        if "is now subscribed" in obs.text:
            action: Finish | TypeText | Click = Finish(answer=obs.text.split("Thanks! ")[-1])
        elif email is not None and not any(isinstance(a, TypeText) for a in done):
            action = TypeText(element=email.index, text="alice@example.com")
        else:
            button = next(e for e in obs.elements if e.name == "Subscribe")
            action = Click(element=button.index)
        return Decision(action, action.model_dump_json(), Usage())

    def close(self) -> None:
        pass


def test_a_run_with_real_chromium_reaches_its_goal(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    with WebEnvironment(DEMO.as_uri()) as env:
        state = Runner(NewsletterExpert(), env, trace=store).run("subscribe alice@example.com")
    assert state.status is RunStatus.FINISHED
    assert "alice@example.com is now subscribed" in (state.answer or "")
    assert [type(s.action) for s in state.steps] == [TypeText, Click, Finish]
    trace = store.load(state.run_id)
    assert len(trace.steps) == 3
    assert all(Path(s.screenshot or "").read_bytes().startswith(b"\x89PNG") for s in trace.steps)
    typed = trace.steps[0].action
    assert isinstance(typed, TypeText)
    assert trace.steps[0].observation.element(typed.element) is not None


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OPENLAM_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "openlam", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def test_cli_run_on_the_embedded_model_leaves_a_valid_trace(tmp_path: Path) -> None:
    intent = "Subscribe to the newsletter with the email alice@example.com"
    done = run_cli(tmp_path, "run", intent, "--url", str(DEMO), "--max-steps", "3", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert set(summary) >= {"run_id", "status", "answer", "steps", "prompt_tokens", "seconds"}
    # success is measured by the evaluations, not asserted here; the run must end properly
    assert summary["status"] in {"finished", "max_steps", "loop", "needs_input"}
    assert 1 <= summary["steps"] <= 3
    assert summary["prompt_tokens"] > 0

    shown = run_cli(tmp_path, "show", summary["run_id"], "--json")
    trace = json.loads(shown.stdout)
    assert trace["model"] == "embedded+openlam-action.gguf"  # the shipped adapter by default
    assert len(trace["steps"]) == summary["steps"]
    first = trace["steps"][0]
    assert first["observation"]["title"] == "Newsletter — The Daily Loaf"
    assert first["usage"]["prompt_tokens"] > 100
    assert Path(first["screenshot"]).is_file()
    if len(trace["steps"]) > 1:  # the stable prompt prefix came from the KV cache
        assert trace["steps"][1]["usage"]["cached_tokens"] > 100


def test_setup_names_the_weights_the_shipped_adapter_and_the_browser(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "setup")
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(": ", 1) for line in done.stdout.splitlines())
    assert Path(lines["model weights"]).is_file()
    assert lines["action adapter"].endswith("openlam-action.gguf")
    assert Path(lines["action adapter"]).is_file()
    assert Path(lines["chromium"]).is_file()


def test_unreachable_url_is_one_line_and_the_trace_is_kept(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "run", "open it", "--url", "http://127.0.0.1:9/", "--json")
    assert done.returncode == 1
    summary = json.loads(done.stdout)
    assert summary["status"] == "error"
    assert "127.0.0.1:9" in summary["error"]
    assert "\n" not in summary["error"]
    listed = json.loads(run_cli(tmp_path, "runs", "--json").stdout)
    assert listed[0]["run_id"] == summary["run_id"]
    assert listed[0]["status"] == "error"


def test_a_killed_run_is_saved_as_interrupted_and_resumes(tmp_path: Path) -> None:
    env = {**os.environ, "OPENLAM_HOME": str(tmp_path)}
    intent = "Subscribe to the newsletter with the email alice@example.com"
    args = [sys.executable, "-m", "openlam", "run", intent, "--url", str(DEMO), "--json"]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        store = TraceStore(tmp_path)
        runs = store.runs(1)
        store.close()
        if runs and runs[0].steps >= 1:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 1
    summary = json.loads(stdout)
    assert summary["status"] == "interrupted"
    assert summary["steps"] >= 1

    resumed = run_cli(tmp_path, "run", "--resume", summary["run_id"], "--max-steps", "1", "--json")
    again = json.loads(resumed.stdout)
    assert again["run_id"] == summary["run_id"]
    assert again["steps"] == summary["steps"] + 1
    assert again["status"] in {"max_steps", "finished", "loop", "needs_input"}
