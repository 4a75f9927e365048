"""Back-office JSON API (OpenAPI at ``/api/backoffice/openapi.json``).

Amounts are sent as decimal strings or numbers in euros (``"1234.56"``) and returned both in
euros (``net``, ``total``) and in cents (``net_cents``, ``total_cents``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.backoffice._data import SPEC
from openlam.sandbox.apps.backoffice._ops import (
    LedgerError,
    UnknownRecord,
    change_bank,
    document_status,
    entry,
    is_overdue,
    mark_paid,
    post_entry,
    update_entry,
    vendor,
    void_entry,
)


class NewEntry(BaseModel):
    """An invoice to book."""

    vendor: str = Field(min_length=1, description="the vendor's name")
    invoice_number: str = Field(min_length=1)
    invoice_date: str = Field(description="YYYY-MM-DD")
    net: Decimal = Field(gt=0, description="net amount in euros")
    vat_rate: int = Field(description="0, 7 or 19")
    total: Decimal = Field(gt=0, description="net plus VAT, in euros")
    cost_center: str = Field(description="e.g. '400 IT'")
    due_date: str = Field(description="YYYY-MM-DD")


class EntryChange(BaseModel):
    """Fields to change on a posted entry; omitted ones stay."""

    vendor: str | None = None
    invoice_number: str | None = None
    invoice_date: str | None = None
    net: Decimal | None = Field(None, gt=0)
    vat_rate: int | None = None
    total: Decimal | None = Field(None, gt=0)
    cost_center: str | None = None
    due_date: str | None = None


class VoidRequest(BaseModel):
    """Why an entry is voided."""

    reason: str = ""


class BankChange(BaseModel):
    """A vendor's new bank account."""

    iban: str = Field(min_length=1)


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="LedgerDesk API",
        version="1.0",
        description="Invoice documents, ledger entries and vendors.",
    )
    _read_routes(app, world)
    _write_routes(app, world)
    return app


def _entry_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "net": row["net"] / 100,
        "total": row["total"] / 100,
        "net_cents": row["net"],
        "total_cents": row["total"],
    }


def _document_json(db: AppDB, doc: dict[str, Any]) -> dict[str, Any]:
    status = document_status(db, doc)
    lines = db.query(
        "SELECT description, qty, unit, amount FROM document_lines WHERE document_id=?",
        (doc["id"],),
    )
    return {
        **doc,
        "status": status,
        "overdue": is_overdue(status, doc),
        "net": doc["net"] / 100,
        "vat": doc["vat"] / 100,
        "total": doc["total"] / 100,
        "total_cents": doc["total"],
        "lines": [{**x, "unit": x["unit"] / 100, "amount": x["amount"] / 100} for x in lines],
    }


def _read_routes(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    @app.get("/vendors", summary="Vendors with their open balance")
    def vendors() -> list[dict[str, Any]]:
        return db.query(
            "SELECT v.*, COALESCE(SUM(CASE WHEN e.status='posted' THEN e.total END), 0) / 100.0 "
            "AS open_balance FROM vendors v LEFT JOIN entries e ON e.vendor_id = v.id "
            "GROUP BY v.id ORDER BY v.name"
        )

    @app.get("/documents", summary="Invoice documents in the inbox")
    def documents(status: str = "", vendor: str = "") -> list[dict[str, Any]]:
        rows = db.query(
            "SELECT d.*, v.name AS vendor FROM documents d JOIN vendors v ON v.id = d.vendor_id "
            "WHERE ?='' OR v.name=? ORDER BY d.received DESC, d.id DESC",
            (vendor, vendor),
        )
        out = [_document_json(db, d) for d in rows]
        if status == "overdue":
            return [d for d in out if d["overdue"]]
        return [d for d in out if not status or d["status"] == status]

    @app.get("/documents/{number}", summary="One invoice document with its lines")
    def document(number: str) -> dict[str, Any]:
        doc = db.one(
            "SELECT d.*, v.name AS vendor FROM documents d JOIN vendors v ON v.id = d.vendor_id "
            "WHERE d.number=?",
            (number,),
        )
        if doc is None:
            raise HTTPException(404, f"no document {number}")
        return _document_json(db, doc)

    @app.get("/entries", summary="Ledger entries, newest first")
    def entries(q: str = "", status: str = "") -> list[dict[str, Any]]:
        like = f"%{q.strip()}%"
        rows = db.query(
            "SELECT e.*, v.name AS vendor FROM entries e JOIN vendors v ON v.id = e.vendor_id "
            "WHERE (e.number LIKE ? OR e.invoice_number LIKE ? OR v.name LIKE ?) "
            "AND (?='' OR e.status=?) ORDER BY e.id DESC",
            (like, like, like, status, status),
        )
        return [_entry_json(r) for r in rows]

    @app.get("/entries/{number}", summary="One ledger entry")
    def one_entry(number: str) -> dict[str, Any]:
        try:
            return _entry_json(entry(db, number))
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None


def _write_routes(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(db, *args)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        except LedgerError as exc:
            raise HTTPException(422, str(exc)) from None

    def form(body: BaseModel) -> dict[str, str]:
        return {k: str(v) for k, v in body.model_dump(exclude_none=True).items()}

    @app.post("/entries", status_code=201, summary="Book an invoice")
    def create(body: NewEntry) -> dict[str, Any]:
        return _entry_json(entry(db, attempt(post_entry, form(body))))

    @app.patch("/entries/{number}", summary="Change a posted entry")
    def change(number: str, body: EntryChange) -> dict[str, Any]:
        attempt(update_entry, number, form(body))
        return _entry_json(entry(db, number))

    @app.post("/entries/{number}/void", summary="Void a posted entry")
    def void(number: str, body: VoidRequest) -> dict[str, Any]:
        attempt(void_entry, number, body.reason)
        return _entry_json(entry(db, number))

    @app.post("/entries/{number}/pay", summary="Mark a posted entry as paid")
    def pay(number: str) -> dict[str, Any]:
        attempt(mark_paid, number)
        return _entry_json(entry(db, number))

    @app.put("/vendors/{vid}/bank", summary="Change a vendor's bank account")
    def bank(vid: int, body: BankChange) -> dict[str, Any]:
        attempt(change_bank, vid, body.iban)
        return vendor(db, vid)
