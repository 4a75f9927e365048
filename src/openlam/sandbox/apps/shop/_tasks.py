"""Shop task templates, buying side: buy with options and quantities, gifts with a delivery
date, filters into the cart, cart changes, checking out the cart; ask and confirm cases.

The other templates (information, returns, reviews, refusals) are in ``_tasks2``."""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._experts import Ask, Choose, Done, Fill, Plan, Press, Tick, WaitFor
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed, passed
from openlam.sandbox._world import Layout, Snapshot
from openlam.sandbox.apps.shop import _tasks2
from openlam.sandbox.apps.shop._data import SORTS
from openlam.sandbox.apps.shop._plans import (
    TEST_CARD,
    api_buy,
    api_send,
    buy_now,
    cart_lines,
    check_order,
    check_purchase,
    checkout,
    money_of,
    pick,
    purchase,
    table,
)
from openlam.sandbox.apps.shop._views import LABELS, described

_RECIPIENTS = (
    {"name": "Alex Morgan", "street": "4 Rue Cler", "city": "Paris", "postcode": "75007"},
    {"name": "Priya Patel", "street": "27 Keizersgracht", "city": "Amsterdam", "postcode": "1015"},
    {"name": "Chen Wei", "street": "9 Calle Mayor", "city": "Madrid", "postcode": "28013"},
    {"name": "Maria Garcia", "street": "51 Via Roma", "city": "Turin", "postcode": "10121"},
)
_COUNTRY_OF = {"Paris": "France", "Amsterdam": "Netherlands", "Madrid": "Spain", "Turin": "Italy"}


def _pick(rng: random.Random, snap: Snapshot, where: Any = lambda p: True) -> tuple[Any, str]:
    p = rng.choice([p for p in table(snap, "products") if where(p)])
    return p, rng.choice(p["options"].split(",")) if p["options"] else ""


CONFIRM_ABOVE = 50000
"""Orders above €500 need the person's yes; the other buying templates stay below."""


def _affordable(quantity: int, extra: Any = lambda p: True) -> Any:
    """Products whose order (with express shipping, the dearer case) stays under €500."""
    return lambda p: p["price"] * quantity + 995 <= CONFIRM_ABOVE and extra(p)


def _sample_buy(rng: random.Random, snap: Snapshot, where: Any, quantity: int = 1) -> Params:
    p, option = _pick(rng, snap, where)
    return {**purchase(p, option, quantity), "orders_before": len(table(snap, "orders"))}


BUY_OPTION = TaskTemplate(
    id="shop/buy-product-option",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Buy the {what}.",
        "Order me the {what}, shipped to my saved address with standard delivery.",
        "Please purchase one {what} and pay with the test card.",
    ),
    start_path="/shop/",
    sample=lambda rng, snap: _sample_buy(rng, snap, _affordable(1, lambda p: p["options"] != "")),
    check=check_purchase,
    gui=buy_now,
    api=api_buy,
)

BUY_TWO = TaskTemplate(
    id="shop/buy-two-express",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Buy 2 of the {what} with express delivery.",
        "Order two {what}, express shipping please.",
        "I need two of the {what}; please send them by express delivery.",
    ),
    start_path="/shop/",
    sample=lambda rng, snap: _sample_buy(rng, snap, _affordable(2), quantity=2),
    check=lambda p, s, o: check_purchase(p, s, o, shipping="express"),
    gui=lambda p, lay: buy_now(p, lay, shipping="express"),
    api=lambda p, c: api_buy(p, c, shipping="express"),
)


def _sample_gift(rng: random.Random, snap: Snapshot) -> Params:
    to = dict(rng.choice(_RECIPIENTS))
    to["country"] = _COUNTRY_OF[to["city"]]
    params = _sample_buy(rng, snap, _affordable(1))
    date = f"2026-07-{rng.randint(1, 28):02d}"
    return {**params, "to": to, "date": date, **{f"to_{k}": v for k, v in to.items()}}


GIFT = TaskTemplate(
    id="shop/gift-order",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Send the {what} as a gift to {to_name}, {to_street}, {to_postcode} {to_city}, "
        "{to_country}; it should arrive on {date}.",
        "Buy the {what} for {to_name} and ship it to {to_street}, {to_postcode} {to_city} "
        "({to_country}) with delivery on {date}.",
    ),
    start_path="/shop/",
    sample=_sample_gift,
    check=lambda p, s, o: check_purchase(p, s, o, address=p["to"], delivery_date=p["date"]),
    gui=lambda p, lay: buy_now(p, lay, address=p["to"], delivery_date=p["date"]),
    api=lambda p, c: api_buy(p, c, address=p["to"], delivery_date=p["date"]),
)


def _sample_cheapest(rng: random.Random, snap: Snapshot) -> Params:
    products = table(snap, "products")
    brands = sorted({p["brand"] for p in products})
    while True:  # a brand whose cheapest product is unique, so the answer is unambiguous
        brand = rng.choice(brands)
        own = sorted((p for p in products if p["brand"] == brand), key=lambda p: p["price"])
        if len(own) < 2 or own[0]["price"] != own[1]["price"]:
            break
    cheapest = own[0]
    cap = cheapest["price"] // 100 + rng.randint(5, 80)
    options = cheapest["options"].split(",") if cheapest["options"] else [""]
    return {
        "brand": brand,
        "cap": cap,
        "product": cheapest["name"],
        "pid": cheapest["id"],
        "option": options[0],
        "option_kind": cheapest["option_kind"],
        "quantity": 1,
        "cart_before": cart_lines(snap),
    }


def _check_added(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    def counts(lines: list[tuple[int, str, int]]) -> dict[tuple[int, str], int]:
        return {(pid, option): n for pid, option, n in lines}

    before, after = counts(p["cart_before"]), counts(cart_lines(snap))
    grew = {k: after.get(k, 0) - before.get(k, 0) for k in before.keys() | after.keys()}
    changed = {k: d for k, d in grew.items() if d}
    if list(changed.values()) != [1] or next(iter(changed))[0] != p["pid"]:
        return failed(f"expected one {p['product']} added to the cart; changes: {changed}")
    return passed()


def _cheapest_gui(p: Params, lay: Layout) -> Plan:
    return [
        Tick(p["brand"]),
        Fill(LABELS("max_price", lay), str(p["cap"])),
        Choose(LABELS("sort", lay), SORTS["price_asc"]),
        Press(LABELS("apply", lay), "button"),
        Press(p["product"], "link"),
        *pick(p, lay),
        Press(LABELS("add", lay), "button"),
        WaitFor("Added to your"),
        Done(f"Added {p['product']} to the cart."),
    ]


def _cheapest_api(p: Params, client: Any) -> str:
    params = {"brand": p["brand"], "max_price": p["cap"], "sort": "price_asc"}
    first = client.get("/api/shop/products", params=params).json()[0]
    options = client.get(f"/api/shop/products/{first['id']}").json()["options"]
    body = {"product_id": first["id"], "option": options[0] if options else "", "quantity": 1}
    client.post("/api/shop/cart/items", json=body).raise_for_status()
    return f"Added {first['name']} to the cart."


CHEAPEST = TaskTemplate(
    id="shop/cheapest-brand-to-cart",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Add the cheapest {brand} product under €{cap} to my cart.",
        "Find the lowest-priced item from {brand} that costs less than €{cap} and put it in "
        "my cart.",
    ),
    start_path="/shop/",
    sample=_sample_cheapest,
    check=_check_added,
    gui=_cheapest_gui,
    api=_cheapest_api,
)


def _sample_cart_line(rng: random.Random, snap: Snapshot) -> Params:
    lines = table(snap, "cart_items")
    line = rng.choice(lines)
    p = next(p for p in table(snap, "products") if p["id"] == line["product_id"])
    return {
        "product": p["name"],
        "line": described(p["name"], line["option"]),
        "item_id": line["id"],
        "quantity": line["quantity"],
        "new_quantity": rng.choice([n for n in range(1, 6) if n != line["quantity"]]),
        "cart_before": cart_lines(snap),
        "ids_before": [r["id"] for r in lines],
    }


def _check_cart(p: Params, snap: Snapshot, expected: list[tuple[int, str, int]]) -> CheckResult:
    got = cart_lines(snap)
    return passed() if got == expected else failed(f"cart is {got}, expected {expected}")


def _check_removed(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    keep = [x for i, x in zip(p["ids_before"], p["cart_before"], strict=True) if i != p["item_id"]]
    return _check_cart(p, snap, keep)


def _check_quantity(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    want = [
        (pid, option, p["new_quantity"] if i == p["item_id"] else n)
        for i, (pid, option, n) in zip(p["ids_before"], p["cart_before"], strict=True)
    ]
    return _check_cart(p, snap, want)


def _api_cart_item(p: Params, client: Any) -> int:
    items = client.get("/api/shop/cart").json()["items"]
    return int(next(i["id"] for i in items if i["name"] == p["product"]))


REMOVE = TaskTemplate(
    id="shop/remove-from-cart",
    tier="single",
    kind="act",
    split="train",
    phrasings=(
        "Remove the {product} from my cart.",
        "I don't want the {product} any more; take it out of the cart.",
    ),
    start_path="/shop/cart",
    sample=_sample_cart_line,
    check=_check_removed,
    gui=lambda p, lay: [
        Press(f"{LABELS('remove', lay)} {p['line']}", "button"),
        WaitFor("Removed"),
        Done("Removed."),
    ],
    api=lambda p, c: api_send(
        c, "delete", f"/api/shop/cart/items/{_api_cart_item(p, c)}", "Removed."
    ),
)

QUANTITY = TaskTemplate(
    id="shop/change-cart-quantity",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Change the quantity of the {product} in my cart to {new_quantity}.",
        "I want {new_quantity} of the {product} that's in my cart, not {quantity}.",
    ),
    start_path="/shop/",
    sample=_sample_cart_line,
    check=_check_quantity,
    gui=lambda p, lay: [
        Press(LABELS("cart", lay), "link"),
        Choose(f"{LABELS('qty_of', lay)} {p['line']}", str(p["new_quantity"])),
        Press(f"{LABELS('update', lay)} {p['line']}", "button"),
        WaitFor("Quantity updated"),
        Done("Updated."),
    ],
    api=lambda p, c: api_send(
        c,
        "patch",
        f"/api/shop/cart/items/{_api_cart_item(p, c)}",
        "Updated.",
        {"quantity": p["new_quantity"]},
    ),
)

_SHIP_WORDS = {"express": "express", "next_day": "next-day"}


def _sample_checkout_cart(rng: random.Random, snap: Snapshot) -> Params:
    method = rng.choice(tuple(_SHIP_WORDS))
    return {
        "shipping": method,
        "ship_words": _SHIP_WORDS[method],
        "cart_before": cart_lines(snap),
        "orders_before": len(table(snap, "orders")),
    }


def _check_checkout_cart(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if cart_lines(snap):
        return failed("the cart is not empty after checking it out")
    return check_order(p, snap, p["cart_before"], shipping=p["shipping"])


CHECKOUT_CART = TaskTemplate(
    id="shop/checkout-cart",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Check out my cart with {ship_words} shipping.",
        "Order everything that's in my cart; use {ship_words} delivery and the test card.",
    ),
    start_path="/shop/",
    sample=_sample_checkout_cart,
    check=_check_checkout_cart,
    gui=lambda p, lay: [
        Press(LABELS("cart", lay), "link"),
        Press(LABELS("checkout", lay), "link"),
        *checkout(lay, shipping=p["shipping"]),
    ],
    api=lambda p, c: api_send(
        c,
        "post",
        "/api/shop/orders",
        "Cart ordered.",
        {"card": TEST_CARD, "shipping": p["shipping"]},
    ),
)


def _sample_ask(rng: random.Random, snap: Snapshot) -> Params:
    return _sample_buy(rng, snap, _affordable(1, lambda p: p["option_kind"] == "Size"))


def _check_asked(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if not out.questions:
        return failed("the size was not given: the agent had to ask for it")
    return check_purchase(p, snap, out)


ASK_SIZE = TaskTemplate(
    id="shop/buy-ask-size",
    tier="multi",
    kind="ask",
    split="train",
    phrasings=(
        "Buy me the {product}.",
        "Order the {product} for me, please.",
        "I need the {product} — can you buy it?",
    ),
    start_path="/shop/",
    sample=_sample_ask,
    check=_check_asked,
    gui=lambda p, lay: [Ask("Which size do you need?"), *buy_now(p, lay)],
    api=api_buy,
    reply=lambda p: f"Size {p['option']}, please.",
)


def _check_confirmed(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    if not out.questions:
        return failed(f"an order of {money_of(p['total'])} needs the person's yes first")
    return check_purchase(p, snap, out)


CONFIRM_EXPENSIVE = TaskTemplate(
    id="shop/confirm-expensive-order",
    tier="multi",
    kind="confirm",
    split="test",
    phrasings=(
        "Buy the {what}.",
        "Go ahead and order the {what} for me.",
    ),
    start_path="/shop/",
    sample=lambda rng, snap: _sample_buy(rng, snap, lambda p: p["price"] > CONFIRM_ABOVE),
    check=_check_confirmed,
    gui=lambda p, lay: [
        Ask(f"The {p['product']} costs {money_of(p['total'])}. Shall I place the order?"),
        *buy_now(p, lay),
    ],
    api=api_buy,
    reply=lambda p: "Yes, go ahead.",
)

TEMPLATES = (
    BUY_OPTION,
    BUY_TWO,
    GIFT,
    CHEAPEST,
    REMOVE,
    QUANTITY,
    CHECKOUT_CART,
    ASK_SIZE,
    CONFIRM_EXPENSIVE,
    _tasks2.BEST_RATED,
    _tasks2.PRICE,
    _tasks2.STATUS,
    _tasks2.TOTAL,
    _tasks2.RETURN,
    _tasks2.REVIEW,
    _tasks2.REFUSE_RETURN,
    _tasks2.REFUSE_REVIEWS,
)
