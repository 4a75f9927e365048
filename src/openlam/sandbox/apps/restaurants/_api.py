"""Restaurants JSON API (OpenAPI at ``/api/restaurants/openapi.json``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from openlam.sandbox._world import World
from openlam.sandbox.apps.restaurants._data import SPEC
from openlam.sandbox.apps.restaurants._ops import BookingError, cancel, reserve, update


class NewReservation(BaseModel):
    """A reservation request."""

    restaurant_id: int
    date: str = Field(description="YYYY-MM-DD")
    time: str = Field(description="HH:MM, 17:00-22:30 in steps of 30 minutes")
    party: int = Field(ge=1, le=10)
    name: str = Field(min_length=1)
    requests: str = ""


class ReservationChange(BaseModel):
    """Fields to change on a reservation; omitted ones stay."""

    date: str | None = None
    time: str | None = None
    party: int | None = Field(None, ge=1, le=10)


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="TableTime API",
        version="1.0",
        description="Search restaurants and manage reservations.",
    )
    db = world.db(SPEC.name)

    def reservation(code: str) -> dict[str, Any]:
        row = db.one(
            "SELECT v.*, r.name AS restaurant FROM reservations v JOIN restaurants r "
            "ON r.id = v.restaurant_id WHERE v.code=?",
            (code,),
        )
        if row is None:
            raise HTTPException(404, f"no reservation {code}")
        return row

    @app.get("/restaurants", summary="Search restaurants")
    def restaurants(cuisine: str = "", area: str = "") -> list[dict[str, Any]]:
        return db.query(
            "SELECT * FROM restaurants WHERE (?='' OR cuisine=?) AND "
            "(?='' OR area=?) ORDER BY name",
            (cuisine, cuisine, area, area),
        )

    @app.get("/restaurants/{rid}", summary="One restaurant")
    def restaurant(rid: int) -> dict[str, Any]:
        row = db.one("SELECT * FROM restaurants WHERE id=?", (rid,))
        if row is None:
            raise HTTPException(404, f"no restaurant {rid}")
        return row

    @app.get("/reservations", summary="The person's reservations")
    def reservations() -> list[dict[str, Any]]:
        return db.query(
            "SELECT v.*, r.name AS restaurant FROM reservations v JOIN "
            "restaurants r ON r.id = v.restaurant_id ORDER BY v.date, v.time"
        )

    @app.post("/reservations", status_code=201, summary="Book a table")
    def create(body: NewReservation) -> dict[str, Any]:
        fields = {k: str(v) for k, v in body.model_dump().items()}
        try:
            code = reserve(db, body.restaurant_id, fields)
        except BookingError as exc:
            raise HTTPException(409, str(exc)) from None
        return reservation(code)

    @app.patch("/reservations/{code}", summary="Change a reservation")
    def change(code: str, body: ReservationChange) -> dict[str, Any]:
        reservation(code)  # 404 for an unknown code
        fields = {k: str(v) for k, v in body.model_dump(exclude_none=True).items()}
        try:
            update(db, code, fields)
        except BookingError as exc:
            raise HTTPException(409, str(exc)) from None
        return reservation(code)

    @app.post("/reservations/{code}/cancel", summary="Cancel a reservation")
    def cancel_one(code: str) -> dict[str, Any]:
        reservation(code)
        try:
            cancel(db, code)
        except BookingError as exc:
            raise HTTPException(409, str(exc)) from None
        return reservation(code)

    return app
