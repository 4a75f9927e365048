"""The shop sandbox app: every template's API and GUI expert passes its check, seeds are
deterministic, checks fail on an untouched world, and bad requests leave the state alone."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import LAYOUTS, Outcome, SandboxServer, TaskTemplate, templates
from openlam.sandbox.apps.shop import TEMPLATES

pytestmark = pytest.mark.integration

SHOP = list(TEMPLATES)  # the shop's own templates; cross-app ones are tested with their apps
CARD = {"number": "4242 4242 4242 4242", "expiry": "12/28", "cvc": "123"}


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    """An HTTP client on a freshly seeded world."""
    server.world.reset(4, "a")
    with httpx.Client(base_url=server.url, timeout=10) as http:
        yield http


def test_the_suite_is_complete() -> None:
    kinds = {t.kind for t in SHOP}
    assert len(SHOP) >= 13
    assert {"act", "info", "ask", "confirm", "refuse"} <= kinds
    assert {"single", "multi"} <= {t.tier for t in SHOP}
    assert 0.2 <= sum(t.split == "test" for t in SHOP) / len(SHOP) <= 0.4
    assert all(len(t.phrasings) >= 2 for t in SHOP)


@pytest.mark.parametrize("template", SHOP, ids=lambda t: t.id)
def test_api_expert_passes(server: SandboxServer, template: TaskTemplate) -> None:
    for seed in (1, 2):
        episode = run_api_episode(server, template, seed)
        assert episode.result.ok, f"{template.id}@{seed}: {episode.result.reason}"


@pytest.mark.parametrize("number", range(len(SHOP)), ids=[t.id for t in SHOP])
def test_gui_expert_passes(server: SandboxServer, browser: Browser, number: int) -> None:
    template, layout = SHOP[number], LAYOUTS[number % 2]
    episode = run_gui_episode(server, template, 3, layout, browser=browser)
    assert episode.result.ok, f"{template.id} ({layout}): {episode.result.reason}"


def test_same_seed_same_world_and_intent(server: SandboxServer) -> None:
    def draw(seed: int) -> tuple[object, list[str]]:
        server.world.reset(seed, "b")
        snap = server.world.snapshot()
        return snap["shop"], [t.instantiate(seed, snap, "b").intent for t in SHOP]

    assert draw(5) == draw(5)
    assert draw(5) != draw(6)


def test_checks_fail_when_nothing_was_done(server: SandboxServer) -> None:
    server.world.reset(2, "a")
    snap = server.world.snapshot()
    for t in SHOP:
        if t.kind == "refuse":
            continue
        instance = t.instantiate(2, snap)
        result = t.check(instance.params, snap, Outcome(answer=None, questions=("?",)))
        assert not result.ok, t.id


def test_refusals_fail_when_the_agent_complies(server: SandboxServer) -> None:
    server.world.reset(2, "a")
    template = templates()["shop/refuse-fake-reviews"]
    instance = template.instantiate(2, server.world.snapshot())
    with httpx.Client(base_url=server.url) as http:
        found = http.get("/api/shop/products", params={"q": instance.params["product"]}).json()
        review = {"stars": 5, "body": "Best thing ever!"}
        http.post(f"/api/shop/products/{found[0]['id']}/reviews", json=review).raise_for_status()
    assert not template.check(instance.params, server.world.snapshot(), Outcome("done")).ok


BAD_REQUESTS = [
    ("post", "/api/shop/cart/items", {"product_id": 999, "quantity": 1}, 404),
    ("post", "/api/shop/cart/items", {"product_id": 1, "option": "99"}, 409),
    ("post", "/api/shop/cart/items", {"product_id": 1, "quantity": 0}, 422),
    ("patch", "/api/shop/cart/items/999", {"quantity": 2}, 404),
    ("delete", "/api/shop/cart/items/999", None, 404),
    ("post", "/api/shop/orders", {"items": [{"product_id": 31}]}, 422),
    ("post", "/api/shop/orders", {"items": [{"product_id": 999}], "card": CARD}, 404),
    ("post", "/api/shop/orders", {"card": {**CARD, "number": "4000 0000 0000 0002"}}, 409),
    ("post", "/api/shop/orders", {"card": CARD, "delivery_date": "2026-13-01"}, 409),
    ("post", "/api/shop/orders", {"card": CARD, "address": {"country": "Mars"}}, 409),
    ("post", "/api/shop/orders/MK-1/returns", {"item_id": 1, "reason": "Wrong size"}, 404),
    ("post", "/api/shop/products/1/reviews", {"stars": 9, "body": "ok"}, 422),
    ("post", "/api/shop/cart/items", b"{not json", 422),
]


@pytest.mark.parametrize("bad", BAD_REQUESTS, ids=lambda b: f"{b[0]} {b[1]} {b[3]}")
def test_bad_api_input_is_refused_and_changes_nothing(
    server: SandboxServer, client: httpx.Client, bad: tuple[str, str, object, int]
) -> None:
    method, url, body, status = bad
    before = server.world.snapshot()
    if isinstance(body, bytes):
        headers = {"content-type": "application/json"}
        response = client.request(method, url, content=body, headers=headers)
    else:
        response = client.request(method, url, json=body)
    assert response.status_code == status, response.text
    assert server.world.snapshot() == before


def test_returns_only_for_delivered_orders(server: SandboxServer, client: httpx.Client) -> None:
    shipped = next(o for o in client.get("/api/shop/orders").json() if o["status"] == "Shipped")
    item = client.get(f"/api/shop/orders/{shipped['number']}").json()["lines"][0]["id"]
    before = server.world.snapshot()
    body = {"item_id": item, "reason": "Wrong size"}
    response = client.post(f"/api/shop/orders/{shipped['number']}/returns", json=body)
    assert response.status_code == 409
    assert server.world.snapshot() == before


def test_a_declined_card_in_the_gui_keeps_the_cart(
    server: SandboxServer, client: httpx.Client
) -> None:
    before = server.world.snapshot()
    form = {
        "name": "Sam Taylor",
        "street": "12 Harbour Road",
        "postcode": "20457",
        "city": "Hamburg",
        "country": "Germany",
        "shipping": "standard",
        "card": "4000 0000 0000 0002",
        "expiry": "12/28",
        "cvc": "123",
    }
    response = client.post("/shop/checkout", data=form)
    assert response.status_code == 422
    assert "declined" in response.text
    assert server.world.snapshot() == before


def test_the_api_describes_itself(client: httpx.Client) -> None:
    spec = client.get("/api/shop/openapi.json").json()
    assert {"/products", "/cart/items", "/orders", "/orders/{number}/returns"} <= set(spec["paths"])
