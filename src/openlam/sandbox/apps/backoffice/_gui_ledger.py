"""Back-office GUI: the ledger (search, pages, edit, void, mark paid), the entry form, vendors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import choices, e, field
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.backoffice._chrome import LABELS, flash, pager, pill, render
from openlam.sandbox.apps.backoffice._data import COST_CENTERS, SPEC, VAT_RATES
from openlam.sandbox.apps.backoffice._ops import (
    LedgerError,
    UnknownRecord,
    change_bank,
    entry,
    euros,
    mark_paid,
    post_entry,
    update_entry,
    vendor,
    void_entry,
)

LEDGER_PAGE = 10


def ledger_routes(router: APIRouter, world: World) -> None:
    """Ledger, entry form and vendor routes."""
    _ledger_routes(router, world)
    _entry_routes(router, world)
    _vendor_routes(router, world)


def _done(number: str, message: str) -> RedirectResponse:
    query = urlencode({"q": number, "flash_msg": message})
    return RedirectResponse(f"/backoffice/ledger?{query}", status_code=303)


def _ledger_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/ledger", response_class=HTMLResponse)
    def ledger(q: str = "", page_no: int = 1, flash_msg: str = "", error: str = "") -> HTMLResponse:
        lay = world.layout
        like = f"%{q.strip()}%"
        rows = db.query(
            "SELECT e.*, v.name AS vendor FROM entries e JOIN vendors v ON v.id = e.vendor_id "
            "WHERE e.number LIKE ? OR e.invoice_number LIKE ? OR v.name LIKE ? ORDER BY e.id DESC",
            (like, like, like),
        )
        pages = max(1, -(-len(rows) // LEDGER_PAGE))
        page_no = min(max(page_no, 1), pages)
        shown = rows[(page_no - 1) * LEDGER_PAGE : page_no * LEDGER_PAGE]
        search = field(
            LABELS("ledger_search", lay), f'<input type=search id=q name=q value="{e(q)}">', "q"
        )
        body = (
            f"<h1>{LABELS('ledger', lay)}</h1>{flash(flash_msg, error)}<form method=get "
            f"action='/backoffice/ledger'><div class=row>{search}<div><button>"
            f"{LABELS('search', lay)}</button></div></div></form><p class=muted>{len(rows)} "
            f"entries · page {page_no} of {pages}</p>{_ledger_table(lay, shown)}"
            + pager(lay, "/backoffice/ledger", {"q": q}, page_no, pages)
        )
        return render(world, "Ledger", body, "/backoffice/ledger")

    @router.post("/entries/{number}/void")
    async def do_void(number: str, request: Request) -> Any:
        reason = str((await request.form()).get("reason", ""))
        return _attempt(lambda: void_entry(db, number, reason), number, f"Voided {number}")

    @router.post("/entries/{number}/pay")
    def do_pay(number: str) -> Any:
        return _attempt(lambda: mark_paid(db, number), number, f"Marked {number} as paid")


def _attempt(change: Any, number: str, message: str) -> RedirectResponse:
    try:
        change()
    except UnknownRecord as exc:
        raise HTTPException(404, str(exc)) from None
    except LedgerError as exc:
        query = urlencode({"q": number, "error": str(exc)})
        return RedirectResponse(f"/backoffice/ledger?{query}", status_code=303)
    return _done(number, message)


def _ledger_table(lay: Layout, rows: list[dict[str, Any]]) -> str:
    out = (
        "<table class=ledger><tr><th>Entry</th><th>Vendor</th><th>Invoice no.</th>"
        "<th>Invoice date</th><th>Net</th><th>VAT</th><th>Total</th><th>Cost center</th>"
        "<th>Due</th><th>Status</th><th></th></tr>"
    )
    for r in rows:
        out += (
            f"<tr><td>{e(r['number'])}</td><td>{e(r['vendor'])}</td><td>{e(r['invoice_number'])}"
            f"</td><td>{e(r['invoice_date'])}</td><td>€{euros(r['net'])}</td><td>{r['vat_rate']}%"
            f"</td><td>€{euros(r['total'])}</td><td>{e(r['cost_center'])}</td>"
            f"<td>{e(r['due_date'])}</td><td>{pill(r['status'])}</td>"
            f"<td>{_row_actions(lay, r) if r['status'] == 'posted' else ''}</td></tr>"
        )
    return out + "</table>" + ("" if rows else "<p>No entries match.</p>")


def _row_actions(lay: Layout, r: Mapping[str, Any]) -> str:
    n = e(r["number"])
    edit, void, pay = LABELS("edit", lay), LABELS("void", lay), LABELS("pay", lay)
    dialog = (
        f"<dialog id=void-{n}><p>Void {n} ({e(r['vendor'])}, invoice {e(r['invoice_number'])},"
        f" €{euros(r['total'])})? The entry stays in the ledger, marked void.</p>"
        f"<form method=post action='/backoffice/entries/{n}/void'>"
        + field(
            LABELS("reason", lay), f"<input type=text id=reason-{n} name=reason>", f"reason-{n}"
        )
        + f"<p><button class=danger>{LABELS('confirm_void', lay)}</button> <button type=button "
        f"class=secondary onclick=\"this.closest('dialog').close()\">{LABELS('keep', lay)}"
        "</button></p></form></dialog>"
    )
    return (
        f"<a href='/backoffice/entries/{n}/edit' aria-label='{edit} {n}'>{edit}</a> "
        f"<form method=post action='/backoffice/entries/{n}/pay' style='display:inline'>"
        f"<button class=secondary aria-label='{pay} {n}'>{pay}</button></form> "
        f"<button class=danger aria-label='{void} {n}' onclick=\"document.getElementById("
        f"'void-{n}').showModal()\">{void}</button>{dialog}"
    )


def _entry_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/entries/new", response_class=HTMLResponse)
    def new() -> HTMLResponse:
        return _entry_form(world, db, "New ledger entry", "/backoffice/entries/new", {})

    @router.post("/entries/new")
    async def do_new(request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            number = post_entry(db, form)
        except LedgerError as exc:
            return _entry_form(
                world, db, "New ledger entry", "/backoffice/entries/new", form, error=str(exc)
            )
        return _done(number, f"Posted entry {number}")

    @router.get("/entries/{number}/edit", response_class=HTMLResponse)
    def edit(number: str) -> HTMLResponse:
        try:
            r = entry(db, number)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        values = {**r, "net": euros(r["net"]), "total": euros(r["total"])}
        return _entry_form(
            world, db, f"Edit {number}", f"/backoffice/entries/{number}/edit", values
        )

    @router.post("/entries/{number}/edit")
    async def do_edit(number: str, request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            update_entry(db, number, form)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        except LedgerError as exc:
            action = f"/backoffice/entries/{number}/edit"
            return _entry_form(world, db, f"Edit {number}", action, form, error=str(exc))
        return _done(number, f"Saved {number}")


def _entry_form(
    world: World, db: AppDB, title: str, action: str, v: Mapping[str, Any], *, error: str = ""
) -> HTMLResponse:
    lay = world.layout
    vendors = [r["name"] for r in db.query("SELECT name FROM vendors ORDER BY name")]

    def text(key: str, kind: str = "text") -> str:
        control = f'<input type={kind} id={key} name={key} value="{e(v.get(key, ""))}">'
        return field(LABELS(key, lay), control, key)

    def select(key: str, pairs: Any, blank: str) -> str:
        chosen = choices(pairs, str(v.get(key, "")), blank)
        return field(LABELS(key, lay), f"<select id={key} name={key}>{chosen}</select>", key)

    who = select("vendor", ((n, n) for n in vendors), "Choose a vendor") + text("invoice_number")
    dates = text("invoice_date", "date") + text("due_date", "date")
    rates = ((str(r), f"{r}%") for r in VAT_RATES)
    money = text("net") + select("vat_rate", rates, "Choose a rate") + text("total")
    center = select("cost_center", ((c, c) for c in COST_CENTERS), "Choose a cost center")
    parts = [who, dates, money, center] if lay == "a" else [who, money, center, dates]
    button = LABELS("post" if action.endswith("/new") else "save", lay)
    body = (
        f"<h1>{e(title)}</h1>{flash('', error)}<form class=entry-form method=post "
        f"action='{e(action)}'>"
        + "".join(f"<div class=row>{p}</div>" for p in parts)
        + f"<p class=muted>The total must equal the net amount plus VAT.</p><p><button>{button}"
        f"</button> <a class='btn secondary' href='/backoffice/ledger'>{LABELS('cancel', lay)}"
        "</a></p></form>"
    )
    return render(world, title, body, "/backoffice/entries/new" if "new" in action else "")


def _vendor_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/vendors", response_class=HTMLResponse)
    def vendors() -> HTMLResponse:
        rows = db.query(
            "SELECT v.*, COALESCE(SUM(CASE WHEN e.status='posted' THEN e.total END), 0) AS open "
            "FROM vendors v LEFT JOIN entries e ON e.vendor_id = v.id GROUP BY v.id ORDER BY v.name"
        )
        table = "".join(
            f"<tr><td><a href='/backoffice/vendors/{r['id']}'>{e(r['name'])}</a></td>"
            f"<td>{e(r['city'])}</td><td>{r['terms_days']} days</td>"
            f"<td>€{euros(r['open'])}</td></tr>"
            for r in rows
        )
        body = (
            f"<h1>{LABELS('vendors', world.layout)}</h1><table class=ledger><tr><th>Vendor</th>"
            f"<th>City</th><th>Payment terms</th><th>Open balance</th></tr>{table}</table>"
        )
        return render(world, "Vendors", body, "/backoffice/vendors")

    @router.get("/vendors/{vid}", response_class=HTMLResponse)
    def one(vid: int, flash_msg: str = "", error: str = "") -> HTMLResponse:
        try:
            v = vendor(db, vid)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        return render(world, v["name"], flash(flash_msg, error) + _vendor_page(db, world.layout, v))

    @router.post("/vendors/{vid}/bank")
    async def bank(vid: int, request: Request) -> Any:
        iban = str((await request.form()).get("iban", ""))
        try:
            change_bank(db, vid, iban)
        except UnknownRecord as exc:
            raise HTTPException(404, str(exc)) from None
        except LedgerError as exc:
            return RedirectResponse(
                f"/backoffice/vendors/{vid}?{urlencode({'error': str(exc)})}", status_code=303
            )
        return RedirectResponse(
            f"/backoffice/vendors/{vid}?flash_msg=Bank+details+saved", status_code=303
        )


def _vendor_page(db: AppDB, lay: Layout, v: Mapping[str, Any]) -> str:
    entries = db.query(
        "SELECT e.*, v.name AS vendor FROM entries e JOIN vendors v ON v.id = e.vendor_id "
        "WHERE e.vendor_id=? ORDER BY e.id DESC",
        (v["id"],),
    )
    open_total = sum(r["total"] for r in entries if r["status"] == "posted")
    facts = [
        ("Address", f"{v['street']}, {v['city']}"),
        ("VAT ID", v["vat_id"]),
        ("Billing email", v["email"]),
        ("Payment terms", f"{v['terms_days']} days"),
        ("Open balance (posted, unpaid)", f"€{euros(open_total)}"),
    ]
    info = "".join(f"<tr><th>{k}</th><td>{e(x)}</td></tr>" for k, x in facts)
    bank = (
        f"<h2>Bank details</h2><form method=post action='/backoffice/vendors/{v['id']}/bank'>"
        + field(
            LABELS("iban", lay),
            f'<input type=text id=iban name=iban value="{e(v["iban"])}">',
            "iban",
        )
        + f"<p><button>{LABELS('save_bank', lay)}</button></p></form>"
    )
    listing = "<h2>Ledger entries</h2>" + _ledger_table(lay, entries)
    parts = [f"<h1>{e(v['name'])}</h1><table>{info}</table>", bank, listing]
    return "".join(parts if lay == "a" else [parts[0], parts[2], parts[1]])
