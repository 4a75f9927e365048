"""SkyWay information and trip-management task templates: departure time, cheapest price,
direct flights, booking reference; cancel, change seat, add bags."""

from __future__ import annotations

import random
import re
from typing import Any

from openlam.sandbox._experts import Choose, Done, ObsDict, Plan, Press, Step, WaitFor
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Snapshot
from openlam.sandbox.apps.flights._data import CITY, MAX_BAGS
from openlam.sandbox.apps.flights._plans import (
    day_text,
    flight_params,
    free_seats,
    search_plan,
    table,
    to_flight,
)
from openlam.sandbox.apps.flights._view import LABELS


def _answer_has(key: str) -> Any:
    """A check that the answer contains ``params[key]`` (numbers as whole numbers)."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        want = str(p[key])
        if out.answer is None or not re.search(
            rf"(?<![\d:]){re.escape(want)}(?![\d:])", out.answer
        ):
            return failed(f"answer {out.answer!r} does not contain {want!r}")
        return passed()

    return check


def _line_with(obs: ObsDict, needle: str) -> str:
    return next((line for line in obs.get("text", "").split("\n") if needle in line), "")


def _departure(number: str) -> Any:
    def read(obs: ObsDict) -> str:
        found = re.search(r"(\d\d:\d\d) → \d\d:\d\d", _line_with(obs, number))
        return found[1] if found else ""

    return read


def _flights_api(p: Params, client: Any, direct: bool = False) -> list[dict[str, Any]]:
    query = {"origin": p["origin"], "destination": p["dest"], "date": p["date"]}
    rows: list[dict[str, Any]] = client.get(
        "/api/flights/flights", params={**query, "direct_only": direct}
    ).json()
    return rows


def _sample_departure(rng: random.Random, snap: Snapshot) -> Params:
    f = rng.choice(table(snap, "flights"))
    return {**flight_params(rng, snap, f, "Basic"), "direct": False}


DEPARTURE = TaskTemplate(
    id="flights/departure-time",
    tier="multi",
    kind="info",
    split="train",
    phrasings=(
        "What time does flight {number} from {origin_city} to {dest_city} leave on {day}?",
        "When does {number} ({origin_city} → {dest_city}) depart on {date}?",
        "I'm on {number} from {origin_city} to {dest_city} on {day}. What's the departure time?",
    ),
    start_path="/flights/",
    sample=_sample_departure,
    check=_answer_has("depart"),
    gui=lambda p, lay: [
        *search_plan(p, lay),
        to_flight(p["number"], lay),
        Done(_departure(p["number"])),
    ],
    api=lambda p, c: next(f["depart"] for f in _flights_api(p, c) if f["number"] == p["number"]),
)


def _sample_route(rng: random.Random, snap: Snapshot) -> Params:
    flights = table(snap, "flights")
    groups = sorted({(f["origin"], f["destination"], f["date"]) for f in flights})
    while True:
        origin, dest, date = rng.choice(groups)
        route = [
            f for f in flights if (f["origin"], f["destination"], f["date"]) == (origin, dest, date)
        ]
        direct = sum(not f["stops"] for f in route)
        if direct:
            break
    return {
        "origin": origin,
        "dest": dest,
        "origin_city": CITY[origin],
        "dest_city": CITY[dest],
        "date": date,
        "day": day_text(date),
        "pax": 1,
        "cheapest": min(f["basic"] for f in route),
        "direct_count": direct,
    }


def _lowest_fare(obs: ObsDict) -> str:
    found = re.search(r"lowest fare €(\d+)", obs.get("text", ""))
    return f"€{found[1]}" if found else ""


CHEAPEST_PRICE = TaskTemplate(
    id="flights/cheapest-price",
    tier="multi",
    kind="info",
    split="test",
    phrasings=(
        "How much is the cheapest fare from {origin_city} to {dest_city} on {day}?",
        "What's the lowest price for a flight {origin_city} → {dest_city} on {date}?",
    ),
    start_path="/flights/",
    sample=_sample_route,
    check=_answer_has("cheapest"),
    gui=lambda p, lay: [*search_plan(p, lay), WaitFor("Prices updated"), Done(_lowest_fare)],
    api=lambda p, c: f"€{_flights_api(p, c)[0]['basic']}",
)


def _count_found(lay: Layout) -> Any:
    def read(obs: ObsDict) -> str:
        found = re.search(rf"{re.escape(LABELS('found', lay))}: (\d+)", obs.get("text", ""))
        return found[1] if found else ""

    return read


COUNT_DIRECT = TaskTemplate(
    id="flights/count-direct",
    tier="multi",
    kind="info",
    split="train",
    phrasings=(
        "How many direct flights are there from {origin_city} to {dest_city} on {day}?",
        "Count the non-stop flights {origin_city} → {dest_city} on {date}.",
    ),
    start_path="/flights/",
    sample=_sample_route,
    check=_answer_has("direct_count"),
    gui=lambda p, lay: [*search_plan({**p, "direct": True}, lay), Done(_count_found(lay))],
    api=lambda p, c: str(len(_flights_api(p, c, direct=True))),
)


def _sample_trip(rng: random.Random, snap: Snapshot) -> Params:
    flights = {f["id"]: f for f in table(snap, "flights")}
    b = rng.choice([b for b in table(snap, "bookings") if b["status"] == "confirmed"])
    f = flights[b["flight_id"]]
    me = next(q for q in table(snap, "passengers") if q["booking_id"] == b["id"])
    return {
        "ref": b["ref"],
        "bid": b["id"],
        "number": f["number"],
        "dest_city": CITY[f["destination"]],
        "date": f["date"],
        "day": day_text(f["date"]),
        "bags": b["bags"],
        "add": rng.randint(1, min(2, MAX_BAGS - b["bags"])),
        "old_seat": me["seat"],
        "seat": rng.choice(free_seats(snap, f["id"])),
        "others": [o["ref"] for o in table(snap, "bookings") if o["id"] != b["id"]],
        "statuses": [o["status"] for o in table(snap, "bookings") if o["id"] != b["id"]],
    }


def _reference(p: Params) -> Any:
    def read(obs: ObsDict) -> str:
        found = re.search(r"\b[A-Z2-9]{6}\b", _line_with(obs, f"→ {p['dest_city']}"))
        return found[0] if found else ""

    return read


REFERENCE = TaskTemplate(
    id="flights/trip-reference",
    tier="single",
    kind="info",
    split="train",
    phrasings=(
        "What's the booking reference of my trip to {dest_city}?",
        "I need the reference code for my {dest_city} flight on {day}.",
    ),
    start_path="/flights/trips",
    sample=_sample_trip,
    check=_answer_has("ref"),
    gui=lambda p, lay: [Done(_reference(p))],
    api=lambda p, c: next(
        b["ref"]
        for b in c.get("/api/flights/bookings").json()
        if b["status"] == "confirmed"
        and b["flight"]["date"] == p["date"]
        and b["flight"]["number"] == p["number"]
    ),
)


def _post(client: Any, path: str, body: dict[str, Any] | None, answer: str) -> str:
    """POST (raising on an error status) and finish with ``answer``."""
    client.post(path, json=body).raise_for_status()
    return answer


def _booking_row(snap: Snapshot, p: Params) -> dict[str, Any]:
    return next(b for b in table(snap, "bookings") if b["id"] == p["bid"])


def _others_unchanged(p: Params, snap: Snapshot) -> CheckResult | None:
    now = [b["status"] for b in table(snap, "bookings") if b["ref"] in p["others"]]
    return None if now == p["statuses"] else failed(f"other bookings changed: {now}")


def _check_cancelled(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    status = _booking_row(snap, p)["status"]
    if status != "cancelled":
        return failed(f"booking {p['ref']} is {status}")
    return _others_unchanged(p, snap) or passed()


def _manage(p: Params, lay: Layout, action: str) -> list[Step]:
    role = "button" if action == "cancel" else "link"
    return [
        Press(LABELS("trips", lay), "link"),
        Press(f"{LABELS(action, lay)} {p['dest_city']} {p['date']}", role),
    ]


CANCEL = TaskTemplate(
    id="flights/cancel-trip",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Cancel my trip to {dest_city} on {day}.",
        "I'm not flying to {dest_city} on {date} any more; please cancel that booking.",
        "Please cancel my {dest_city} flight.",
    ),
    start_path="/flights/",
    sample=_sample_trip,
    check=_check_cancelled,
    gui=lambda p, lay: [
        *_manage(p, lay, "cancel"),
        Press(LABELS("confirm_cancel", lay), "button"),
        WaitFor(f"Trip {p['ref']} cancelled"),
        Done("cancelled"),
    ],
    api=lambda p, c: _post(c, f"/api/flights/bookings/{p['ref']}/cancel", None, "cancelled"),
)


def _check_seat(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    me = next(
        q for q in table(snap, "passengers") if q["booking_id"] == p["bid"] and q["position"] == 1
    )
    if me["seat"] != p["seat"]:
        return failed(f"seat is {me['seat']}, expected {p['seat']}")
    return _others_unchanged(p, snap) or passed()


def _change_seat_gui(p: Params, lay: Layout) -> Plan:
    return [
        *_manage(p, lay, "manage"),
        Press(f"{LABELS('change_seat', lay)} Sam Taylor", "link"),
        Press(f"Seat {p['seat']}", "button"),
        WaitFor(f"Seat {p['seat']} confirmed"),
        Done("seat changed"),
    ]


CHANGE_SEAT = TaskTemplate(
    id="flights/change-seat",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Move me to seat {seat} on my flight to {dest_city}.",
        "On my {day} trip to {dest_city}, change my seat to {seat}.",
    ),
    start_path="/flights/",
    sample=_sample_trip,
    check=_check_seat,
    gui=_change_seat_gui,
    api=lambda p, c: _post(
        c, f"/api/flights/bookings/{p['ref']}/seat", {"passenger": 1, "seat": p["seat"]}, "done"
    ),
)


def _check_bags(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    bags = _booking_row(snap, p)["bags"]
    if bags != p["bags"] + p["add"]:
        return failed(f"booking has {bags} extra bags, expected {p['bags'] + p['add']}")
    return _others_unchanged(p, snap) or passed()


BAGS = TaskTemplate(
    id="flights/add-bags",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Add {add} checked bag(s) to my trip to {dest_city}.",
        "I'm bringing more luggage to {dest_city} on {day}: buy {add} extra checked bag(s) "
        "on that booking.",
    ),
    start_path="/flights/",
    sample=_sample_trip,
    check=_check_bags,
    gui=lambda p, lay: [
        *_manage(p, lay, "manage"),
        Choose(LABELS("bags", lay), str(p["add"])),
        Press(LABELS("add_bags", lay), "button"),
        WaitFor("extra bag(s) added"),
        Done("bags added"),
    ],
    api=lambda p, c: _post(
        c, f"/api/flights/bookings/{p['ref']}/bags", {"count": p["add"]}, "bags added"
    ),
)

TRIP_TEMPLATES = (
    DEPARTURE,
    CHEAPEST_PRICE,
    COUNT_DIRECT,
    REFERENCE,
    CANCEL,
    CHANGE_SEAT,
    BAGS,
)
