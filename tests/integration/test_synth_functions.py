"""``openlam data synth functions`` then ``openlam data build``, ``stats`` and ``export``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from openlam.actions import ActionSpace
from openlam.cli import app
from openlam.learning import Trajectory, read_examples

cli = CliRunner()


def test_synthesize_then_build_a_dataset(tmp_path: Path) -> None:
    where = tmp_path / "synth"
    args = ["data", "synth", "functions", "--n", "40", "--seed", "3", "--out", str(where)]
    made = cli.invoke(app, [*args, "--json"])
    assert made.exit_code == 0, made.output
    summary = json.loads(made.output.strip().splitlines()[-1])
    assert (summary["n"], summary["verified_rate"], summary["first_seed"]) == (40, 1.0, 3)
    assert sum(summary["by_kind"].values()) == 40
    assert json.loads((where / "summary.json").read_text())["by_kind"] == summary["by_kind"]
    lines = (where / "trajectories.jsonl").read_text().splitlines()
    trajectories = [Trajectory.model_validate_json(line) for line in lines]
    assert [t.seed for t in trajectories] == list(range(3, 43))
    assert {t.suite for t in trajectories} == {"functions"}
    assert all(t.success and t.split == "train" for t in trajectories)

    built = cli.invoke(
        app, ["data", "build", str(where), "--out", str(tmp_path / "ds.jsonl"), "--json"]
    )
    assert built.exit_code == 0, built.output
    report = json.loads(built.output)
    steps = sum(len(t.steps) for t in trajectories)
    assert report["examples"] + report["duplicates"] == steps
    assert report["skipped_steps"] == 0
    examples = list(read_examples(tmp_path / "ds.jsonl"))
    assert {e.action for e in examples} >= {"call_tool", "finish"}
    assert {e.task for e in examples} <= {
        "simple",
        "multiple",
        "parallel",
        "parallel_multiple",
        "irrelevance",
        "ask",
    }
    for example in examples:
        space = ActionSpace.for_tools(example.tools)
        action = space.parse(example.target)  # the target is a reply the runtime accepts
        assert action.action == example.action
        assert example.gemma_prompt.count("Tools:\n") == 1

    stats = cli.invoke(app, ["data", "stats", str(tmp_path / "ds.jsonl"), "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.output)["by_suite"] == {"functions": report["examples"]}
    exported = cli.invoke(app, ["data", "export", str(tmp_path / "ds.jsonl"), "--format", "xlam"])
    assert exported.exit_code == 0, exported.output
    records = [json.loads(line) for line in (tmp_path / "ds.xlam.jsonl").read_text().splitlines()]
    assert len(records) == report["examples"]
    assert all(record["answers"] for record in records)


def test_synthesis_refuses_held_out_seeds_and_collect_points_to_it(tmp_path: Path) -> None:
    refused = cli.invoke(
        app, ["data", "synth", "functions", "--n", "10", "--seed", "99995", "--out", str(tmp_path)]
    )
    assert refused.exit_code == 2
    assert "held out" in refused.output
    collected = cli.invoke(app, ["data", "collect", "functions", "--out", str(tmp_path / "c")])
    assert collected.exit_code == 2
    assert "openlam data synth functions" in collected.output
