"""CRM JSON API (OpenAPI at ``/api/crm/openapi.json``)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from openlam.sandbox._world import World
from openlam.sandbox.apps.crm._data import SPEC
from openlam.sandbox.apps.crm._ops import (
    CrmError,
    UnknownRecord,
    add_note,
    bulk_update,
    create_customer,
    customer,
    delete_customer,
    move_deal,
    share_list,
    update_customer,
)


class NewCustomer(BaseModel):
    """A customer to create."""

    name: str = Field(min_length=1)
    email: str
    phone: str
    company: str = Field(min_length=1)
    status: Literal["lead", "active", "churned"] = "lead"
    region: str
    owner: str = Field("", description="owner's name; blank for yourself")


class CustomerChange(BaseModel):
    """Fields to change on a customer; omitted ones stay."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    company: str | None = None
    status: Literal["lead", "active", "churned"] | None = None
    region: str | None = None
    owner: str | None = Field(None, description="owner's name")


class NewNote(BaseModel):
    """A note on a customer."""

    body: str = Field(min_length=1)
    follow_up: str = Field("", description="YYYY-MM-DD or blank")


class StageChange(BaseModel):
    """A deal's new stage."""

    stage: str


class BulkUpdate(BaseModel):
    """One change applied to many customers at once."""

    ids: list[int] = Field(min_length=1)
    action: Literal["Set status", "Assign owner"]
    value: str = Field(description="the new status, or the owner's name")


class ShareRequest(BaseModel):
    """Email an export of the customer list."""

    recipient: str
    fields: str = Field(
        description="Names only | Names and emails | Names, emails and phone numbers"
    )
    segment: str = Field("", description="a status, or blank for every customer")


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="ClientBase API",
        version="1.0",
        description="Customers, notes, deals and bulk updates.",
    )
    _read_routes(app, world)
    _write_routes(app, world)
    return app


def _found(db: Any, cid: int) -> dict[str, Any]:
    try:
        row = customer(db, cid)
    except UnknownRecord as exc:
        raise HTTPException(404, str(exc)) from None
    row["notes"] = db.query("SELECT * FROM notes WHERE customer_id=? ORDER BY id", (cid,))
    row["deals"] = db.query("SELECT * FROM deals WHERE customer_id=? ORDER BY id", (cid,))
    return row


def _read_routes(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    @app.get("/customers", summary="Search customers")
    def customers(
        q: str = "", status: str = "", region: str = "", owner: str = ""
    ) -> list[dict[str, Any]]:
        like = f"%{q.strip()}%"
        return db.query(
            "SELECT c.*, o.name AS owner FROM customers c JOIN owners o ON o.id = c.owner_id "
            "WHERE (c.name LIKE ? OR c.company LIKE ? OR c.email LIKE ?) AND (?='' OR c.status=?) "
            "AND (?='' OR c.region=?) AND (?='' OR o.name=?) ORDER BY c.name",
            (like, like, like, status, status, region, region, owner, owner),
        )

    @app.get("/customers/{cid}", summary="One customer with notes and deals")
    def one(cid: int) -> dict[str, Any]:
        return _found(db, cid)

    @app.get("/owners", summary="Sales owners")
    def owners() -> list[dict[str, Any]]:
        return db.query("SELECT * FROM owners ORDER BY id")

    @app.get("/shares", summary="Lists sent so far")
    def shares() -> list[dict[str, Any]]:
        return db.query("SELECT * FROM shares ORDER BY id")


def _write_routes(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(db, *args)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        except CrmError as exc:
            raise HTTPException(422, str(exc)) from None

    @app.post("/customers", status_code=201, summary="Create a customer")
    def create(body: NewCustomer) -> dict[str, Any]:
        return _found(db, attempt(create_customer, body.model_dump()))

    @app.patch("/customers/{cid}", summary="Change a customer")
    def change(cid: int, body: CustomerChange) -> dict[str, Any]:
        _found(db, cid)
        attempt(update_customer, cid, body.model_dump(exclude_none=True))
        return _found(db, cid)

    @app.delete("/customers/{cid}", summary="Delete a customer with notes and deals")
    def delete(cid: int) -> dict[str, Any]:
        attempt(delete_customer, cid)
        return {"deleted": cid}

    @app.post("/customers/{cid}/notes", status_code=201, summary="Add a note")
    def note(cid: int, body: NewNote) -> dict[str, Any]:
        attempt(add_note, cid, body.body, body.follow_up)
        return _found(db, cid)

    @app.patch("/deals/{did}", summary="Move a deal to another stage")
    def stage(did: int, body: StageChange) -> dict[str, Any]:
        attempt(move_deal, did, body.stage)
        return dict(db.one("SELECT * FROM deals WHERE id=?", (did,)) or {})

    @app.post("/customers/bulk", summary="Set status or assign owner for many customers")
    def bulk(body: BulkUpdate) -> dict[str, Any]:
        return {"updated": attempt(bulk_update, body.ids, body.action, body.value)}

    @app.post("/shares", status_code=201, summary="Email the customer list")
    def share(body: ShareRequest) -> dict[str, Any]:
        return {"sent": attempt(share_list, body.recipient, body.fields, body.segment)}
