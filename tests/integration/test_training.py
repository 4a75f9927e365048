"""LoRA training on the real base model (torch, CPU) and the adapter in the real runtime.

Kept small: three steps on two examples (a step of a few hundred tokens takes seconds on 2
cores). What they show: the loss is taken and falls,
an interrupted run resumes from its checkpoint, and the exported GGUF adapter changes
llama.cpp's predictions the way the trained adapter changes torch's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from openlam.actions import Finish, TypeText
from openlam.agent import Runner
from openlam.learning import (
    Tokenizer,
    TrainConfig,
    TrainProgress,
    Trajectory,
    build_dataset,
    export_adapter,
    read_examples,
    space_for,
    train,
)
from openlam.models import Context, load_model
from openlam.models._weights import base_model_path
from openlam.testing import PagesEnvironment, ScriptedModel, default_page

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two examples from a short scripted run (prompts of about 300 tokens)."""
    pages = [default_page().model_copy(update={"text": f"page {i}"}) for i in range(2)]
    actions = [TypeText(element=1, text="a@b.c"), Finish(answer="subscribed")]
    state = Runner(ScriptedModel(actions), PagesEnvironment(pages)).run("subscribe a@b.c")
    trajectory = Trajectory.of_run(
        state, suite="sandbox", split="train", task="subscribe", seed=1, success=True
    )
    folder = tmp_path_factory.mktemp("data")
    (folder / "t.jsonl").write_text(trajectory.model_dump_json() + "\n")
    build_dataset([folder / "t.jsonl"], folder / "ds.jsonl")
    return folder / "ds.jsonl"


@pytest.mark.timeout(900)
def test_training_lowers_the_loss_and_resumes_after_an_interruption(
    dataset: Path, tmp_path: Path
) -> None:
    config = TrainConfig(
        dataset=str(dataset),
        max_steps=3,
        batch_size=2,  # the whole set each step: the loss must fall
        learning_rate=2e-3,
        warmup_steps=1,
        rank=4,
        alpha=8,
        eval_fraction=0.0,
        save_every=2,
        device="cpu",
    )
    seen: list[int] = []

    def stop_after_two(report: TrainProgress) -> None:
        seen.append(report.step)
        if report.step == 2:  # right after the checkpoint of step 2
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(config, tmp_path, on_progress=stop_after_two)
    assert json.loads((tmp_path / "checkpoint" / "state.json").read_text())["step"] == 2
    adapter = train(config, tmp_path, resume=True, on_progress=lambda r: seen.append(r.step))
    assert seen == [1, 2, 3]
    log = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [entry["step"] for entry in log] == [1, 2, 3]
    assert log[-1]["loss"] < log[0]["loss"] * 0.8
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["train_examples"] == 2
    assert 0 < plan["trainable_parameters"] < 3_000_000
    assert adapter.stat().st_size < 30_000_000

    # a new run started from this one's adapter begins where it ended, not from scratch
    further = TrainConfig(**{**config.__dict__, "max_steps": 1, "init": str(tmp_path)})
    first: list[float] = []
    train(further, tmp_path / "further", on_progress=lambda r: first.append(r.loss))
    assert first[0] < log[0]["loss"] * 0.8
    assert json.loads((tmp_path / "further" / "train.json").read_text())["init"] == str(tmp_path)

    # so does one started from the exported GGUF adapter (all a shipped adapter keeps)
    from_gguf = TrainConfig(**{**further.__dict__, "init": str(adapter)})
    first_gguf: list[float] = []
    train(from_gguf, tmp_path / "from-gguf", on_progress=lambda r: first_gguf.append(r.loss))
    assert first_gguf[0] == pytest.approx(first[0], rel=0.02)

    # the runtime loads the adapter and still answers with a valid action
    model = load_model(f"embedded:{adapter}")
    try:
        page = default_page().model_copy(update={"text": "page 0"})
        decision = model.decide(Context("subscribe a@b.c", page), space_for(page))
        assert decision.action.action in space_for(page).names()
    finally:
        model.close()


@pytest.mark.timeout(900)
def test_a_time_limit_cuts_the_run_and_a_resume_keeps_the_cut(
    dataset: Path, tmp_path: Path
) -> None:
    """A clock that moves 100 s per reading: loading ends at 100, each step takes 100 s."""
    import itertools

    config = TrainConfig(
        dataset=str(dataset),
        max_steps=4,
        batch_size=2,
        warmup_steps=1,  # the plan is redrawn after the first step
        rank=4,
        alpha=8,
        eval_fraction=0.0,
        save_every=10,
        device="cpu",
        time_limit=450,  # after step 1, at 200 s, a step (100 s) in hand: one more fits
    )
    clock = itertools.count(0, 100).__next__
    adapter = train(config, tmp_path, clock=clock)
    log = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert [(entry["step"], entry["total"]) for entry in log] == [(1, 2), (2, 2)]
    assert json.loads((tmp_path / "plan.json").read_text())["steps"] == 4
    state = json.loads((tmp_path / "checkpoint" / "state.json").read_text())
    assert (state["step"], state["total"]) == (2, 2)
    assert adapter.stat().st_size > 0
    # resumed with all the time in the world, the run keeps its cut: nothing more to train
    roomy = TrainConfig(**{**config.__dict__, "time_limit": 1e6})
    steps: list[int] = []
    train(roomy, tmp_path, resume=True, on_progress=lambda r: steps.append(r.step))
    assert steps == []
    assert (tmp_path / "adapter.gguf").stat().st_size > 0


@pytest.mark.timeout(900)
def test_exported_adapter_moves_llama_cpp_as_it_moves_torch(dataset: Path, tmp_path: Path) -> None:
    from llama_cpp import Llama
    from peft import LoraConfig, get_peft_model

    from openlam.learning._train import LORA_TARGETS, base_model
    from openlam.models._prompt import LAYOUT_KEY
    from openlam.models._weights import gguf_strings

    tokenizer = Tokenizer()
    encoded = tokenizer.encode(next(read_examples(dataset)))
    prompt = list(encoded.ids[: encoded.target_start])
    torch.manual_seed(0)
    model = get_peft_model(
        base_model("cpu"), LoraConfig(r=4, lora_alpha=8, target_modules=list(LORA_TARGETS))
    )
    for name, weight in model.named_parameters():
        if "lora_B" in name:  # LoRA starts as a no-op; give it a definite effect
            torch.nn.init.normal_(weight, std=0.02)
    adapter = export_adapter(model, tmp_path / "adapter.gguf", 8, "task-repeated")
    assert gguf_strings(adapter)[LAYOUT_KEY] == "task-repeated"  # llama.cpp loads it below
    with torch.no_grad():
        ids = torch.tensor([prompt])
        torch_with = model(input_ids=ids).logits[0, -1].numpy()
        with model.disable_adapter():
            torch_base = model(input_ids=ids).logits[0, -1].numpy()
    llama: dict[str, np.ndarray] = {}
    for name, lora in (("base", None), ("with", str(adapter))):
        llm = Llama(
            model_path=str(base_model_path()),
            n_ctx=1024,
            lora_path=lora,
            logits_all=True,
            verbose=False,
        )
        llm.eval(prompt)
        llama[name] = np.array(llm.scores[len(prompt) - 1])
        llm.close()

    def corr(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.corrcoef(a, b)[0, 1])

    # llama.cpp runs the quantized weights, torch their dequantized copy: close, not equal
    assert corr(torch_base, llama["base"]) > 0.99
    assert corr(torch_with, llama["with"]) > 0.99
    # the adapter's effect (the change of every logit) agrees in direction and size
    delta_torch, delta_llama = torch_with - torch_base, llama["with"] - llama["base"]
    assert corr(delta_torch, delta_llama) > 0.9
    assert 0.7 < np.linalg.norm(delta_llama) / np.linalg.norm(delta_torch) < 1.4


@pytest.mark.timeout(900)
def test_the_shared_prompt_start_gives_the_loss_and_gradients_of_full_rows() -> None:
    import random

    from peft import LoraConfig, get_peft_model

    from openlam.learning import _train
    from openlam.learning._tokens import Encoded
    from openlam.learning._train import LORA_TARGETS, base_model, shared_prefix

    rng = random.Random(0)
    start = [2] + [rng.randrange(1000, 30000) for _ in range(100)]
    # one row longer than Gemma's 512-token sliding window, rows of different lengths
    batch = [
        Encoded(tuple(start + [rng.randrange(1000, 30000) for _ in range(n)]), 100 + n - 6, "k")
        for n in (60, 560, 200)
    ]
    assert shared_prefix(batch) == 101
    torch.manual_seed(0)
    lora = LoraConfig(r=4, lora_alpha=8, target_modules=list(LORA_TARGETS))
    model = get_peft_model(base_model("cpu"), lora)
    for name, weight in model.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(weight, std=0.02)

    def loss_and_gradient(minimum: int) -> tuple[float, Any]:
        model.zero_grad()
        saved, _train.SHARED_PREFIX_MIN = _train.SHARED_PREFIX_MIN, minimum
        try:
            loss, _, _ = _train.target_loss(model, batch, "cpu")
        finally:
            _train.SHARED_PREFIX_MIN = saved
        loss.backward()
        grads = [p.grad.flatten() for p in model.parameters() if p.grad is not None]
        return float(loss.detach()), torch.cat(grads)

    plain_loss, plain_grad = loss_and_gradient(10**9)
    shared_loss, shared_grad = loss_and_gradient(16)
    assert shared_loss == pytest.approx(plain_loss, rel=1e-4)
    assert float((shared_grad - plain_grad).norm() / plain_grad.norm()) < 1e-3


_WITHOUT_LLAMA_CPP = """
import importlib.abc, sys
class NoLlamaCpp(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] == "llama_cpp":
            raise ImportError("llama_cpp is not installed on this machine", name=name)
sys.meta_path.insert(0, NoLlamaCpp())
from openlam.cli import main
sys.argv = ["openlam", *sys.argv[1:]]
main()
"""


@pytest.mark.timeout(900)
def test_an_encoded_dataset_trains_where_llama_cpp_is_missing(
    dataset: Path, tmp_path: Path
) -> None:
    """`data encode` here, `train` on a machine with torch only (a GPU box), same ids."""
    import subprocess
    import sys

    encoded = tmp_path / "ds.ids.jsonl"
    openlam = [sys.executable, "-m", "openlam"]
    subprocess.run([*openlam, "data", "encode", str(dataset), "--out", str(encoded)], check=True)
    lines = encoded.read_text().splitlines()
    assert json.loads(lines[0])["examples"] == 2
    tokenizer = Tokenizer()
    first = tokenizer.encode(next(read_examples(dataset)))
    assert json.loads(lines[1])["ids"] == list(first.ids)

    run = tmp_path / "run"
    command = [sys.executable, "-c", _WITHOUT_LLAMA_CPP, "train", str(encoded), "--out", str(run)]
    command += ["--max-steps", "1", "--batch-size", "2", "--rank", "4", "--alpha", "8"]
    command += ["--eval-fraction", "0", "--device", "cpu", "--json"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.splitlines()[-1])["step"] == 1
    assert (run / "adapter.gguf").stat().st_size > 0
    # and without the encoding, training there says what is missing
    bare = [sys.executable, "-c", _WITHOUT_LLAMA_CPP, "train", str(dataset), "--out"]
    refused = subprocess.run(
        [*bare, str(tmp_path / "r2"), "--max-steps", "1", "--device", "cpu"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "run `openlam data encode DATASET`" in refused.stdout + refused.stderr
