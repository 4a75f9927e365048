"""Back office: schema and seeded data (vendors, invoice documents, the ledger)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE vendors (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL,
    street TEXT NOT NULL, city TEXT NOT NULL, vat_id TEXT NOT NULL, iban TEXT NOT NULL,
    email TEXT NOT NULL, terms_days INTEGER NOT NULL
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
    vendor_id INTEGER NOT NULL REFERENCES vendors(id), received TEXT NOT NULL,
    issue_date TEXT NOT NULL, due_date TEXT NOT NULL, cost_center TEXT NOT NULL,
    vat_rate INTEGER NOT NULL, net INTEGER NOT NULL, vat INTEGER NOT NULL, total INTEGER NOT NULL
);
CREATE TABLE document_lines (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id),
    description TEXT NOT NULL, qty INTEGER NOT NULL, unit INTEGER NOT NULL,
    amount INTEGER NOT NULL
);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
    vendor_id INTEGER NOT NULL REFERENCES vendors(id), invoice_number TEXT NOT NULL,
    invoice_date TEXT NOT NULL, net INTEGER NOT NULL, vat_rate INTEGER NOT NULL,
    total INTEGER NOT NULL, cost_center TEXT NOT NULL, due_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'posted', void_reason TEXT NOT NULL DEFAULT ''
);
"""
# amounts are integer cents throughout, so that sums and checks are exact

TODAY = "2026-03-16"
"""The back office's fixed 'today': what is overdue depends on it."""
COMPANY = "Brightline Trading GmbH, Hafenstrasse 12, 20457 Hamburg"
VAT_RATES = (0, 7, 19)
COST_CENTERS = (
    "100 Administration",
    "200 Sales",
    "300 Marketing",
    "400 IT",
    "500 Operations",
    "600 Facilities",
)
STATUSES = ("posted", "paid", "void")


@dataclass(frozen=True)
class Vendor:
    """A supplier with what it sells: (description, lowest and highest unit price in euros)."""

    name: str
    prefix: str
    city: str
    cost_center: str
    vat_rate: int
    products: tuple[tuple[str, int, int], ...]


VENDORS = (
    Vendor("Papyrus Office Supply", "PAP", "Hamburg", "100 Administration", 19,
           (("Copy paper A4, 5 boxes", 20, 40), ("Toner cartridge", 60, 140),
            ("Desk organiser set", 15, 35))),
    Vendor("Nordlicht IT Services", "NIT", "Kiel", "400 IT", 19,
           (("Network maintenance (hours)", 90, 130), ("Laptop setup", 150, 260),
            ("Firewall licence", 900, 2400))),
    Vendor("CloudNest Hosting", "CN", "Berlin", "400 IT", 19,
           (("Managed server, monthly", 400, 1800), ("Backup storage 2 TB", 60, 120))),
    Vendor("Kaffeewerk Catering", "KW", "Hamburg", "600 Facilities", 7,
           (("Lunch buffet, per person", 14, 26), ("Coffee service", 80, 180))),
    Vendor("Stadtwerke Energy", "SWE", "Hamburg", "600 Facilities", 19,
           (("Electricity, monthly", 900, 3200), ("Heating, monthly", 500, 1900))),
    Vendor("Pixelwerft Design", "PXD", "Bremen", "300 Marketing", 19,
           (("Brochure layout", 800, 2600), ("Trade fair banner", 300, 900),
            ("Campaign concept", 2500, 6800))),
    Vendor("Rheinfracht Logistics", "RFL", "Cologne", "500 Operations", 19,
           (("Pallet freight Hamburg-Cologne", 180, 420), ("Express courier", 40, 95),
            ("Container transport", 3800, 9400))),
    Vendor("Lesezeichen Books", "LZB", "Luebeck", "200 Sales", 7,
           (("Sales training books", 20, 60), ("Trade journal subscription", 120, 380))),
)  # fmt: skip


def vat_of(net: int, rate: int) -> int:
    """VAT in cents on ``net`` cents, rounded half up (how the documents compute it)."""
    return (net * rate + 50) // 100


def seed(db: AppDB, rng: random.Random) -> None:
    """Eight vendors, 20 invoice documents in the inbox (a few already entered, one entered
    twice, one entered with a typo), and older ledger entries of earlier months."""
    for v in VENDORS:
        db.insert(
            "vendors",
            {
                "name": v.name,
                "prefix": v.prefix,
                "street": f"{rng.choice(('Muehlenweg', 'Am Kai', 'Lindenallee', 'Ringstrasse'))} "
                f"{rng.randint(1, 90)}",
                "city": v.city,
                "vat_id": f"DE{rng.randint(100000000, 999999999)}",
                "iban": "DE" + "".join(str(rng.randint(0, 9)) for _ in range(20)),
                "email": f"billing@{v.name.split()[0].lower()}.example",
                "terms_days": rng.choice((14, 30, 30, 45)),
            },
        )
    _seed_history(db, rng)
    docs = [_seed_document(db, rng, 1 + (i % len(VENDORS)) if i < 16 else 0) for i in range(20)]
    _seed_entered(db, rng, docs)


def _day(start: str, offset: int) -> str:
    return (dt.date.fromisoformat(start) + dt.timedelta(days=offset)).isoformat()


def _lines(rng: random.Random, v: Vendor, big: bool) -> list[tuple[str, int, int]]:
    """(description, quantity, unit cents) for 1-3 lines of one invoice."""
    lines = []
    for desc, low, high in rng.sample(v.products, rng.randint(1, min(3, len(v.products)))):
        qty = 1 if high > 800 else rng.randint(1, 12)
        lines.append((desc, qty, rng.randint(low * 100, high * 100)))
    if big:  # a large order, so that some invoices exceed 10,000 euros
        desc, _, high = max(v.products, key=lambda p: p[2])
        lines.append((desc, max(1, 11_000 // high + 1), high * 100))
    return lines


def _seed_document(db: AppDB, rng: random.Random, vid: int) -> dict[str, int | str]:
    vid = vid or rng.randint(1, len(VENDORS))
    v, vendor = VENDORS[vid - 1], db.one("SELECT * FROM vendors WHERE id=?", (vid,)) or {}
    issue = _day("2026-02-02", rng.randint(0, 39))
    lines = _lines(rng, v, big=rng.random() < 0.15)
    net = sum(qty * unit for _, qty, unit in lines)
    number = f"{v.prefix}-{rng.randint(10000, 99999)}"
    while db.one("SELECT id FROM documents WHERE number=?", (number,)):
        number = f"{v.prefix}-{rng.randint(10000, 99999)}"
    doc: dict[str, int | str] = {
        "number": number,
        "vendor_id": vid,
        "received": _day(issue, rng.randint(1, 4)),
        "issue_date": issue,
        "due_date": _day(issue, int(vendor.get("terms_days", 30))),
        "cost_center": v.cost_center,
        "vat_rate": v.vat_rate,
        "net": net,
        "vat": vat_of(net, v.vat_rate),
        "total": net + vat_of(net, v.vat_rate),
    }
    did = db.insert("documents", doc)
    for desc, qty, unit in lines:
        db.insert(
            "document_lines",
            {
                "document_id": did,
                "description": desc,
                "qty": qty,
                "unit": unit,
                "amount": qty * unit,
            },
        )
    return {**doc, "id": did}


def _seed_history(db: AppDB, rng: random.Random) -> None:
    """Entries for earlier invoices (their documents are archived, not in the inbox)."""
    count = rng.randint(14, 18)  # so that entry numbers differ between seeds
    big = set(rng.sample(range(count), 2))
    for i in range(count):
        vid = rng.randint(1, len(VENDORS))
        v = VENDORS[vid - 1]
        lines = _lines(rng, v, big=i in big)
        net = sum(qty * unit for _, qty, unit in lines)
        issue = _day("2025-11-03", rng.randint(0, 60))
        _post(db, {
            "vendor_id": vid,
            "invoice_number": f"{v.prefix}-{rng.randint(10000, 99999)}",
            "invoice_date": issue,
            "net": net,
            "vat_rate": v.vat_rate,
            "total": net + vat_of(net, v.vat_rate),
            "cost_center": v.cost_center,
            "due_date": _day(issue, 30),
            # the two large ones stay open, so that there is something big to void
            "status": "paid" if i not in big and rng.random() < 0.7 else "posted",
        })  # fmt: skip


def _seed_entered(db: AppDB, rng: random.Random, docs: list[dict[str, int | str]]) -> None:
    """Enter six of the documents: two paid, one twice (a duplicate), one with a typo."""
    small = [d for d in docs if int(d["total"]) < 1_000_000]
    entered = rng.sample(small, 6)
    typo, twice = rng.sample(range(2, 6), 2)  # among the four that stay unpaid
    for i, d in enumerate(sorted(entered, key=lambda d: str(d["issue_date"]))):
        entry = {
            "vendor_id": d["vendor_id"],
            "invoice_number": d["number"],
            "invoice_date": d["issue_date"],
            "net": d["net"],
            "vat_rate": d["vat_rate"],
            "total": d["total"],
            "cost_center": d["cost_center"],
            "due_date": d["due_date"],
            "status": "paid" if i < 2 else "posted",
        }
        if i == typo:  # a typo: two digits of the net amount swapped
            digits = str(d["net"])
            net = (
                int(digits[1] + digits[0] + digits[2:])
                if digits[0] != digits[1]
                else int(d["net"]) + 900
            )
            entry |= {"net": net, "total": net + vat_of(net, int(d["vat_rate"]))}
        _post(db, entry)
        if i == twice:  # the same invoice entered a second time
            _post(db, entry)


def _post(db: AppDB, entry: dict[str, int | str]) -> None:
    db.insert("entries", {"number": new_entry_number(db), **entry})


def new_entry_number(db: AppDB) -> str:
    """The next ledger entry number (``LE-1001``, ``LE-1002``, ...)."""
    row = db.one("SELECT COUNT(*) AS n FROM entries")
    return f"LE-{1001 + int((row or {}).get('n', 0))}"


SPEC = AppSpec(name="backoffice", title="LedgerDesk", schema=SCHEMA, seed=seed)
