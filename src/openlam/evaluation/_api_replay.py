"""A sandbox API expert's HTTP requests, recorded and replayed as tool calls, grounded.

``RecordingClient`` stands in for the ``httpx.Client`` an API expert is given: it passes every
request to the server and keeps its method, path, query and body, with what the lookups that
could show its values (``GET`` calls, see ``ToolSet.lookups``) return just before it.
``ReplayModel`` then replays the requests as
``call_tool`` steps through the ``Runner``. Before each call it checks that every value of the
call's arguments is shown in the prompt of that step (intent, history lines, latest results,
the person's answer); when one is not, it first makes the lookup that shows it, and when no
lookup does, the step is replayed with a raw reply starting with ``UNGROUNDED`` so training
leaves it out (the example would teach guessing).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from openlam.actions import Action, ActionSpace, CallTool, Step, ToolCall, ToolSpec, Usage
from openlam.evaluation._grounding import Said, Shown, searched, unshown
from openlam.exceptions import UserError
from openlam.learning import UNGROUNDED
from openlam.models import Context, Decision, render_parts

Lookup = tuple[ToolCall, str]
"""A lookup call and the result line it gives at that point (``name: JSON``)."""
Probe = Callable[[Sequence["Request"], "Request"], tuple[Lookup, ...]]
"""The lookups worth making before a request (given the ones made so far), with their results."""


@dataclass(frozen=True)
class Request:
    """One HTTP request an expert made, with its status and the lookups available before it."""

    method: str
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    status: int = 0
    lookups: tuple[Lookup, ...] = ()

    @property
    def app(self) -> str:
        """The sandbox app of an ``/api/APP/...`` path."""
        parts = self.path.split("/")
        if len(parts) < 3 or parts[1] != "api":
            raise UserError(f"{self.method} {self.path} is not a sandbox API path (/api/APP/...)")
        return parts[2]


class RecordingClient:
    """An ``httpx.Client`` stand-in that sends each request and records it (JSON bodies only).

    ``probe`` is called before each request with the ones made so far; what it returns is
    kept with the request (the lookups a replay may insert before it).
    """

    def __init__(self, client: httpx.Client, probe: Probe | None = None) -> None:
        self._client = client
        self._probe = probe
        self.requests: list[Request] = []

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and record it."""
        unsupported = sorted(set(kwargs) - {"params", "json", "timeout"})
        if unsupported:
            raise UserError(
                f"the API expert passed {', '.join(unsupported)} to {method} {url}: only "
                "params= and json= can be replayed as tool calls"
            )
        parts = urlsplit(url)
        query: dict[str, Any] = dict(parse_qsl(parts.query))
        query.update(dict(kwargs.get("params") or {}))
        pending = Request(method.upper(), parts.path, query, kwargs.get("json"))
        lookups = self._probe(self.requests, pending) if self._probe is not None else ()
        response = self._client.request(
            method, url, params=kwargs.get("params"), json=kwargs.get("json")
        )
        self.requests.append(replace(pending, status=response.status_code, lookups=lookups))
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        """``GET``."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        """``POST``."""
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        """``PUT``."""
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> httpx.Response:
        """``PATCH``."""
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        """``DELETE``."""
        return self.request("DELETE", url, **kwargs)


# ---- replay ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One planned step: an action, and for a call the lookups that may show its values."""

    action: Action
    lookups: tuple[Lookup, ...] = ()


@dataclass
class GroundingReport:
    """What the replay did to keep calls grounded."""

    lookups: int = 0
    ungrounded: list[str] = field(default_factory=list)


class ReplayModel:
    """Replays planned moves in order through the ``Model`` protocol, inserting lookups.

    Decisions do no I/O: which lookup shows a value is known from what it showed when the
    expert ran (``Move.lookups``); whether the call is grounded is checked on the real prompt.
    """

    def __init__(
        self,
        moves: Sequence[Move],
        tools: Sequence[ToolSpec],
        said: Said,
        collections: Mapping[str, str] | None = None,
    ) -> None:
        self._moves = list(moves)
        self._tools = {t.name: t for t in tools}
        self._said = said
        self._collections = dict(collections or {})
        self._next = 0
        self._looked_up = False
        self.report = GroundingReport()

    @property
    def name(self) -> str:
        """``policy:expert``."""
        return "policy:expert"

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """The next move, or first the lookup that shows what its call needs."""
        if context.feedback is not None:
            raise UserError(f"the replayed expert step was rejected: {context.feedback}")
        if self._next >= len(self._moves):
            return _decision(space, {"action": "finish", "answer": ""})
        move = self._moves[self._next]
        data = move.action.model_dump(mode="json")
        missing = self._missing(move.action, self._shown(context, space))
        if missing and not self._looked_up:
            self._looked_up = True
            calls = self._lookup_for(move, context, space)
            if calls:
                self.report.lookups += 1
                return _decision(space, CallTool(calls=calls).model_dump(mode="json"))
        self._next, self._looked_up = self._next + 1, False
        if missing:
            reason = f"{move.action.describe()[:80]}: {', '.join(map(str, missing))[:120]}"
            self.report.ungrounded.append(reason)
            raw = json.dumps(data, ensure_ascii=False)
            return Decision(space.parse(raw), f"{UNGROUNDED}{', '.join(missing)} | {raw}", Usage())
        return _decision(space, data)

    def close(self) -> None:
        """Nothing to release."""

    def _shown(self, context: Context, space: ActionSpace) -> Shown:
        """What the model reads of the task at this step: the intent, the history and the
        latest results; about the task's words and those of the latest search."""
        parts = render_parts(context, space)
        last = context.history[-1].action if context.history else None
        latest = searched(last.calls) if isinstance(last, CallTool) else ()
        return Shown(
            f"{parts.task}\n{parts.current}",
            collections=self._collections,
            topic=(*self._said.topic, *latest),
        )

    def _missing(self, action: Action, shown: Shown) -> list[str]:
        if not isinstance(action, CallTool):
            return []
        hidden = self._said.hidden
        return [m for c in action.calls for m in unshown(c, self._tools[c.name], shown, hidden)]

    def _lookup_for(self, move: Move, context: Context, space: ActionSpace) -> tuple[ToolCall, ...]:
        """The fewest lookups (one or two) whose results show every value the call needs;
        the prompt after them is rendered as the runtime will render it."""
        now = self._shown(context, space)
        usable = [(c, line) for c, line in move.lookups if not self._missing(_calls(c), now)]
        usable.sort(key=lambda lookup: len(lookup[1]))  # a narrow search before a long list
        for size in (1, 2):
            for group in combinations(usable, size):
                lines = "\n".join(line for _, line in group)
                after = replace(
                    context, observation=context.observation.model_copy(update={"text": lines})
                )
                step = Step(
                    index=len(context.history) + 1,
                    observation=context.observation,
                    action=_calls(*(c for c, _ in group)),
                )
                after = replace(after, history=(*context.history, step))
                if not self._missing(move.action, self._shown(after, space)):
                    return tuple(call for call, _ in group)
        return ()


def _calls(*calls: ToolCall) -> CallTool:
    return CallTool(calls=calls)


def _decision(space: ActionSpace, data: dict[str, Any]) -> Decision:
    raw = json.dumps(data, ensure_ascii=False)
    return Decision(space.parse(raw), raw, Usage())
