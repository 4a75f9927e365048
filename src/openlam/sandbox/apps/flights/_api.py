"""SkyWay JSON API (OpenAPI at ``/api/flights/openapi.json``)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.flights._data import FARE_RULES, POSITION, SEATS, SPEC
from openlam.sandbox.apps.flights._ops import (
    CardDeclined,
    FlightError,
    add_bags,
    book,
    cancel,
    choose_seat,
    taken_seats,
)


class PassengerIn(BaseModel):
    """One traveller; ``seat`` (e.g. ``12A``) is optional."""

    first_name: str = Field(min_length=1)
    last_name: str = Field(min_length=1)
    email: str = Field(min_length=3)
    seat: str | None = None


class CardIn(BaseModel):
    """Payment card; only the test card 4242 4242 4242 4242 is accepted."""

    number: str
    expiry: str = Field(description="MM/YY")
    cvc: str = Field(description="3 digits")


class NewBooking(BaseModel):
    """A booking to create and pay in one request."""

    flight_id: int
    fare: Literal["Basic", "Standard", "Flex"]
    passengers: list[PassengerIn] = Field(min_length=1, max_length=4)
    card: CardIn


class SeatChange(BaseModel):
    """A new seat for passenger ``passenger`` (1-based) of a booking."""

    passenger: int = Field(1, ge=1, le=4)
    seat: str


class BagPurchase(BaseModel):
    """Extra checked bags to buy."""

    count: int = Field(ge=1, le=3)


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="SkyWay API",
        version="1.0",
        description="Search flights, book and pay, manage seats, bags and cancellations.",
    )
    db = world.db(SPEC.name)
    _search_endpoints(app, db)
    _booking_endpoints(app, db)
    return app


def _flight(db: AppDB, fid: int) -> dict[str, Any]:
    row = db.one("SELECT * FROM flights WHERE id=?", (fid,))
    if row is None:
        raise HTTPException(404, f"no flight {fid}")
    row.pop("taken")
    return row


def _booking(db: AppDB, ref: str) -> dict[str, Any]:
    row = db.one("SELECT * FROM bookings WHERE ref=?", (ref,))
    if row is None:
        raise HTTPException(404, f"no booking {ref}")
    row["flight"] = _flight(db, row["flight_id"])
    row["passengers"] = db.query(
        "SELECT position, first AS first_name, last AS last_name, email, seat FROM passengers "
        "WHERE booking_id=? ORDER BY position",
        (row.pop("id"),),
    )
    return row


def _search_endpoints(app: FastAPI, db: AppDB) -> None:
    @app.get("/airports", summary="Airports served")
    def airports() -> list[dict[str, Any]]:
        return db.query("SELECT * FROM airports ORDER BY city")

    @app.get("/fares", summary="What each fare includes")
    def fares() -> dict[str, list[str]]:
        return {fare: list(rules) for fare, rules in FARE_RULES.items()}

    @app.get("/flights", summary="Search flights (sorted by the Basic fare, then departure)")
    def flights(
        origin: str, destination: str, date: str, direct_only: bool = False
    ) -> list[dict[str, Any]]:
        rows = db.query(
            "SELECT * FROM flights WHERE origin=? AND destination=? AND date=? "
            "AND (? = 0 OR stops = 0) ORDER BY basic, depart",
            (origin.upper(), destination.upper(), date, int(direct_only)),
        )
        for row in rows:
            row.pop("taken")
        return rows

    @app.get("/flights/{fid}", summary="One flight")
    def one_flight(fid: int) -> dict[str, Any]:
        return _flight(db, fid)

    @app.get("/flights/{fid}/seats", summary="The seat map: every seat, its position, free or not")
    def seats(fid: int) -> list[dict[str, Any]]:
        _flight(db, fid)
        taken = taken_seats(db, fid)
        return [{"seat": s, "position": POSITION[s[-1]], "free": s not in taken} for s in SEATS]


def _booking_endpoints(app: FastAPI, db: AppDB) -> None:
    @app.get("/bookings", summary="The person's bookings (confirmed and cancelled)")
    def bookings() -> list[dict[str, Any]]:
        refs = db.query(
            "SELECT b.ref FROM bookings b JOIN flights f ON f.id = b.flight_id "
            "WHERE b.status != 'draft' ORDER BY f.date, f.depart"
        )
        return [_booking(db, r["ref"]) for r in refs]

    @app.get("/bookings/{ref}", summary="One booking")
    def one_booking(ref: str) -> dict[str, Any]:
        return _booking(db, ref)

    @app.post("/bookings", status_code=201, summary="Book and pay (402 if the card is declined)")
    def create(body: NewBooking) -> dict[str, Any]:
        _flight(db, body.flight_id)
        people = [
            {"first": p.first_name, "last": p.last_name, "email": p.email, "seat": p.seat or ""}
            for p in body.passengers
        ]
        try:
            ref = book(db, body.flight_id, body.fare, people, body.card.model_dump())
        except CardDeclined as exc:
            raise HTTPException(402, str(exc)) from None
        except FlightError as exc:
            raise HTTPException(409, str(exc)) from None
        return _booking(db, ref)

    @app.post("/bookings/{ref}/seat", summary="Choose or change a passenger's seat")
    def seat(ref: str, body: SeatChange) -> dict[str, Any]:
        _booking(db, ref)
        try:
            choose_seat(db, ref, body.passenger, body.seat)
        except FlightError as exc:
            raise HTTPException(409, str(exc)) from None
        return _booking(db, ref)

    @app.post("/bookings/{ref}/bags", summary="Buy extra checked bags (€35 each)")
    def bags(ref: str, body: BagPurchase) -> dict[str, Any]:
        _booking(db, ref)
        try:
            add_bags(db, ref, body.count)
        except FlightError as exc:
            raise HTTPException(409, str(exc)) from None
        return _booking(db, ref)

    @app.post("/bookings/{ref}/cancel", summary="Cancel a booking")
    def cancel_one(ref: str) -> dict[str, Any]:
        _booking(db, ref)
        try:
            cancel(db, ref)
        except FlightError as exc:
            raise HTTPException(409, str(exc)) from None
        return _booking(db, ref)
