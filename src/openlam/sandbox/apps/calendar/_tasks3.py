"""Calendar task templates that read the calendar: meeting times, counts, places, free time;
and the full template list."""

from __future__ import annotations

import random
import re

from openlam.sandbox._experts import Done, ObsDict, norm
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Snapshot
from openlam.sandbox.apps.calendar._data import day_words, hhmm, minutes
from openlam.sandbox.apps.calendar._tasks import (
    ADD_ATTENDEE,
    CREATE,
    CREATE_WITH_PEOPLE,
    RESCHEDULE,
    api_find,
    open_by_search,
    open_day,
    visible,
)
from openlam.sandbox.apps.calendar._tasks2 import (
    ACCEPT,
    ASK_MEETING,
    CLEAR_DAY,
    DECLINE,
    DELETE,
    DELETE_MEETING,
    REFUSE,
)
from openlam.sandbox.apps.calendar._views import LABELS

_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d\d))?\s*(am|pm|a\.m\.|p\.m\.)?(?![\d])", re.IGNORECASE)
_RANGE = re.compile(r"(\d\d:\d\d)\s*[–-]\s*(\d\d:\d\d)")


def times_in(text: str | None) -> set[str]:
    """Clock times mentioned in ``text`` as ``HH:MM`` (``9:30``, ``14:00``, ``2 pm``)."""
    found = set()
    for hour, minute, half in _CLOCK.findall(text or ""):
        if not minute and not half:
            continue  # a bare number is a count or a date, not a time
        h = int(hour) % 12 + (12 if half.lower().startswith("p") else 0) if half else int(hour)
        if h < 24 and int(minute or 0) < 60:
            found.add(f"{h:02d}:{int(minute or 0):02d}")
    return found


def _check_time(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if p["time"] not in times_in(out.answer):
        return failed(f"answer {out.answer!r} does not give {p['time']}")
    return passed()


def _day_lines(obs: ObsDict) -> list[str]:
    return [line for line in obs.get("text", "").split("\n") if _RANGE.search(line)]


# ---- meeting with someone --------------------------------------------------------------------


def _sample_meeting(rng: random.Random, snap: Snapshot) -> Params:
    rows = visible(snap)
    pairs = sorted(
        {
            (r["date"], name, r["start"])
            for r in rows
            for name in r["attendees"]
            if sum(name in o["attendees"] for o in rows if o["date"] == r["date"]) == 1
        }
    )
    day, person, start = rng.choice(pairs)
    return {"date": day, "day": day_words(day), "person": person, "time": start}


def _meeting_time(obs: ObsDict, person: str) -> str:
    for line in _day_lines(obs):
        if norm(person) in norm(line):
            found = _RANGE.search(line)
            return found.group(1) if found else ""
    return ""


MEETING_TIME = TaskTemplate(
    id="calendar/meeting-time",
    tier="multi",
    kind="info",
    split="train",
    phrasings=(
        "What time is my meeting with {person} on {day}?",
        "When do I meet {person} on {day}?",
        "On {day}, at what time am I seeing {person}?",
    ),
    start_path="/calendar/",
    sample=_sample_meeting,
    check=_check_time,
    gui=lambda p, lay: [
        *open_day(p["date"], lay),
        Done(lambda obs: _meeting_time(obs, p["person"])),
    ],
    api=lambda p, c: next(
        r["start"]
        for r in c.get("/api/calendar/events", params={"date": p["date"]}).json()
        if p["person"] in {a["name"] for a in r["attendees"]}
    ),
)

# ---- counting --------------------------------------------------------------------------------


def _sample_count(rng: random.Random, snap: Snapshot) -> Params:
    day = rng.choice(sorted({r["date"] for r in visible(snap)}))
    return {"date": day, "day": day_words(day), "count": len(visible(snap, day))}


def _check_count(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    numbers = {int(n) for n in re.findall(r"\d+", out.answer or "")}
    # numbers of the date itself ("December 15, 2026") are not the count
    date_parts = {int(p["date"][8:]), 2026}
    rest = numbers - date_parts
    if rest == {p["count"]} or (not rest and p["count"] in numbers):
        return passed()
    return failed(f"answer {out.answer!r}: expected {p['count']} events")


COUNT = TaskTemplate(
    id="calendar/count-events",
    tier="multi",
    kind="info",
    split="train",
    phrasings=(
        "How many events do I have on {day}?",
        "How busy am I on {day}? Give me the number of events.",
        "Count my calendar entries for {day}.",
    ),
    start_path="/calendar/",
    sample=_sample_count,
    check=_check_count,
    gui=lambda p, lay: [
        *open_day(p["date"], lay),
        Done(lambda obs: _count(obs, lay)),
    ],
    api=lambda p, c: str(len(c.get("/api/calendar/events", params={"date": p["date"]}).json())),
)


def _count(obs: ObsDict, lay: Layout) -> str:
    prefix = norm(LABELS("count", lay)) + ":"
    for line in obs.get("text", "").split("\n"):
        if norm(line).startswith(prefix):
            return str(line).split(":", 1)[1].strip()
    return ""


# ---- where -----------------------------------------------------------------------------------


def _sample_place(rng: random.Random, snap: Snapshot) -> Params:
    row = rng.choice(visible(snap))
    return {"title": row["title"], "location": row["location"], "day": day_words(row["date"])}


def _check_place(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if norm(p["location"]) not in norm(out.answer or ""):
        return failed(f"answer {out.answer!r} does not give {p['location']!r}")
    return passed()


def _row_value(obs: ObsDict, key: str) -> str:
    """The value next to a table header (``Location | Room 4A``)."""
    for line in obs.get("text", "").split("\n"):
        if norm(line).startswith(norm(key)):
            return str(line)[len(key) :].strip(" |:\t")
    return ""


LOCATION = TaskTemplate(
    id="calendar/event-location",
    tier="multi",
    kind="info",
    split="test",
    phrasings=(
        "Where is {title}?",
        "Where does {title} take place?",
        "What's the location of {title} on {day}?",
    ),
    start_path="/calendar/",
    sample=_sample_place,
    check=_check_place,
    gui=lambda p, lay: [
        *open_by_search(p["title"], lay),
        Done(lambda obs: _row_value(obs, "Location")),
    ],
    api=lambda p, c: str(api_find(c, p["title"])["location"]),
)

# ---- free time -------------------------------------------------------------------------------

WORKDAY = (9 * 60, 17 * 60)


def free_windows(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Free stretches of the working day (9:00–17:00) between busy ``ranges``."""
    free, t = [], WORKDAY[0]
    for start, end in sorted(ranges):
        if start > t:
            free.append((t, min(start, WORKDAY[1])))
        t = max(t, end)
    if t < WORKDAY[1]:
        free.append((t, WORKDAY[1]))
    return [(a, b) for a, b in free if b > a]


def _sample_free(rng: random.Random, snap: Snapshot) -> Params:
    # a day whose only free stretch of an hour or more is exactly one hour: a unique answer
    candidates = []
    for day in sorted({r["date"] for r in visible(snap)}):
        busy = [(minutes(r["start"]), minutes(r["end"])) for r in visible(snap, day)]
        long = [w for w in free_windows(busy) if w[1] - w[0] >= 60]
        if len(long) == 1 and long[0][1] - long[0][0] == 60:
            candidates.append((day, hhmm(long[0][0])))
    day, start = rng.choice(candidates)
    return {"date": day, "day": day_words(day), "time": start}


def _free_hour(obs: ObsDict) -> str:
    busy = [
        (minutes(m.group(1)), minutes(m.group(2)))
        for line in _day_lines(obs)
        for m in [_RANGE.search(line)]
        if m
    ]
    long = [w for w in free_windows(busy) if w[1] - w[0] >= 60]
    return f"{hhmm(long[0][0])}–{hhmm(long[0][1])}" if long else "no free hour"


FREE_HOUR = TaskTemplate(
    id="calendar/free-hour",
    tier="multi",
    kind="info",
    split="train",
    phrasings=(
        "Find a free hour on {day} between 9:00 and 17:00.",
        "When do I have an hour free on {day} during working hours (9 to 5)?",
        "I need a one-hour slot on {day}, 9:00–17:00. When am I free?",
    ),
    start_path="/calendar/",
    sample=_sample_free,
    check=_check_time,
    gui=lambda p, lay: [*open_day(p["date"], lay), Done(_free_hour)],
    api=lambda p, c: _free_hour(
        {
            "text": "\n".join(
                f"{r['start']}–{r['end']}"
                for r in c.get("/api/calendar/events", params={"date": p["date"]}).json()
            )
        }
    ),
)

TEMPLATES = (
    CREATE,
    CREATE_WITH_PEOPLE,
    RESCHEDULE,
    ADD_ATTENDEE,
    ACCEPT,
    DECLINE,
    DELETE,
    DELETE_MEETING,
    CLEAR_DAY,
    MEETING_TIME,
    COUNT,
    LOCATION,
    FREE_HOUR,
    ASK_MEETING,
    REFUSE,
)
