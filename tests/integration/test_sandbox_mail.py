"""The mail sandbox app on a live server: every template's experts (API and GUI) pass their
checks, the same seed gives the same world and task, and bad API input changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, Outcome, SandboxServer, TaskTemplate, templates

pytestmark = pytest.mark.integration

MAIL: list[TaskTemplate] = [t for tid, t in templates().items() if tid.startswith("mail/")]


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    """An HTTP client on a freshly reset world (seed 1)."""
    server.world.reset(1, "a")
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def test_the_suite_has_every_kind_and_both_splits() -> None:
    kinds = {t.kind for t in MAIL}
    assert len(MAIL) >= 13
    assert {"act", "info", "ask", "confirm", "refuse"} <= kinds
    assert {"single", "multi"} <= {t.tier for t in MAIL}
    tests = sum(t.split == "test" for t in MAIL)
    assert 0.2 <= tests / len(MAIL) <= 0.4


@pytest.mark.parametrize("template", MAIL, ids=lambda t: t.id)
def test_api_expert_passes_the_check(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (1, 2):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("template", MAIL, ids=lambda t: t.id)
def test_doing_nothing_fails_unless_refusing(server: SandboxServer, template: TaskTemplate) -> None:
    server.world.reset(3, "a")
    instance = template.instantiate(3, server.world.snapshot())
    result = template.check(instance.params, server.world.snapshot(), Outcome(answer=""))
    assert result.ok is (template.kind == "refuse"), result.reason


@pytest.mark.parametrize("number", range(len(MAIL)), ids=[t.id for t in MAIL])
def test_gui_expert_passes_the_check(server: SandboxServer, browser: Browser, number: int) -> None:
    template = MAIL[number]
    layout: Layout = "a" if number % 2 == 0 else "b"  # each layout gets half of the templates
    episode = run_gui_episode(server, template, 4, layout, browser=browser)
    assert episode.result.ok, f"{template.id} ({layout}): {episode.result.reason}"


def test_same_seed_gives_the_same_world_and_task(server: SandboxServer) -> None:
    def sample(seed: int) -> tuple[Any, list[str]]:
        server.world.reset(seed, "a")
        snap = server.world.snapshot()
        return snap["mail"], [t.instantiate(seed, snap).intent for t in MAIL]

    first, again, other = sample(7), sample(7), sample(8)
    assert first == again
    assert first[0] != other[0]


def _state(client: httpx.Client) -> Any:
    return client.get("/_sandbox/state/mail").json()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/mail/messages/999", None, 404),
        ("patch", "/api/mail/messages/999", {"starred": True}, 404),
        ("post", "/api/mail/messages/999/reply", {"body": "hi"}, 404),
        ("post", "/api/mail/messages/999/forward", {"to": "a@b.example"}, 404),
        ("post", "/api/mail/messages/999/trash", None, 404),
        ("post", "/api/mail/trash", {"ids": [1, 2, 999]}, 404),
        ("post", "/api/mail/trash", {"ids": []}, 422),
        ("post", "/api/mail/trash", {"ids": "all"}, 422),
        ("post", "/api/mail/messages", {"subject": "no recipient"}, 422),
        (
            "post",
            "/api/mail/messages",
            {"to": "a@b.example", "subject": "x", "priority": "Max"},
            422,
        ),
        ("post", "/api/mail/messages", {"to": "not an address", "subject": "x"}, 409),
        ("post", "/api/mail/messages/1/forward", {"to": "a@b.example, nope"}, 409),
        ("post", "/api/mail/messages/1/reply", {"body": ""}, 422),
        ("post", "/api/mail/messages/1/restore", None, 409),
        ("get", "/api/mail/messages?folder=spam", None, 422),
        ("get", "/api/mail/messages?since=last-week", None, 422),
    ],
)
def test_bad_api_input_is_refused_and_changes_nothing(
    client: httpx.Client, method: str, path: str, body: Any, status: int
) -> None:
    before = _state(client)
    response = client.request(method.upper(), path, json=body)
    assert response.status_code == status, response.text
    assert _state(client) == before


def test_trashed_messages_cannot_be_answered(client: httpx.Client) -> None:
    client.post("/api/mail/messages/1/trash").raise_for_status()
    before = _state(client)
    for action, body in (("reply", {"body": "hi"}), ("forward", {"to": "a@b.example"})):
        response = client.post(f"/api/mail/messages/1/{action}", json=body)
        assert response.status_code == 409
    assert client.patch("/api/mail/messages/1", json={"starred": True}).status_code == 409
    assert _state(client) == before
