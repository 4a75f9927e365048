"""What every back-office page shares: wording per layout, the page frame, HTML helpers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi.responses import HTMLResponse

from openlam.sandbox._html import Labels, e, page
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.backoffice._data import SPEC

LABELS = Labels(
    {
        "dashboard": ("Overview", "Home"),
        "inbox": ("Inbox", "Documents"),
        "ledger": ("Ledger", "Journal"),
        "vendors": ("Vendors", "Suppliers"),
        "new_entry": ("New entry", "Book an invoice"),
        "doc_search": ("Search documents", "Find a document"),
        "doc_status": ("Status", "Processing state"),
        "filter": ("Filter", "Show documents"),
        "enter": ("Enter into ledger", "Book this invoice"),
        "csv": ("Download CSV", "CSV export"),
        "pdf": ("Download PDF", "PDF copy"),
        "vendor": ("Vendor", "Supplier"),
        "invoice_number": ("Invoice number", "Document no."),
        "invoice_date": ("Invoice date", "Document date"),
        "net": ("Net amount (EUR)", "Amount excl. VAT"),
        "vat_rate": ("VAT rate", "Tax rate"),
        "total": ("Total (EUR)", "Gross amount"),
        "cost_center": ("Cost center", "Cost centre"),
        "due_date": ("Due date", "Payment due"),
        "post": ("Post entry", "Book entry"),
        "save": ("Save entry", "Update entry"),
        "cancel": ("Cancel", "Back"),
        "ledger_search": ("Search ledger", "Find entries"),
        "search": ("Search", "Go"),
        "edit": ("Edit", "Change"),
        "void": ("Void", "Cancel entry"),
        "reason": ("Reason", "Why void it?"),
        "confirm_void": ("Void entry", "Yes, void it"),
        "keep": ("Keep entry", "Go back"),
        "pay": ("Mark paid", "Record payment"),
        "iban": ("IBAN", "Bank account (IBAN)"),
        "save_bank": ("Save bank details", "Update bank account"),
        "next": ("Next page", "Following page"),
        "prev": ("Previous page", "Earlier page"),
    }
)
APP_CSS = """<style>
.ledger td, .ledger th { padding: 5px 7px; font-size: 13px; white-space: nowrap; }
.ledger button { padding: 3px 9px; font-size: 12px; }
main { max-width: 1220px; }
.invoice { border: 1px solid #cfd6dd; padding: 14px 22px; background: #fff; }
.invoice td, .invoice th { padding: 3px 8px; font-size: 13px; }
.invoice .parties { display: flex; justify-content: space-between; gap: 20px; }
.pill { border-radius: 10px; padding: 1px 8px; font-size: 12px; background: #e3e8ee; }
.pill.new { background: #fff1c2; } .pill.paid { background: #d4f1dc; }
.pill.void { background: #eee; text-decoration: line-through; }
.pill.overdue { background: #f6d6d4; }
.kpis { display: flex; gap: 14px; } .kpis .card { flex: 1; }
.kpis b { display: block; font-size: 22px; }
.entry-form input, .entry-form select { min-width: 190px; }
</style>"""


def render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    """A back-office page in the shared chrome for the world's layout."""
    lay = world.layout
    nav = [
        (LABELS("dashboard", lay), "/backoffice/"),
        (LABELS("inbox", lay), "/backoffice/inbox"),
        (LABELS("ledger", lay), "/backoffice/ledger"),
        (LABELS("vendors", lay), "/backoffice/vendors"),
        (LABELS("new_entry", lay), "/backoffice/entries/new"),
    ]
    html = page(
        app_title=SPEC.title,
        title=title,
        body=APP_CSS + body,
        layout=lay,
        nav=nav,
        current=current,
        script=script,
    )
    return HTMLResponse(html)


def pill(status: str) -> str:
    """A coloured status label."""
    return f"<span class='pill {e(status)}'>{e(status.capitalize())}</span>"


def flash(message: str, error: str = "") -> str:
    """A success and/or error banner."""
    out = f"<p class=flash>{e(message)}</p>" if message else ""
    return out + (f"<p class=error>{e(error)}</p>" if error else "")


def long_date(iso: str) -> str:
    """``2026-02-14`` as ``14 February 2026`` (how the documents print dates)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def pager(lay: Layout, path: str, query: dict[str, str], page_no: int, pages: int) -> str:
    """Previous/next links that keep the query."""
    links = []
    for label, number, show in (
        ("prev", page_no - 1, page_no > 1),
        ("next", page_no + 1, page_no < pages),
    ):
        if show:
            href = f"{path}?{urlencode({**query, 'page_no': number})}"
            links.append(f'<a href="{e(href)}">{LABELS(label, lay)}</a>')
    return f"<div class=pager>{''.join(links)}</div>"
