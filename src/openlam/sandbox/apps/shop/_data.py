"""Shop: schema and seeded data (a catalogue, reviews, the person's cart and past orders).

Money is kept in euro cents everywhere so that totals add up exactly.
"""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._world import AppDB, AppSpec

SCHEMA = """
CREATE TABLE products (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, category TEXT NOT NULL,
    brand TEXT NOT NULL, price INTEGER NOT NULL, rating REAL NOT NULL, ratings INTEGER NOT NULL,
    option_kind TEXT NOT NULL DEFAULT '', options TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id),
    author TEXT NOT NULL, stars INTEGER NOT NULL, body TEXT NOT NULL, date TEXT NOT NULL
);
CREATE TABLE cart_items (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES products(id),
    option TEXT NOT NULL DEFAULT '', quantity INTEGER NOT NULL
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, placed TEXT NOT NULL,
    status TEXT NOT NULL, name TEXT NOT NULL, street TEXT NOT NULL, city TEXT NOT NULL,
    postcode TEXT NOT NULL, country TEXT NOT NULL, shipping TEXT NOT NULL,
    delivery_date TEXT NOT NULL DEFAULT '', subtotal INTEGER NOT NULL,
    shipping_cost INTEGER NOT NULL, total INTEGER NOT NULL, card_last4 TEXT NOT NULL
);
CREATE TABLE order_items (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES products(id), option TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL
);
CREATE TABLE returns (
    id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE,
    order_item_id INTEGER NOT NULL REFERENCES order_items(id), quantity INTEGER NOT NULL,
    reason TEXT NOT NULL, comment TEXT NOT NULL DEFAULT '', created TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'requested'
);
"""

_SIZES = "38,39,40,41,42,43,44,45,46"
_CLOTHES = "XS,S,M,L,XL"
_HELMET = "S,M,L"
_DARK = "Black,White,Blue"
_METAL = "Silver,Space Grey"
_BRIGHT = "Red,Green,Grey,Yellow"

# category -> (brands, [(product type, option kind, options, price range in euros)])
_CATALOGUE: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str, str, int, int], ...]]] = {
    "Shoes": (
        ("Stride", "Trailfox", "Urbanite"),
        (
            ("Running Shoes", "Size", _SIZES, 49, 159),
            ("Trail Runners", "Size", _SIZES, 69, 179),
            ("Sneakers", "Size", _SIZES, 39, 119),
            ("Hiking Boots", "Size", _SIZES, 89, 229),
            ("Sandals", "Size", _SIZES, 19, 69),
        ),
    ),
    "Clothing": (
        ("Northwind", "Urbanite", "Lumen"),
        (
            ("Hoodie", "Size", _CLOTHES, 29, 89),
            ("T-Shirt", "Size", _CLOTHES, 9, 35),
            ("Rain Jacket", "Size", _CLOTHES, 59, 199),
            ("Beanie", "Colour", _BRIGHT, 9, 29),
            ("Wool Sweater", "Size", _CLOTHES, 39, 129),
        ),
    ),
    "Electronics": (
        ("Voltix", "Nimbus", "Sonora"),
        (
            ("Wireless Headphones", "Colour", _DARK, 39, 349),
            ("Laptop", "Colour", _METAL, 549, 1499),
            ("Bluetooth Speaker", "Colour", _DARK, 25, 199),
            ("Camera", "", "", 399, 899),
            ("USB-C Charger", "", "", 15, 45),
        ),
    ),
    "Home & Kitchen": (
        ("Casa", "Kitchly", "Nimbus"),
        (
            ("Chef's Knife", "", "", 25, 149),
            ("Coffee Grinder", "", "", 29, 189),
            ("Blender", "Colour", _BRIGHT, 39, 249),
            ("Cast Iron Pan", "", "", 29, 99),
            ("Table Lamp", "Colour", _DARK, 19, 129),
        ),
    ),
    "Sports & Outdoors": (
        ("Trailfox", "Peakline", "Stride"),
        (
            ("Yoga Mat", "Colour", _BRIGHT, 15, 79),
            ("Tent", "", "", 89, 499),
            ("Backpack", "Colour", _DARK, 35, 179),
            ("Cycling Helmet", "Size", _HELMET, 39, 159),
            ("Water Bottle", "Colour", _BRIGHT, 9, 39),
        ),
    ),
    "Beauty": (
        ("Lumen", "Velora", "Casa"),
        (
            ("Face Cream", "", "", 9, 69),
            ("Shampoo", "", "", 5, 25),
            ("Perfume", "", "", 29, 149),
            ("Hair Dryer", "Colour", _DARK, 25, 199),
            ("Electric Toothbrush", "Colour", _DARK, 29, 149),
        ),
    ),
}
CATEGORIES = tuple(_CATALOGUE)
BRANDS = tuple(sorted({b for brands, _ in _CATALOGUE.values() for b in brands}))
_MODELS = (
    "Aero",
    "Nova",
    "Pulse",
    "Zen",
    "Vista",
    "Edge",
    "Flow",
    "Summit",
    "Terra",
    "Luxe",
    "Swift",
    "Core",
    "Glide",
    "Orbit",
    "Echo",
    "Prime",
    "Atlas",
    "Breeze",
)
_PRAISE = (
    "Exactly as described, very happy with it.",
    "Good quality for the price.",
    "Arrived quickly and works well.",
    "Does the job, nothing special.",
    "Not great: it stopped working after a month.",
    "Looks nice but feels a bit cheap.",
    "Would buy again. Recommended!",
    "Sizing runs small, order one up.",
)
_AUTHORS = ("Lena K.", "Marco R.", "Aisha B.", "Tom H.", "Sofia P.", "Jonas W.", "Nina L.")

PERSON = "Sam Taylor"
"""The sandbox's user: the account, saved address and past orders are theirs."""
ADDRESS = {
    "name": PERSON,
    "street": "12 Harbour Road",
    "city": "Hamburg",
    "postcode": "20457",
    "country": "Germany",
}
"""The account's saved shipping address (the checkout form starts with it)."""
COUNTRIES = ("Germany", "Austria", "Belgium", "France", "Ireland", "Italy", "Netherlands", "Spain")
SHIPPING = {
    "standard": ("Standard", 495, "3–5 working days"),
    "express": ("Express", 995, "1–2 working days"),
    "next_day": ("Next-day", 1495, "next working day"),
}
"""Shipping method -> (name, price in cents, delivery time)."""
FREE_SHIPPING_FROM = 5000
"""Standard shipping is free from this subtotal (cents) on."""
TEST_CARD = "4242424242424242"
"""The test card that pays; 4000 0000 0000 0002 is always declined."""
DECLINED_CARD = "4000000000000002"
TODAY = "2026-06-15"
"""The sandbox's today: order dates and the earliest delivery date follow from it."""
REASONS = (
    "Wrong size",
    "Damaged or defective",
    "Not as described",
    "Arrived too late",
    "Changed my mind",
)
SORTS = {
    "featured": "Featured",
    "price_asc": "Price: low to high",
    "price_desc": "Price: high to low",
    "rating": "Customer rating",
    "name": "Name A–Z",
}
"""Sort key -> label shown in the sort dropdown."""


def money(cents: int) -> str:
    """``€1,049.00`` for 104900."""
    return f"€{cents / 100:,.2f}"


def shipping_cost(method: str, subtotal: int) -> int:
    """What shipping costs for this subtotal (standard is free from €50)."""
    if method == "standard" and subtotal >= FREE_SHIPPING_FROM:
        return 0
    return SHIPPING[method][1]


def _products(db: AppDB, rng: random.Random) -> None:
    """Ten products per category; ratings are distinct within a category so "the best-rated"
    is always one product."""
    ratings = [r / 10 for r in range(28, 50)]
    for category, (brands, types) in _CATALOGUE.items():
        models = rng.sample(_MODELS, 10)
        for i, (model, rating) in enumerate(zip(models, rng.sample(ratings, 10), strict=True)):
            kind_name, kind, opts, low, high = types[i % len(types)]
            brand = brands[i % len(brands)] if i < len(brands) else rng.choice(brands)
            db.insert(
                "products",
                {
                    "name": f"{brand} {model} {kind_name}",
                    "category": category,
                    "brand": brand,
                    "price": rng.randint(low, high) * 100 + rng.choice((0, 49, 90, 95, 99)),
                    "rating": rating,
                    "ratings": rng.randint(3, 480),
                    "option_kind": kind,
                    "options": opts,
                    "description": f"The {model} {kind_name.lower()} by {brand}: "
                    f"{rng.choice(('lightweight', 'durable', 'award-winning', 'best-selling'))}"
                    f" and {rng.choice(('easy to care for', 'built to last', 'great value'))}.",
                },
            )


def _reviews(db: AppDB, rng: random.Random, count: int) -> None:
    for pid in range(1, count + 1):
        for _ in range(rng.randint(2, 4)):
            db.insert(
                "reviews",
                {
                    "product_id": pid,
                    "author": rng.choice(_AUTHORS),
                    "stars": rng.randint(2, 5),
                    "body": rng.choice(_PRAISE),
                    "date": f"2026-0{rng.randint(1, 5)}-{rng.randint(1, 28):02d}",
                },
            )


def _pick_option(rng: random.Random, product: dict[str, Any]) -> str:
    return rng.choice(product["options"].split(",")) if product["options"] else ""


def _orders(db: AppDB, rng: random.Random, products: list[dict[str, Any]]) -> None:
    """Three past orders: two delivered (returnable) and one on its way."""
    picks = rng.sample(products, 6)
    numbers = rng.sample(range(20000, 70000), 3)
    sizes = (2, 1, 3)
    for n, (status, placed) in enumerate(
        (("Delivered", "2026-04-08"), ("Delivered", "2026-05-21"), ("Shipped", "2026-06-12"))
    ):
        lines = picks[sum(sizes[:n]) : sum(sizes[: n + 1])]
        qty = [rng.choice((1, 1, 2)) for _ in lines]
        subtotal = sum(p["price"] * q for p, q in zip(lines, qty, strict=True))
        method = rng.choice(("standard", "express"))
        cost = shipping_cost(method, subtotal)
        oid = db.insert(
            "orders",
            {
                "number": f"MK-{numbers[n]}",
                "placed": placed,
                "status": status,
                **ADDRESS,
                "shipping": method,
                "delivery_date": "",
                "subtotal": subtotal,
                "shipping_cost": cost,
                "total": subtotal + cost,
                "card_last4": rng.choice(("4242", "1881", "0005")),
            },
        )
        for p, q in zip(lines, qty, strict=True):
            db.insert(
                "order_items",
                {
                    "order_id": oid,
                    "product_id": p["id"],
                    "option": _pick_option(rng, p),
                    "quantity": q,
                    "unit_price": p["price"],
                },
            )


def seed(db: AppDB, rng: random.Random) -> None:
    """60 products in 6 categories with reviews, a cart with two items, three past orders."""
    _products(db, rng)
    products = db.query("SELECT * FROM products ORDER BY id")
    _reviews(db, rng, len(products))
    _orders(db, rng, products)
    ordered = {r["product_id"] for r in db.query("SELECT product_id FROM order_items")}
    # cheap things, so that checking the cart out stays below the amount that needs a yes
    cheap = [p for p in products if p["id"] not in ordered and p["price"] < 8000]
    for p in rng.sample(cheap, 2):
        db.insert(
            "cart_items",
            {"product_id": p["id"], "option": _pick_option(rng, p), "quantity": rng.randint(1, 2)},
        )


SPEC = AppSpec(name="shop", title="Marketo", schema=SCHEMA, seed=seed)


def new_number(db: AppDB, table: str, prefix: str, start: int) -> str:
    """A fresh order or return number; deterministic, so the same actions give the same
    state."""
    row = db.one(f"SELECT COUNT(*) AS n FROM {table}")
    return f"{prefix}{start + (row or {}).get('n', 0)}"
