"""Flights: schema and seeded data (airports, a December 2026 schedule, the person's trips)."""

from __future__ import annotations

import random
from itertools import combinations
from typing import Any

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE airports (
    code TEXT PRIMARY KEY, city TEXT NOT NULL UNIQUE, country TEXT NOT NULL
);
CREATE TABLE flights (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL,
    origin TEXT NOT NULL REFERENCES airports(code),
    destination TEXT NOT NULL REFERENCES airports(code),
    date TEXT NOT NULL, depart TEXT NOT NULL, arrive TEXT NOT NULL, minutes INTEGER NOT NULL,
    stops INTEGER NOT NULL, via TEXT NOT NULL DEFAULT '',
    basic INTEGER NOT NULL, standard INTEGER NOT NULL, flex INTEGER NOT NULL,
    taken TEXT NOT NULL DEFAULT ''
);
CREATE INDEX flights_route ON flights (origin, destination, date);
CREATE TABLE bookings (
    id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE,
    flight_id INTEGER NOT NULL REFERENCES flights(id),
    fare TEXT NOT NULL, pax INTEGER NOT NULL, bags INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL, status TEXT NOT NULL DEFAULT 'draft',
    card_last4 TEXT NOT NULL DEFAULT ''
);
CREATE TABLE passengers (
    id INTEGER PRIMARY KEY, booking_id INTEGER NOT NULL REFERENCES bookings(id),
    position INTEGER NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL, email TEXT NOT NULL,
    seat TEXT NOT NULL DEFAULT ''
);
"""

AIRPORTS: tuple[tuple[str, str, str], ...] = (
    ("LHR", "London", "United Kingdom"),
    ("CDG", "Paris", "France"),
    ("AMS", "Amsterdam", "Netherlands"),
    ("FRA", "Frankfurt", "Germany"),
    ("MAD", "Madrid", "Spain"),
    ("BCN", "Barcelona", "Spain"),
    ("FCO", "Rome", "Italy"),
    ("MUC", "Munich", "Germany"),
    ("ZRH", "Zurich", "Switzerland"),
    ("VIE", "Vienna", "Austria"),
    ("CPH", "Copenhagen", "Denmark"),
    ("LIS", "Lisbon", "Portugal"),
)
CITY = {code: city for code, city, _ in AIRPORTS}
FARES = ("Basic", "Standard", "Flex")
FARE_RULES = {
    "Basic": ("Cabin bag only (8 kg)", "No changes", "No refund"),
    "Standard": ("1 checked bag (23 kg)", "Changes for €50", "No refund"),
    "Flex": ("2 checked bags (23 kg each)", "Free changes", "Fully refundable"),
}
BAG_PRICE = 35
"""Euros per extra checked bag."""
MAX_BAGS = 3
"""Extra checked bags one booking may carry."""
ROWS = tuple(range(10, 20))
LETTERS = "ABCDEF"
SEATS = tuple(f"{row}{letter}" for row in ROWS for letter in LETTERS)
POSITION = {"A": "window", "B": "middle", "C": "aisle", "D": "aisle", "E": "middle", "F": "window"}
DAYS = tuple(f"2026-12-{day:02d}" for day in range(1, 32))
PERSON = ("Sam", "Taylor", "sam.taylor@example.com")
"""The sandbox's user (first, last, email): the account holder, passenger 1 by default."""
COMPANIONS = (
    ("Alex", "Morgan"),
    ("Jordan", "Lee"),
    ("Priya", "Patel"),
    ("Chen", "Wei"),
    ("Maria", "Garcia"),
    ("Tom", "Becker"),
)
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_ref(db: AppDB) -> str:
    """The next booking reference: a fixed scramble of the booking count, so the same actions
    always give the same references (an odd multiplier modulo 32**6 keeps them unique)."""
    row = db.one("SELECT COUNT(*) AS n FROM bookings")
    n = (((row or {}).get("n", 0) + 1) * 510_510_887 + 97_531_113) % 32**6
    chars = []
    for _ in range(6):
        n, digit = divmod(n, 32)
        chars.append(_REF_ALPHABET[digit % 32])
    return "".join(chars)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slots(rng: random.Random, origin: str, dest: str, numbers: list[int]) -> list[dict[str, Any]]:
    """The daily departures of one route: 2-3 direct flights and 1-3 with a stop."""
    direct_minutes = rng.randint(15, 42) * 5
    others = [code for code, _, _ in AIRPORTS if code not in (origin, dest)]
    slots = []
    for stops in [0] * rng.randint(2, 3) + [1] * rng.randint(1, 3):
        minutes = direct_minutes + (rng.randint(12, 30) * 5 + 40 if stops else 0)
        slots.append(
            {
                "number": f"SW {numbers.pop()}",
                "origin": origin,
                "destination": dest,
                "depart_min": rng.randint(72, 210) * 5,
                "minutes": minutes,
                "stops": stops,
                "via": rng.choice(others) if stops else "",
                "base": rng.randint(60, 260) if not stops else rng.randint(45, 200),
            }
        )
    return slots


def _day_rows(rng: random.Random, slot: dict[str, Any], date: str) -> dict[str, Any]:
    day = int(date[-2:])
    surge = 1.35 if 18 <= day <= 23 else 1.0
    basic = max(29, round(slot["base"] * surge * rng.uniform(0.8, 1.5)))
    return {
        "number": slot["number"],
        "origin": slot["origin"],
        "destination": slot["destination"],
        "date": date,
        "depart": _clock(slot["depart_min"]),
        "arrive": _clock(slot["depart_min"] + slot["minutes"]),
        "minutes": slot["minutes"],
        "stops": slot["stops"],
        "via": slot["via"],
        "basic": basic,
        "standard": basic + rng.randint(7, 18) * 5,
        "flex": basic * 2 + rng.randint(60, 140),
        "taken": ",".join(sorted(rng.sample(SEATS, rng.randint(8, 30)), key=SEATS.index)),
    }


def seed(db: AppDB, rng: random.Random) -> None:
    """12 airports, 12 city pairs flown both ways every day of December 2026, and four trips
    of the person (three confirmed, one cancelled, all to different cities)."""
    for code, city, country in AIRPORTS:
        db.insert("airports", {"code": code, "city": city, "country": country})
    codes = [code for code, _, _ in AIRPORTS]
    pairs = rng.sample(list(combinations(codes, 2)), 12)
    numbers = rng.sample(range(101, 999), 200)
    slots = [s for a, b in pairs for o, d in ((a, b), (b, a)) for s in _slots(rng, o, d, numbers)]
    for date in DAYS:
        for slot in sorted(slots, key=lambda s: (s["origin"], s["destination"], s["depart_min"])):
            if rng.random() < 0.08:  # not every flight operates every day
                continue
            db.insert("flights", _day_rows(rng, slot, date))
    _seed_trips(db, rng)


def _seed_trips(db: AppDB, rng: random.Random) -> None:
    flights = db.query("SELECT * FROM flights WHERE flex <= 800 ORDER BY id")
    chosen: list[dict[str, Any]] = []
    for flight in rng.sample(flights, len(flights)):
        if all(f["destination"] != flight["destination"] for f in chosen):
            chosen.append(flight)
        if len(chosen) == 4:
            break
    for i, flight in enumerate(chosen):
        fare = rng.choice(FARES[:2])
        people = [PERSON[:2]] + ([rng.choice(COMPANIONS)] if i == 1 else [])
        bags = rng.randint(0, 1)
        booking_id = db.insert(
            "bookings",
            {
                "ref": new_ref(db),
                "flight_id": flight["id"],
                "fare": fare,
                "pax": len(people),
                "bags": bags,
                "total": flight[fare.lower()] * len(people) + bags * BAG_PRICE,
                "status": "cancelled" if i == 3 else "confirmed",
                "card_last4": "4242",
            },
        )
        free = [s for s in SEATS if s not in flight["taken"].split(",")]
        seats = rng.sample(free, len(people))
        for position, ((first, last), seat) in enumerate(zip(people, seats, strict=True), 1):
            email = PERSON[2] if position == 1 else f"{first}.{last}@example.com".lower()
            db.insert(
                "passengers",
                {
                    "booking_id": booking_id,
                    "position": position,
                    "first": first,
                    "last": last,
                    "email": email,
                    "seat": seat,
                },
            )


SPEC = AppSpec(name="flights", title="SkyWay", schema=SCHEMA, seed=seed)
