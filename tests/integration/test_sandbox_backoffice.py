"""The back-office sandbox app end to end: every expert through the API and the GUI, seeding, and
bad API input."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser

from openlam.evaluation import run_api_episode, run_gui_episode
from openlam.sandbox import LAYOUTS, SandboxServer, TaskTemplate, templates

pytestmark = pytest.mark.integration

APP = "backoffice"
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


def _bad_requests(snap: dict[str, Any]) -> list[tuple[str, str, Any, int]]:
    entries = snap["entries"]
    posted = next(e for e in entries if e["status"] == "posted")
    paid = next(e for e in entries if e["status"] == "paid")
    vendor = next(v["name"] for v in snap["vendors"] if v["id"] == posted["vendor_id"])
    booking = {
        "vendor": vendor,
        "invoice_number": "TEST-1",
        "invoice_date": "2026-03-01",
        "net": "100.00",
        "vat_rate": 19,
        "total": "119.00",
        "cost_center": "400 IT",
        "due_date": "2026-03-31",
    }
    return [
        ("get", "/api/backoffice/entries/LE-9999", None, 404),
        ("patch", "/api/backoffice/entries/LE-9999", {"cost_center": "400 IT"}, 404),
        ("post", "/api/backoffice/entries/LE-9999/void", {"reason": "x"}, 404),
        ("get", "/api/backoffice/documents/NOPE-00000", None, 404),
        ("post", "/api/backoffice/entries", {"vendor": ""}, 422),
        ("post", "/api/backoffice/entries", {**booking, "total": "120.00"}, 422),
        ("post", "/api/backoffice/entries", {**booking, "vat_rate": 16, "total": "116.00"}, 422),
        ("post", "/api/backoffice/entries", {**booking, "due_date": "2026-02-01"}, 422),
        (
            "post",
            "/api/backoffice/entries",
            {**booking, "invoice_number": posted["invoice_number"]},
            422,
        ),
        ("patch", f"/api/backoffice/entries/{posted['number']}", {"net": "1.00"}, 422),
        ("post", f"/api/backoffice/entries/{paid['number']}/void", {"reason": "x"}, 422),
        ("post", f"/api/backoffice/entries/{posted['number']}/void", "not json", 422),
        ("put", "/api/backoffice/vendors/999/bank", {"iban": "DE00123456789012345678"}, 404),
        ("put", "/api/backoffice/vendors/1/bank", {"iban": "12345"}, 422),
    ]


def test_bad_api_input_is_rejected_and_changes_nothing(server: SandboxServer) -> None:
    server.world.reset(1)
    before = server.world.snapshot()[APP]
    with httpx.Client(base_url=server.url, timeout=10) as client:
        for method, path, body, status in _bad_requests(before):
            if isinstance(body, str):
                headers = {"content-type": "application/json"}
                response = client.request(method, path, content=body, headers=headers)
            else:
                response = client.request(method, path, json=body)
            assert response.status_code == status, (method, path, response.text)
    assert server.world.snapshot()[APP] == before


def test_documents_download_as_csv_and_pdf(server: SandboxServer) -> None:
    server.world.reset(1)
    doc = server.world.snapshot()[APP]["documents"][0]
    with httpx.Client(base_url=server.url, timeout=10) as client:
        csv = client.get(f"/backoffice/documents/{doc['number']}/csv")
        pdf = client.get(f"/backoffice/documents/{doc['number']}/pdf")
    assert csv.headers["content-type"].startswith("text/csv")
    assert f"{doc['total'] / 100:.2f}" in csv.text
    assert pdf.content.startswith(b"%PDF-1.4")
    assert pdf.content.rstrip().endswith(b"%%EOF")
    assert doc["number"].encode() in pdf.content
