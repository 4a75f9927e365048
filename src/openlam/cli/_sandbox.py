"""``openlam sandbox …`` commands and ``openlam run --task``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from openlam.actions import Step
from openlam.agent import Budget, RunState
from openlam.cli._render import step_line
from openlam.memory import TraceStore

sandbox_app = typer.Typer(
    help="The sandbox world: local apps and their task suite.", no_args_is_help=True
)
out = Console()
err = Console(stderr=True)


@sandbox_app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    seed: Annotated[int, typer.Option(min=0, help="World seed.")] = 0,
    layout: Annotated[str, typer.Option(help="Layout variant: a or b.")] = "a",
) -> None:
    """Serve every sandbox app (GUI at /APP/, JSON API at /api/APP/) until interrupted."""
    import uvicorn

    from openlam.sandbox import create_app, new_world

    world = new_world()
    world.reset(seed, _layout(layout))
    out.print(
        f"sandbox on http://{host}:{port}/  (seed {seed}, layout {layout}; "
        "POST /_sandbox/reset to reset)",
        highlight=False,
    )
    uvicorn.run(create_app(world), host=host, port=port, log_level="warning")


@sandbox_app.command()
def tasks(
    app: Annotated[str | None, typer.Option(help="Only this app's templates.")] = None,
    split: Annotated[str | None, typer.Option(help="Only train or test.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the task templates."""
    from openlam.sandbox import templates

    rows = [
        t
        for t in templates().values()
        if (app is None or t.app == app) and (split is None or t.split == split)
    ]
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "tier": t.tier,
                        "kind": t.kind,
                        "split": t.split,
                        "example": t.phrasings[0],
                    }
                    for t in rows
                ]
            )
        )
        return
    table = Table(title=f"{len(rows)} sandbox task templates")
    for column in ("id", "tier", "kind", "split", "phrasing"):
        table.add_column(column, overflow="fold")
    for t in rows:
        table.add_row(t.id, t.tier, t.kind, t.split, t.phrasings[0])
    out.print(table)


def _layout(value: str) -> Any:
    from openlam.exceptions import UserError
    from openlam.sandbox import LAYOUTS

    if value not in LAYOUTS:
        raise UserError(f"unknown layout {value!r}: use one of {', '.join(LAYOUTS)}")
    return value


def run_task(
    task: str,
    *,
    model_spec: str,
    adapter: Path | None,
    policy: str | None,
    layout: str,
    budget: Budget,
    headed: bool,
    quiet: bool,
) -> tuple[RunState, dict[str, Any]]:
    """Run one sandbox task instance against a freshly reset world; returns the run and the
    check's verdict."""
    from openlam.evaluation import parse_task, run_gui_episode
    from openlam.exceptions import UserError
    from openlam.models import load_model
    from openlam.sandbox import SandboxServer

    template, seed = parse_task(task)
    chosen_layout = _layout(layout)
    if policy not in (None, "expert"):
        raise UserError(f"unknown policy {policy!r}: the sandbox has --policy expert")
    chosen = None if policy == "expert" else load_model(model_spec, adapter=adapter)
    store = TraceStore()

    def progress(state: RunState, step: Step) -> None:
        if quiet:
            return
        if step.index == 1:
            err.print(
                f"[dim]task {template.id}@{seed} (layout {layout}): {state.intent}[/]",
                highlight=False,
            )
        err.print(step_line(step), highlight=False)

    try:
        with SandboxServer() as server:
            episode = run_gui_episode(
                server,
                template,
                seed,
                chosen_layout,
                model=chosen,
                budget=budget,
                trace=store,
                headless=not headed,
                on_step=progress,
            )
    finally:
        store.close()
        if chosen is not None:
            chosen.close()
    verdict = {
        "task": f"sandbox/{template.id}@{seed}",
        "layout": layout,
        "intent": episode.instance.intent,
        "success": episode.result.ok,
        "reason": episode.result.reason,
    }
    if episode.state is None:  # pragma: no cover - GUI episodes always have a run
        raise RuntimeError("a GUI episode ended without a run")
    return episode.state, verdict
