"""What the back-office task templates share: snapshot lookups, GUI plan pieces, checks."""

from __future__ import annotations

import re
from typing import Any

from openlam.sandbox._experts import Choose, Fill, Go, ObsDict, Plan, Press, WaitFor, norm
from openlam.sandbox._tasks import CheckResult, Outcome, Params, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.backoffice._chrome import LABELS
from openlam.sandbox.apps.backoffice._data import TODAY

INBOX = "/backoffice/inbox"
LEDGER = "/backoffice/ledger"
ENTRY_KEYS = (
    "vendor_id",
    "invoice_number",
    "invoice_date",
    "net",
    "vat_rate",
    "total",
    "cost_center",
    "due_date",
)


def tables(snap: Snapshot) -> dict[str, list[Row]]:
    """The back office's tables."""
    return snap["backoffice"]


def vendor_name(snap: Snapshot, vid: int) -> str:
    """A vendor's name by id."""
    return str(next(v["name"] for v in tables(snap)["vendors"] if v["id"] == vid))


def doc_state(snap: Snapshot, doc: Row) -> str:
    """``new``, ``entered`` or ``paid`` (as the inbox shows it)."""
    states = {
        e["status"]
        for e in tables(snap)["entries"]
        if e["vendor_id"] == doc["vendor_id"]
        and e["invoice_number"] == doc["number"]
        and e["status"] != "void"
    }
    return "paid" if "paid" in states else "entered" if states else "new"


def new_docs(snap: Snapshot) -> list[Row]:
    """Documents not yet booked."""
    return [d for d in tables(snap)["documents"] if doc_state(snap, d) == "new"]


def overdue(snap: Snapshot) -> list[Row]:
    """Documents past their due date and not paid."""
    docs = tables(snap)["documents"]
    return [d for d in docs if d["due_date"] < TODAY and doc_state(snap, d) != "paid"]


def duplicated(snap: Snapshot) -> list[list[Row]]:
    """Groups of posted entries booked for the same invoice."""
    groups: dict[tuple[int, str], list[Row]] = {}
    for e in tables(snap)["entries"]:
        if e["status"] == "posted":
            groups.setdefault((e["vendor_id"], e["invoice_number"]), []).append(e)
    return [g for g in groups.values() if len(g) > 1]


def last_entry(snap: Snapshot) -> int:
    """The highest entry id (entries above it are new)."""
    return max((e["id"] for e in tables(snap)["entries"]), default=0)


def amount(cents: int) -> str:
    """Cents as a plain decimal string for a form field (``1234.56``)."""
    return f"{cents // 100}.{cents % 100:02d}"


def doc_params(snap: Snapshot, doc: Row) -> Params:
    """What entering ``doc`` needs: the document's fields, ready for the form."""
    return {
        "number": doc["number"],
        "vendor": vendor_name(snap, doc["vendor_id"]),
        "vendor_id": doc["vendor_id"],
        "issue_date": doc["issue_date"],
        "due_date": doc["due_date"],
        "net": doc["net"],
        "vat_rate": doc["vat_rate"],
        "total": doc["total"],
        "cost_center": doc["cost_center"],
    }


def open_document(number: str, lay: Layout) -> Plan:
    """From the inbox: search the invoice number, open the document, wait for the preview."""
    return [
        Fill(LABELS("doc_search", lay), number, submit=True),
        Press(number, "link"),
        WaitFor("Total due"),
    ]


def enter_document(d: Params, lay: Layout) -> Plan:
    """From the document page: open the entry form, copy the invoice into it and post it."""
    return [
        Press(LABELS("enter", lay), "link"),
        Choose(LABELS("vendor", lay), d["vendor"]),
        Fill(LABELS("invoice_number", lay), d["number"]),
        Fill(LABELS("invoice_date", lay), d["issue_date"]),
        Fill(LABELS("net", lay), amount(d["net"])),
        Choose(LABELS("vat_rate", lay), f"{d['vat_rate']}%"),
        Fill(LABELS("total", lay), amount(d["total"])),
        Choose(LABELS("cost_center", lay), d["cost_center"]),
        Fill(LABELS("due_date", lay), d["due_date"]),
        Press(LABELS("post", lay), "button"),
        WaitFor("Posted entry"),
    ]


def find_entry(number: str, lay: Layout) -> Plan:
    """Open the ledger and search for an entry (or invoice) number."""
    return [Go(LEDGER), Fill(LABELS("ledger_search", lay), number, submit=True)]


def api_entry_body(d: Params) -> dict[str, Any]:
    """The API request that books document ``d``."""
    return {
        "vendor": d["vendor"],
        "invoice_number": d["number"],
        "invoice_date": d["issue_date"],
        "net": amount(d["net"]),
        "vat_rate": d["vat_rate"],
        "total": amount(d["total"]),
        "cost_center": d["cost_center"],
        "due_date": d["due_date"],
    }


def check_booked(docs: list[Params], snap: Snapshot, after: int) -> CheckResult:
    """Exactly these documents were booked (as new posted entries) with the right fields."""
    new = [e for e in tables(snap)["entries"] if e["id"] > after]
    if len(new) != len(docs):
        return failed(f"expected {len(docs)} new ledger entries, found {len(new)}")
    for d in docs:
        want = {**{k: d[k] for k in ENTRY_KEYS if k in d}, "invoice_number": d["number"]}
        want["invoice_date"] = d["issue_date"]
        match = [e for e in new if e["invoice_number"] == d["number"]]
        if not match:
            return failed(f"invoice {d['number']} was not booked")
        wrong = {k: match[0][k] for k, v in want.items() if match[0][k] != v}
        if wrong or match[0]["status"] != "posted":
            return failed(f"entry for {d['number']} differs from the invoice: {wrong}")
    return passed()


def statuses(snap: Snapshot) -> dict[str, str]:
    """Every entry's status by entry number."""
    return {e["number"]: e["status"] for e in tables(snap)["entries"]}


def value_after(obs: ObsDict, label: str) -> str:
    """The cell after ``label`` in a two-column table (``Total due | EUR 1,234.56``)."""
    for line in str(obs.get("text", "")).splitlines():
        head, _, rest = line.partition(" | ")
        if norm(head) == norm(label):
            return rest.strip()
    return ""


def numbers(text: str) -> list[float]:
    """Every number in ``text``; thousands separators and currency signs are ignored."""
    return [round(float(n.replace(",", "")), 2) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def check_euros(key: str) -> Any:
    """A check that the answer contains the euro amount ``params[key]`` (in cents)."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        if out.answer is None or round(p[key] / 100, 2) not in numbers(out.answer):
            return failed(f"answer {out.answer!r} does not contain {amount(p[key])}")
        return passed()

    return check
