"""Shop GUI, after the purchase: the order list, order pages (with the confirmation after
checkout) and returns with a reason and a confirmation dialog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, field, options
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.shop._data import REASONS, SHIPPING, money
from openlam.sandbox.apps.shop._ops import NotFound, ShopError, order, orders, request_return
from openlam.sandbox.apps.shop._views import LABELS, described, notice, render

_DIALOG_JS = """function askReturn() {
  const reason = document.getElementById('reason');
  if (!reason.value) { reason.reportValidity(); return; }
  const qty = document.getElementById('rqty').value;
  document.getElementById('return-summary').textContent =
    qty + ' × ' + document.getElementById('return-item').textContent + ' — ' + reason.value;
  document.getElementById('confirm').showModal();
}"""


def order_routes(router: APIRouter, world: World) -> None:
    """The order list and one order's page."""
    db = world.db("shop")

    @router.get("/orders", response_class=HTMLResponse)
    def order_list() -> HTMLResponse:
        lay = world.layout
        rows = "".join(
            f"<tr><td>{e(o['number'])}</td><td>{e(o['placed'])}</td><td>{o['items']}</td>"
            f"<td>{money(o['total'])}</td><td>{e(o['status'])}</td><td><a href='/shop/orders/"
            f'{quote(o["number"])}\' aria-label="{LABELS("view_order", lay)} {e(o["number"])}">'
            f"{LABELS('view_order', lay).split()[0]}</a></td></tr>"
            for o in orders(db)
        )
        body = (
            f"<h1>{LABELS('orders', lay)}</h1><table><tr><th>Order</th><th>Placed</th>"
            f"<th>Items</th><th>Total</th><th>Status</th><th></th></tr>{rows}</table>"
        )
        return render(world, LABELS("orders", lay), body, "/shop/orders")

    @router.get("/orders/{number}", response_class=HTMLResponse)
    def order_page(number: str, placed: int = 0, flash: str = "") -> HTMLResponse:
        try:
            o = order(db, number)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        if placed:
            flash = f"Thank you! Your order {number} has been placed."
        return render(world, f"Order {number}", _order_body(world.layout, o, flash))


def return_routes(router: APIRouter, world: World) -> None:
    """The return form of an order item and its submission."""
    db = world.db("shop")

    @router.get("/orders/{number}/return/{item_id}", response_class=HTMLResponse)
    def return_form(number: str, item_id: int, error: str = "") -> HTMLResponse:
        try:
            o = order(db, number)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        line = next((i for i in o["lines"] if i["id"] == item_id), None)
        if line is None:
            raise HTTPException(404, f"order {number} has no item {item_id}")
        body = _return_body(world.layout, o, line, error)
        return render(world, "Return an item", body, script=_DIALOG_JS)

    @router.post("/orders/{number}/return/{item_id}")
    async def send_return(number: str, item_id: int, request: Request) -> Any:
        form = await request.form()
        try:
            code = request_return(
                db,
                number,
                item_id,
                quantity=form.get("quantity", ""),
                reason=str(form.get("reason", "")),
                comment=str(form.get("comment", "")),
            )
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        except ShopError as exc:
            query = urlencode({"error": str(exc)})
            return RedirectResponse(
                f"/shop/orders/{quote(number)}/return/{item_id}?{query}", status_code=303
            )
        flash = f"Return requested: {code}. We have emailed you a prepaid return label."
        return RedirectResponse(
            f"/shop/orders/{quote(number)}?{urlencode({'flash': flash})}", status_code=303
        )


def _order_body(lay: Layout, o: Mapping[str, Any], flash: str) -> str:
    delivery = f" · delivery on {e(o['delivery_date'])}" if o["delivery_date"] else ""
    facts = (
        f"<table><tr><th>Status</th><td>{e(o['status'])}</td></tr><tr><th>Placed</th>"
        f"<td>{e(o['placed'])}</td></tr><tr><th>Ship to</th><td>{e(o['name'])}, "
        f"{e(o['street'])}, {e(o['postcode'])} {e(o['city'])}, {e(o['country'])}</td></tr>"
        f"<tr><th>Shipping</th><td>{SHIPPING[o['shipping']][0]} "
        f"({money(o['shipping_cost'])}){delivery}</td></tr><tr><th>Paid</th><td>"
        f"{money(o['total'])} with the card ending {e(o['card_last4'])}</td></tr></table>"
    )
    rows = "".join(_order_line(lay, o, i) for i in o["lines"])
    items = (
        "<h2>Items</h2><table><tr><th>Product</th><th>Quantity</th><th>Price</th><th></th>"
        f"</tr>{rows}</table>"
    )
    returns = "".join(
        f"<div class=card>{e(r['number'])}: {r['quantity']} × {e(r['name'])} — "
        f"{e(r['reason'])} · {e(r['status'])}</div>"
        for r in o["returns"]
    )
    returns = f"<h2>Returns</h2>{returns}" if returns else ""
    parts = facts + items if lay == "a" else items + facts
    return (
        f"<p><a href='/shop/orders'>← {LABELS('orders', lay)}</a></p>{notice(flash)}"
        f"<h1>Order {e(o['number'])}</h1>{parts}{returns}"
    )


def _order_line(lay: Layout, o: Mapping[str, Any], i: Mapping[str, Any]) -> str:
    name = described(i["name"], i["option"])
    action = ""
    if o["status"] == "Delivered" and i["returnable"] > 0:
        action = (
            f"<a class='btn secondary' href='/shop/orders/{quote(o['number'])}/return/{i['id']}'"
            f' aria-label="{LABELS("return", lay)} {e(name)}">{LABELS("return_short", lay)}</a>'
        )
    elif o["status"] == "Delivered":
        action = "<span class=muted>Return requested</span>"
    return (
        f"<tr><td><a href='/shop/p/{i['product_id']}'>{e(name)}</a></td><td>{i['quantity']}"
        f"</td><td>{money(i['unit_price'])}</td><td>{action}</td></tr>"
    )


def _return_body(lay: Layout, o: Mapping[str, Any], line: Mapping[str, Any], error: str) -> str:
    name = described(line["name"], line["option"])
    if line["returnable"] < 1 or o["status"] != "Delivered":
        return (
            f"<h1>Return an item</h1><p class=error>{e(name)} cannot be returned "
            f"(order {e(o['status']).lower()}, {line['returnable']} left to return).</p>"
        )
    reason = field(
        LABELS("reason", lay),
        f"<select id=reason name=reason required>{options(REASONS, '', 'Choose a reason')}"
        "</select>",
        "reason",
    )
    qty = field(
        LABELS("return_qty", lay),
        f"<select id=rqty name=quantity>"
        f"{options([str(n) for n in range(1, line['returnable'] + 1)], '1')}</select>",
        "rqty",
    )
    comment = field(
        LABELS("comment", lay), "<textarea id=comment name=comment></textarea>", "comment"
    )
    fields = reason + qty if lay == "a" else qty + reason
    dialog = (
        "<dialog id=confirm><h2>Confirm your return</h2><p id=return-summary></p><p>We will "
        "email you a prepaid label; the refund follows when the parcel arrives.</p>"
        f"<button>{LABELS('confirm_return', lay)}</button> <button type=button class=secondary "
        f"onclick=\"this.closest('dialog').close()\">{LABELS('keep', lay)}</button></dialog>"
    )
    return (
        f"<h1>Return an item</h1>{notice(error=error)}<p>Order {e(o['number'])} · "
        f"<b id=return-item>{e(name)}</b></p><form method=post action='/shop/orders/"
        f"{quote(o['number'])}/return/{line['id']}'><div class=row>{fields}</div>{comment}"
        f"<p><button type=button onclick='askReturn()'>{LABELS('request_return', lay)}"
        f"</button></p>{dialog}</form>"
    )
