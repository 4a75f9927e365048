"""Back-office GUI: overview, the document inbox, invoice documents (HTML, CSV, PDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response

from openlam.sandbox._html import choices, e, field
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.backoffice._chrome import (
    LABELS,
    long_date,
    pager,
    pill,
    render,
)
from openlam.sandbox.apps.backoffice._data import COMPANY, SPEC, TODAY
from openlam.sandbox.apps.backoffice._files import invoice_csv, invoice_text, text_pdf
from openlam.sandbox.apps.backoffice._gui_ledger import ledger_routes
from openlam.sandbox.apps.backoffice._ops import document_status, euros, is_overdue

INBOX_PAGE = 10
_FILTERS = (("new", "New"), ("entered", "Entered"), ("paid", "Paid"), ("overdue", "Overdue"))
# the document preview arrives a moment after the page, like a viewer rendering a file
_DELAYED = """setTimeout(() => {
  const box = document.getElementById('doc');
  const tpl = document.getElementById('doc-tpl');
  if (box && tpl) box.replaceChildren(tpl.content.cloneNode(true));
}, 350);"""


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/backoffice``."""
    router = APIRouter()
    _inbox_routes(router, world)
    _document_routes(router, world)
    ledger_routes(router, world)
    return router


def documents(db: AppDB) -> list[dict[str, Any]]:
    """Every inbox document with vendor name, status and overdue flag, newest first."""
    rows = db.query(
        "SELECT d.*, v.name AS vendor FROM documents d JOIN vendors v ON v.id = d.vendor_id "
        "ORDER BY d.received DESC, d.id DESC"
    )
    for d in rows:
        d["status"] = document_status(db, d)
        d["overdue"] = is_overdue(d["status"], d)
    return rows


def _inbox_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/", response_class=HTMLResponse)
    def overview() -> HTMLResponse:
        lay, docs = world.layout, documents(db)
        owed = db.one("SELECT SUM(total) AS s FROM entries WHERE status='posted'") or {}
        cards = [
            (LABELS("inbox", lay), "New documents", sum(d["status"] == "new" for d in docs)),
            (LABELS("inbox", lay), "Overdue", sum(d["overdue"] for d in docs)),
            (LABELS("ledger", lay), "Open payables", f"€{euros(int(owed.get('s') or 0))}"),
        ]
        if lay == "b":
            cards.reverse()
        html = "".join(
            f"<div class=card><span class=muted>{e(what)}</span><b>{e(value)}</b>"
            f"<span class=muted>{e(where)}</span></div>"
            for where, what, value in cards
        )
        body = (
            f"<h1>Accounts payable</h1><div class=kpis>{html}</div><p>"
            f"<a class=btn href='/backoffice/inbox'>{LABELS('inbox', lay)}</a> "
            f"<a class='btn secondary' href='/backoffice/entries/new'>"
            f"{LABELS('new_entry', lay)}</a></p>"
        )
        return render(world, "Overview", body, "/backoffice/")

    @router.get("/inbox", response_class=HTMLResponse)
    def inbox(q: str = "", status: str = "", page_no: int = 1) -> HTMLResponse:
        lay, docs = world.layout, documents(db)
        counts = {s: sum(d["status"] == s for d in docs) for s in ("new", "entered", "paid")}
        shown = [d for d in docs if _matches(d, q, status)]
        pages = max(1, -(-len(shown) // INBOX_PAGE))
        page_no = min(max(page_no, 1), pages)
        rows = shown[(page_no - 1) * INBOX_PAGE : page_no * INBOX_PAGE]
        body = (
            f"<h1>{LABELS('inbox', lay)}</h1><p class=muted>{counts['new']} new documents · "
            f"{counts['entered']} entered · {counts['paid']} paid · today is {long_date(TODAY)}"
            f"</p>{_inbox_filters(lay, q, status)}<p class=muted>{len(shown)} documents shown · "
            f"page {page_no} of {pages}</p>{_inbox_table(lay, rows)}"
            + pager(lay, "/backoffice/inbox", {"q": q, "status": status}, page_no, pages)
        )
        return render(world, "Inbox", body, "/backoffice/inbox")


def _matches(d: Mapping[str, Any], q: str, status: str) -> bool:
    text = q.strip().casefold()
    if text and text not in f"{d['number']} {d['vendor']}".casefold():
        return False
    if status == "overdue":
        return bool(d["overdue"])
    return not status or d["status"] == status


def _inbox_filters(lay: Layout, q: str, status: str) -> str:
    search = field(
        LABELS("doc_search", lay), f'<input type=search id=q name=q value="{e(q)}">', "q"
    )
    state = field(
        LABELS("doc_status", lay),
        f"<select id=status name=status>{choices(_FILTERS, status, 'All documents')}</select>",
        "status",
    )
    fields = search + state if lay == "a" else state + search
    return (
        f"<form method=get action='/backoffice/inbox'><div class=row>{fields}<div>"
        f"<button>{LABELS('filter', lay)}</button></div></div></form>"
    )


def _inbox_table(lay: Layout, rows: list[dict[str, Any]]) -> str:
    cols = ["Invoice no.", "Vendor", "Invoice date", "Due date", "Total", "Status", "Files"]
    if lay == "b":
        cols = ["Vendor", "Invoice no.", "Total", "Invoice date", "Due date", "Status", "Files"]
    out = "<table class=ledger><tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>"
    for d in rows:
        n = e(d["number"])
        status = pill(d["status"]) + (" " + pill("overdue") if d["overdue"] else "")
        cells = {
            "Invoice no.": f"<a href='/backoffice/documents/{n}'>{n}</a>",
            "Vendor": e(d["vendor"]),
            "Invoice date": e(d["issue_date"]),
            "Due date": e(d["due_date"]),
            "Total": f"€{euros(d['total'])}",
            "Status": status,
            "Files": f"<a href='/backoffice/documents/{n}/csv' aria-label='CSV {n}'>CSV</a> "
            f"<a href='/backoffice/documents/{n}/pdf' aria-label='PDF {n}'>PDF</a>",
        }
        out += "<tr>" + "".join(f"<td>{cells[c]}</td>" for c in cols) + "</tr>"
    return out + "</table>" + ("" if rows else "<p>No documents match.</p>")


def _document_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def load(number: str) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
        doc = db.one("SELECT * FROM documents WHERE number=?", (number,))
        if doc is None:
            raise HTTPException(404, f"no document {number}")
        vendor = db.one("SELECT * FROM vendors WHERE id=?", (doc["vendor_id"],)) or {}
        lines = db.query(
            "SELECT * FROM document_lines WHERE document_id=? ORDER BY id", (doc["id"],)
        )
        return doc, vendor, lines

    @router.get("/documents/{number}", response_class=HTMLResponse)
    def document(number: str) -> HTMLResponse:
        doc, vendor, lines = load(number)
        lay, n = world.layout, e(number)
        status = document_status(db, doc)
        files = "".join(
            f" <a class='btn secondary' href='/backoffice/documents/{n}/{kind}'>"
            f"{LABELS(kind, lay)}</a>"
            for kind in ("csv", "pdf")
        )
        links = (
            f"<p><a class=btn href='/backoffice/entries/new'>{LABELS('enter', lay)}</a>{files}</p>"
        )
        preview = (
            "<div id=doc><p class=muted>Loading document preview…</p></div>"
            f"<template id=doc-tpl>{_invoice_html(doc, vendor, lines)}</template>"
        )
        head = (
            f"<h1>Invoice {n}</h1><p class=muted>{e(vendor['name'])} · received "
            f"{e(doc['received'])} · {pill(status)}</p>"
        )
        body = head + (links + preview if lay == "a" else preview + links)
        return render(world, f"Invoice {number}", body, script=_DELAYED)

    @router.get("/documents/{number}/csv")
    def document_csv(number: str) -> Response:
        text = invoice_csv(*load(number))
        disposition = f'attachment; filename="{number}.csv"'
        return Response(text, media_type="text/csv", headers={"Content-Disposition": disposition})

    @router.get("/documents/{number}/pdf")
    def document_pdf(number: str) -> Response:
        data = text_pdf(invoice_text(*load(number)))
        disposition = f'attachment; filename="{number}.pdf"'
        return Response(
            data, media_type="application/pdf", headers={"Content-Disposition": disposition}
        )


def _invoice_html(
    doc: Mapping[str, Any], vendor: Mapping[str, Any], lines: list[dict[str, Any]]
) -> str:
    meta = "".join(
        f"<tr><th>{k}</th><td>{e(v)}</td></tr>"
        for k, v in (
            ("Invoice number", doc["number"]),
            ("Invoice date", long_date(doc["issue_date"])),
            ("Due date", long_date(doc["due_date"])),
            ("Your reference", f"Cost center {doc['cost_center']}"),
        )
    )
    items = "".join(
        f"<tr><td>{e(x['description'])}</td><td>{x['qty']}</td><td>EUR {euros(x['unit'])}</td>"
        f"<td>EUR {euros(x['amount'])}</td></tr>"
        for x in lines
    )
    totals = "".join(
        f"<tr><th>{k}</th><td>EUR {euros(v)}</td></tr>"
        for k, v in (
            ("Net amount", doc["net"]),
            (f"VAT {doc['vat_rate']}%", doc["vat"]),
            ("Total due", doc["total"]),
        )
    )
    return (
        f"<article class=invoice><div class=parties><div><div><b>{e(vendor['name'])}</b></div>"
        f"<div>{e(vendor['street'])}, {e(vendor['city'])}</div><div>VAT ID {e(vendor['vat_id'])}"
        f"</div></div><div><div><b>Bill to</b></div><div>{e(COMPANY)}</div></div></div>"
        "<h2>INVOICE</h2>"
        f"<table>{meta}</table><table><tr><th>Description</th><th>Qty</th><th>Unit price</th>"
        f"<th>Amount</th></tr>{items}</table><table>{totals}</table>"
        f"<p class=muted>Please transfer the total to IBAN {e(vendor['iban'])} by "
        f"{long_date(doc['due_date'])}.</p></article>"
    )
