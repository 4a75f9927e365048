"""CRM GUI: one customer's record (details, notes, deals tabs), the edit and new forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import choices, e, field
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.crm._chrome import (
    LABELS,
    STATUS_LABELS,
    badge,
    flash,
    money,
    render,
)
from openlam.sandbox.apps.crm._data import OPEN_STAGES, OWNERS, PERSON, REGIONS, SPEC, STAGES
from openlam.sandbox.apps.crm._ops import (
    CrmError,
    UnknownRecord,
    add_note,
    create_customer,
    customer,
    delete_customer,
    move_deal,
    update_customer,
)

_TABS = ("details", "notes", "deals")
# the details arrive a moment after the page, like a record fetched by a client-side app
_DELAYED = """setTimeout(() => {
  const box = document.getElementById('details');
  const tpl = document.getElementById('details-tpl');
  if (box && tpl) box.replaceChildren(tpl.content.cloneNode(true));
}, 300);"""


def record_routes(router: APIRouter, world: World) -> None:
    """Routes for one customer: view, edit, delete, notes and deals; and the new-customer form."""
    _form_routes(router, world)  # first: /customers/new must win over /customers/{cid}
    _view_routes(router, world)


def _customer_or_404(db: AppDB, cid: int) -> dict[str, Any]:
    try:
        return customer(db, cid)
    except UnknownRecord as exc:
        raise HTTPException(404, str(exc)) from None


def _view_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/customers/{cid}", response_class=HTMLResponse)
    def record(
        cid: int, tab: str = "details", flash_msg: str = "", error: str = ""
    ) -> HTMLResponse:
        c, lay = _customer_or_404(db, cid), world.layout
        tab = tab if tab in _TABS else "details"
        order = _TABS if lay == "a" else ("deals", "notes", "details")
        tabs = "".join(
            f"<a role=tab href='/crm/customers/{cid}?tab={t}' "
            f"aria-selected={'true' if t == tab else 'false'}>{LABELS(t, lay)}</a>"
            for t in order
        )
        content = {"details": _details, "notes": _notes, "deals": _deals}[tab](db, lay, c)
        body = (
            f"<h1>{e(c['name'])}</h1><p class=muted>{e(c['company'])} · {badge(c['status'])} "
            f"· {e(c['region'])}</p>{flash(flash_msg, error)}<p><a class='btn secondary' "
            f"href='/crm/customers/{cid}/edit'>{LABELS('edit', lay)}</a> <button class=danger "
            f"onclick=\"document.getElementById('delete-dialog').showModal()\">"
            f"{LABELS('delete', lay)}</button></p>{_delete_dialog(lay, c)}"
            f"<nav class=tabs role=tablist>{tabs}</nav>{content}"
        )
        return render(world, c["name"], body, script=_DELAYED if tab == "details" else "")

    @router.post("/customers/{cid}/delete")
    def do_delete(cid: int) -> Any:
        c = _customer_or_404(db, cid)
        delete_customer(db, cid)
        message = urlencode({"flash_msg": f"Deleted {c['name']}"})
        return RedirectResponse(f"/crm/customers?{message}", status_code=303)

    @router.post("/customers/{cid}/notes")
    async def do_note(cid: int, request: Request) -> Any:
        _customer_or_404(db, cid)
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            add_note(db, cid, form.get("body", ""), form.get("follow_up", ""))
        except CrmError as exc:
            return _back(cid, "notes", error=str(exc))
        return _back(cid, "notes", flash_msg="Note added")

    @router.post("/deals/{did}/stage")
    async def do_stage(did: int, request: Request) -> Any:
        deal = db.one("SELECT * FROM deals WHERE id=?", (did,))
        if deal is None:
            raise HTTPException(404, f"no deal {did}")
        stage = str((await request.form()).get("stage", ""))
        try:
            move_deal(db, did, stage)
        except CrmError as exc:
            return _back(deal["customer_id"], "deals", error=str(exc))
        return _back(deal["customer_id"], "deals", flash_msg=f"Deal moved to {stage}")


def _back(cid: int, tab: str, **params: str) -> RedirectResponse:
    return RedirectResponse(
        f"/crm/customers/{cid}?{urlencode({'tab': tab, **params})}", status_code=303
    )


def _delete_dialog(lay: Layout, c: Mapping[str, Any]) -> str:
    return (
        f"<dialog id=delete-dialog><p>Delete {e(c['name'])} with all notes and deals? This "
        f"cannot be undone.</p><form method=post action='/crm/customers/{c['id']}/delete'>"
        f"<button class=danger>{LABELS('confirm_delete', lay)}</button> <button type=button "
        f"class=secondary onclick=\"this.closest('dialog').close()\">{LABELS('cancel', lay)}"
        "</button></form></dialog>"
    )


def _details(db: AppDB, lay: Layout, c: Mapping[str, Any]) -> str:
    rows = [
        (LABELS("email", lay), e(c["email"])),
        (LABELS("phone", lay), e(c["phone"])),
        (LABELS("company", lay), e(c["company"])),
        (LABELS("status", lay), e(STATUS_LABELS[c["status"]])),
        (LABELS("region", lay), e(c["region"])),
        (LABELS("owner", lay), e(c["owner"])),
        ("Customer since", e(c["since"])),
    ]
    if lay == "b":
        rows = rows[2:] + rows[:2]
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        "<div id=details><p class=muted>Loading customer details…</p></div>"
        f"<template id=details-tpl><table class=crm>{table}</table></template>"
    )


def _notes(db: AppDB, lay: Layout, c: Mapping[str, Any]) -> str:
    notes = db.query(
        "SELECT * FROM notes WHERE customer_id=? ORDER BY created DESC, id DESC", (c["id"],)
    )
    items = (
        "".join(
            f"<div class=card><span class=muted>{e(n['created'])} · {e(n['author'])}"
            f"{' · follow up ' + e(n['follow_up']) if n['follow_up'] else ''}</span>"
            f"<p>{e(n['body'])}</p></div>"
            for n in notes
        )
        or "<p class=muted>No notes yet.</p>"
    )
    form = (
        f"<form method=post action='/crm/customers/{c['id']}/notes'>"
        + field(LABELS("note", lay), "<textarea id=body name=body></textarea>", "body")
        + field(
            LABELS("follow_up", lay), "<input type=date id=follow_up name=follow_up>", "follow_up"
        )
        + f"<p><button>{LABELS('add_note', lay)}</button></p></form>"
    )
    return form + items if lay == "a" else items + form


def _deals(db: AppDB, lay: Layout, c: Mapping[str, Any]) -> str:
    deals = db.query("SELECT * FROM deals WHERE customer_id=? ORDER BY id", (c["id"],))
    if not deals:
        return "<p class=muted>No deals yet.</p>"
    open_total = sum(d["amount"] for d in deals if d["stage"] in OPEN_STAGES)
    out = (
        f"<p>Open pipeline: <b>{money(open_total)}</b></p><table class=crm><tr><th>Deal</th>"
        "<th>Amount</th><th>Stage</th><th>Expected close</th><th></th></tr>"
    )
    for d in deals:
        move = f"{LABELS('move', lay)} {d['title']}"
        out += (
            f"<tr><td>{e(d['title'])}</td><td>{money(d['amount'])}</td><td>{e(d['stage'])}</td>"
            f'<td>{e(d["close_date"])}</td><td><button class=secondary aria-label="{e(move)}" '
            f"onclick=\"document.getElementById('deal-{d['id']}').showModal()\">"
            f"{LABELS('move', lay)}</button>{_stage_dialog(lay, d)}</td></tr>"
        )
    return out + "</table>"


def _stage_dialog(lay: Layout, d: Mapping[str, Any]) -> str:
    ident = f"stage-{d['id']}"
    select = (
        f"<select id={ident} name=stage>{choices(((s, s) for s in STAGES), d['stage'])}</select>"
    )
    return (
        f"<dialog id=deal-{d['id']}><p>Move <b>{e(d['title'])}</b> ({money(d['amount'])})</p>"
        f"<form method=post action='/crm/deals/{d['id']}/stage'>"
        f"{field(LABELS('stage', lay), select, ident)}<p><button>{LABELS('save_stage', lay)}"
        f"</button> <button type=button class=secondary onclick=\"this.closest('dialog')"
        f'.close()">{LABELS("cancel", lay)}</button></p></form></dialog>'
    )


def _form_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/customers/new", response_class=HTMLResponse)
    def new() -> HTMLResponse:
        blank = {"status": "lead", "region": REGIONS[0], "owner": PERSON}
        return _form_page(world, "New customer", "/crm/customers/new", blank)

    @router.post("/customers/new")
    async def do_new(request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            cid = create_customer(db, form)
        except CrmError as exc:
            return _form_page(world, "New customer", "/crm/customers/new", form, str(exc))
        return _back(cid, "details", flash_msg="Customer created")

    @router.get("/customers/{cid}/edit", response_class=HTMLResponse)
    def edit(cid: int) -> HTMLResponse:
        c = _customer_or_404(db, cid)
        return _form_page(world, f"Edit {c['name']}", f"/crm/customers/{cid}/edit", c)

    @router.post("/customers/{cid}/edit")
    async def do_edit(cid: int, request: Request) -> Any:
        c = _customer_or_404(db, cid)
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            update_customer(db, cid, form)
        except CrmError as exc:
            return _form_page(
                world, f"Edit {c['name']}", f"/crm/customers/{cid}/edit", form, str(exc)
            )
        return _back(cid, "details", flash_msg="Customer saved")


def _form_page(
    world: World, title: str, action: str, v: Mapping[str, Any], error: str = ""
) -> HTMLResponse:
    lay = world.layout

    def text(key: str, kind: str = "text") -> str:
        control = f'<input type={kind} id={key} name={key} value="{e(v.get(key, ""))}">'
        return field(LABELS(key, lay), control, key)

    def select(key: str, pairs: Any) -> str:
        control = f"<select id={key} name={key}>{choices(pairs, str(v.get(key, '')))}</select>"
        return field(LABELS(key, lay), control, key)

    contact = text("name") + text("email", "email") + text("phone", "tel")
    account = (
        text("company")
        + select("status", STATUS_LABELS.items())
        + select("region", ((r, r) for r in REGIONS))
        + select("owner", ((o, o) for o in OWNERS))
    )
    fields = contact + account if lay == "a" else account + contact
    body = (
        f"<h1>{e(title)}</h1>{flash('', error)}<form method=post action='{e(action)}'>"
        f"<div class=row>{fields}</div><p><button>{LABELS('save', lay)}</button> "
        f"<a class='btn secondary' href='/crm/customers'>{LABELS('cancel', lay)}</a></p></form>"
    )
    return render(world, title, body)
