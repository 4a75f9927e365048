"""Back-office operations shared by the GUI and the API, with their validation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from openlam.sandbox._world import AppDB
from openlam.sandbox.apps.backoffice._data import (
    COST_CENTERS,
    TODAY,
    VAT_RATES,
    new_entry_number,
    vat_of,
)


class LedgerError(ValueError):
    """A booking the ledger cannot accept; the message says why."""


class UnknownRecord(LedgerError):
    """The entry, document or vendor does not exist (the API answers 404)."""


ENTRY_FIELDS = (
    "vendor",
    "invoice_number",
    "invoice_date",
    "net",
    "vat_rate",
    "total",
    "cost_center",
    "due_date",
)
_AMOUNT = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")


def cents(text: str) -> int:
    """``1,234.5`` or ``1234.50`` (an optional ``EUR`` or ``€`` aside) as cents."""
    raw = text.replace("EUR", "").replace("€", "").strip()
    if not _AMOUNT.match(raw):
        raise LedgerError(f"{text!r} is not an amount: write it like 1234.56")
    whole, _, frac = raw.replace(",", "").partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def euros(amount: int) -> str:
    """Cents as ``1,234.56``."""
    return f"{amount // 100:,}.{amount % 100:02d}"


def _date(text: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise LedgerError(f"the {what} must be a date (YYYY-MM-DD)") from None


def vendor(db: AppDB, vid: int) -> dict[str, Any]:
    """One vendor, or ``UnknownRecord``."""
    row = db.one("SELECT * FROM vendors WHERE id=?", (vid,))
    if row is None:
        raise UnknownRecord(f"no vendor {vid}")
    return row


def entry(db: AppDB, number: str) -> dict[str, Any]:
    """One ledger entry with its vendor's name, or ``UnknownRecord``."""
    row = db.one(
        "SELECT e.*, v.name AS vendor FROM entries e JOIN vendors v ON v.id = e.vendor_id "
        "WHERE e.number=?",
        (number,),
    )
    if row is None:
        raise UnknownRecord(f"no ledger entry {number}")
    return row


def _validated(db: AppDB, fields: Mapping[str, str], number: str | None) -> dict[str, Any]:
    found = db.one("SELECT id FROM vendors WHERE name=?", (fields.get("vendor", "").strip(),))
    if found is None:
        raise LedgerError("choose the vendor")
    invoice = fields.get("invoice_number", "").strip()
    if not invoice:
        raise LedgerError("enter the invoice number")
    duplicate = db.one(
        "SELECT number FROM entries WHERE vendor_id=? AND invoice_number=? AND status!='void' "
        "AND number IS NOT ?",
        (found["id"], invoice, number),
    )
    if duplicate is not None:
        raise LedgerError(f"invoice {invoice} is already booked as {duplicate['number']}")
    invoice_date = _date(fields.get("invoice_date", ""), "invoice date")
    due_date = _date(fields.get("due_date", ""), "due date")
    if due_date < invoice_date:
        raise LedgerError("the due date cannot be before the invoice date")
    rate_text = fields.get("vat_rate", "").strip().rstrip("%")
    rate = int(rate_text) if rate_text.isdigit() else -1
    if rate not in VAT_RATES:
        raise LedgerError(f"VAT rate must be one of {', '.join(f'{r}%' for r in VAT_RATES)}")
    net, total = cents(fields.get("net", "")), cents(fields.get("total", ""))
    if net <= 0:
        raise LedgerError("the net amount must be above zero")
    expected = net + vat_of(net, rate)
    if abs(total - expected) > 1:  # one cent of rounding either way
        raise LedgerError(f"total must equal net plus {rate}% VAT: {euros(expected)}")
    cost_center = fields.get("cost_center", "").strip()
    if cost_center not in COST_CENTERS:
        raise LedgerError("choose a cost center")
    return {
        "vendor_id": found["id"],
        "invoice_number": invoice,
        "invoice_date": invoice_date,
        "net": net,
        "vat_rate": rate,
        "total": total,
        "cost_center": cost_center,
        "due_date": due_date,
    }


def post_entry(db: AppDB, fields: Mapping[str, str]) -> str:
    """Book an invoice; returns the new entry number."""
    row = _validated(db, fields, None)
    with db.transaction():
        number = new_entry_number(db)
        db.insert("entries", {"number": number, **row})
    return number


def _open(db: AppDB, number: str) -> dict[str, Any]:
    row = entry(db, number)
    if row["status"] != "posted":
        raise LedgerError(f"entry {number} is {row['status']} and cannot be changed")
    return row


def update_entry(db: AppDB, number: str, fields: Mapping[str, str]) -> None:
    """Change some fields of a posted entry; omitted or blank ones stay."""
    current = _open(db, number)
    merged = {k: str(current[k]) for k in ENTRY_FIELDS}
    merged["net"], merged["total"] = euros(current["net"]), euros(current["total"])
    merged.update({k: v for k, v in fields.items() if k in merged and v and v.strip()})
    row = _validated(db, merged, number)
    sets = ", ".join(f"{k}=?" for k in row)
    db.execute(f"UPDATE entries SET {sets} WHERE number=?", [*row.values(), number])


def void_entry(db: AppDB, number: str, reason: str) -> None:
    """Void a posted entry (it stays in the ledger, marked void)."""
    _open(db, number)
    db.execute(
        "UPDATE entries SET status='void', void_reason=? WHERE number=?",
        (reason.strip() or "voided", number),
    )


def mark_paid(db: AppDB, number: str) -> None:
    """Record that a posted entry has been paid."""
    _open(db, number)
    db.execute("UPDATE entries SET status='paid' WHERE number=?", (number,))


def change_bank(db: AppDB, vid: int, iban: str) -> None:
    """Replace a vendor's IBAN (payments go there from now on)."""
    vendor(db, vid)
    clean = iban.replace(" ", "").upper()
    if not _IBAN.match(clean):
        raise LedgerError("enter a valid IBAN (like DE89 3704 0044 0532 0130 00)")
    db.execute("UPDATE vendors SET iban=? WHERE id=?", (clean, vid))


def document_status(db: AppDB, doc: Mapping[str, Any]) -> str:
    """``new`` (not booked), ``entered`` or ``paid``; ``overdue`` is on top of new and entered."""
    rows = db.query(
        "SELECT status FROM entries WHERE vendor_id=? AND invoice_number=? AND status!='void'",
        (doc["vendor_id"], doc["number"]),
    )
    states = {r["status"] for r in rows}
    return "paid" if "paid" in states else "entered" if states else "new"


def is_overdue(status: str, doc: Mapping[str, Any]) -> bool:
    """Whether the document is past its due date and not paid."""
    return status != "paid" and str(doc["due_date"]) < TODAY
