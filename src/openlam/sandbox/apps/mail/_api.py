"""Mail JSON API (OpenAPI at ``/api/mail/openapi.json``)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.mail import _ops as ops
from openlam.sandbox.apps.mail._data import SPEC

Folder = Literal["inbox", "starred", "sent", "trash"]


class NewMessage(BaseModel):
    """A message to send."""

    to: str = Field(min_length=3, description="one or more addresses, comma-separated")
    subject: str = Field(min_length=1)
    body: str = ""
    cc: str = ""
    priority: Literal["Normal", "High", "Low"] = "Normal"


class Reply(BaseModel):
    """A reply; ``to`` and ``subject`` default to the sender and ``Re: subject``."""

    body: str = Field(min_length=1)
    to: str = ""
    subject: str = ""


class Forward(BaseModel):
    """A forward with an optional note; attachments go along."""

    to: str = Field(min_length=3)
    note: str = ""


class MessageChange(BaseModel):
    """Flags to change; omitted ones stay."""

    starred: bool | None = None
    unread: bool | None = None


class Selection(BaseModel):
    """Several messages at once."""

    ids: list[int] = Field(min_length=1)


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="Postbox API",
        version="1.0",
        description="Read, search, send, star and delete mail.",
    )
    db = world.db(SPEC.name)
    _read_routes(app, db)
    _send_routes(app, db)
    _tidy_routes(app, db)
    return app


def _guarded(db: AppDB, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an operation: unknown ids are 404, refused requests 409."""
    try:
        return fn(db, *args, **kwargs)
    except ops.NoSuchMessage as exc:
        raise HTTPException(404, str(exc)) from None
    except ops.MailError as exc:
        raise HTTPException(409, str(exc)) from None


def _one(db: AppDB, mid: int) -> dict[str, Any]:
    row: dict[str, Any] = _guarded(db, ops.message, mid)
    return row


def _read_routes(app: FastAPI, db: AppDB) -> None:
    @app.get("/messages", summary="List or search a folder, newest first")
    def messages(
        *,
        folder: Folder = "inbox",
        q: str = "",
        sender: str = "",
        unread: bool = False,
        attachments: bool = False,
        since: date | None = None,
    ) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = _guarded(
            db,
            ops.search,
            folder,
            q,
            unread_only=unread,
            with_attachments=attachments,
            since=since.isoformat() if since else "",
            sender=sender,
        )
        return rows

    @app.get("/messages/{mid}", summary="One message with its attachments")
    def one(mid: int) -> dict[str, Any]:
        return _one(db, mid)

    @app.patch("/messages/{mid}", summary="Star/unstar, mark read/unread")
    def change(mid: int, body: MessageChange) -> dict[str, Any]:
        _one(db, mid)
        if body.starred is not None:
            _guarded(db, ops.set_starred, mid, body.starred)
        if body.unread is not None:
            _guarded(db, ops.set_read, mid, not body.unread)
        return _one(db, mid)


def _send_routes(app: FastAPI, db: AppDB) -> None:
    @app.post("/messages", status_code=201, summary="Send a new message")
    def create(body: NewMessage) -> dict[str, Any]:
        return _one(db, _guarded(db, ops.send, **body.model_dump()))

    @app.post("/messages/{mid}/reply", status_code=201, summary="Reply to a message")
    def reply(mid: int, body: Reply) -> dict[str, Any]:
        return _one(db, _guarded(db, ops.reply, mid, body.body, body.to, body.subject))

    @app.post("/messages/{mid}/forward", status_code=201, summary="Forward a message")
    def forward(mid: int, body: Forward) -> dict[str, Any]:
        return _one(db, _guarded(db, ops.forward, mid, body.to, body.note))


def _tidy_routes(app: FastAPI, db: AppDB) -> None:
    @app.post("/messages/{mid}/trash", summary="Move a message to the trash")
    def trash(mid: int) -> dict[str, Any]:
        _guarded(db, ops.move_to_trash, [mid])
        return _one(db, mid)

    @app.post("/trash", summary="Move several messages to the trash (all or none)")
    def trash_many(body: Selection) -> dict[str, int]:
        return {"moved": _guarded(db, ops.move_to_trash, body.ids)}

    @app.post("/messages/{mid}/restore", summary="Move a message back out of the trash")
    def restore(mid: int) -> dict[str, Any]:
        _guarded(db, ops.restore, mid)
        return _one(db, mid)

    @app.post("/trash/empty", summary="Delete everything in the trash for good")
    def empty() -> dict[str, int]:
        return {"deleted": _guarded(db, ops.empty_trash)}
