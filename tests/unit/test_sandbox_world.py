"""The sandbox world without a browser: seeding, reset, the control API and bad requests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from openlam.sandbox import create_app, new_world, templates
from openlam.sandbox.apps import MODULES


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def test_same_seed_same_world_and_same_intents() -> None:
    one, two = new_world(), new_world()
    one.reset(42)
    two.reset(42)
    assert one.snapshot() == two.snapshot()
    for template in templates().values():
        a = template.instantiate(42, one.snapshot())
        b = template.instantiate(42, two.snapshot())
        assert (a.intent, a.params) == (b.intent, b.params)
    two.reset(43)
    assert one.snapshot() != two.snapshot()


def test_reset_leaves_nothing_behind(client: TestClient) -> None:
    client.post("/_sandbox/reset", json={"seed": 5})
    before = client.get("/_sandbox/state").json()
    first = client.get("/api/restaurants/restaurants").json()[0]
    booked = client.post(
        "/api/restaurants/reservations",
        json={
            "restaurant_id": first["id"],
            "date": "2026-12-10",
            "time": "19:00",
            "party": 2,
            "name": "Test Person",
        },
    )
    assert booked.status_code == 201
    assert client.get("/_sandbox/state").json() != before
    client.post("/_sandbox/reset", json={"seed": 5})
    assert client.get("/_sandbox/state").json() == before


def test_bad_requests_get_clear_4xx_and_change_nothing(client: TestClient) -> None:
    client.post("/_sandbox/reset", json={"seed": 9})
    before = client.get("/_sandbox/state").json()
    rid = before["restaurants"]["restaurants"][0]["id"]
    cases = [
        client.get("/api/restaurants/restaurants/999999"),
        client.post("/api/restaurants/reservations", json={"restaurant_id": rid}),
        client.post(
            "/api/restaurants/reservations",
            content=b"{not json",
            headers={"content-type": "application/json"},
        ),
        client.post(
            "/api/restaurants/reservations",
            json={
                "restaurant_id": rid,
                "date": "tomorrow",
                "time": "19:00",
                "party": 2,
                "name": "X",
            },
        ),
        client.post("/api/restaurants/reservations/NOPE/cancel"),
        client.post("/_sandbox/reset", json={"seed": -1}),
        client.post("/_sandbox/reset", json={"seed": 1, "layout": "c"}),
        client.get("/_sandbox/state/nope"),
    ]
    for response in cases:
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["detail"]
    assert client.get("/_sandbox/state").json() == before


def test_every_app_serves_a_gui_an_openapi_spec_and_both_layouts(client: TestClient) -> None:
    for layout in ("a", "b"):
        client.post("/_sandbox/reset", json={"seed": 1, "layout": layout})
        for module in MODULES:
            name = module.SPEC.name
            page = client.get(f"/{name}/")
            assert page.status_code == 200
            assert module.SPEC.title in page.text
            spec = client.get(f"/api/{name}/openapi.json").json()
            assert spec["paths"], f"{name} API has no operations"


def test_templates_are_split_and_cover_every_kind() -> None:
    known = templates()
    assert {t.split for t in known.values()} == {"train", "test"}
    for module in MODULES:
        kinds = {t.kind for t in module.TEMPLATES}
        assert {"act", "ask", "confirm", "refuse"} <= kinds, module.SPEC.name
        assert all(t.id.startswith(module.SPEC.name + "/") for t in module.TEMPLATES)
