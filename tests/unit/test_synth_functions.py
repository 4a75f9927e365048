"""Synthetic function-calling data: episodes drawn from seeds, run for real, verified."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from openlam.actions import ActionSpace, CallTool, Finish, ToolCall
from openlam.exceptions import UserError
from openlam.learning import (
    FUNCTION_KINDS,
    FunctionEpisode,
    check_trainable,
    encode_action,
    examples_from,
    run_function_episode,
    sample_function_episode,
    synthesize_functions,
)
from openlam.learning._synth import PlanReplay
from openlam.learning._synth.catalog import FAMILIES, related
from openlam.learning._synth.spec import (
    NAME_STYLES,
    complete,
    fill,
    result_facts,
    same_json,
    state_result,
    tool_name,
)
from openlam.models import Context, Decision, render_gemma
from openlam.testing import ScriptedModel

_FAMILY = {f.key: f for f in FAMILIES}


def _episodes(kind: str, count: int, start: int = 0) -> list[FunctionEpisode]:
    found: list[FunctionEpisode] = []
    seed = start
    while len(found) < count:
        episode = sample_function_episode(seed)
        if episode.kind == kind:
            found.append(episode)
        seed += 1
    return found


def test_the_catalog_is_broad() -> None:
    assert len(FAMILIES) >= 60
    assert len({f.domain for f in FAMILIES}) >= 20
    kinds = Counter(p.kind for f in FAMILIES for p in f.params)
    assert {"string", "integer", "number", "boolean", "enum"} <= set(kinds)
    assert {"string[]", "number[]", "object"} <= set(kinds)
    assert sum(not p.required for f in FAMILIES for p in f.params) >= 40


def test_tool_names_of_different_families_never_collide() -> None:
    owner: dict[str, str] = {}
    for family in FAMILIES:
        for words in family.names:
            for style in NAME_STYLES:
                name = tool_name(words.split(), style, family.module or family.domain)
                assert owner.setdefault(name, family.key) == family.key, name
    assert tool_name(["get", "weather"], "dotted", "weather") == "weather.get"
    assert tool_name(["get", "current", "weather"], "camel", "weather") == "getCurrentWeather"


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = synthesize_functions(tmp_path / "a", 30, seed=7)
    synthesize_functions(tmp_path / "b", 30, seed=7)
    synthesize_functions(tmp_path / "c", 30, seed=8)
    a, b, c = ((tmp_path / d / "trajectories.jsonl").read_bytes() for d in "abc")
    assert a == b
    assert a != c
    assert len(a.splitlines()) == 30
    assert first.verified == 30, first.problems
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["n"] == 30
    assert sum(summary["by_kind"].values()) == 30


def test_kinds_follow_their_weights() -> None:
    episodes = [sample_function_episode(seed) for seed in range(2000)]
    counts = Counter(e.kind for e in episodes)
    total = sum(FUNCTION_KINDS.values())
    for kind, weight in FUNCTION_KINDS.items():
        assert abs(counts[kind] / 2000 - weight / total) < 0.03, (kind, counts)
    calls = [e for e in episodes if e.calls]
    stating = sum(e.states_results for e in calls) / len(calls)
    assert 0.33 < stating < 0.45
    for episode in episodes:
        names = {variant.family.key for variant in episode.tools}
        called = {call.tool.family.key for call in episode.calls}
        shape = {
            "simple": len(episode.tools) == 1 and len(episode.calls) == 1,
            "multiple": 2 <= len(episode.tools) <= 5 and len(episode.calls) == 1,
            "parallel": len(episode.tools) == 1 and 2 <= len(episode.calls) <= 4,
            "parallel_multiple": 2 <= len(episode.tools) <= 5
            and 2 <= len(episode.calls) <= 4
            and len(called) >= 2,
            "irrelevance": 1 <= len(episode.tools) <= 4 and not episode.calls,
            "ask": len(episode.tools) == 1 and episode.question is not None,
        }
        assert shape[episode.kind], episode
        assert called <= names


def test_every_target_is_a_reply_the_offered_space_accepts() -> None:
    for seed in range(150):
        run = run_function_episode(sample_function_episode(seed))
        assert run.success, (seed, run.problem)
        space = ActionSpace.for_tools([v.spec for v in run.episode.tools])
        for step in run.state.steps:
            assert step.action is not None
            assert json.loads(encode_action(step.action, space))["action"] == step.action.action
        examples, skipped = examples_from(run.trajectory())
        assert skipped == []
        assert len(examples) == len(run.state.steps)


def test_examples_are_the_prompts_the_replay_was_given() -> None:
    prompts: list[str] = []

    class Recorder(PlanReplay):
        def decide(self, context: Context, space: ActionSpace) -> Decision:
            prompts.append(render_gemma(context, space))
            return super().decide(context, space)

    for kind in ("ask", "parallel_multiple"):
        episode = next(e for e in _episodes(kind, 5) if e.states_results)
        prompts.clear()
        run = run_function_episode(episode, Recorder(episode))
        examples, _ = examples_from(run.trajectory())
        assert [e.gemma_prompt for e in examples] == prompts
        assert len(prompts) == (3 if kind == "ask" else 2)


def test_optional_arguments_appear_only_when_the_request_states_them() -> None:
    stated_optional = 0
    for seed in range(600):
        episode = sample_function_episode(seed)
        for planned in episode.calls:
            family = planned.tool.family
            arguments = planned.call().arguments
            names = {planned.tool.names[p.key]: p for p in family.params}
            required = {planned.tool.names[p.key] for p in family.params if p.required}
            assert required <= set(arguments)
            for name in arguments:
                param = names[name]
                if not param.required:
                    stated_optional += 1
                    assert planned.values[param.key].text in episode.intent, (seed, name)
    assert stated_optional > 100
    weather = _FAMILY["current_weather"]
    template = weather.clauses[0]
    assert fill(template, {"city": "Oslo"}) == "check the weather in Oslo"
    assert fill(template, {"city": "Oslo", "unit": "Fahrenheit"}).endswith("in Fahrenheit")


def test_values_are_typed_as_the_schema_says() -> None:
    python_types: dict[str, type | tuple[type, ...]] = {
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "string": str,
    }
    for seed in range(400):
        for planned in sample_function_episode(seed).calls:
            for param in planned.tool.family.params:
                value = planned.tool.arguments(planned.values).get(planned.tool.names[param.key])
                if value is None:
                    continue
                if param.kind in python_types:
                    assert isinstance(value, python_types[param.kind])
                    assert param.kind == "boolean" or not isinstance(value, bool)
                elif param.kind == "enum":
                    assert value in param.choices
                elif param.kind.endswith("[]"):
                    assert isinstance(value, list)
                    assert value


def test_irrelevance_offers_no_tool_that_fits() -> None:
    episodes = _episodes("irrelevance", 120)
    assert sum(e.source is None for e in episodes) > 10  # small talk too
    for episode in episodes:
        assert episode.actions() == [Finish(answer=episode.refusal or "")]
        if episode.source is None:
            continue
        near = related(_FAMILY[episode.source].domain)
        assert all(v.family.domain not in near for v in episode.tools), episode
        run = run_function_episode(episode)
        assert run.success
        assert len(run.state.steps) == 1


def test_ask_names_the_missing_value_then_calls_with_the_reply() -> None:
    for episode in _episodes("ask", 20):
        assert episode.asked
        assert episode.question
        assert episode.reply
        assert episode.asked in episode.question
        planned = episode.calls[0]
        missing = next(p for p in planned.tool.family.params if p.label == episode.asked)
        assert missing.required
        value = planned.values[missing.key]
        assert value.text in episode.reply
        if len(value.text) > 3:  # a short number may occur in the request by chance
            assert value.text not in episode.intent
        run = run_function_episode(episode)
        assert run.success, run.problem
        ask, call = run.state.steps[0], run.state.steps[1]
        assert ask.action is not None
        assert ask.action.action == "ask_user"
        assert isinstance(call.action, CallTool)
        assert call.action.calls[0].arguments[planned.tool.names[missing.key]] == value.arg


def test_verification_rejects_a_wrong_call() -> None:
    episode = next(e for e in _episodes("simple", 50) if not e.states_results)
    planned = episode.calls[0].call()
    wrong = dict(planned.arguments)
    name, value = next(iter(wrong.items()))
    wrong[name] = f"{value} " if isinstance(value, str) else 7777777
    for action in (
        CallTool(calls=(ToolCall(name=planned.name, arguments=wrong),)),
        CallTool(calls=(planned, planned)),
        Finish(answer="done"),
    ):
        run = run_function_episode(episode, ScriptedModel([action]))
        assert not run.success
        assert run.problem
        assert not run.trajectory().success
    assert run_function_episode(episode, ScriptedModel([CallTool(calls=(planned,))])).success
    # arguments must equal the intended ones as JSON: 5.0 is not 5, true is not 1
    assert same_json({"n": 5}, {"n": 5})
    assert not same_json({"n": 5}, {"n": 5.0})
    assert not same_json({"n": True}, {"n": 1})


def test_verification_rejects_an_answer_that_misses_a_result() -> None:
    episode = next(e for e in _episodes("parallel", 30) if e.states_results)
    call = CallTool(calls=tuple(c.call() for c in episode.calls))
    first = episode.calls[0]
    partial = Finish(answer=state_result(first.tool.family, first.result()))
    run = run_function_episode(episode, ScriptedModel([call, partial]))
    assert run.problem is not None
    assert "does not state" in run.problem
    assert run_function_episode(episode).success


def test_every_family_runs_with_every_optional_argument() -> None:
    rng = random.Random(3)
    for family in FAMILIES:
        for _ in range(5):
            values = {p.key: p.sample(rng) for p in family.params}
            arguments = {k: v.arg for k, v in values.items()}
            if family.valid is not None and not family.valid(complete(family, arguments)):
                continue
            tool = family.variant("camel", rng)
            result = tool.tool().function(**tool.arguments(values))
            sentence = state_result(family, result)
            assert all(fact in sentence for fact in result_facts(family, result))


def test_tools_check_ranges_and_formats_with_messages_that_say_what_to_fix() -> None:
    factorial = _FAMILY["factorial"].variant("snake", random.Random(0))
    with pytest.raises(ValueError, match="at most 20"):
        factorial.tool().function(**{factorial.names["n"]: 25})
    days = _FAMILY["day_of_week"].variant("snake", random.Random(0))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        days.tool().function(**{days.names["date"]: "March 5, 2025"})


def test_synthetic_data_is_trainable_but_held_out_seeds_are_refused(tmp_path: Path) -> None:
    check_trainable("functions", "train", [0, 99999])
    with pytest.raises(UserError, match="held out"):
        check_trainable("functions", "test")
    with pytest.raises(UserError, match="--n 5 or less"):
        synthesize_functions(tmp_path, 10, seed=99995)
    assert not (tmp_path / "trajectories.jsonl").exists()
