"""Calendar: schema and seeded data (December 2026 events, attendees, invitations)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, date TEXT NOT NULL, start TEXT NOT NULL,
    end TEXT NOT NULL, location TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
    organizer TEXT NOT NULL, response TEXT NOT NULL
);
CREATE TABLE attendees (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    name TEXT NOT NULL, response TEXT NOT NULL DEFAULT 'pending'
);
"""
ME = "Sam Taylor"
"""The calendar's owner; ``response`` is ``organizer`` on the events they made."""
VISIBLE = ("organizer", "accepted")
"""Responses of the events that show in the calendar (pending invitations wait in their list)."""
TODAY = date(2026, 12, 7)
TIMES = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(7 * 60, 22 * 60 + 1, 30))
PEOPLE = (
    "Anna Berg",
    "Ben Okafor",
    "Carla Reyes",
    "David Kim",
    "Elena Petrova",
    "Farid Haddad",
    "Grace Liu",
    "Hugo Martin",
    "Ines Duarte",
    "Jonas Weber",
    "Kofi Mensah",
    "Lena Fischer",
    "Maya Cohen",
    "Nils Larsen",
)
LOCATIONS = (
    "Room 4A",
    "Room 2B",
    "Boardroom",
    "Main hall",
    "Café Lumen",
    "Online (Meet)",
    "Online (Zoom)",
    "Studio 3",
    "Client office",
    "City library",
    "Riverside gym",
    "Harbour Dental",
)
TITLES = (
    "Design review",
    "Budget meeting",
    "Project kickoff",
    "Client call",
    "Sprint retro",
    "Hiring interview",
    "Board prep",
    "Book club",
    "Dentist appointment",
    "Yoga class",
    "Product demo",
    "Marketing sync",
    "Vendor call",
    "Team dinner",
    "Code review",
    "All-hands",
    "Accessibility workshop",
    "Car service",
    "Parent-teacher meeting",
    "Roadmap review",
    "Security training",
    "Offsite planning",
    "Press interview",
    "Quarterly report",
    "Guitar lesson",
    "Volunteer shift",
    "Architecture review",
    "Onboarding session",
    "Release planning",
    "Customer workshop",
    "Finance sync",
    "Mentoring lunch",
)
INVITES = (
    "Quarterly planning",
    "Holiday party",
    "Strategy offsite",
    "Charity run briefing",
    "Brand workshop",
    "Year-end review",
    "Data team demo",
    "Wine tasting",
)
NOTES = (
    "Bring the latest numbers.",
    "Agenda in the shared folder.",
    "",
    "",
    "Remember the laptop charger.",
    "",
)


def minutes(hhmm: str) -> int:
    """``09:30`` → 570."""
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hhmm(total: int) -> str:
    """570 → ``09:30``."""
    return f"{total // 60:02d}:{total % 60:02d}"


def day_words(iso: str) -> str:
    """``2026-12-15`` → ``Tuesday, December 15``."""
    d = date.fromisoformat(iso)
    return f"{d:%A}, {d:%B} {d.day}"


def december() -> list[str]:
    """Every day of December 2026 as ``YYYY-MM-DD``."""
    return [(date(2026, 12, 1) + timedelta(days=i)).isoformat() for i in range(31)]


class _Day:
    """Busy intervals of one day, so that seeded events never overlap."""

    def __init__(self) -> None:
        self.busy: dict[str, list[tuple[int, int]]] = {}

    def fits(self, day: str, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.busy.get(day, []))

    def take(self, day: str, start: int, end: int) -> None:
        self.busy.setdefault(day, []).append((start, end))


def _busy_day(rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """A weekday filled from 9:00 to 17:00 except exactly one free hour."""
    day = rng.choice(["2026-12-15", "2026-12-16", "2026-12-17"])
    free = rng.randint(10, 15) * 60
    blocks: list[tuple[int, int]] = []
    for lo, hi in ((9 * 60, free), (free + 60, 17 * 60)):
        t = lo
        while t < hi:
            length = min(rng.choice((60, 90, 120)), hi - t)
            blocks.append((t, t + length))
            t += length
    return day, blocks


def seed(db: AppDB, rng: random.Random) -> None:
    """About 30 own events in December 2026 (one day booked solid but for one hour), a few
    accepted invitations and four pending ones."""
    titles = rng.sample(TITLES, len(TITLES))
    days = _Day()
    busy, blocks = _busy_day(rng)
    for start, end in blocks:
        _event(db, rng, (titles.pop(), busy, start, end), days, guests=rng.randint(1, 3))
    others = [d for d in december() if d != busy]
    while len(titles) > 8:
        day = rng.choice(others)
        start = rng.choice(range(8 * 60, 17 * 60 + 1, 30))
        end = start + rng.choice((30, 60, 60, 90, 120))
        if days.fits(day, start, end):
            # every fourth event is a private one, without attendees
            guests = 0 if len(titles) % 4 == 0 else rng.randint(1, 3)
            _event(db, rng, (titles.pop(), day, start, end), days, guests=guests)
    invites = rng.sample(INVITES, 7)
    organizers = rng.sample(PEOPLE, 7)
    for i, (title, organizer) in enumerate(zip(invites, organizers, strict=True)):
        while True:
            day = rng.choice(others)
            start = rng.choice(range(9 * 60, 18 * 60 + 1, 60))
            if days.fits(day, start, start + 60):
                break
        response = "accepted" if i < 3 else "pending"
        slot = (title, day, start, start + 60)
        _event(db, rng, slot, days, guests=rng.randint(1, 2), organizer=(organizer, response))


def _event(
    db: AppDB,
    rng: random.Random,
    slot: tuple[str, str, int, int],
    days: _Day,
    *,
    guests: int,
    organizer: tuple[str, str] = (ME, "organizer"),
) -> None:
    title, day, start, end = slot
    days.take(day, start, end)
    eid = db.insert(
        "events",
        {
            "title": title,
            "date": day,
            "start": hhmm(start),
            "end": hhmm(end),
            "location": rng.choice(LOCATIONS),
            "notes": rng.choice(NOTES),
            "organizer": organizer[0],
            "response": organizer[1],
        },
    )
    if organizer[0] != ME:
        db.insert("attendees", {"event_id": eid, "name": organizer[0], "response": "organizer"})
    for name in rng.sample([p for p in PEOPLE if p != organizer[0]], guests):
        answer = rng.choice(("accepted", "accepted", "pending", "declined"))
        db.insert("attendees", {"event_id": eid, "name": name, "response": answer})


SPEC = AppSpec(name="calendar", title="Agenda", schema=SCHEMA, seed=seed)
