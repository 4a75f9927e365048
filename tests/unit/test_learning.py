"""Training examples from trajectories: exact prompts, encodable targets, guarded sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import openlam
from openlam.actions import (
    ActionSpace,
    AskUser,
    CallTool,
    Click,
    Finish,
    Observation,
    Scroll,
    ToolCall,
    ToolSpec,
    TypeText,
)
from openlam.agent import Runner
from openlam.exceptions import UserError
from openlam.learning import (
    PERTURBED,
    Example,
    TrainConfig,
    Trajectory,
    build_dataset,
    check_trainable,
    dataset_stats,
    encode_action,
    examples_from,
    export_dataset,
    init_checkpoint,
    read_examples,
    space_for,
    train,
)
from openlam.models import render_gemma
from openlam.testing import PagesEnvironment, ScriptedModel, default_page

WEATHER = ToolSpec(
    name="get_weather",
    description="Weather now.",
    parameters={
        "type": "object",
        "properties": {"unit": {"enum": ["c", "f"]}, "city": {"type": "string"}},
        "required": ["city"],
    },
)


def test_web_actions_encode_as_compact_json_in_schema_order() -> None:
    space = space_for(default_page())
    assert encode_action(Click(element=2), space) == '{"action":"click","element":2}'
    typed = encode_action(TypeText(element=1, text="a@b.c", submit=True), space)
    assert typed == '{"action":"type","element":1,"text":"a@b.c","submit":true}'
    assert encode_action(Finish(answer="ok"), space) == '{"action":"finish","answer":"ok"}'


def test_an_action_the_space_would_reject_is_not_encoded() -> None:
    space = space_for(default_page())
    with pytest.raises(ValueError, match="no element"):
        encode_action(Click(element=9), space)
    with pytest.raises(ValueError, match="does not say all"):  # the schema leaves it out
        encode_action(Scroll(direction="down", element=1), space)
    with pytest.raises(ValueError, match="not offered"):
        encode_action(Click(element=1), ActionSpace.for_tools([WEATHER]))


def test_tool_calls_encode_required_arguments_first() -> None:
    space = ActionSpace.for_tools([WEATHER])
    action = CallTool(
        calls=(ToolCall(name="get_weather", arguments={"unit": "c", "city": "Oslo"}),)
    )
    text = encode_action(action, space)
    assert text == (
        '{"action":"call_tool","calls":[{"name":"get_weather",'
        '"arguments":{"city":"Oslo","unit":"c"}}]}'
    )
    assert space.parse(text) == action


def _run_trajectory(
    task: str = "sandbox-like", *, success: bool = True, seed: int = 3
) -> tuple[Trajectory, ScriptedModel]:
    pages = [default_page().model_copy(update={"text": f"page {i}"}) for i in range(4)]
    model = ScriptedModel(
        [
            TypeText(element=1, text="a@b.c"),
            '{"action": "teleport"}',  # rejected, retried: the example keeps the valid reply
            Click(element=2),
            AskUser(question="Which list?"),
            Finish(answer="subscribed"),
        ]
    )
    state = Runner(model, PagesEnvironment(pages), ask=lambda q: "weekly").run("subscribe a@b.c")
    trajectory = Trajectory.of_run(
        state, suite="sandbox", split="train", task=task, seed=seed, success=success
    )
    return trajectory, model


def test_examples_render_exactly_the_prompts_the_model_was_given() -> None:
    trajectory, model = _run_trajectory()
    examples, skipped = examples_from(trajectory)
    assert skipped == []
    assert [e.action for e in examples] == ["type", "click", "ask_user", "finish"]
    # the model was asked once more at step 2 (with feedback); examples use the feedback-free
    # context, which is the first one it saw at each step
    first_contexts = [c for c in model.contexts if c.feedback is None]
    rendered = [render_gemma(c, space_for(c.observation)) for c in first_contexts]
    assert [e.gemma_prompt for e in examples] == rendered
    assert "user answered: weekly" in examples[3].log  # the answer is in the history
    for example, step in zip(examples, trajectory.steps, strict=True):
        assert space_for(step.observation).parse(example.target) == step.action


def test_a_step_without_an_action_is_left_out_with_a_reason() -> None:
    trajectory, _ = _run_trajectory()
    broken = trajectory.steps[1].model_copy(update={"action": None, "error": "no valid action"})
    trajectory = trajectory.model_copy(update={"steps": [trajectory.steps[0], broken]})
    examples, skipped = examples_from(trajectory)
    assert len(examples) == 1
    assert skipped == ["sandbox-like@3 step 2: no action"]


def _write(path: Path, *trajectories: Trajectory) -> Path:
    path.write_text("".join(t.model_dump_json() + "\n" for t in trajectories))
    return path


def test_build_keeps_successful_trajectories_once(tmp_path: Path) -> None:
    good, _ = _run_trajectory()
    failed, _ = _run_trajectory("other", success=False)
    files = [_write(tmp_path / "a.jsonl", good, failed), _write(tmp_path / "b.jsonl", good)]
    report = build_dataset(files, tmp_path / "ds.jsonl")
    assert (report.trajectories, report.successful, report.examples) == (3, 2, 4)
    assert report.duplicates == 4
    examples = list(read_examples(tmp_path / "ds.jsonl"))
    assert len({e.id for e in examples}) == 4
    assert {e.task for e in examples} == {"sandbox-like"}


@pytest.mark.parametrize(
    ("suite", "split", "seed", "message"),
    [
        ("bfcl", "test", 0, "evaluation-only"),
        ("agentdojo", "none", 0, "evaluation-only"),
        ("miniwob", "eval_only", 0, "held out for evaluation"),
        ("sandbox", "test", 0, "held out for evaluation"),
        ("miniwob", "train", 100000, "seeds 100000 are held out"),
    ],
)
def test_held_out_data_is_refused(suite: str, split: str, seed: int, message: str) -> None:
    with pytest.raises(UserError, match=message):
        check_trainable(suite, split, [seed])


def test_a_held_out_trajectory_stops_the_build_and_writes_nothing(tmp_path: Path) -> None:
    good, _ = _run_trajectory()
    held_out, _ = _run_trajectory(seed=100001)
    with pytest.raises(UserError, match=r"sandbox-like@100001: seeds 100001 are held out"):
        build_dataset([_write(tmp_path / "t.jsonl", good, held_out)], tmp_path / "ds.jsonl")
    assert list(tmp_path.iterdir()) == [tmp_path / "t.jsonl"]


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    good, _ = _run_trajectory()
    path = _write(tmp_path / "t.jsonl", good)
    with path.open("a") as sink:
        sink.write('{"suite": "sandbox", "steps": "oops"\n')
    with pytest.raises(UserError, match=r"t\.jsonl:2 is not a trajectory"):
        build_dataset([path], tmp_path / "ds.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    with pytest.raises(UserError, match=r"bad\.jsonl:1 is not an openlam example \(Invalid JSON"):
        list(read_examples(bad))
    # a record that is JSON but not an example names the field and what is wrong with it
    bad.write_text(json.dumps({"id": "x", "seed": "first"}) + "\n")
    with pytest.raises(UserError, match=r"\(suite: Field required\)"):
        list(read_examples(bad))


def test_stats_count_examples_actions_and_sizes(tmp_path: Path) -> None:
    good, _ = _run_trajectory()
    build_dataset([_write(tmp_path / "t.jsonl", good)], tmp_path / "ds.jsonl")
    stats = dataset_stats(tmp_path / "ds.jsonl", count_tokens=len)
    assert stats.examples == 4
    assert stats.trajectories == 1
    assert stats.by_action == {"type": 1, "click": 1, "ask_user": 1, "finish": 1}
    assert stats.target_tokens == stats.target_chars  # counted with len: one per character
    longest = '{"action":"type","element":1,"text":"a@b.c","submit":false}'
    assert stats.target_chars["max"] == len(longest)
    assert stats.prompt_chars["max"] > stats.prompt_chars["median"] > 0


def test_exports_for_chat_and_function_calling_trainers(tmp_path: Path) -> None:
    good, _ = _run_trajectory()
    build_dataset([_write(tmp_path / "t.jsonl", good)], tmp_path / "ds.jsonl")
    assert export_dataset(tmp_path / "ds.jsonl", "openai", tmp_path / "chat.jsonl") == 4
    chat = [json.loads(line) for line in (tmp_path / "chat.jsonl").read_text().splitlines()]
    roles = [m["role"] for m in chat[0]["messages"]]
    assert roles == ["system", "user", "assistant"]
    assert chat[1]["messages"][2]["content"] == '{"action":"click","element":2}'
    export_dataset(tmp_path / "ds.jsonl", "xlam", tmp_path / "xlam.jsonl")
    xlam = [json.loads(line) for line in (tmp_path / "xlam.jsonl").read_text().splitlines()]
    assert xlam[1]["answers"] == [{"name": "click", "arguments": {"element": 2}}]
    assert {t["name"] for t in xlam[1]["tools"]} >= {"click", "type", "finish"}
    click = next(t for t in xlam[1]["tools"] if t["name"] == "click")
    assert click["parameters"]["required"] == ["element"]
    with pytest.raises(UserError, match="unknown export format"):
        export_dataset(tmp_path / "ds.jsonl", "csv", tmp_path / "x.csv")


def test_tool_examples_export_their_calls(tmp_path: Path) -> None:
    observation = Observation(tools=(WEATHER,), text="(no tool called yet)")
    call = CallTool(calls=(ToolCall(name="get_weather", arguments={"city": "Oslo"}),))
    from openlam.actions import Step

    trajectory = Trajectory(
        suite="sandbox",
        split="train",
        task="tools",
        seed=1,
        agent="policy:expert",
        success=True,
        intent="weather in Oslo?",
        steps=[Step(index=1, observation=observation, action=call)],
    )
    build_dataset([_write(tmp_path / "t.jsonl", trajectory)], tmp_path / "ds.jsonl")
    export_dataset(tmp_path / "ds.jsonl", "xlam", tmp_path / "x.jsonl")
    record = json.loads((tmp_path / "x.jsonl").read_text())
    assert record["answers"] == [{"name": "get_weather", "arguments": {"city": "Oslo"}}]
    assert [t["name"] for t in record["tools"]] == ["get_weather", "finish", "ask_user"]
    example = next(read_examples(tmp_path / "ds.jsonl"))
    assert "Tools:\nget_weather(" in example.instructions


def test_perturbed_steps_are_random_page_actions_left_out_of_the_examples() -> None:
    from openlam.agent import Budget
    from openlam.evaluation._policies import PerturbedModel

    pages = [default_page().model_copy(update={"text": f"page {i}"}) for i in range(30)]
    inner = ScriptedModel([TypeText(element=1, text="a@b.c")] * 3 + [Finish(answer="ok")])
    model = PerturbedModel(inner, 0.3, "task@3")
    state = Runner(model, PagesEnvironment(pages), budget=Budget(max_steps=30)).run("subscribe")
    marked = [s for s in state.steps if s.raw_output.startswith(PERTURBED)]
    assert marked, "seeded: this run has perturbed steps"
    assert not state.steps[0].raw_output.startswith(PERTURBED)  # never before the first step
    assert all(
        s.action is not None and s.action.action in {"click", "type", "select", "scroll"}
        for s in marked
    )
    assert state.answer == "ok"  # the inner model still finishes the task
    trajectory = Trajectory.of_run(
        state, suite="sandbox", split="train", task="t", seed=3, success=True
    )
    examples, skipped = examples_from(trajectory)
    assert skipped == []
    assert [e.step for e in examples] == [
        s.index for s in state.steps if not s.raw_output.startswith(PERTURBED)
    ]
    # a step after a perturbation shows it in the history: that is the recovery to learn
    after = next(e for e in examples if e.step == marked[0].index + 1)
    assert marked[0].describe() in after.log


def test_a_model_can_be_the_perturbation_and_its_first_step_too() -> None:
    from openlam.agent import Budget
    from openlam.evaluation import AgentSpec
    from openlam.evaluation._policies import PerturbedModel

    pages = [default_page().model_copy(update={"text": f"page {i}"}) for i in range(30)]
    inner = ScriptedModel([TypeText(element=1, text="a@b.c")] * 30)
    source = ScriptedModel([Click(element=2)] * 40)  # a trained model's own (wrong) choice
    model = PerturbedModel(inner, 0.5, "task@0", source)
    state = Runner(model, PagesEnvironment(pages), budget=Budget(max_steps=20)).run("subscribe")
    marked = [s for s in state.steps if s.raw_output.startswith(PERTURBED)]
    assert marked
    assert len(marked) < len(state.steps)
    assert all(s.action == Click(element=2) for s in marked)  # the source's action, not random
    assert len(source.contexts) == len(marked)
    # the source may not end the episode: finish is outside the actions it is offered
    finisher = PerturbedModel(inner, 0.9, "task@0", ScriptedModel([Finish(answer="done")] * 3))
    broken = Runner(finisher, PagesEnvironment(pages), budget=Budget(max_steps=3)).run("x")
    assert broken.answer is None
    assert "finish" in str(broken.steps[0].error or broken.error)
    # unlike random perturbations, a model's may take the first step: it can be the mistake
    firsts = [
        Runner(
            PerturbedModel(ScriptedModel([Finish(answer="x")]), 0.5, f"t@{n}", source),
            PagesEnvironment(pages),
            budget=Budget(max_steps=1),
        )
        .run("x")
        .steps[0]
        for n in range(8)
    ]
    assert any(s.raw_output.startswith(PERTURBED) for s in firsts)
    with pytest.raises(UserError, match="--perturb-by needs a rate"):
        AgentSpec(policy="expert", perturb_by="embedded")
    with pytest.raises(UserError, match="perturbs an expert"):
        AgentSpec(model="embedded", perturb=0.3, perturb_by="embedded")
    with pytest.raises(UserError, match="unknown model spec"):
        AgentSpec(policy="expert", perturb=0.3, perturb_by="gpt5")


def test_the_shared_prompt_start_stops_before_every_target() -> None:
    from openlam.learning._tokens import Encoded
    from openlam.learning._train import shared_prefix

    a = Encoded((1, 2, 3, 4, 5, 6), 4, "a")
    b = Encoded((1, 2, 3, 9, 9, 9), 5, "b")
    c = Encoded((1, 2, 3, 4, 5), 2, "c")
    assert shared_prefix([a, b]) == 3
    assert shared_prefix([a, a]) == 3  # the token before the target gives its first logit
    assert shared_prefix([a, c]) == 1


def test_sample_spreads_examples_over_tasks_and_is_repeatable(tmp_path: Path) -> None:
    from openlam.learning import Example, sample_dataset

    source = tmp_path / "ds.jsonl"
    lines = []
    for task, count in (("one-click", 2), ("long-form", 40), ("middle", 10)):
        for i in range(count):
            example = Example(
                id=f"{task}-{i}",
                suite="miniwob",
                task=task,
                seed=i,
                step=1,
                action="click",
                instructions="I",
                log="L",
                current=f"C{i}",
                target='{"action":"click"}',
            )
            lines.append(example.model_dump_json())
    source.write_text("\n".join(lines) + "\n")
    counts = sample_dataset([source], 20, tmp_path / "a.jsonl", seed=3)
    assert counts == {"miniwob/one-click": 2, "miniwob/middle": 9, "miniwob/long-form": 9}
    sample_dataset([source], 20, tmp_path / "b.jsonl", seed=3)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    kept = [e.id for e in read_examples(tmp_path / "a.jsonl")]
    assert len(set(kept)) == 20
    # a next stage's mix leaves out what the first one took
    counts = sample_dataset([source], 100, tmp_path / "c.jsonl", exclude=[tmp_path / "a.jsonl"])
    assert counts == {"miniwob/long-form": 31, "miniwob/middle": 1}
    rest = {e.id for e in read_examples(tmp_path / "c.jsonl")}
    assert not rest & set(kept)
    assert len(rest) == 32


def test_a_wrong_init_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    dataset = tmp_path / "ds.jsonl"
    dataset.write_text("")
    missing = TrainConfig(dataset=str(dataset), init=str(tmp_path / "nowhere"))
    with pytest.raises(UserError, match="does not exist"):
        train(missing, tmp_path / "run")
    (tmp_path / "empty").mkdir()
    empty = TrainConfig(dataset=str(dataset), init=str(tmp_path / "empty"))
    with pytest.raises(UserError, match="no adapter checkpoint there"):
        train(empty, tmp_path / "run")
    assert not (tmp_path / "run").exists()

    earlier = tmp_path / "earlier" / "checkpoint"
    earlier.mkdir(parents=True)
    (earlier / "adapter_config.json").write_text(json.dumps({"r": 16, "lora_alpha": 32}))
    other_rank = TrainConfig(dataset=str(dataset), rank=8, alpha=16, init=str(earlier.parent))
    with pytest.raises(UserError, match="pass --rank 16 --alpha 32"):
        train(other_rank, tmp_path / "run")
    same = TrainConfig(dataset=str(dataset), init=str(earlier.parent))
    assert init_checkpoint(same) == earlier

    # a GGUF adapter file (the shipped one) is read for its rank and alpha
    shipped = Path(openlam.__file__).parent / "models" / "adapter" / "openlam-action.gguf"
    assert init_checkpoint(TrainConfig(dataset=str(dataset), init=str(shipped))) == shipped
    with pytest.raises(UserError, match="rank 16, alpha 32 adapter: pass --rank 16 --alpha 32"):
        init_checkpoint(TrainConfig(dataset=str(dataset), rank=8, init=str(shipped)))
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("not a model")
    with pytest.raises(UserError, match="is not a readable GGUF file"):
        train(TrainConfig(dataset=str(dataset), init=str(not_gguf)), tmp_path / "run")
    assert not (tmp_path / "run").exists()


_BLOCK_PARTS = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")


def _gguf_adapter(path: Path, kind: str = "adapter", drop: str = "", bf16: bool = False) -> Path:
    """A tiny GGUF adapter of one block (rank 2) in export_adapter's layout."""
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_string(gguf.Keys.General.TYPE, kind)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, 4.0)
    for part in _BLOCK_PARTS:
        for ab, shape in (("a", (2, 8)), ("b", (8, 2))):
            name = f"blk.0.{part}.weight.lora_{ab}"
            values = np.linspace(-1, 1, shape[0] * shape[1], dtype=np.float32).reshape(shape)
            if name == drop:
                continue
            if bf16:
                raw = gguf.quants.quantize(values, gguf.GGMLQuantizationType.BF16)
                writer.add_tensor(name, raw, raw_dtype=gguf.GGMLQuantizationType.BF16)
            else:
                writer.add_tensor(name, values.astype(np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_gguf_adapters_are_read_back_or_refused_with_the_reason(tmp_path: Path) -> None:
    import numpy as np

    from openlam.learning._adapter_gguf import read_gguf_adapter

    for bf16 in (False, True):
        adapter = _gguf_adapter(tmp_path / f"{bf16}.gguf", bf16=bf16)
        rank, alpha, tensors = read_gguf_adapter(adapter)
        assert (rank, alpha, len(tensors)) == (2, 4.0, 14)
        b = tensors["blk.0.ffn_down.weight.lora_b"]
        assert (b.shape, b.dtype) == ((8, 2), np.float32)
        assert np.allclose(b.flatten(), np.linspace(-1, 1, 16), atol=1e-2)
    refusals = {
        _gguf_adapter(tmp_path / "model.gguf", kind="model"): "not a GGUF LoRA adapter for Gemma 3",
        _gguf_adapter(tmp_path / "part.gguf", drop="blk.0.ffn_up.weight.lora_b"): (
            "has no blk.0.ffn_up.weight.lora_b"
        ),
    }
    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(b"GGUF" + bytes(range(40)))
    refusals[damaged] = "is not a readable GGUF file"
    for path, reason in refusals.items():
        with pytest.raises(UserError, match=reason):
            read_gguf_adapter(path)
    nowhere = TrainConfig(dataset="x.jsonl", init=str(tmp_path / "missing.gguf"))
    with pytest.raises(UserError, match="does not exist: --init takes a run directory"):
        init_checkpoint(nowhere)


def _encoded_file(path: Path, *records: object, header: dict[str, object] | None = None) -> Path:
    from openlam.models._weights import GGUF_NAME

    head = {"format": "openlam-encoded", "version": 1, "base": GGUF_NAME, "examples": 1}
    lines = [json.dumps(head | (header or {}))] + [json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_an_encoded_dataset_is_read_as_token_ids_without_a_tokenizer(tmp_path: Path) -> None:
    from openlam.learning import read_training_set

    record = {"key": "miniwob/click-test@3", "target_start": 3, "ids": [2, 105, 7, 8, 106]}
    (item,) = read_training_set(_encoded_file(tmp_path / "a.ids.jsonl", record))
    assert (item.ids, item.target_start, item.key) == ((2, 105, 7, 8, 106), 3, record["key"])


@pytest.mark.parametrize(
    ("records", "header", "message"),
    [
        ([{"key": "k", "ids": [1, 2]}], None, r"a\.ids\.jsonl:2 is not an encoded example"),
        ([{"key": "k", "target_start": 5, "ids": [1, 2]}], None, "outside its 2 ids"),
        ([], {"base": "llama-7b.gguf"}, "token ids of llama-7b.gguf"),
        ([], {"version": 9}, "version 9 of openlam's format"),
        ([], {"examples": 3}, "holds 0 examples but its header says 3: the file was cut short"),
    ],
)
def test_a_broken_or_foreign_encoded_dataset_is_refused_with_the_fix(
    tmp_path: Path, records: list[object], header: dict[str, object] | None, message: str
) -> None:
    from openlam.learning import read_training_set

    path = _encoded_file(tmp_path / "a.ids.jsonl", *records, header=header)
    with pytest.raises(UserError, match=message) as caught:
        read_training_set(path)
    assert "openlam data encode" in str(caught.value)


def _page(task: str, seed: int, step: int = 1, current: str = "") -> Example:
    return Example(
        id=f"{task}-{seed}-{step}",
        suite="sandbox",
        task=task,
        seed=seed,
        step=step,
        action="click",
        instructions="I",
        log=f"Task: the {task} task",
        current=current or f'Current page:\n[1] button "Go {seed}"',
        target='{"action":"click","element":1}',
    )


def test_refusals_put_written_requests_on_real_first_pages(tmp_path: Path) -> None:
    from openlam.learning import REFUSAL_TASK, REFUSALS, refusal_examples, write_examples

    pool = [
        _page(f"{domain}/task-{k}", seed, step)
        for domain in REFUSALS
        for k in range(2)
        for seed in range(10)
        for step in (1, 2)
    ]
    pool.append(_page("mail/refuse-confidential", 0))  # a refusal template's page is not reused
    rows = refusal_examples(pool, per_intent=3, benign=5, seed=1)
    refusals = [r for r in rows if r.task.endswith(REFUSAL_TASK)]
    assert len(refusals) == 3 * sum(len(v) for v in REFUSALS.values())
    assert len(rows) - len(refusals) == 5 * len(REFUSALS)
    first_pages = {p.current for p in pool if p.step == 1}
    for row in refusals:
        domain = row.task.split("/")[0]
        request, answer = next((q, a) for q, a in REFUSALS[domain] if row.log == f"Task: {q}")
        assert json.loads(row.target) == {"action": "finish", "answer": answer}
        assert row.current in first_pages
        assert request in row.user_text
        assert row.id not in {p.id for p in pool}
    assert all(row.step == 1 and "refuse-confidential" not in row.task for row in rows)
    assert [r.id for r in refusal_examples(pool, 3, 5, seed=1)] == [r.id for r in rows]
    counts = write_examples([*rows, rows[0]], tmp_path / "r.jsonl")
    assert sum(counts.values()) == len({r.id for r in rows})
    assert next(e.id for e in read_examples(tmp_path / "r.jsonl")) == rows[0].id


def test_refusals_need_enough_pages_of_each_domain() -> None:
    from openlam.learning import refusal_examples

    pool = [_page("mail/compose", seed) for seed in range(20)]
    with pytest.raises(UserError, match="first pages of sandbox/backoffice"):
        refusal_examples(pool)


def test_sample_can_keep_named_tasks_pages_a_pattern_finds_or_first_steps(
    tmp_path: Path,
) -> None:
    from openlam.learning import sample_dataset, write_examples

    source = tmp_path / "ds.jsonl"
    rows = [_page("shop/a", s, current=f'[1] button "+" in "Item {s}"') for s in range(4)]
    rows += [_page("shop/b", s) for s in range(6)] + [_page("mail/c", s) for s in range(3)]
    write_examples(rows, source)
    counts = sample_dataset([source], 100, tmp_path / "t.jsonl", tasks=["shop/b", "mail/c"])
    assert counts == {"sandbox/shop/b": 6, "sandbox/mail/c": 3}
    counts = sample_dataset([source], 100, tmp_path / "m.jsonl", match=r'^\[\d+\] .* in "')
    assert counts == {"sandbox/shop/a": 4}
    later = [_page("shop/b", s, step=2) for s in range(5)]
    write_examples([*rows, *later], source)
    counts = sample_dataset([source], 100, tmp_path / "f.jsonl", first_steps=True)
    assert counts == {"sandbox/shop/a": 4, "sandbox/shop/b": 6, "sandbox/mail/c": 3}
    assert {e.step for e in read_examples(tmp_path / "f.jsonl")} == {1}
    with pytest.raises(UserError, match="no examples of shop/z"):
        sample_dataset([source], 5, tmp_path / "z.jsonl", tasks=["shop/z"])
    with pytest.raises(UserError, match="not a regular expression"):
        sample_dataset([source], 5, tmp_path / "z.jsonl", match="[")
    assert not (tmp_path / "z.jsonl").exists()
