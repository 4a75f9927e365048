"""Smart home: schema and seeded data (rooms, devices with varied states, scenes, history)."""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE rooms (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE
);
CREATE TABLE devices (
    id INTEGER PRIMARY KEY, room_id INTEGER NOT NULL REFERENCES rooms(id),
    name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, favourite INTEGER NOT NULL DEFAULT 0,
    power INTEGER, brightness INTEGER, locked INTEGER, target INTEGER, mode TEXT,
    current REAL, position INTEGER, armed INTEGER, battery INTEGER
);
CREATE TABLE scenes (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL
);
CREATE TABLE scene_steps (
    id INTEGER PRIMARY KEY, scene_id INTEGER NOT NULL REFERENCES scenes(id),
    device_id INTEGER NOT NULL REFERENCES devices(id), field TEXT NOT NULL, value
);
CREATE TABLE vacation (
    id INTEGER PRIMARY KEY CHECK (id = 1), away TEXT NOT NULL, back TEXT NOT NULL
);
CREATE TABLE activity (
    id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL REFERENCES devices(id),
    text TEXT NOT NULL
);
"""

ROOMS = (
    ("living-room", "Living room"),
    ("kitchen", "Kitchen"),
    ("bedroom", "Bedroom"),
    ("hallway", "Hallway"),
    ("outdoor", "Outdoor"),
)
MODES = ("heat", "cool", "off")
KINDS = ("light", "lock", "thermostat", "blinds", "alarm")
FIELDS: dict[str, tuple[str, ...]] = {
    "light": ("power", "brightness"),
    "lock": ("locked",),
    "thermostat": ("target", "mode"),
    "blinds": ("position",),
    "alarm": ("armed",),
}
"""What can be changed on each kind of device."""
TARGETS = (10, 30)
"""The thermostat's range in °C."""

# (room slug, name, kind): the house is the same in every episode, only the states vary
DEVICES = (
    ("living-room", "Living room ceiling light", "light"),
    ("living-room", "Living room floor lamp", "light"),
    ("living-room", "Living room blinds", "blinds"),
    ("living-room", "Thermostat", "thermostat"),
    ("kitchen", "Kitchen ceiling light", "light"),
    ("kitchen", "Kitchen counter lights", "light"),
    ("kitchen", "Kitchen blinds", "blinds"),
    ("kitchen", "Back door", "lock"),
    ("bedroom", "Bedroom ceiling light", "light"),
    ("bedroom", "Bedside lamp", "light"),
    ("bedroom", "Bedroom blinds", "blinds"),
    ("hallway", "Hallway light", "light"),
    ("hallway", "Front door", "lock"),
    ("hallway", "Smoke alarm", "alarm"),
    ("outdoor", "Porch light", "light"),
    ("outdoor", "Garage door", "lock"),
)
FAVOURITES = ("Porch light", "Front door", "Thermostat")


def _states(rng: random.Random) -> dict[str, dict[str, Any]]:
    """Varied device states, with what the tasks need guaranteed: some lights on, the front
    door locked and another door unlocked, some blinds open, the porch light off."""
    states: dict[str, dict[str, Any]] = {}
    for _, name, kind in DEVICES:
        if kind == "light":
            states[name] = {
                "power": int(rng.random() < 0.5),
                "brightness": rng.choice(range(20, 101, 10)),
            }
        elif kind == "lock":
            states[name] = {"locked": int(rng.random() < 0.5)}
        elif kind == "blinds":
            states[name] = {"position": rng.choice((0, 25, 50, 75, 100))}
        elif kind == "thermostat":
            states[name] = {
                "target": rng.randint(17, 23),
                "mode": rng.choice(("heat", "heat", "cool", "off")),
                "current": round(rng.uniform(16.5, 24.5), 1),
            }
        else:
            states[name] = {"armed": 1, "battery": rng.randint(55, 100)}
    lights = [n for _, n, k in DEVICES if k == "light" and n != "Porch light"]
    for name in rng.sample(lights, 3):  # at least three lights on
        states[name]["power"] = 1
    states["Porch light"]["power"] = 0
    states["Front door"]["locked"] = 1
    if states["Back door"]["locked"] and states["Garage door"]["locked"]:
        states[rng.choice(("Back door", "Garage door"))]["locked"] = 0
    blinds = [n for _, n, k in DEVICES if k == "blinds"]
    for name in rng.sample(blinds, 2):  # at least two blinds open
        states[name]["position"] = states[name]["position"] or 75
    if all(states[n]["position"] == 50 for n in blinds):  # and one not already half open
        states[rng.choice(blinds)]["position"] = 100
    return states


def seed(db: AppDB, rng: random.Random) -> None:
    """Five rooms, 16 devices in varied states, four scenes and a short history."""
    rooms = {slug: db.insert("rooms", {"slug": slug, "name": name}) for slug, name in ROOMS}
    states = _states(rng)
    ids: dict[str, int] = {}
    for slug, name, kind in DEVICES:
        row = {"room_id": rooms[slug], "name": name, "kind": kind, **states[name]}
        row["favourite"] = int(name in FAVOURITES)
        ids[name] = db.insert("devices", row)
    _seed_scenes(db, ids)
    for name in rng.sample(sorted(ids), 5):
        db.insert("activity", {"device_id": ids[name], "text": f"{name} checked in"})


def _seed_scenes(db: AppDB, ids: dict[str, int]) -> None:
    lights = [n for _, n, k in DEVICES if k == "light"]
    locks = [n for _, n, k in DEVICES if k == "lock"]
    scenes: list[tuple[str, str, str, list[tuple[str, str, Any]]]] = [
        (
            "good-night",
            "Good night",
            "Every light off, every door locked, heating down to 18 °C.",
            [(n, "power", 0) for n in lights]
            + [(n, "locked", 1) for n in locks]
            + [("Thermostat", "target", 18), ("Thermostat", "mode", "heat")],
        ),
        (
            "movie",
            "Movie",
            "Dim the living room: ceiling light off, floor lamp at 20 %, blinds closed.",
            [
                ("Living room ceiling light", "power", 0),
                ("Living room floor lamp", "brightness", 20),
                ("Living room floor lamp", "power", 1),
                ("Living room blinds", "position", 0),
            ],
        ),
        (
            "good-morning",
            "Good morning",
            "Bedroom and kitchen blinds open, kitchen light on, heating to 21 °C.",
            [
                ("Bedroom blinds", "position", 100),
                ("Kitchen blinds", "position", 100),
                ("Kitchen ceiling light", "brightness", 100),
                ("Kitchen ceiling light", "power", 1),
                ("Thermostat", "target", 21),
                ("Thermostat", "mode", "heat"),
            ],
        ),
        (
            "away",
            "Away",
            "Every light off, every door locked, heating off.",
            [(n, "power", 0) for n in lights]
            + [(n, "locked", 1) for n in locks]
            + [("Thermostat", "mode", "off")],
        ),
    ]
    for slug, name, description, steps in scenes:
        sid = db.insert("scenes", {"slug": slug, "name": name, "description": description})
        for device, fld, value in steps:
            db.insert(
                "scene_steps",
                {"scene_id": sid, "device_id": ids[device], "field": fld, "value": value},
            )


SPEC = AppSpec(name="smarthome", title="HomeHub", schema=SCHEMA, seed=seed)
