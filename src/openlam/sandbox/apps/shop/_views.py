"""Shop page pieces shared by the GUI route modules: wording per layout, chrome, cards."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from openlam.sandbox._html import Labels, e, page
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.shop._data import SPEC, money

LABELS = Labels(
    {
        "shop": ("Shop", "Browse"),
        "cart": ("Cart", "Basket"),
        "orders": ("Orders", "Your orders"),
        "search": ("Search products", "What are you looking for?"),
        "search_go": ("Search", "Go"),
        "all": ("All products", "Everything"),
        "category": ("Category", "Department"),
        "any_category": ("All categories", "Any department"),
        "max_price": ("Max price (€)", "Price up to (€)"),
        "brands": ("Brand", "Brands"),
        "sort": ("Sort by", "Order results"),
        "apply": ("Apply filters", "Update results"),
        "next": ("Next page", "More products"),
        "prev": ("Previous page", "Back"),
        "size": ("Size", "Choose size"),
        "colour": ("Colour", "Choose colour"),
        "quantity": ("Quantity", "How many"),
        "add": ("Add to cart", "Add to basket"),
        "buy_now": ("Buy now", "Buy it now"),
        "reviews": ("Customer reviews", "What buyers say"),
        "stars": ("Your rating", "Stars"),
        "review_text": ("Your review", "Review text"),
        "post_review": ("Post review", "Publish review"),
        "qty_of": ("Quantity of", "How many of"),
        "update": ("Update", "Save"),
        "remove": ("Remove", "Delete"),
        "checkout": ("Proceed to checkout", "Go to checkout"),
        "full_name": ("Full name", "Recipient"),
        "street": ("Street address", "Address line"),
        "city": ("City", "Town / city"),
        "postcode": ("Postcode", "ZIP / postal code"),
        "country": ("Country", "Country / region"),
        "delivery_date": ("Delivery date (optional)", "Preferred delivery day (optional)"),
        "standard": ("Standard delivery", "Standard shipping"),
        "express": ("Express delivery", "Express shipping"),
        "next_day": ("Next-day delivery", "Next-day shipping"),
        "card": ("Card number", "Card no."),
        "expiry": ("Expiry (MM/YY)", "Valid thru (MM/YY)"),
        "cvc": ("CVC", "Security code"),
        "place": ("Place order", "Pay now"),
        "view_order": ("View order", "Details of order"),
        "return": ("Return", "Start return for"),
        "return_short": ("Return", "Start return"),
        "reason": ("Reason for return", "Why are you returning it?"),
        "return_qty": ("Quantity to return", "Items to return"),
        "comment": ("Comments (optional)", "Tell us more (optional)"),
        "request_return": ("Request return", "Continue"),
        "confirm_return": ("Confirm return", "Yes, return it"),
        "keep": ("Go back", "Keep the item"),
    }
)
PAGE_SIZE = 8
_SWATCHES = {
    "Shoes": "#f4c095",
    "Clothing": "#b8d8ba",
    "Electronics": "#a9c6e8",
    "Home & Kitchen": "#f1e3a6",
    "Sports & Outdoors": "#c9b6e4",
    "Beauty": "#f2b8c6",
}
_CSS = """
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.cols { display: flex; gap: 24px; align-items: flex-start; }
.cols > .side { flex: 0 0 250px; } .cols > .wide { flex: 1; }
.cols.b { flex-direction: row-reverse; }
.grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; }
.tile { border: 1px solid #e1e5ea; border-radius: 6px; padding: 8px 10px; font-size: 14px; }
.tile .pic { height: 36px; border-radius: 4px; margin-bottom: 6px; } .tile a { font-weight: 600; }
.brands { display: grid; grid-template-columns: 1fr 1fr; gap: 0 8px; }
.brands label { display: inline; font-weight: 400; margin: 0 0 0 4px; }
.brands div { margin: 2px 0; }
.radio label { display: inline; font-weight: 400; margin-left: 6px; }
.radio div { margin: 4px 0; }
.price { font-size: 22px; font-weight: 700; }
fieldset { border: 0; padding: 0; margin: 8px 0; } legend { font-weight: 600; padding: 0; }
main { max-width: 1140px; }
h1 { margin-bottom: 8px; }
label { margin: 8px 0 3px; }
"""


def render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    """A shop page in the layout's chrome; the cart link shows how many items it holds."""
    lay = world.layout
    row = world.db(SPEC.name).one("SELECT COALESCE(SUM(quantity), 0) AS n FROM cart_items")
    count = int((row or {}).get("n", 0))
    nav = [
        (LABELS("shop", lay), "/shop/"),
        (f"{LABELS('cart', lay)} ({count})", "/shop/cart"),
        (LABELS("orders", lay), "/shop/orders"),
    ]
    html = page(
        app_title=SPEC.title,
        title=title,
        body=f"<style>{_CSS}</style>{body}",
        layout=lay,
        nav=nav,
        current=current,
        script=script,
    )
    return HTMLResponse(html)


def notice(flash: str = "", error: str = "") -> str:
    """The success or error banner, if any."""
    out = f"<p class=flash role=status>{e(flash)}</p>" if flash else ""
    return out + (f"<p class=error role=alert>{e(error)}</p>" if error else "")


def tile(p: dict[str, Any]) -> str:
    """A product in the catalogue grid."""
    swatch = _SWATCHES.get(p["category"], "#ddd")
    return (
        f'<div class=tile><div class=pic style="background:{swatch}"></div>'
        f'<a href="/shop/p/{p["id"]}">{e(p["name"])}</a>'
        f"<div class=muted>{e(p['brand'])}</div><div><b>{money(p['price'])}</b></div>"
        f"<div class=muted>★ {p['rating']} ({p['ratings']})</div></div>"
    )


def option_label(p: dict[str, Any], lay: Layout) -> str:
    """The dropdown label for a product's options (size or colour)."""
    return LABELS("size" if p["option_kind"] == "Size" else "colour", lay)


def described(name: str, option: str) -> str:
    """``Stride Aero Running Shoes (42)``: a line's name for buttons and labels."""
    return f"{name} ({option})" if option else name
