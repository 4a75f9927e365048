"""CRM GUI: dashboard, the customer list with filters and bulk update, and list sharing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import choices, e, field
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.crm._chrome import (
    LABELS,
    PAGE_SIZE,
    SORTS,
    STATUS_LABELS,
    badge,
    flash,
    money,
    render,
)
from openlam.sandbox.apps.crm._data import OPEN_STAGES, OWNERS, REGIONS, SHARE_FIELDS, SPEC
from openlam.sandbox.apps.crm._gui_record import record_routes
from openlam.sandbox.apps.crm._ops import BULK_ACTIONS, CrmError, bulk_update, share_list

_ORDER = {
    "name": "c.name",
    "name_desc": "c.name DESC",
    "company": "c.company, c.name",
    "newest": "c.since DESC, c.name",
}
_BULK_JS = """
function bulkShow(sel) {
  document.getElementById('bulk-status').hidden = sel.value !== 'Set status';
  document.getElementById('bulk-owner').hidden = sel.value !== 'Assign owner';
}
function selectAll(box) {
  for (const b of document.querySelectorAll('input[name=ids]')) b.checked = box.checked;
}
function bulkAsk() {
  const n = document.querySelectorAll('input[name=ids]:checked').length;
  const act = document.getElementById('bulk-action').value;
  const val = act === 'Assign owner' ? document.getElementById('new_owner').value
    : document.getElementById('new_status').value;
  document.getElementById('bulk-text').textContent = n === 0
    ? 'No customers are selected.'
    : `${act || 'No action chosen'}${val ? ' → ' + val : ''} for ${n} selected customer(s)?`;
  document.getElementById('bulk-dialog').showModal();
}
"""


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/crm``."""
    router = APIRouter()
    _list_routes(router, world)
    _share_routes(router, world)
    record_routes(router, world)
    return router


def _list_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/", response_class=HTMLResponse)
    def dashboard() -> HTMLResponse:
        return render(world, "Dashboard", _dashboard(db, world.layout), "/crm/")

    @router.get("/customers", response_class=HTMLResponse)
    def customers(
        *,
        q: str = "",
        status: str = "",
        region: str = "",
        sort: str = "name",
        page_no: int = 1,
        flash_msg: str = "",
        error: str = "",
    ) -> HTMLResponse:
        query = {"q": q, "status": status, "region": region, "sort": sort}
        body = _customer_list(db, world.layout, query, page_no)
        return render(
            world,
            "Customers",
            flash(flash_msg, error) + body,
            "/crm/customers",
            _BULK_JS,
        )

    @router.post("/customers/bulk")
    async def bulk(request: Request) -> Any:
        form = await request.form()
        back = str(form.get("back", ""))
        action = str(form.get("action", ""))
        value = str(form.get("new_owner" if action == "Assign owner" else "new_status", ""))
        try:
            ids = [int(str(v)) for v in form.getlist("ids")]
            n = bulk_update(db, ids, action, value)
        except (CrmError, ValueError) as exc:
            return RedirectResponse(
                f"/crm/customers?{back}&{urlencode({'error': str(exc)})}", status_code=303
            )
        message = f"Updated {n} customer{'s' if n != 1 else ''}"
        return RedirectResponse(
            f"/crm/customers?{back}&{urlencode({'flash_msg': message})}", status_code=303
        )


def _dashboard(db: AppDB, lay: Layout) -> str:
    counts = {
        r["status"]: r["n"]
        for r in db.query("SELECT status, COUNT(*) AS n FROM customers GROUP BY status")
    }
    marks = ",".join("?" for _ in OPEN_STAGES)
    pipeline = db.one(f"SELECT SUM(amount) AS s FROM deals WHERE stage IN ({marks})", OPEN_STAGES)
    cards = [
        f"<div class=card><span class=muted>{label}s</span><b>{counts.get(s, 0)}</b></div>"
        for s, label in STATUS_LABELS.items()
    ]
    cards.append(
        f"<div class=card><span class=muted>Open pipeline</span>"
        f"<b>{money(int((pipeline or {}).get('s') or 0))}</b></div>"
    )
    if lay == "b":
        cards.reverse()
    recent = db.query(
        "SELECT n.*, c.name FROM notes n JOIN customers c ON c.id = n.customer_id "
        "ORDER BY n.created DESC, n.id DESC LIMIT 5"
    )
    items = "".join(
        f"<li><a href='/crm/customers/{n['customer_id']}?tab=notes'>{e(n['name'])}</a> "
        f"<span class=muted>{e(n['created'])} · {e(n['author'])}</span> — {e(n['body'])}</li>"
        for n in recent
    )
    return (
        f"<h1>{LABELS('dashboard', lay)}</h1><div class=kpis>{''.join(cards)}</div>"
        f"<h2>Recent notes</h2><ul>{items}</ul>"
        f"<p><a class=btn href='/crm/customers'>{LABELS('customers', lay)}</a></p>"
    )


def _customer_rows(db: AppDB, query: dict[str, str]) -> list[dict[str, Any]]:
    like = f"%{query['q'].strip()}%"
    return db.query(
        "SELECT c.*, o.name AS owner FROM customers c JOIN owners o ON o.id = c.owner_id "
        "WHERE (c.name LIKE ? OR c.company LIKE ? OR c.email LIKE ?) "
        "AND (?='' OR c.status=?) AND (?='' OR c.region=?) "
        f"ORDER BY {_ORDER.get(query['sort'], 'c.name')}",
        (like, like, like, query["status"], query["status"], query["region"], query["region"]),
    )


def _customer_list(db: AppDB, lay: Layout, query: dict[str, str], page_no: int) -> str:
    rows = _customer_rows(db, query)
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_no = min(max(page_no, 1), pages)
    shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    pager = []
    if page_no > 1:
        pager.append(_page_link(LABELS("prev", lay), query, page_no - 1))
    if page_no < pages:
        pager.append(_page_link(LABELS("next", lay), query, page_no + 1))
    back = urlencode({**query, "page_no": page_no})
    return (
        f"<h1>{LABELS('customers', lay)}</h1>{_filters(lay, query)}"
        f"<p class=muted>{len(rows)} customers found · page {page_no} of {pages} · "
        f"<a href='/crm/customers/new'>{LABELS('new', lay)}</a></p>"
        f"<form id=bulk-form method=post action='/crm/customers/bulk'>"
        f'<input type=hidden name=back value="{e(back)}">{_bulk_bar(lay)}'
        f"{_table(lay, shown)}</form><div class=pager>{''.join(pager)}</div>"
    )


def _filters(lay: Layout, query: dict[str, str]) -> str:
    q = field(
        LABELS("q", lay),
        f'<input type=search id=q name=q value="{e(query["q"])}">',
        "q",
    )
    status = field(
        LABELS("status", lay),
        f"<select id=status name=status>"
        f"{choices(STATUS_LABELS.items(), query['status'], 'Any status')}</select>",
        "status",
    )
    region = field(
        LABELS("region", lay),
        f"<select id=region name=region>"
        f"{choices(((r, r) for r in REGIONS), query['region'], 'Any region')}</select>",
        "region",
    )
    sort = field(
        LABELS("sort", lay),
        f"<select id=sort name=sort>{choices(SORTS, query['sort'])}</select>",
        "sort",
    )
    fields = q + status + region + sort if lay == "a" else q + region + status + sort
    return (
        f"<form method=get action='/crm/customers'><div class='row filters'>{fields}"
        f"<div><button>{LABELS('search', lay)}</button></div></div></form>"
    )


def _bulk_bar(lay: Layout) -> str:
    action = field(
        LABELS("bulk_action", lay),
        "<select id=bulk-action name=action onchange='bulkShow(this)'>"
        f"{choices(((a, a) for a in BULK_ACTIONS), '', 'Choose an action')}</select>",
        "bulk-action",
    )
    status = (
        f"<div id=bulk-status hidden><label for=new_status>{LABELS('new_status', lay)}</label>"
        f"<select id=new_status name=new_status>{choices(STATUS_LABELS.items())}</select></div>"
    )
    owner = (
        f"<div id=bulk-owner hidden><label for=new_owner>{LABELS('new_owner', lay)}</label>"
        f"<select id=new_owner name=new_owner>{choices((o, o) for o in OWNERS)}</select></div>"
    )
    dialog = (
        f"<dialog id=bulk-dialog><p id=bulk-text></p><button>{LABELS('confirm_bulk', lay)}"
        f"</button> <button type=button class=secondary onclick=\"this.closest('dialog')"
        f'.close()">{LABELS("cancel", lay)}</button></dialog>'
    )
    return (
        f"<div class='row bulk'>{action}{status}{owner}<div><button type=button "
        f"onclick='bulkAsk()'>{LABELS('apply', lay)}</button></div></div>{dialog}"
    )


def _table(lay: Layout, rows: list[dict[str, Any]]) -> str:
    head_all = (
        f"<input type=checkbox id=select-all aria-label='{LABELS('select_all', lay)}' "
        "onchange='selectAll(this)'>"
    )
    cols = ["Name", "Company", "Status", "Region", "Owner"]
    if lay == "b":
        cols = ["Company", "Name", "Region", "Status", "Owner"]
    out = f"<table class=crm><tr><th>{head_all}</th>" + "".join(f"<th>{c}</th>" for c in cols)
    for c in rows:
        cells = {
            "Name": f"<a href='/crm/customers/{c['id']}'>{e(c['name'])}</a>",
            "Company": e(c["company"]),
            "Status": badge(c["status"]),
            "Region": e(c["region"]),
            "Owner": e(c["owner"]),
        }
        out += (
            f"<tr><td><input type=checkbox name=ids value={c['id']} "
            f'aria-label="Select {e(c["name"])}"></td>'
            + "".join(f"<td>{cells[col]}</td>" for col in cols)
            + "</tr>"
        )
    out += "</table>"
    return out if rows else out + "<p>No customer matches.</p>"


def _page_link(text: str, query: dict[str, str], number: int) -> str:
    return f'<a href="/crm/customers?{e(urlencode({**query, "page_no": number}))}">{e(text)}</a>'


def _share_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/share", response_class=HTMLResponse)
    def share(flash_msg: str = "", error: str = "") -> HTMLResponse:
        lay = world.layout
        history = db.query("SELECT * FROM shares ORDER BY id DESC")
        rows = "".join(
            f"<tr><td>{e(s['created'])}</td><td>{e(s['recipient'])}</td><td>{e(s['fields'])}"
            f"</td><td>{e(s['segment'])}</td><td>{s['count']}</td></tr>"
            for s in history
        )
        segments = choices(((k, f"{v}s only") for k, v in STATUS_LABELS.items()), "", "All")
        form = (
            field(
                LABELS("recipient", lay),
                "<input type=email id=recipient name=recipient>",
                "recipient",
            )
            + field(
                LABELS("include", lay),
                f"<select id=include name=fields>{choices((f, f) for f in SHARE_FIELDS)}</select>",
                "include",
            )
            + field(
                LABELS("segment", lay),
                f"<select id=segment name=segment>{segments}</select>",
                "segment",
            )
        )
        body = (
            f"<h1>{LABELS('share', lay)}</h1>{flash(flash_msg, error)}<p class=muted>Email an "
            "export of the customer list as a CSV attachment.</p><form method=post "
            f"action='/crm/share'><div class=row>{form}</div><p><button>{LABELS('send', lay)}"
            "</button></p></form><h2>Sent lists</h2><table class=crm><tr><th>Date</th>"
            f"<th>Recipient</th><th>Fields</th><th>Customers</th><th>Rows</th></tr>{rows}</table>"
        )
        return render(world, "Share list", body, "/crm/share")

    @router.post("/share")
    async def do_share(request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            n = share_list(
                db, form.get("recipient", ""), form.get("fields", ""), form.get("segment", "")
            )
        except CrmError as exc:
            return RedirectResponse(f"/crm/share?{urlencode({'error': str(exc)})}", status_code=303)
        return RedirectResponse(
            f"/crm/share?{urlencode({'flash_msg': f'Sent a list of {n} customers'})}",
            status_code=303,
        )
