"""CRM task templates that change records: contact details, status, notes, owners, deals."""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._experts import Choose, Done, Fill, Go, Plan, Press, WaitFor, norm
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Snapshot
from openlam.sandbox.apps.crm._chrome import LABELS, STATUS_LABELS
from openlam.sandbox.apps.crm._data import (
    FIRST_NAMES,
    LAST_NAMES,
    OPEN_STAGES,
    OWNERS,
    REGIONS,
    STAGES,
)
from openlam.sandbox.apps.crm._kit import (
    START,
    api_find,
    api_patch,
    bulk_apply,
    by_name,
    customers,
    edit_customer,
    filter_list,
    open_customer,
    owners,
    statuses,
)

_DOMAINS = ("mailbox.example", "newco.example", "fastmail.example", "corp-mail.example")
_NOTES = (
    "Called about the renewal; wants a quote by Friday",
    "Interested in the premium plan, send a brochure",
    "Asked to be contacted only by email from now on",
    "Met at the conference, follow up next week",
)


def _api_post(client: Any, path: str, body: dict[str, Any]) -> None:
    client.post(path, json=body).raise_for_status()


def _api_patch_all(client: Any, names: list[str], body: dict[str, Any]) -> None:
    for name in names:
        api_patch(client, name, body)


def _sample_contact(rng: random.Random, snap: Snapshot) -> Params:
    c = rng.choice(customers(snap))
    first, last = c["name"].lower().split()
    return {
        "name": c["name"],
        "email": c["email"],
        "phone": c["phone"],
        "new_email": f"{first[0]}.{last}@{rng.choice(_DOMAINS)}",
        "new_phone": f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "status": c["status"],
    }


def _check_field(column: str, key: str, keep: str) -> Any:
    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        c = by_name(snap, p["name"])
        if c is None:
            return failed(f"{p['name']} is gone")
        if c[column] != p[key]:
            return failed(f"{column} is {c[column]!r}, expected {p[key]!r}")
        if c[keep] != p[keep]:
            return failed(f"{keep} changed to {c[keep]!r}")
        return passed()

    return check


def _edit_plan(label: str, key: str) -> Any:
    def plan(p: Params, lay: Layout) -> Plan:
        return [*edit_customer(p["name"], lay, [Fill(LABELS(label, lay), p[key])]), Done("saved")]

    return plan


UPDATE_EMAIL = TaskTemplate(
    id="crm/update-email",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Change {name}'s email address to {new_email}.",
        "{name} has a new email: {new_email}. Please update the CRM.",
        "Update the email of customer {name} to {new_email}.",
    ),
    start_path=START,
    sample=_sample_contact,
    check=_check_field("email", "new_email", "phone"),
    gui=_edit_plan("email", "new_email"),
    api=lambda p, c: api_patch(c, p["name"], {"email": p["new_email"]}),
)

UPDATE_PHONE = TaskTemplate(
    id="crm/update-phone",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Update {name}'s phone number to {new_phone}.",
        "{name} can now be reached at {new_phone}; fix the record.",
    ),
    start_path=START,
    sample=_sample_contact,
    check=_check_field("phone", "new_phone", "email"),
    gui=_edit_plan("phone", "new_phone"),
    api=lambda p, c: api_patch(c, p["name"], {"phone": p["new_phone"]}),
)


def _sample_inactive(rng: random.Random, snap: Snapshot) -> Params:
    c = rng.choice([c for c in customers(snap) if c["status"] != "active"])
    return {"name": c["name"], "status": c["status"], "email": c["email"], "new": "active"}


CHANGE_STATUS = TaskTemplate(
    id="crm/activate-customer",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Change the status of {name} to active.",
        "{name} signed the contract; mark them as an active customer.",
        "Set {name} (currently {status}) to active.",
    ),
    start_path=START,
    sample=_sample_inactive,
    check=_check_field("status", "new", "email"),
    gui=lambda p, lay: [
        *edit_customer(p["name"], lay, [Choose(LABELS("status", lay), STATUS_LABELS["active"])]),
        Done("active"),
    ],
    api=lambda p, c: api_patch(c, p["name"], {"status": "active"}),
)


def _sample_note(rng: random.Random, snap: Snapshot) -> Params:
    c = rng.choice(customers(snap))
    return {
        "name": c["name"],
        "note": rng.choice(_NOTES),
        "last_note": max((n["id"] for n in snap["crm"]["notes"]), default=0),
    }


def _check_note(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    c = by_name(snap, p["name"])
    new = [n for n in snap["crm"]["notes"] if n["id"] > p["last_note"]]
    if c is None or len(new) != 1 or new[0]["customer_id"] != c["id"]:
        return failed(f"expected one new note on {p['name']}, found {len(new)} new notes")
    if norm(p["note"]).rstrip(".") not in norm(new[0]["body"]):
        return failed(f"the note says {new[0]['body']!r}")
    return passed()


ADD_NOTE = TaskTemplate(
    id="crm/add-note",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Add a note to {name} saying: {note}.",
        "Log this on {name}'s record: {note}.",
        "Put a note on customer {name}: '{note}'",
    ),
    start_path=START,
    sample=_sample_note,
    check=_check_note,
    gui=lambda p, lay: [
        *open_customer(p["name"], lay),
        Press(LABELS("notes", lay), "tab"),
        Fill(LABELS("note", lay), p["note"]),
        Press(LABELS("add_note", lay), "button"),
        WaitFor("Note added"),
        Done("noted"),
    ],
    api=lambda p, c: _api_post(
        c, f"/api/crm/customers/{api_find(c, p['name'])['id']}/notes", {"body": p["note"]}
    ),
)


def _sample_region_leads(rng: random.Random, snap: Snapshot) -> Params:
    counts = {
        r: [c for c in customers(snap) if c["region"] == r and c["status"] == "lead"]
        for r in REGIONS
    }
    region = rng.choice(sorted(r for r, rows in counts.items() if 2 <= len(rows) <= 10))
    return {
        "region": region,
        "ids": [c["id"] for c in counts[region]],
        "count": len(counts[region]),
        "statuses": statuses(snap),
    }


def _check_region_leads(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    now = statuses(snap)
    want = {**p["statuses"], **{str(i): "active" for i in p["ids"]}}
    wrong = {k: v for k, v in now.items() if want.get(k) != v}
    return failed(f"wrong statuses (id: status): {wrong}") if wrong else passed()


def _api_region_leads(p: Params, client: Any) -> None:
    rows = client.get("/api/crm/customers", params={"status": "lead", "region": p["region"]})
    ids = [c["id"] for c in rows.json()]
    body = {"ids": ids, "action": "Set status", "value": "active"}
    client.post("/api/crm/customers/bulk", json=body).raise_for_status()


ACTIVATE_LEADS = TaskTemplate(
    id="crm/activate-region-leads",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Set every lead in the {region} region to active.",
        "All our leads in {region} converted. Bulk-update them to active.",
        "Mark all {region} leads as active customers.",
    ),
    start_path=START,
    sample=_sample_region_leads,
    check=_check_region_leads,
    gui=lambda p, lay: [
        *filter_list(lay, "lead", p["region"]),
        *bulk_apply(lay, "Set status", STATUS_LABELS["active"]),
        Done("updated"),
    ],
    api=_api_region_leads,
)


def _sample_two(rng: random.Random, snap: Snapshot) -> Params:
    owner = rng.choice(OWNERS[1:])
    oid = next(i for i, n in owners(snap).items() if n == owner)
    a, b = rng.sample([c for c in customers(snap) if c["owner_id"] != oid], 2)
    return {"owner": owner, "owner_id": oid, "a": a["name"], "b": b["name"]}


def _check_two(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    for key in ("a", "b"):
        c = by_name(snap, p[key])
        if c is None or c["owner_id"] != p["owner_id"]:
            return failed(f"{p[key]} is not owned by {p['owner']}")
    return passed()


ASSIGN_OWNER = TaskTemplate(
    id="crm/assign-owner",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Assign {owner} as the owner of {a} and {b}.",
        "{owner} takes over {a} and {b}; update the owner on both records.",
    ),
    start_path=START,
    sample=_sample_two,
    check=_check_two,
    gui=lambda p, lay: [
        *edit_customer(p["a"], lay, [Choose(LABELS("owner", lay), p["owner"])]),
        Go(START),
        *edit_customer(p["b"], lay, [Choose(LABELS("owner", lay), p["owner"])]),
        Done("assigned"),
    ],
    api=lambda p, c: _api_patch_all(c, [p["a"], p["b"]], {"owner": p["owner"]}),
)


def _sample_new(rng: random.Random, snap: Snapshot) -> Params:
    taken = {c["name"] for c in customers(snap)}
    name = rng.choice(
        sorted(f"{f} {s}" for f in FIRST_NAMES for s in LAST_NAMES if f"{f} {s}" not in taken)
    )
    company = rng.choice(("Pinecrest Studio", "Alder Robotics", "Mosaic Travel", "Kestrel Bank"))
    domain = company.lower().replace(" ", "") + ".example"
    return {
        "name": name,
        "email": name.lower().replace(" ", ".") + "@" + domain,
        "phone": f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "company": company,
        "region": rng.choice(REGIONS),
        "before": len(customers(snap)),
    }


def _check_new(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if len(customers(snap)) != p["before"] + 1:
        return failed(f"expected one new customer, have {len(customers(snap)) - p['before']}")
    c = by_name(snap, p["name"])
    if c is None:
        return failed(f"no customer called {p['name']}")
    want = {k: p[k] for k in ("email", "phone", "company", "region")} | {"status": "lead"}
    wrong = {k: c[k] for k, v in want.items() if c[k] != v}
    return failed(f"the new record differs: {wrong}") if wrong else passed()


def _create_plan(p: Params, lay: Layout) -> Plan:
    fields = [Fill(LABELS(k, lay), p[k]) for k in ("name", "email", "phone", "company")]
    return [
        Press(LABELS("new", lay), "link"),
        *fields,
        Choose(LABELS("status", lay), STATUS_LABELS["lead"]),
        Choose(LABELS("region", lay), p["region"]),
        Press(LABELS("save", lay), "button"),
        WaitFor("Customer created"),
        Done("created"),
    ]


CREATE = TaskTemplate(
    id="crm/create-customer",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Create a new lead: {name} from {company}, {email}, {phone}, region {region}.",
        "Add {name} ({company}) to the CRM as a lead in {region}. Email {email}, phone {phone}.",
    ),
    start_path=START,
    sample=_sample_new,
    check=_check_new,
    gui=_create_plan,
    api=lambda p, c: _api_post(
        c,
        "/api/crm/customers",
        {k: p[k] for k in ("name", "email", "phone", "company", "region")} | {"status": "lead"},
    ),
)


def _sample_deal(rng: random.Random, snap: Snapshot) -> Params:
    deal = rng.choice([d for d in snap["crm"]["deals"] if d["stage"] in OPEN_STAGES])
    c = next(c for c in customers(snap) if c["id"] == deal["customer_id"])
    stage = rng.choice([s for s in STAGES if s != deal["stage"]])
    return {"name": c["name"], "deal": deal["title"], "deal_id": deal["id"], "stage": stage}


def _check_deal(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    deal = next((d for d in snap["crm"]["deals"] if d["id"] == p["deal_id"]), None)
    if deal is None or deal["stage"] != p["stage"]:
        return failed(f"the deal is at {deal and deal['stage']}, expected {p['stage']}")
    return passed()


def _api_deal(p: Params, client: Any) -> None:
    deals = api_find(client, p["name"])["deals"]
    did = next(d["id"] for d in deals if d["title"] == p["deal"])
    client.patch(f"/api/crm/deals/{did}", json={"stage": p["stage"]}).raise_for_status()


MOVE_DEAL = TaskTemplate(
    id="crm/move-deal",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Move {name}'s deal '{deal}' to {stage}.",
        "The deal {deal} with {name} is now at the {stage} stage; update it.",
    ),
    start_path=START,
    sample=_sample_deal,
    check=_check_deal,
    gui=lambda p, lay: [
        *open_customer(p["name"], lay),
        Press(LABELS("deals", lay), "tab"),
        Press(f"{LABELS('move', lay)} {p['deal']}", "button"),
        Choose(LABELS("stage", lay), p["stage"]),
        Press(LABELS("save_stage", lay), "button"),
        WaitFor("Deal moved"),
        Done("moved"),
    ],
    api=_api_deal,
)
