"""What the CRM task templates share: snapshot lookups, GUI plan pieces, API helpers, checks."""

from __future__ import annotations

import re
from typing import Any

from openlam.sandbox._experts import (
    ActionDict,
    Choose,
    Fill,
    ObsDict,
    Plan,
    Press,
    Tick,
    Until,
    WaitFor,
    norm,
)
from openlam.sandbox._tasks import CheckResult, Outcome, Params, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.crm._chrome import LABELS, STATUS_LABELS

START = "/crm/customers"


def customers(snap: Snapshot) -> list[Row]:
    """Every customer row."""
    return snap["crm"]["customers"]


def owners(snap: Snapshot) -> dict[int, str]:
    """Owner names by id."""
    return {o["id"]: o["name"] for o in snap["crm"]["owners"]}


def by_name(snap: Snapshot, name: str) -> Row | None:
    """The customer called ``name``, if there still is one."""
    return next((c for c in customers(snap) if c["name"] == name), None)


def statuses(snap: Snapshot) -> dict[str, str]:
    """Every customer's status by id (as text, so params stay JSON-like)."""
    return {str(c["id"]): c["status"] for c in customers(snap)}


def open_customer(name: str, lay: Layout) -> Plan:
    """From the customer list: search the name and open the record."""
    return [Fill(LABELS("q", lay), name, submit=True), Press(name, "link")]


def edit_customer(name: str, lay: Layout, changes: Plan) -> Plan:
    """Open the customer's edit form, apply ``changes`` and save."""
    return [
        *open_customer(name, lay),
        Press(LABELS("edit", lay), "link"),
        *changes,
        Press(LABELS("save", lay), "button"),
        WaitFor("Customer saved"),
    ]


def filter_list(lay: Layout, status: str = "", region: str = "") -> Plan:
    """Filter the customer list by status and/or region."""
    plan: list[Any] = []
    if status:
        plan.append(Choose(LABELS("status", lay), STATUS_LABELS[status]))
    if region:
        plan.append(Choose(LABELS("region", lay), region))
    return [*plan, Press(LABELS("search", lay), "button")]


def bulk_apply(lay: Layout, action: str, value: str) -> Plan:
    """Select every row on the page and apply one bulk action, confirming in the modal."""
    target = "new_status" if action == "Set status" else "new_owner"
    return [
        Tick(LABELS("select_all", lay)),
        Choose(LABELS("bulk_action", lay), action),
        Choose(LABELS(target, lay), value),
        Press(LABELS("apply", lay), "button"),
        Press(LABELS("confirm_bulk", lay), "button"),
        WaitFor("Updated"),
    ]


def press_below(name: str, role: str) -> Until:
    """Click the element named ``name``, scrolling down until it shows (a pager under a
    long table)."""
    clicked = False

    def step(obs: ObsDict) -> ActionDict | None:
        nonlocal clicked
        if clicked:
            return None
        # exact names only: a partial match could be a customer called "Morea" for "More"
        element = next(
            (
                x
                for x in obs.get("elements", ())
                if x["role"] == role and norm(x["name"]) == norm(name)
            ),
            None,
        )
        if element is None:
            return {"action": "scroll", "direction": "down"}
        clicked = True
        return {"action": "click", "element": element["index"]}

    return Until(step, limit=6)


def value_after(obs: ObsDict, label: str) -> str:
    """The cell after ``label`` in a two-column table (``Phone | +1 555 ...``)."""
    for line in str(obs.get("text", "")).splitlines():
        head, _, rest = line.partition(" | ")
        if norm(head) == norm(label):
            return rest.strip()
    return ""


def found_count(obs: ObsDict) -> str:
    """The number in the list's ``N customers found`` line."""
    match = re.search(r"(\d+) customers found", str(obs.get("text", "")))
    return match.group(1) if match else ""


def numbers(text: str) -> list[float]:
    """Every number in ``text``; thousands separators and currency signs are ignored."""
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def check_number(key: str) -> Any:
    """A check that the answer contains the number ``params[key]``."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        if out.answer is None or float(p[key]) not in numbers(out.answer):
            return failed(f"answer {out.answer!r} does not contain {p[key]}")
        return passed()

    return check


def check_text(key: str) -> Any:
    """A check that the answer contains ``params[key]``."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        if out.answer is None or norm(str(p[key])) not in norm(out.answer):
            return failed(f"answer {out.answer!r} does not contain {p[key]!r}")
        return passed()

    return check


def api_find(client: Any, name: str) -> dict[str, Any]:
    """The customer called ``name`` with notes and deals, found through the API search."""
    rows = client.get("/api/crm/customers", params={"q": name}).json()
    cid = next(c["id"] for c in rows if c["name"] == name)
    found: dict[str, Any] = client.get(f"/api/crm/customers/{cid}").json()
    return found


def api_patch(client: Any, name: str, body: dict[str, Any]) -> None:
    """Change a customer found by name."""
    cid = api_find(client, name)["id"]
    client.patch(f"/api/crm/customers/{cid}", json=body).raise_for_status()
