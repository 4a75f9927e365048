"""Restaurants: schema and seeded data (restaurants, and the person's existing reservations)."""

from __future__ import annotations

import random

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE restaurants (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, cuisine TEXT NOT NULL, area TEXT NOT NULL,
    price INTEGER NOT NULL, rating REAL NOT NULL, phone TEXT NOT NULL, address TEXT NOT NULL,
    opens TEXT NOT NULL, closes TEXT NOT NULL
);
CREATE TABLE reservations (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
    restaurant_id INTEGER NOT NULL REFERENCES restaurants(id),
    name TEXT NOT NULL, date TEXT NOT NULL, time TEXT NOT NULL, party INTEGER NOT NULL,
    requests TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'confirmed'
);
"""

CUISINES = ("Italian", "Japanese", "Indian", "Mexican", "French", "Thai", "Greek", "Vegan")
AREAS = ("Downtown", "Riverside", "Old Town", "Harbour", "Uptown")
TIMES = tuple(f"{h:02d}:{m:02d}" for h in range(17, 23) for m in (0, 30))
_FIRST = (
    "Golden",
    "Little",
    "Blue",
    "Olive",
    "Red",
    "Silver",
    "Green",
    "Lucky",
    "Royal",
    "Corner",
    "Hidden",
    "Sunny",
    "Velvet",
    "Copper",
    "Wild",
    "Quiet",
)
_SECOND = (
    "Fork",
    "Lantern",
    "Garden",
    "Table",
    "Spoon",
    "Kitchen",
    "Harbor",
    "Bistro",
    "Pepper",
    "Oven",
    "Leaf",
    "Terrace",
    "Pantry",
    "Grill",
    "Noodle",
    "Vine",
)
PERSON = "Sam Taylor"
"""The sandbox's user: existing reservations are in this name."""


def seed(db: AppDB, rng: random.Random) -> None:
    """24 restaurants across cuisines and areas, and 3 reservations of the person."""
    names = rng.sample([f"{a} {b}" for a in _FIRST for b in _SECOND], 24)
    for i, name in enumerate(names):
        opens = rng.choice(("11:00", "12:00", "17:00"))
        db.insert(
            "restaurants",
            {
                "name": name,
                "cuisine": CUISINES[i % len(CUISINES)] if i < 16 else rng.choice(CUISINES),
                "area": rng.choice(AREAS),
                "price": rng.randint(1, 4),
                "rating": round(rng.uniform(3.0, 4.9), 1),
                "phone": f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "address": f"{rng.randint(1, 240)} {rng.choice(_SECOND)} Street",
                "opens": opens,
                "closes": rng.choice(("22:00", "23:00", "23:30")),
            },
        )
    for rid in rng.sample(range(1, 25), 3):
        db.insert(
            "reservations",
            {
                "code": f"R{rng.randint(10000, 99999)}",
                "restaurant_id": rid,
                "name": PERSON,
                "date": f"2026-12-{rng.randint(1, 28):02d}",
                "time": rng.choice(TIMES),
                "party": rng.randint(2, 6),
            },
        )


SPEC = AppSpec(name="restaurants", title="TableTime", schema=SCHEMA, seed=seed)


def new_code(db: AppDB) -> str:
    """A fresh reservation code; deterministic, so the same actions give the same state."""
    row = db.one("SELECT COUNT(*) AS n FROM reservations")
    return f"T{1001 + (row or {}).get('n', 0)}"
