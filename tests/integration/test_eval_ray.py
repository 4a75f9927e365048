"""`--ray`: the same episodes as Ray tasks on a local Ray instance, dead actors survived."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openlam.evaluation import AgentSpec, evaluate, plan, read_records

ray = pytest.importorskip("ray", reason="Ray is the openlam[ray] extra, installed by make test")
pytestmark = pytest.mark.integration
EXPERT = AgentSpec(policy="expert")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        # set before Ray starts, so its worker processes can import the test suite too
        patch.setenv("OPENLAM_SUITES", "flaky=openlam.testing:FlakySuite")
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        try:
            yield
        finally:
            ray.shutdown()


def test_episodes_run_on_ray_actors_and_a_dead_actor_is_replaced(
    local_ray: None, tmp_path: Path
) -> None:
    request = plan(
        "flaky", EXPERT, tasks=["pass", "crash", "fail"], seeds=[0, 1], ray=True, workers=2
    )
    summary = evaluate(request, tmp_path)
    records = {r.key: r for r in read_records(tmp_path)}
    assert len(records) == 6 == summary["n"]
    assert records["crash@0"].status == records["crash@1"].status == "error"
    assert "Ray worker died" in (records["crash@0"].error or "")
    assert records["pass@0"].success
    assert records["pass@1"].success
    assert not records["fail@0"].success
    assert records["fail@0"].status == "finished"
    assert summary["ray"] is True


def test_sandbox_expert_on_ray(local_ray: None, tmp_path: Path) -> None:
    request = plan("sandbox", EXPERT, tasks=["calendar/event-location"], seeds=[100000], ray=True)
    summary = evaluate(request, tmp_path)
    assert summary["n"] == 1
    assert summary["success_rate"] == 1.0
