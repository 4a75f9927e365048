"""Training examples: each step of a verified trajectory as (the prompt the runtime renders, the
action the model should reply with)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from openlam.actions import Action, ActionSpace, CallTool, Observation, ToolSpec
from openlam.exceptions import InvalidModelOutput
from openlam.learning._trajectory import Trajectory
from openlam.models import Context, render_parts
from openlam.models._prompt import Layout, rendered_layout, retask, standard_current

PERTURBED = "perturbed: "
"""Start of the raw reply of a step taken at random on purpose (not learned from)."""
UNGROUNDED = "ungrounded: "
"""Start of the raw reply of a replayed step whose arguments hold a value its prompt does not
show (not learned from: the example would teach guessing)."""
TURN_START = "<start_of_turn>user\n"
TURN_END = "<end_of_turn>\n<start_of_turn>model\n"
"""Gemma's turn markers around the user text; tokenize them as special tokens, the text not."""


class Example(BaseModel):
    """One step to learn: the prompt's three blocks, the target reply and where it came from.

    ``gemma_prompt`` is byte for byte what the embedded model is given at that step (the
    runtime renders the same blocks); ``target`` is the compact JSON the constrained decoder
    accepts, to be followed by ``<end_of_turn>`` when training.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    suite: str
    task: str
    seed: int
    step: int
    action: str
    instructions: str
    log: str
    current: str
    target: str
    allowed: tuple[str, ...] = ()
    tools: tuple[ToolSpec, ...] = ()
    layout: Layout = "standard"

    @model_validator(mode="after")
    def _layout_is_the_rendered_one(self) -> Example:
        """A web example's recorded layout is the one its prompt shows (a file written by hand,
        or before examples recorded it, may say otherwise; an adapter would then be told the
        wrong layout)."""
        if not self.tools:
            shown = rendered_layout(self.log, self.current)
            if shown != self.layout:
                raise ValueError(
                    f"its prompt is rendered in the {shown} layout but it records "
                    f"{self.layout}: build it again with `openlam data build --layout {shown}`"
                )
        return self

    @property
    def page(self) -> str:
        """The current block as the standard layout shows it (no task line repeated)."""
        if self.layout == "standard":
            return self.current
        return standard_current(self.log, self.current)

    @property
    def key(self) -> str:
        """The id this example has in the standard layout: the same step in any layout."""
        if self.layout == "standard":
            return self.id
        return _digest(f"{self.instructions}\n\n{self.log}\n\n{self.page}", self.target)

    def with_intent(self, intent: str) -> Example:
        """This first step's example with another request on the same page (a new id)."""
        log, current = retask(self.log, self.current, intent, self.layout)
        changed = self.model_copy(update={"log": log, "current": current})
        return changed.model_copy(update={"id": _digest(changed.user_text, changed.target)})

    @property
    def user_text(self) -> str:
        """The user turn's text (instructions, task log, current observation)."""
        return f"{self.instructions}\n\n{self.log}\n\n{self.current}"

    @property
    def gemma_prompt(self) -> str:
        """The whole prompt in Gemma's turn format, ending where the model's reply starts."""
        return f"{TURN_START}{self.user_text}{TURN_END}"


def space_for(observation: Observation) -> ActionSpace:
    """The action space the runtime offers on this observation (web page or tool results)."""
    if observation.tools:
        return ActionSpace.for_tools(observation.tools)
    return ActionSpace.for_observation(observation)


def encode_action(action: Action, space: ActionSpace) -> str:
    """``action`` as the compact JSON reply the model should give, keys in the schema's order.

    Raises ``ValueError`` when ``space`` would not accept the action as written (a type not
    offered, an element not on the page, a field the schema leaves out).
    """
    options = space.json_schema()["anyOf"]
    schema = next((o for o in options if o["properties"]["action"]["const"] == action.action), None)
    if schema is None:
        raise ValueError(f"action {action.action!r} is not offered here ({space.names()})")
    data = _ordered(action.model_dump(mode="json"), schema)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    try:
        parsed = space.parse(text)
    except InvalidModelOutput as exc:
        raise ValueError(f"{text} is not a valid reply here: {exc.reason}") from None
    if parsed != action:
        raise ValueError(f"{text} does not say all of {action.describe()}")
    return text


def _ordered(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` with object keys in the order the decoding grammar expects them."""
    if "anyOf" in schema:
        return _ordered(value, _matching(value, schema["anyOf"]))
    if isinstance(value, dict) and "properties" in schema:
        props: dict[str, Any] = schema["properties"]
        # llama.cpp's schema grammars want required properties first, then optional ones
        required = [k for k in schema.get("required", []) if k in props]
        keys = required + [k for k in props if k not in required]
        ordered = {k: _ordered(value[k], props[k]) for k in keys if k in value}
        extra = {k: v for k, v in value.items() if k not in props}
        return {**ordered, **extra} if schema.get("additionalProperties") is not False else ordered
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [_ordered(item, schema["items"]) for item in value]
    return value


def _matching(value: Any, options: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``anyOf`` option a value belongs to: the one whose constants it carries."""
    for option in options:
        props = option.get("properties", {})
        consts = {k: p["const"] for k, p in props.items() if isinstance(p, dict) and "const" in p}
        if consts and isinstance(value, dict) and all(value.get(k) == c for k, c in consts.items()):
            return option
    return next((o for o in options if "properties" not in o), options[0] if options else {})


def examples_from(
    trajectory: Trajectory, layout: Layout = "standard"
) -> tuple[list[Example], list[str]]:
    """Every step of the trajectory that chose an action, as an example; and why others not.

    The context of step ``i`` is what the runner gave the model: the intent, that step's
    observation and the steps before it as history, rendered in ``layout``.
    """
    examples: list[Example] = []
    skipped: list[str] = []
    for i, step in enumerate(trajectory.steps):
        if step.action is None:
            skipped.append(f"{trajectory.key} step {step.index}: no action")
            continue
        if step.raw_output.startswith(PERTURBED):
            continue  # a deliberate wrong step: the steps after it are what to learn
        if step.raw_output.startswith(UNGROUNDED):
            continue  # needed for the episode, but nothing in its prompt says what to pass
        space = space_for(step.observation)
        context = Context(trajectory.intent, step.observation, tuple(trajectory.steps[:i]))
        try:
            target = encode_action(step.action, space)
        except ValueError as exc:
            skipped.append(f"{trajectory.key} step {step.index}: {exc}")
            continue
        parts = render_parts(context, space, layout)
        example_id = _digest(f"{parts.instructions}\n\n{parts.task}\n\n{parts.current}", target)
        examples.append(
            Example(
                id=example_id,
                suite=trajectory.suite,
                task=trajectory.task,
                seed=trajectory.seed,
                step=step.index,
                action=step.action.action,
                instructions=parts.instructions,
                log=parts.task,
                current=parts.current,
                target=target,
                allowed=tuple(space.names()),
                tools=space.tools,
                layout="standard" if space.tools else layout,  # tool prompts have one layout
            )
        )
    return examples, skipped


def _digest(prompt: str, target: str) -> str:
    return hashlib.sha256(f"{prompt}\x00{target}".encode()).hexdigest()[:16]


def answers(example: Example) -> list[dict[str, Any]]:
    """The target as a list of function calls (``name``, ``arguments``), for exports."""
    data = json.loads(example.target)
    if data.get("action") == CallTool.meta.name:
        return [{"name": c["name"], "arguments": c["arguments"]} for c in data["calls"]]
    return [{"name": data["action"], "arguments": {k: v for k, v in data.items() if k != "action"}}]
