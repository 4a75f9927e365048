"""Shop JSON API (OpenAPI at ``/api/shop/openapi.json``); money amounts are euro cents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, Field

from openlam.sandbox._world import World
from openlam.sandbox.apps.shop._data import ADDRESS, SPEC
from openlam.sandbox.apps.shop._ops import (
    NotFound,
    ShopError,
    add_review,
    add_to_cart,
    cart,
    options_of,
    order,
    orders,
    place_order,
    product,
    remove_item,
    request_return,
    reviews,
    search,
    set_quantity,
)

T = TypeVar("T")


class CartLine(BaseModel):
    """A product to put in the cart or buy directly."""

    product_id: int
    option: str = Field("", description="size or colour, for products that have them")
    quantity: int = Field(1, ge=1, le=10)


class QuantityChange(BaseModel):
    """A cart line's new quantity."""

    quantity: int = Field(ge=1, le=10)


class Address(BaseModel):
    """A shipping address; the default is the account's saved address."""

    name: str = ADDRESS["name"]
    street: str = ADDRESS["street"]
    city: str = ADDRESS["city"]
    postcode: str = ADDRESS["postcode"]
    country: str = ADDRESS["country"]


class Card(BaseModel):
    """Payment card (test mode: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined)."""

    number: str
    expiry: str = Field(description="MM/YY")
    cvc: str


class NewOrder(BaseModel):
    """Checkout: the given items (or, without ``items``, the whole cart, which it empties)."""

    items: list[CartLine] | None = None
    address: Address = Field(default_factory=Address)
    shipping: Literal["standard", "express", "next_day"] = "standard"
    delivery_date: str = Field("", description="YYYY-MM-DD, optional")
    card: Card


class NewReturn(BaseModel):
    """A return request for one item of a delivered order."""

    item_id: int = Field(description="the order item's id (``lines[].id`` of the order)")
    quantity: int = Field(1, ge=1, le=10)
    reason: str = Field(description="one of the reasons listed in the GUI's return form")
    comment: str = ""


class NewReview(BaseModel):
    """A product review."""

    stars: int = Field(ge=1, le=5)
    body: str = Field(min_length=3)


def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run an operation; unknown ids are 404, requests the shop refuses are 409."""
    try:
        return fn(*args, **kwargs)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except ShopError as exc:
        raise HTTPException(409, str(exc)) from None


def api(world: World) -> FastAPI:
    """The API sub-application."""
    app = FastAPI(
        title="Marketo API",
        version="1.0",
        description="Search products, manage the cart, check out, track orders, return items. "
        "Amounts are in euro cents.",
    )
    _catalog_endpoints(app, world)
    _cart_endpoints(app, world)
    _order_endpoints(app, world)
    return app


def _catalog_endpoints(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    @app.get("/products", summary="Search products")
    def products(
        *,
        q: str = "",
        category: str = "",
        brand: list[str] = Query(default=[]),  # noqa: B008 - FastAPI's way to read a list
        max_price: float | None = Query(None, description="euros"),
        sort: str = Query("featured", description="featured, price_asc, price_desc, rating, name"),
    ) -> list[dict[str, Any]]:
        cap = None if max_price is None else round(max_price * 100)
        return _call(search, db, q=q, category=category, brands=brand, max_price=cap, sort=sort)

    @app.get("/products/{pid}", summary="One product with its options and reviews")
    def one_product(pid: int) -> dict[str, Any]:
        p = _call(product, db, pid)
        return {**p, "options": options_of(p), "reviews": reviews(db, pid)}

    @app.get("/products/{pid}/reviews", summary="A product's reviews")
    def product_reviews(pid: int) -> list[dict[str, Any]]:
        return _call(reviews, db, pid)

    @app.post("/products/{pid}/reviews", status_code=201, summary="Review a product")
    def review(pid: int, body: NewReview) -> dict[str, Any]:
        rid = _call(add_review, db, pid, body.stars, body.body)
        return db.one("SELECT * FROM reviews WHERE id=?", (rid,)) or {}


def _cart_endpoints(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    def view() -> dict[str, Any]:
        rows = cart(db)
        return {"items": rows, "subtotal": sum(int(r["line_total"]) for r in rows)}

    @app.get("/cart", summary="The cart")
    def get_cart() -> dict[str, Any]:
        return view()

    @app.post("/cart/items", status_code=201, summary="Add a product to the cart")
    def add(body: CartLine) -> dict[str, Any]:
        _call(add_to_cart, db, body.product_id, body.option, body.quantity)
        return view()

    @app.patch("/cart/items/{item_id}", summary="Change a cart line's quantity")
    def change(item_id: int, body: QuantityChange) -> dict[str, Any]:
        _call(set_quantity, db, item_id, body.quantity)
        return view()

    @app.delete("/cart/items/{item_id}", summary="Remove a line from the cart")
    def remove(item_id: int) -> dict[str, Any]:
        _call(remove_item, db, item_id)
        return view()


def _order_endpoints(app: FastAPI, world: World) -> None:
    db = world.db(SPEC.name)

    @app.get("/orders", summary="The person's orders, newest first")
    def list_orders() -> list[dict[str, Any]]:
        return orders(db)

    @app.get("/orders/{number}", summary="One order with its items and returns")
    def one_order(number: str) -> dict[str, Any]:
        return _call(order, db, number)

    @app.post("/orders", status_code=201, summary="Check out and pay")
    def create(body: NewOrder) -> dict[str, Any]:
        fields = {
            **body.address.model_dump(),
            "shipping": body.shipping,
            "delivery_date": body.delivery_date,
            "card": body.card.number,
            "expiry": body.card.expiry,
            "cvc": body.card.cvc,
        }
        lines = None
        if body.items is not None:
            lines = [(i.product_id, i.option, i.quantity) for i in body.items]
        return order(db, _call(place_order, db, fields, lines))

    @app.post("/orders/{number}/returns", status_code=201, summary="Return an item")
    def start_return(number: str, body: NewReturn) -> dict[str, Any]:
        code = _call(
            request_return,
            db,
            number,
            body.item_id,
            quantity=body.quantity,
            reason=body.reason,
            comment=body.comment,
        )
        return db.one("SELECT * FROM returns WHERE number=?", (code,)) or {}
