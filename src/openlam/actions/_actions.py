"""The typed actions a model may choose, with their policy metadata."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from openlam.actions._tools import ToolCall

Risk = Literal["none", "low", "medium", "high"]


@dataclass(frozen=True)
class ActionMeta:
    """Policy metadata carried by an action type (read by safety policies and prompts)."""

    name: str
    risk: Risk
    reversible: bool
    example: str


class BaseAction(BaseModel):
    """Common base of every action: immutable, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    meta: ClassVar[ActionMeta]

    def describe(self) -> str:
        """One compact line for histories and traces, e.g. ``click [3]``."""
        fields = self.model_dump(exclude={"action"}, exclude_defaults=True)
        parts = [f"{k}={v!r}" for k, v in fields.items()]
        return f"{self.meta.name}({', '.join(parts)})"


_A = TypeVar("_A", bound=type[BaseAction])
_REGISTRY: dict[str, type[BaseAction]] = {}


def action(*, risk: Risk = "low", reversible: bool = True, example: str) -> Callable[[_A], _A]:
    """Register an action type with its risk level, reversibility and a prompt example."""

    def register(cls: _A) -> _A:
        name = cls.__pydantic_fields__["action"].default
        if not isinstance(name, str):
            raise TypeError(f"{cls.__name__} needs a literal default for its 'action' field")
        cls.meta = ActionMeta(name=name, risk=risk, reversible=reversible, example=example)
        _REGISTRY[name] = cls
        return cls

    return register


def registered_actions() -> dict[str, type[BaseAction]]:
    """Every registered action type by its ``action`` name."""
    return dict(_REGISTRY)


ElementIndex = Annotated[int, Field(ge=1, description="index of an element in the observation")]


@action(example='{"action":"click","element":3}')
class Click(BaseAction):
    """Click the element with this index."""

    action: Literal["click"] = "click"
    element: ElementIndex


@action(example='{"action":"type","element":2,"text":"hello","submit":false}')
class TypeText(BaseAction):
    """Replace the text of an input with ``text``; ``submit`` presses Enter afterwards."""

    action: Literal["type"] = "type"
    element: ElementIndex
    text: Annotated[str, Field(max_length=300)]
    submit: bool = False


@action(example='{"action":"select","element":4,"option":"Blue"}')
class Select(BaseAction):
    """Choose the option with this label in a dropdown."""

    action: Literal["select"] = "select"
    element: ElementIndex
    option: Annotated[str, Field(max_length=200)]


@action(example='{"action":"press","key":"Enter"}')
class PressKey(BaseAction):
    """Press a key (or chord like ``Control+A``) on the focused element."""

    action: Literal["press"] = "press"
    key: Annotated[str, Field(min_length=1, max_length=40)]


@action(risk="none", example='{"action":"scroll","direction":"down"}')
class Scroll(BaseAction):
    """Scroll the page, or the element with this index, up or down by most of a screen."""

    action: Literal["scroll"] = "scroll"
    direction: Literal["up", "down"]
    element: ElementIndex | None = None


@action(risk="medium", example='{"action":"goto","url":"https://example.org"}')
class GoTo(BaseAction):
    """Open a URL in the current tab."""

    action: Literal["goto"] = "goto"
    url: Annotated[str, Field(min_length=1)]


@action(risk="none", example='{"action":"wait","seconds":1}')
class Wait(BaseAction):
    """Wait for the page to change (content that loads after a delay)."""

    action: Literal["wait"] = "wait"
    seconds: Annotated[float, Field(ge=0.1, le=10)] = 1.0


@action(risk="none", example='{"action":"ask_user","question":"Which date?"}')
class AskUser(BaseAction):
    """Ask the person a question when the task is ambiguous or information is missing."""

    action: Literal["ask_user"] = "ask_user"
    question: Annotated[str, Field(min_length=1, max_length=300)]


@action(risk="none", example='{"action":"finish","answer":"done"}')
class Finish(BaseAction):
    """Stop: the task is done (or cannot be done); ``answer`` reports the result."""

    action: Literal["finish"] = "finish"
    answer: Annotated[str, Field(max_length=500)] = ""


@action(
    risk="medium",
    reversible=False,
    example='{"action":"call_tool","calls":[{"name":"get_weather","arguments":{"city":"Paris"}}]}',
)
class CallTool(BaseAction):
    """Call one or more tools (several independent calls may go in one step)."""

    action: Literal["call_tool"] = "call_tool"
    calls: Annotated[tuple[ToolCall, ...], Field(min_length=1, max_length=16)]

    def describe(self) -> str:
        """The calls in compact form, e.g. ``call_tool(get_weather(city="Paris"))``."""
        return f"call_tool({'; '.join(call.describe() for call in self.calls)})"


Action = Annotated[
    Click | TypeText | Select | PressKey | Scroll | GoTo | Wait | AskUser | Finish | CallTool,
    Field(discriminator="action"),
]
"""Any built-in action, discriminated by its ``action`` field."""

ELEMENT_ACTIONS: tuple[type[BaseAction], ...] = (Click, TypeText, Select)
"""Actions whose ``element`` field must name an element of the current observation."""
