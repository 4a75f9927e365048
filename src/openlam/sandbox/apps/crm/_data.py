"""CRM: schema and seeded data (sales owners, customers, notes, deals, shared lists)."""

from __future__ import annotations

import random

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE owners (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, email TEXT NOT NULL
);
CREATE TABLE customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, email TEXT NOT NULL,
    phone TEXT NOT NULL, company TEXT NOT NULL, status TEXT NOT NULL, region TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES owners(id), since TEXT NOT NULL
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    author TEXT NOT NULL, created TEXT NOT NULL, body TEXT NOT NULL,
    follow_up TEXT NOT NULL DEFAULT ''
);
CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    title TEXT NOT NULL, amount INTEGER NOT NULL, stage TEXT NOT NULL, close_date TEXT NOT NULL
);
CREATE TABLE shares (
    id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, fields TEXT NOT NULL,
    segment TEXT NOT NULL, count INTEGER NOT NULL, created TEXT NOT NULL
);
"""

STATUSES = ("lead", "active", "churned")
REGIONS = ("North", "South", "East", "West", "Central")
STAGES = ("Prospecting", "Proposal", "Negotiation", "Won", "Lost")
OPEN_STAGES = ("Prospecting", "Proposal", "Negotiation")
SHARE_FIELDS = ("Names only", "Names and emails", "Names, emails and phone numbers")
PERSON = "Sam Taylor"
"""The sandbox's user: a sales owner too, and the author of new notes."""
TODAY = "2026-03-16"
"""The CRM's fixed 'today', so that new notes and shares are deterministic."""
OWNERS = (
    "Sam Taylor",
    "Dana Whitfield",
    "Omar Haddad",
    "Lena Fischer",
    "Raj Mehta",
    "Grace Okafor",
)

FIRST_NAMES = (
    "Maria", "James", "Aisha", "Lukas", "Sofia", "Daniel", "Mei", "Carlos", "Hannah", "Ibrahim",
    "Olivia", "Noah", "Fatima", "Ethan", "Yuki", "Liam", "Chloe", "Mateo", "Zara", "Felix",
    "Nora", "Victor", "Amara", "Jonas",
)  # fmt: skip
LAST_NAMES = (
    "Keller", "Brooks", "Nakamura", "Silva", "Okoye", "Lindqvist", "Moreau", "Novak", "Reyes",
    "Schmidt", "Kowalski", "Haddad", "Jensen", "Costa", "Murphy", "Petrov", "Yilmaz", "Dubois",
    "Sato", "Quinn",
)  # fmt: skip
_COMPANY_A = (
    "Northwind", "Bluepeak", "Ironbridge", "Suncrest", "Greenfield", "Harbor", "Clearwater",
    "Redwood", "Silverline", "Brightpath", "Stonegate", "Lakeside", "Oakridge", "Summit",
    "Riverbend", "Highland",
)  # fmt: skip
_COMPANY_B = ("Labs", "Logistics", "Foods", "Health", "Energy", "Media", "Systems", "Partners")
_PRODUCTS = (
    "Annual licence",
    "Support renewal",
    "Onboarding package",
    "Expansion seats",
    "Consulting hours",
    "Hardware bundle",
)
_NOTES = (
    "Intro call went well; wants a demo next month.",
    "Asked about volume discounts.",
    "Complained about slow support response.",
    "Budget approved for the next quarter.",
    "Prefers contact by email, not phone.",
    "Met at the trade fair; interested in the premium plan.",
    "Renewal is due soon; send a reminder.",
)


def seed(db: AppDB, rng: random.Random) -> None:
    """Six owners and 74-86 customers with notes and deals (counts vary with the seed)."""
    for owner in OWNERS:
        db.insert("owners", {"name": owner, "email": _email(owner, "clientbase.example")})
    names = rng.sample(
        [f"{f} {surname}" for f in FIRST_NAMES for surname in LAST_NAMES], rng.randint(74, 86)
    )
    companies = [f"{a} {b}" for a in _COMPANY_A for b in _COMPANY_B]
    for cid, name in enumerate(names, start=1):
        company = rng.choice(companies)
        domain = company.lower().replace(" ", "") + ".example"
        db.insert(
            "customers",
            {
                "name": name,
                "email": _email(name, domain),
                "phone": f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "company": company,
                "status": rng.choices(STATUSES, weights=(35, 45, 20))[0],
                "region": rng.choice(REGIONS),
                "owner_id": rng.randint(1, len(OWNERS)),
                "since": _day(rng),
            },
        )
        _seed_activity(db, rng, cid, company)


def _seed_activity(db: AppDB, rng: random.Random, cid: int, company: str) -> None:
    for body in rng.sample(_NOTES, rng.randint(0, 2)):
        db.insert(
            "notes",
            {
                "customer_id": cid,
                "author": rng.choice(OWNERS),
                "created": f"2026-0{rng.randint(1, 2)}-{rng.randint(1, 28):02d}",
                "body": body,
            },
        )
    for product in rng.sample(_PRODUCTS, rng.choice((0, 1, 1, 2, 2, 3))):
        db.insert(
            "deals",
            {
                "customer_id": cid,
                "title": f"{company} {product}",
                "amount": rng.randrange(2000, 60000, 100),
                "stage": rng.choice(STAGES),
                "close_date": f"2026-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}",
            },
        )


def _day(rng: random.Random) -> str:
    return f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _email(name: str, domain: str) -> str:
    return name.lower().replace(" ", ".") + "@" + domain


SPEC = AppSpec(name="crm", title="ClientBase", schema=SCHEMA, seed=seed)
