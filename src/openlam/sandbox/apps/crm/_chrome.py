"""What every CRM page shares: wording per layout, the page frame and small HTML helpers."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

from openlam.sandbox._html import Labels, e, page
from openlam.sandbox._world import World
from openlam.sandbox.apps.crm._data import SPEC

LABELS = Labels(
    {
        "dashboard": ("Dashboard", "Overview"),
        "customers": ("Customers", "Accounts"),
        "share": ("Share list", "Send list"),
        "q": ("Search customers", "Find by name, company or email"),
        "search": ("Search", "Show results"),
        "status": ("Status", "Lifecycle stage"),
        "region": ("Region", "Territory"),
        "owner": ("Owner", "Account manager"),
        "sort": ("Sort by", "Order"),
        "select_all": ("Select all on this page", "Select every row shown"),
        "bulk_action": ("Bulk action", "With selected"),
        "new_status": ("New status", "Lifecycle stage to set"),
        "new_owner": ("New owner", "Account manager to assign"),
        "apply": ("Apply", "Run action"),
        "confirm_bulk": ("Confirm update", "Yes, update them"),
        "cancel": ("Cancel", "Go back"),
        "next": ("Next page", "Following page"),
        "prev": ("Previous page", "Earlier page"),
        "new": ("New customer", "Add account"),
        "details": ("Details", "Profile"),
        "notes": ("Notes", "Activity"),
        "deals": ("Deals", "Opportunities"),
        "edit": ("Edit customer", "Edit profile"),
        "save": ("Save customer", "Save changes"),
        "delete": ("Delete customer", "Remove account"),
        "confirm_delete": ("Delete permanently", "Yes, remove it"),
        "note": ("New note", "Write a note"),
        "follow_up": ("Follow-up date", "Remind me on"),
        "add_note": ("Add note", "Post note"),
        "move": ("Move", "Change stage"),
        "stage": ("New stage", "Move to stage"),
        "save_stage": ("Save stage", "Update deal"),
        "name": ("Full name", "Contact name"),
        "email": ("Email", "Email address"),
        "phone": ("Phone", "Phone number"),
        "company": ("Company", "Organisation"),
        "recipient": ("Send to (email)", "Recipient address"),
        "include": ("Include", "Fields to send"),
        "segment": ("Customers", "Which accounts"),
        "send": ("Send list", "Share now"),
    }
)
PAGE_SIZE = 15
SORTS = (
    ("name", "Name A-Z"),
    ("name_desc", "Name Z-A"),
    ("company", "Company"),
    ("newest", "Newest first"),
)
STATUS_LABELS = {"lead": "Lead", "active": "Active", "churned": "Churned"}
APP_CSS = """<style>
.crm td, .crm th { padding: 5px 8px; font-size: 14px; }
.badge { border-radius: 10px; padding: 1px 8px; font-size: 12px; background: #e3e8ee; }
.badge.lead { background: #fff1c2; } .badge.active { background: #d4f1dc; }
.badge.churned { background: #f6d6d4; }
.kpis { display: flex; gap: 14px; } .kpis .card { flex: 1; }
.kpis b { display: block; font-size: 24px; }
.tabs { border-bottom: 1px solid #d0d7de; margin: 14px 0; padding-bottom: 6px; }
.tabs a[aria-selected=true] { font-weight: 700; }
.filters input, .filters select { min-width: 150px; }
.bulk { background: #f0f3f6; padding: 8px 12px; border-radius: 6px; }
</style>"""


def render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    """A CRM page in the shared chrome for the world's layout."""
    lay = world.layout
    nav = [
        (LABELS("dashboard", lay), "/crm/"),
        (LABELS("customers", lay), "/crm/customers"),
        (LABELS("share", lay), "/crm/share"),
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


def money(amount: int) -> str:
    """Dollars with thousands separators: ``$12,400``."""
    return f"${amount:,}"


def badge(status: str) -> str:
    """A coloured status label."""
    return f"<span class='badge {e(status)}'>{e(STATUS_LABELS.get(status, status))}</span>"


def flash(message: str, error: str = "") -> str:
    """A success and/or error banner."""
    out = f"<p class=flash>{e(message)}</p>" if message else ""
    return out + (f"<p class=error>{e(error)}</p>" if error else "")
