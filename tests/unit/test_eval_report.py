"""The evaluation report and its SVG charts, on synthetic results directories."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from openlam.evaluation._charts import (
    Bar,
    Point,
    Series,
    bar_chart,
    grouped_bar_chart,
    histogram,
    scatter_plot,
)
from openlam.evaluation._report import compare_tasks, load_run, render_report, write_report
from openlam.evaluation._results import EPISODES, REQUEST, SUMMARY, summarize
from openlam.evaluation._suite import EpisodeRecord
from openlam.exceptions import UserError

SVG = "{http://www.w3.org/2000/svg}"


def _record(task: str, seed: int, success: bool, **fields: Any) -> EpisodeRecord:
    defaults: dict[str, Any] = {
        "suite": "sandbox",
        "split": "test",
        "agent": "policy:expert",
        "status": "finished",
        "steps": 4,
        "prompt_tokens": 400,
        "seconds": 2.0,
        "model_seconds": 1.0,
    }
    return EpisodeRecord(task=task, seed=seed, success=success, **{**defaults, **fields})


def _write_results(directory: Path, records: list[EpisodeRecord], **request: Any) -> Path:
    directory.mkdir(parents=True)
    suite = records[0].suite if records else "sandbox"
    asked: dict[str, Any] = {
        "suite": suite,
        "split": "test",
        "agent": "policy:expert",
        "command": "openlam eval",
    }
    asked |= request
    asked["episodes"] = [[r.task, r.seed] for r in records]
    (directory / REQUEST).write_text(json.dumps(asked))
    (directory / EPISODES).write_text("".join(r.model_dump_json() + "\n" for r in records))
    (directory / SUMMARY).write_text(json.dumps({**asked, **summarize(records)}))
    return directory


def _table_rows(page: str, first_cell: str) -> list[str]:
    return re.findall(rf"<tr><td>{re.escape(first_cell)}</td>.*?</tr>", page)


def test_single_report_shows_every_task_headline_and_failures(tmp_path: Path) -> None:
    records = [
        _record("mail_reply", 1, True),
        _record("mail_reply", 2, False, status="max_steps", steps=20),
        _record("shop_order", 1, False, status="error", error="browser crashed: Target closed"),
        _record("calendar_add", 1, True, steps=2),
    ]
    directory = _write_results(tmp_path / "run", records)
    page = render_report([directory])
    for task in ("mail_reply", "shop_order", "calendar_add"):
        assert _table_rows(page, task), task
    assert "openlam evaluation: sandbox / test" in page
    assert "browser crashed: Target closed" in page
    assert "2 of 4 episodes failed or broke" in page
    assert page.count("<svg") == 5  # success, steps, tokens, seconds, cost scatter
    success_row = re.search(r"<tr><th>success</th><td>(.*?)</td>", page)
    assert success_row is not None
    assert success_row.group(1) == "50%"


def test_task_names_and_errors_are_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>"
    records = [
        _record(hostile, 1, False, status="error", error='"><img src=x onerror=alert(2)>\x1b[31m'),
        _record("plain", 1, True),
    ]
    page = render_report([_write_results(tmp_path / "run", records, command=hostile)])
    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        ET.fromstring(svg)  # task names inside the charts did not break the XML


def test_two_runs_show_deltas_and_tasks_of_one_run_only(tmp_path: Path) -> None:
    first = _write_results(
        tmp_path / "base",
        [
            _record("mail_reply", 1, False),
            _record("mail_reply", 2, False),
            _record("shop_order", 1, True, prompt_tokens=800),
            _record("old_task", 1, True),
        ],
    )
    second = _write_results(
        tmp_path / "tuned",
        [
            _record("mail_reply", 1, True),
            _record("mail_reply", 2, False),
            _record("shop_order", 1, False, prompt_tokens=400),
            _record("new_task", 1, True),
        ],
        agent="embedded",
    )
    page = render_report([first, second])
    mail = _table_rows(page, "mail_reply")[0]
    assert '<span class="better">+50.0 pp</span>' in mail
    shop = _table_rows(page, "shop_order")[0]
    assert '<span class="worse">-100.0 pp</span>' in shop
    assert '<span class="better">-100</span>' in shop  # fewer tokens per step is better
    assert "Only in A: base: old_task" in page
    assert "Only in B: tuned: new_task" in page
    assert "<th>Δ (B − A)</th>" in page


def test_compare_tasks_pairs_tasks_and_subtracts_first_from_second() -> None:
    first = {"a": {"success_rate": 0.25, "mean_steps": 3.0}, "b": {"success_rate": 1.0}}
    second = {"a": {"success_rate": 0.75, "mean_steps": 5.0}, "c": {"success_rate": 0.0}}
    comparisons = {c.task: c for c in compare_tasks(first, second)}
    assert sorted(comparisons) == ["a", "b", "c"]
    assert comparisons["a"].delta("success_rate") == pytest.approx(0.5)
    assert comparisons["a"].delta("mean_steps") == pytest.approx(2.0)
    assert comparisons["b"].delta("success_rate") is None
    assert comparisons["c"].first is None


def test_runs_of_different_suites_are_shown_one_after_the_other(tmp_path: Path) -> None:
    sandbox = _write_results(tmp_path / "sandbox", [_record("mail_reply", 1, True)])
    bfcl = _write_results(
        tmp_path / "bfcl",
        [
            _record("simple_python", 1, True, suite="bfcl"),
            _record("parallel", 2, False, suite="bfcl"),
        ],
    )
    page = render_report([sandbox, bfcl])
    assert "different suites (sandbox and bfcl)" in page
    assert "Δ (B − A)" not in page  # two suites' numbers are not subtracted
    assert _table_rows(page, "mail_reply")
    assert _table_rows(page, "simple_python")


def test_a_directory_without_results_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not a directory"):
        render_report([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UserError, match=r"eval\.json is missing"):
        render_report([tmp_path / "empty"])
    started = _write_results(tmp_path / "started", [])
    with pytest.raises(UserError, match="no episode records yet"):
        render_report([started])
    (started / EPISODES).unlink()
    with pytest.raises(UserError, match=r"episodes\.jsonl is missing"):
        render_report([started])
    with pytest.raises(UserError, match="one evaluation directory, or two"):
        render_report([])


def test_a_stale_summary_is_recomputed_from_the_records(tmp_path: Path) -> None:
    directory = _write_results(tmp_path / "run", [_record("a", 1, True)])
    with (directory / EPISODES).open("a") as episodes:
        episodes.write(_record("a", 2, False).model_dump_json() + "\n")
    run = load_run(directory)
    assert run.summary["n"] == 2
    assert run.summary["success_rate"] == pytest.approx(0.5)


def test_write_report_creates_the_file(tmp_path: Path) -> None:
    directory = _write_results(tmp_path / "run", [_record("a", 1, True)])
    out = write_report([directory], tmp_path / "reports" / "run.html")
    assert out.read_text().startswith("<!doctype html>")


def test_groups_and_detail_rates_get_their_tables(tmp_path: Path) -> None:
    records = [
        _record("t1", 1, True, detail={"group": "banking", "attacked": True}),
        _record("t2", 1, False, detail={"group": "slack", "attacked": False}),
    ]
    page = render_report([_write_results(tmp_path / "run", records)])
    assert "<h2>Per group</h2>" in page
    assert "Success rate per group" in page
    assert _table_rows(page, "banking")
    assert re.search(r"<tr><th>attacked</th><td>50%</td>", page)


def test_charts_are_well_formed_svg_with_escaped_text() -> None:
    hostile = "</text><script>x</script> & \x00"
    charts = [
        bar_chart([Bar(hostile, 0.5), Bar("b" * 80, 1.0)], title=hostile, scale_max=1.0),
        grouped_bar_chart(
            ["a", hostile], [Series("A", [0.1, None]), Series("B", [2.0, 3.0])], title="g"
        ),
        histogram([("A", [1, 2, 2, 9]), ("B", [0.5, 40.0])], title="h", x_label=hostile),
        scatter_plot(
            [(hostile, [Point(120.0, 0.4, hostile)])], title="s", x_label="x", y_label="y"
        ),
        bar_chart([], title="empty"),
        histogram([("A", [])], title="empty", x_label="steps"),
    ]
    for chart in charts:
        root = ET.fromstring(chart)
        assert root.tag == f"{SVG}svg"
        assert root.find(f".//{SVG}script") is None
    texts = "".join(ET.fromstring(charts[0]).itertext())
    assert "</text><script>x</script> &" in texts
    assert "n/a" in "".join(ET.fromstring(charts[1]).itertext())


def test_a_colour_that_could_inject_markup_is_refused() -> None:
    with pytest.raises(ValueError, match="not a colour"):
        bar_chart([Bar("a", 1.0)], title="t", colour='red" onload="x')


def _bench_script(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_summary_figure_pools_runs_and_shows_missing_suites(tmp_path: Path) -> None:
    plot = _bench_script("plot_summary")
    _write_results(tmp_path / "r1", [_record("a", 1, True), _record("a", 2, False)])
    _write_results(tmp_path / "r2", [_record("a", 2, True)])  # the same episode, run again
    _write_results(
        tmp_path / "bfcl",
        [_record("simple", 1, True, suite="bfcl"), _record("multiple", 1, False, suite="bfcl")],
        agent="policy:random",
        split="all",
    )
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / REQUEST).write_text("{}")  # no episodes: skipped, not fatal
    results = plot.scores(plot.pooled_records(plot.result_dirs([tmp_path])))
    assert results[("sandbox", "test", "policy:expert")].value == pytest.approx(1.0)
    assert results[("bfcl", "all", "policy:random")].value == pytest.approx(0.5)
    root = ET.fromstring(plot.figure(results))
    texts = list(root.itertext())
    assert "n/a" in texts  # no expert run on bfcl, no random run on the sandbox
    assert "| sandbox test | n/a | 100% (2; 34%-100%) |" in plot.markdown_table(results)
    whiskers = [p for p in root.iter(f"{SVG}path") if p.get("stroke")]
    assert len(whiskers) == 2  # one 95% interval per drawn bar, none for n/a


def test_base_model_runs_from_before_the_adapter_pool_with_embedded_base(tmp_path: Path) -> None:
    plot = _bench_script("plot_summary")
    _write_results(tmp_path / "old", [_record("a", 1, True, agent="embedded")], agent="embedded")
    base = [_record("a", 2, False, agent="embedded:base")]
    _write_results(tmp_path / "base", base, agent="embedded:base")
    trained = [_record("a", 1, True, agent="embedded+openlam-action")]
    _write_results(tmp_path / "trained", trained, agent="embedded+openlam-action")
    results = plot.scores(plot.pooled_records(plot.result_dirs([tmp_path])))
    pooled = results[("sandbox", "test", "embedded:base")]
    assert (pooled.value, pooled.episodes) == (0.5, 2)
    trained_score = results[("sandbox", "test", "embedded+openlam-action")]
    assert (trained_score.value, trained_score.episodes) == (1.0, 1)
    assert ("sandbox", "test", "embedded") not in results


def test_runs_without_a_model_leave_the_token_charts_out(tmp_path: Path) -> None:
    records = [_record("a", 1, True, prompt_tokens=0), _record("b", 1, False, prompt_tokens=0)]
    page = render_report([_write_results(tmp_path / "run", records)])
    assert "the token charts are left out" in page
    assert "Prompt tokens per step" not in page
    assert page.count("<svg") == 3  # success, steps, seconds


def test_rates_come_with_intervals_and_two_runs_are_paired_by_episode(tmp_path: Path) -> None:
    first = _write_results(tmp_path / "base", [_record("t", seed, False) for seed in range(12)])
    second = _write_results(
        tmp_path / "tuned", [_record("t", seed, seed < 10) for seed in range(12)]
    )
    summary = load_run(second).summary
    assert summary["success_ci"] == pytest.approx([0.552, 0.953], abs=1e-3)
    assert summary["task_mean_ci"][0] < 10 / 12 < summary["task_mean_ci"][1]
    page = render_report([first, second])
    assert "<th>success, 95% interval</th><td>0.0–24.2%</td><td>55.2–95.3%</td>" in page
    assert "<tr><th>only by B: tuned</th><td>10</td></tr>" in page
    assert "B solved 10 that A did not, and lost 0: B is better (p = 0.00195)." in page
    alone = render_report([second])
    assert "<th>success, 95% interval</th><td>55.2–95.3%</td>" in alone
    assert "Same episodes, paired" not in alone


def test_compare_models_pairs_the_last_two_runs_on_shared_episodes(tmp_path: Path) -> None:
    compare = _bench_script("compare_models")
    dirs = [
        _write_results(tmp_path / "base", [_record("t", s, False) for s in range(12)]),
        _write_results(tmp_path / "one", [_record("t", s, s < 4) for s in range(12)]),
        # one more seed than the others: left out of the comparison
        _write_results(tmp_path / "two", [_record("t", s, s < 10) for s in range(13)]),
    ]
    row = compare.compare(dirs, ["base", "one", "two"])
    assert row["episodes"] == 12
    assert row["paired"] == [
        {"runs": ["base", "two"], "gained": 10, "lost": 0, "p_value": pytest.approx(2 / 1024)},
        {"runs": ["one", "two"], "gained": 6, "lost": 0, "p_value": pytest.approx(2 / 64)},
    ]
    assert row["two"]["ci"] == pytest.approx([0.552, 0.953], abs=1e-3)
    head, rule, line = compare.markdown([row], ["base", "one", "two"]).splitlines()
    assert "| two vs base (gained / lost, p) | two vs one (gained / lost, p) |" in head
    assert rule.count("|") == head.count("|")
    assert "| **83.3%** | 55%-95% | +10 / -0, p=0.002 | +6 / -0, p=0.031 |" in line


def test_step_agreement_compares_each_expert_step_with_the_model_reply() -> None:
    from openlam.actions import AskUser, Click, Finish, Step, TypeText
    from openlam.learning import Trajectory
    from openlam.testing import ScriptedModel, default_page

    agreement = _bench_script("step_agreement")
    page = default_page()

    def expert(task: str, *actions: Any) -> Trajectory:
        steps = [Step(index=i + 1, observation=page, action=a) for i, a in enumerate(actions)]
        return Trajectory(
            suite="sandbox", split="test", task=task, seed=100000, agent="policy:expert",
            success=True, intent="subscribe", steps=steps,
        )  # fmt: skip

    trajectories = [
        expert("a", TypeText(element=1, text="a@b.c"), Click(element=2), Finish(answer="ok")),
        expert("b", AskUser(question="Which address?"), Finish(answer="")),
    ]
    model = ScriptedModel(
        [
            TypeText(element=1, text="a@b.c"),  # agrees
            Click(element=1),  # the wrong element: the episode's first miss, at its 2nd step
            Finish(answer="It is OK."),  # contains the expert's answer: agrees
            AskUser(question="What email should I use?"),  # any wording agrees
            Finish(answer="done"),  # the expert's empty answer is in every answer
        ]
    )
    result = agreement.score_model(model, "scripted", trajectories)
    assert result["overall"] == {"steps": 5, "agree": 4, "rate": 0.8}
    assert result["by_type"]["click"] == {"steps": 1, "agree": 0, "rate": 0.0}
    assert result["by_position"]["1"] == {"steps": 2, "agree": 2, "rate": 1.0}
    assert result["episodes_all_agree"] == 1
    assert result["agreeing_steps_before_first_miss"] == 1.5  # (1 + 2) / 2
    assert result["first_miss_instead"] == {"click -> click": 1}
    # only the first steps: one reply per episode
    model = ScriptedModel([Click(element=2), AskUser(question="Which one?")])
    firsts = agreement.score_model(model, "scripted", trajectories, first_only=True)
    assert firsts["overall"] == {"steps": 2, "agree": 1, "rate": 0.5}
    assert [row["step"] for row in firsts["steps"]] == [1, 1]
    assert not agreement.agrees('{"action":"finish","answer":"ok"}', "invalid: not JSON")
    assert not agreement.agrees(
        '{"action":"finish","answer":"Studio 3"}', '{"action":"finish","answer":"added"}'
    )
