"""Shop GUI, buying side: the cart (quantities, removal) and the checkout (address, delivery
date, shipping method, test card)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, field, options
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.shop._data import ADDRESS, COUNTRIES, SHIPPING, money, shipping_cost
from openlam.sandbox.apps.shop._ops import (
    EARLIEST_DELIVERY,
    LATEST_DELIVERY,
    Line,
    NotFound,
    ShopError,
    cart,
    place_order,
    product,
    remove_item,
    set_quantity,
)
from openlam.sandbox.apps.shop._views import LABELS, described, notice, render

_TOTAL_JS = """document.querySelectorAll('input[name=shipping]').forEach((radio) => {
  radio.addEventListener('change', () => {
    const total = document.getElementById('total');
    const cents = Number(total.dataset.subtotal) + Number(radio.dataset.cost);
    total.textContent = '€' + (cents / 100).toLocaleString('en',
      { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  });
});"""


def cart_routes(router: APIRouter, world: World) -> None:
    """The cart page and its per-line quantity and remove buttons."""
    db = world.db("shop")

    @router.get("/cart", response_class=HTMLResponse)
    def cart_page(flash: str = "", error: str = "") -> HTMLResponse:
        lay = world.layout
        rows = cart(db)
        table = (
            "<table><tr><th>Product</th><th>Price</th><th>Quantity</th><th>Total</th>"
            f"<th></th></tr>{''.join(_cart_row(lay, r) for r in rows)}</table>"
        )
        subtotal = sum(int(r["line_total"]) for r in rows)
        summary = (
            f"<div class=card><b>Subtotal: {money(subtotal)}</b> <span class=muted>"
            f"({sum(r['quantity'] for r in rows)} items; shipping is chosen at checkout)</span>"
            f" <a class=btn href='/shop/checkout'>{LABELS('checkout', lay)}</a></div>"
        )
        if not rows:
            table, summary = "<p>Your cart is empty. <a href='/shop/'>Start shopping</a></p>", ""
        parts = table + summary if lay == "a" else summary + table
        body = f"<h1>{LABELS('cart', lay)}</h1>{notice(flash, error)}{parts}"
        return render(world, LABELS("cart", lay), body, "/shop/cart")

    @router.post("/cart/{item_id}/quantity")
    async def change(item_id: int, request: Request) -> Any:
        form = await request.form()
        try:
            set_quantity(db, item_id, form.get("quantity", ""))
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        except ShopError as exc:
            return _to_cart(error=str(exc))
        return _to_cart(flash="Quantity updated.")

    @router.post("/cart/{item_id}/remove")
    def remove(item_id: int) -> Any:
        row = db.one(
            "SELECT p.name, c.option FROM cart_items c JOIN products p ON p.id = c.product_id "
            "WHERE c.id=?",
            (item_id,),
        )
        try:
            remove_item(db, item_id)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        return _to_cart(flash=f"Removed {described(row['name'], row['option']) if row else ''}.")


def checkout_routes(router: APIRouter, world: World) -> None:
    """Checkout for the whole cart, or for one product after "Buy now"."""
    db = world.db("shop")

    @router.get("/checkout", response_class=HTMLResponse)
    def checkout(product: int = 0, option: str = "", qty: str = "1") -> HTMLResponse:
        hidden = {"product": str(product), "option": option, "qty": qty} if product else {}
        return _checkout_page(world, hidden, ADDRESS)

    @router.post("/checkout")
    async def pay(request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        hidden = {k: form.get(k, "") for k in ("product", "option", "qty")}
        lines: list[Line] | None = None
        if hidden["product"]:
            lines = [(_int(hidden["product"]), hidden["option"], _int(hidden["qty"]))]
        try:
            number = place_order(db, form, lines)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        except ShopError as exc:
            kept = {k: v for k, v in form.items() if k not in ("card", "expiry", "cvc")}
            page = _checkout_page(world, hidden if lines else {}, kept, str(exc))
            page.status_code = 422
            return page
        return RedirectResponse(f"/shop/orders/{number}?placed=1", status_code=303)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0


def _to_cart(**message: str) -> RedirectResponse:
    return RedirectResponse(f"/shop/cart?{urlencode(message)}", status_code=303)


def _cart_row(lay: Layout, r: Mapping[str, Any]) -> str:
    name = described(r["name"], r["option"])
    ident = f"qty-{r['id']}"
    kind = f"<br><span class=muted>{e(r['option_kind'])}: {e(r['option'])}</span>"
    qty = (
        f"<form method=post action='/shop/cart/{r['id']}/quantity' class=row>"
        f"<label for={ident} class=sr>{LABELS('qty_of', lay)} {e(name)}</label>"
        f"<select id={ident} name=quantity style='min-width:0'>"
        f"{options([str(n) for n in range(1, 11)], str(r['quantity']))}</select> "
        f'<button class=secondary aria-label="{LABELS("update", lay)} {e(name)}">'
        f"{LABELS('update', lay)}</button></form>"
    )
    remove = (
        f"<form method=post action='/shop/cart/{r['id']}/remove'><button class=danger "
        f'aria-label="{LABELS("remove", lay)} {e(name)}">{LABELS("remove", lay)}</button></form>'
    )
    return (
        f"<tr><td><a href='/shop/p/{r['product_id']}'>{e(r['name'])}</a>"
        f"{kind if r['option'] else ''}</td><td>{money(r['price'])}</td><td>{qty}</td>"
        f"<td>{money(r['line_total'])}</td><td>{remove}</td></tr>"
    )


def _lines(world: World, hidden: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the checkout buys: the one "Buy now" product, or the cart."""
    db = world.db("shop")
    if not hidden:
        return cart(db)
    try:
        p = product(db, _int(hidden["product"]))
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    n = max(1, _int(hidden["qty"]))
    return [{**p, "option": hidden["option"], "quantity": n, "line_total": p["price"] * n}]


def _checkout_page(
    world: World, hidden: Mapping[str, str], values: Mapping[str, str], error: str = ""
) -> HTMLResponse:
    lay = world.layout
    lines = _lines(world, hidden)
    if not lines:
        body = "<h1>Checkout</h1><p>Your cart is empty. <a href='/shop/'>Start shopping</a></p>"
        return render(world, "Checkout", body)
    subtotal = sum(int(r["line_total"]) for r in lines)
    items = "".join(
        f"<div>{r['quantity']} × {e(described(r['name'], r['option']))} — "
        f"{money(r['line_total'])}</div>"
        for r in lines
    )
    method = values.get("shipping", "standard")
    total = subtotal + shipping_cost(method if method in SHIPPING else "standard", subtotal)
    summary = (
        f"<div class=card><b>Order summary</b>{items}<div>Subtotal {money(subtotal)}</div>"
        f"<div><b>Total <span id=total data-subtotal={subtotal}>{money(total)}</span></b>"
        "</div></div>"
    )
    pay = summary + _shipping_methods(lay, subtotal, method) + _payment(lay)
    address = _address(lay, values)
    cols = f"<div class=wide>{address}</div><div class=wide>{pay}</div>"
    if lay == "b":
        cols = f"<div class=wide>{pay}</div><div class=wide>{address}</div>"
    keep = "".join(f'<input type=hidden name={k} value="{e(v)}">' for k, v in hidden.items())
    body = (
        f"<h1>Checkout</h1>{notice(error=error)}<form method=post action='/shop/checkout'>"
        f"{keep}<div class=cols>{cols}</div></form>"
    )
    return render(world, "Checkout", body, script=_TOTAL_JS)


def _address(lay: Layout, v: Mapping[str, str]) -> str:
    def text(key: str, label: str) -> str:
        control = f'<input type=text id={key} name={key} value="{e(v.get(key, ""))}">'
        return field(LABELS(label, lay), control, key)

    country = field(
        LABELS("country", lay),
        f"<select id=country name=country>{options(COUNTRIES, v.get('country', ''))}</select>",
        "country",
    )
    date = field(
        LABELS("delivery_date", lay),
        f"<input type=date id=delivery_date name=delivery_date min={EARLIEST_DELIVERY} "
        f'max={LATEST_DELIVERY} value="{e(v.get("delivery_date", ""))}">',
        "delivery_date",
    )
    return (
        "<h2>Shipping address</h2>"
        + text("name", "full_name")
        + text("street", "street")
        + "<div class=row>"
        + text("postcode", "postcode")
        + text("city", "city")
        + "</div>"
        + country
        + date
    )


def _shipping_methods(lay: Layout, subtotal: int, chosen: str) -> str:
    radios = ""
    for key, (_, _, days) in SHIPPING.items():
        cost = shipping_cost(key, subtotal)
        radios += (
            f"<div><input type=radio id=ship-{key} name=shipping value={key} data-cost={cost}"
            f"{' checked' if key == chosen else ''}><label for=ship-{key}>{LABELS(key, lay)}"
            f" · {days} · {money(cost) if cost else 'FREE'}</label></div>"
        )
    return f"<fieldset class=radio><legend>Shipping method</legend>{radios}</fieldset>"


def _payment(lay: Layout) -> str:
    card = field(
        LABELS("card", lay),
        "<input type=text id=card name=card inputmode=numeric autocomplete=cc-number "
        "placeholder='1234 5678 9012 3456'>",
        "card",
    )
    expiry = field(
        LABELS("expiry", lay),
        "<input type=text id=expiry name=expiry placeholder=MM/YY style='min-width:0;width:90px'>",
        "expiry",
    )
    cvc = field(
        LABELS("cvc", lay),
        "<input type=text id=cvc name=cvc inputmode=numeric style='min-width:0;width:70px'>",
        "cvc",
    )
    return (
        "<h2>Payment</h2><p class=muted>Test mode: pay with the card 4242 4242 4242 4242, "
        f"any future expiry date and any CVC.</p>{card}<div class=row>{expiry}{cvc}</div>"
        f"<p><button>{LABELS('place', lay)}</button></p>"
    )
