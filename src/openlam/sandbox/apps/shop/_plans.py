"""Building blocks of the shop's task templates: snapshot readers, GUI plan pieces, API calls
and checks that several templates share."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openlam.sandbox._experts import (
    ActionDict,
    Choose,
    Done,
    Fill,
    ObsDict,
    Plan,
    Press,
    Step,
    Tick,
    Until,
    WaitFor,
    find,
    norm,
)
from openlam.sandbox._tasks import CheckResult, Outcome, Params, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.shop._data import ADDRESS, money
from openlam.sandbox.apps.shop._views import LABELS

TEST_CARD = {"number": "4242 4242 4242 4242", "expiry": "12/28", "cvc": "123"}
"""What the experts pay with (the page's test-mode note names the card)."""


# ---- reading the seeded state ----------------------------------------------------------------


def table(snap: Snapshot, name: str) -> list[Row]:
    """One of the shop's tables."""
    return snap["shop"][name]


def product_named(snap: Snapshot, name: str) -> Row:
    """The product with this name."""
    return next(p for p in table(snap, "products") if p["name"] == name)


def what(p: Mapping[str, Any], option: str) -> str:
    """How a person names a product with its option: ``X in size 42``, ``X in Black``."""
    if not option:
        return str(p["name"])
    return f"{p['name']} in {'size ' if p['option_kind'] == 'Size' else ''}{option}"


def purchase(p: Row, option: str, quantity: int = 1) -> Params:
    """The parameters of buying ``quantity`` of product ``p`` in ``option``."""
    return {
        "product": p["name"],
        "pid": p["id"],
        "option": option,
        "option_kind": p["option_kind"],
        "quantity": quantity,
        "what": what(p, option),
        "total": p["price"] * quantity,
    }


def cart_lines(snap: Snapshot) -> list[tuple[int, str, int]]:
    """The cart as (product id, option, quantity), in order."""
    return [(r["product_id"], r["option"], r["quantity"]) for r in table(snap, "cart_items")]


# ---- GUI plan pieces -------------------------------------------------------------------------


def seek(name: str, role: str | None = None) -> Until:
    """Scroll down until the element named ``name`` is in view (long pages)."""

    def step(obs: ObsDict) -> ActionDict | None:
        if find(obs, name, role) is not None:
            return None
        return {"action": "scroll", "direction": "down"}

    return Until(step, limit=6)


def open_product(name: str, lay: Layout) -> Plan:
    """Search the catalogue for the product by name and open its page."""
    return [Fill(LABELS("search", lay), name, submit=True), Press(name, "link")]


def pick(p: Params, lay: Layout) -> Plan:
    """On a product page: choose the option (if any) and the quantity (if more than one)."""
    kind = "size" if p["option_kind"] == "Size" else "colour"
    steps: list[Step] = [Choose(LABELS(kind, lay), p["option"])] if p["option"] else []
    if p["quantity"] != 1:
        steps.append(Choose(LABELS("quantity", lay), str(p["quantity"])))
    return steps


def checkout(
    lay: Layout,
    shipping: str = "standard",
    address: Mapping[str, str] | None = None,
    delivery_date: str = "",
) -> Plan:
    """On the checkout page: address and date if given, shipping method, test card, pay."""
    steps: list[Step] = []
    if address:
        keys = {"name": "full_name", "street": "street", "postcode": "postcode", "city": "city"}
        steps += [Fill(LABELS(label, lay), address[key]) for key, label in keys.items()]
        steps.append(Choose(LABELS("country", lay), address["country"]))
    if delivery_date:
        steps.append(Fill(LABELS("delivery_date", lay), delivery_date))
    return [
        *steps,
        seek(LABELS(shipping, lay), "radio"),
        Tick(LABELS(shipping, lay)),
        seek(LABELS("cvc", lay)),
        Fill(LABELS("card", lay), TEST_CARD["number"]),
        Fill(LABELS("expiry", lay), TEST_CARD["expiry"]),
        Fill(LABELS("cvc", lay), TEST_CARD["cvc"]),
        seek(LABELS("place", lay), "button"),
        Press(LABELS("place", lay), "button"),
        WaitFor("Thank you"),
        Done(order_number),
    ]


def buy_now(p: Params, lay: Layout, **how: Any) -> Plan:
    """Find the product, pick option and quantity, "Buy now", check out."""
    return [
        *open_product(p["product"], lay),
        *pick(p, lay),
        Press(LABELS("buy_now", lay), "button"),
        *checkout(lay, **how),
    ]


def order_number(obs: ObsDict) -> str:
    """The confirmation's order number, as the answer."""
    found = re.search(r"MK-\d+", obs.get("text", ""))
    return f"Order {found[0]} placed." if found else "Order placed."


def row_of(obs: ObsDict, key: str) -> list[str]:
    """The cells of the table row whose text contains ``key``."""
    for line in obs.get("text", "").split("\n"):
        if key in line:
            return [cell.strip() for cell in line.split("|")]
    return []


def first_price(obs: ObsDict) -> str:
    """The first euro amount on the page (a product page shows its price first)."""
    found = re.search(r"€[\d,]+\.\d\d", obs.get("text", ""))
    return found[0] if found else ""


# ---- API pieces ------------------------------------------------------------------------------


def api_product(client: Any, name: str) -> dict[str, Any]:
    """Look a product up by name through the search endpoint."""
    rows = client.get("/api/shop/products", params={"q": name}).json()
    found: dict[str, Any] = next(r for r in rows if r["name"] == name)
    return found


def api_send(client: Any, method: str, url: str, answer: str, body: Any = None) -> str:
    """Send one write request (``post``, ``patch``, ``delete``); fail loudly on an error status
    so that a broken expert shows up; returns ``answer``."""
    kwargs = {} if body is None else {"json": body}
    getattr(client, method)(url, **kwargs).raise_for_status()
    return answer


def api_buy(p: Params, client: Any, **extra: Any) -> str:
    """Buy the product of ``p`` directly (not through the cart)."""
    pid = api_product(client, p["product"])["id"]
    item = {"product_id": pid, "option": p["option"], "quantity": p["quantity"]}
    body = {"items": [item], "card": TEST_CARD, **extra}
    response = client.post("/api/shop/orders", json=body)
    response.raise_for_status()
    return f"Order {response.json()['number']} placed."


# ---- checks ----------------------------------------------------------------------------------


def new_orders(p: Params, snap: Snapshot) -> list[Row]:
    """Orders placed during the episode."""
    return table(snap, "orders")[p["orders_before"] :]


def check_order(
    p: Params,
    snap: Snapshot,
    lines: Sequence[tuple[int, str, int]],
    *,
    shipping: str = "standard",
    address: Mapping[str, str] = ADDRESS,
    delivery_date: str = "",
) -> CheckResult:
    """Exactly one new order, for exactly ``lines``, shipped and paid as asked."""
    placed = new_orders(p, snap)
    if len(placed) != 1:
        return failed(f"expected one new order, found {len(placed)}")
    o = placed[0]
    got = sorted(
        (i["product_id"], i["option"], i["quantity"])
        for i in table(snap, "order_items")
        if i["order_id"] == o["id"]
    )
    if got != sorted(lines):
        return failed(f"the order holds {got}, expected {sorted(lines)}")
    want = {**address, "shipping": shipping, "delivery_date": delivery_date, "card_last4": "4242"}
    wrong = {k: o[k] for k, v in want.items() if o[k] != v}
    return failed(f"the order differs from the request: {wrong}") if wrong else passed()


def check_purchase(p: Params, snap: Snapshot, out: Outcome, **how: Any) -> CheckResult:
    """The one product of ``p`` was bought (see ``check_order``)."""
    return check_order(p, snap, [(p["pid"], p["option"], p["quantity"])], **how)


def amount_in(answer: str | None, cents: int) -> bool:
    """Whether the answer states this amount (``€1,049.00``, ``1049.00``, ``1049``)."""
    text = (answer or "").replace(",", "")
    exact = f"{cents / 100:.2f}"
    whole = cents % 100 == 0 and re.search(rf"(?<![\d.]){cents // 100}(?![\d]|\.\d)", text)
    return exact in text or bool(whole)


def answer_names(
    answer: str | None, right: str, wrong: Sequence[str], what: str = "answer"
) -> CheckResult:
    """The answer names ``right`` and none of the ``wrong`` ones."""
    text = norm(answer or "")
    if norm(right) not in text:
        return failed(f"{what} {answer!r} does not name {right!r}")
    others = [w for w in wrong if w != right and norm(w) in text]
    return failed(f"{what} {answer!r} also names {others}") if others else passed()


def unchanged(tables: Sequence[str]) -> Callable[[Params, Snapshot, Outcome], CheckResult]:
    """A check that the given tables are as seeded (refusals)."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        changed = [t for t in tables if len(table(snap, t)) != p["sizes"][t]]
        if changed:
            return failed(f"the agent changed {', '.join(changed)}")
        return passed() if out.finished else failed("the agent did not finish")

    return check


def money_of(cents: int) -> str:
    """``€89.99``."""
    return money(cents)
