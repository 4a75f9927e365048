"""Calendar operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from openlam.sandbox._world import AppDB, Row
from openlam.sandbox.apps.calendar._data import ME, TIMES, VISIBLE, minutes


class CalendarError(ValueError):
    """A calendar change that cannot be made; the message says why."""


class UnknownEvent(CalendarError):
    """No event with that id."""


EDITABLE = ("title", "date", "start", "end", "location", "notes")


def event(db: AppDB, event_id: int) -> Row:
    """One event with its attendees (``attendees``: list of rows), or ``UnknownEvent``."""
    row = db.one("SELECT * FROM events WHERE id=?", (event_id,))
    if row is None:
        raise UnknownEvent(f"no event {event_id}")
    row["attendees"] = db.query(
        "SELECT name, response FROM attendees WHERE event_id=? ORDER BY id", (event_id,)
    )
    return row


def on_day(db: AppDB, day: str) -> list[Row]:
    """The events shown in the calendar on ``day`` (own and accepted), by start time."""
    rows = db.query(
        "SELECT id FROM events WHERE date=? AND response IN (?, ?) ORDER BY start, id",
        (day, *VISIBLE),
    )
    return [event(db, r["id"]) for r in rows]


def _valid_date(text: str) -> str:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise CalendarError(f"date must be YYYY-MM-DD, not {text!r}") from None
    if not 2026 <= day.year <= 2027:
        raise CalendarError("choose a date in 2026 or 2027")
    return day.isoformat()


def _checked(fields: Mapping[str, object], current: Mapping[str, object]) -> dict[str, str]:
    """The event's editable fields after applying ``fields`` to ``current``, validated."""
    merged = {k: str(current.get(k, "")) for k in EDITABLE}
    merged.update({k: str(v).strip() for k, v in fields.items() if k in EDITABLE})
    if not merged["title"]:
        raise CalendarError("give the event a title")
    merged["date"] = _valid_date(merged["date"])
    for key in ("start", "end"):
        if merged[key] not in TIMES:
            raise CalendarError(f"{key} must be a time from 07:00 to 22:00 in 30-minute steps")
    if minutes(merged["end"]) <= minutes(merged["start"]):
        raise CalendarError("the event must end after it starts")
    return merged


def names(text: str | Iterable[str]) -> list[str]:
    """Attendee names from ``"Anna Berg, Ben Okafor"`` (or a list), de-duplicated."""
    parts = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for part in parts:
        name = " ".join(str(part).split())
        if not name:
            continue
        if len(name) > 60:
            raise CalendarError(f"attendee name too long: {name[:20]}…")
        if name.casefold() == ME.casefold():
            raise CalendarError("you are the organizer; add other people")
        if name.casefold() not in {n.casefold() for n in out}:
            out.append(name)
    return out


def create(db: AppDB, fields: Mapping[str, object], attendees: str | Iterable[str] = "") -> int:
    """Add an event organized by the person; returns its id."""
    values = _checked(fields, {})
    people = names(attendees)
    with db.transaction():
        eid = db.insert("events", {**values, "organizer": ME, "response": "organizer"})
        for name in people:
            db.insert("attendees", {"event_id": eid, "name": name})
    return eid


def _own(db: AppDB, event_id: int) -> Row:
    row = event(db, event_id)
    if row["response"] != "organizer":
        raise CalendarError(f"only {row['organizer']} (the organizer) can change this event")
    return row


def update(db: AppDB, event_id: int, fields: Mapping[str, object]) -> None:
    """Change title, date, times, location or notes of one of the person's events."""
    values = _checked(fields, _own(db, event_id))
    sets = ", ".join(f"{k}=?" for k in values)
    db.execute(f"UPDATE events SET {sets} WHERE id=?", [*values.values(), event_id])


def add_attendee(db: AppDB, event_id: int, name: str) -> str:
    """Invite one more person to one of the person's events; returns the clean name."""
    row = _own(db, event_id)
    found = names(name)
    if len(found) != 1:
        raise CalendarError("give exactly one name to add")
    if found[0].casefold() in {a["name"].casefold() for a in row["attendees"]}:
        raise CalendarError(f"{found[0]} is already invited")
    db.insert("attendees", {"event_id": event_id, "name": found[0]})
    return found[0]


def delete(db: AppDB, event_id: int) -> Row:
    """Delete one of the person's events (attendees go with it); returns what was deleted."""
    row = _own(db, event_id)
    with db.transaction():
        db.execute("DELETE FROM attendees WHERE event_id=?", (event_id,))
        db.execute("DELETE FROM events WHERE id=?", (event_id,))
    return row


def respond(db: AppDB, event_id: int, answer: str) -> Row:
    """Accept or decline an invitation."""
    if answer not in ("accepted", "declined"):
        raise CalendarError("answer accepted or declined")
    row = event(db, event_id)
    if row["response"] == "organizer":
        raise CalendarError("this is your own event, not an invitation")
    db.execute("UPDATE events SET response=? WHERE id=?", (answer, event_id))
    return row


def clear_day(db: AppDB, day: str) -> int:
    """Remove every event from ``day``: delete own ones, decline accepted invitations."""
    day = _valid_date(day)
    rows = on_day(db, day)
    with db.transaction():
        for row in rows:
            if row["response"] == "organizer":
                db.execute("DELETE FROM attendees WHERE event_id=?", (row["id"],))
                db.execute("DELETE FROM events WHERE id=?", (row["id"],))
            else:
                db.execute("UPDATE events SET response='declined' WHERE id=?", (row["id"],))
    return len(rows)


def search(db: AppDB, query: str) -> list[Row]:
    """Visible events and invitations whose title, location, notes or attendees match."""
    like = f"%{query.strip()}%"
    rows = db.query(
        "SELECT DISTINCT e.id FROM events e LEFT JOIN attendees a ON a.event_id = e.id "
        "WHERE e.response != 'declined' AND (e.title LIKE ? OR e.location LIKE ? "
        "OR e.notes LIKE ? OR a.name LIKE ?) ORDER BY e.date, e.start",
        (like, like, like, like),
    )
    return [event(db, r["id"]) for r in rows]
