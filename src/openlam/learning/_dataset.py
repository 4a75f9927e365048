"""Datasets: examples from verified trajectories (deduplicated, guarded against held-out data),
their statistics, and exports for other trainers."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from openlam.actions import registered_actions
from openlam.exceptions import UserError
from openlam.learning._examples import Example, answers, examples_from
from openlam.learning._trajectory import read_models, read_trajectories
from openlam.models._prompt import Layout

TRAINABLE_SPLITS = {
    "sandbox": "train",
    "miniwob": "train",
    "forms": "train",
    "functions": "train",
}
"""Where training trajectories may come from: the sandbox's train templates, MiniWoB++'s train
tasks, the generated forms' train kinds and synthetic function calling (``openlam data synth
functions``, tools invented for it). BFCL, AgentDojo and tau2 are evaluation-only."""
# the sandbox's API experts as tool calls: train templates only (``check_trainable``)
TRAINABLE_SPLITS["sandbox-api"] = "train"
FIRST_HELD_OUT_SEED = 100000
"""Seeds from here on are reserved for evaluation (training uses seeds 0-9999)."""
EXPORT_FORMATS = ("openlam", "openai", "xlam")


def check_trainable(
    suite: str, split: str, seeds: Sequence[int] = (), tasks: Sequence[str] = ()
) -> None:
    """``UserError`` unless episodes of this suite, split, seeds (and tasks) may be trained on.

    For ``sandbox-api``, whose episodes name their template, each task must be a ``train``
    template of the sandbox."""
    allowed = TRAINABLE_SPLITS.get(suite)
    if allowed is None:
        raise UserError(
            f"{suite} is evaluation-only: training data comes from "
            + ", ".join(f"{s} --split {sp}" for s, sp in TRAINABLE_SPLITS.items())
        )
    if split != allowed:
        raise UserError(
            f"{suite} split {split!r} is held out for evaluation; train on --split {allowed}"
        )
    held_out = sorted({s for s in seeds if s >= FIRST_HELD_OUT_SEED})
    if held_out:
        raise UserError(
            f"seeds {held_out[0]}{'...' if len(held_out) > 1 else ''} are held out for "
            f"evaluation; training uses seeds below {FIRST_HELD_OUT_SEED} (e.g. --seeds 0-999)"
        )
    if suite == "sandbox-api":
        _check_sandbox_templates(tasks)


def _check_sandbox_templates(tasks: Sequence[str]) -> None:
    from openlam.sandbox import templates

    known = templates()
    unknown = sorted({t for t in tasks if t not in known})
    if unknown:
        raise UserError(f"{unknown[0]} is no sandbox template (`openlam sandbox tasks` lists them)")
    held_out = sorted({t for t in tasks if known[t].split != "train"})
    if held_out:
        raise UserError(
            f"sandbox template {held_out[0]} is held out for evaluation (split test); "
            "train on the train templates only (`openlam sandbox tasks` shows each split)"
        )


@dataclass
class BuildReport:
    """What building a dataset read, kept and dropped."""

    trajectories: int = 0
    successful: int = 0
    examples: int = 0
    duplicates: int = 0
    skipped: list[str] = field(default_factory=list)
    by_suite: Counter[str] = field(default_factory=Counter)

    def to_json(self) -> dict[str, Any]:
        """The report as printed by ``openlam data build --json``."""
        return {
            "trajectories": self.trajectories,
            "successful": self.successful,
            "examples": self.examples,
            "duplicates": self.duplicates,
            "skipped_steps": len(self.skipped),
            "by_suite": dict(self.by_suite),
        }


def build_dataset(files: Sequence[Path], out: Path, layout: Layout = "standard") -> BuildReport:
    """Examples from every successful trajectory in ``files``, deduplicated, written to ``out``
    with prompts in ``layout``.

    Failed trajectories are left out (only verified behaviour is learned); a trajectory from an
    evaluation-only suite, split or seed stops the build with ``UserError``. The file is
    written whole or not at all.
    """
    report = BuildReport()
    seen: set[str] = set()
    with _written_whole(out) as sink:
        for path in files:
            for trajectory in read_trajectories(path):
                report.trajectories += 1
                try:
                    check_trainable(
                        trajectory.suite, trajectory.split, [trajectory.seed], [trajectory.task]
                    )
                except UserError as exc:
                    raise UserError(f"{path}: {trajectory.key}: {exc}") from None
                if not trajectory.success:
                    continue
                report.successful += 1
                examples, skipped = examples_from(trajectory, layout)
                report.skipped += skipped
                for example in examples:
                    if example.id in seen:
                        report.duplicates += 1
                        continue
                    seen.add(example.id)
                    sink.write(example.model_dump_json() + "\n")
                    report.examples += 1
                    report.by_suite[example.suite] += 1
    return report


@contextmanager
def _written_whole(out: Path) -> Iterator[TextIO]:
    """A sink for ``out`` that replaces it only when the block ends without an error."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    try:
        with temporary.open("w", encoding="utf-8") as sink:
            yield sink
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    temporary.replace(out)


def read_examples(path: Path) -> Iterator[Example]:
    """The examples of a dataset file; a malformed line raises ``UserError`` naming it."""
    if not path.is_file():
        raise UserError(f"{path} does not exist: build a dataset with `openlam data build`")
    fix = "rebuild the dataset with `openlam data build`"
    return read_models(path, Example, "an openlam example", fix)


def sample_dataset(
    sources: Sequence[Path],
    n: int,
    out: Path,
    seed: int = 0,
    exclude: Sequence[Path] = (),
    *,
    tasks: Sequence[str] = (),
    match: str | None = None,
    first_steps: bool = False,
) -> Counter[str]:
    """At most ``n`` examples of ``sources``, spread evenly over their tasks, to ``out``.

    Tasks take turns (in a seeded order) giving one example each, so a task with few distinct
    examples (a one-click page) gives all it has and a long, varied one fills the rest. The
    same sources, ``n`` and ``seed`` write the same file. Examples found in ``exclude`` (an
    earlier stage's mix, in any prompt layout) are left out; with ``tasks`` only those tasks
    are drawn from, and with ``match`` (a regular expression, multiline) only examples whose
    current page it finds; with ``first_steps`` only each episode's first step (an app's
    start page, where the task alone decides the action). Returns examples per ``suite/task``.
    """
    import random
    import re

    if n < 1:
        raise UserError(f"--n must be at least 1, got {n}")
    try:
        pattern = re.compile(match, re.MULTILINE) if match else None
    except re.error as exc:
        raise UserError(f"--match {match!r} is not a regular expression: {exc}") from None
    wanted = set(tasks)
    rng = random.Random(seed)
    by_task: dict[str, list[Example]] = {}
    present: set[str] = set()
    # by key, so an earlier stage's mix is excluded whichever prompt layout it was built in
    seen = {example.key for path in exclude for example in read_examples(path)}

    def shown(example: Example) -> bool:
        page_ok = pattern is None or pattern.search(example.page) is not None
        return page_ok and (not first_steps or example.step == 1)

    for path in sources:
        for example in read_examples(path):
            if wanted and example.task not in wanted:
                continue
            present.add(example.task)
            if shown(example) and example.key not in seen:
                seen.add(example.key)
                by_task.setdefault(f"{example.suite}/{example.task}", []).append(example)
    missing = sorted(wanted - present)
    if missing:
        raise UserError(
            f"no examples of {', '.join(missing)} in {', '.join(map(str, sources))}: "
            "--tasks takes the names in the examples' task field (book-flight, shop/gift-order)"
        )
    queues = [by_task[task] for task in sorted(by_task)]
    for queue in queues:
        rng.shuffle(queue)
    rng.shuffle(queues)
    picked: list[Example] = []
    while len(picked) < n and queues:
        queues = [q for q in queues if q]
        for queue in queues:
            if len(picked) == n:
                break
            picked.append(queue.pop())
    rng.shuffle(picked)
    return write_examples(picked, out)


@dataclass
class DatasetStats:
    """Counts and sizes of a dataset (``tokens`` only when a tokenizer was given)."""

    examples: int
    trajectories: int
    by_suite: dict[str, int]
    by_action: dict[str, int]
    by_task: dict[str, int]
    by_layout: dict[str, int]
    """Web examples per prompt layout (tool prompts are the same in every layout)."""
    prompt_chars: dict[str, float]
    target_chars: dict[str, float]
    prompt_tokens: dict[str, float] | None = None
    target_tokens: dict[str, float] | None = None

    def to_json(self) -> dict[str, Any]:
        """As printed by ``openlam data stats --json``."""
        return dict(self.__dict__)


def dataset_stats(path: Path, count_tokens: Callable[[str], int] | None = None) -> DatasetStats:
    """Counts per suite, action, task and layout, and prompt/target sizes (mean, median, max)."""
    suites: Counter[str] = Counter()
    actions: Counter[str] = Counter()
    tasks: Counter[str] = Counter()
    layouts: Counter[str] = Counter()
    episodes: set[tuple[str, str, int]] = set()
    prompt_chars: list[int] = []
    target_chars: list[int] = []
    prompt_tokens: list[int] = []
    target_tokens: list[int] = []
    for example in read_examples(path):
        suites[example.suite] += 1
        actions[example.action] += 1
        tasks[f"{example.suite}/{example.task}"] += 1
        if not example.tools:
            layouts[example.layout] += 1
        episodes.add((example.suite, example.task, example.seed))
        prompt_chars.append(len(example.gemma_prompt))
        target_chars.append(len(example.target))
        if count_tokens is not None:
            prompt_tokens.append(count_tokens(example.gemma_prompt))
            target_tokens.append(count_tokens(example.target))
    if not prompt_chars:
        raise UserError(f"{path} holds no examples")
    return DatasetStats(
        examples=len(prompt_chars),
        trajectories=len(episodes),
        by_suite=dict(suites.most_common()),
        by_action=dict(actions.most_common()),
        by_task=dict(sorted(tasks.items())),
        by_layout=dict(layouts.most_common()),
        prompt_chars=_spread(prompt_chars),
        target_chars=_spread(target_chars),
        prompt_tokens=_spread(prompt_tokens) if prompt_tokens else None,
        target_tokens=_spread(target_tokens) if target_tokens else None,
    )


def _spread(values: list[int]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 1),
        "median": float(statistics.median(values)),
        "max": float(max(values)),
        "total": float(sum(values)),
    }


def export_dataset(path: Path, fmt: str, out: Path) -> int:
    """Write the dataset in another trainer's format; returns the number of records.

    ``openlam``: the examples as they are. ``openai``: chat fine-tuning records (system =
    instructions, user = task log and observation, assistant = the action JSON). ``xlam``: the
    unified function-calling format (``query``, ``tools`` as JSON-schema functions, ``answers``
    as calls), web actions written as functions named after the action.
    """
    if fmt not in EXPORT_FORMATS:
        raise UserError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    convert = {"openlam": _as_openlam, "openai": _as_openai, "xlam": _as_xlam}[fmt]
    count = 0
    with _written_whole(out) as sink:
        for example in read_examples(path):
            sink.write(json.dumps(convert(example), ensure_ascii=False) + "\n")
            count += 1
    return count


def _as_openlam(example: Example) -> dict[str, Any]:
    return example.model_dump(mode="json")


def _as_openai(example: Example) -> dict[str, Any]:
    return {
        "messages": [
            {"role": "system", "content": example.instructions},
            {"role": "user", "content": f"{example.log}\n\n{example.current}"},
            {"role": "assistant", "content": example.target},
        ]
    }


def _as_xlam(example: Example) -> dict[str, Any]:
    if example.tools:
        tools = [
            {"name": t.name, "description": t.description, "parameters": t.parameters}
            for t in example.tools
        ]
        tools += [_action_function(name) for name in example.allowed if name != "call_tool"]
    else:
        tools = [_action_function(name) for name in example.allowed]
    return {
        "id": example.id,
        "instruction": example.instructions,
        "query": f"{example.log}\n\n{example.current}",
        "tools": tools,
        "answers": answers(example),
    }


def _action_function(name: str) -> dict[str, Any]:
    """An openlam action type written as a function definition."""
    kind = registered_actions()[name]
    schema = kind.model_json_schema()
    props = {k: v for k, v in schema.get("properties", {}).items() if k != "action"}
    required = [k for k in schema.get("required", []) if k != "action"]
    return {
        "name": name,
        "description": (kind.__doc__ or "").strip().splitlines()[0] if kind.__doc__ else "",
        "parameters": {"type": "object", "properties": props, "required": required},
    }


def write_examples(examples: Sequence[Example], out: Path) -> Counter[str]:
    """``examples`` to ``out`` once each (by id, first kept), written whole or not at all;
    returns examples per ``suite/task``."""
    seen: set[str] = set()
    kept: list[Example] = []
    for example in examples:
        if example.id not in seen:
            seen.add(example.id)
            kept.append(example)
    with _written_whole(out) as sink:
        sink.writelines(e.model_dump_json() + "\n" for e in kept)
    return Counter(f"{e.suite}/{e.task}" for e in kept)
