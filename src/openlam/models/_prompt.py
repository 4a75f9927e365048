"""Prompt rendering shared by every model.

The prompt is laid out so that its prefix stays stable across the steps of a run — instructions,
then the task, then the history (append-only), and only then the current observation. The
embedded model keeps its KV cache for that prefix and evaluates just the new tail each step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from openlam.actions import ActionSpace, Step
from openlam.models._base import Context

MAX_HISTORY = 30
"""Steps of history shown at most; older ones are summarized as a count."""
_HISTORY_BLOCK = 10

_INSTRUCTIONS = (
    "You are openlam, an agent that operates a web browser to carry out a person's task. "
    "Each turn you see the page: numbered elements and visible text. Reply with exactly one "
    "action as a JSON object and nothing else. Use element numbers from the current page. "
    "When the task is done, reply with finish and put any requested information in answer. "
    "If information is missing, use ask_user."
)

_TOOL_INSTRUCTIONS = (
    "You are openlam, an agent that calls tools (functions) to carry out a person's task. "
    "Each turn you see the results of your last calls. Reply with exactly one action as a JSON "
    "object and nothing else. To call tools, reply with call_tool and one or more calls, each "
    "with a tool name from the list and its arguments. When the task is done, or no tool fits "
    "it, reply with finish and put any requested information in answer. "
    "If information is missing, use ask_user."
)

Layout = Literal["standard", "task-repeated"]
"""How a web page's prompt is laid out. ``standard``: the task line only in the task log, before
the page; ``task-repeated``: the task line again after the page, right before the reply, where
a small model attends to it most. An adapter is trained on one layout and records it in its
GGUF file (``LAYOUT_KEY``); tool prompts are the same in both (their task sits by the reply)."""
LAYOUTS: tuple[Layout, ...] = ("standard", "task-repeated")
LAYOUT_KEY = "openlam.prompt_layout"
"""The GGUF metadata key of an adapter's layout; an adapter without it uses ``standard``."""
_FOOT = "Next action (JSON):"

TOOL_RESULT_CHARS = 2000
"""Characters of the latest tool results shown in the prompt's current block."""


@dataclass(frozen=True)
class PromptParts:
    """The three blocks of a prompt: stable instructions, the growing task log, the new tail."""

    instructions: str
    task: str
    current: str


def as_layout(value: str, where: str) -> Layout:
    """``value`` as a layout, or a ``ValueError`` that says which ones exist."""
    if value not in LAYOUTS:
        raise ValueError(f"{where} names the prompt layout {value!r}; known: {', '.join(LAYOUTS)}")
    return value


def render_parts(context: Context, space: ActionSpace, layout: Layout = "standard") -> PromptParts:
    """Split the context into the blocks every wire format assembles in the same order."""
    examples = "\n".join(t.meta.example for t in space.types)
    if space.tools:
        tools = "\n".join(tool.signature() for tool in space.tools)
        instructions = f"{_TOOL_INSTRUCTIONS}\nTools:\n{tools}\nActions:\n{examples}"
    else:
        instructions = f"{_INSTRUCTIONS}\nActions:\n{examples}"
    if space.tools:
        current = ["Latest tool results:", _cut(context.observation.render(), TOOL_RESULT_CHARS)]
    else:
        current = ["Current page:", context.observation.render()]
    if context.feedback:
        current.append(f"Your last reply was rejected: {context.feedback}")
    if layout == "task-repeated" and not space.tools:
        current.append(_task_line(context.intent))
    current.append(_FOOT)
    task = task_block(context.intent, context.history)
    return PromptParts(instructions, task, "\n".join(current))


def task_block(intent: str, history: Sequence[Step] = ()) -> str:
    """The task log: the intent, then the steps so far (the oldest dropped in whole blocks)."""
    task_lines = [_task_line(intent)]
    if history:
        task_lines.append("Steps so far:")
        # drop old steps in whole blocks so the prompt prefix (and the KV cache) changes once
        # per block rather than at every step
        skipped = 0
        if len(history) > MAX_HISTORY:
            skipped = (len(history) - MAX_HISTORY + _HISTORY_BLOCK - 1) // _HISTORY_BLOCK
            skipped *= _HISTORY_BLOCK
            task_lines.append(f"({skipped} earlier steps)")
        task_lines += [step.describe() for step in history[skipped:]]
    return "\n".join(task_lines)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "\n...(results cut)"


def retask(log: str, current: str, intent: str, layout: Layout) -> tuple[str, str]:
    """The task log and current block of a first step, given another ``intent`` (same page)."""
    if layout == "task-repeated":
        current = f"{_before_task(log, current)}{_task_line(intent)}\n{_FOOT}"
    return task_block(intent), current


def standard_current(log: str, current: str) -> str:
    """A ``task-repeated`` web page's current block without the repeated task line."""
    return _before_task(log, current) + _FOOT


def rendered_layout(log: str, current: str) -> Layout:
    """The layout a web step's task log and current block were rendered in: ``task-repeated``
    when the current block ends with the log's task line again, right before the reply."""
    return "task-repeated" if current.endswith(f"\n{_repeated(log)}") else "standard"


def _task_line(intent: str) -> str:
    return f"Task: {intent}"


def _repeated(log: str) -> str:
    """How a ``task-repeated`` current block ends: the task log's task line, then the foot."""
    task = log.split("\nSteps so far:", maxsplit=1)[0]
    return f"{task}\n{_FOOT}"


def _before_task(log: str, current: str) -> str:
    """A ``task-repeated`` current block up to its repeated task line (the log's first)."""
    if rendered_layout(log, current) != "task-repeated":
        raise ValueError("the current block does not end with the task log's task line")
    return current.removesuffix(_repeated(log))


def gemma_segments(
    context: Context, space: ActionSpace, layout: Layout = "standard"
) -> list[tuple[str, bool]]:
    """The prompt in Gemma's turn format as ``(text, is_marker)`` pieces.

    Only the turn markers may be tokenized as special tokens: a page or intent that contains
    ``<end_of_turn>`` must not be able to end the user's turn.
    """
    parts = render_parts(context, space, layout)
    return [
        ("<start_of_turn>user\n", True),
        (f"{parts.instructions}\n\n{parts.task}\n\n{parts.current}", False),
        ("<end_of_turn>\n<start_of_turn>model\n", True),
    ]


def render_gemma(context: Context, space: ActionSpace, layout: Layout = "standard") -> str:
    """The prompt in Gemma's turn format as one string (the base GGUF has no chat template)."""
    return "".join(text for text, _ in gemma_segments(context, space, layout))


def render_chat(context: Context, space: ActionSpace) -> tuple[str, str]:
    """The prompt as a (system, user) message pair for chat APIs."""
    parts = render_parts(context, space)
    return parts.instructions, f"{parts.task}\n\n{parts.current}"
