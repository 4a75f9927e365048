"""Mail GUI: folders with search and pages, reading, replying, forwarding, composing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e
from openlam.sandbox._world import World
from openlam.sandbox.apps.mail import _ops as ops
from openlam.sandbox.apps.mail import _views as v
from openlam.sandbox.apps.mail._data import FOLDERS, SPEC
from openlam.sandbox.apps.mail._views import LABELS


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/mail``."""
    router = APIRouter()
    _folder_routes(router, world)
    _message_routes(router, world)
    _compose_routes(router, world)
    _answer_routes(router, world)
    return router


def _go(path: str, **query: str) -> RedirectResponse:
    """Redirect after a POST, with the outcome in the query (``flash`` or ``error``)."""
    shown = {k: val for k, val in query.items() if val}
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}{urlencode(shown)}" if shown else path, status_code=303)


def _safe_back(back: str) -> str:
    # only ever redirect within the mail app
    return back if back.startswith("/mail/") else "/mail/"


@dataclass(frozen=True)
class ListQuery:
    """What a folder page shows: search, filter, page, and the last action's outcome."""

    q: str = ""
    show: str = "all"
    since: str = ""
    page_no: int = 1
    flash: str = ""
    error: str = ""


def _folder_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def folder_page(folder: str, query: ListQuery) -> HTMLResponse:
        lay = world.layout
        error = query.error
        try:
            rows = ops.search(
                db,
                folder,
                query.q,
                unread_only=query.show == "unread",
                with_attachments=query.show == "files",
                since=query.since,
            )
        except ops.MailError as exc:
            rows, error = [], str(exc)
        pages = max(1, -(-len(rows) // v.PAGE_SIZE))
        page_no = min(max(query.page_no, 1), pages)
        shown = rows[(page_no - 1) * v.PAGE_SIZE : page_no * v.PAGE_SIZE]
        args = {"q": query.q, "show": query.show, "since": query.since}
        back = f"{v.folder_path(folder)}?{urlencode({**args, 'page_no': page_no})}"
        unread = ops.search(db, "inbox", unread_only=True)
        pages_bar = v.pager(lay, folder, args, page_no, len(rows))
        body = (
            f"<h1 class=folder>{LABELS(folder, lay)}</h1>{v.tabs(lay, folder, len(unread))}"
            f"{v.flash_box(query.flash, error)}"
            f"{v.search_form(lay, folder, query.q, query.show, query.since)}"
            f"{v.message_table(lay, shown, back, folder, pages_bar)}"
        )
        if folder == "trash" and rows:
            body += v.empty_dialog(lay, len(rows))
        return v.render(world, LABELS(folder, lay), body, "/mail/")

    for name in FOLDERS:
        router.add_api_route(
            v.folder_path(name).removeprefix("/mail"),
            _folder_view(folder_page, name),
            response_class=HTMLResponse,
        )

    @router.post("/selected/delete")
    async def delete_selected(request: Request) -> Any:
        form = await request.form()
        back = _safe_back(str(form.get("back", "/mail/")))
        try:
            ids = [int(str(i)) for i in form.getlist("ids")]
            moved = ops.move_to_trash(db, ids)
        except (ValueError, ops.MailError) as exc:
            return _go(back, error=str(exc))
        return _go(back, flash=f"{moved} message{'s' * (moved != 1)} moved to Trash")

    @router.post("/trash/empty")
    def do_empty() -> Any:
        gone = ops.empty_trash(db)
        return _go("/mail/trash", flash=f"Trash emptied: {gone} deleted for good")


def _folder_view(folder_page: Any, folder: str) -> Any:
    def view(query: Annotated[ListQuery, Depends()]) -> HTMLResponse:
        page: HTMLResponse = folder_page(folder, query)
        return page

    return view


def _message_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/m/{mid}", response_class=HTMLResponse)
    def read(mid: int, flash: str = "", error: str = "") -> HTMLResponse:
        m = _message(db, mid)
        if m["unread"]:
            ops.set_read(db, mid)
        body = v.message_page(world.layout, m, flash, error)
        return v.render(world, m["subject"], body, script=v.BODY_SCRIPT)

    @router.post("/m/{mid}/star")
    async def star(mid: int, request: Request) -> Any:
        form = await request.form()
        back = _safe_back(str(form.get("back", f"/mail/m/{mid}")))
        try:
            on = ops.toggle_star(db, mid)
        except ops.NoSuchMessage as exc:
            raise HTTPException(404, str(exc)) from None
        except ops.MailError as exc:
            return _go(back, error=str(exc))
        return _go(back, flash="Message starred" if on else "Star removed")

    @router.post("/m/{mid}/delete")
    def delete(mid: int) -> Any:
        try:
            ops.move_to_trash(db, [mid])
        except ops.NoSuchMessage as exc:
            raise HTTPException(404, str(exc)) from None
        except ops.MailError as exc:
            return _go(f"/mail/m/{mid}", error=str(exc))
        return _go("/mail/", flash="1 message moved to Trash")

    @router.post("/m/{mid}/restore")
    def do_restore(mid: int) -> Any:
        try:
            ops.restore(db, mid)
        except ops.NoSuchMessage as exc:
            raise HTTPException(404, str(exc)) from None
        except ops.MailError as exc:
            return _go(f"/mail/m/{mid}", error=str(exc))
        return _go(f"/mail/m/{mid}", flash="Message restored")


def _message(db: Any, mid: int) -> dict[str, Any]:
    try:
        return ops.message(db, mid)
    except ops.NoSuchMessage as exc:
        raise HTTPException(404, str(exc)) from None


def _form_page(world: World, title: str, top: str, form: str, error: str) -> HTMLResponse:
    body = f"<h1>{e(title)}</h1>{v.flash_box('', error)}{top}{form}"
    return v.render(world, title, body, "/mail/compose" if title == "New message" else "")


def _compose_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/compose", response_class=HTMLResponse)
    def compose(error: str = "") -> HTMLResponse:
        form = v.send_form(world.layout, "/mail/compose", {})
        return _form_page(world, "New message", "", form, error)

    @router.post("/compose")
    async def do_compose(request: Request) -> Any:
        f = {k: str(val) for k, val in (await request.form()).items()}
        try:
            ops.send(
                db,
                to=f.get("to", ""),
                cc=f.get("cc", ""),
                subject=f.get("subject", ""),
                body=f.get("body", ""),
                priority=f.get("priority", "Normal"),
            )
        except ops.MailError as exc:
            return _go("/mail/compose", error=str(exc))
        return _go("/mail/sent", flash="Message sent")


def _answer_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/m/{mid}/reply", response_class=HTMLResponse)
    def reply_form(mid: int, error: str = "") -> HTMLResponse:
        m = _message(db, mid)
        values = {"to": m["sender"], "subject": ops.reply_subject(m["subject"])}
        quote = (
            f"<div class=card><p class=muted>On {e(m['date'])}, {e(m['sender_name'])} wrote:"
            f"</p>{v.body_html(m['body'])}</div>"
        )
        form = v.send_form(world.layout, f"/mail/m/{mid}/reply", values, cc=False)
        return _form_page(world, f"Reply: {m['subject']}", "", form + quote, error)

    @router.post("/m/{mid}/reply")
    async def do_reply(mid: int, request: Request) -> Any:
        f = {k: str(val) for k, val in (await request.form()).items()}
        _message(db, mid)
        try:
            ops.reply(db, mid, f.get("body", ""), f.get("to", ""), f.get("subject", ""))
        except ops.MailError as exc:
            return _go(f"/mail/m/{mid}/reply", error=str(exc))
        return _go(f"/mail/m/{mid}", flash="Reply sent")

    @router.get("/m/{mid}/forward", response_class=HTMLResponse)
    def forward_form(mid: int, error: str = "") -> HTMLResponse:
        m = _message(db, mid)
        values = {"subject": ops.forward_subject(m["subject"])}
        files = ", ".join(a["name"] for a in m["attachments"])
        top = f"<p class=muted>Attachments included: {e(files)}</p>" if files else ""
        form = v.send_form(world.layout, f"/mail/m/{mid}/forward", values, note=True, cc=False)
        return _form_page(world, f"Forward: {m['subject']}", top, form, error)

    @router.post("/m/{mid}/forward")
    async def do_forward(mid: int, request: Request) -> Any:
        f = {k: str(val) for k, val in (await request.form()).items()}
        _message(db, mid)
        try:
            ops.forward(db, mid, f.get("to", ""), f.get("note", ""))
        except ops.MailError as exc:
            return _go(f"/mail/m/{mid}/forward", error=str(exc))
        return _go(f"/mail/m/{mid}", flash="Message forwarded")
