"""Calendar task templates that change the calendar: create, reschedule, invite, answer,
delete; with the helpers the other templates share."""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._experts import Choose, Done, Fill, Plan, Press, WaitFor
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.calendar._data import (
    LOCATIONS,
    PEOPLE,
    VISIBLE,
    day_words,
    december,
    hhmm,
    minutes,
)
from openlam.sandbox.apps.calendar._views import LABELS

NEW_TITLES = (
    "Coffee with Priya",
    "Piano recital",
    "Tax advisor",
    "Team offsite prep",
    "Flu shot",
    "Apartment viewing",
    "Demo rehearsal",
    "Birthday dinner",
    "Interview debrief",
    "Running club",
)
EventKey = tuple[Any, ...]


def events(snap: Snapshot) -> list[Row]:
    """Every event with its ``attendees`` (names) and ``people`` (name → response)."""
    people: dict[int, dict[str, str]] = {}
    for a in snap["calendar"]["attendees"]:
        people.setdefault(a["event_id"], {})[a["name"]] = a["response"]
    return [
        {**r, "people": people.get(r["id"], {}), "attendees": sorted(people.get(r["id"], {}))}
        for r in snap["calendar"]["events"]
    ]


def visible(snap: Snapshot, day: str | None = None) -> list[Row]:
    """The events shown in the calendar (optionally on one day), by start time."""
    rows = [r for r in events(snap) if r["response"] in VISIBLE]
    if day is not None:
        rows = [r for r in rows if r["date"] == day]
    return sorted(rows, key=lambda r: (r["date"], r["start"], r["id"]))


def frozen(snap: Snapshot) -> dict[str, dict[str, Any]]:
    """Every event as comparable data, keyed by id (a string: params stay JSON-like)."""
    return {str(r["id"]): {k: v for k, v in r.items() if k != "attendees"} for r in events(snap)}


def others_unchanged(p: Params, snap: Snapshot, touched: set[int]) -> CheckResult:
    """Every event except ``touched`` ones is exactly as before, and no other was added."""
    now = frozen(snap)
    for key, before in p["before"].items():
        if int(key) in touched:
            continue
        if key not in now:
            return failed(f"{before['title']} was deleted")
        if now[key] != before:
            return failed(f"{before['title']} should not have changed")
    added = [now[k]["title"] for k in now if k not in p["before"] and int(k) not in touched]
    return failed(f"unexpected new events: {added}") if added else passed()


def new_events(p: Params, snap: Snapshot) -> list[Row]:
    """Events created during the episode."""
    return [r for r in events(snap) if str(r["id"]) not in p["before"]]


def own(snap: Snapshot) -> list[Row]:
    """The person's own events."""
    return [r for r in visible(snap) if r["response"] == "organizer"]


def open_by_search(title: str, lay: Layout) -> Plan:
    """From the month view: search the title and open the event."""
    return [Fill(LABELS("search_field", lay), title, submit=True), Press(title, "link")]


def open_day(day: str, lay: Layout) -> Plan:
    """From the month or week view: jump to ``day`` and wait for its events."""
    return [
        Fill(LABELS("jump", lay), day),
        Press(LABELS("show_day", lay), "button"),
        WaitFor(LABELS("count", lay) + ":"),
    ]


def edit_times(p: Params, lay: Layout) -> Plan:
    """On an edit or create form: date, start and end."""
    return [
        Fill(LABELS("date", lay), p["date"]),
        Choose(LABELS("start", lay), p["start"]),
        Choose(LABELS("end", lay), p["end"]),
    ]


def api_call(client: Any, method: str, path: str, body: Any = None) -> None:
    """One API request; an error response raises."""
    client.request(method, f"/api/calendar{path}", json=body).raise_for_status()


def api_find(client: Any, title: str) -> dict[str, Any]:
    """The event with this exact title, through the API's search."""
    rows = client.get("/api/calendar/events", params={"q": title}).json()
    found: dict[str, Any] = next(r for r in rows if r["title"] == title)
    return found


# ---- create ----------------------------------------------------------------------------------


def sample_new(rng: random.Random, snap: Snapshot) -> Params:
    """A new event's fields on a December day, in a slot that day has free."""
    taken = {r["title"] for r in events(snap)}
    day = rng.choice(december())
    busy = [(minutes(r["start"]), minutes(r["end"])) for r in visible(snap, day)]
    length = rng.choice((30, 60, 90))
    slots = [
        s
        for s in range(8 * 60, 19 * 60 - length + 1, 30)
        if all(s + length <= a or s >= b for a, b in busy)
    ]
    start = rng.choice(slots)
    end = start + length
    return {
        "title": rng.choice([t for t in NEW_TITLES if t not in taken]),
        "date": day,
        "day": day_words(day),
        "start": hhmm(start),
        "end": hhmm(end),
        "location": rng.choice(LOCATIONS),
        "people": rng.sample(PEOPLE, 2),
        "before": frozen(snap),
    }


def check_new(p: Params, snap: Snapshot, with_people: bool) -> CheckResult:
    """Exactly one new event with the requested fields (and attendees), nothing else changed."""
    new = new_events(p, snap)
    if len(new) != 1:
        return failed(f"expected one new event, found {len(new)}")
    row = new[0]
    want = {k: p[k] for k in ("title", "date", "start", "end")}
    if "location" in p:
        want["location"] = p["location"]
    wrong = {k: row[k] for k, v in want.items() if str(row[k]).casefold() != str(v).casefold()}
    if wrong:
        return failed(f"the new event differs from the request: {wrong}")
    people = {n.casefold() for n in row["attendees"]}
    expected = {n.casefold() for n in p["people"]} if with_people else set()
    if people != expected:
        return failed(f"attendees are {sorted(row['attendees'])}, expected {sorted(expected)}")
    return others_unchanged(p, snap, {row["id"]})


def create_gui(p: Params, lay: Layout, with_people: bool) -> Plan:
    """Open the new-event form and fill it in."""
    plan: list[Any] = [
        Press(LABELS("new_event", lay), "link"),
        Fill(LABELS("title", lay), p["title"]),
        *edit_times(p, lay),
    ]
    if "location" in p:
        plan.append(Fill(LABELS("location", lay), p["location"]))
    if with_people:
        plan.append(Fill(LABELS("attendees", lay), ", ".join(p["people"])))
    return [
        *plan,
        Press(LABELS("create", lay), "button"),
        WaitFor("Event created"),
        Done("Created."),
    ]


def create_api(p: Params, client: Any, with_people: bool) -> str:
    """Create the event through the API."""
    body = {k: p[k] for k in ("title", "date", "start", "end")}
    body["location"] = p.get("location", "")
    body["attendees"] = p["people"] if with_people else []
    client.post("/api/calendar/events", json=body).raise_for_status()
    return "Created."


CREATE = TaskTemplate(
    id="calendar/create-event",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Create an event '{title}' on {day} from {start} to {end} at {location}.",
        "Add {title} to my calendar: {day}, {start}–{end}, location {location}.",
        "Put '{title}' in the calendar on {day}, starting {start} and ending {end}, at {location}.",
    ),
    start_path="/calendar/",
    sample=sample_new,
    check=lambda p, s, o: check_new(p, s, with_people=False),
    gui=lambda p, lay: create_gui(p, lay, with_people=False),
    api=lambda p, c: create_api(p, c, with_people=False),
)


def _sample_with_people(rng: random.Random, snap: Snapshot) -> Params:
    p = sample_new(rng, snap)
    return {**p, "first": p["people"][0], "second": p["people"][1]}


CREATE_WITH_PEOPLE = TaskTemplate(
    id="calendar/create-with-attendees",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Set up '{title}' with {first} and {second} on {day}, {start} to {end}, at {location}.",
        "Invite {first} and {second} to {title} on {day} from {start} to {end} ({location}).",
    ),
    start_path="/calendar/",
    sample=_sample_with_people,
    check=lambda p, s, o: check_new(p, s, with_people=True),
    gui=lambda p, lay: create_gui(p, lay, with_people=True),
    api=lambda p, c: create_api(p, c, with_people=True),
)

# ---- change ----------------------------------------------------------------------------------


def _sample_reschedule(rng: random.Random, snap: Snapshot) -> Params:
    row = rng.choice(own(snap))
    length = minutes(row["end"]) - minutes(row["start"])
    day = rng.choice([d for d in december() if d != row["date"]])
    start = rng.choice(range(8 * 60, 19 * 60 - length + 1, 30))
    return {
        "id": row["id"],
        "title": row["title"],
        "old_day": day_words(row["date"]),
        "date": day,
        "day": day_words(day),
        "start": hhmm(start),
        "end": hhmm(start + length),
        "before": frozen(snap),
    }


def _check_reschedule(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    now = frozen(snap).get(str(p["id"]))
    if now is None:
        return failed("the event was deleted instead of moved")
    before = p["before"][str(p["id"])]
    want = {**before, "date": p["date"], "start": p["start"], "end": p["end"]}
    if now != want:
        return failed(
            f"event is on {now['date']} {now['start']}–{now['end']}; expected {p['date']} "
            f"{p['start']}–{p['end']} with nothing else changed"
        )
    return others_unchanged(p, snap, {p["id"]})


RESCHEDULE = TaskTemplate(
    id="calendar/reschedule-event",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Move {title} to {day}, {start}–{end}.",
        "Reschedule {title} (now on {old_day}) to {day} from {start} to {end}.",
        "Can you push {title} to {day}? Make it {start} to {end}.",
    ),
    start_path="/calendar/",
    sample=_sample_reschedule,
    check=_check_reschedule,
    gui=lambda p, lay: [
        *open_by_search(p["title"], lay),
        Press(LABELS("edit", lay), "link"),
        *edit_times(p, lay),
        Press(LABELS("save", lay), "button"),
        WaitFor("Event updated"),
        Done("Rescheduled."),
    ],
    api=lambda p, c: api_call(
        c, "PATCH", f"/events/{p['id']}", {k: p[k] for k in ("date", "start", "end")}
    ),
)


def _sample_invitee(rng: random.Random, snap: Snapshot) -> Params:
    row = rng.choice(own(snap))
    person = rng.choice([n for n in PEOPLE if n not in row["attendees"]])
    return {
        "id": row["id"],
        "title": row["title"],
        "date": row["date"],
        "day": day_words(row["date"]),
        "person": person,
        "before": frozen(snap),
    }


def _check_invitee(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    now = frozen(snap).get(str(p["id"]))
    if now is None:
        return failed("the event was deleted")
    before = p["before"][str(p["id"])]
    want = {**before, "people": {**before["people"], p["person"]: "pending"}}
    if now != want:
        return failed(f"attendees are {sorted(now['people'])}; expected {p['person']} added")
    return others_unchanged(p, snap, {p["id"]})


ADD_ATTENDEE = TaskTemplate(
    id="calendar/add-attendee",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Add {person} to {title}.",
        "Invite {person} to {title} on {day}.",
        "{person} should join {title} too; please add them.",
    ),
    start_path="/calendar/",
    sample=_sample_invitee,
    check=_check_invitee,
    gui=lambda p, lay: [
        *open_day(p["date"], lay),
        Press(p["title"], "link"),
        Fill(LABELS("add_name", lay), p["person"]),
        Press(LABELS("add", lay), "button"),
        WaitFor(f"{p['person']} added"),
        Done("Added."),
    ],
    api=lambda p, c: api_call(c, "POST", f"/events/{p['id']}/attendees", {"name": p["person"]}),
)
