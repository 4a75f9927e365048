"""`openlam eval sandbox` end to end: real server, real Chromium, real results on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openlam.actions import ActionSpace, Usage
from openlam.cli import app
from openlam.evaluation import AgentSpec, EpisodeSpec, read_records
from openlam.evaluation._sandbox_suite import SandboxSession
from openlam.models import Context, Decision

pytestmark = pytest.mark.integration
cli = CliRunner()
TASKS = "mail/compose,calendar/event-location"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OPENLAM_HOME", str(tmp_path / "home"))
    return tmp_path


def test_expert_solves_held_out_tasks_and_report_renders(tmp_path: Path) -> None:
    out = tmp_path / "expert"
    result = cli.invoke(
        app,
        [
            *("eval", "sandbox", "--policy", "expert", "--tasks", TASKS),
            *("--seeds", "100000-100001", "--out", str(out), "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["suite"] == "sandbox"
    assert summary["split"] == "test"
    assert summary["n"] == 4
    assert summary["success_rate"] == 1.0
    records = read_records(out)
    assert {r.detail["layout"] for r in records} == {"a", "b"}  # seeds alternate layouts
    assert all(r.steps > 1 for r in records)

    scripted = tmp_path / "scripted"
    result = cli.invoke(
        app,
        [
            *("eval", "sandbox", "--policy", "scripted", "--tasks", TASKS),
            *("--seeds", "100000", "--out", str(scripted)),
        ],
    )
    assert result.exit_code == 0, result.output
    assert not any(r.success for r in read_records(scripted))  # nothing done, nothing passes

    report = cli.invoke(app, ["eval", "report", str(out), str(scripted)])
    assert report.exit_code == 0, report.output
    page = (out / f"compare-{scripted.name}.html").read_text()
    assert "mail/compose" in page
    assert "<svg" in page


def test_unreachable_model_server_records_errors_and_the_evaluation_finishes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "down"
    result = cli.invoke(
        app,
        [
            *("eval", "sandbox", "--model", "openai:gemma@http://127.0.0.1:9/v1"),
            *("--tasks", TASKS, "--seeds", "100000", "--out", str(out), "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    records = read_records(out)
    assert len(records) == 2
    assert all(r.status == "error" and r.error for r in records)


class _BrowserKiller:
    """A model that closes the browser under the episode at its second step, like a crash."""

    name = "browser-killer"

    def __init__(self) -> None:
        self.session: SandboxSession | None = None
        self.calls = 0

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        self.calls += 1
        if self.calls == 2 and self.session is not None:
            self.session._browser.get().close()
        raw = '{"action":"scroll","direction":"down"}'
        return Decision(space.parse(raw), raw, Usage())

    def close(self) -> None:
        pass


def test_crashed_browser_is_an_error_episode_and_the_next_one_gets_a_new_browser() -> None:
    killer = _BrowserKiller()
    session = SandboxSession(AgentSpec(policy="scripted", max_steps=4), model=killer)
    killer.session = session
    try:
        first = session.run(EpisodeSpec("sandbox", "test", "calendar/event-location", 100000))
        assert first.status == "error"
        assert first.error
        killer.calls = 10  # no more crashes
        second = session.run(EpisodeSpec("sandbox", "test", "calendar/event-location", 100000))
        assert second.status != "error"
        assert second.steps >= 3  # scrolled until the loop guard or the budget stopped it
    finally:
        session.close()


def test_bad_eval_input_gets_one_line_errors(tmp_path: Path) -> None:
    cases = {
        ("eval", "nosuite", "--policy", "expert"): "unknown suite 'nosuite'",
        ("eval", "sandbox", "--policy", "expert", "--split", "dev"): "unknown split 'dev'",
        ("eval", "sandbox", "--policy", "expert", "--tasks", "mail/nope"): "unknown task(s)",
        ("eval", "sandbox", "--policy", "genius"): "unknown policy 'genius'",
        ("eval", "sandbox"): "say who acts",
        ("eval", "sandbox", "--policy", "expert", "--seeds", "9-1"): "end comes before",
        ("eval", "report", str(tmp_path)): "",
        ("eval", "sandbox", "--resume", str(tmp_path)): "eval.json is missing",
    }
    for args, message in cases.items():
        result = cli.invoke(app, list(args))
        assert result.exit_code == 2, (args, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1, result.output
        assert message in lines[0], (args, lines[0])
