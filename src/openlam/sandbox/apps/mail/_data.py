"""Mail: schema and the seeded mailbox (about 35 messages across Inbox, Sent and Trash)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from openlam.sandbox._world import AppDB, AppSpec
from openlam.sandbox.apps.mail import _content as c

SCHEMA = """
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    folder TEXT NOT NULL CHECK (folder IN ('inbox', 'sent', 'trash')),
    origin TEXT NOT NULL CHECK (origin IN ('inbox', 'sent')),
    sender_name TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL,
    cc TEXT NOT NULL DEFAULT '', subject TEXT NOT NULL, body TEXT NOT NULL,
    date TEXT NOT NULL, category TEXT NOT NULL,
    priority TEXT NOT NULL DEFAULT 'Normal',
    starred INTEGER NOT NULL DEFAULT 0, unread INTEGER NOT NULL DEFAULT 0,
    in_reply_to INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    forwarded_from INTEGER REFERENCES messages(id) ON DELETE SET NULL
);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    name TEXT NOT NULL, size_kb INTEGER NOT NULL
);
"""
NOW = datetime(2026, 12, 18, 9, 30)
"""The sandbox's clock: seeded mail is older, sent mail is dated from here on."""
FOLDERS = ("inbox", "starred", "sent", "trash")
PRIORITIES = ("Normal", "High", "Low")
_REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class _Mailbox:
    """Collects seeded messages, each with a distinct date, then inserts them newest last."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[tuple[dict[str, object], tuple[tuple[str, int], ...]]] = []
        self._used: set[str] = set()

    def date(self) -> str:
        while True:
            minutes = self.rng.randint(0, 27 * 24 * 60)
            when = NOW - timedelta(minutes=minutes + 30)
            text = when.strftime("%Y-%m-%d %H:%M")
            if text not in self._used and 7 <= when.hour <= 22:
                self._used.add(text)
                return text

    def add(
        self,
        sender: c.Sender,
        draft: c.Draft,
        category: str,
        folder: str = "inbox",
        unread: float = 0.4,
    ) -> None:
        mine = folder == "sent"
        self.rows.append(
            (
                {
                    "folder": folder,
                    "origin": "sent" if mine else "inbox",
                    "sender_name": c.PERSON if mine else sender.name,
                    "sender": c.ME if mine else sender.email,
                    "recipient": sender.email if mine else c.ME,
                    "subject": draft.subject,
                    "body": draft.body,
                    "date": self.date(),
                    "category": category,
                    "unread": int(not mine and self.rng.random() < unread),
                },
                draft.attachments,
            )
        )

    def insert(self, db: AppDB) -> None:
        # ids follow the date so that "newest first" and "highest id first" agree
        for row, files in sorted(self.rows, key=lambda r: str(r[0]["date"])):
            mid = db.insert("messages", row)
            for name, size in files:
                db.insert("attachments", {"message_id": mid, "name": name, "size_kb": size})


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(_REF_CHARS) for _ in range(6))


def _flights(box: _Mailbox, rng: random.Random) -> None:
    routes = rng.sample(c.ROUTES, len(c.AIRLINES))
    for (airline, code), (origin, dest) in zip(c.AIRLINES, routes, strict=True):
        ref = _reference(rng)
        city = dest.split(" (")[0]
        body = c.FLIGHT_BODY.format(
            person=c.PERSON,
            airline=airline.name,
            ref=ref,
            flight=f"{code} {rng.randint(100, 989)}",
            origin=origin,
            dest=dest,
            date=f"2027-01-{rng.randint(4, 28):02d}",
            time=f"{rng.randint(6, 21):02d}:{rng.choice((5, 15, 20, 35, 40, 55)):02d}",
        )
        draft = c.Draft(
            f"Booking confirmation: your flight to {city}", body, ((f"e-ticket-{ref}.pdf", 212),)
        )
        box.add(airline, draft, "travel")


def _invoices(box: _Mailbox, rng: random.Random) -> None:
    for vendor, subject, number, file in rng.sample(c.VENDORS, 3):
        body = c.INVOICE_BODY.format(
            person=c.PERSON,
            vendor=vendor.name,
            number=number,
            amount=f"{rng.randint(18, 480)}.{rng.randint(0, 99):02d}",
            due=f"2027-01-{rng.randint(5, 20):02d}",
        )
        box.add(vendor, c.Draft(subject, body, ((file, rng.randint(40, 260)),)), "invoice")


def _colleagues(box: _Mailbox, rng: random.Random) -> None:
    people = rng.sample(c.COLLEAGUES, 5)
    drafts = rng.sample(c.WORK_DRAFTS, len(c.WORK_DRAFTS))
    for i, draft in enumerate(drafts):
        person = people[i % len(people)]
        body = draft.body.format(first=person.name.split()[0])
        box.add(person, draft._replace(body=body), "work", unread=0.5)
    for draft, person in zip(c.SENT_DRAFTS, people, strict=False):
        box.add(person, draft, "work", folder="sent")


def seed(db: AppDB, rng: random.Random) -> None:
    """Colleagues, airlines, invoices, shops, newsletters, HR and IT mail; some starred."""
    box = _Mailbox(rng)
    _colleagues(box, rng)
    _flights(box, rng)
    _invoices(box, rng)
    for shop, draft in c.SHOPS:
        box.add(shop, draft, "shop")
    for sender, subjects in c.NEWSLETTERS:
        for subject in subjects:
            box.add(sender, c.Draft(subject, c.NEWSLETTER_BODY), "newsletter", unread=0.7)
    box.add(c.HR, c.HR_DRAFT, "hr")
    password = f"{rng.choice(('Maple', 'Harbor', 'Falcon', 'Cobalt'))}-{rng.randint(1000, 9999)}!"
    box.add(c.IT, c.Draft("Your new VPN password", c.IT_BODY.format(password=password)), "it")
    for draft in c.FAMILY_DRAFTS:
        box.add(c.FAMILY, draft, "personal")
    for sender, subject in c.TRASH_DRAFTS:
        box.add(sender, c.Draft(subject, c.NEWSLETTER_BODY), "newsletter", folder="trash")
    box.insert(db)
    # stars on a few messages that matter to the person, never on newsletters
    candidates = db.query(
        "SELECT id FROM messages WHERE folder='inbox' AND category<>'newsletter' ORDER BY id"
    )
    for row in rng.sample(candidates, 5):
        db.execute("UPDATE messages SET starred=1 WHERE id=?", (row["id"],))


SPEC = AppSpec(name="mail", title="Postbox", schema=SCHEMA, seed=seed)


def next_date(db: AppDB) -> str:
    """The date for a message sent now; one minute per message already sent, so the same
    actions always give the same state."""
    row = db.one("SELECT COUNT(*) AS n FROM messages WHERE origin='sent'")
    return (NOW + timedelta(minutes=(row or {}).get("n", 0))).strftime("%Y-%m-%d %H:%M")
