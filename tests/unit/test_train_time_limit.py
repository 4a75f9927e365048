"""`openlam train --time-limit`: a run cut to the steps that end in time (no torch needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from openlam.cli import app
from openlam.cli._train import parse_duration
from openlam.exceptions import UserError
from openlam.learning import TrainConfig
from openlam.learning._time_fit import EVAL_SHARE, RESERVE_SECONDS, TimeFit

# a run that began at 0, loaded for 10 s, then takes 100 steps of 100 tokens
PLANNED = 100


def fit(limit: float, *, held_out_tokens: int = 0) -> TimeFit:
    return TimeFit(limit, 0.0, 10.0, [100] * PLANNED, held_out_tokens, first_replan=10)


def test_the_plan_is_cut_to_the_steps_that_end_in_time() -> None:
    # after 10 steps at 1 s a step, at 20 s: 40 of the 60 s (and the reserve) are left
    assert fit(60 + RESERVE_SECONDS).total(10, PLANNED, 20.0, 0.01, replan=True) == 50
    # not a step for redrawing the plan: it stays
    assert fit(60 + RESERVE_SECONDS).total(11, PLANNED, 21.0, 0.01, replan=False) == PLANNED


def test_the_run_stops_when_its_next_step_would_not_end_in_time() -> None:
    late = fit(60 + RESERVE_SECONDS)
    assert late.total(44, 45, 54.5, 0.01, replan=False) == 45
    assert late.total(44, 45, 59.5, 0.01, replan=False) == 44
    # after a step that took 6 s, 5.5 s left are not enough for another
    late.longest = 6.0
    assert late.total(44, 45, 54.5, 0.01, replan=False) == 44
    # however late, a plan never ends before the step just taken
    assert late.total(44, 45, 500.0, 0.01, replan=True) == 44


def test_a_redrawn_plan_may_grow_back_but_never_past_the_planned_steps() -> None:
    roomy = fit(1000.0)
    assert roomy.total(50, 45, 60.0, 0.01, replan=True) == PLANNED
    # a pessimistic first estimate (3 s a step) shortened it; faster steps lengthen it again
    again = fit(120 + RESERVE_SECONDS)
    assert again.total(10, PLANNED, 40.0, 0.03, replan=True) == 36
    assert again.total(30, 36, 60.0, 0.01, replan=True) == 90


def test_small_differences_do_not_redraw_the_schedule() -> None:
    # 46 steps fit where 45 are planned: within 2%, kept
    assert fit(56 + RESERVE_SECONDS).total(20, 45, 30.0, 0.01, replan=True) == 45
    assert fit(58 + RESERVE_SECONDS).total(20, 45, 30.0, 0.01, replan=True) == 48


def test_the_last_held_out_evaluation_is_kept_time_for() -> None:
    # 1,000 held-out tokens cost 4 s at 0.4 of the training rate: four steps fewer
    assert EVAL_SHARE == 0.4
    plain = fit(60 + RESERVE_SECONDS).total(10, PLANNED, 20.0, 0.01, replan=True)
    held = fit(60 + RESERVE_SECONDS, held_out_tokens=1000)
    assert (plain, held.total(10, PLANNED, 20.0, 0.01, replan=True)) == (50, 46)
    # once an evaluation has been timed, its time is what is kept
    held.eval_seconds = 10.0
    assert held.total(10, PLANNED, 20.0, 0.01, replan=True) == 40


def test_steps_are_costed_by_their_own_lengths() -> None:
    # later steps twice as long: fewer of them fit than the first steps' pace says
    uneven = TimeFit(60 + RESERVE_SECONDS, 0.0, 10.0, [100] * 20 + [200] * 80)
    assert uneven.total(10, PLANNED, 20.0, 0.01, replan=True) == 10 + 10 + 15


def test_the_rate_is_measured_from_the_first_step_and_the_plan_redrawn_on_schedule() -> None:
    timed = TimeFit(60 + RESERVE_SECONDS, 0.0, 10.0, [100] * PLANNED, first_replan=2)
    replan_every = timed.replan_every
    assert timed.after(1, PLANNED, 100, 11.0) == PLANNED  # not yet a step that redraws
    # 1 s a step, one more kept in hand: 47 more steps end in time
    assert (timed.after(2, PLANNED, 100, 12.0), timed.longest) == (49, 1.0)
    assert replan_every == 50
    assert timed.after(3, 49, 100, 13.0) == 49


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("45m", 2700), ("1.5h", 5400), ("30", 1800), ("2M", 120)]
)
def test_durations_read_with_their_unit_or_as_minutes(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "-5m", "0", "inf", "nanh", "5x"])
def test_a_duration_that_is_not_one_is_refused_with_examples(text: str) -> None:
    with pytest.raises(UserError, match=r"such as 90s, 45m or 1\.5h"):
        parse_duration(text)


def test_a_time_limit_must_be_positive() -> None:
    with pytest.raises(UserError, match="--time-limit"):
        TrainConfig(dataset="d.jsonl", time_limit=0)


def test_the_cli_refuses_a_bad_time_limit_before_loading_anything(tmp_path: Path) -> None:
    dataset = tmp_path / "d.jsonl"
    dataset.write_text("")
    result = CliRunner().invoke(
        app, ["train", str(dataset), "--out", str(tmp_path / "run"), "--time-limit", "soon"]
    )
    assert result.exit_code == 2
    assert "--time-limit 'soon'" in result.output
    assert not (tmp_path / "run").exists()


def test_the_cli_passes_the_limit_to_a_new_run_and_to_a_resumed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    import openlam.cli._train as train_cli

    seen: list[TrainConfig] = []

    def fake_train(config: TrainConfig, where: Path, *, resume: bool, quiet: bool) -> Path:
        seen.append(config)
        raise UserError("stopped before training")

    monkeypatch.setattr(train_cli, "_train", fake_train)
    dataset = tmp_path / "d.jsonl"
    dataset.write_text("")
    runner = CliRunner()
    args = ["train", str(dataset), "--out", str(tmp_path / "run"), "--time-limit", "90s"]
    assert runner.invoke(app, [*args, "--epochs", "2"]).exit_code == 2
    assert (seen[-1].time_limit, seen[-1].epochs) == (90.0, 2.0)
    # a resumed run keeps what it started with and takes the new limit
    (tmp_path / "run").mkdir()
    started = TrainConfig(dataset=str(dataset), epochs=3.0, time_limit=600.0)
    (tmp_path / "run" / "train.json").write_text(json.dumps(started.__dict__))
    resumed = ["train", "--resume", str(tmp_path / "run"), "--time-limit", "2m"]
    assert runner.invoke(app, resumed).exit_code == 2
    assert (seen[-1].time_limit, seen[-1].epochs) == (120.0, 3.0)
    assert runner.invoke(app, resumed[:3]).exit_code == 2
    assert seen[-1].time_limit == 600.0
