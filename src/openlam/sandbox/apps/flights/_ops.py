"""Flight booking operations shared by the GUI and the API, with their validation.

A booking starts as a ``draft`` (passengers entered, seats held) and becomes ``confirmed`` when
paid; ``book`` does all of it in one transaction for the API.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from openlam.sandbox._world import AppDB
from openlam.sandbox.apps.flights._data import BAG_PRICE, FARES, MAX_BAGS, SEATS, new_ref


class FlightError(ValueError):
    """A booking request that cannot be honoured; the message says why."""


class CardDeclined(FlightError):
    """The payment card was refused (only the test card 4242 4242 4242 4242 is accepted)."""


TEST_CARD = "4242424242424242"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXPIRY = re.compile(r"^(0[1-9]|1[0-2])\s*/\s*(\d\d)$")


def flight(db: AppDB, flight_id: int) -> dict[str, Any]:
    """One flight, or FlightError."""
    row = db.one("SELECT * FROM flights WHERE id=?", (flight_id,))
    if row is None:
        raise FlightError(f"no flight {flight_id}")
    return row


def booking(db: AppDB, ref: str) -> dict[str, Any]:
    """One booking, or FlightError."""
    row = db.one("SELECT * FROM bookings WHERE ref=?", (ref,))
    if row is None:
        raise FlightError(f"no booking {ref}")
    return row


def taken_seats(db: AppDB, flight_id: int, except_passenger: int = 0) -> set[str]:
    """Seats sold to other travellers or held by any live booking on the flight."""
    seats = set(filter(None, flight(db, flight_id)["taken"].split(",")))
    rows = db.query(
        "SELECT p.seat FROM passengers p JOIN bookings b ON b.id = p.booking_id "
        "WHERE b.flight_id=? AND b.status != 'cancelled' AND p.seat != '' AND p.id != ?",
        (flight_id, except_passenger),
    )
    return seats | {r["seat"] for r in rows}


def _passengers(people: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    if not 1 <= len(people) <= 4:
        raise FlightError("a booking is for 1 to 4 passengers")
    out = []
    for i, person in enumerate(people, 1):
        first, last = person.get("first", "").strip(), person.get("last", "").strip()
        email = person.get("email", "").strip()
        if not first or not last:
            raise FlightError(f"enter the first and last name of passenger {i}")
        if not _EMAIL.match(email):
            raise FlightError(f"enter a valid email address for passenger {i}")
        out.append({"first": first, "last": last, "email": email})
    return out


def _hold(db: AppDB, flight_id: int, fare: str, people: Sequence[Mapping[str, str]]) -> str:
    row = flight(db, flight_id)
    if fare not in FARES:
        raise FlightError(f"choose a fare: {', '.join(FARES)}")
    checked = _passengers(people)
    ref = new_ref(db)
    booking_id = db.insert(
        "bookings",
        {
            "ref": ref,
            "flight_id": flight_id,
            "fare": fare,
            "pax": len(checked),
            "total": row[fare.lower()] * len(checked),
        },
    )
    for position, person in enumerate(checked, 1):
        db.insert("passengers", {"booking_id": booking_id, "position": position, **person})
    return ref


def hold(db: AppDB, flight_id: int, fare: str, people: Sequence[Mapping[str, str]]) -> str:
    """Start a booking (a draft) with its passengers; returns the booking reference."""
    with db.transaction():
        return _hold(db, flight_id, fare, people)


def _seat(db: AppDB, ref: str, position: int, seat: str) -> str:
    row = booking(db, ref)
    if row["status"] == "cancelled":
        raise FlightError(f"booking {ref} is cancelled")
    person = db.one(
        "SELECT * FROM passengers WHERE booking_id=? AND position=?", (row["id"], position)
    )
    if person is None:
        raise FlightError(f"booking {ref} has no passenger {position}")
    seat = seat.strip().upper()
    if seat not in SEATS:
        raise FlightError(f"no seat {seat or '(none)'}: rows {SEATS[0][:2]}-{SEATS[-1][:2]}, A-F")
    if seat in taken_seats(db, row["flight_id"], except_passenger=person["id"]):
        raise FlightError(f"seat {seat} is taken")
    db.execute("UPDATE passengers SET seat=? WHERE id=?", (seat, person["id"]))
    return f"{person['first']} {person['last']}"


def choose_seat(db: AppDB, ref: str, position: int, seat: str) -> str:
    """Give passenger ``position`` (1-based) of a live booking a free seat; returns the name."""
    with db.transaction():
        return _seat(db, ref, position, seat)


def _check_card(card: Mapping[str, str]) -> str:
    number = re.sub(r"[\s-]", "", card.get("number", ""))
    if not number.isdigit() or not 12 <= len(number) <= 19:
        raise FlightError("enter the card number (16 digits)")
    expiry = _EXPIRY.match(card.get("expiry", "").strip())
    if expiry is None:
        raise FlightError("enter the expiry date as MM/YY")
    if (int(expiry[2]), int(expiry[1])) < (26, 12):
        raise FlightError("this card has expired")
    if not re.fullmatch(r"\d{3}", card.get("cvc", "").strip()):
        raise FlightError("enter the 3-digit security code (CVC)")
    if number != TEST_CARD:
        raise CardDeclined(
            "Card declined: the bank did not accept this card. Check the number or use "
            "another card."
        )
    return number[-4:]


def _pay(db: AppDB, ref: str, card: Mapping[str, str]) -> None:
    row = booking(db, ref)
    if row["status"] != "draft":
        raise FlightError(f"booking {ref} is already {row['status']}")
    last4 = _check_card(card)
    db.execute("UPDATE bookings SET status='confirmed', card_last4=? WHERE ref=?", (last4, ref))


def pay(db: AppDB, ref: str, card: Mapping[str, str]) -> None:
    """Pay a draft booking with a card (``number``, ``expiry`` MM/YY, ``cvc``): confirms it."""
    with db.transaction():
        _pay(db, ref, card)


def book(
    db: AppDB,
    flight_id: int,
    fare: str,
    people: Sequence[Mapping[str, str]],
    card: Mapping[str, str],
) -> str:
    """Hold, seat (passengers with a ``seat``) and pay in one go; all or nothing."""
    with db.transaction():
        ref = _hold(db, flight_id, fare, people)
        for position, person in enumerate(people, 1):
            if person.get("seat"):
                _seat(db, ref, position, person["seat"])
        _pay(db, ref, card)
    return ref


def _confirmed(db: AppDB, ref: str) -> dict[str, Any]:
    row = booking(db, ref)
    if row["status"] != "confirmed":
        raise FlightError(f"booking {ref} is {row['status']}")
    return row


def add_bags(db: AppDB, ref: str, count: int) -> None:
    """Buy ``count`` extra checked bags for a confirmed booking (charged to its card)."""
    with db.transaction():
        row = _confirmed(db, ref)
        if count < 1:
            raise FlightError("choose how many bags to add")
        if row["bags"] + count > MAX_BAGS:
            raise FlightError(f"at most {MAX_BAGS} extra bags per booking ({row['bags']} already)")
        db.execute(
            "UPDATE bookings SET bags=bags+?, total=total+? WHERE ref=?",
            (count, count * BAG_PRICE, ref),
        )


def cancel(db: AppDB, ref: str) -> None:
    """Cancel a confirmed booking; its seats are released."""
    with db.transaction():
        _confirmed(db, ref)
        db.execute("UPDATE bookings SET status='cancelled' WHERE ref=?", (ref,))
