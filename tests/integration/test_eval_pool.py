"""Evaluation on a local process pool: episodes spread over workers, dead workers survived."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlam.evaluation import AgentSpec, evaluate, plan, read_records
from openlam.exceptions import UserError

EXPERT = AgentSpec(policy="expert")


@pytest.fixture(autouse=True)
def flaky_suite(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENLAM_SUITES", "flaky=openlam.testing:FlakySuite")


@pytest.mark.integration
def test_process_pool_spreads_episodes_and_survives_a_dead_worker(tmp_path: Path) -> None:
    request = plan("flaky", EXPERT, tasks=["pass", "crash", "slow"], seeds=[0, 1], workers=2)
    summary = evaluate(request, tmp_path)
    records = {r.key: r for r in read_records(tmp_path)}
    assert len(records) == 6 == summary["n"]
    for key in ("crash@0", "crash@1"):
        assert records[key].status == "error"
        assert records[key].error == "the worker process died"
    # an episode running next to a crash may die with it; the others all finish
    survivors = [r for r in records.values() if r.status != "error"]
    assert len(survivors) >= 2
    assert all(r.success and r.task in ("pass", "slow") for r in survivors)
    pids = {r.detail["pid"] for r in records.values() if "pid" in r.detail}
    assert len(pids) >= 2  # more than one worker process ran episodes


@pytest.mark.integration
def test_a_worker_that_cannot_start_stops_the_evaluation(tmp_path: Path) -> None:
    request = plan("flaky", AgentSpec(policy="random"), tasks=["pass"], seeds=[0, 1], workers=2)
    with pytest.raises(UserError, match="a worker could not start: the flaky suite has no random"):
        evaluate(request, tmp_path)
