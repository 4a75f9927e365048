"""The ``openlam`` command line."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from openlam.actions import Step
from openlam.agent import Budget, Runner, RunState, RunStatus
from openlam.cli._data import data_app
from openlam.cli._eval import eval_command
from openlam.cli._render import render_runs, render_trace, step_line
from openlam.cli._sandbox import sandbox_app
from openlam.cli._train import train_command
from openlam.exceptions import OpenlamError
from openlam.memory import TraceStore, dump_run

app = typer.Typer(
    name="openlam",
    help="openlam turns a plain-language intent into executed, verified actions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()
app.add_typer(sandbox_app, name="sandbox")
app.command("eval")(eval_command)
app.add_typer(data_app, name="data")
app.command("train")(train_command)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and exit."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def run(
    intent: Annotated[str, typer.Argument(help="What to do, in plain language.")] = "",
    url: Annotated[str, typer.Option(help="Page to start on (URL or local file).")] = "",
    model: Annotated[str, typer.Option(help="embedded | openai:MODEL@URL | anthropic:MODEL")] = (
        "embedded"
    ),
    adapter: Annotated[Path | None, typer.Option(help="LoRA GGUF for the embedded model.")] = None,
    max_steps: Annotated[int, typer.Option(min=1, help="Step budget.")] = 15,
    max_seconds: Annotated[float, typer.Option(min=1, help="Time budget in seconds.")] = 600,
    headed: Annotated[bool, typer.Option(help="Show the browser window.")] = False,
    resume: Annotated[str | None, typer.Option(help="Continue this run id.")] = None,
    answer: Annotated[str | None, typer.Option(help="Answer to a paused run's question.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary only.")] = False,
    task: Annotated[
        str | None, typer.Option(help="A sandbox task instance: sandbox/APP/TEMPLATE@SEED.")
    ] = None,
    policy: Annotated[
        str | None, typer.Option(help="Act with a built-in policy instead of a model: expert.")
    ] = None,
    layout: Annotated[str, typer.Option(help="Sandbox layout variant: a or b.")] = "a",
) -> None:
    """Carry out INTENT in a real browser (or a sandbox task with --task), recording a trace."""
    signal.signal(signal.SIGTERM, _interrupt)  # a killed run is saved as interrupted
    if task is not None:
        _sandbox_task(
            task, model, adapter, policy, layout, Budget(max_steps, max_seconds), headed, as_json
        )
        return
    try:
        state = _run(
            intent,
            url,
            model,
            adapter,
            Budget(max_steps, max_seconds),
            headed,
            resume,
            answer,
            as_json,
        )
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(state.summary()))
    else:
        _print_outcome(state)
    if state.status in (RunStatus.ERROR, RunStatus.INTERRUPTED):
        raise typer.Exit(1)


def _run(
    intent: str,
    url: str,
    model_spec: str,
    adapter: Path | None,
    budget: Budget,
    headed: bool,
    resume: str | None,
    answer: str | None,
    quiet: bool,
) -> RunState:
    from openlam.models import load_model

    with ExitStack() as cleanup:
        store = TraceStore()
        cleanup.callback(store.close)
        state = _resumable(store, resume, answer) if resume else _new_state(intent, url)
        chosen = load_model(model_spec, adapter=adapter)  # a bad spec fails before the browser
        cleanup.callback(chosen.close)

        from openlam.environments.web import WebEnvironment

        environment = WebEnvironment(state.start_url, headless=not headed)
        cleanup.callback(environment.close)
        state.start_url = environment.start_url  # local paths become file:// URLs

        spinner = err.status("working…", spinner="dots")

        def progress(current: RunState, step: Step) -> None:
            if not quiet:
                err.print(step_line(step), highlight=False)

        def ask(question: str) -> str | None:
            spinner.stop()  # the spinner would redraw over what the person types
            try:
                return _ask(question)
            finally:
                spinner.start()

        runner = Runner(
            chosen,
            environment,
            budget=budget,
            trace=store,
            ask=None if quiet else ask,
            on_step=progress,
        )
        if not quiet:
            err.print(f"[dim]run {state.run_id} · model {chosen.name} · {state.start_url}[/]")
            spinner.start()
            cleanup.callback(spinner.stop)
        with contextlib.suppress(KeyboardInterrupt):  # the runner saved it as interrupted
            return runner.run(state.intent, state=state)
        return state


def _sandbox_task(
    task: str,
    model: str,
    adapter: Path | None,
    policy: str | None,
    layout: str,
    budget: Budget,
    headed: bool,
    as_json: bool,
) -> None:
    from openlam.cli._sandbox import run_task

    try:
        state, verdict = run_task(
            task,
            model_spec=model,
            adapter=adapter,
            policy=policy,
            layout=layout,
            budget=budget,
            headed=headed,
            quiet=as_json,
        )
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps({**state.summary(), **verdict}))
    else:
        _print_outcome(state)
        colour = "green" if verdict["success"] else "red"
        reason = f": {verdict['reason']}" if verdict["reason"] else ""
        out.print(
            f"[bold {colour}]check {'passed' if verdict['success'] else 'failed'}[/]{reason}",
            highlight=False,
        )
    if not verdict["success"]:
        raise typer.Exit(1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _new_state(intent: str, url: str) -> RunState:
    state = RunState.new(intent)
    if not url:
        fail("no start page: pass --url URL (a web address or a local .html file)")
    state.start_url = url
    return state


def _resumable(store: TraceStore, run_id: str, answer: str | None) -> RunState:
    state = store.load(run_id)
    if state.status is RunStatus.FINISHED:
        fail(f"run {run_id} already finished: start a new run instead")
    if state.status is RunStatus.NEEDS_INPUT:
        if not answer:
            fail(f"run {run_id} is waiting for an answer to: {state.question} — pass --answer")
        state.answer_question(answer)
    return state


def _ask(question: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    return typer.prompt(f"openlam asks: {question}", default="", show_default=False) or None


def _print_outcome(state: RunState) -> None:
    usage = state.usage
    colour = "green" if state.status is RunStatus.FINISHED else "yellow"
    out.print(
        f"[bold {colour}]{state.status.value}[/] after {len(state.steps)} steps, "
        f"{state.elapsed:.1f} s, {usage.prompt_tokens} prompt tokens "
        f"({usage.cached_tokens} reused)",
        highlight=False,
    )
    if state.answer:
        out.print(f"answer: {state.answer}", highlight=False)
    if state.question:
        out.print(
            f"question: {state.question}\nanswer it with: openlam run --resume "
            f"{state.run_id} --answer '...'",
            highlight=False,
        )
    if state.error:
        out.print(f"[yellow]{state.error}[/]", highlight=False)
    if state.status not in (RunStatus.FINISHED, RunStatus.NEEDS_INPUT):
        out.print(f"continue it with: openlam run --resume {state.run_id}", highlight=False)
    store = TraceStore()
    out.print(
        f"trace: openlam show {state.run_id}  (db {store.path}, screenshots "
        f"{store.run_dir(state.run_id)})",
        highlight=False,
    )
    store.close()


@app.command("runs")
def list_runs(
    limit: Annotated[int, typer.Option(min=1, help="How many runs to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List recent runs, newest first."""
    store = TraceStore()
    runs = store.runs(limit)
    store.close()
    if as_json:
        print(json.dumps([r.__dict__ for r in runs]))
    else:
        out.print(render_runs(runs))


@app.command()
def show(
    run_id: Annotated[str, typer.Argument(help="A run id from `openlam runs`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole trace as JSON.")] = False,
) -> None:
    """Print a run's trace: every step's page, action, result, tokens and time."""
    store = TraceStore()
    try:
        state = store.load(run_id)
    except OpenlamError as exc:
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        print(dump_run(state))
    else:
        out.print(render_trace(state))


@app.command()
def setup() -> None:
    """Prepare the embedded model's weights and check the browser."""
    from openlam.environments.web import find_chromium
    from openlam.models._weights import base_model_path, shipped_adapter

    try:
        adapter = shipped_adapter() or "none shipped (base model only)"
        # one line each, never wrapped: scripts read these paths
        for name, value in (
            ("model weights", base_model_path()),
            ("action adapter", adapter),
            ("chromium", find_chromium()),
        ):
            out.print(f"{name}: {value}", highlight=False, soft_wrap=True)
    except OpenlamError as exc:
        fail(str(exc))
