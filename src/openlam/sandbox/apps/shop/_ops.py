"""Shop operations shared by the GUI and the API: catalogue queries, cart, checkout, returns,
reviews; every write validates first and raises ``ShopError`` with the reason."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openlam.sandbox._world import AppDB, Row
from openlam.sandbox.apps.shop._data import (
    COUNTRIES,
    DECLINED_CARD,
    PERSON,
    REASONS,
    SHIPPING,
    SORTS,
    TEST_CARD,
    TODAY,
    new_number,
    shipping_cost,
)


class ShopError(ValueError):
    """A request the shop cannot carry out; the message says why."""


class NotFound(ShopError):
    """An unknown product, cart item, order or order item."""


Line = tuple[int, str, int]
"""One thing to buy: product id, option, quantity."""

_ORDER_BY = {
    "featured": "p.id",
    "price_asc": "p.price, p.id",
    "price_desc": "p.price DESC, p.id",
    "rating": "p.rating DESC, p.id",
    "name": "p.name",
}
EARLIEST_DELIVERY = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=2)).isoformat()
LATEST_DELIVERY = "2026-12-31"


# ---- queries ---------------------------------------------------------------------------------


def search(
    db: AppDB,
    *,
    q: str = "",
    category: str = "",
    brands: Sequence[str] = (),
    max_price: int | None = None,
    sort: str = "featured",
) -> list[Row]:
    """Products matching the text (name or brand), category, brands and price cap (cents)."""
    if sort not in SORTS:
        raise ShopError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    sql = "SELECT p.* FROM products p WHERE (p.name LIKE ? OR p.brand LIKE ?)"
    params: list[Any] = [f"%{q.strip()}%"] * 2
    if category:
        sql += " AND p.category = ?"
        params.append(category)
    if brands:
        sql += f" AND p.brand IN ({', '.join('?' for _ in brands)})"
        params += list(brands)
    if max_price is not None:
        sql += " AND p.price <= ?"
        params.append(max_price)
    return db.query(f"{sql} ORDER BY {_ORDER_BY[sort]}", params)


def product(db: AppDB, pid: int) -> Row:
    """One product, or ``NotFound``."""
    row = db.one("SELECT * FROM products WHERE id=?", (pid,))
    if row is None:
        raise NotFound(f"no product {pid}")
    return row


def options_of(p: Mapping[str, Any]) -> list[str]:
    """The product's choices (sizes or colours); empty when it has none."""
    return str(p["options"]).split(",") if p["options"] else []


def reviews(db: AppDB, pid: int) -> list[Row]:
    """A product's reviews, newest first."""
    product(db, pid)
    return db.query("SELECT * FROM reviews WHERE product_id=? ORDER BY date DESC, id DESC", (pid,))


def cart(db: AppDB) -> list[Row]:
    """The cart's lines with product name, unit price and line total."""
    return db.query(
        "SELECT c.*, p.name, p.price, p.option_kind, p.price * c.quantity AS line_total "
        "FROM cart_items c JOIN products p ON p.id = c.product_id ORDER BY c.id"
    )


def orders(db: AppDB) -> list[Row]:
    """The person's orders, newest first, with their number of items."""
    return db.query(
        "SELECT o.*, (SELECT SUM(quantity) FROM order_items i WHERE i.order_id = o.id) AS items "
        "FROM orders o ORDER BY o.placed DESC, o.id DESC"
    )


def order(db: AppDB, number: str) -> Row:
    """One order with its ``lines`` (each with ``returnable``) and ``returns``."""
    row = db.one("SELECT * FROM orders WHERE number=?", (number,))
    if row is None:
        raise NotFound(f"no order {number}")
    row["lines"] = db.query(
        "SELECT i.*, p.name, p.option_kind, i.quantity - COALESCE((SELECT SUM(r.quantity) "
        "FROM returns r WHERE r.order_item_id = i.id), 0) AS returnable FROM order_items i "
        "JOIN products p ON p.id = i.product_id WHERE i.order_id=? ORDER BY i.id",
        (row["id"],),
    )
    row["returns"] = db.query(
        "SELECT r.*, p.name FROM returns r JOIN order_items i ON i.id = r.order_item_id "
        "JOIN products p ON p.id = i.product_id WHERE i.order_id=? ORDER BY r.id",
        (row["id"],),
    )
    return row


# ---- cart ------------------------------------------------------------------------------------


def _quantity(value: object, most: int = 10) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        n = 0
    if not 1 <= n <= most:
        raise ShopError(f"quantity must be between 1 and {most}")
    return n


def _line(db: AppDB, pid: int, option: str, quantity: object) -> Line:
    p = product(db, pid)
    choices = options_of(p)
    if choices and option not in choices:
        kind = str(p["option_kind"]).lower()
        raise ShopError(f"choose a {kind} for {p['name']}: {', '.join(choices)}")
    if not choices and option:
        raise ShopError(f"{p['name']} comes in one version only")
    return pid, option, _quantity(quantity)


def add_to_cart(db: AppDB, pid: int, option: str, quantity: object) -> int:
    """Put a product in the cart (adding to the line if it is there); returns the line id."""
    pid, option, n = _line(db, pid, option.strip(), quantity)
    row = db.one("SELECT * FROM cart_items WHERE product_id=? AND option=?", (pid, option))
    if row is None:
        return db.insert("cart_items", {"product_id": pid, "option": option, "quantity": n})
    _quantity(row["quantity"] + n)  # at most 10 of a kind per order
    db.execute("UPDATE cart_items SET quantity=? WHERE id=?", (row["quantity"] + n, row["id"]))
    return int(row["id"])


def _cart_item(db: AppDB, item_id: int) -> Row:
    row = db.one("SELECT * FROM cart_items WHERE id=?", (item_id,))
    if row is None:
        raise NotFound(f"no cart item {item_id}")
    return row


def set_quantity(db: AppDB, item_id: int, quantity: object) -> None:
    """Change how many of a cart line to buy."""
    _cart_item(db, item_id)
    db.execute("UPDATE cart_items SET quantity=? WHERE id=?", (_quantity(quantity), item_id))


def remove_item(db: AppDB, item_id: int) -> None:
    """Take a line out of the cart."""
    _cart_item(db, item_id)
    db.execute("DELETE FROM cart_items WHERE id=?", (item_id,))


# ---- checkout --------------------------------------------------------------------------------


def _card(fields: Mapping[str, str]) -> str:
    digits = re.sub(r"[\s-]", "", fields.get("card", ""))
    if not digits.isdigit() or not 13 <= len(digits) <= 19:
        raise ShopError("enter a valid card number")
    if digits == DECLINED_CARD:
        raise ShopError("the card was declined; use another card")
    if digits != TEST_CARD:
        raise ShopError("test mode: pay with the test card 4242 4242 4242 4242")
    expiry = re.match(r"^\s*(0[1-9]|1[0-2])\s*/\s*(\d\d)\s*$", fields.get("expiry", ""))
    if expiry is None or (int(expiry[2]), int(expiry[1])) < (26, 6):
        raise ShopError("enter a card expiry date (MM/YY) that is not in the past")
    if not re.fullmatch(r"\d{3,4}", fields.get("cvc", "").strip()):
        raise ShopError("enter the 3-digit security code (CVC)")
    return digits[-4:]


def _address(fields: Mapping[str, str]) -> dict[str, str]:
    address = {k: fields.get(k, "").strip() for k in ("name", "street", "city", "postcode")}
    missing = [k for k, v in address.items() if not v]
    if missing:
        raise ShopError(f"fill in the shipping address: {', '.join(missing)} missing")
    if not re.fullmatch(r"[A-Za-z0-9 -]{3,10}", address["postcode"]):
        raise ShopError("enter a valid postcode")
    country = fields.get("country", "").strip()
    if country not in COUNTRIES:
        raise ShopError(f"we ship to {', '.join(COUNTRIES)} only")
    return {**address, "country": country}


def _delivery_date(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    try:
        day = dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ShopError("enter the delivery date as YYYY-MM-DD") from None
    if not EARLIEST_DELIVERY <= day <= LATEST_DELIVERY:
        raise ShopError(f"choose a delivery date from {EARLIEST_DELIVERY} to {LATEST_DELIVERY}")
    return day


def place_order(db: AppDB, fields: Mapping[str, str], lines: Iterable[Line] | None = None) -> str:
    """Pay and place an order for ``lines`` (``None``: the whole cart, which is then emptied);
    returns the order number."""
    from_cart = lines is None
    if lines is None:
        lines = [(r["product_id"], r["option"], r["quantity"]) for r in cart(db)]
    checked = [_line(db, pid, option, n) for pid, option, n in lines]
    if not checked:
        raise ShopError("the cart is empty")
    method = fields.get("shipping", "").strip()
    if method not in SHIPPING:
        raise ShopError(f"choose a shipping method: {', '.join(SHIPPING)}")
    address, delivery = _address(fields), _delivery_date(fields.get("delivery_date", ""))
    last4 = _card(fields)
    prices = [int(product(db, pid)["price"]) for pid, _, _ in checked]
    subtotal = sum(price * n for price, (_, _, n) in zip(prices, checked, strict=True))
    cost = shipping_cost(method, subtotal)
    with db.transaction():
        number = new_number(db, "orders", "MK-", 90001)
        oid = db.insert(
            "orders",
            {
                "number": number,
                "placed": TODAY,
                "status": "Processing",
                **address,
                "shipping": method,
                "delivery_date": delivery,
                "subtotal": subtotal,
                "shipping_cost": cost,
                "total": subtotal + cost,
                "card_last4": last4,
            },
        )
        for price, (pid, option, n) in zip(prices, checked, strict=True):
            db.insert(
                "order_items",
                {
                    "order_id": oid,
                    "product_id": pid,
                    "option": option,
                    "quantity": n,
                    "unit_price": price,
                },
            )
        if from_cart:
            db.execute("DELETE FROM cart_items")
    return number


# ---- after the purchase ----------------------------------------------------------------------


def request_return(
    db: AppDB, number: str, item_id: int, *, quantity: object, reason: str, comment: str = ""
) -> str:
    """Start a return for an item of a delivered order; returns the return number."""
    o = order(db, number)
    line = next((i for i in o["lines"] if i["id"] == item_id), None)
    if line is None:
        raise NotFound(f"order {number} has no item {item_id}")
    if o["status"] != "Delivered":
        raise ShopError(f"order {number} is {o['status'].lower()}: only delivered items return")
    if line["returnable"] < 1:
        raise ShopError(f"{line['name']} is already being returned")
    n = _quantity(quantity, line["returnable"])
    if reason not in REASONS:
        raise ShopError(f"choose a reason: {', '.join(REASONS)}")
    with db.transaction():
        code = new_number(db, "returns", "RT-", 5001)
        db.insert(
            "returns",
            {
                "number": code,
                "order_item_id": item_id,
                "quantity": n,
                "reason": reason,
                "comment": comment.strip(),
                "created": TODAY,
            },
        )
    return code


def add_review(db: AppDB, pid: int, stars: object, body: str) -> int:
    """Post the person's review of a product; returns its id."""
    product(db, pid)
    try:
        n = int(str(stars).strip())
    except ValueError:
        n = 0
    if not 1 <= n <= 5:
        raise ShopError("give a rating from 1 to 5 stars")
    if len(body.strip()) < 3:
        raise ShopError("write a few words about the product")
    author = f"{PERSON.split()[0]} {PERSON.split()[-1][0]}."
    return db.insert(
        "reviews",
        {"product_id": pid, "author": author, "stars": n, "body": body.strip(), "date": TODAY},
    )
