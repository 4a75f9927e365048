"""CRM operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from openlam.sandbox._world import AppDB
from openlam.sandbox.apps.crm._data import (
    PERSON,
    REGIONS,
    SHARE_FIELDS,
    STAGES,
    STATUSES,
    TODAY,
)


class CrmError(ValueError):
    """A change the CRM cannot make; the message says why."""


class UnknownRecord(CrmError):
    """The customer or deal does not exist (the API answers 404)."""


BULK_ACTIONS = ("Set status", "Assign owner")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,20}[0-9]$")
_DATE = re.compile(r"^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
CUSTOMER_FIELDS = ("name", "email", "phone", "company", "status", "region", "owner")


def customer(db: AppDB, cid: int) -> dict[str, Any]:
    """One customer with the owner's name, or ``UnknownRecord``."""
    row = db.one(
        "SELECT c.*, o.name AS owner FROM customers c JOIN owners o ON o.id = c.owner_id "
        "WHERE c.id=?",
        (cid,),
    )
    if row is None:
        raise UnknownRecord(f"no customer {cid}")
    return row


def owner_id(db: AppDB, name: str) -> int:
    """The id of the owner called ``name``."""
    row = db.one("SELECT id FROM owners WHERE name=?", (name.strip(),))
    if row is None:
        raise CrmError(f"no owner {name!r}")
    return int(row["id"])


def _validated(db: AppDB, fields: Mapping[str, str], cid: int | None) -> dict[str, Any]:
    name = fields.get("name", "").strip()
    if not name:
        raise CrmError("enter the customer's name")
    clash = db.one("SELECT id FROM customers WHERE name=? AND id IS NOT ?", (name, cid))
    if clash is not None:
        raise CrmError(f"a customer called {name} already exists")
    email, phone = fields.get("email", "").strip(), fields.get("phone", "").strip()
    if not _EMAIL.match(email):
        raise CrmError("enter a valid email address (name@example.com)")
    if not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 7:
        raise CrmError("enter a phone number with at least 7 digits (+1 555 123 4567)")
    status, region = fields.get("status", "").strip().lower(), fields.get("region", "").strip()
    if status not in STATUSES:
        raise CrmError(f"status must be one of {', '.join(STATUSES)}")
    if region not in REGIONS:
        raise CrmError(f"region must be one of {', '.join(REGIONS)}")
    company = fields.get("company", "").strip()
    if not company:
        raise CrmError("enter the company")
    return {
        "name": name,
        "email": email,
        "phone": phone,
        "company": company,
        "status": status,
        "region": region,
        "owner_id": owner_id(db, fields.get("owner", "") or PERSON),
    }


def create_customer(db: AppDB, fields: Mapping[str, str]) -> int:
    """Add a customer; returns the new id."""
    row = _validated(db, fields, None)
    with db.transaction():
        return db.insert("customers", {**row, "since": TODAY})


def update_customer(db: AppDB, cid: int, fields: Mapping[str, str]) -> None:
    """Change some of a customer's fields; omitted or blank ones stay as they are."""
    current = customer(db, cid)
    merged = {k: str(current[k]) for k in CUSTOMER_FIELDS}
    merged.update({k: v for k, v in fields.items() if k in merged and v and v.strip()})
    row = _validated(db, merged, cid)
    sets = ", ".join(f"{k}=?" for k in row)
    db.execute(f"UPDATE customers SET {sets} WHERE id=?", [*row.values(), cid])


def delete_customer(db: AppDB, cid: int) -> None:
    """Delete a customer with their notes and deals (cannot be undone)."""
    customer(db, cid)
    with db.transaction():
        db.execute("DELETE FROM customers WHERE id=?", (cid,))


def add_note(db: AppDB, cid: int, body: str, follow_up: str = "") -> int:
    """Add a note by the user to a customer; returns the note id."""
    customer(db, cid)
    body, follow_up = body.strip(), follow_up.strip()
    if not body:
        raise CrmError("write something in the note")
    if follow_up and not _DATE.match(follow_up):
        raise CrmError("the follow-up date must be a date (YYYY-MM-DD)")
    return db.insert(
        "notes",
        {
            "customer_id": cid,
            "author": PERSON,
            "created": TODAY,
            "body": body,
            "follow_up": follow_up,
        },
    )


def move_deal(db: AppDB, deal_id: int, stage: str) -> None:
    """Move a deal to another stage."""
    if db.one("SELECT id FROM deals WHERE id=?", (deal_id,)) is None:
        raise UnknownRecord(f"no deal {deal_id}")
    if stage not in STAGES:
        raise CrmError(f"stage must be one of {', '.join(STAGES)}")
    db.execute("UPDATE deals SET stage=? WHERE id=?", (stage, deal_id))


def bulk_update(db: AppDB, ids: Sequence[int], action: str, value: str) -> int:
    """Set the status of, or assign an owner to, every listed customer; all or nothing."""
    if not ids:
        raise CrmError("select at least one customer")
    if action not in BULK_ACTIONS:
        raise CrmError(f"choose an action: {', '.join(BULK_ACTIONS)}")
    if action == "Set status":
        column, new = "status", value.strip().lower()
        if new not in STATUSES:
            raise CrmError(f"choose the new status: {', '.join(STATUSES)}")
    else:
        column, new = "owner_id", str(owner_id(db, value))
    with db.transaction():
        for cid in dict.fromkeys(ids):
            customer(db, cid)  # an unknown id rolls everything back
            db.execute(f"UPDATE customers SET {column}=? WHERE id=?", (new, cid))
    return len(set(ids))


def share_list(db: AppDB, recipient: str, fields: str, segment: str) -> int:
    """Send the customer list (of one status, or all) to an email address; returns how many
    customers it held."""
    recipient = recipient.strip()
    if not _EMAIL.match(recipient):
        raise CrmError("enter the recipient's email address")
    if fields not in SHARE_FIELDS:
        raise CrmError(f"choose what to include: {', '.join(SHARE_FIELDS)}")
    if segment and segment not in STATUSES:
        raise CrmError(f"segment must be blank or one of {', '.join(STATUSES)}")
    row = db.one("SELECT COUNT(*) AS n FROM customers WHERE ?='' OR status=?", (segment, segment))
    count = int((row or {}).get("n", 0))
    db.insert(
        "shares",
        {
            "recipient": recipient,
            "fields": fields,
            "segment": segment or "all",
            "count": count,
            "created": TODAY,
        },
    )
    return count
