"""Smart home: every template's experts through the real GUI (Chromium) and the API; seeding,
checks that fail, and bad API requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, Outcome, SandboxServer, TaskTemplate, World
from openlam.sandbox.apps import smarthome

pytestmark = pytest.mark.integration

TEMPLATES = smarthome.TEMPLATES


def test_there_are_enough_templates_of_every_kind() -> None:
    assert len(TEMPLATES) >= 13
    assert {"act", "info", "ask", "confirm", "refuse"} <= {t.kind for t in TEMPLATES}
    assert {"single", "multi"} <= {t.tier for t in TEMPLATES}
    assert {t.split for t in TEMPLATES} == {"train", "test"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_api_expert_solves_the_template(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (21, 22):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_gui_expert_solves_the_template(
    server: SandboxServer, browser: Any, template: TaskTemplate
) -> None:
    layout: Layout = "a" if TEMPLATES.index(template) % 2 == 0 else "b"
    episode = run_gui_episode(server, template, 23, layout, browser=browser)
    assert episode.result.ok, f"{template.id}@23/{layout}: {episode.result.reason}"
    assert episode.steps >= 1


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_doing_nothing_fails_unless_refusing(template: TaskTemplate) -> None:
    world = World([smarthome.SPEC])
    world.reset(5)
    instance = template.instantiate(5, world.snapshot())
    result = template.check(instance.params, world.snapshot(), Outcome("no idea"))
    assert result.ok == (template.kind == "refuse"), result.reason


def test_same_seed_same_home_and_same_intents() -> None:
    one, two = World([smarthome.SPEC]), World([smarthome.SPEC])
    one.reset(7, "b")
    two.reset(7, "b")
    assert one.snapshot() == two.snapshot()
    for template in TEMPLATES:
        a = template.instantiate(7, one.snapshot())
        b = template.instantiate(7, two.snapshot())
        assert (a.intent, a.params, a.user_reply) == (b.intent, b.params, b.user_reply)
    two.reset(8)
    assert one.snapshot() != two.snapshot()


def test_bad_requests_get_a_4xx_and_change_nothing(server: SandboxServer) -> None:
    server.world.reset(9)
    before = server.world.snapshot()
    with httpx.Client(base_url=server.url + "/api/smarthome", timeout=10) as client:
        lock = next(d for d in client.get("/devices", params={"kind": "lock"}).json())
        light = next(d for d in client.get("/devices", params={"kind": "light"}).json())
        cases = [
            client.get("/devices/9999"),
            client.patch("/devices/9999", json={"power": True}),
            client.patch(f"/devices/{lock['id']}", json={"brightness": 40}),
            client.patch(f"/devices/{light['id']}", json={"brightness": 400}),
            client.patch(f"/devices/{light['id']}", json={"colour": "red"}),
            client.patch(f"/devices/{light['id']}", json={}),
            client.patch(
                f"/devices/{light['id']}",
                content=b"{not json",
                headers={"content-type": "application/json"},
            ),
            client.post("/scenes/9999/activate"),
            client.put("/vacation", json={"away": "2026-12-20", "back": "2026-12-10"}),
            client.put("/vacation", json={"away": "soon", "back": "2026-12-10"}),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]
    assert server.world.snapshot() == before


def test_gui_errors_come_back_as_a_message_and_change_nothing(server: SandboxServer) -> None:
    server.world.reset(9)
    before = server.world.snapshot()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        page = client.post(
            "/smarthome/devices/1",
            data={"brightness": "0", "back": "/smarthome/room/living-room"},
            follow_redirects=True,
        )
    assert page.status_code == 200
    assert "brightness must be from 1 to 100" in page.text
    assert server.world.snapshot() == before
