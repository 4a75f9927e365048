"""Bad input on the command line: one-line errors that say how to fix it, traces kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from openlam.actions import AskUser, Click, Finish
from openlam.agent import Runner
from openlam.cli import app
from openlam.memory import TraceStore
from openlam.testing import PagesEnvironment, ScriptedModel

cli = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OPENLAM_HOME", str(tmp_path))
    return tmp_path


def error_line(args: list[str]) -> str:
    result = cli.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


def test_unknown_model_spec() -> None:
    line = error_line(["run", "click it", "--url", "about:blank", "--model", "gpt5"])
    assert "unknown model spec 'gpt5'" in line
    assert "openai:MODEL@BASE_URL" in line


def test_empty_intent() -> None:
    line = error_line(["run", "  ", "--url", "about:blank"])
    assert "intent is empty" in line


def test_missing_url() -> None:
    assert "--url" in error_line(["run", "click it"])


def test_unknown_run() -> None:
    assert "openlam runs" in error_line(["show", "nope"])


def test_missing_adapter_file(home: Path) -> None:
    line = error_line(["run", "x", "--url", "about:blank", "--adapter", str(home / "none.gguf")])
    assert "adapter file not found" in line


def test_runs_and_show_print_a_stored_trace(home: Path) -> None:
    store = TraceStore(home)
    model = ScriptedModel([Click(element=2), Finish(answer="42")])
    state = Runner(model, PagesEnvironment(), trace=store).run("find the answer")
    store.close()

    listed = cli.invoke(app, ["runs", "--json"])
    assert listed.exit_code == 0
    assert json.loads(listed.output)[0]["run_id"] == state.run_id

    shown = cli.invoke(app, ["show", state.run_id, "--json"])
    trace = json.loads(shown.output)
    assert trace["answer"] == "42"
    assert [s["action"]["action"] for s in trace["steps"]] == ["click", "finish"]

    pretty = cli.invoke(app, ["show", state.run_id])
    assert "find the answer" in pretty.output
    assert "click(element=2)" in pretty.output


def test_resume_needs_an_answer_for_a_paused_run_and_refuses_a_finished_one(home: Path) -> None:
    store = TraceStore(home)
    paused = Runner(
        ScriptedModel([AskUser(question="Which email?")]), PagesEnvironment(), trace=store
    )
    paused_id = paused.run("subscribe").run_id
    finished = Runner(ScriptedModel([Finish()]), PagesEnvironment(), trace=store).run("x").run_id
    store.close()
    line = error_line(["run", "--resume", paused_id])
    assert "Which email?" in line
    assert "--answer" in line
    assert "already finished" in error_line(["run", "--resume", finished])
    assert "openlam runs" in error_line(["run", "--resume", "no-such-run"])


def test_a_mistyped_local_page_is_named() -> None:
    line = error_line(["run", "x", "--url", "exmples/newsletter.html"])
    assert "no such file" in line
    assert "exmples/newsletter.html" in line


def test_a_trace_from_another_schema_version_is_refused(home: Path) -> None:
    store = TraceStore(home)
    state = Runner(ScriptedModel([Finish()]), PagesEnvironment(), trace=store).run("x")
    store._db.execute(
        "UPDATE runs SET header = json_set(header, '$.schema_version', 99) WHERE run_id = ?",
        (state.run_id,),
    )
    store.close()
    line = error_line(["show", state.run_id])
    assert "trace schema 99" in line


def test_unknown_sandbox_task_template_or_seed() -> None:
    line = error_line(["run", "--task", "sandbox/restaurants/teleport@1", "--policy", "expert"])
    assert "unknown sandbox task 'restaurants/teleport'" in line
    assert "restaurants/reserve-table" in line  # says what exists
    assert "needs a seed" in error_line(["run", "--task", "sandbox/restaurants/reserve-table"])
    assert "needs a seed" in error_line(["run", "--task", "sandbox/restaurants/reserve-table@x"])
    line = error_line(["run", "--task", "sandbox/restaurants/reserve-table@1", "--policy", "magic"])
    assert "unknown policy 'magic'" in line
    line = error_line(["run", "--task", "sandbox/restaurants/reserve-table@1", "--layout", "z"])
    assert "unknown layout 'z'" in line


def test_sandbox_tasks_lists_every_template_as_json() -> None:
    listed = cli.invoke(app, ["sandbox", "tasks", "--json"])
    assert listed.exit_code == 0
    rows = json.loads(listed.output)
    assert len(rows) >= 100
    assert {r["tier"] for r in rows} == {"single", "multi", "cross"}
    assert {r["split"] for r in rows} == {"train", "test"}


def test_training_data_never_comes_from_held_out_episodes(home: Path) -> None:
    line = error_line(["data", "collect", "bfcl"])
    assert "bfcl is evaluation-only" in line
    assert "miniwob --split train" in line
    line = error_line(["data", "collect", "miniwob", "--split", "eval_only"])
    assert "held out for evaluation; train on --split train" in line
    line = error_line(["data", "collect", "sandbox", "--seeds", "99999-100001"])
    assert "seeds 100000... are held out" in line
    assert not (home / "data").exists()  # refused before anything was written


def test_data_commands_name_missing_or_wrong_inputs(tmp_path: Path) -> None:
    assert "does not exist" in error_line(["data", "build", str(tmp_path / "nope")])
    assert "holds no trajectories.jsonl" in error_line(["data", "build", str(tmp_path)])
    line = error_line(["data", "stats", str(tmp_path / "ds.jsonl")])
    assert "build a dataset with `openlam data build`" in line
    (tmp_path / "ds.jsonl").write_text("{}\n")
    line = error_line(["data", "export", str(tmp_path / "ds.jsonl"), "--format", "csv"])
    assert "unknown export format 'csv'; use one of openlam, openai, xlam" in line
    line = error_line(["data", "export", str(tmp_path / "ds.jsonl")])
    assert "ds.jsonl:1 is not an openlam example" in line
    error_line(["data", "export", str(tmp_path / "ds.jsonl"), "--out", str(tmp_path / "e.jsonl")])
    assert not list(tmp_path.glob("e.jsonl*"))  # no partial file left behind
    line = error_line(["data", "sample", str(tmp_path / "ds.jsonl"), "--n", "0"])
    assert "--n must be at least 1, got 0" in line
    line = error_line(["data", "sample", str(tmp_path / "ds.jsonl"), "--out", str(tmp_path / "s")])
    assert "ds.jsonl:1 is not an openlam example" in line
    assert not (tmp_path / "s").exists()  # nothing half-written
    line = error_line(["data", "sample", str(tmp_path / "ds.jsonl"), "--match", "(["])
    assert "--match '([' is not a regular expression" in line
    line = error_line(["data", "synth", "refusals", str(tmp_path / "none.jsonl")])
    assert "build a dataset with `openlam data build`" in line
    line = error_line(["data", "synth", "refusals", str(tmp_path / "ds.jsonl")])
    assert "ds.jsonl:1 is not an openlam example" in line
