"""BFCL v4 through openlam with the real bfcl-eval data and official checkers."""

from __future__ import annotations

import pytest

from openlam.evaluation import get_suite
from openlam.evaluation._suite import AgentSpec, EpisodeSpec
from openlam.exceptions import UserError

pytest.importorskip("bfcl_eval", reason="the bfcl suite needs the bfcl-eval package")

pytestmark = pytest.mark.integration

CATEGORIES = (
    "simple_python",
    "multiple",
    "parallel",
    "parallel_multiple",
    "irrelevance",
    "live_simple",
    "live_multiple",
    "multi_turn_base",
)


def episode(task: str, seed: int) -> EpisodeSpec:
    return EpisodeSpec("bfcl", "test", task, seed)


def test_the_ground_truth_passes_the_official_checkers() -> None:
    suite = get_suite("bfcl")
    assert suite.tasks("test") == CATEGORIES
    assert len(suite.seeds("test", "simple_python")) == 400
    session = suite.open(AgentSpec(policy="expert"))
    try:
        for task in CATEGORIES:
            for seed in range(3):
                record = session.run(episode(task, seed))
                assert record.success, (task, seed, record.error, record.detail)
                assert record.detail["category"] == task
                assert record.steps >= 1
        # the same multi-turn entry twice in one process: the checker's state must not leak
        assert session.run(episode("multi_turn_base", 0)).success
    finally:
        session.close()


def test_doing_nothing_fails_every_category_but_irrelevance() -> None:
    session = get_suite("bfcl").open(AgentSpec(policy="scripted"))
    results = {task: session.run(episode(task, 0)) for task in CATEGORIES}
    assert [t for t, r in results.items() if r.success] == ["irrelevance"]
    checker = results["simple_python"].detail["checker"]
    assert checker == {"error": ["no function call made"]}
    multi_turn = results["multi_turn_base"].detail["checker"]
    assert multi_turn["error_type"] == "multi_turn:empty_turn_model_response"


def test_a_seed_past_the_last_entry_is_an_error_record() -> None:
    session = get_suite("bfcl").open(AgentSpec(policy="expert"))
    record = session.run(episode("multiple", 200))
    assert record.status == "error"
    assert record.error == "bfcl/multiple has entries 0-199; seed 200 names none of them"
    with pytest.raises(UserError, match="unknown BFCL category"):
        get_suite("bfcl").seeds("test", "java")


def test_the_embedded_model_runs_entries_through_the_tool_path() -> None:
    session = get_suite("bfcl").open(AgentSpec(model="embedded"))
    try:
        simple = session.run(episode("simple_python", 0))
        irrelevant = session.run(episode("irrelevance", 0))
    finally:
        session.close()
    for record in (simple, irrelevant):
        assert record.status == "finished", record.error
        assert record.steps == 1
        assert record.prompt_tokens > 100
        assert record.completion_tokens > 0
    # the grammar allows only the entry's own function (or finish / ask_user)
    calls = [call for step in simple.detail["calls"][0] for call in step]
    assert all(call.startswith("calculate_triangle_area(") for call in calls)
    if calls:
        assert "checker" in simple.detail
