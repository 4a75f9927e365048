"""The HTML report of one evaluation, or of two side by side (``openlam eval report DIR [DIR2]``).

The page is self-contained (inline CSS and SVG, no script, nothing fetched), so it can be mailed,
attached to an issue or opened from disk. Everything shown comes from the results directory:
the request (``eval.json``), the records (``episodes.jsonl``) and the summary, which is recomputed
from the records when it lags behind them. Every string from the results (task names, errors,
commands) is escaped: a task called ``<script>`` is shown, never run.

With two runs, deltas are the second run minus the first; green means better (a higher success
rate, fewer tokens or seconds per step), red worse. Rates come with 95% intervals, and two runs of
one suite are also compared on the episodes both ran (McNemar's exact test): a delta inside the
noise of a small sample says so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openlam.evaluation._charts import (
    Bar,
    Point,
    Series,
    bar_chart,
    escape,
    grouped_bar_chart,
    histogram,
    number,
    percent,
    scatter_plot,
)
from openlam.evaluation._results import (
    INTERVAL_OF,
    read_records,
    read_request,
    read_summary,
    summarize,
)
from openlam.evaluation._stats import paired
from openlam.evaluation._suite import EpisodeRecord
from openlam.exceptions import UserError


@dataclass(frozen=True)
class Metric:
    """A number of the summary: its key, column title, format, and which way is better."""

    key: str
    title: str
    fmt: Callable[[float], str]
    better: int  # +1 higher is better, -1 lower is better, 0 neither (e.g. steps)


def _count(value: float) -> str:
    return f"{value:.0f}"


METRICS = (
    Metric("success_rate", "success", percent, +1),
    Metric("mean_reward", "reward", number, +1),
    Metric("mean_steps", "steps", number, 0),
    Metric("tokens_per_step", "tokens/step", number, -1),
    Metric("seconds_per_step", "s/step", number, -1),
    Metric("model_seconds_per_step", "model s/step", number, -1),
    Metric("errors", "errors", _count, -1),
)
"""The columns of every per-task and per-group table, in order."""

_HEADLINE = (
    Metric("task_mean_success", "task mean success", percent, +1),
    *METRICS,
    Metric("episodes_per_minute", "episodes/minute", number, +1),
)
_REQUEST_SKIP = {"episodes"}  # the full episode list: the tables below show it better
_ERROR_CHARS = 240
_FAILURE_ROWS = 200
_FAILURES_OPEN = 20  # longer lists start folded
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # Playwright colours its error messages


@dataclass(frozen=True)
class EvaluationRun:
    """One results directory, read: what was asked, every record, and the summary."""

    directory: Path
    request: dict[str, Any]
    records: list[EpisodeRecord]
    summary: dict[str, Any]

    @property
    def suite(self) -> str:
        """The suite evaluated (from the request, else from the records)."""
        return str(self.request.get("suite") or self.records[0].suite)

    @property
    def per_task(self) -> dict[str, dict[str, Any]]:
        """The summary's numbers for each task."""
        return dict(self.summary.get("per_task", {}))


def load_run(directory: Path) -> EvaluationRun:
    """Read ``directory``; raise ``UserError`` saying what is missing when it holds no results."""
    if not directory.is_dir():
        raise UserError(
            f"{directory} is not a directory; give the --out directory of an `openlam eval` run"
        )
    request = read_request(directory)
    records = read_records(directory)
    if not records:
        raise UserError(
            f"{directory} holds no episode records yet; run the evaluation (or `openlam eval "
            f"--resume {directory}`) before asking for its report"
        )
    # the records are the truth: a summary may lag behind them (written before the last one)
    # or predate numbers added since (the 95% intervals); what only the harness knows is kept
    summary = {**read_summary(directory), **summarize(records)}
    return EvaluationRun(directory, request, records, summary)


@dataclass(frozen=True)
class TaskComparison:
    """One task's numbers in two runs (``None`` for a run that did not evaluate it)."""

    task: str
    first: Mapping[str, Any] | None
    second: Mapping[str, Any] | None

    def delta(self, key: str) -> float | None:
        """Second run minus first for the summary number ``key``; ``None`` unless both have it."""
        if self.first is None or self.second is None:
            return None
        if key not in self.first or key not in self.second:
            return None
        return float(self.second[key]) - float(self.first[key])


def compare_tasks(
    first: Mapping[str, Mapping[str, Any]], second: Mapping[str, Mapping[str, Any]]
) -> list[TaskComparison]:
    """Every task of either per-task summary, sorted by name, paired across the two runs."""
    return [
        TaskComparison(task, first.get(task), second.get(task))
        for task in sorted(set(first) | set(second))
    ]


def render_report(directories: Sequence[Path]) -> str:
    """A self-contained HTML page reporting one evaluation, or comparing two."""
    if not 1 <= len(directories) <= 2:
        raise UserError(
            f"give one evaluation directory, or two to compare (got {len(directories)})"
        )
    runs = [load_run(Path(directory)) for directory in directories]
    if len(runs) == 1:
        run = runs[0]
        title = f"openlam evaluation: {run.suite} / {run.request.get('split', '?')}"
        return _page(title, [_request_table([run], ["run"]), *_run_sections(run)])
    first, second = runs
    names = _run_names(first, second)
    title = f"openlam evaluation: {names[0]} vs {names[1]}"
    return _page(title, _comparison_sections(first, second, names))


def write_report(directories: Sequence[Path], out: Path) -> Path:
    """Render the report of ``directories`` into the file ``out`` (parents created); return it."""
    page = render_report(directories)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# ---------------------------------------------------------------- one run


def _run_sections(run: EvaluationRun) -> list[str]:
    sections = [
        _section("Headline", _headline_table([run], ["value"])),
        _section("Charts", _run_charts(run)),
        _section("Per task", _metrics_table("task", run.per_task)),
    ]
    if run.summary.get("per_group"):
        sections.append(_section("Per group", _metrics_table("group", run.summary["per_group"])))
    if run.summary.get("detail_rates"):
        sections.append(_section("Detail rates", _rates_table([run], ["rate"])))
    sections.append(_section("Failed episodes", _failures_table(run)))
    return sections


def _run_charts(run: EvaluationRun) -> str:
    tasks = run.per_task
    charts = [
        bar_chart(
            [
                Bar(t, s["success_rate"], f"({s['n']} episodes)")
                for t, s in _ranked(tasks, "success_rate")
            ],
            title="Success rate per task",
            scale_max=1.0,
            fmt=percent,
        ),
        histogram(
            [("", [r.steps for r in run.records])], title="Steps per episode", x_label="steps"
        ),
    ]
    groups = run.summary.get("per_group") or {}
    if groups:
        charts.insert(
            1,
            bar_chart(
                [Bar(g, s["success_rate"]) for g, s in _ranked(groups, "success_rate")],
                title="Success rate per group",
                scale_max=1.0,
                fmt=percent,
            ),
        )
    with_tokens = _uses_tokens(run.records)
    for key, title in (("tokens_per_step", "Prompt tokens"), ("seconds_per_step", "Seconds")):
        if key == "tokens_per_step" and not with_tokens:
            continue
        charts.append(
            bar_chart(
                [Bar(t, s[key]) for t, s in _ranked(tasks, key)],
                title=f"{title} per step, per task",
            )
        )
    if with_tokens:
        charts.append(_cost_scatter([("", run.records)]))
    return _figures(charts, with_tokens)


def _uses_tokens(records: Sequence[EpisodeRecord]) -> bool:
    return any(r.prompt_tokens for r in records)


def _figures(charts: Sequence[str], with_tokens: bool) -> str:
    note = (
        ""
        if with_tokens
        else '<p class="note">No prompt tokens were recorded (a policy acts, not a model): '
        "the token charts are left out.</p>"
    )
    return note + "".join(f'<figure class="chart">{chart}</figure>' for chart in charts)


def _ranked(
    numbers: Mapping[str, Mapping[str, Any]], key: str
) -> list[tuple[str, Mapping[str, Any]]]:
    """Names with their numbers, highest ``key`` first (ties by name)."""
    return sorted(numbers.items(), key=lambda item: (-float(item[1].get(key, 0.0)), item[0]))


def _cost_scatter(samples: Sequence[tuple[str, Sequence[EpisodeRecord]]]) -> str:
    points = [
        (
            name,
            [
                Point(r.prompt_tokens / r.steps, r.seconds / r.steps, r.key)
                for r in records
                if r.steps
            ],
        )
        for name, records in samples
    ]
    return scatter_plot(
        points,
        title="Cost per step, per episode",
        x_label="prompt tokens per step",
        y_label="seconds per step",
    )


def _failures_table(run: EvaluationRun) -> str:
    failed = [r for r in run.records if not r.success or r.status == "error"]
    if not failed:
        return "<p>Every episode succeeded.</p>"
    failed.sort(key=lambda r: (r.status != "error", r.task, r.seed))
    rows = [
        "<tr><th>task</th><th>seed</th><th>status</th><th>steps</th><th>reward</th>"
        '<th class="error">error</th></tr>'
    ]
    for record in failed[:_FAILURE_ROWS]:
        error = _ANSI.sub("", record.error or "")
        short = error if len(error) <= _ERROR_CHARS else error[: _ERROR_CHARS - 1] + "…"
        status_class = ' class="worse"' if record.status == "error" else ""
        rows.append(
            f"<tr><td>{escape(record.task)}</td><td>{record.seed}</td>"
            f"<td{status_class}>{escape(record.status)}</td><td>{record.steps}</td>"
            f"<td>{number(record.reward)}</td>"
            f'<td class="error" title="{escape(error[:4000])}">{escape(short)}</td></tr>'
        )
    more = len(failed) - _FAILURE_ROWS
    tail = f"<p>… and {more} more (see episodes.jsonl).</p>" if more > 0 else ""
    head = f"{len(failed)} of {len(run.records)} episodes failed or broke"
    unfold = " open" if len(failed) <= _FAILURES_OPEN else ""
    return f"<details{unfold}><summary>{head}</summary>{_table(rows)}{tail}</details>"


# ---------------------------------------------------------------- two runs


def _run_names(first: EvaluationRun, second: EvaluationRun) -> tuple[str, str]:
    a, b = first.directory.name, second.directory.name
    if a == b or not a or not b:
        a, b = str(first.directory), str(second.directory)
    return (f"A: {a}", f"B: {b}")


def _comparison_sections(
    first: EvaluationRun, second: EvaluationRun, names: tuple[str, str]
) -> list[str]:
    sections = [
        _request_table([first, second], list(names)),
        _section("Headline", _headline_table([first, second], list(names))),
    ]
    if first.suite != second.suite:
        sections.append(
            f'<p class="note">The runs are of different suites ({escape(first.suite)} and '
            f"{escape(second.suite)}): they are shown one after the other.</p>"
        )
        for name, run in zip(names, (first, second), strict=True):
            sections.append(f"<h2>{escape(name)}</h2>")
            sections.extend(_run_sections(run)[1:])
        return sections
    sections.append(_section("Same episodes, paired", _paired_table(first, second, names)))
    comparisons = compare_tasks(first.per_task, second.per_task)
    sections.append(_section("Charts", _comparison_charts(first, second, names, comparisons)))
    sections.append(_section("Per task", _comparison_table("task", comparisons, names)))
    groups = (first.summary.get("per_group"), second.summary.get("per_group"))
    if groups[0] or groups[1]:
        table = _comparison_table("group", compare_tasks(groups[0] or {}, groups[1] or {}), names)
        sections.append(_section("Per group", table))
    if first.summary.get("detail_rates") or second.summary.get("detail_rates"):
        sections.append(_section("Detail rates", _rates_table([first, second], list(names))))
    for name, run in zip(names, (first, second), strict=True):
        sections.append(_section(f"Failed episodes, {name}", _failures_table(run)))
    return sections


def _comparison_charts(
    first: EvaluationRun,
    second: EvaluationRun,
    names: tuple[str, str],
    comparisons: Sequence[TaskComparison],
) -> str:
    both = _in_both(comparisons)
    groups = _in_both(
        compare_tasks(first.summary.get("per_group") or {}, second.summary.get("per_group") or {})
    )
    with_tokens = _uses_tokens(first.records) or _uses_tokens(second.records)
    charts = [
        _paired_chart(both, names, "success_rate", "Success rate per task (tasks in both runs)"),
        histogram(
            [
                (names[0], [r.steps for r in first.records]),
                (names[1], [r.steps for r in second.records]),
            ],
            title="Steps per episode",
            x_label="steps",
        ),
    ]
    if groups:
        charts.insert(1, _paired_chart(groups, names, "success_rate", "Success rate per group"))
    if with_tokens:
        charts.append(_paired_chart(both, names, "tokens_per_step", "Prompt tokens per step"))
    charts.append(_paired_chart(both, names, "seconds_per_step", "Seconds per step"))
    if with_tokens:
        charts.append(_cost_scatter([(names[0], first.records), (names[1], second.records)]))
    return _figures(charts, with_tokens)


def _in_both(comparisons: Sequence[TaskComparison]) -> list[TaskComparison]:
    """The comparisons with numbers in both runs, the best (summed success) first."""
    both = [c for c in comparisons if c.first is not None and c.second is not None]
    both.sort(key=lambda c: -_value(c.first, "success_rate") - _value(c.second, "success_rate"))
    return both


def _paired_chart(
    pairs: Sequence[TaskComparison], names: tuple[str, str], key: str, title: str
) -> str:
    rate = key == "success_rate"
    return grouped_bar_chart(
        [c.task for c in pairs],
        [
            Series(names[0], [_value(c.first, key) for c in pairs]),
            Series(names[1], [_value(c.second, key) for c in pairs]),
        ],
        title=title,
        scale_max=1.0 if rate else None,
        fmt=percent if rate else number,
    )


def _comparison_table(
    kind: str, comparisons: Sequence[TaskComparison], names: tuple[str, str]
) -> str:
    shown = [m for m in METRICS if m.key not in {"mean_reward", "model_seconds_per_step"}]
    head = f'<tr><th rowspan="2">{escape(kind)}</th><th colspan="2">episodes</th>'
    head += "".join(f'<th colspan="3">{escape(m.title)}</th>' for m in shown) + "</tr>"
    sub = "<tr><th>A</th><th>B</th>" + "<th>A</th><th>B</th><th>Δ</th>" * len(shown) + "</tr>"
    rows = [head, sub]
    for comparison in comparisons:
        a, b = comparison.first, comparison.second
        cells = [escape(comparison.task), _cell(a, "n", _count), _cell(b, "n", _count)]
        for metric in shown:
            cells += [_cell(a, metric.key, metric.fmt), _cell(b, metric.key, metric.fmt)]
            cells.append(_delta_cell(comparison.delta(metric.key), metric))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    only = [
        (names[index], [c.task for c in comparisons if (c.first, c.second)[1 - index] is None])
        for index in (0, 1)
    ]
    notes = "".join(
        f'<p class="note">Only in {escape(name)}: {escape(", ".join(tasks))}</p>'
        for name, tasks in only
        if tasks
    )
    return _table(rows) + notes


# ---------------------------------------------------------------- tables shared by both


def _request_table(runs: Sequence[EvaluationRun], names: Sequence[str]) -> str:
    keys: list[str] = []
    for run in runs:
        keys += [k for k in run.request if k not in keys and k not in _REQUEST_SKIP]
    rows = []
    if len(runs) > 1:
        rows.append("<tr><th></th>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>")
    rows.append(
        "<tr><th>directory</th>"
        + "".join(f"<td><code>{escape(str(r.directory))}</code></td>" for r in runs)
        + "</tr>"
    )
    for key in keys:
        values = "".join(f"<td>{escape(_shown(r.request.get(key)))}</td>" for r in runs)
        rows.append(f"<tr><th>{escape(key)}</th>{values}</tr>")
    planned = [r.request.get("episodes") for r in runs]
    if any(isinstance(p, list) for p in planned):
        counts = "".join(f"<td>{len(p) if isinstance(p, list) else ''}</td>" for p in planned)
        rows.append(f"<tr><th>planned episodes</th>{counts}</tr>")
    return _section("Evaluation", _table(rows, "request"))


def _headline_table(runs: Sequence[EvaluationRun], names: Sequence[str]) -> str:
    # numbers of two different suites are shown side by side, not subtracted
    deltas = len(runs) == 2 and runs[0].suite == runs[1].suite
    delta_head = "<th>Δ (B − A)</th>" if deltas else ""
    rows = [
        "<tr><th></th>" + "".join(f"<th>{escape(n)}</th>" for n in names) + delta_head + "</tr>",
        "<tr><th>episodes</th>"
        + "".join(f"<td>{len(r.records)}</td>" for r in runs)
        + ("<td></td>" if deltas else "")
        + "</tr>",
    ]
    for metric in _HEADLINE:
        cells = "".join(f"<td>{_cell(r.summary, metric.key, metric.fmt)}</td>" for r in runs)
        if deltas:
            a, b = runs[0].summary.get(metric.key), runs[1].summary.get(metric.key)
            delta = float(b) - float(a) if a is not None and b is not None else None
            cells += f"<td>{_delta_cell(delta, metric)}</td>"
        rows.append(f"<tr><th>{escape(metric.title)}</th>{cells}</tr>")
        if metric.key in INTERVAL_OF:  # the rate's 95% interval on the row below
            cells = "".join(f"<td>{_interval_cell(r.summary, metric.key)}</td>" for r in runs)
            filler = "<td></td>" if deltas else ""
            rows.append(f"<tr><th>{escape(metric.title)}, 95% interval</th>{cells}{filler}</tr>")
    return _table(rows)


def _interval_cell(summary: Mapping[str, Any], key: str) -> str:
    interval = summary.get(INTERVAL_OF[key])
    if not isinstance(interval, list | tuple) or len(interval) != 2:
        return '<span class="missing">—</span>'  # a summary written before intervals existed
    low, high = (float(v) for v in interval)
    return escape(f"{low * 100:.1f}–{high * 100:.1f}%")


def _paired_table(first: EvaluationRun, second: EvaluationRun, names: tuple[str, str]) -> str:
    runs = [{r.key: r.success for r in run.records} for run in (first, second)]
    result = paired(runs[0], runs[1])
    if not result.episodes:
        return '<p class="note">The runs share no episode (task and seed): nothing to pair.</p>'
    neither = result.episodes - result.both - result.only_first - result.only_second
    rows = [
        f"<tr><th>episodes in both</th><td>{result.episodes}</td></tr>",
        f"<tr><th>solved by both</th><td>{result.both}</td></tr>",
        f"<tr><th>only by {escape(names[0])}</th><td>{result.only_first}</td></tr>",
        f"<tr><th>only by {escape(names[1])}</th><td>{result.only_second}</td></tr>",
        f"<tr><th>by neither</th><td>{neither}</td></tr>",
        f"<tr><th>McNemar exact p</th><td>{result.p_value:.3g}</td></tr>",
    ]
    short = (names[0].split(":")[0], names[1].split(":")[0])
    return _table(rows) + f'<p class="note">{escape(result.verdict(short))}</p>'


def _metrics_table(kind: str, numbers: Mapping[str, Mapping[str, Any]]) -> str:
    rows = [
        f"<tr><th>{escape(kind)}</th><th>episodes</th>"
        + "".join(f"<th>{escape(m.title)}</th>" for m in METRICS)
        + "</tr>"
    ]
    for name, values in numbers.items():
        cells = "".join(f"<td>{_cell(values, m.key, m.fmt)}</td>" for m in METRICS)
        rows.append(f"<tr><td>{escape(name)}</td><td>{_cell(values, 'n', _count)}</td>{cells}</tr>")
    return _table(rows)


def _rates_table(runs: Sequence[EvaluationRun], names: Sequence[str]) -> str:
    rates = [dict(r.summary.get("detail_rates") or {}) for r in runs]
    keys = sorted({k for one in rates for k in one})
    neutral = Metric("", "", percent, 0)  # whether a flag is good depends on the flag
    rows = [
        "<tr><th>flag</th>"
        + "".join(f"<th>{escape(n)}</th>" for n in names)
        + ("<th>Δ</th>" if len(runs) == 2 else "")
        + "</tr>"
    ]
    for key in keys:
        cells = "".join(f"<td>{_cell(one, key, percent)}</td>" for one in rates)
        if len(runs) == 2:
            both = key in rates[0] and key in rates[1]
            delta = rates[1][key] - rates[0][key] if both else None
            cells += f"<td>{_delta_cell(delta, neutral)}</td>"
        rows.append(f"<tr><th>{escape(key)}</th>{cells}</tr>")
    return _table(rows)


def _cell(values: Mapping[str, Any] | None, key: str, fmt: Callable[[float], str]) -> str:
    if values is None or values.get(key) is None:
        return '<span class="missing">—</span>'
    return escape(fmt(float(values[key])))


def _delta_cell(delta: float | None, metric: Metric) -> str:
    if delta is None:
        return ""
    sign = "+" if delta > 0 else ""
    text = f"{delta * 100:+.1f} pp" if metric.fmt is percent else sign + metric.fmt(delta)
    if abs(delta) < 1e-9:
        return f'<span class="same">{escape(text)}</span>'
    if metric.better == 0:
        return escape(text)
    better = (delta > 0) == (metric.better > 0)
    return f'<span class="{"better" if better else "worse"}">{escape(text)}</span>'


def _value(values: Mapping[str, Any] | None, key: str) -> float:
    return float(values.get(key, 0.0)) if values is not None else 0.0


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        text = " ".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, sort_keys=True)
    else:
        text = "" if value is None else str(value)
    return text if len(text) <= 300 else text[:299] + "…"


def _table(rows: Sequence[str], kind: str = "") -> str:
    table = f'<table class="{kind}">' if kind else "<table>"
    return f'<div class="scroll">{table}' + "".join(rows) + "</table></div>"


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


_CSS = """
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       color: #222; margin: 2em auto; max-width: 1200px; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid #e6e6e6; text-align: right;
         white-space: nowrap; }
th:first-child, td:first-child, .error, table.request td, table.request th { text-align: left; }
th { background: #f6f6f6; }
td.error { max-width: 48em; font-family: ui-monospace, monospace;
           font-size: 12px; white-space: pre-wrap; word-break: break-word; }
table.request td { white-space: normal; word-break: break-word; }
.scroll { overflow-x: auto; }
.better { color: #1a7f37; font-weight: 600; } .worse { color: #c62828; font-weight: 600; }
.same, .missing, .note { color: #777; }
figure.chart { margin: 1em 0; }
"""


def _page(title: str, sections: Sequence[str]) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body><h1>{escape(title)}</h1>{''.join(sections)}</body></html>\n"
    )
