"""The CRM sandbox app end to end: every expert through the API and the GUI, seeding, and
bad API input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import LAYOUTS, SandboxServer, TaskTemplate, templates

pytestmark = pytest.mark.integration

APP = "crm"
TEMPLATES = [t for t in templates().values() if t.app == APP]


def test_the_app_has_every_kind_of_task() -> None:
    kinds = {t.kind for t in TEMPLATES}
    assert len(TEMPLATES) >= 13
    assert {"act", "info", "ask", "confirm", "refuse"} <= kinds
    assert {"single", "multi"} <= {t.tier for t in TEMPLATES}
    assert {"train", "test"} == {t.split for t in TEMPLATES}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_api_expert_solves_the_task(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (1, 2):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("index", range(len(TEMPLATES)), ids=[t.id for t in TEMPLATES])
def test_gui_expert_solves_the_task(server: SandboxServer, browser: Browser, index: int) -> None:
    template, layout = TEMPLATES[index], LAYOUTS[index % 2]
    episode = run_gui_episode(server, template, 3, layout, browser=browser)
    error = episode.state.error if episode.state else None
    assert episode.result.ok, f"{template.id} ({layout}): {episode.result.reason} {error or ''}"


def test_same_seed_gives_the_same_world_and_intents(server: SandboxServer) -> None:
    server.world.reset(11)
    first = server.world.snapshot()
    intents = [t.instantiate(11, first).intent for t in TEMPLATES]
    server.world.reset(12)
    other = server.world.snapshot()
    server.world.reset(11)
    again = server.world.snapshot()
    assert again[APP] == first[APP]
    assert [t.instantiate(11, again).intent for t in TEMPLATES] == intents
    assert other[APP] != first[APP]


_BAD: list[tuple[str, str, Any, int]] = [
    ("get", "/api/crm/customers/99999", None, 404),
    ("patch", "/api/crm/customers/99999", {"email": "a@b.example"}, 404),
    ("delete", "/api/crm/customers/99999", None, 404),
    ("post", "/api/crm/customers", {"name": "", "email": "x"}, 422),
    ("patch", "/api/crm/customers/1", {"email": "not an email"}, 422),
    ("patch", "/api/crm/customers/1", {"status": "vip"}, 422),
    ("post", "/api/crm/customers/1/notes", "not json", 422),
    (
        "post",
        "/api/crm/customers/bulk",
        {"ids": [1, 2, 99999], "action": "Set status", "value": "churned"},
        404,
    ),
    (
        "post",
        "/api/crm/customers/bulk",
        {"ids": [1, 2], "action": "Assign owner", "value": "Nobody"},
        422,
    ),
    ("patch", "/api/crm/deals/99999", {"stage": "Won"}, 404),
    ("patch", "/api/crm/deals/1", {"stage": "Maybe"}, 422),
    ("post", "/api/crm/shares", {"recipient": "nobody", "fields": "Names only"}, 422),
]


def test_bad_api_input_is_rejected_and_changes_nothing(server: SandboxServer) -> None:
    server.world.reset(1)
    before = server.world.snapshot()[APP]
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for method, path, body, status in _BAD:
            if isinstance(body, str):
                response = client.request(
                    method, path, content=body, headers={"content-type": "application/json"}
                )
            else:
                response = client.request(method, path, json=body)
            assert response.status_code == status, (method, path, response.text)
    assert server.world.snapshot()[APP] == before
