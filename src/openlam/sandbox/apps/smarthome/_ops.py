"""Smart home operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from openlam.sandbox._world import AppDB, Row
from openlam.sandbox.apps.smarthome._data import FIELDS, MODES, TARGETS


class DeviceError(ValueError):
    """A device change that cannot be made; the message says why."""


class UnknownDevice(DeviceError):
    """No device (or scene) with that id."""


_TRUE = ("1", "on", "true", "yes")
_FALSE = ("0", "off", "false", "no")


def _flag(field: str, value: object) -> int:
    text = str(value).strip().casefold()
    if text in _TRUE:
        return 1
    if text in _FALSE:
        return 0
    raise DeviceError(f"{field} must be on or off, not {value!r}")


def _number(field: str, value: object, low: int, high: int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.lstrip("-").isdigit():
        raise DeviceError(f"{field} must be a whole number from {low} to {high}")
    number = int(text)
    if not low <= number <= high:
        raise DeviceError(f"{field} must be from {low} to {high}, not {number}")
    return number


def device(db: AppDB, device_id: int) -> Row:
    """One device with its room's name, or ``UnknownDevice``."""
    row = db.one(
        "SELECT d.*, r.name AS room, r.slug AS room_slug FROM devices d "
        "JOIN rooms r ON r.id = d.room_id WHERE d.id=?",
        (device_id,),
    )
    if row is None:
        raise UnknownDevice(f"no device {device_id}")
    return row


def _validated(row: Row, changes: Mapping[str, object]) -> dict[str, Any]:
    allowed = FIELDS[row["kind"]]
    unknown = [k for k in changes if k not in allowed]
    if unknown:
        raise DeviceError(
            f"a {row['kind']} has no {', '.join(unknown)}; it has {', '.join(allowed)}"
        )
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field in ("power", "locked", "armed"):
            out[field] = _flag(field, value)
        elif field == "brightness":
            out[field] = _number(field, value, 1, 100)
        elif field == "position":
            out[field] = _number(field, value, 0, 100)
        elif field == "target":
            out[field] = _number(field, value, *TARGETS)
        elif str(value) in MODES:
            out[field] = str(value)
        else:
            raise DeviceError(f"mode must be one of {', '.join(MODES)}, not {value!r}")
    if "brightness" in out and "power" not in out:
        out["power"] = 1  # like real bulbs: choosing a level turns the light on
    if not out:
        raise DeviceError(f"nothing to change: give {', '.join(allowed)}")
    return out


def _apply(db: AppDB, row: Row, changes: Mapping[str, object]) -> str:
    """Validate and write one device's changes (no transaction of its own)."""
    values = _validated(row, changes)
    sets = ", ".join(f"{k}=?" for k in values)
    db.execute(f"UPDATE devices SET {sets} WHERE id=?", [*values.values(), row["id"]])
    text = f"{row['name']}: {status(device(db, row['id']))}"
    db.insert("activity", {"device_id": row["id"], "text": text})
    return text


def change(db: AppDB, device_id: int, changes: Mapping[str, object]) -> str:
    """Change one device (fields by kind, see ``FIELDS``); returns what it now does."""
    with db.transaction():
        return _apply(db, device(db, device_id), changes)


def scene(db: AppDB, scene_id: int) -> tuple[Row, list[Row]]:
    """A scene and its steps (with device names), or ``UnknownDevice``."""
    row = db.one("SELECT * FROM scenes WHERE id=?", (scene_id,))
    if row is None:
        raise UnknownDevice(f"no scene {scene_id}")
    steps = db.query(
        "SELECT s.*, d.name AS device FROM scene_steps s JOIN devices d ON d.id = s.device_id "
        "WHERE s.scene_id=? ORDER BY s.id",
        (scene_id,),
    )
    return row, steps


def activate(db: AppDB, scene_id: int) -> str:
    """Run every step of a scene, all or nothing."""
    row, steps = scene(db, scene_id)
    with db.transaction():
        for step in steps:
            _apply(db, device(db, step["device_id"]), {step["field"]: step["value"]})
    return f"Scene {row['name']} activated"


def _day(field: str, text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise DeviceError(f"{field} must be a date (YYYY-MM-DD), not {text!r}") from None
    if not 2026 <= day.year <= 2027:
        raise DeviceError(f"{field} must be in 2026 or 2027")
    return day


def set_vacation(db: AppDB, away: str, back: str) -> str:
    """Plan an absence: the hub simulates presence with the lights between these days."""
    first, last = _day("away", away), _day("back", back)
    if last <= first:
        raise DeviceError("the return date must be after the departure date")
    db.execute(
        "INSERT OR REPLACE INTO vacation (id, away, back) VALUES (1, ?, ?)",
        (first.isoformat(), last.isoformat()),
    )
    return f"Vacation set: away {first.isoformat()}, back {last.isoformat()}"


def clear_vacation(db: AppDB) -> str:
    """Cancel a planned absence."""
    db.execute("DELETE FROM vacation")
    return "Vacation cleared"


def status(row: Row) -> str:
    """What a device is doing, in words (``On · 30 %``, ``Locked``, ``Heating to 21 °C``)."""
    kind = row["kind"]
    if kind == "light":
        return f"On · {row['brightness']} %" if row["power"] else "Off"
    if kind == "lock":
        return "Locked" if row["locked"] else "Unlocked"
    if kind == "blinds":
        pos = row["position"]
        return "Closed" if pos == 0 else "Fully open" if pos == 100 else f"Open {pos} %"
    if kind == "thermostat":
        now = f"now {row['current']:.1f} °C"
        if row["mode"] == "off":
            return f"Off · {now}"
        verb = "Heating" if row["mode"] == "heat" else "Cooling"
        return f"{verb} to {row['target']} °C · {now}"
    return f"Armed · battery {row['battery']} %" if row["armed"] else "Disarmed"


_STEPS = {
    "power": lambda n, v: f"Turn {'on' if v else 'off'} {n}",
    "locked": lambda n, v: f"{'Lock' if v else 'Unlock'} {n}",
    "brightness": lambda n, v: f"Set {n} to {v} %",
    "position": lambda n, v: f"Move {n} to {v} % open",
    "target": lambda n, v: f"Set {n} to {v} °C",
    "mode": lambda n, v: f"Switch {n} to {v}",
    "armed": lambda n, v: f"{'Arm' if v else 'Disarm'} {n}",
}


def step_text(step: Row) -> str:
    """A scene step in words (``Turn off Porch light``)."""
    text: str = _STEPS[step["field"]](step["device"], step["value"])
    return text
