"""The sandbox through its JSON APIs: each app's OpenAPI operations are tools, and an episode is
a tool-use run checked by the task's own check (suite ``sandbox-api``).

With the ``expert`` policy the template's API expert is run with a recording client, its
requests become ``call_tool`` steps, and a ``ReplayModel`` replays them through the ``Runner``
on a fresh world (asking the person first for ``ask`` tasks, before the first change for
``confirm`` ones), keeping every call's values grounded in its prompt. The trajectories are
training data of multi-step tool use; any other agent is run on the same tools and checked
the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from openlam.actions import Action, AskUser, CallTool, Finish, ToolCall
from openlam.agent import Budget, Runner, RunState, RunStatus
from openlam.environments.tools import (
    ApiOperation,
    HttpReply,
    HttpSend,
    Tool,
    ToolEnvironment,
    httpx_sender,
    openapi_operations,
)
from openlam.evaluation._api_replay import (
    GroundingReport,
    Lookup,
    Move,
    RecordingClient,
    ReplayModel,
    Request,
)
from openlam.evaluation._grounding import Said, Shown, searched, unshown
from openlam.evaluation._policies import baseline_model, perturbed
from openlam.evaluation._sandbox_suite import HELD_OUT_SEEDS
from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSpec,
    error_record,
    record_from_run,
)
from openlam.exceptions import OpenlamError, UserError
from openlam.models import Model, load_model
from openlam.sandbox import (
    Ask,
    CheckResult,
    Done,
    Outcome,
    SandboxServer,
    TaskInstance,
    TaskTemplate,
    templates,
)

SUITE = "sandbox-api"
_ANSWER_CHARS = 500
"""``finish`` answers are at most this long."""


@dataclass(frozen=True)
class ToolEpisode:
    """One checked tool-use episode over the sandbox APIs."""

    instance: TaskInstance
    result: CheckResult
    state: RunState
    apps: tuple[str, ...]
    grounding: GroundingReport | None = None
    """What the replay did to keep calls grounded (expert replays only)."""


class ToolSet:
    """The tools of some sandbox apps, and the call that makes each recorded request."""

    def __init__(self, operations: Mapping[str, Sequence[ApiOperation]], send: HttpSend) -> None:
        self._by_app = {app: tuple(ops) for app, ops in operations.items()}
        self.tools: tuple[Tool, ...] = tuple(
            op.tool(_under(f"/api/{app}", send)) for app, ops in operations.items() for op in ops
        )
        self._specs = {tool.name: tool.spec for tool in self.tools}
        self.collections = {
            op.name: op.path.strip("/").split("/")[0] for ops in operations.values() for op in ops
        }
        """Tool name -> the collection its path starts with (``devices``)."""
        self._scratch = ToolEnvironment(self.tools)  # raises UserError for repeated names

    def call_for(self, request: Request) -> ToolCall:
        """The tool call that sends ``request``; ``UserError`` when no operation matches."""
        op, arguments = self._match(request)
        required = op.spec.required()
        kept = {k: v for k, v in arguments.items() if v is not None or k in required}
        problem = op.spec.check(kept)
        if problem:
            raise UserError(f"{request.method} {request.path} as a tool call: {problem}")
        return ToolCall(name=op.name, arguments=kept)

    def lookups(self, made: Sequence[Request], pending: Request, said: Said) -> tuple[Lookup, ...]:
        """The lookups that would show a value of ``pending`` the person did not say, each
        with the result line it gives now (nothing when the person said every value)."""
        call = self.call_for(pending)
        spec = self._specs[call.name]
        said_only = Shown(said.text, collections=self.collections, topic=said.topic)
        missing = len(unshown(call, spec, said_only, said.hidden))
        if not missing:
            return ()
        found: list[Lookup] = []
        for candidate in self._candidates(made, said.named):
            line = self._scratch.execute(CallTool(calls=(candidate,))).message
            with_line = Shown(
                f"{said.text}\n{line}",
                collections=self.collections,
                topic=(*said.topic, *searched([candidate])),
            )
            if len(unshown(call, spec, with_line, said.hidden)) < missing:
                found.append((candidate, line))
        return tuple(found)

    def _candidates(self, made: Sequence[Request], named: Sequence[str]) -> list[ToolCall]:
        """Lookups to try: the expert's earlier searches (``GET`` without path parameters,
        latest first), then every ``GET`` without arguments or with one argument set to a
        value the person named."""
        calls: list[ToolCall] = []
        for request in reversed(made):
            if request.method == "GET" and request.status < 400:
                op, _ = self._match(request)
                if "{" not in op.path:
                    calls.append(self.call_for(request))
        for ops in self._by_app.values():
            for op in (o for o in ops if o.method == "GET"):
                calls += _filled(op, named)
        unique: dict[str, ToolCall] = {}
        for call in calls:
            unique.setdefault(call.describe(), call)
        return list(unique.values())

    def _match(self, request: Request) -> tuple[ApiOperation, dict[str, Any]]:
        prefix = f"/api/{request.app}"
        path = request.path.removeprefix(prefix)
        for op in self._by_app.get(request.app, ()):
            arguments = op.arguments_of(request.method, path, request.query, request.body)
            if arguments is not None:
                return op, arguments
        raise UserError(
            f"{request.method} {request.path} is no operation of the {request.app} API "
            f"(see {prefix}/openapi.json)"
        )


def _filled(op: ApiOperation, named: Sequence[str]) -> list[ToolCall]:
    """Calls of a ``GET`` with no argument, or one text argument set to each named value
    (its only required one, or any optional one when none is required)."""
    props = op.spec.parameters.get("properties", {})
    required = op.spec.required()
    texts = [
        name
        for name, prop in props.items()
        if prop.get("type") == "string"
        and "enum" not in prop
        and (not required or [name] == required)
    ]
    calls = [ToolCall(name=op.name)] if not required else []
    return calls + [ToolCall(name=op.name, arguments={a: v}) for a in texts for v in named]


def _under(prefix: str, send: HttpSend) -> HttpSend:
    """``send`` for an API mounted at ``prefix`` (its document's paths are relative to it)."""

    def sender(method: str, path: str, query: dict[str, Any], body: Any) -> HttpReply:
        return send(method, prefix + path, query, body)

    return sender


class SandboxApi:
    """The sandbox apps' APIs on one running server: OpenAPI documents read once, tool sets.

    Tool names are the same in every set: the app goes in front of each only when two apps
    of the sandbox would share a name.
    """

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.client = httpx.Client(base_url=server.url, timeout=30)
        self._send = httpx_sender(self.client)
        self._operations: dict[str, list[ApiOperation]] = {}
        self._sets: dict[tuple[str, ...], ToolSet] = {}

    def toolset(self, apps: Sequence[str]) -> ToolSet:
        """The tools of ``apps``."""
        key = tuple(apps)
        if key not in self._sets:
            every = self._every_operation()
            unknown = [a for a in key if a not in every]
            if unknown:
                raise UserError(f"the sandbox has no app {unknown[0]!r}; apps: {', '.join(every)}")
            self._sets[key] = ToolSet({app: every[app] for app in key}, self._send)
        return self._sets[key]

    def _every_operation(self) -> dict[str, list[ApiOperation]]:
        if not self._operations:
            documents = {app: self._document(app) for app in self.server.world.apps}
            plain = {app: openapi_operations(doc) for app, doc in documents.items()}
            names = [op.name for ops in plain.values() for op in ops]
            if len(set(names)) < len(names):
                plain = {app: openapi_operations(d, prefix=app) for app, d in documents.items()}
            self._operations = plain
        return self._operations

    def _document(self, app: str) -> dict[str, Any]:
        response = self.client.get(f"/api/{app}/openapi.json")
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()


def run_tool_episode(
    api: SandboxApi,
    template: TaskTemplate,
    seed: int,
    *,
    model: Model | None = None,
    budget: Budget | None = None,
    wrap: Callable[[Model], Model] | None = None,
) -> ToolEpisode:
    """Run one task over the apps' APIs as tools and check the final state.

    Without ``model`` the template's API expert is replayed (see the module docstring). The
    tools are those of the app the task starts in and of every app the API expert calls.
    ``wrap`` wraps whichever model acts (e.g. perturbations).
    """
    instance, answer, requests, said = _record(api, template, seed, lookups=model is None)
    apps = _apps(template, requests)
    tools = api.toolset(apps)
    replay = None
    if model is None:
        moves = plan_moves(template, instance, requests, answer, tools)
        specs = [t.spec for t in tools.tools]
        model = replay = ReplayModel(moves, specs, said, tools.collections)
        budget = budget or Budget(max_steps=2 * len(moves) + 4, max_seconds=300)
    state, questions = _run(api, instance, tools, wrap(model) if wrap else model, budget)
    outcome = Outcome(state.answer, tuple(questions), state.status is RunStatus.FINISHED)
    result = template.check(instance.params, api.server.world.snapshot(), outcome)
    return ToolEpisode(instance, result, state, apps, replay.report if replay else None)


def _apps(template: TaskTemplate, requests: Sequence[Request]) -> tuple[str, ...]:
    return tuple(dict.fromkeys([template.app, *template.apps, *(r.app for r in requests)]))


def _record(
    api: SandboxApi, template: TaskTemplate, seed: int, *, lookups: bool
) -> tuple[TaskInstance, str | None, list[Request], Said]:
    """Reset the world and run the API expert: its answer and requests, each with the
    lookups that would show what it needs (when ``lookups``)."""
    world = api.server.world
    world.reset(seed, "a")
    instance = template.instantiate(seed, world.snapshot(), "a")
    said = Said(instance.intent, instance.user_reply, instance.params)

    def probe(made: Sequence[Request], pending: Request) -> tuple[Lookup, ...]:
        return api.toolset(_apps(template, [*made, pending])).lookups(made, pending, said)

    client = RecordingClient(api.client, probe if lookups else None)
    answer = template.api(instance.params, client)
    return instance, answer, client.requests, said


def _run(
    api: SandboxApi,
    instance: TaskInstance,
    tools: ToolSet,
    model: Model,
    budget: Budget | None,
) -> tuple[RunState, list[str]]:
    """Reset the world and run ``model`` on the tools; the run and the questions it asked."""
    api.server.world.reset(instance.seed, instance.layout)
    questions: list[str] = []

    def ask(question: str) -> str | None:
        questions.append(question)
        return instance.user_reply

    env = ToolEnvironment(tools.tools)
    runner = Runner(model, env, budget=budget or Budget(max_steps=30, max_seconds=300), ask=ask)
    return runner.run(instance.intent), questions


def plan_moves(
    template: TaskTemplate,
    instance: TaskInstance,
    requests: Sequence[Request],
    answer: str | None,
    tools: ToolSet,
) -> list[Move]:
    """The replay's steps: one call per request, ``ask_user`` first for ``ask`` tasks and
    right before the first change for ``confirm`` ones, then ``finish`` with the answer."""
    question = _question(template, instance)
    moves: list[Move] = []
    asked = template.kind == "ask"
    if asked:
        moves.append(Move(AskUser(question=question)))
    for request in requests:
        if template.kind == "confirm" and not asked and request.method != "GET":
            moves.append(Move(AskUser(question=question)))
            asked = True
        call: Action = CallTool(calls=(tools.call_for(request),))
        moves.append(Move(call, request.lookups))
    moves.append(Move(Finish(answer=_answer(template, instance, answer))))
    return moves


def _question(template: TaskTemplate, instance: TaskInstance) -> str:
    """The question the GUI expert asks (the same words), or a plain one."""
    if template.kind not in ("ask", "confirm"):
        return ""
    for step in template.gui(instance.params, instance.layout):
        if isinstance(step, Ask):
            return step.question[:300]
    if template.kind == "confirm":
        return "This cannot be undone. Should I go ahead?"
    return "Which details should I use for this?"


def _answer(template: TaskTemplate, instance: TaskInstance, answer: str | None) -> str:
    """The expert's answer, else the GUI expert's closing words, else ``Done.``."""
    if answer:
        return answer[:_ANSWER_CHARS]
    done = [s for s in template.gui(instance.params, instance.layout) if isinstance(s, Done)]
    if done and isinstance(done[-1].answer, str) and done[-1].answer:
        return done[-1].answer[:_ANSWER_CHARS]
    return "Done."


class SandboxApiSuite:
    """Sandbox task templates over the apps' JSON APIs as tools; splits as in ``sandbox``."""

    name = SUITE

    def splits(self) -> tuple[str, ...]:
        """``test`` (held-out templates) and ``train``."""
        return ("test", "train")

    def tasks(self, split: str) -> tuple[str, ...]:
        """Template ids of ``split``."""
        if split not in self.splits():
            raise UserError(f"unknown {SUITE} split {split!r}; use one of test, train")
        return tuple(t.id for t in templates().values() if t.split == split)

    def seeds(self, split: str, task: str) -> Sequence[int]:
        """Held-out seeds 100000-100004."""
        return HELD_OUT_SEEDS

    def open(self, agent: AgentSpec) -> SandboxApiSession:
        """A sandbox server and the model for one worker."""
        return SandboxApiSession(agent)


class SandboxApiSession:
    """Runs ``sandbox-api`` episodes against one server."""

    def __init__(self, agent: AgentSpec, *, model: Model | None = None) -> None:
        self._agent = agent
        self._model = model or (load_model(agent.model) if agent.model else None)
        self._server = SandboxServer().start()
        self._api = SandboxApi(self._server)

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        """Run one episode (the expert's replay, or the agent) and check the final state."""
        started = time.monotonic()
        known = templates()
        if episode.task not in known:
            return error_record(episode, self._agent, f"unknown sandbox task {episode.task!r}")
        template = known[episode.task]
        steps = self._agent.max_steps
        try:
            ran = run_tool_episode(
                self._api,
                template,
                episode.seed,
                model=self._model or baseline_model(self._agent, episode.key),
                budget=Budget(max_steps=steps, max_seconds=300) if steps else None,
                wrap=lambda model: perturbed(model, self._agent, episode.key),
            )
        except OpenlamError as exc:
            return error_record(episode, self._agent, str(exc), time.monotonic() - started)
        return record_from_run(
            episode,
            self._agent,
            ran.state,
            success=ran.result.ok,
            seconds=time.monotonic() - started,
            detail=_detail(template, ran),
        )

    def close(self) -> None:
        """Stop the server, release the model."""
        self._api.close()
        self._server.stop()
        if self._model is not None:
            self._model.close()


def _detail(template: TaskTemplate, ran: ToolEpisode) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "group": template.app,
        "kind": template.kind,
        "apps": list(ran.apps),
        "reason": ran.result.reason,
    }
    if ran.grounding is not None:
        detail["lookups"] = ran.grounding.lookups
        detail["ungrounded"] = ran.grounding.ungrounded
        detail["grounded"] = not ran.grounding.ungrounded
    return detail
