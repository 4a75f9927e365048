"""Mail operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openlam.sandbox._world import AppDB
from openlam.sandbox.apps.mail._content import ME, PERSON
from openlam.sandbox.apps.mail._data import PRIORITIES, next_date


class MailError(ValueError):
    """A mail request that cannot be carried out; the message says why."""


class NoSuchMessage(MailError):
    """The message id does not exist (any more)."""


_ADDRESS = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_BODY = 20_000


def message(db: AppDB, mid: int) -> dict[str, Any]:
    """One message with its attachments (``attachments``: list of rows)."""
    row = db.one("SELECT * FROM messages WHERE id=?", (mid,))
    if row is None:
        raise NoSuchMessage(f"no message {mid}")
    row["attachments"] = db.query(
        "SELECT id, name, size_kb FROM attachments WHERE message_id=? ORDER BY id", (mid,)
    )
    return row


def _live(db: AppDB, mid: int) -> dict[str, Any]:
    row = message(db, mid)
    if row["folder"] == "trash":
        raise MailError(f"message {mid} is in the trash: restore it first")
    return row


def addresses(text: str, required: bool = True) -> str:
    """Comma- or semicolon-separated addresses, checked and normalised to ``a, b``."""
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if not parts and required:
        raise MailError("enter at least one recipient address")
    bad = [p for p in parts if not _ADDRESS.match(p)]
    if bad:
        raise MailError(f"not an email address: {bad[0]}")
    return ", ".join(parts)


def send(
    db: AppDB,
    *,
    to: str,
    subject: str,
    body: str,
    cc: str = "",
    priority: str = "Normal",
    in_reply_to: int | None = None,
    forwarded_from: int | None = None,
) -> int:
    """Send a message (it lands in Sent); returns its id."""
    row = {
        "recipient": addresses(to),
        "cc": addresses(cc, required=False),
        "subject": subject.strip(),
        "body": body.strip(),
        "priority": priority.strip() or "Normal",
    }
    if not row["subject"]:
        raise MailError("enter a subject")
    if len(body) > MAX_BODY:
        raise MailError(f"the message is longer than {MAX_BODY} characters")
    if row["priority"] not in PRIORITIES:
        raise MailError(f"priority must be one of {', '.join(PRIORITIES)}")
    with db.transaction():
        mid = db.insert(
            "messages",
            {
                **row,
                "folder": "sent",
                "origin": "sent",
                "sender_name": PERSON,
                "sender": ME,
                "date": next_date(db),
                "category": "sent",
                "in_reply_to": in_reply_to,
                "forwarded_from": forwarded_from,
            },
        )
        if forwarded_from is not None:
            db.execute(
                "INSERT INTO attachments (message_id, name, size_kb) SELECT ?, name, size_kb "
                "FROM attachments WHERE message_id=? ORDER BY id",
                (mid, forwarded_from),
            )
    return mid


def reply(db: AppDB, mid: int, body: str, to: str = "", subject: str = "") -> int:
    """Reply to a message: to its sender, with ``Re:`` before its subject unless given."""
    original = _live(db, mid)
    if not body.strip():
        raise MailError("write a reply before sending")
    return send(
        db,
        to=to.strip() or original["sender"],
        subject=subject.strip() or reply_subject(original["subject"]),
        body=body,
        in_reply_to=mid,
    )


def forward(db: AppDB, mid: int, to: str, note: str = "") -> int:
    """Forward a message with its attachments and an optional note above it."""
    original = _live(db, mid)
    quoted = (
        f"---------- Forwarded message ----------\nFrom: {original['sender_name']} "
        f"<{original['sender']}>\nDate: {original['date']}\nSubject: {original['subject']}\n\n"
        f"{original['body']}"
    )
    body = f"{note.strip()}\n\n{quoted}" if note.strip() else quoted
    return send(
        db,
        to=to,
        subject=forward_subject(original["subject"]),
        body=body,
        forwarded_from=mid,
    )


def reply_subject(subject: str) -> str:
    """``Re: subject`` (once)."""
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def forward_subject(subject: str) -> str:
    """``Fwd: subject`` (once)."""
    return subject if subject.lower().startswith("fwd:") else f"Fwd: {subject}"


def set_starred(db: AppDB, mid: int, starred: bool) -> None:
    """Star or unstar a message."""
    _live(db, mid)
    db.execute("UPDATE messages SET starred=? WHERE id=?", (int(starred), mid))


def toggle_star(db: AppDB, mid: int) -> bool:
    """Flip a message's star; returns whether it is starred now."""
    starred = not _live(db, mid)["starred"]
    set_starred(db, mid, starred)
    return starred


def set_read(db: AppDB, mid: int, read: bool = True) -> None:
    """Mark a message read (opening it does this) or unread."""
    message(db, mid)
    db.execute("UPDATE messages SET unread=? WHERE id=?", (int(not read), mid))


def move_to_trash(db: AppDB, ids: Sequence[int]) -> int:
    """Move messages to the trash, all or none; returns how many moved."""
    if not ids:
        raise MailError("select at least one message")
    with db.transaction():
        for mid in dict.fromkeys(ids):
            _live(db, mid)
            db.execute("UPDATE messages SET folder='trash' WHERE id=?", (mid,))
    return len(dict.fromkeys(ids))


def restore(db: AppDB, mid: int) -> None:
    """Move a message from the trash back to where it came from."""
    row = message(db, mid)
    if row["folder"] != "trash":
        raise MailError(f"message {mid} is not in the trash")
    db.execute("UPDATE messages SET folder=origin WHERE id=?", (mid,))


def empty_trash(db: AppDB) -> int:
    """Delete every message in the trash for good; returns how many were deleted."""
    with db.transaction():
        row = db.one("SELECT COUNT(*) AS n FROM messages WHERE folder='trash'")
        db.execute("DELETE FROM messages WHERE folder='trash'")
    return int((row or {}).get("n", 0))


def search(
    db: AppDB,
    folder: str,
    query: str = "",
    *,
    unread_only: bool = False,
    with_attachments: bool = False,
    since: str = "",
    sender: str = "",
) -> list[dict[str, Any]]:
    """Messages of a folder (``starred`` = starred anywhere but the trash), newest first,
    matching ``query`` in sender, subject or body."""
    where = {
        "inbox": "folder='inbox'",
        "sent": "folder='sent'",
        "trash": "folder='trash'",
        "starred": "starred=1 AND folder<>'trash'",
    }.get(folder)
    if where is None:
        raise MailError(f"no folder {folder!r}: use inbox, starred, sent or trash")
    if since and not _DAY.match(since):
        raise MailError(f"received after {since!r}: use a date like 2026-12-01")
    like = f"%{query.strip()}%"
    return db.query(
        "SELECT m.*, (SELECT COUNT(*) FROM attachments a WHERE a.message_id=m.id) AS files "
        f"FROM messages m WHERE {where} AND (?='' OR sender_name LIKE ? OR sender LIKE ? "
        "OR recipient LIKE ? OR subject LIKE ? OR body LIKE ?) AND (?=0 OR unread=1) "
        "AND (?=0 OR EXISTS (SELECT 1 FROM attachments a WHERE a.message_id=m.id)) "
        "AND (?='' OR date >= ?) AND (?='' OR sender=?) ORDER BY date DESC, id DESC",
        (
            query.strip(),
            like,
            like,
            like,
            like,
            like,
            int(unread_only),
            int(with_attachments),
            since,
            since,
            sender,
            sender,
        ),
    )
