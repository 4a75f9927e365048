"""Tasks across apps: read something in one app, act on it in another.

Each template starts in the app its id names; its check reads the final state of both.
"""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._experts import Done, Fill, Go, Plan, Press, WaitFor, norm
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed
from openlam.sandbox._world import Layout, Snapshot
from openlam.sandbox.apps.calendar import _tasks as cal
from openlam.sandbox.apps.flights._view import LABELS as FLIGHTS
from openlam.sandbox.apps.mail import _plans as mail
from openlam.sandbox.apps.mail._content import COLLEAGUES
from openlam.sandbox.apps.mail._views import LABELS as MAIL
from openlam.sandbox.apps.restaurants import _tasks as rest
from openlam.sandbox.apps.restaurants._gui import LABELS as REST
from openlam.sandbox.apps.shop._views import LABELS as SHOP


def _recipient(rng: random.Random, snap: Snapshot) -> Params:
    person = rng.choice(COLLEAGUES)
    return {"who": person.name, "to": person.email, "state": mail.state(snap)}


def _check_sent(p: Params, snap: Snapshot, value_key: str) -> CheckResult:
    """Exactly one new message, to the right person, that contains the value."""
    changes = mail.diff(p, snap)
    result = changes.only(new=1)
    if not result.ok:
        return result
    message = changes.new[0]
    if norm(message["recipient"]) != norm(p["to"]):
        return failed(f"sent to {message['recipient']}, not {p['to']}")
    if norm(str(p[value_key])) not in norm(f"{message['subject']} {message['body']}"):
        return failed(f"the message does not contain {p[value_key]!r}")
    return result


def _send_gui(p: Params, lay: Layout, subject: str, text: str) -> Plan:
    return [
        Go("/mail/"),
        Press(MAIL("compose", lay), "link"),
        Fill(MAIL("to", lay), p["to"]),
        Fill(MAIL("subject", lay), subject),
        Fill(MAIL("body", lay), text),
        Press(MAIL("send", lay), "button"),
        WaitFor("Message sent"),
        Done("sent"),
    ]


def _send_api(client: Any, p: Params, subject: str, text: str) -> str:
    body = {"to": p["to"], "subject": subject, "body": text}
    client.post("/api/mail/messages", json=body).raise_for_status()
    return "sent"


# ---- restaurants → calendar ------------------------------------------------------------------


def _sample_book_and_note(rng: random.Random, snap: Snapshot) -> Params:
    p = rest._sample_booking(rng, snap)
    for _ in range(50):  # an evening slot that ends by 22:00, the calendar's last time
        if "17:00" <= p["time"] <= "20:00":
            break
        p = rest._sample_booking(rng, snap)
    hour, minute = map(int, p["time"].split(":"))
    end = f"{hour + 2:02d}:{minute:02d}"
    return {
        **p,
        "title": f"Dinner at {p['restaurant']}",
        "start": p["time"],
        "end": end,
        "people": [],
        "before_events": cal.frozen(snap),
    }


def _check_book_and_note(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    booked = rest._check_booking(p, snap, out)
    if not booked.ok:
        return booked
    return cal.check_new({**p, "before": p["before_events"]}, snap, with_people=False)


def _book_and_note_gui(p: Params, lay: Layout) -> Plan:
    booking = list(rest._booking(p, lay))[:-1]  # without its Done
    event = {**p, "before": p["before_events"]}
    return [*booking, Go("/calendar/"), *cal.create_gui(event, lay, with_people=False)]


def _book_and_note_api(p: Params, client: Any) -> str:
    rest._api_book(p, client)
    return cal.create_api({**p, "before": p["before_events"]}, client, with_people=False)


BOOK_AND_NOTE = TaskTemplate(
    id="restaurants/book-and-calendar",
    tier="cross",
    kind="act",
    split="test",
    phrasings=(
        "Book a table for {party} at {restaurant} on {date} at {time} under {name}, then add "
        "'{title}' to my calendar from {start} to {end} that day.",
        "Reserve {restaurant} ({party} people, {date}, {time}, name {name}) and block "
        "{start}–{end} in my calendar as '{title}'.",
    ),
    start_path="/restaurants/",
    sample=_sample_book_and_note,
    check=_check_book_and_note,
    gui=_book_and_note_gui,
    api=_book_and_note_api,
)


# ---- restaurants → mail -----------------------------------------------------------------------


def _sample_code_by_mail(rng: random.Random, snap: Snapshot) -> Params:
    return {**rest._sample_mine(rng, snap), **_recipient(rng, snap)}


CODE_BY_MAIL = TaskTemplate(
    id="restaurants/code-by-mail",
    tier="cross",
    kind="act",
    split="train",
    phrasings=(
        "Email {who} ({to}) the confirmation code of my reservation at {restaurant}.",
        "Send {to} a message with the booking code for my table at {restaurant}.",
    ),
    start_path="/restaurants/",
    sample=_sample_code_by_mail,
    check=lambda p, s, o: _check_sent(p, s, "code"),
    gui=lambda p, lay: [
        Press(REST("mine", lay), "link"),
        WaitFor(p["code"]),
        *_send_gui(
            p, lay, f"Reservation at {p['restaurant']}", f"The confirmation code is {p['code']}."
        ),
    ],
    api=lambda p, c: _send_api(
        c, p, f"Reservation at {p['restaurant']}", f"The confirmation code is {p['code']}."
    ),
)


# ---- calendar → mail --------------------------------------------------------------------------


def _sample_where(rng: random.Random, snap: Snapshot) -> Params:
    located = [e for e in cal.own(snap) if e["location"]]
    titles = [e["title"] for e in located]
    event = rng.choice([e for e in located if titles.count(e["title"]) == 1])
    return {
        "event": event["title"],
        "location": event["location"],
        "date": event["date"],
        **_recipient(rng, snap),
    }


WHERE_BY_MAIL = TaskTemplate(
    id="calendar/location-by-mail",
    tier="cross",
    kind="act",
    split="train",
    phrasings=(
        "Tell {who} by email where '{event}' takes place; the address is {to}.",
        "Look up the location of '{event}' in my calendar and email it to {to}.",
    ),
    start_path="/calendar/",
    sample=_sample_where,
    check=lambda p, s, o: _check_sent(p, s, "location"),
    gui=lambda p, lay: [
        *cal.open_by_search(p["event"], lay),
        WaitFor(p["location"]),
        *_send_gui(p, lay, p["event"], f"{p['event']} is at {p['location']}."),
    ],
    api=lambda p, c: _send_api(c, p, p["event"], f"{p['event']} is at {p['location']}."),
)

# ---- flights → mail ---------------------------------------------------------------------------


def _sample_ref_by_mail(rng: random.Random, snap: Snapshot) -> Params:
    db = snap["flights"]
    cities = {a["code"]: a["city"] for a in db["airports"]}
    flights = {f["id"]: f for f in db["flights"]}
    trips = [
        (b["ref"], cities[flights[b["flight_id"]]["destination"]])
        for b in db["bookings"]
        if b["status"] == "confirmed"
    ]
    unique = [t for t in trips if [c for _, c in trips].count(t[1]) == 1]
    ref, city = rng.choice(unique)
    return {"ref": ref, "city": city, **_recipient(rng, snap)}


REF_BY_MAIL = TaskTemplate(
    id="flights/reference-by-mail",
    tier="cross",
    kind="act",
    split="train",
    phrasings=(
        "Email {who} ({to}) the booking reference of my flight to {city}.",
        "Send {to} my {city} trip's booking reference.",
    ),
    start_path="/flights/",
    sample=_sample_ref_by_mail,
    check=lambda p, s, o: _check_sent(p, s, "ref"),
    gui=lambda p, lay: [
        Press(FLIGHTS("trips", lay), "link"),
        WaitFor(p["ref"]),
        *_send_gui(p, lay, f"My flight to {p['city']}", f"Booking reference: {p['ref']}"),
    ],
    api=lambda p, c: _send_api(c, p, f"My flight to {p['city']}", f"Booking reference: {p['ref']}"),
)


# ---- shop → mail ------------------------------------------------------------------------------


def _sample_order_by_mail(rng: random.Random, snap: Snapshot) -> Params:
    orders = sorted(snap["shop"]["orders"], key=lambda o: (o["placed"], o["number"]))
    return {"number": orders[-1]["number"], **_recipient(rng, snap)}


ORDER_BY_MAIL = TaskTemplate(
    id="shop/order-number-by-mail",
    tier="cross",
    kind="act",
    split="test",
    phrasings=(
        "Email {who} ({to}) the order number of my most recent order.",
        "Find my latest order's number and send it to {to}.",
    ),
    start_path="/shop/",
    sample=_sample_order_by_mail,
    check=lambda p, s, o: _check_sent(p, s, "number"),
    gui=lambda p, lay: [
        Press(SHOP("orders", lay), "link"),
        WaitFor(p["number"]),
        *_send_gui(p, lay, "My latest order", f"The order number is {p['number']}."),
    ],
    api=lambda p, c: _send_api(c, p, "My latest order", f"The order number is {p['number']}."),
)

TEMPLATES = (BOOK_AND_NOTE, CODE_BY_MAIL, WHERE_BY_MAIL, REF_BY_MAIL, ORDER_BY_MAIL)
