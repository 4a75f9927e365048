"""``ToolEnvironment``: runs ``call_tool`` actions against Python callables."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openlam.actions import (
    Action,
    ActionResult,
    ActionSpace,
    CallTool,
    Observation,
    ToolCall,
    ToolSpec,
)
from openlam.exceptions import UserError

RESULT_CHARS = 4000
"""Characters of one call's result kept (a huge return value would flood the prompt)."""


@dataclass(frozen=True)
class Tool:
    """A tool the model may call: its spec and the Python callable that runs it.

    The callable receives the call's arguments as keyword arguments; its return value is shown
    to the model as JSON (``str()`` for values JSON cannot hold).
    """

    spec: ToolSpec
    function: Callable[..., Any]

    @property
    def name(self) -> str:
        """The tool's name, as the model calls it."""
        return self.spec.name


class ToolEnvironment:
    """An ``Environment`` whose actions are calls of Python functions.

    A call that names no tool, has arguments that do not fit the schema, or whose function
    raises becomes an error line in the results the model reads; it never ends the run.
    ``reset`` forgets the last results only: the functions' own state is theirs to reset.
    """

    def __init__(self, tools: Sequence[Tool]) -> None:
        names = [tool.name for tool in tools]
        if len(set(names)) != len(names):
            repeated = sorted({n for n in names if names.count(n) > 1})
            raise UserError(f"tool names must be unique; repeated: {', '.join(repeated)}")
        self._tools = {tool.name: tool for tool in tools}
        self._specs = tuple(tool.spec for tool in tools)
        self._results = ""

    @property
    def tools(self) -> tuple[ToolSpec, ...]:
        """The specs of every tool, in the order given."""
        return self._specs

    def reset(self) -> None:
        """Forget the results of earlier calls."""
        self._results = ""

    def observe(self) -> Observation:
        """The tools and the results of the last ``call_tool``."""
        return Observation(tools=self._specs, text=self._results)

    def screenshot(self) -> bytes | None:
        """Tools have no picture."""
        return None

    def action_space(self, observation: Observation) -> ActionSpace:
        """``call_tool`` on these tools, ``finish`` and ``ask_user``."""
        return ActionSpace.for_tools(self._specs)

    def execute(self, action: Action) -> ActionResult:
        """Run every call of a ``call_tool`` in order; one line of result (or error) per call."""
        if not isinstance(action, CallTool):
            return ActionResult(
                ok=False,
                error=f"{action.action} does not apply here: this environment only runs "
                "call_tool (plus finish and ask_user)",
            )
        lines, errors = [], []
        for call in action.calls:
            output, failed = self._run(call)
            lines.append(f"{call.name}: {'error: ' if failed else ''}{output}")
            if failed:
                errors.append(f"{call.name}: {output}")
        self._results = "\n".join(lines)
        return ActionResult(ok=not errors, error="; ".join(errors) or None, message=self._results)

    def close(self) -> None:
        """Nothing to release."""

    def _run(self, call: ToolCall) -> tuple[str, bool]:
        """The call's result as text, and whether it failed."""
        tool = self._tools.get(call.name)
        if tool is None:
            return f"there is no tool {call.name!r}; tools: {', '.join(self._tools)}", True
        problem = tool.spec.check(call.arguments)
        if problem:
            return problem, True
        try:
            value = tool.function(**call.arguments)
        except Exception as exc:  # the tool's failure is something for the model to read
            return f"{type(exc).__name__}: {exc}", True
        return _render(value), False


def _render(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= RESULT_CHARS else text[:RESULT_CHARS] + " ...(cut)"
