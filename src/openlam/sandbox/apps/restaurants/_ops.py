"""Restaurant operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

import re
from collections.abc import Mapping

from openlam.sandbox._world import AppDB
from openlam.sandbox.apps.restaurants._data import TIMES, new_code


class BookingError(ValueError):
    """A reservation request that cannot be honoured; the message says why."""


_DATE = re.compile(r"^2026-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$|^2027-\d\d-\d\d$")


def _checked(db: AppDB, rid: int, fields: Mapping[str, str]) -> dict[str, object]:
    restaurant = db.one("SELECT * FROM restaurants WHERE id=?", (rid,))
    if restaurant is None:
        raise BookingError(f"no restaurant {rid}")
    date, time = fields.get("date", "").strip(), fields.get("time", "").strip()
    if not _DATE.match(date):
        raise BookingError("choose a date (YYYY-MM-DD) in 2026 or 2027")
    if time not in TIMES:
        raise BookingError("choose a time between 17:00 and 22:30")
    if time >= restaurant["closes"]:
        raise BookingError(f"{restaurant['name']} closes at {restaurant['closes']}")
    try:
        party = int(fields.get("party", "0"))
    except ValueError:
        party = 0
    if not 1 <= party <= 10:
        raise BookingError("party size must be between 1 and 10")
    return {"date": date, "time": time, "party": party}


def reserve(db: AppDB, rid: int, fields: Mapping[str, str]) -> str:
    """Book a table; returns the confirmation code."""
    booking = _checked(db, rid, fields)
    name = fields.get("name", "").strip()
    if not name:
        raise BookingError("enter the name for the reservation")
    with db.transaction():
        code = new_code(db)
        db.insert(
            "reservations",
            {
                "code": code,
                "restaurant_id": rid,
                "name": name,
                "requests": fields.get("requests", "").strip(),
                **booking,
            },
        )
    return code


def _existing(db: AppDB, code: str) -> dict[str, object]:
    row = db.one("SELECT * FROM reservations WHERE code=?", (code,))
    if row is None:
        raise BookingError(f"no reservation {code}")
    if row["status"] != "confirmed":
        raise BookingError(f"reservation {code} is {row['status']}")
    return row


def update(db: AppDB, code: str, fields: Mapping[str, str]) -> None:
    """Change date, time or party size of a confirmed reservation."""
    row = _existing(db, code)
    merged = {k: str(row[k]) for k in ("date", "time", "party")}
    merged.update({k: v for k, v in fields.items() if k in merged and v.strip()})
    booking = _checked(db, int(str(row["restaurant_id"])), merged)
    db.execute(
        "UPDATE reservations SET date=?, time=?, party=? WHERE code=?",
        (booking["date"], booking["time"], booking["party"], code),
    )


def cancel(db: AppDB, code: str) -> None:
    """Cancel a confirmed reservation."""
    _existing(db, code)
    db.execute("UPDATE reservations SET status='cancelled' WHERE code=?", (code,))
