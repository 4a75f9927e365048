"""openlam as an AgentDojo pipeline element: one model decision per call.

AgentDojo runs an agent as a pipeline ``[InitQuery, LLM, ToolsExecutionLoop([ToolsExecutor,
LLM])]``: the LLM element appends an assistant message, AgentDojo's executor runs its tool calls
in the task's environment (where the injections sit) and appends the results. ``OpenlamElement``
is that LLM element for any openlam ``Model``, so AgentDojo's own executor, attacks and checks
score it exactly as they score the models it ships with.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from agentdojo.agent_pipeline import (  # type: ignore[import-untyped]
    AgentPipeline,
    BasePipelineElement,
    InitQuery,
    ToolsExecutionLoop,
    ToolsExecutor,
)

from openlam.actions import ActionSpace, Observation, Step, Timings, ToolSpec, Usage
from openlam.evaluation.agentdojo._convert import (
    assistant_message,
    context_from_messages,
    tool_spec,
)
from openlam.exceptions import InvalidModelOutput
from openlam.models import Model

PIPELINE_NAME = "local-openlam"
"""The pipeline's name for AgentDojo. Attacks address the victim by the model name they find in
it; ``local`` is AgentDojo's entry for local models ("Local model"), the same for every openlam
agent so that every agent is attacked with the same text."""

MAX_TOOL_ROUNDS = 15
"""Rounds of tool execution before AgentDojo stops an episode (its own default)."""


class OpenlamElement(BasePipelineElement):  # type: ignore[misc]
    """An AgentDojo LLM element that asks an openlam ``Model`` for the next action.

    Each ``query`` turns the messages so far and the runtime's functions into a ``Context`` and
    a tools ``ActionSpace``, asks the model (showing it why a rejected reply was wrong, at most
    ``1 + max_retries`` times) and appends the resulting assistant message. ``steps`` keeps the
    decisions of the current episode (usage, timing) for the episode record; ``reset`` clears it.
    """

    name = PIPELINE_NAME

    def __init__(self, model: Model, *, max_retries: int = 2) -> None:
        self.model = model
        self.max_retries = max_retries
        self.steps: list[Step] = []
        self.error: str | None = None
        self._specs: dict[tuple[str, ...], tuple[ToolSpec, ...]] = {}

    def reset(self) -> None:
        """Forget the previous episode's steps and error."""
        self.steps, self.error = [], None

    def query(
        self,
        query: str,
        runtime: Any,
        env: Any = None,
        messages: Sequence[Any] = (),
        extra_args: dict[str, Any] | None = None,
    ) -> tuple[str, Any, Any, Sequence[Any], dict[str, Any]]:
        """Append the model's next assistant message (tool calls or the final answer)."""
        tools = self.tools(runtime)
        started = time.perf_counter()
        action, raw, usage, context = None, "", Usage(attempts=0), None
        feedback: str | None = None
        for _ in range(self.max_retries + 1):
            context = context_from_messages(messages, tools, feedback=feedback)
            try:
                decision = self.model.decide(context, ActionSpace.for_tools(tools))
            except InvalidModelOutput as exc:
                usage, feedback, raw = usage + (exc.usage or Usage()), exc.reason, exc.raw
                continue
            action, raw, usage = decision.action, decision.raw, usage + decision.usage
            break
        error = None
        if action is None:
            error = f"no valid action after {self.max_retries + 1} replies: {feedback}"
            self.error = error
        self.steps.append(
            Step(
                index=len(self.steps) + 1,
                observation=context.observation if context else Observation(),
                action=action,
                error=error,
                raw_output=raw,
                usage=usage,
                timings=Timings(decide=time.perf_counter() - started),
            )
        )
        message = assistant_message(action, len(self.steps))
        return query, runtime, env, [*messages, message], dict(extra_args or {})

    def tools(self, runtime: Any) -> tuple[ToolSpec, ...]:
        """The runtime's functions as ``ToolSpec`` s (converted once per set of tool names)."""
        key = tuple(runtime.functions)
        if key not in self._specs:
            self._specs = {key: tuple(tool_spec(f) for f in runtime.functions.values())}
        return self._specs[key]


def openlam_pipeline(element: OpenlamElement, *, max_rounds: int = MAX_TOOL_ROUNDS) -> Any:
    """AgentDojo's tool-calling pipeline with ``element`` as its LLM."""
    loop = ToolsExecutionLoop([ToolsExecutor(), element], max_iters=max_rounds)
    pipeline = AgentPipeline([InitQuery(), element, loop])
    pipeline.name = PIPELINE_NAME
    return pipeline
