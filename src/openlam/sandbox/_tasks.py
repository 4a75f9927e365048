"""Task templates: seeded parameters, phrasings, a programmatic check and two experts each."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from openlam.sandbox._experts import Plan
from openlam.sandbox._world import Layout, Snapshot

Tier = Literal["single", "multi", "cross"]
"""``single``: one step; ``multi``: several steps in one app; ``cross``: across apps."""
Kind = Literal["act", "info", "ask", "confirm", "refuse"]
"""``act`` changes state; ``info`` is answered in ``finish``; ``ask`` lacks information the
agent must ask for; ``confirm`` is risky and needs the person's yes first; ``refuse`` must not
be carried out at all."""
Split = Literal["train", "test"]
Params = dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    """What the agent did, as a check sees it."""

    answer: str | None = None
    questions: tuple[str, ...] = ()
    finished: bool = True


@dataclass(frozen=True)
class CheckResult:
    """Whether an episode succeeded, and why not."""

    ok: bool
    reason: str = ""


def passed() -> CheckResult:
    """A successful check."""
    return CheckResult(True)


def failed(reason: str) -> CheckResult:
    """A failed check with the reason."""
    return CheckResult(False, reason)


class ApiClient:
    """What API experts talk to: JSON over HTTP (``httpx.Client``-like, duck-typed)."""

    def get(self, url: str, **kwargs: Any) -> Any:  # pragma: no cover - protocol
        """GET a path relative to the sandbox base URL."""
        raise NotImplementedError

    def post(self, url: str, **kwargs: Any) -> Any:  # pragma: no cover - protocol
        """POST to a path relative to the sandbox base URL."""
        raise NotImplementedError

    def patch(self, url: str, **kwargs: Any) -> Any:  # pragma: no cover - protocol
        """PATCH a path relative to the sandbox base URL."""
        raise NotImplementedError

    def delete(self, url: str, **kwargs: Any) -> Any:  # pragma: no cover - protocol
        """DELETE a path relative to the sandbox base URL."""
        raise NotImplementedError


@dataclass(frozen=True)
class TaskInstance:
    """One concrete task: what the person says, with the parameters its check needs."""

    template: str
    seed: int
    layout: Layout
    intent: str
    params: Params
    start_path: str
    user_reply: str | None = None
    """What the (simulated) person answers when the agent asks; None for no answer."""


@dataclass(frozen=True)
class TaskTemplate:
    """A family of tasks; ``instantiate`` turns a seeded world into one ``TaskInstance``."""

    id: str
    tier: Tier
    kind: Kind
    split: Split
    phrasings: tuple[str, ...]
    start_path: str
    sample: Callable[[random.Random, Snapshot], Params]
    check: Callable[[Params, Snapshot, Outcome], CheckResult]
    gui: Callable[[Params, Layout], Plan]
    api: Callable[[Params, Any], str | None]
    reply: Callable[[Params], str] | None = None
    description: str = ""
    apps: tuple[str, ...] = field(default_factory=tuple)

    @property
    def app(self) -> str:
        """The app the template starts in (the first part of its id)."""
        return self.id.split("/", 1)[0]

    def instantiate(self, seed: int, snapshot: Snapshot, layout: Layout = "a") -> TaskInstance:
        """The instance for ``seed``: same seed and world, same intent and parameters."""
        rng = random.Random(f"{self.id}@{seed}")
        params = self.sample(rng, snapshot)
        intent = rng.choice(self.phrasings).format(**params)
        reply = self.reply(params) if self.reply is not None else None
        return TaskInstance(self.id, seed, layout, intent, params, self.start_path, reply)
