"""LoRA training of the embedded model on a dataset of examples (``openlam[train]``).

The base is the same Gemma 3 270M GGUF the runtime loads, dequantized by transformers once and
cached as safetensors. Prompts are tokenized by llama.cpp's own tokenizer, so training sees the
token ids the runtime feeds the model. The loss is taken on the target action's tokens and the
closing ``<end_of_turn>`` only, and logits are computed only there: the 262k-token output layer
would otherwise dominate the cost of every step.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openlam._paths import data_dir
from openlam.exceptions import UserError
from openlam.learning._adapter_gguf import (
    INIT_FORMS,
    export_adapter,
    import_adapter,
    read_gguf_adapter,
)
from openlam.learning._time_fit import TimeFit
from openlam.learning._tokens import Encoded, read_training_set, training_layout

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
"""Every linear layer of the decoder blocks gets an adapter."""
CHECKPOINT = "checkpoint"
ADAPTER_FILE = "adapter.gguf"
_HF_CACHE = "gemma3-270m-hf"


@dataclass(frozen=True)
class TrainConfig:
    """What and how to train; written to ``OUT/train.json`` so a run can be resumed as it was."""

    dataset: str
    epochs: float = 1.0
    max_steps: int | None = None
    batch_size: int = 8
    learning_rate: float = 2e-4
    warmup_steps: int = 10
    rank: int = 16
    alpha: int = 32
    dropout: float = 0.0
    max_tokens: int = 2048
    """Examples longer than this (prompt and target) are left out."""
    eval_fraction: float = 0.05
    eval_max: int = 64
    eval_every: int = 50
    save_every: int = 50
    seed: int = 0
    device: str = "auto"
    init: str | None = None
    """A run directory (or its checkpoint), or a GGUF LoRA adapter such as the shipped
    ``openlam-action.gguf``, whose adapter weights this run starts from; the optimizer,
    schedule and step count start afresh. Its rank and alpha must be this run's."""
    time_limit: float | None = None
    """Seconds a run (each start or resume of it) may take, loading included: its steps are
    cut to what fits, the schedule decays over those, and the adapter is exported in time."""

    def __post_init__(self) -> None:
        if self.batch_size < 1 or self.rank < 1 or self.max_tokens < 16:
            raise UserError("--batch-size and --rank must be at least 1, --max-tokens at least 16")
        if self.time_limit is not None and not self.time_limit > 0:
            raise UserError("--time-limit must be more than zero")
        if not 0 <= self.eval_fraction < 1:
            raise UserError("--eval-fraction must be in [0, 1)")
        if self.epochs <= 0 and not self.max_steps:
            raise UserError("give --epochs > 0 or --max-steps")


@dataclass
class TrainProgress:
    """Where training stands, as reported to the progress callback and ``OUT/log.jsonl``."""

    step: int
    total: int
    loss: float
    tokens: int
    seconds: float
    eval: dict[str, float] = field(default_factory=dict)


def split_examples(
    encoded: Sequence[Encoded], fraction: float, limit: int
) -> tuple[list[Encoded], list[Encoded]]:
    """Train and held-out examples, held out by episode (a stable hash of ``task@seed``)."""
    if fraction <= 0:
        return list(encoded), []
    train: list[Encoded] = []
    held: list[Encoded] = []
    for item in encoded:
        bucket = int(hashlib.sha256(item.key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        (held if bucket < fraction else train).append(item)
    return train, held[:limit]


def base_model(device: str) -> Any:
    """The base model in float32, dequantized from the GGUF once and cached."""
    import torch
    from transformers import AutoModelForCausalLM

    cache = data_dir() / "models" / _HF_CACHE
    if not (cache / "model.safetensors").is_file():
        _dequantize_to(cache)
    model: Any = AutoModelForCausalLM.from_pretrained(cache, dtype=torch.float32)
    return model.to(device)


def _dequantize_to(cache: Path) -> None:
    """Dequantize the GGUF with transformers (about a minute) and keep it as safetensors."""
    import shutil

    import torch
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM

    from openlam.models._weights import base_model_path

    path = base_model_path()
    model = AutoModelForCausalLM.from_pretrained(
        str(path.parent), gguf_file=path.name, dtype=torch.float32
    )
    partial = cache.with_name(cache.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    # the output layer shares the embedding's weights: store them once
    weights = {k: v.contiguous() for k, v in model.state_dict().items() if k != "lm_head.weight"}
    save_file(weights, str(partial / "model.safetensors"), metadata={"format": "pt"})
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    (partial / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    shutil.rmtree(cache, ignore_errors=True)
    partial.replace(cache)


def pick_device(requested: str) -> str:
    """``cuda`` when asked for or (with ``auto``) present, else ``cpu``."""
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise UserError("--device cuda: no CUDA device is visible; use --device cpu")
    if requested not in ("cpu", "cuda"):
        raise UserError(f"unknown device {requested!r}; use auto, cpu or cuda")
    return requested


SHARED_PREFIX_MIN = 16
"""Shortest common prompt start worth computing once for the whole batch."""


def shared_prefix(batch: Sequence[Encoded]) -> int:
    """Tokens every example of the batch starts with (kept short of every target)."""
    first = batch[0].ids
    length = min(item.target_start for item in batch) - 1
    for item in batch[1:]:
        same = 0
        for a, b in zip(first[:length], item.ids[:length], strict=False):
            if a != b:
                break
            same += 1
        length = same
    return length


def target_loss(model: Any, batch: Sequence[Encoded], device: str) -> tuple[Any, Any, Any]:
    """Cross-entropy on the target tokens; also their predictions and labels (for accuracy).

    The prompt start the examples share (the instructions, in a batch of web steps) is run once
    and its keys and values are repeated for every example: the same numbers, and gradients,
    as running it in every row, for a fraction of the cost. Rows are padded at the end, which a
    causal model never attends to, so no attention mask is needed.
    """
    import torch

    inner = model.get_base_model()
    prefix = shared_prefix(batch) if len(batch) > 1 else 0
    prefix = prefix if prefix >= SHARED_PREFIX_MIN else 0
    width = max(len(item.ids) for item in batch) - prefix
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    rows, positions, labels = [], [], []
    for row, item in enumerate(batch):
        ids[row, : len(item.ids) - prefix] = torch.tensor(item.ids[prefix:])
        for position in range(item.target_start - 1, len(item.ids) - 1):
            rows.append(row)
            positions.append(position - prefix)
            labels.append(item.ids[position + 1])
    if prefix:
        start = torch.tensor([batch[0].ids[:prefix]], device=device)
        cache = inner.model(input_ids=start, use_cache=True).past_key_values
        cache.batch_repeat_interleave(len(batch))
        hidden = inner.model(input_ids=ids.to(device), past_key_values=cache, use_cache=True)[0]
    else:
        hidden = inner.model(input_ids=ids.to(device), use_cache=False)[0]
    picked = hidden[torch.tensor(rows, device=device), torch.tensor(positions, device=device)]
    logits = inner.lm_head(picked).float()
    cap = getattr(inner.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    target = torch.tensor(labels, device=device)
    loss = torch.nn.functional.cross_entropy(logits, target)
    return loss, logits.argmax(-1), target


def evaluate_examples(
    model: Any, examples: Sequence[Encoded], device: str, batch: int
) -> dict[str, float]:
    """Held-out loss, token accuracy and exact match (every target token predicted)."""
    import torch

    if not examples:
        return {}
    model.eval()
    losses, correct, total, exact = [], 0, 0, 0
    with torch.no_grad():
        for start in range(0, len(examples), batch):
            chunk = examples[start : start + batch]
            loss, predicted, target = target_loss(model, chunk, device)
            losses.append(float(loss) * len(target))
            hits = (predicted == target).tolist()
            correct += sum(hits)
            total += len(hits)
            offset = 0
            for item in chunk:
                n = len(item.ids) - item.target_start
                exact += all(hits[offset : offset + n])
                offset += n
    model.train()
    return {
        "eval_loss": sum(losses) / total,
        "eval_token_accuracy": correct / total,
        "eval_exact_match": exact / len(examples),
    }


def _batches(items: Sequence[Encoded], size: int, seed: int) -> list[list[Encoded]]:
    """Shuffled batches of examples that start alike (their shared prompt start is computed
    once) and have similar lengths (less padding), in a shuffled order."""
    rng = random.Random(seed)
    order = list(items)
    rng.shuffle(order)
    chunk = size * 16
    batches: list[list[Encoded]] = []
    for start in range(0, len(order), chunk):
        window = sorted(order[start : start + chunk], key=lambda e: (e.ids[:48], len(e.ids)))
        batches += [window[i : i + size] for i in range(0, len(window), size)]
    rng.shuffle(batches)
    return batches


@dataclass(frozen=True)
class TrainPlan:
    """What a run will do, written to ``OUT/plan.json`` before the first step."""

    device: str
    train_examples: int
    held_out_examples: int
    too_long: int
    steps: int
    trainable_parameters: int = 0


def train(
    config: TrainConfig,
    out: Path,
    *,
    resume: bool = False,
    on_plan: Callable[[TrainPlan], None] | None = None,
    on_progress: Callable[[TrainProgress], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Path:
    """Train a LoRA adapter and export it as ``OUT/adapter.gguf``; returns that path.

    Checkpoints go to ``OUT/checkpoint`` every ``save_every`` steps (and at the end); with
    ``resume`` training continues from the last one with the same data order.
    """
    started = clock()
    import torch

    # a wrong --init fails before anything is written; a run resumed from its own checkpoint
    # no longer needs it
    checkpoint = out / CHECKPOINT
    resumable = resume and (checkpoint / "adapter_config.json").is_file()
    start = init_checkpoint(config) if config.init is not None and not resumable else None
    device = pick_device(config.device)
    layout = training_layout(Path(config.dataset))  # a mix of layouts writes nothing
    out.mkdir(parents=True, exist_ok=True)
    _check_run_dir(config, out, resume)
    train_set, held_out, too_long = _examples(config)
    steps_per_epoch = math.ceil(len(train_set) / config.batch_size)
    planned = config.max_steps or max(1, round(config.epochs * steps_per_epoch))
    torch.manual_seed(config.seed)
    model, state = _model(config, device, checkpoint if resume else None, start)
    # a run fitted to a time limit keeps its shortened plan when resumed
    total = min(planned, int(state.get("total", planned)))
    horizon = [total]  # what the schedule decays over; a time limit may shorten it
    optimizer, schedule = _optimizer(model, config, horizon, checkpoint if resume else None)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    plan = TrainPlan(device, len(train_set), len(held_out), too_long, total, trainable)
    (out / "plan.json").write_text(json.dumps(asdict(plan), indent=1) + "\n")
    if on_plan is not None:
        on_plan(plan)
    step, tokens, seconds = int(state["step"]), int(state["tokens"]), float(state["seconds"])
    batches = _run_batches(train_set, config, planned)
    fit = _time_fit(config, (started, clock()), batches, held_out, step)
    with (out / "log.jsonl").open("a", encoding="utf-8") as log:
        while step < total:
            batch = batches[step]
            began = time.perf_counter()
            loss = _step(model, optimizer, schedule, batch, device)
            step += 1
            batch_tokens = sum(len(item.ids) for item in batch)
            tokens += batch_tokens
            seconds += time.perf_counter() - began
            if fit is not None:
                total = horizon[0] = fit.after(step, total, batch_tokens, clock())
            report = TrainProgress(step, total, loss, tokens, seconds)
            if held_out and (step % config.eval_every == 0 or step == total):
                report.eval = _timed_evaluation(model, held_out, device, config.batch_size, fit)
            log.write(json.dumps(asdict(report)) + "\n")
            log.flush()
            if step % config.save_every == 0 or step == total:
                state = {"step": step, "tokens": tokens, "seconds": seconds, "total": total}
                _save(model, optimizer, schedule, checkpoint, state)
            if on_progress is not None:
                on_progress(report)
    return export_adapter(model, out / ADAPTER_FILE, config.alpha, layout)


def _timed_evaluation(
    model: Any, held_out: Sequence[Encoded], device: str, batch: int, fit: TimeFit | None
) -> dict[str, float]:
    """``evaluate_examples``, telling a time fit how long it took."""
    began = time.perf_counter()
    result = evaluate_examples(model, held_out, device, batch)
    if fit is not None:
        fit.eval_seconds = time.perf_counter() - began
    return result


def _run_batches(
    train_set: Sequence[Encoded], config: TrainConfig, planned: int
) -> list[list[Encoded]]:
    """The batches of a run's ``planned`` steps in order: each epoch shuffled with its own seed."""
    per_epoch = math.ceil(len(train_set) / config.batch_size)
    batches: list[list[Encoded]] = []
    for epoch in range(math.ceil(planned / per_epoch)):
        batches += _batches(train_set, config.batch_size, config.seed + epoch)
    return batches[:planned]


def _time_fit(
    config: TrainConfig,
    times: tuple[float, float],
    batches: Sequence[Sequence[Encoded]],
    held_out: Sequence[Encoded],
    start: int,
) -> TimeFit | None:
    """The run's time fit, if it has a time limit; ``times``: when the run began and when its
    steps begin; ``start``: the step it starts from. The first redraw comes after as many steps
    as the warm-up has."""
    if config.time_limit is None:
        return None
    return TimeFit(
        config.time_limit,
        *times,
        [sum(len(item.ids) for item in batch) for batch in batches],
        sum(len(item.ids) for item in held_out),
        first_replan=start + max(1, min(config.warmup_steps, len(batches) - start)),
        replan_every=config.save_every,
    )


def _examples(config: TrainConfig) -> tuple[list[Encoded], list[Encoded], int]:
    """Training and held-out examples as token ids, and how many were too long to keep."""
    encoded = read_training_set(Path(config.dataset))
    kept = [e for e in encoded if len(e.ids) <= config.max_tokens]
    if not kept:
        raise UserError(f"no example of {config.dataset} fits --max-tokens {config.max_tokens}")
    train_set, held_out = split_examples(kept, config.eval_fraction, config.eval_max)
    if not train_set:
        raise UserError("every example was held out: lower --eval-fraction")
    return train_set, held_out, len(encoded) - len(kept)


def _model(
    config: TrainConfig, device: str, checkpoint: Path | None, start: Path | None
) -> tuple[Any, dict[str, Any]]:
    """The base with the checkpoint's adapter (and its progress), else with the adapter of
    ``start`` (``--init``), else with a fresh one."""
    from peft import LoraConfig, PeftModel, get_peft_model

    base = base_model(device)
    state: dict[str, Any] = {"step": 0, "tokens": 0, "seconds": 0.0}
    if checkpoint is not None and (checkpoint / "adapter_config.json").is_file():
        model = PeftModel.from_pretrained(base, str(checkpoint), is_trainable=True)
        state = json.loads((checkpoint / "state.json").read_text())
    elif start is not None and start.is_dir():
        model = PeftModel.from_pretrained(base, str(start), is_trainable=True)
    else:
        lora = LoraConfig(
            r=config.rank,
            lora_alpha=config.alpha,
            lora_dropout=config.dropout,
            target_modules=list(LORA_TARGETS),
            bias="none",
        )
        model = get_peft_model(base, lora)
        if start is not None:
            import_adapter(model, start)
    model.train()
    return model, state


def init_checkpoint(config: TrainConfig) -> Path:
    """The adapter checkpoint (or GGUF adapter file) ``config.init`` names, checked against the
    run's rank and alpha."""
    given = Path(config.init or "")
    if not given.exists():
        raise UserError(f"--init {given} does not exist: {INIT_FORMS}")
    if given.is_file():
        rank, alpha, _ = read_gguf_adapter(given)
        if (rank, alpha) != (config.rank, config.alpha):
            raise UserError(
                f"--init {given} holds a rank {rank}, alpha {alpha:g} adapter: "
                f"pass --rank {rank} --alpha {round(alpha)}"
            )
        return given
    folder = given / CHECKPOINT if (given / CHECKPOINT).is_dir() else given
    try:
        saved = json.loads((folder / "adapter_config.json").read_text())
    except FileNotFoundError:
        raise UserError(
            f"--init {given}: no adapter checkpoint there; {INIT_FORMS} "
            "(such as openlam-action.gguf)"
        ) from None
    except ValueError as exc:
        raise UserError(f"--init {given}: adapter_config.json is not JSON ({exc})") from None
    if (saved.get("r"), saved.get("lora_alpha")) != (config.rank, config.alpha):
        raise UserError(
            f"--init {given} holds a rank {saved.get('r')}, alpha {saved.get('lora_alpha')} "
            f"adapter: pass --rank {saved.get('r')} --alpha {saved.get('lora_alpha')}"
        )
    return folder


def _optimizer(
    model: Any, config: TrainConfig, horizon: list[int], checkpoint: Path | None
) -> tuple[Any, Any]:
    """AdamW on the adapter with warm-up and cosine decay over ``horizon[0]`` steps (read at
    every step: a time limit may shorten it), restored from a checkpoint."""
    import torch

    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad],
        lr=config.learning_rate,
        weight_decay=0.0,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: _lr_factor(s, config.warmup_steps, horizon[0])
    )
    if checkpoint is not None and (checkpoint / "optimizer.pt").is_file():
        saved = torch.load(checkpoint / "optimizer.pt", weights_only=True)
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
    return optimizer, schedule


def _step(model: Any, optimizer: Any, schedule: Any, batch: list[Encoded], device: str) -> float:
    import torch

    loss, _, _ = target_loss(model, batch, device)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad(set_to_none=True)
    return float(loss.detach())


def _lr_factor(step: int, warmup: int, total: int) -> float:
    """Linear warm-up, then cosine decay to a tenth."""
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def _check_run_dir(config: TrainConfig, out: Path, resume: bool) -> None:
    written = out / "train.json"
    if resume:
        if not written.is_file():
            raise UserError(f"{out} holds no training run to resume (train.json is missing)")
        return
    if (out / CHECKPOINT).exists():
        raise UserError(
            f"{out} already holds a training run: pass --resume, or choose another --out"
        )
    written.write_text(json.dumps(asdict(config), indent=1) + "\n")


def read_config(out: Path) -> TrainConfig:
    """The configuration a run in ``out`` was started with."""
    try:
        return TrainConfig(**json.loads((out / "train.json").read_text()))
    except FileNotFoundError:
        raise UserError(f"{out} holds no training run (train.json is missing)") from None
    except (TypeError, ValueError) as exc:
        raise UserError(f"{out}/train.json is not a training configuration ({exc})") from None


def _save(
    model: Any, optimizer: Any, schedule: Any, checkpoint: Path, state: dict[str, Any]
) -> None:
    """Write the checkpoint beside the old one, then swap: a crash never leaves half of one."""
    import shutil

    import torch

    partial = checkpoint.with_name(checkpoint.name + ".part")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(str(partial))
    torch.save(
        {"optimizer": optimizer.state_dict(), "schedule": schedule.state_dict()},
        partial / "optimizer.pt",
    )
    (partial / "state.json").write_text(json.dumps(state) + "\n")
    old = checkpoint.with_name(checkpoint.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if checkpoint.exists():
        checkpoint.replace(old)
    partial.replace(checkpoint)
    shutil.rmtree(old, ignore_errors=True)
