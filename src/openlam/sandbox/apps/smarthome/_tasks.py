"""Smart home task templates that change devices: lights, blinds, locks, thermostat, scenes."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from openlam.sandbox._experts import Choose, Done, Fill, Plan, Press, Tick, WaitFor
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.smarthome._cards import LABELS, label

MUTABLE = ("power", "brightness", "locked", "target", "mode", "position", "armed")


def devices(snap: Snapshot) -> list[Row]:
    """The devices of a snapshot, each with its room's name under ``room``."""
    rooms = {r["id"]: r["name"] for r in snap["smarthome"]["rooms"]}
    return [{**d, "room": rooms[d["room_id"]]} for d in snap["smarthome"]["devices"]]


def states(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """Every device's changeable fields by device name (what checks compare)."""
    return {d["name"]: {k: d[k] for k in MUTABLE if d[k] is not None} for d in devices(snap)}


def expect(
    p: Params, snap: Snapshot, want: Mapping[str, Mapping[str, Any]], free: tuple[str, ...] = ()
) -> CheckResult:
    """``want``'s fields hold, and every other device (except ``free`` ones) is as before."""
    now = states(snap)
    for name, fields in want.items():
        for key, value in fields.items():
            if now[name][key] != value:
                return failed(f"{name}: {key} is {now[name][key]!r}, expected {value!r}")
    for name, before in p["before"].items():
        if name not in want and name not in free and now[name] != before:
            return failed(f"{name} should not have changed: {before} became {now[name]}")
    return passed()


def api_devices(client: Any, **query: str) -> list[dict[str, Any]]:
    """The API's device list (optionally filtered by ``room`` or ``kind``)."""
    found: list[dict[str, Any]] = client.get("/api/smarthome/devices", params=query).json()
    return found


def api_patch(client: Any, device_id: int, **fields: Any) -> None:
    """Change a device through the API; an error response raises."""
    client.patch(f"/api/smarthome/devices/{device_id}", json=fields).raise_for_status()


def tab(name: str) -> Press:
    """Open a dashboard tab (a room, or a labelled one like Scenes)."""
    return Press(name, "tab")


# ---- lights ----------------------------------------------------------------------------------


def _sample_room_lights(rng: random.Random, snap: Snapshot) -> Params:
    rows = devices(snap)
    rooms = sorted(
        {
            d["room"]
            for d in rows
            if d["kind"] == "light"
            and d["power"]
            and sum(o["kind"] == "light" and o["room"] == d["room"] for o in rows) > 1
        }
    )
    room = rng.choice(rooms)
    lights = [d for d in rows if d["kind"] == "light" and d["room"] == room]
    return {
        "room": room,
        "room_lower": room.lower(),
        "lights": [d["name"] for d in lights],
        "lights_on": [d["name"] for d in lights if d["power"]],
        "before": states(snap),
    }


def _room_lights_gui(p: Params, lay: Layout) -> Plan:
    plan: list[Any] = [tab(p["room"])]
    for name in p["lights_on"]:
        plan += [Tick(label("switch", lay, name), on=False), WaitFor(f"{name}: Off")]
    return [*plan, Done("The lights are off.")]


def _room_lights_api(p: Params, client: Any) -> str:
    for d in api_devices(client, room=p["room"], kind="light"):
        if d["power"]:
            api_patch(client, d["id"], power=False)
    return "The lights are off."


ROOM_LIGHTS_OFF = TaskTemplate(
    id="smarthome/room-lights-off",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Turn off the {room_lower} lights.",
        "Switch off all the lights in the {room_lower}.",
        "Lights off in the {room_lower}, please.",
    ),
    start_path="/smarthome/",
    sample=_sample_room_lights,
    check=lambda p, s, o: expect(p, s, {n: {"power": 0} for n in p["lights"]}),
    gui=_room_lights_gui,
    api=_room_lights_api,
)


def _sample_dim(rng: random.Random, snap: Snapshot) -> Params:
    lights = [d for d in devices(snap) if d["kind"] == "light" and d["name"] != "Porch light"]
    light = rng.choice(lights)
    levels = [v for v in range(10, 100, 10) if not light["power"] or v != light["brightness"]]
    return {
        "light": light["name"],
        "light_lower": light["name"].lower(),
        "room": light["room"],
        "id": light["id"],
        "level": rng.choice(levels),
        "before": states(snap),
    }


DIM = TaskTemplate(
    id="smarthome/dim-light",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Dim the {light_lower} to {level}%.",
        "Set the {light_lower} to {level} percent brightness.",
        "I want the {light_lower} on at {level}%.",
    ),
    start_path="/smarthome/",
    sample=_sample_dim,
    check=lambda p, s, o: expect(p, s, {p["light"]: {"power": 1, "brightness": p["level"]}}),
    gui=lambda p, lay: [
        tab(p["room"]),
        Fill(label("brightness", lay, p["light"]), str(p["level"]), submit=True),
        WaitFor(f"{p['light']}: On · {p['level']} %"),
        Done("Done."),
    ],
    api=lambda p, c: api_patch(c, p["id"], brightness=p["level"], power=True),
)


def _sample_porch(rng: random.Random, snap: Snapshot) -> Params:
    porch = next(d for d in devices(snap) if d["name"] == "Porch light")
    return {"id": porch["id"], "brightness": porch["brightness"], "before": states(snap)}


PORCH = TaskTemplate(
    id="smarthome/porch-light-on",
    tier="single",
    kind="act",
    split="train",
    phrasings=(
        "Turn on the porch light.",
        "Switch the porch light on.",
        "Can you put the porch light on?",
    ),
    start_path="/smarthome/",
    sample=_sample_porch,
    check=lambda p, s, o: expect(p, s, {"Porch light": {"power": 1}}),
    gui=lambda p, lay: [
        Tick(label("switch", lay, "Porch light"), on=True),
        WaitFor("Porch light: On"),
        Done("The porch light is on."),
    ],
    api=lambda p, c: api_patch(c, p["id"], power=True),
)

# ---- blinds ----------------------------------------------------------------------------------


def _sample_blinds(rng: random.Random, snap: Snapshot) -> Params:
    blinds = [d for d in devices(snap) if d["kind"] == "blinds"]
    half = rng.choice([d for d in blinds if d["position"] != 50])
    return {
        "open": [(d["name"], d["room"]) for d in blinds if d["position"] > 0],
        "all": [d["name"] for d in blinds],
        "blinds": half["name"],
        "blinds_lower": half["name"].lower(),
        "room": half["room"],
        "id": half["id"],
        "before": states(snap),
    }


def _close_all_gui(p: Params, lay: Layout) -> Plan:
    plan: list[Any] = []
    for name, room in p["open"]:
        plan += [tab(room), Press(label("close", lay, name), "button"), WaitFor(f"{name}: Closed")]
    return [*plan, Done("All blinds are closed.")]


def _close_all_api(p: Params, client: Any) -> str:
    for d in api_devices(client, kind="blinds"):
        if d["position"]:
            api_patch(client, d["id"], position=0)
    return "All blinds are closed."


CLOSE_BLINDS = TaskTemplate(
    id="smarthome/close-all-blinds",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Close all the blinds.",
        "Shut every blind in the house.",
        "Lower all the blinds, please.",
    ),
    start_path="/smarthome/",
    sample=_sample_blinds,
    check=lambda p, s, o: expect(p, s, {n: {"position": 0} for n in p["all"]}),
    gui=_close_all_gui,
    api=_close_all_api,
)

HALF_BLINDS = TaskTemplate(
    id="smarthome/blinds-halfway",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Open the {blinds_lower} halfway.",
        "Set the {blinds_lower} to half open.",
        "Put the {blinds_lower} at 50%.",
    ),
    start_path="/smarthome/",
    sample=_sample_blinds,
    check=lambda p, s, o: expect(p, s, {p["blinds"]: {"position": 50}}),
    gui=lambda p, lay: [
        tab(p["room"]),
        Fill(label("position", lay, p["blinds"]), "50", submit=True),
        WaitFor(f"{p['blinds']}: Open 50 %"),
        Done("Done."),
    ],
    api=lambda p, c: api_patch(c, p["id"], position=50),
)

# ---- locks and scenes ------------------------------------------------------------------------


def _sample_home(rng: random.Random, snap: Snapshot) -> Params:
    rows = devices(snap)
    return {
        "unlocked": [
            (d["name"], d["room"]) for d in rows if d["kind"] == "lock" and not d["locked"]
        ],
        "locks": [d["name"] for d in rows if d["kind"] == "lock"],
        "lights": [d["name"] for d in rows if d["kind"] == "light"],
        "before": states(snap),
    }


def _lock_all_gui(p: Params, lay: Layout) -> Plan:
    plan: list[Any] = []
    for name, room in p["unlocked"]:
        plan += [tab(room), Press(label("lock", lay, name), "button"), WaitFor(f"{name}: Locked")]
    return [*plan, Done("All doors are locked.")]


def _lock_all_api(p: Params, client: Any) -> str:
    for d in api_devices(client, kind="lock"):
        if not d["locked"]:
            api_patch(client, d["id"], locked=True)
    return "All doors are locked."


LOCK_ALL = TaskTemplate(
    id="smarthome/lock-all-doors",
    tier="multi",
    kind="act",
    split="train",
    phrasings=("Lock all the doors.", "Make sure every door is locked.", "Lock up the house."),
    start_path="/smarthome/",
    sample=_sample_home,
    check=lambda p, s, o: expect(p, s, {n: {"locked": 1} for n in p["locks"]}),
    gui=_lock_all_gui,
    api=_lock_all_api,
)


def _check_bed(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    want: dict[str, dict[str, Any]] = {n: {"power": 0} for n in p["lights"]}
    want.update({n: {"locked": 1} for n in p["locks"]})
    want["Smoke alarm"] = {"armed": 1}
    # the Good night scene also turns the heating down; doing it by hand need not
    return expect(p, snap, want, free=("Thermostat",))


def _scene_gui(name: str, lay: Layout) -> Plan:
    return [
        tab(LABELS("scenes", lay)),
        Press(label("run_scene", lay, name), "button"),
        Press(label("activate", lay), "button"),
        WaitFor(f"Scene {name} activated"),
    ]


def _bed_api(p: Params, client: Any) -> str:
    # by hand rather than through the scene: both are valid ways
    for d in api_devices(client):
        if d["kind"] == "light" and d["power"]:
            api_patch(client, d["id"], power=False)
        if d["kind"] == "lock" and not d["locked"]:
            api_patch(client, d["id"], locked=True)
    return "Good night: lights are off and the doors are locked."


BED = TaskTemplate(
    id="smarthome/going-to-bed",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "I'm going to bed.",
        "Time for bed: turn everything off and lock up.",
        "Get the house ready for the night: all lights off, all doors locked.",
    ),
    start_path="/smarthome/",
    sample=_sample_home,
    check=_check_bed,
    gui=lambda p, lay: [*_scene_gui("Good night", lay), Done("Good night!")],
    api=_bed_api,
)

_MOVIE = {
    "Living room ceiling light": {"power": 0},
    "Living room floor lamp": {"power": 1, "brightness": 20},
    "Living room blinds": {"position": 0},
}


def _movie_api(p: Params, client: Any) -> str:
    scenes = client.get("/api/smarthome/scenes").json()
    movie = next(s for s in scenes if s["name"] == "Movie")
    client.post(f"/api/smarthome/scenes/{movie['id']}/activate").raise_for_status()
    return "Movie scene on."


MOVIE = TaskTemplate(
    id="smarthome/movie-scene",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Start the Movie scene.",
        "Movie time: put the living room in Movie mode.",
        "Activate the Movie scene so the living room gets dim.",
    ),
    start_path="/smarthome/",
    sample=lambda rng, snap: {"before": states(snap)},
    check=lambda p, s, o: expect(p, s, _MOVIE),
    gui=lambda p, lay: [*_scene_gui("Movie", lay), Done("Enjoy the movie.")],
    api=_movie_api,
)

# ---- thermostat ------------------------------------------------------------------------------


def thermostat_status(target: int, mode: str) -> str:
    """The start of the thermostat's status line for a target and mode."""
    if mode == "off":
        return "Thermostat: Off"
    return f"Thermostat: {'Heating' if mode == 'heat' else 'Cooling'} to {target} °C"


def set_thermostat_gui(target: int, mode: str | None, lay: Layout) -> Plan:
    """From the home page (the thermostat is a favourite): set target and mode, save."""
    plan: list[Any] = [Fill(label("target", lay), str(target))]
    if mode is not None:
        plan.append(Choose(label("mode", lay), mode))
    return [*plan, Press(label("save_thermostat", lay), "button")]


def _sample_thermostat(rng: random.Random, snap: Snapshot) -> Params:
    t = next(d for d in devices(snap) if d["kind"] == "thermostat")
    mode = rng.choice(("heat", "heat", "cool"))
    target = rng.choice([v for v in range(16, 27) if v != t["target"]])
    return {
        "id": t["id"],
        "target": target,
        "mode": mode,
        "mode_word": "heating" if mode == "heat" else "cooling",
        "old_mode": t["mode"],
        "before": states(snap),
    }


THERMOSTAT = TaskTemplate(
    id="smarthome/set-thermostat",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Set the thermostat to {target} degrees, {mode} mode.",
        "Put the thermostat on {mode_word} at {target} °C.",
        "I'd like the house at {target} degrees with the thermostat on {mode}.",
    ),
    start_path="/smarthome/",
    sample=_sample_thermostat,
    check=lambda p, s, o: expect(p, s, {"Thermostat": {"target": p["target"], "mode": p["mode"]}}),
    gui=lambda p, lay: [
        *set_thermostat_gui(p["target"], p["mode"], lay),
        WaitFor(thermostat_status(p["target"], p["mode"])),
        Done("Done."),
    ],
    api=lambda p, c: api_patch(c, p["id"], target=p["target"], mode=p["mode"]),
)


# ---- vacation --------------------------------------------------------------------------------


def _sample_vacation(rng: random.Random, snap: Snapshot) -> Params:
    away = date(2026, 12, 1) + timedelta(days=rng.randint(5, 25))
    back = away + timedelta(days=rng.randint(3, 14))
    return {
        "away": away.isoformat(),
        "back": back.isoformat(),
        "away_words": f"{away:%A}, {away:%B} {away.day}",
        "back_words": f"{back:%A}, {back:%B} {back.day}",
        "before": states(snap),
    }


def _check_vacation(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    plans = snap["smarthome"]["vacation"]
    got = [(v["away"], v["back"]) for v in plans]
    if got != [(p["away"], p["back"])]:
        return failed(f"vacation is {got or 'not set'}, expected {p['away']} to {p['back']}")
    return expect(p, snap, {})


def _vacation_api(p: Params, client: Any) -> str:
    body = {"away": p["away"], "back": p["back"]}
    client.put("/api/smarthome/vacation", json=body).raise_for_status()
    return "Vacation mode is planned."


VACATION = TaskTemplate(
    id="smarthome/vacation-mode",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "I'm away from {away_words} until {back_words}; set up vacation mode.",
        "Put the house in vacation mode: we leave on {away_words} and are back on {back_words}.",
        "We're travelling {away_words} and coming home {back_words}. Plan the vacation in the hub.",
    ),
    start_path="/smarthome/",
    sample=_sample_vacation,
    check=_check_vacation,
    gui=lambda p, lay: [
        tab(LABELS("vacation", lay)),
        Fill(label("away", lay), p["away"]),
        Fill(label("back", lay), p["back"]),
        Press(label("save_vacation", lay), "button"),
        WaitFor("Vacation set"),
        Done("Vacation mode is planned."),
    ],
    api=_vacation_api,
)
