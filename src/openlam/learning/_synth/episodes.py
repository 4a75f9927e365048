"""Episodes of synthetic tool calling: the tools offered, the request, and the planned actions.

An episode is drawn from its seed alone. Its kind decides its shape:

* ``simple``: one tool, one call; ``multiple``: 2-5 tools (distractors, often one of the same
  domain), one call of the right one; ``parallel``: one tool, 2-4 calls with different values;
  ``parallel_multiple``: 2-5 tools, 2-4 calls across at least two of them;
* ``irrelevance``: 1-4 tools of unrelated domains; the answer is ``finish`` saying no tool fits;
* ``ask``: a required value is missing; ``ask_user`` names it, the reply gives it, then the call.

After the calls, ``ANSWER_RATE`` of the episodes take one more step: ``finish`` with an answer
that states the results. An optional argument is passed only when the request states it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openlam.actions import Action, AskUser, CallTool, Finish, ToolCall
from openlam.environments.tools import ToolEnvironment
from openlam.learning._synth.catalog import FAMILIES, related
from openlam.learning._synth.spec import (
    NAME_STYLES,
    Family,
    NameStyle,
    ToolVariant,
    complete,
    fill,
    slots,
    state_result,
)
from openlam.learning._synth.values import Value

FUNCTION_KINDS: dict[str, int] = {
    "simple": 25,
    "multiple": 20,
    "parallel": 15,
    "parallel_multiple": 12,
    "irrelevance": 15,
    "ask": 5,
}
"""Episode kinds and their relative weights."""
ANSWER_RATE = 0.4
"""Share of call episodes that end with a ``finish`` stating the results."""
OPTIONAL_RATE = 0.45
"""Chance that a request states each optional argument its template can hold."""
ANSWER_CHARS = 500
"""Longest answer ``finish`` accepts; longer result statements are left out."""

_ONE = (
    "{C}.",
    "Please {c}.",
    "Can you {c}?",
    "Could you {c} for me?",
    "I need you to {c}.",
    "Go ahead and {c}.",
    "{C}, please.",
    "I'd like you to {c}.",
    "Quick favour: {c}.",
    "Would you {c}?",
)
_MANY = ("{C}.", "Please {c}.", "Can you {c}?", "I need a few things: {c}.", "Could you {c}?")
_ASK = (
    "What {noun} should I use?",
    "Could you tell me the {noun}?",
    "What is the {noun}?",
    "Which {noun} do you mean?",
)
_REPLY = ("{value}", "{value}, please.", "Use {value}.", "It's {value}.")
_REFUSALS = (
    "None of the available tools can do that.",
    "No tool here fits this request.",
    "I can't do this with the tools I have.",
    "None of these tools can help with that.",
)
_CHAT = (
    "Write a short poem about the sea.",
    "Tell me a joke about computers.",
    "Give me three tips for sleeping better.",
    "Draft a birthday message for my sister.",
    "What should I name my new puppy?",
    "Suggest a fun weekend hobby.",
    "Explain why the sky looks blue, in simple words.",
    "Help me write a polite note declining an invitation.",
    "What's a good way to start learning the guitar?",
    "Summarize the plot of Romeo and Juliet in two sentences.",
)


@dataclass(frozen=True)
class PlannedCall:
    """One call the episode should make: the tool and the values the request states."""

    tool: ToolVariant
    values: Mapping[str, Value]

    def call(self) -> ToolCall:
        """The call, with arguments under the tool's names."""
        return ToolCall(name=self.tool.name, arguments=self.tool.arguments(self.values))

    def result(self) -> dict[str, Any]:
        """What the call returns, computed directly from the family (raises what it raises)."""
        family = self.tool.family
        return family.run(**complete(family, {k: v.arg for k, v in self.values.items()}))


@dataclass(frozen=True)
class FunctionEpisode:
    """One synthetic episode: the request, the tools offered and what should be done."""

    seed: int
    kind: str
    intent: str
    tools: tuple[ToolVariant, ...]
    calls: tuple[PlannedCall, ...] = ()
    question: str | None = None
    """The ``ask_user`` question (``ask`` episodes)."""
    asked: str | None = None
    """The missing argument in words, as the question must name it."""
    reply: str | None = None
    """The person's answer to the question."""
    refusal: str | None = None
    """The ``finish`` answer when no tool fits (``irrelevance`` episodes)."""
    states_results: bool = False
    """Whether a ``finish`` stating the results follows the calls."""
    source: str | None = None
    """The family an ``irrelevance`` request was written for (None: small talk)."""

    def environment(self) -> ToolEnvironment:
        """A tool environment of the offered tools."""
        return ToolEnvironment([variant.tool() for variant in self.tools])

    def actions(self) -> list[Action]:
        """The planned actions, one per step."""
        planned: list[Action] = []
        if self.question is not None:
            planned.append(AskUser(question=self.question))
        if self.calls:
            planned.append(CallTool(calls=tuple(call.call() for call in self.calls)))
        if self.refusal is not None:
            planned.append(Finish(answer=self.refusal))
        elif self.states_results:
            answer = state_results(self.calls, [call.result() for call in self.calls])
            planned.append(Finish(answer=answer))
        return planned


def state_results(calls: Sequence[PlannedCall], results: Sequence[Mapping[str, Any]]) -> str:
    """The results of the calls in one answer, a sentence per call."""
    return " ".join(
        state_result(call.tool.family, result) for call, result in zip(calls, results, strict=True)
    )


def sample_function_episode(seed: int) -> FunctionEpisode:
    """The episode of this seed (the same seed always gives the same episode)."""
    rng = random.Random(seed)
    kind = rng.choices(list(FUNCTION_KINDS), weights=list(FUNCTION_KINDS.values()))[0]
    return _PLANNERS[kind](seed, rng)


def _simple(seed: int, rng: random.Random) -> FunctionEpisode:
    return _one_call(seed, rng, "simple", distractors=0)


def _multiple(seed: int, rng: random.Random) -> FunctionEpisode:
    return _one_call(seed, rng, "multiple", distractors=rng.randint(1, 4))


def _one_call(seed: int, rng: random.Random, kind: str, *, distractors: int) -> FunctionEpisode:
    """One call of one family's tool, offered alone or among ``distractors`` other tools."""
    family = rng.choice(FAMILIES)
    others = _distractors(rng, [family], distractors) if distractors else []
    variants, offered = _toolset(rng, [family], others)
    intent, values = _single_request(rng, family)
    return _with_calls(
        seed,
        kind,
        rng=rng,
        intent=intent,
        offered=offered,
        calls=[PlannedCall(variants[0], values)],
    )


def _parallel(seed: int, rng: random.Random) -> FunctionEpisode:
    while True:
        family = rng.choice(FAMILIES)
        requests = _distinct_requests(rng, family, rng.randint(2, 4))
        if len(requests) >= 2:
            break
    variants, offered = _toolset(rng, [family], [])
    calls = [PlannedCall(variants[0], values) for _, values in requests]
    intent = _join(rng, [text for text, _ in requests])
    return _with_calls(seed, "parallel", rng=rng, intent=intent, offered=offered, calls=calls)


def _parallel_multiple(seed: int, rng: random.Random) -> FunctionEpisode:
    families = rng.sample(FAMILIES, rng.randint(2, 3))
    counts = dict.fromkeys(range(len(families)), 1)
    for _ in range(rng.randint(len(families), 4) - len(families)):
        counts[rng.randrange(len(families))] += 1
    others = _distractors(rng, families, rng.randint(0, 5 - len(families)))
    variants, offered = _toolset(rng, families, others)
    planned: list[tuple[str, PlannedCall]] = []
    for index, family in enumerate(families):
        for text, values in _distinct_requests(rng, family, counts[index]):
            planned.append((text, PlannedCall(variants[index], values)))
    rng.shuffle(planned)
    intent = _join(rng, [text for text, _ in planned])
    calls = [call for _, call in planned]
    return _with_calls(
        seed, "parallel_multiple", rng=rng, intent=intent, offered=offered, calls=calls
    )


def _irrelevance(seed: int, rng: random.Random) -> FunctionEpisode:
    source: Family | None = None
    if rng.random() < 0.25:
        intent, pool = rng.choice(_CHAT), list(FAMILIES)
    else:
        source = rng.choice(FAMILIES)
        intent, _ = _single_request(rng, source)
        pool = [f for f in FAMILIES if f.domain not in related(source.domain)]
    _, offered = _toolset(rng, [], rng.sample(pool, rng.randint(1, 4)))
    refusal = rng.choice(_REFUSALS)
    return FunctionEpisode(
        seed,
        "irrelevance",
        intent,
        offered,
        refusal=refusal,
        source=source.key if source else None,
    )


def _ask(seed: int, rng: random.Random) -> FunctionEpisode:
    family = rng.choice([f for f in FAMILIES if any(map(f.askable, f.clauses + f.questions))])
    template = rng.choice([t for t in family.clauses + family.questions if family.askable(t)])
    missing = rng.choice(family.askable(template))
    values = _values(rng, family, template)
    texts = {k: v.text for k, v in values.items() if k != missing.key}
    intent = _phrase(rng, family, template, texts)
    variants, offered = _toolset(rng, [family], [])
    question = rng.choice(_ASK).replace("{noun}", missing.label)
    reply = rng.choice(_REPLY).replace("{value}", values[missing.key].text)
    calls = (PlannedCall(variants[0], values),)
    return FunctionEpisode(
        seed,
        "ask",
        intent,
        offered,
        calls,
        question=question,
        asked=missing.label,
        reply=reply,
        states_results=_states(rng, calls),
    )


_PLANNERS: dict[str, Callable[[int, random.Random], FunctionEpisode]] = {
    "simple": _simple,
    "multiple": _multiple,
    "parallel": _parallel,
    "parallel_multiple": _parallel_multiple,
    "irrelevance": _irrelevance,
    "ask": _ask,
}


def _with_calls(
    seed: int,
    kind: str,
    *,
    rng: random.Random,
    intent: str,
    offered: tuple[ToolVariant, ...],
    calls: Sequence[PlannedCall],
) -> FunctionEpisode:
    """The episode of these calls, stating their results afterwards with ``ANSWER_RATE``."""
    return FunctionEpisode(
        seed, kind, intent, offered, tuple(calls), states_results=_states(rng, calls)
    )


def _states(rng: random.Random, calls: Sequence[PlannedCall]) -> bool:
    """Whether a final step states the results: with ``ANSWER_RATE``, when they fit."""
    if rng.random() >= ANSWER_RATE:
        return False
    try:
        text = state_results(calls, [call.result() for call in calls])
    except ValueError:  # a call that fails has nothing to state; the run will show it
        return False
    return len(text) <= ANSWER_CHARS


def _toolset(
    rng: random.Random, targets: Sequence[Family], distractors: Sequence[Family]
) -> tuple[list[ToolVariant], tuple[ToolVariant, ...]]:
    """Tools for the target families (in order) and the distractors, offered shuffled."""
    fixed: NameStyle = rng.choice(NAME_STYLES)
    mixed = rng.random() < 0.2
    chosen: list[ToolVariant] = []
    taken: set[str] = set()
    for family in [*targets, *distractors]:
        for _ in range(10):
            variant = family.variant(rng.choice(NAME_STYLES) if mixed else fixed, rng)
            if variant.name not in taken:
                break
        else:
            if family in targets:
                raise RuntimeError(f"{family.key}: no tool name free of the others' names")
            continue
        taken.add(variant.name)
        chosen.append(variant)
    offered = list(chosen)
    rng.shuffle(offered)
    return chosen[: len(targets)], tuple(offered)


def _distractors(rng: random.Random, chosen: Sequence[Family], count: int) -> list[Family]:
    """Other families to offer; often one of the first family's domain (similar names)."""
    keys = {f.key for f in chosen}
    pool = [f for f in FAMILIES if f.key not in keys]
    picked: list[Family] = []
    near = [f for f in pool if f.domain == chosen[0].domain]
    if near and count and rng.random() < 0.6:
        picked.append(rng.choice(near))
    rest = [f for f in pool if f.key not in {p.key for p in picked}]
    return picked + rng.sample(rest, count - len(picked))


def _values(
    rng: random.Random, family: Family, template: str, optional: Collection[str] | None = None
) -> dict[str, Value]:
    """Values for one call: every required argument, optional ones the template can state
    (each with ``OPTIONAL_RATE``, or exactly ``optional``), meeting the family's condition."""
    present = slots(template)
    for _ in range(100):
        drawn = {p.key: p.sample(rng) for p in family.params}
        if optional is None:
            stated = [p.key for p in family.params if p.key in present and not p.required]
            stated = [key for key in stated if rng.random() < OPTIONAL_RATE]
        else:
            stated = list(optional)
        values = {p.key: drawn[p.key] for p in family.params if p.required or p.key in stated}
        if family.valid is None or family.valid(
            complete(family, {k: v.arg for k, v in values.items()})
        ):
            return values
    raise RuntimeError(f"{family.key}: no valid arguments in 100 draws; check its samplers")


def _single_request(rng: random.Random, family: Family) -> tuple[str, dict[str, Value]]:
    """A request for one call of the family, and the values it states."""
    use_question = bool(family.questions) and rng.random() < 0.4
    template = rng.choice(family.questions if use_question else family.clauses)
    values = _values(rng, family, template)
    return _phrase(rng, family, template, {k: v.text for k, v in values.items()}), values


def _phrase(rng: random.Random, family: Family, template: str, texts: Mapping[str, str]) -> str:
    """The template filled in; a clause is wrapped as a sentence, a question stays one."""
    text = fill(template, texts)
    return text if template in family.questions else _wrap(rng.choice(_ONE), text)


def _distinct_requests(
    rng: random.Random, family: Family, count: int
) -> list[tuple[str, dict[str, Value]]]:
    """Up to ``count`` clauses for calls with different arguments (``repeat_by`` ones where the
    family says so), stating the same optional arguments (none reads as shared by the others)."""
    first = rng.choice(family.clauses)
    optional = [p.key for p in family.params if not p.required and p.key in slots(first)]
    optional = [key for key in optional if rng.random() < OPTIONAL_RATE]
    pool = [t for t in family.clauses if set(optional) <= set(slots(t))]
    requests: list[tuple[str, dict[str, Value]]] = []
    seen: set[str] = set()
    if family.repeat_by is None:
        count = 1
    for index in range(count):
        template = first if index == 0 else rng.choice(pool)
        for _ in range(20):
            values = _values(rng, family, template, optional)
            if family.repeat_by:
                key = json.dumps(values[family.repeat_by].arg)
            else:
                key = json.dumps({k: v.arg for k, v in values.items()}, sort_keys=True)
            if key not in seen:
                seen.add(key)
                requests.append((fill(template, {k: v.text for k, v in values.items()}), values))
                break
    return requests


def _join(rng: random.Random, clauses: Sequence[str]) -> str:
    """Several requests in one sentence (or a short sequence of sentences)."""
    if rng.random() < 0.25:
        steps = [_wrap("First, {c}.", clauses[0])]
        steps += [_wrap("Then {c}.", c) for c in clauses[1:-1]]
        return _wrap(" ".join([*steps, "Finally, {c}."]), clauses[-1])
    head = ", ".join(clauses[:-1])
    listing = f"{head}{',' if len(clauses) > 2 else ''} and {clauses[-1]}"
    return _wrap(rng.choice(_MANY), listing)


def _wrap(pattern: str, clause: str) -> str:
    text = pattern.replace("{C}", clause[:1].upper() + clause[1:]).replace("{c}", clause)
    # a quoted sentence already ends the request: no period after its own
    return text[:-1] if text.endswith(('.".', '?".', '!".')) else text
