"""``openlam train DATASET --out DIR``: a LoRA adapter for the embedded model."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from openlam.exceptions import OpenlamError, UserError

if TYPE_CHECKING:
    from openlam.learning import TrainConfig, TrainPlan, TrainProgress

err = Console(stderr=True)
out = Console()


def train_command(
    dataset: Annotated[
        Path | None,
        typer.Argument(
            help="Dataset from `openlam data build` or `data encode` (not with --resume)."
        ),
    ] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Run directory.")] = None,
    resume: Annotated[Path | None, typer.Option(help="Continue the run in this directory.")] = None,
    init: Annotated[
        Path | None,
        typer.Option(
            help="Start from this run's adapter, or a GGUF adapter such as the shipped one "
            "(fresh optimizer): train further."
        ),
    ] = None,
    epochs: Annotated[float, typer.Option(help="Passes over the training examples.")] = 1.0,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many steps.")
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Examples per step.")] = 8,
    lr: Annotated[float, typer.Option(help="Peak learning rate.")] = 2e-4,
    rank: Annotated[int, typer.Option(min=1, help="LoRA rank.")] = 16,
    alpha: Annotated[int, typer.Option(min=1, help="LoRA alpha (scale = alpha / rank).")] = 32,
    max_tokens: Annotated[int, typer.Option(help="Leave out longer examples.")] = 2048,
    eval_every: Annotated[int, typer.Option(min=1, help="Held-out evaluation every N steps.")] = 50,
    eval_fraction: Annotated[
        float, typer.Option(help="Share of episodes held out for evaluation (0 for none).")
    ] = 0.05,
    save_every: Annotated[int, typer.Option(min=1, help="Checkpoint every N steps.")] = 50,
    device: Annotated[str, typer.Option(help="auto, cpu or cuda.")] = "auto",
    seed: Annotated[int, typer.Option(help="Seed of the adapter's start and the data order.")] = 0,
    time_limit: Annotated[
        str | None,
        typer.Option(
            help="Fit the run into this much time, loading included (90s, 45m, 1.5h; also "
            "with --resume): the steps are cut to what fits and the schedule decays over them."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Train a LoRA adapter on a dataset; writes DIR/adapter.gguf (`--model embedded:FILE`)."""
    from openlam.cli._app import fail
    from openlam.learning import TrainConfig, read_config

    try:
        limit = parse_duration(time_limit) if time_limit is not None else None
        if resume is not None:
            if dataset is not None or init is not None:
                raise UserError(
                    "--resume DIR continues a run as it started: give no dataset or --init with it"
                )
            config, where = read_config(resume), resume
            if limit is not None:
                config = replace(config, time_limit=limit)
        else:
            if dataset is None or out_dir is None:
                raise UserError("say what to train on and where: openlam train DATASET --out DIR")
            if not dataset.is_file():
                raise UserError(f"{dataset} does not exist: build one with `openlam data build`")
            config = TrainConfig(
                dataset=str(dataset.resolve()),
                epochs=epochs,
                max_steps=max_steps,
                batch_size=batch_size,
                learning_rate=lr,
                rank=rank,
                alpha=alpha,
                max_tokens=max_tokens,
                eval_every=eval_every,
                eval_fraction=eval_fraction,
                save_every=save_every,
                device=device,
                seed=seed,
                init=str(init.resolve()) if init is not None else None,
                time_limit=limit,
            )
            where = out_dir
        adapter = _train(config, where, resume=resume is not None, quiet=as_json)
    except OpenlamError as exc:
        fail(str(exc))
    except ImportError as exc:
        if exc.name == "llama_cpp":
            fail(
                "tokenizing the dataset needs llama-cpp-python, which this machine lacks: "
                "run `openlam data encode DATASET` where openlam is installed and train on the "
                "encoded file here"
            )
        fail(
            f"training needs the train extra ({exc.name} is missing): pip install 'openlam[train]'"
        )
    where = adapter.parent
    last = json.loads((where / "log.jsonl").read_text().splitlines()[-1])
    if as_json:
        print(json.dumps({"adapter": str(adapter), **last}))
        return
    planned = json.loads((where / "plan.json").read_text())["steps"]
    if last["total"] < planned:
        out.print(f"fitted to --time-limit: {last['total']} of {planned} planned steps")
    out.print(
        f"adapter: {adapter} ({adapter.stat().st_size / 1e6:.1f} MB); "
        f"try it: openlam run ... --model embedded:{adapter}",
        highlight=False,
        soft_wrap=True,
    )


def parse_duration(text: str) -> float:
    """Seconds in ``90s``, ``45m``, ``1.5h`` (a bare number is minutes)."""
    units = {"s": 1.0, "m": 60.0, "h": 3600.0}
    value, unit = (text[:-1], text[-1]) if text[-1:].lower() in units else (text, "m")
    try:
        seconds = float(value) * units[unit.lower()]
    except ValueError:
        seconds = math.nan
    if not seconds > 0 or math.isinf(seconds):
        raise UserError(f"--time-limit {text!r}: give a duration such as 90s, 45m or 1.5h")
    return seconds


def _train(config: TrainConfig, where: Path, *, resume: bool, quiet: bool) -> Path:
    from openlam.learning import train

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[info]}"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
    ) as bar:
        job = bar.add_task("loading", total=None, info="")

        def planned(plan: TrainPlan) -> None:
            bar.update(job, description="training", total=plan.steps)
            if not quiet:
                err.print(
                    f"[dim]{plan.train_examples} examples ({plan.held_out_examples} held out, "
                    f"{plan.too_long} too long), {plan.steps} steps on {plan.device}, "
                    f"{plan.trainable_parameters:,} trainable parameters · {where}[/]",
                    highlight=False,
                )

        def advance(report: TrainProgress) -> None:
            rate = report.tokens / report.seconds if report.seconds else 0.0
            info = f"loss {report.loss:.3f} · {rate:.0f} tok/s"
            if report.eval:
                info += f" · held-out exact {report.eval['eval_exact_match']:.0%}"
            bar.update(job, completed=report.step, total=report.total, info=info)

        return train(config, where, resume=resume, on_plan=planned, on_progress=advance)
