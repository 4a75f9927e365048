"""Smart home JSON API (OpenAPI at ``/api/smarthome/openapi.json``)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.smarthome._data import SPEC
from openlam.sandbox.apps.smarthome._ops import (
    DeviceError,
    UnknownDevice,
    activate,
    change,
    clear_vacation,
    device,
    scene,
    set_vacation,
    status,
)


class DeviceChange(BaseModel):
    """Fields to change on a device; which ones apply depends on its kind."""

    model_config = ConfigDict(extra="forbid")

    power: bool | None = Field(None, description="lights: on or off")
    brightness: int | None = Field(
        None, ge=1, le=100, description="lights, in %; turns the light on unless power is given"
    )
    locked: bool | None = Field(None, description="locks")
    target: int | None = Field(None, ge=10, le=30, description="thermostat, °C")
    mode: Literal["heat", "cool", "off"] | None = Field(None, description="thermostat")
    position: int | None = Field(None, ge=0, le=100, description="blinds: 0 closed, 100 open")
    armed: bool | None = Field(None, description="alarms")


class Vacation(BaseModel):
    """A planned absence: the hub simulates presence with the lights in between."""

    model_config = ConfigDict(extra="forbid")

    away: str = Field(description="first day away, YYYY-MM-DD")
    back: str = Field(description="the day of return, YYYY-MM-DD, after away")


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """A device as the API shows it: only the fields its kind has, plus a status line."""
    keep = {
        "light": ("power", "brightness"),
        "lock": ("locked",),
        "thermostat": ("target", "mode", "current"),
        "blinds": ("position",),
        "alarm": ("armed", "battery"),
    }[row["kind"]]
    out = {k: row[k] for k in ("id", "name", "kind", "room")}
    for k in keep:
        out[k] = bool(row[k]) if k in ("power", "locked", "armed") else row[k]
    out["status"] = status(row)
    return out


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="HomeHub API",
        version="1.0",
        description="Read and control the devices of a home; run scenes.",
    )
    db = world.db(SPEC.name)

    def one(device_id: int) -> dict[str, Any]:
        try:
            return _public(device(db, device_id))
        except UnknownDevice as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/rooms", summary="Rooms")
    def rooms() -> list[dict[str, Any]]:
        return db.query("SELECT * FROM rooms ORDER BY id")

    @app.get("/devices", summary="Devices, optionally of one room or kind")
    def devices(room: str = "", kind: str = "") -> list[dict[str, Any]]:
        rows = db.query("SELECT id FROM devices ORDER BY id")
        found = [one(r["id"]) for r in rows]
        return [
            d
            for d in found
            if (not room or room.casefold() == d["room"].casefold())
            and (not kind or kind == d["kind"])
        ]

    @app.get("/devices/{device_id}", summary="One device")
    def get_device(device_id: int) -> dict[str, Any]:
        return one(device_id)

    @app.patch("/devices/{device_id}", summary="Change a device")
    def patch_device(device_id: int, body: DeviceChange) -> dict[str, Any]:
        one(device_id)  # 404 for an unknown device
        try:
            change(db, device_id, body.model_dump(exclude_none=True))
        except DeviceError as exc:
            raise HTTPException(409, str(exc)) from None
        return one(device_id)

    _scene_routes(app, db)
    _vacation_routes(app, db)
    return app


def _vacation_routes(app: FastAPI, db: AppDB) -> None:
    @app.get("/vacation", summary="The planned absence, or null")
    def vacation() -> dict[str, Any] | None:
        return db.one("SELECT away, back FROM vacation")

    @app.put("/vacation", summary="Plan an absence")
    def plan(body: Vacation) -> dict[str, Any] | None:
        try:
            set_vacation(db, body.away, body.back)
        except DeviceError as exc:
            raise HTTPException(422, str(exc)) from None
        return vacation()

    @app.delete("/vacation", summary="Cancel the planned absence")
    def cancel() -> dict[str, str]:
        return {"message": clear_vacation(db)}


def _scene_routes(app: FastAPI, db: AppDB) -> None:
    @app.get("/scenes", summary="Scenes")
    def scenes() -> list[dict[str, Any]]:
        return [_scene(db, r["id"]) for r in db.query("SELECT id FROM scenes ORDER BY id")]

    @app.get("/scenes/{scene_id}", summary="One scene with its steps")
    def get_scene(scene_id: int) -> dict[str, Any]:
        return _scene(db, scene_id)

    @app.post("/scenes/{scene_id}/activate", summary="Run a scene")
    def run_scene(scene_id: int) -> dict[str, Any]:
        _scene(db, scene_id)
        try:
            message = activate(db, scene_id)
        except DeviceError as exc:
            raise HTTPException(409, str(exc)) from None
        return {"message": message, "scene": _scene(db, scene_id)}


def _scene(db: AppDB, scene_id: int) -> dict[str, Any]:
    try:
        row, steps = scene(db, scene_id)
    except UnknownDevice as exc:
        raise HTTPException(404, str(exc)) from None
    return {
        **row,
        "steps": [
            {"device_id": s["device_id"], "device": s["device"], s["field"]: s["value"]}
            for s in steps
        ],
    }
