"""Shop GUI, catalogue side: search, category tabs, filters, the product grid, product pages
with reviews loaded after a delay, adding to the cart and "Buy now"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, field, options
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.shop._data import BRANDS, CATEGORIES, FREE_SHIPPING_FROM, SORTS, money
from openlam.sandbox.apps.shop._ops import (
    NotFound,
    ShopError,
    add_review,
    add_to_cart,
    options_of,
    product,
    reviews,
    search,
)
from openlam.sandbox.apps.shop._views import (
    LABELS,
    PAGE_SIZE,
    described,
    notice,
    option_label,
    render,
    tile,
)

_REVIEWS_JS = """setTimeout(() => {
  fetch('/shop/p/%d/reviews').then((r) => r.text()).then((html) => {
    document.getElementById('reviews').innerHTML = html;
  });
}, 300);"""


def catalog_routes(router: APIRouter, world: World) -> None:
    """Home, search results and category pages (one view with filters and pages)."""
    db = world.db("shop")

    @router.get("/", response_class=HTMLResponse)
    @router.get("/products", response_class=HTMLResponse)
    def catalogue(
        *,
        q: str = "",
        category: str = "",
        brand: list[str] = Query(default=[]),  # noqa: B008 - FastAPI's way to read a list
        max_price: str = "",
        sort: str = "featured",
        page_no: int = 1,
    ) -> HTMLResponse:
        error, cap = "", None
        try:
            cap = round(float(max_price) * 100) if max_price.strip() else None
        except ValueError:
            error = "enter the maximum price as a number of euros"
        sort = sort if sort in SORTS else "featured"
        category = category if category in CATEGORIES else ""
        chosen = [b for b in brand if b in BRANDS]
        rows = search(db, q=q, category=category, brands=chosen, max_price=cap, sort=sort)
        state = {"q": q, "category": category, "brand": brand, "max_price": max_price}
        state["sort"] = sort
        title = f"Results for “{q}”" if q else (category or LABELS("all", world.layout))
        state["title"], state["error"] = title, error
        return render(world, title, _catalogue_body(world.layout, rows, state, page_no), "/shop/")

    @router.get("/p/{pid}", response_class=HTMLResponse)
    def product_page(pid: int, flash: str = "", error: str = "") -> HTMLResponse:
        try:
            p = product(db, pid)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        return render(
            world, p["name"], _product_body(world.layout, p, flash, error), script=_REVIEWS_JS % pid
        )

    @router.get("/p/{pid}/reviews", response_class=HTMLResponse)
    def review_list(pid: int) -> str:
        try:
            rows = reviews(db, pid)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        items = "".join(
            f"<div class=card><b>{'★' * r['stars']}{'☆' * (5 - r['stars'])}</b> "
            f"{e(r['author'])} <span class=muted>{e(r['date'])}</span><br>{e(r['body'])}</div>"
            for r in rows
        )
        return f"<p class=muted>Showing {len(rows)} reviews</p>{items}"


def buying_routes(router: APIRouter, world: World) -> None:
    """Posting a review, adding to the cart, and "Buy now" (straight to checkout)."""
    db = world.db("shop")

    @router.post("/p/{pid}/review")
    async def post_review(pid: int, request: Request) -> Any:
        form = await request.form()
        try:
            add_review(db, pid, form.get("stars", ""), str(form.get("body", "")))
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        except ShopError as exc:
            return _back(pid, error=str(exc))
        return _back(pid, flash="Thanks for your review! It is now live.")

    @router.post("/cart/add")
    async def add(request: Request) -> Any:
        form = await request.form()
        pid = _int(form.get("product"))
        option = str(form.get("option", ""))
        try:
            add_to_cart(db, pid, option, form.get("qty", "1"))
            name = product(db, pid)["name"]
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        except ShopError as exc:
            return _back(pid, error=str(exc))
        flash = f"Added to your {LABELS('cart', world.layout).lower()}: {described(name, option)}"
        return RedirectResponse(f"/shop/cart?{urlencode({'flash': flash})}", status_code=303)

    @router.post("/buy")
    async def buy_now(request: Request) -> Any:
        form = await request.form()
        pid = _int(form.get("product"))
        option, qty = str(form.get("option", "")), str(form.get("qty", "1"))
        try:
            p = product(db, pid)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        if options_of(p) and option not in options_of(p):
            return _back(pid, error=f"choose a {p['option_kind'].lower()} first")
        query = urlencode({"product": pid, "option": option, "qty": qty})
        return RedirectResponse(f"/shop/checkout?{query}", status_code=303)


def _catalogue_body(
    lay: Layout, rows: list[dict[str, Any]], state: dict[str, Any], page_no: int
) -> str:
    """Search box, category tabs, then the filters beside the grid (sides swap in ``b``)."""
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page_no = min(max(page_no, 1), pages)
    shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
    grid = (
        f"<p class=muted>{len(rows)} products · page {page_no} of {pages}</p>"
        + (f"<div class=grid>{''.join(tile(p) for p in shown)}</div>" if shown else "")
        + ("" if shown else "<p>No products match. Try fewer filters.</p>")
        + _pager(lay, state, page_no, pages)
    )
    side = f"<aside class=side>{_filters(lay, state)}</aside>"
    main = f"<section class=wide>{grid}</section>"
    return (
        f"{_search_box(lay, state['q'])}{_tabs(lay, state['category'])}"
        f"<h1>{e(state['title'])}</h1>{notice(error=state['error'])}"
        f"<div class=cols>{side + main if lay == 'a' else main + side}</div>"
    )


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _back(pid: int, **message: str) -> RedirectResponse:
    return RedirectResponse(f"/shop/p/{pid}?{urlencode(message)}", status_code=303)


def _search_box(lay: Layout, q: str) -> str:
    return (
        "<form method=get action='/shop/products' role=search><div class=row>"
        + field(
            LABELS("search", lay),
            f'<input type=search id=q name=q value="{e(q)}" placeholder="Shoes, laptops, …">',
            "q",
        )
        + f"<div><button>{LABELS('search_go', lay)}</button></div></div></form>"
    )


def _tabs(lay: Layout, current: str) -> str:
    links = [(LABELS("all", lay), "/shop/products", current == "")]
    links += [(c, f"/shop/products?{urlencode({'category': c})}", current == c) for c in CATEGORIES]
    return (
        "<nav class=tabs aria-label=Categories><p>"
        + "".join(
            f'<a href="{e(href)}"{" aria-current=page style=font-weight:700" if on else ""}>'
            f"{e(text)}</a>"
            for text, href, on in links
        )
        + "</p></nav>"
    )


def _filters(lay: Layout, s: dict[str, Any]) -> str:
    category = field(
        LABELS("category", lay),
        f"<select id=category name=category>"
        f"{options(CATEGORIES, s['category'], LABELS('any_category', lay))}</select>",
        "category",
    )
    price = field(
        LABELS("max_price", lay),
        f'<input type=number id=max_price name=max_price min=0 step=1 style="min-width:0;'
        f'width:120px" value="{e(s["max_price"])}">',
        "max_price",
    )
    ticks = "".join(
        f'<div><input type=checkbox id="brand-{e(b)}" name=brand value="{e(b)}"'
        f'{" checked" if b in s["brand"] else ""}><label for="brand-{e(b)}">{e(b)}</label></div>'
        for b in BRANDS
    )
    brands = f"<fieldset><legend>{LABELS('brands', lay)}</legend><div class=brands>{ticks}</div>"
    sort = field(
        LABELS("sort", lay),
        "<select id=sort name=sort>"
        + "".join(
            f'<option value="{k}"{" selected" if k == s["sort"] else ""}>{e(v)}</option>'
            for k, v in SORTS.items()
        )
        + "</select>",
        "sort",
    )
    parts = category + price + brands + "</fieldset>" + sort
    if lay == "b":
        parts = sort + category + brands + "</fieldset>" + price
    return (
        f"<form method=get action='/shop/products'><input type=hidden name=q "
        f'value="{e(s["q"])}">{parts}<p><button>{LABELS("apply", lay)}</button></p></form>'
    )


def _pager(lay: Layout, s: dict[str, Any], page_no: int, pages: int) -> str:
    def link(text: str, number: int) -> str:
        kept = {k: s[k] for k in ("q", "category", "brand", "max_price", "sort")}
        query = urlencode({**kept, "page_no": number}, doseq=True)
        return f'<a href="/shop/products?{e(query)}">{e(text)}</a>'

    out = [link(LABELS("prev", lay), page_no - 1)] if page_no > 1 else []
    out += [link(LABELS("next", lay), page_no + 1)] if page_no < pages else []
    return f"<div class=pager>{''.join(out)}</div>"


def _product_body(lay: Layout, p: dict[str, Any], flash: str, error: str) -> str:
    choices = options_of(p)
    picker = ""
    if choices:
        picker = field(
            option_label(p, lay),
            f"<select id=option name=option>{options(choices, '', 'Select')}</select>",
            "option",
        )
    qty = field(
        LABELS("quantity", lay),
        f"<select id=qty name=qty>{options([str(n) for n in range(1, 11)], '1')}</select>",
        "qty",
    )
    buy = (
        f"<form method=post action='/shop/cart/add' class=card><input type=hidden name=product "
        f"value={p['id']}><div class=price>{money(p['price'])}</div><div class=row>{picker}{qty}"
        f"</div><p><button>{LABELS('add', lay)}</button> <button class=secondary "
        f"formaction='/shop/buy'>{LABELS('buy_now', lay)}</button></p><p class=muted>Free "
        f"standard delivery on orders over {money(FREE_SHIPPING_FROM)}.</p></form>"
    )
    about = (
        f"<p>by <a href='/shop/products?{e(urlencode({'brand': p['brand']}))}'>"
        f"{e(p['brand'])}</a> · <a href='/shop/products?"
        f"{e(urlencode({'category': p['category']}))}'>{e(p['category'])}</a></p>"
        f"<p>★ {p['rating']} out of 5 · {p['ratings']} ratings</p><p>{e(p['description'])}</p>"
    )
    top = about + buy if lay == "a" else buy + about
    return (
        f"<h1>{e(p['name'])}</h1>{notice(flash, error)}{top}"
        f"<h2>{LABELS('reviews', lay)}</h2><div id=reviews class=muted>Loading reviews…</div>"
        f"{_review_form(lay, p['id'])}"
    )


def _review_form(lay: Layout, pid: int) -> str:
    stars = field(
        LABELS("stars", lay),
        "<select id=stars name=stars><option value=''>Choose</option>"
        + "".join(
            f"<option value={n}>{n} star{'s' if n > 1 else ''}</option>" for n in range(5, 0, -1)
        )
        + "</select>",
        "stars",
    )
    text = field(LABELS("review_text", lay), "<textarea id=body name=body></textarea>", "body")
    return (
        f"<h2>Write a review</h2><form method=post action='/shop/p/{pid}/review'>{stars}{text}"
        f"<p><button>{LABELS('post_review', lay)}</button></p></form>"
    )
