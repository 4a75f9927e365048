"""Calendar: every template's experts through the real GUI (Chromium) and the API; seeding,
checks that fail, and bad API requests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import Layout, Outcome, SandboxServer, TaskTemplate, World
from openlam.sandbox.apps import calendar

pytestmark = pytest.mark.integration

TEMPLATES = calendar.TEMPLATES


def test_there_are_enough_templates_of_every_kind() -> None:
    assert len(TEMPLATES) >= 13
    assert {"act", "info", "ask", "confirm", "refuse"} <= {t.kind for t in TEMPLATES}
    assert {"single", "multi"} <= {t.tier for t in TEMPLATES}
    assert {t.split for t in TEMPLATES} == {"train", "test"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_api_expert_solves_the_template(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (31, 32):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_gui_expert_solves_the_template(
    server: SandboxServer, browser: Any, template: TaskTemplate
) -> None:
    layout: Layout = "a" if TEMPLATES.index(template) % 2 == 0 else "b"
    episode = run_gui_episode(server, template, 33, layout, browser=browser)
    assert episode.result.ok, f"{template.id}@33/{layout}: {episode.result.reason}"
    assert episode.steps >= 1


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_doing_nothing_fails_unless_refusing(template: TaskTemplate) -> None:
    world = World([calendar.SPEC])
    world.reset(5)
    instance = template.instantiate(5, world.snapshot())
    result = template.check(instance.params, world.snapshot(), Outcome("no idea"))
    assert result.ok == (template.kind == "refuse"), result.reason


def test_the_free_hour_is_unique_by_construction() -> None:
    template = next(t for t in TEMPLATES if t.id == "calendar/free-hour")
    world = World([calendar.SPEC])
    for seed in range(20):
        world.reset(seed)
        instance = template.instantiate(seed, world.snapshot())
        snap = world.snapshot()
        answer = Outcome(f"{instance.params['time']} to one hour later")
        assert template.check(instance.params, snap, answer).ok
        assert not template.check(instance.params, snap, Outcome("08:00")).ok


def test_same_seed_same_calendar_and_same_intents() -> None:
    one, two = World([calendar.SPEC]), World([calendar.SPEC])
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
    events = before["calendar"]["events"]
    mine = next(e["id"] for e in events if e["response"] == "organizer")
    invited = next(e["id"] for e in events if e["response"] == "pending")
    good = {"title": "X", "date": "2026-12-10", "start": "10:00", "end": "11:00"}
    with httpx.Client(base_url=server.url + "/api/calendar", timeout=10) as client:
        cases = [
            client.get("/events/9999"),
            client.patch("/events/9999", json={"title": "Y"}),
            client.delete("/events/9999"),
            client.post("/events", json={"title": "X"}),
            client.post("/events", json={**good, "end": "09:00"}),
            client.post("/events", json={**good, "date": "next Tuesday"}),
            client.post("/events", json={**good, "start": "10:15"}),
            client.post("/events", json={**good, "attendees": ["Ann", "Sam Taylor"]}),
            client.post(
                "/events", content=b"{not json", headers={"content-type": "application/json"}
            ),
            client.patch(f"/events/{invited}", json={"title": "Mine now"}),
            client.delete(f"/events/{invited}"),
            client.post(f"/invitations/{mine}/respond", json={"response": "accepted"}),
            client.post(f"/invitations/{invited}/respond", json={"response": "maybe"}),
            client.post(f"/events/{mine}/attendees", json={"name": ""}),
            client.post("/days/2026-13-45/clear"),
        ]
    for response in cases:
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]
    assert server.world.snapshot() == before


def test_gui_errors_come_back_as_a_message_and_change_nothing(server: SandboxServer) -> None:
    server.world.reset(9)
    before = server.world.snapshot()
    form = {"title": "Late", "date": "2026-12-10", "start": "12:00", "end": "11:00"}
    with httpx.Client(base_url=server.url, timeout=10) as client:
        page = client.post("/calendar/new", data=form, follow_redirects=True)
    assert page.status_code == 200
    assert "must end after it starts" in page.text
    assert server.world.snapshot() == before
