"""Observation, result and step records: the trajectory that everything else derives from."""

from __future__ import annotations

import hashlib
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from openlam.actions._actions import Action, CallTool
from openlam.actions._tools import ToolSpec
from openlam.actions._urls import shown_url

HISTORY_RESULT_CHARS = 300
"""Characters of a tool call's results kept in the history line of its step."""


class Element(BaseModel):
    """One interactive element as the model sees it; its handle stays with the environment."""

    model_config = ConfigDict(frozen=True)

    index: int
    role: str
    name: str = ""
    value: str | None = None
    states: tuple[str, ...] = ()
    options: tuple[str, ...] = ()

    def render(self) -> str:
        """Compact one-line form, e.g. ``[3] textbox "Email" value="a@b.c" focused``."""
        line = f"[{self.index}] {self.role}"
        if self.name:
            line += f' "{self.name}"'
        if self.value:
            line += f' value="{self.value}"'
        if self.states:
            line += " " + " ".join(self.states)
        if self.options:
            line += " options: " + " | ".join(self.options)
        return line


class Observation(BaseModel):
    """What the environment shows after a step, in the compact form the model reads."""

    model_config = ConfigDict(frozen=True)

    url: str = ""
    title: str = ""
    elements: tuple[Element, ...] = ()
    text: str = ""
    hidden_elements: int = Field(
        0, description="interactive elements not listed (off screen or over the size budget)"
    )
    tools: tuple[ToolSpec, ...] = Field(
        (), description="tools the model may call (a tool environment); none on a web page"
    )

    def render(self) -> str:
        """The text view given to the model: the page (its address as ``shown_url`` gives it),
        or the latest tool results."""
        if self.tools:
            return self.text or "(no tool called yet)"
        lines = [f"URL: {shown_url(self.url)}", f"Title: {self.title}", "Elements:"]
        lines += [e.render() for e in self.elements] or ["(none)"]
        if self.hidden_elements:
            lines.append(f"({self.hidden_elements} more elements not listed: scroll to see them)")
        if self.text:
            lines += ["Text:", self.text]
        return "\n".join(lines)

    def fingerprint(self) -> str:
        """A short hash of the rendered view; equal fingerprints mean an unchanged page."""
        return hashlib.sha256(self.render().encode()).hexdigest()[:16]

    def element(self, index: int) -> Element | None:
        """The element with this index, if the observation has it."""
        return next((e for e in self.elements if e.index == index), None)


class ActionResult(BaseModel):
    """What executing one action did; ``error`` is written for the model to read."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    error: str | None = None
    message: str = ""
    awaiting_user: bool = False
    """True when the run must pause until a person answers (``ask_user`` with nobody to ask)."""


class Usage(BaseModel):
    """Model cost of one decision.

    ``prompt_tokens`` counts the whole prompt; ``cached_tokens`` is the part of it reused from a
    cache (the KV cache of the embedded model, a provider's prompt cache) rather than evaluated.
    """

    model_config = ConfigDict(frozen=True)

    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    attempts: int = 1

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=self.seconds + other.seconds,
            attempts=self.attempts + other.attempts,
        )


class Timings(BaseModel):
    """Seconds spent in each phase of one step."""

    model_config = ConfigDict(frozen=True)

    observe: float = 0.0
    decide: float = 0.0
    execute: float = 0.0


class Step(BaseModel):
    """One observe → decide → execute cycle of a run."""

    model_config = ConfigDict(frozen=True)

    index: int
    observation: Observation
    action: Annotated[Action | None, Field(description="None when the model gave no valid action")]
    result: ActionResult | None = None
    error: str | None = None
    raw_output: str = ""
    usage: Usage = Usage()
    timings: Timings = Timings()
    screenshot: str | None = None

    def describe(self) -> str:
        """One line for the history shown to the model: action and outcome."""
        if self.action is None:
            return f"{self.index}. (no valid action: {self.error})"
        outcome = "ok"
        index = getattr(self.action, "element", None)
        element = self.observation.element(index) if isinstance(index, int) else None
        target = f' on {element.role} "{element.name}"' if element and element.name else ""
        if isinstance(self.action, CallTool) and self.result is not None:
            outcome = _shorten(self.result.message or self.result.error or "", HISTORY_RESULT_CHARS)
        elif self.result is not None and not self.result.ok:
            outcome = f"failed: {self.result.error}"
        elif self.result is not None and self.result.message:
            outcome = self.result.message
        return f"{self.index}. {self.action.describe()}{target} -> {outcome}"


def _shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with a marker saying so."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 12].rstrip() + " ...(cut)"
