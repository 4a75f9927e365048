"""SkyWay (the sandbox's flights app): every template's API and GUI expert succeeds, checks can
fail, seeds are deterministic, and bad API input is refused without touching the state."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openlam.environments.web import launch_chromium, playwright_driver
from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import LAYOUTS, Outcome, SandboxServer, TaskTemplate, World, templates
from openlam.sandbox.apps.flights import SPEC, TEMPLATES

pytestmark = pytest.mark.integration

FLIGHTS: list[TaskTemplate] = list(TEMPLATES)
"""The app's own templates (cross-app ones starting here are tested with the other app)."""


def test_the_app_has_every_kind_of_task() -> None:
    assert len(FLIGHTS) >= 13
    assert all(templates()[t.id] is t for t in FLIGHTS)
    kinds = {t.kind for t in FLIGHTS}
    assert {"act", "info", "ask", "confirm", "refuse"} <= kinds
    assert {"single", "multi"} <= {t.tier for t in FLIGHTS}
    assert {"train", "test"} == {t.split for t in FLIGHTS}
    assert all(len(t.phrasings) >= 2 for t in FLIGHTS)


@pytest.mark.parametrize("template", FLIGHTS, ids=lambda t: t.id)
def test_api_expert_solves_the_task(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (1, 2):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


def test_gui_experts_solve_every_task(server: SandboxServer) -> None:
    failures = []
    with playwright_driver() as pw:
        browser = launch_chromium(pw)
        try:
            for i, template in enumerate(FLIGHTS):
                layout = LAYOUTS[i % 2]
                episode = run_gui_episode(server, template, 3, layout, browser=browser)
                if not episode.result.ok:
                    state = episode.state
                    why = state.error if state is not None else ""
                    failures.append(f"{template.id} ({layout}): {episode.result.reason} {why}")
        finally:
            browser.close()
    assert not failures


def test_checks_fail_when_nothing_was_done(server: SandboxServer) -> None:
    server.world.reset(1)
    snap = server.world.snapshot()
    for template in FLIGHTS:
        params = template.instantiate(1, snap).params
        result = template.check(params, snap, Outcome(answer="", questions=()))
        assert result.ok is (template.kind == "refuse"), template.id


def test_same_seed_gives_the_same_world_and_intents() -> None:
    first, second = World([SPEC]), World([SPEC])
    first.reset(4)
    second.reset(4)
    assert first.snapshot() == second.snapshot()
    for template in FLIGHTS:
        one = template.instantiate(4, first.snapshot())
        two = template.instantiate(4, second.snapshot())
        assert (one.intent, one.params) == (two.intent, two.params)
    second.reset(5)
    assert first.snapshot() != second.snapshot()


def _bad_requests(snap: dict[str, Any]) -> list[tuple[str, str, Any, int]]:
    flights = snap["flights"]
    trip = next(b for b in flights["bookings"] if b["status"] == "confirmed")
    gone = next(b for b in flights["bookings"] if b["status"] == "cancelled")
    flight = flights["flights"][0]
    taken = flight["taken"].split(",")[0]
    me = {"first_name": "Sam", "last_name": "Taylor", "email": "sam.taylor@example.com"}
    card = {"number": "4242 4242 4242 4242", "expiry": "12/28", "cvc": "123"}
    order = {"flight_id": flight["id"], "fare": "Basic", "passengers": [me], "card": card}
    return [
        ("get", "/bookings/NOPE00", None, 404),
        ("post", "/bookings/NOPE00/cancel", None, 404),
        ("post", "/bookings", {**order, "flight_id": 999999}, 404),
        ("post", "/bookings", {"flight_id": flight["id"], "fare": "Basic"}, 422),
        ("post", "/bookings", {**order, "fare": "First"}, 422),
        ("post", "/bookings", {**order, "card": {**card, "number": "5555555555554444"}}, 402),
        ("post", "/bookings", {**order, "card": {**card, "expiry": "13/28"}}, 409),
        ("post", "/bookings", {**order, "passengers": [{**me, "seat": taken}]}, 409),
        ("post", "/bookings", {**order, "passengers": [{**me, "email": "nope"}]}, 409),
        ("post", f"/bookings/{trip['ref']}/seat", {"seat": "99Z"}, 409),
        ("post", f"/bookings/{trip['ref']}/bags", {"count": 0}, 422),
        ("post", f"/bookings/{gone['ref']}/cancel", None, 409),
        ("get", "/flights/999999/seats", None, 404),
    ]


def test_bad_api_input_is_refused_and_changes_nothing(server: SandboxServer) -> None:
    server.world.reset(1)
    before = server.world.snapshot()
    with httpx.Client(base_url=f"{server.url}/api/flights", timeout=10) as client:
        for method, path, body, status in _bad_requests(before):
            response = client.request(method, path, json=body)
            assert response.status_code == status, (path, body, response.text)
    assert server.world.snapshot() == before
