"""Calendar JSON API (OpenAPI at ``/api/calendar/openapi.json``)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.calendar._data import SPEC, VISIBLE
from openlam.sandbox.apps.calendar._ops import (
    CalendarError,
    UnknownEvent,
    add_attendee,
    clear_day,
    create,
    delete,
    event,
    on_day,
    respond,
    search,
    update,
)

_TIME = r"^\d\d:\d\d$"


class NewEvent(BaseModel):
    """An event to create."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    date: str = Field(description="YYYY-MM-DD")
    start: str = Field(pattern=_TIME, description="HH:MM, 07:00-22:00 in 30-minute steps")
    end: str = Field(pattern=_TIME, description="HH:MM, after start")
    location: str = ""
    notes: str = ""
    attendees: list[str] = Field(default_factory=list)


class EventChange(BaseModel):
    """Fields to change on an event; omitted ones stay."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1)
    date: str | None = None
    start: str | None = Field(None, pattern=_TIME)
    end: str | None = Field(None, pattern=_TIME)
    location: str | None = None
    notes: str | None = None


class NewAttendee(BaseModel):
    """A person to invite."""

    name: str = Field(min_length=1)


class Response(BaseModel):
    """An answer to an invitation."""

    response: Literal["accepted", "declined"]


def _found(db: AppDB, event_id: int) -> dict[str, Any]:
    try:
        return event(db, event_id)
    except UnknownEvent as exc:
        raise HTTPException(404, str(exc)) from None


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="Agenda API",
        version="1.0",
        description="Read and manage calendar events and answer invitations.",
    )
    db = world.db(SPEC.name)

    @app.get("/events", summary="Events in the calendar, optionally of one day or matching q")
    def events(date: str = "", q: str = "") -> list[dict[str, Any]]:
        if q:
            return [
                e
                for e in search(db, q)
                if e["response"] in VISIBLE and (not date or e["date"] == date)
            ]
        if date:
            return on_day(db, date)
        rows = db.query(
            "SELECT id FROM events WHERE response IN (?, ?) ORDER BY date, start", VISIBLE
        )
        return [event(db, r["id"]) for r in rows]

    @app.get("/events/{event_id}", summary="One event")
    def get_event(event_id: int) -> dict[str, Any]:
        return _found(db, event_id)

    @app.post("/events", status_code=201, summary="Create an event")
    def create_event(body: NewEvent) -> dict[str, Any]:
        fields = body.model_dump(exclude={"attendees"})
        try:
            eid = create(db, fields, body.attendees)
        except CalendarError as exc:
            raise HTTPException(409, str(exc)) from None
        return _found(db, eid)

    @app.patch("/events/{event_id}", summary="Change (or reschedule) an event")
    def change_event(event_id: int, body: EventChange) -> dict[str, Any]:
        _found(db, event_id)
        try:
            update(db, event_id, body.model_dump(exclude_none=True))
        except CalendarError as exc:
            raise HTTPException(409, str(exc)) from None
        return _found(db, event_id)

    @app.delete("/events/{event_id}", summary="Delete an event")
    def delete_event(event_id: int) -> dict[str, Any]:
        _found(db, event_id)
        try:
            return delete(db, event_id)
        except CalendarError as exc:
            raise HTTPException(409, str(exc)) from None

    _more_routes(app, db)
    return app


def _more_routes(app: FastAPI, db: AppDB) -> None:
    @app.post("/events/{event_id}/attendees", status_code=201, summary="Invite someone")
    def invite(event_id: int, body: NewAttendee) -> dict[str, Any]:
        _found(db, event_id)
        try:
            add_attendee(db, event_id, body.name)
        except CalendarError as exc:
            raise HTTPException(409, str(exc)) from None
        return _found(db, event_id)

    @app.get("/invitations", summary="Invitations (pending first)")
    def invitations() -> list[dict[str, Any]]:
        rows = db.query(
            "SELECT id FROM events WHERE response != 'organizer' "
            "ORDER BY response != 'pending', date, start"
        )
        return [event(db, r["id"]) for r in rows]

    @app.post("/invitations/{event_id}/respond", summary="Accept or decline an invitation")
    def answer(event_id: int, body: Response) -> dict[str, Any]:
        _found(db, event_id)
        try:
            respond(db, event_id, body.response)
        except CalendarError as exc:
            raise HTTPException(409, str(exc)) from None
        return _found(db, event_id)

    @app.post("/days/{day}/clear", summary="Remove every event from a day")
    def clear(day: str) -> dict[str, Any]:
        try:
            removed = clear_day(db, day)
        except CalendarError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"date": day, "removed": removed}
