"""``openlam eval SUITE …`` and ``openlam eval report DIR [DIR2]``."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from openlam.exceptions import OpenlamError, UserError

if TYPE_CHECKING:
    from openlam.evaluation import EvalRequest

err = Console(stderr=True)
out = Console()

HEADLINE = ("suite", "split", "n", "success_rate", "success_ci", "mean_steps", "tokens_per_step")

# options shared by `openlam eval` and `openlam data collect`
TasksOption = Annotated[str | None, typer.Option("--tasks", help="Only these tasks: A,B,C.")]
MaxStepsOption = Annotated[
    int | None, typer.Option("--max-steps", min=1, help="Step budget per episode.")
]
WorkersOption = Annotated[int, typer.Option("--workers", min=1, help="Episodes run in parallel.")]
RayOption = Annotated[bool, typer.Option("--ray", help="Run episodes as Ray tasks.")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Results directory.")]
ResumeOption = Annotated[Path | None, typer.Option("--resume", help="Continue in this directory.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def eval_command(
    target: Annotated[
        str, typer.Argument(help="Suite (sandbox, miniwob, forms, bfcl, agentdojo) or `report`.")
    ],
    directories: Annotated[
        list[Path] | None, typer.Argument(help="With `report`: one or two result directories.")
    ] = None,
    split: Annotated[str | None, typer.Option(help="Split (default: the suite's first).")] = None,
    tasks: TasksOption = None,
    seeds: Annotated[str | None, typer.Option(help="Seeds: 100000-100049 or 1,2,3.")] = None,
    model: Annotated[
        str | None, typer.Option(help="embedded | openai:MODEL@URL | anthropic:MODEL")
    ] = None,
    policy: Annotated[
        str | None, typer.Option(help="A baseline instead of a model: expert|random|scripted.")
    ] = None,
    max_steps: MaxStepsOption = None,
    workers: WorkersOption = 1,
    ray: RayOption = False,
    out_dir: OutOption = None,
    resume: ResumeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Evaluate a model or baseline policy on a benchmark suite; `eval report DIR [DIR2]`
    renders results as an HTML page with plots."""
    from openlam.cli._app import fail

    try:
        if target == "report":
            _report(directories or [], out_dir)
            return
        if directories:
            raise UserError(f"unexpected arguments {[str(d) for d in directories]}")
        summary, where = _evaluate(
            target,
            split=split,
            tasks=tasks,
            seeds=seeds,
            model=model,
            policy=policy,
            max_steps=max_steps,
            workers=workers,
            ray=ray,
            out_dir=out_dir,
            resume=resume,
            quiet=as_json,
        )
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps({**{k: summary[k] for k in HEADLINE}, **_per_step(summary)}))
        return
    _print_summary(summary, where)


def _per_step(summary: dict[str, Any]) -> dict[str, Any]:
    return {"seconds_per_step": summary["seconds_per_step"], "out": summary.get("out")}


def _evaluate(
    suite: str,
    *,
    split: str | None,
    tasks: str | None,
    seeds: str | None,
    model: str | None,
    policy: str | None,
    max_steps: int | None,
    workers: int,
    ray: bool,
    out_dir: Path | None,
    resume: Path | None,
    quiet: bool,
    trajectories: bool = False,
    perturb: float = 0.0,
    perturb_by: str | None = None,
    guard: Callable[[EvalRequest], None] | None = None,
    out_root: str = "evals",
) -> tuple[dict[str, Any], Path]:
    """Plan (or reload) and run an evaluation with a progress bar.

    ``trajectories`` keeps every episode's steps, ``perturb`` is the rate of deliberate random
    steps (taken by the model ``perturb_by`` names, when given); ``guard`` may refuse the plan
    (training data must not come from held-out episodes); ``out_root`` names the folder of
    ``$OPENLAM_HOME`` where the default results directory goes.
    """
    from openlam.evaluation import (
        AgentSpec,
        default_out_dir,
        evaluate,
        parse_seeds,
        plan,
        resume_request,
    )

    if resume is not None:
        request = resume_request(resume)
        where = resume
    else:
        if not (model or policy):
            _no_agent()
        agent = AgentSpec(
            model=model,
            policy=policy,
            max_steps=max_steps,
            trajectories=trajectories,
            perturb=perturb,
            perturb_by=perturb_by,
        )
        request = plan(
            suite,
            agent,
            split=split,
            tasks=[t.strip() for t in tasks.split(",") if t.strip()] if tasks else None,
            seeds=parse_seeds(seeds) if seeds else None,
            workers=workers,
            ray=ray,
            command=shlex.join(["openlam", *sys.argv[1:]]),
        )
        where = out_dir or default_out_dir(
            request.suite, request.split, request.agent, root=out_root
        )
    if guard is not None:
        guard(request)
    if not quiet:
        err.print(
            f"[dim]{request.suite}/{request.split} · {request.agent.label} · "
            f"{len(request.episodes)} episodes · {request.workers} worker(s)"
            f"{' on Ray' if request.ray else ''} · {where}[/]",
            highlight=False,
        )
    with progress_bar(disable=quiet) as bar:
        job = bar.add_task(request.suite, total=len(request.episodes), rate="")
        wins = 0

        def advance(record: Any, done: int, total: int) -> None:
            nonlocal wins
            wins += record.success
            bar.update(job, completed=done, rate=f"{wins} solved")

        summary = evaluate(request, where, resume=resume is not None, on_record=advance)
    return {**summary, "out": str(where)}, where


def _no_agent() -> NoReturn:
    raise UserError("say who acts: --model SPEC (e.g. embedded) or --policy expert|random|scripted")


def _print_summary(summary: dict[str, Any], where: Path) -> None:
    out.print(
        f"[bold]{summary['suite']}/{summary['split']}[/] {summary['agent']}: "
        f"{summary['success_rate']:.1%} of {summary['n']} episodes "
        f"(95% interval {_interval(summary['success_ci'])}; "
        f"mean over tasks {summary['task_mean_success']:.1%}), "
        f"{summary['mean_steps']:.1f} steps, {summary['tokens_per_step']:.0f} tokens and "
        f"{summary['seconds_per_step']:.2f} s per step, {summary['errors']} errors",
        highlight=False,
    )
    out.print(
        f"results: {where}  (report: openlam eval report {where})", highlight=False, soft_wrap=True
    )


def _interval(bounds: list[float]) -> str:
    return f"{bounds[0]:.1%}-{bounds[1]:.1%}"


def _report(directories: list[Path], out_file: Path | None) -> None:
    from openlam.evaluation import write_report

    if not 1 <= len(directories) <= 2:
        raise UserError("`openlam eval report` takes one or two result directories")
    target = out_file or directories[0] / (
        "report.html" if len(directories) == 1 else f"compare-{directories[1].name}.html"
    )
    written = write_report(directories, target)
    out.print(f"report: {written}", highlight=False)


def progress_bar(*, disable: bool) -> Progress:
    """The bar long commands show on stderr: what, done of total, a rate field, time left."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        disable=disable,
    )
