"""Rich renderings of runs and traces for the terminal."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text

from openlam.actions import Step
from openlam.agent import RunState
from openlam.memory import RunSummary


def step_line(step: Step) -> Text:
    """One progress line: index, action, outcome, tokens and seconds."""
    usage = step.usage
    line = Text(f"{step.index:>3} ")
    line.append(step.describe().partition(" ")[2], style="bold" if step.action else "red")
    line.append(
        f"  ({usage.prompt_tokens - usage.cached_tokens} new + {usage.cached_tokens} cached "
        f"tokens, {step.timings.decide:.2f} s model, "
        f"{step.timings.observe + step.timings.execute:.2f} s browser)",
        style="dim",
    )
    return line


def render_trace(state: RunState) -> Group:
    """The whole run: header, then one row per step."""
    usage = state.usage
    header = Table.grid(padding=(0, 2))
    for key, value in (
        ("run", state.run_id),
        ("intent", state.intent),
        ("start", state.start_url),
        ("model", state.model),
        ("status", state.status.value),
        ("answer", state.answer or ""),
        ("question", state.question or ""),
        ("error", state.error or ""),
        (
            "tokens",
            f"{usage.prompt_tokens} prompt ({usage.cached_tokens} reused), "
            f"{usage.completion_tokens} completion",
        ),
        ("time", f"{state.elapsed:.1f} s"),
    ):
        if value:
            header.add_row(Text(key, style="bold"), Text(str(value)))
    steps = Table(show_lines=True, expand=True)
    for column in ("#", "page", "action → result", "tokens new/cached", "s"):
        steps.add_column(column, overflow="fold")
    for step in state.steps:
        obs = step.observation
        page = f"{obs.title}\n{obs.url}\n{len(obs.elements)} elements"
        if step.screenshot:
            page += f"\n{step.screenshot}"
        usage = step.usage
        steps.add_row(
            str(step.index),
            page,
            step.describe().partition(" ")[2] + (f"\nraw: {step.raw_output}" if step.error else ""),
            f"{usage.prompt_tokens - usage.cached_tokens}/{usage.cached_tokens}",
            f"{step.timings.observe + step.timings.decide + step.timings.execute:.2f}",
        )
    return Group(header, steps)


def render_runs(runs: list[RunSummary]) -> Table:
    """A table of runs for ``openlam runs``."""
    table = Table()
    for column in ("run", "started", "status", "steps", "model", "intent"):
        table.add_column(column, overflow="fold")
    for run in runs:
        started = datetime.fromtimestamp(run.started_at).strftime("%Y-%m-%d %H:%M")
        table.add_row(run.run_id, started, run.status, str(run.steps), run.model, run.intent)
    return table
