"""Prompt layouts: the task repeated before the reply, in examples, datasets and adapters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from openlam.actions import ActionSpace, Click, Finish, Observation, ToolSpec
from openlam.agent import Runner
from openlam.exceptions import ModelUnavailable, UserError
from openlam.learning import (
    Example,
    Trajectory,
    build_dataset,
    dataset_stats,
    examples_from,
    read_examples,
)
from openlam.models import Context, render_gemma, render_parts
from openlam.models._prompt import LAYOUT_KEY
from openlam.models._weights import ADAPTER_DIR, ADAPTER_NAME, gguf_strings
from openlam.models.embedded import EmbeddedModel
from openlam.testing import PagesEnvironment, ScriptedModel, default_page

SPACE = ActionSpace.for_observation(default_page())
FOOT = "Next action (JSON):"


def test_task_repeated_puts_the_task_right_before_the_reply_on_pages_only() -> None:
    context = Context("subscribe a@b.c", default_page(), feedback="no JSON object found")
    standard = render_parts(context, SPACE)
    repeated = render_parts(context, SPACE, "task-repeated")
    assert (repeated.instructions, repeated.task) == (standard.instructions, standard.task)
    assert (
        repeated.current == standard.current.removesuffix(FOOT) + f"Task: subscribe a@b.c\n{FOOT}"
    )
    assert "rejected: no JSON object found\nTask: subscribe" in repeated.current
    assert render_gemma(context, SPACE).count("Task: subscribe") == 1
    assert render_gemma(context, SPACE, "task-repeated").count("Task: subscribe") == 2
    tool = ToolSpec(name="lights_off", description="Lights off.", parameters={"type": "object"})
    tools = Observation(tools=(tool,), text="(no calls yet)")
    space = ActionSpace.for_tools(tools.tools)
    on_tools = Context("lights off", tools)
    assert render_parts(on_tools, space, "task-repeated") == render_parts(on_tools, space)


def _trajectory() -> Trajectory:
    pages = [default_page().model_copy(update={"text": f"page {i}"}) for i in range(3)]
    model = ScriptedModel([Click(element=2), Finish(answer="subscribed")])
    state = Runner(model, PagesEnvironment(pages)).run("subscribe a@b.c")
    return Trajectory.of_run(state, suite="sandbox", split="train", task="t", seed=3, success=True)


def test_examples_in_a_layout_render_as_the_runtime_would(tmp_path: Path) -> None:
    trajectory = _trajectory()
    standard, _ = examples_from(trajectory)
    repeated, _ = examples_from(trajectory, "task-repeated")
    assert [e.layout for e in repeated] == ["task-repeated", "task-repeated"]
    for i, (example, step) in enumerate(zip(repeated, trajectory.steps, strict=True)):
        context = Context(trajectory.intent, step.observation, tuple(trajectory.steps[:i]))
        space = ActionSpace.for_observation(step.observation)
        assert example.gemma_prompt == render_gemma(context, space, "task-repeated")
        assert example.current.endswith(f"Task: subscribe a@b.c\n{FOOT}")
    assert {e.id for e in standard}.isdisjoint(e.id for e in repeated)
    path = tmp_path / "t.jsonl"
    path.write_text(trajectory.model_dump_json() + "\n")
    build_dataset([path], tmp_path / "d.jsonl", "task-repeated")
    rows = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    assert [r["layout"] for r in rows] == ["task-repeated", "task-repeated"]


def test_another_request_on_a_first_page_is_repeated_too() -> None:
    page = 'Current page:\n[1] button "Go"'
    for layout, current in (
        ("standard", f"{page}\n{FOOT}"),
        ("task-repeated", f"{page}\nTask: old\n{FOOT}"),
    ):
        example = Example(
            id="x", suite="sandbox", task="shop/a", seed=1, step=1, action="click",
            instructions="I", log="Task: old", current=current,
            target='{"action":"click","element":1}', layout=layout,
        )  # fmt: skip
        changed = example.with_intent("new request")
        assert changed.log == "Task: new request"
        assert "old" not in changed.user_text
        assert changed.current.endswith(FOOT)
        assert (changed.user_text.count("new request"), changed.id != example.id) == (
            1 if layout == "standard" else 2,
            True,
        )
        assert changed.page == f"{page}\n{FOOT}"
    later = example.model_copy(update={"log": "Task: old\nSteps so far:\n1. click(element=1)"})
    assert later.page == f"{page}\n{FOOT}"
    with pytest.raises(ValueError, match="does not end with the task log's task line"):
        _ = example.model_copy(update={"current": f"{page}\n{FOOT}"}).page


def _examples_file(path: Path, layouts: list[str], tools: bool = False) -> Path:
    tool = ToolSpec(name="lights_off", description="Lights off.", parameters={"type": "object"})
    repeated = {"standard": "", "task-repeated": "Task: t\n"}
    rows = [
        Example(
            id=f"x{i}", suite="sandbox", task="t", seed=i, step=1, action="click",
            instructions="I", log="Task: t", current=f"Current page:\n{repeated[layout]}{FOOT}",
            target='{"action":"click","element":1}', layout=layout,
            tools=(tool,) if tools else (),
        ).model_dump_json()
        for i, layout in enumerate(layouts)
    ]  # fmt: skip
    path.write_text("\n".join(rows) + "\n")
    return path


def test_an_example_whose_prompt_shows_another_layout_is_refused(tmp_path: Path) -> None:
    # a mix written by hand (or before examples recorded their layout): the prompt repeats the
    # task line, the record says standard; training would tell the adapter the wrong layout
    repeated = json.loads(_examples_file(tmp_path / "r.jsonl", ["task-repeated"]).read_text())
    repeated.pop("layout")
    path = tmp_path / "unmarked.jsonl"
    path.write_text(json.dumps(repeated) + "\n")
    message = (
        "unmarked.jsonl:1 is not an openlam example (its prompt is rendered in the "
        "task-repeated layout but it records standard: build it again with "
        "`openlam data build --layout task-repeated`)"
    )
    with pytest.raises(UserError, match=re.escape(message)):
        list(read_examples(path))
    from openlam.learning._tokens import training_layout

    with pytest.raises(UserError, match="records standard"):
        training_layout(path)
    standard = json.loads(_examples_file(tmp_path / "s.jsonl", ["standard"]).read_text())
    with pytest.raises(ValueError, match="rendered in the standard layout but it records task"):
        Example.model_validate(standard | {"layout": "task-repeated"})


def test_a_mix_excludes_and_matches_a_step_whatever_its_layout(tmp_path: Path) -> None:
    from openlam.learning import sample_dataset

    trajectory = _trajectory()
    path = tmp_path / "t.jsonl"
    path.write_text(trajectory.model_dump_json() + "\n")
    build_dataset([path], tmp_path / "standard.jsonl")
    build_dataset([path], tmp_path / "repeated.jsonl", "task-repeated")
    standard = list(read_examples(tmp_path / "standard.jsonl"))
    repeated = list(read_examples(tmp_path / "repeated.jsonl"))
    assert [e.key for e in repeated] == [e.id for e in standard]
    assert [e.page for e in repeated] == [e.current for e in standard]
    out = tmp_path / "mix.jsonl"
    counts = sample_dataset(
        [tmp_path / "repeated.jsonl"], 10, out, exclude=[tmp_path / "standard.jsonl"]
    )
    assert sum(counts.values()) == 0  # all already trained on, in the other layout
    counts = sample_dataset([tmp_path / "repeated.jsonl"], 10, out, match="^Task: ")
    assert sum(counts.values()) == 0  # --match reads the page, not the repeated task line


def test_a_training_set_has_one_layout(tmp_path: Path) -> None:
    from openlam.learning._tokens import training_layout

    with pytest.raises(UserError, match="does not exist: build a dataset"):
        training_layout(tmp_path / "missing.jsonl")

    assert training_layout(_examples_file(tmp_path / "a.jsonl", ["task-repeated"] * 2)) == (
        "task-repeated"
    )
    assert training_layout(_examples_file(tmp_path / "b.jsonl", ["standard"])) == "standard"
    mixed = _examples_file(tmp_path / "c.jsonl", ["standard", "task-repeated"])
    with pytest.raises(UserError, match="mixes the prompt layouts standard and task-repeated"):
        training_layout(mixed)
    web = (tmp_path / "a.jsonl").read_text()
    tools = _examples_file(tmp_path / "tools.jsonl", ["standard"], tools=True).read_text()
    (tmp_path / "both.jsonl").write_text(web + tools)  # tool prompts have one layout
    assert training_layout(tmp_path / "both.jsonl") == "task-repeated"
    stats = dataset_stats(tmp_path / "both.jsonl")
    assert (stats.examples, stats.by_layout) == (3, {"task-repeated": 2})
    from openlam.models._weights import GGUF_NAME

    head = {"format": "openlam-encoded", "version": 1, "base": GGUF_NAME, "examples": 0}
    encoded = tmp_path / "e.ids.jsonl"
    encoded.write_text(json.dumps(head | {"layout": "task-repeated"}) + "\n")
    assert training_layout(encoded) == "task-repeated"
    encoded.write_text(json.dumps(head) + "\n")  # encoded before layouts existed
    assert training_layout(encoded) == "standard"
    encoded.write_text(json.dumps(head | {"layout": "sideways"}) + "\n")
    with pytest.raises(UserError, match="'sideways'; known: standard, task-repeated"):
        training_layout(encoded)


def _adapter(path: Path, layout: str | None) -> Path:
    import gguf
    import numpy as np

    writer = gguf.GGUFWriter(str(path), "gemma3")
    writer.add_string(gguf.Keys.General.TYPE, "adapter")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, 4.0)
    writer.add_array("openlam.test_list", ["a", "bc"])
    writer.add_uint64("openlam.test_count", 7)
    if layout is not None:
        writer.add_string(LAYOUT_KEY, layout)
    writer.add_tensor("blk.0.attn_q.weight.lora_a", np.zeros((2, 8), dtype=np.float16))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_the_embedded_model_renders_the_layout_its_adapter_records(tmp_path: Path) -> None:
    repeated = _adapter(tmp_path / "r.gguf", "task-repeated")
    strings = gguf_strings(repeated)
    assert (strings["general.type"], strings[LAYOUT_KEY]) == ("adapter", "task-repeated")
    assert EmbeddedModel(adapter=repeated).layout == "task-repeated"
    assert EmbeddedModel(adapter=_adapter(tmp_path / "s.gguf", None)).layout == "standard"
    assert EmbeddedModel().layout == "standard"
    shipped = ADAPTER_DIR / ADAPTER_NAME
    assert gguf_strings(shipped)["general.architecture"] == "gemma3"
    with pytest.raises(ModelUnavailable, match=r"'sideways'; known: .* older than the adapter"):
        _ = EmbeddedModel(adapter=_adapter(tmp_path / "x.gguf", "sideways")).layout
    damaged = tmp_path / "damaged.gguf"
    damaged.write_bytes(repeated.read_bytes()[:60])
    with pytest.raises(ModelUnavailable, match=r"cannot read the GGUF header of .*damaged\.gguf"):
        _ = EmbeddedModel(adapter=damaged).layout
    text = tmp_path / "notes.gguf"
    text.write_text("not a model")
    with pytest.raises(ModelUnavailable, match="not a little-endian GGUF file of version 2 or 3"):
        _ = EmbeddedModel(adapter=text).layout
    model = EmbeddedModel(adapter=repeated)
    model.layout = "standard"  # the probe compares layouts on one adapter
    assert model.layout == "standard"
    with pytest.raises(ValueError, match="'task_repeated'; known: standard, task-repeated"):
        model.layout = "task_repeated"
