"""Running one BFCL entry through openlam's runner and scoring it with BFCL's checker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from openlam.actions import CallTool, ToolCall
from openlam.agent import Budget, Runner, RunState, RunStatus
from openlam.environments.tools import Tool, ToolEnvironment
from openlam.evaluation.bfcl._data import (
    Entry,
    api_instance,
    checkers,
    class_docs,
    tool_spec,
)
from openlam.models import Model

TURN_STEPS = 20
"""Steps allowed per multi-turn user turn (BFCL's own ``MAXIMUM_STEP_LIMIT``)."""

_EARLIER_CHARS = 400
_NOT_RUN = "(recorded; BFCL scores single-turn calls without running them)"


@dataclass
class Outcome:
    """What one entry produced: the runs (one per turn), the calls, the checker's verdict."""

    success: bool
    states: list[RunState] = field(default_factory=list)
    calls: list[list[list[str]]] = field(default_factory=list)
    """Per turn, per step, the calls as Python call strings (BFCL's executable form)."""
    error: str | None = None
    checker: dict[str, Any] = field(default_factory=dict)


def call_string(call: ToolCall) -> str:
    """A call in BFCL's executable form, as its function-calling decoder writes it."""
    return f"{call.name}({','.join(f'{k}={v!r}' for k, v in call.arguments.items())})"


def entry_tools(entry: Entry) -> list[Tool]:
    """The entry's functions as tools: live API methods (multi-turn) or recorders."""
    if "involved_classes" not in entry.raw:
        return [Tool(tool_spec(doc), _record_only) for doc in entry.functions]
    config = entry.raw.get("initial_config", {})
    tools = []
    for class_name in entry.raw["involved_classes"]:
        instance = api_instance(class_name, config)
        tools += [
            Tool(tool_spec(doc), getattr(instance, str(doc["name"])))
            for doc in class_docs(class_name)
        ]
    return tools


def _record_only(**_: Any) -> str:
    return _NOT_RUN


def run_single_turn(entry: Entry, model: Model, budget: Budget) -> Outcome:
    """One decision with the entry's functions as tools, scored by BFCL's AST checker."""
    environment = ToolEnvironment(entry_tools(entry))
    state = Runner(model, environment, budget=budget).run(_intent(entry.turns[0]))
    if state.status is RunStatus.MAX_STEPS:
        state.status, state.error = RunStatus.FINISHED, None  # one decision is the episode
    calls = _step_calls(state)
    outcome = Outcome(False, [state], [[[call_string(c) for c in s] for s in calls]])
    if state.status is RunStatus.ERROR:
        outcome.error = state.error
        return outcome
    made = [call for step in calls for call in step]
    if entry.category == "irrelevance":
        outcome.success = not made
        return outcome
    if not made:
        outcome.checker = {"error": ["no function call made"]}
        return outcome
    check = checkers()
    output = [{call.name: dict(call.arguments)} for call in made]
    verdict = check.ast(
        entry.functions, output, entry.answer, check.python, entry.category, "openlam"
    )
    outcome.success = bool(verdict.get("valid"))
    outcome.checker = _short(verdict)
    return outcome


def run_multi_turn(entry: Entry, model: Model, budget: Budget) -> Outcome:
    """Each user turn run to completion over live API instances; BFCL's multi-turn checker."""
    environment = ToolEnvironment(entry_tools(entry))
    outcome = Outcome(False)
    for index in range(len(entry.turns)):
        intent = _turn_intent(entry, index, outcome.calls)
        state = Runner(model, environment, budget=budget).run(intent)
        outcome.states.append(state)
        outcome.calls.append([[call_string(c) for c in step] for step in _step_calls(state)])
        if state.status is RunStatus.ERROR:
            outcome.error = state.error
            return outcome
    verdict = _check_multi_turn(entry, outcome.calls)
    outcome.success = bool(verdict.get("valid"))
    outcome.checker = _short(verdict)
    return outcome


def _check_multi_turn(entry: Entry, calls: list[list[list[str]]]) -> dict[str, Any]:
    """Run BFCL's checker under a name of its own, then drop the instances it kept.

    The checker replays the calls on API instances it stores in its module's globals, keyed by
    model name and entry id, and reuses them when it meets the key again: a fresh name per
    check keeps two runs of the same entry apart.
    """
    check = checkers()
    name = f"openlam_{uuid.uuid4().hex[:12]}"
    steps = [[step for step in turn if step] for turn in calls]
    try:
        return check.multi_turn(steps, entry.answer, entry.raw, entry.category, name)
    finally:
        for key in [k for k in check.instance_globals if k.startswith(name)]:
            del check.instance_globals[key]


def _step_calls(state: RunState) -> list[tuple[ToolCall, ...]]:
    return [s.action.calls for s in state.steps if isinstance(s.action, CallTool) and s.result]


def _intent(messages: list[dict[str, str]]) -> str:
    """A turn's messages as one intent: the user's words, after any system instructions."""
    system = [m["content"].strip() for m in messages if m.get("role") == "system"]
    user = [m["content"].strip() for m in messages if m.get("role") != "system"]
    text = "\n".join(user)
    return f"{' '.join(system)}\n{text}" if system else text


def _turn_intent(entry: Entry, index: int, earlier: list[list[list[str]]]) -> str:
    """The current request, after the earlier requests of the conversation and their calls."""
    current = _intent(entry.turns[index])
    if index == 0:
        return current
    lines = ["Earlier in this conversation:"]
    for turn, steps in zip(entry.turns[:index], earlier, strict=True):
        made = "; ".join(call for step in steps for call in step) or "none"
        if len(made) > _EARLIER_CHARS:
            made = made[: _EARLIER_CHARS - 3] + "..."
        lines.append(f"- request: {_intent(turn)}\n  calls made: {made}")
    lines.append(f"Now: {current}")
    return "\n".join(lines)


def _short(verdict: dict[str, Any]) -> dict[str, Any]:
    """The checker's verdict without its bulky execution logs."""
    keep = ("valid", "error", "error_type", "error_message")
    return {k: verdict[k] for k in keep if k in verdict}
