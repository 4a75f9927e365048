"""Test doubles for the loop: a model that replies from a script, a page-less environment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openlam.actions import (
    Action,
    ActionResult,
    ActionSpace,
    BaseAction,
    Element,
    Observation,
    Usage,
)
from openlam.exceptions import InvalidModelOutput
from openlam.models import Context, Decision


class ScriptedModel:
    """Replies with scripted actions or raw strings, in order; raw strings are parsed like a
    real model's reply, so invalid ones raise ``InvalidModelOutput``.

    Every context it was given is kept in ``contexts`` for assertions.
    """

    def __init__(self, replies: Iterable[BaseAction | str], name: str = "scripted") -> None:
        self._replies = list(replies)
        self._name = name
        self.contexts: list[Context] = []

    @property
    def name(self) -> str:
        """The name recorded in traces."""
        return self._name

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The next scripted reply, validated against ``space``."""
        self.contexts.append(context)
        if not self._replies:
            raise InvalidModelOutput("the script has no more replies", "", Usage())
        reply = self._replies.pop(0)
        raw = reply if isinstance(reply, str) else reply.model_dump_json()
        usage = Usage(prompt_tokens=len(raw), completion_tokens=1)
        return Decision(action=space.parse(raw, usage), raw=raw, usage=usage)

    def close(self) -> None:
        """Nothing to release."""


class PagesEnvironment:
    """An environment without a browser: it shows scripted observations in turn and records
    the actions it was asked to execute. For unit tests of the loop only."""

    def __init__(self, pages: Sequence[Observation] | None = None) -> None:
        self.pages = list(pages or [default_page()])
        self.executed: list[Action] = []
        self.resets = 0
        self._cursor = 0

    def reset(self) -> None:
        """Back to the first page."""
        self.resets += 1
        self._cursor = 0

    def observe(self) -> Observation:
        """The current scripted page."""
        return self.pages[min(self._cursor, len(self.pages) - 1)]

    def screenshot(self) -> bytes | None:
        """A tiny fake PNG signature, enough for trace storage tests."""
        return b"\x89PNG\r\n\x1a\n"

    def action_space(self, observation: Observation) -> ActionSpace:
        """Every web action, on the indices of the current page."""
        return ActionSpace.for_observation(observation)

    def execute(self, action: Action) -> ActionResult:
        """Record the action and move to the next scripted page."""
        self.executed.append(action)
        self._cursor += 1
        return ActionResult(ok=True)

    def close(self) -> None:
        """Nothing to release."""


def default_page() -> Observation:
    """A small newsletter form page."""
    return Observation(
        url="https://shop.test/newsletter",
        title="Newsletter",
        elements=(
            Element(index=1, role="textbox", name="Email"),
            Element(index=2, role="button", name="Subscribe"),
        ),
        text="Subscribe to our newsletter.",
    )
