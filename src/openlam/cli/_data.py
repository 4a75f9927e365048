"""``openlam data collect | synth | build | stats | export``: training data from verified
trajectories."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from openlam.cli._eval import (
    JsonOption,
    MaxStepsOption,
    OutOption,
    RayOption,
    ResumeOption,
    TasksOption,
    WorkersOption,
)
from openlam.exceptions import OpenlamError, UserError

if TYPE_CHECKING:
    from openlam.evaluation import EvalRequest

data_app = typer.Typer(
    help="Training data: collect expert trajectories, build, inspect and export datasets.",
    no_args_is_help=True,
)
synth_app = typer.Typer(
    help="Synthetic training data: generated tools and requests, run and verified.",
    no_args_is_help=True,
)
data_app.add_typer(synth_app, name="synth")
out = Console()
err = Console(stderr=True)


@data_app.command()
def collect(
    suite: Annotated[
        str, typer.Argument(help="sandbox, sandbox-api, miniwob or forms (others: eval-only).")
    ],
    split: Annotated[str, typer.Option(help="Only the train split may be trained on.")] = "train",
    tasks: TasksOption = None,
    seeds: Annotated[str, typer.Option(help="Training seeds, below 100000.")] = "0-99",
    policy: Annotated[
        str | None, typer.Option(help="Who acts (default expert); or give --model.")
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="A model whose verified runs become data instead.")
    ] = None,
    max_steps: MaxStepsOption = None,
    perturb: Annotated[
        float,
        typer.Option(help="Rate of random steps to recover from (e.g. 0.1); not learned from."),
    ] = 0.0,
    perturb_by: Annotated[
        str | None,
        typer.Option(
            help="A model spec whose actions are the perturbations (its own mistakes), "
            "e.g. embedded; default random actions."
        ),
    ] = None,
    workers: WorkersOption = 1,
    ray: RayOption = False,
    out_dir: OutOption = None,
    resume: ResumeOption = None,
    as_json: JsonOption = False,
    via: Annotated[
        str,
        typer.Option(help="sandbox: browser (GUI experts) or api (API experts as tool calls)."),
    ] = "browser",
) -> None:
    """Run episodes on training tasks and seeds, keeping every step (trajectories.jsonl)."""
    from openlam.cli._app import fail
    from openlam.cli._eval import _evaluate
    from openlam.evaluation import parse_seeds
    from openlam.learning import check_trainable

    try:
        _not_synthetic(suite)
        suite = _via(suite, via)
        if resume is None:  # before the suite is even opened: say why, not "unknown split"
            picked = [t.strip() for t in (tasks or "").split(",") if t.strip()]
            check_trainable(suite, split, parse_seeds(seeds), picked)
        summary, where = _evaluate(
            suite,
            split=split,
            tasks=tasks,
            seeds=seeds,
            model=model,
            policy=policy or (None if model else "expert"),
            max_steps=max_steps,
            workers=workers,
            ray=ray,
            out_dir=out_dir,
            resume=resume,
            quiet=as_json,
            trajectories=True,
            perturb=perturb,
            perturb_by=perturb_by,
            guard=_trainable,
            out_root="data",
        )
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        keys = ("suite", "split", "agent", "n", "success_rate", "errors", "out")
        print(json.dumps({k: summary.get(k) for k in keys}))
        return
    out.print(
        f"[bold]{summary['suite']}/{summary['split']}[/] {summary['agent']}: "
        f"{summary['n']} episodes, {summary['success_rate']:.1%} verified, "
        f"{summary['errors']} errors; trajectories in {where}\n"
        f"next: openlam data build {where} --out dataset.jsonl",
        highlight=False,
        soft_wrap=True,
    )


def _not_synthetic(suite: str) -> None:
    if suite == "functions":
        raise UserError(
            "functions trajectories are synthesized, not collected: run "
            "`openlam data synth functions --n 1000 --out DIR`"
        )


def _via(suite: str, via: str) -> str:
    """The suite that collects ``suite`` this way: ``sandbox --via api`` is ``sandbox-api``."""
    if via not in ("browser", "api"):
        raise UserError(f"unknown --via {via!r}: use browser (the GUI experts) or api")
    if via == "browser":
        return suite
    if suite not in ("sandbox", "sandbox-api"):
        raise UserError(f"--via api is for the sandbox, whose apps have JSON APIs; not {suite}")
    return "sandbox-api"


def _trainable(request: EvalRequest) -> None:
    from openlam.learning import check_trainable

    if not request.agent.trajectories:
        raise UserError(
            "this directory is an evaluation without trajectories; collect with "
            "`openlam data collect` into a new directory"
        )
    check_trainable(
        request.suite,
        request.split,
        [e.seed for e in request.episodes],
        [e.task for e in request.episodes],
    )


@data_app.command()
def build(
    sources: Annotated[
        list[Path], typer.Argument(help="Collection directories or trajectories.jsonl files.")
    ],
    out_file: Annotated[Path, typer.Option("--out", help="Dataset file (JSONL).")] = Path(
        "dataset.jsonl"
    ),
    layout: Annotated[
        str,
        typer.Option(
            help="Prompt layout: standard, or task-repeated (the task again right before the "
            "reply). An adapter trained on it records it; the embedded model then renders it."
        ),
    ] = "standard",
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Turn the successful trajectories into deduplicated (prompt, action) examples."""
    from openlam.cli._app import fail
    from openlam.learning import build_dataset, trajectory_files
    from openlam.models._prompt import as_layout

    try:
        chosen = as_layout(layout, "--layout")
    except ValueError as exc:
        fail(str(exc))
    try:
        report = build_dataset(trajectory_files(sources), out_file, chosen)
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps({**report.to_json(), "out": str(out_file)}))
        return
    out.print(
        f"{report.examples} examples from {report.successful} successful of "
        f"{report.trajectories} trajectories ({report.duplicates} duplicates dropped, "
        f"{len(report.skipped)} steps without a valid action left out) → {out_file}",
        highlight=False,
        soft_wrap=True,
    )
    for reason in report.skipped[:5]:
        err.print(f"[dim]left out: {reason}[/]", highlight=False)


@data_app.command()
def sample(
    sources: Annotated[list[Path], typer.Argument(help="Dataset files from `openlam data build`.")],
    n: Annotated[int, typer.Option("--n", help="Examples to keep at most.")] = 1000,
    out_file: Annotated[Path, typer.Option("--out", help="Dataset file (JSONL).")] = Path(
        "sample.jsonl"
    ),
    seed: Annotated[int, typer.Option(help="Seed of the choice.")] = 0,
    exclude: Annotated[
        list[Path] | None,
        typer.Option(help="Leave out examples in this dataset (an earlier mix); repeatable."),
    ] = None,
    tasks: TasksOption = None,
    match: Annotated[
        str | None,
        typer.Option(help="Only examples whose page this regular expression finds (multiline)."),
    ] = None,
    first_steps: Annotated[
        bool, typer.Option("--first-steps", help="Only each episode's first step.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Keep N examples spread evenly over the tasks (a training mix within a budget)."""
    from openlam.cli._app import fail
    from openlam.learning import sample_dataset

    only = [t.strip() for t in tasks.split(",") if t.strip()] if tasks else []
    try:
        counts = sample_dataset(
            sources, n, out_file, seed, exclude or [], tasks=only, match=match,
            first_steps=first_steps,
        )  # fmt: skip
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps({"examples": sum(counts.values()), "tasks": dict(counts)}))
        return
    out.print(
        f"{sum(counts.values())} examples from {len(counts)} tasks → {out_file}",
        highlight=False,
        soft_wrap=True,
    )


@data_app.command()
def stats(
    dataset: Annotated[Path, typer.Argument(help="A dataset file from `openlam data build`.")],
    tokens: Annotated[
        bool, typer.Option("--tokens", help="Count tokens with the embedded model's tokenizer.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stats as JSON.")] = False,
) -> None:
    """Examples per suite, action and task; prompt and target sizes."""
    from openlam.cli._app import fail
    from openlam.learning import dataset_stats

    try:
        counter = None
        if tokens:
            from openlam.models.embedded import token_counter

            counter = token_counter()
        result = dataset_stats(dataset, counter)
    except OpenlamError as exc:
        fail(str(exc))
    if as_json:
        print(json.dumps(result.to_json()))
        return
    out.print(
        f"[bold]{result.examples}[/] examples from {result.trajectories} episodes", highlight=False
    )
    table = Table("size", "mean", "median", "max", "total")
    for name in ("prompt_chars", "target_chars", "prompt_tokens", "target_tokens"):
        spread: dict[str, Any] | None = getattr(result, name)
        if spread:
            table.add_row(name, *(f"{spread[k]:,.0f}" for k in ("mean", "median", "max", "total")))
    out.print(table)
    counts = Table("action", "examples")
    for action, count in result.by_action.items():
        counts.add_row(action, str(count))
    out.print(counts)
    out.print(
        "per suite: " + ", ".join(f"{k} {v}" for k, v in result.by_suite.items()), highlight=False
    )
    if result.by_layout:
        layouts = ", ".join(f"{k} {v}" for k, v in result.by_layout.items())
        out.print(f"web prompts per layout: {layouts}", highlight=False)


@data_app.command()
def encode(
    dataset: Annotated[Path, typer.Argument(help="A dataset file from `openlam data build`.")],
    out_file: Annotated[Path | None, typer.Option("--out", help="Encoded file (JSONL).")] = None,
) -> None:
    """Tokenize a dataset once, so that a machine without llama.cpp (a GPU box) can train on it."""
    from openlam.cli._app import fail
    from openlam.learning import write_encoded

    target = out_file or dataset.with_name(f"{dataset.stem}.ids.jsonl")
    try:
        count = write_encoded(dataset, target)
    except OpenlamError as exc:
        fail(str(exc))
    except ImportError as exc:
        fail(f"encoding needs openlam's tokenizer ({exc.name} is missing): pip install openlam")
    out.print(f"{count} examples as token ids → {target}", highlight=False, soft_wrap=True)


@data_app.command("export")
def export(
    dataset: Annotated[Path, typer.Argument(help="A dataset file from `openlam data build`.")],
    fmt: Annotated[str, typer.Option("--format", help="openlam | openai | xlam")] = "openai",
    out_file: Annotated[Path | None, typer.Option("--out", help="Output file (JSONL).")] = None,
) -> None:
    """Write the dataset for another trainer (OpenAI chat fine-tuning, xLAM unified format)."""
    from openlam.cli._app import fail
    from openlam.learning import export_dataset

    target = out_file or dataset.with_name(f"{dataset.stem}.{fmt}.jsonl")
    try:
        count = export_dataset(dataset, fmt, target)
    except OpenlamError as exc:
        fail(str(exc))
    out.print(f"{count} records ({fmt}) → {target}", highlight=False)


@synth_app.command("refusals")
def synth_refusals(
    pools: Annotated[
        list[Path], typer.Argument(help="Built sandbox datasets whose first pages to use.")
    ],
    out_file: Annotated[Path, typer.Option("--out", help="Dataset file (JSONL).")] = Path(
        "refusals.jsonl"
    ),
    per_intent: Annotated[int, typer.Option(min=1, help="Pages per harmful request.")] = 4,
    benign: Annotated[
        int, typer.Option(min=0, help="Ordinary first pages per domain, acted on as collected.")
    ] = 16,
    seed: Annotated[int, typer.Option(help="Seed of the choice of pages.")] = 7,
    as_json: JsonOption = False,
) -> None:
    """Refusal examples: harmful requests written for openlam on real sandbox first pages."""
    from openlam.cli._app import fail
    from openlam.learning import REFUSAL_TASK, read_examples, refusal_examples, write_examples

    try:
        pool = [example for path in pools for example in read_examples(path)]
        counts = write_examples(refusal_examples(pool, per_intent, benign, seed), out_file)
    except OpenlamError as exc:
        fail(str(exc))
    refusals = sum(v for k, v in counts.items() if k.endswith(f"/{REFUSAL_TASK}"))
    if as_json:
        print(json.dumps({"examples": sum(counts.values()), "refusals": refusals}))
        return
    out.print(
        f"{sum(counts.values())} examples ({refusals} refusals) → {out_file}",
        highlight=False,
        soft_wrap=True,
    )


@synth_app.command("functions")
def synth_functions(
    n: Annotated[int, typer.Option("--n", help="Episodes to generate.")] = 1000,
    seed: Annotated[
        int, typer.Option("--seed", help="First episode seed: episodes use SEED .. SEED+N-1.")
    ] = 0,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Directory for trajectories.jsonl.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Function-calling episodes on invented tools, run and verified (trajectories.jsonl)."""
    from openlam._paths import data_dir
    from openlam.cli._app import fail
    from openlam.cli._eval import progress_bar
    from openlam.learning import FunctionRun, synthesize_functions

    where = out_dir or data_dir() / "data" / f"functions-train-{seed}-{seed + n - 1}"
    started = time.monotonic()
    with progress_bar(disable=as_json) as bar:
        job = bar.add_task("functions", total=max(n, 0), rate="")
        verified = 0

        def advance(run: FunctionRun) -> None:
            nonlocal verified
            verified += run.success
            bar.update(job, advance=1, rate=f"{verified} verified")

        try:
            report = synthesize_functions(where, n, seed, on_run=advance)
        except OpenlamError as exc:
            fail(str(exc))
    speed = n / max(time.monotonic() - started, 1e-9)
    summary = report.to_json()
    if as_json:
        print(json.dumps({**summary, "out": str(where), "episodes_per_second": round(speed, 1)}))
        return
    kinds = ", ".join(f"{kind} {count}" for kind, count in summary["by_kind"].items())
    out.print(
        f"[bold]functions/train[/] {n} episodes ({kinds}): {summary['verified_rate']:.1%} "
        f"verified, {speed:.0f} episodes/s; trajectories in {where}\n"
        f"next: openlam data build {where} --out dataset.jsonl",
        highlight=False,
        soft_wrap=True,
    )
    for problem in summary["problems"][:5]:
        err.print(f"[dim]not verified: {problem}[/]", highlight=False)
