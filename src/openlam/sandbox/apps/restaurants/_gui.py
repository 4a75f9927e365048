"""Restaurants GUI: search, restaurant pages with a reservation form, my reservations."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import Labels, e, field, options, page
from openlam.sandbox._world import World
from openlam.sandbox.apps.restaurants._data import AREAS, CUISINES, SPEC, TIMES
from openlam.sandbox.apps.restaurants._ops import BookingError, cancel, reserve, update

LABELS = Labels(
    {
        "search": ("Search", "Find restaurants"),
        "cuisine": ("Cuisine", "Type of food"),
        "area": ("Area", "Neighbourhood"),
        "reserve": ("Reserve", "Book now"),
        "date": ("Date", "Day"),
        "time": ("Time", "Arrival time"),
        "party": ("Party size", "Guests"),
        "name": ("Name", "Reservation name"),
        "requests": ("Special requests", "Notes for the restaurant"),
        "mine": ("My reservations", "Bookings"),
        "cancel": ("Cancel", "Cancel booking"),
        "confirm_cancel": ("Yes, cancel reservation", "Confirm cancellation"),
        "keep": ("Keep it", "Go back"),
        "edit": ("Edit", "Change"),
        "save": ("Save changes", "Update booking"),
        "next": ("Next page", "More results"),
        "prev": ("Previous page", "Back"),
    }
)
PAGE_SIZE = 5
_DELAYED = """setTimeout(() => {
  const note = document.getElementById('availability');
  if (note) note.textContent = 'Good news: tables are available on most evenings.';
}, 300);"""


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/restaurants``."""
    router = APIRouter()
    _browse_routes(router, world)
    _booking_routes(router, world)
    return router


def _render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    lay = world.layout
    nav = [("Home", "/restaurants/"), (LABELS("mine", lay), "/restaurants/reservations")]
    html = page(
        app_title=SPEC.title,
        title=title,
        body=body,
        layout=lay,
        nav=nav,
        current=current,
        script=script,
    )
    return HTMLResponse(html)


def _browse_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def render(title: str, body: str, current: str = "", script: str = "") -> HTMLResponse:
        return _render(world, title, body, current, script)

    @router.get("/", response_class=HTMLResponse)
    def home() -> HTMLResponse:
        top = db.query("SELECT * FROM restaurants ORDER BY rating DESC, name LIMIT 5")
        body = f"<h1>Find a table</h1>{_search_form(world, '', '')}<h2>Popular right now</h2>"
        body += "".join(_card(r) for r in top)
        return render("Home", body, "/restaurants/")

    @router.get("/search", response_class=HTMLResponse)
    def search(cuisine: str = "", area: str = "", page_no: int = 1) -> HTMLResponse:
        rows = db.query(
            "SELECT * FROM restaurants WHERE (?='' OR cuisine=?) AND (?='' OR area=?) "
            "ORDER BY name",
            (cuisine, cuisine, area, area),
        )
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page_no = min(max(page_no, 1), pages)
        shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
        lay = world.layout
        pager = []
        if page_no > 1:
            pager.append(_page_link(LABELS("prev", lay), cuisine, area, page_no - 1))
        if page_no < pages:
            pager.append(_page_link(LABELS("next", lay), cuisine, area, page_no + 1))
        body = (
            f"<h1>Restaurants</h1>{_search_form(world, cuisine, area)}"
            f"<p class=muted>{len(rows)} restaurants found · page {page_no} of {pages}</p>"
            + ("".join(_card(r) for r in shown) or "<p>No restaurant matches.</p>")
            + f"<div class=pager>{''.join(pager)}</div>"
        )
        return render("Search", body)

    @router.get("/r/{rid}", response_class=HTMLResponse)
    def restaurant(rid: int, error: str = "") -> HTMLResponse:
        r = db.one("SELECT * FROM restaurants WHERE id=?", (rid,))
        if r is None:
            raise HTTPException(404, f"no restaurant {rid}")
        info = "".join(
            f"<tr><th>{k}</th><td>{e(v)}</td></tr>"
            for k, v in (
                ("Cuisine", r["cuisine"]),
                ("Area", r["area"]),
                ("Price", "$" * r["price"]),
                ("Rating", f"{r['rating']} / 5"),
                ("Phone", r["phone"]),
                ("Address", r["address"]),
                ("Hours", f"{r['opens']}–{r['closes']}"),
            )
        )
        alert = f"<p class=error>{e(error)}</p>" if error else ""
        body = (
            f"<h1>{e(r['name'])}</h1><table>{info}</table>"
            f"<p id=availability class=muted>Checking availability…</p>"
            f"<h2>Reserve a table</h2>{alert}{_reserve_form(world, rid)}"
        )
        return render(r["name"], body, script=_DELAYED)

    @router.post("/r/{rid}/reserve")
    async def do_reserve(rid: int, request: Request) -> Any:
        form = await request.form()
        try:
            code = reserve(db, rid, {k: str(v) for k, v in form.items()})
        except BookingError as exc:
            return RedirectResponse(
                f"/restaurants/r/{rid}?{urlencode({'error': str(exc)})}", status_code=303
            )
        return RedirectResponse(f"/restaurants/reservations/{code}", status_code=303)


def _booking_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def render(title: str, body: str, current: str = "", script: str = "") -> HTMLResponse:
        return _render(world, title, body, current, script)

    @router.get("/reservations", response_class=HTMLResponse)
    def reservations(flash: str = "") -> HTMLResponse:
        lay = world.layout
        rows = db.query(
            "SELECT v.*, r.name AS restaurant FROM reservations v JOIN restaurants r "
            "ON r.id = v.restaurant_id ORDER BY v.date, v.time"
        )
        body = f"<h1>{LABELS('mine', lay)}</h1>"
        body += f"<p class=flash>{e(flash)}</p>" if flash else ""
        body += (
            "<table><tr><th>Restaurant</th><th>Date</th><th>Time</th><th>Guests</th>"
            "<th>Code</th><th>Status</th><th></th></tr>"
        )
        for v in rows:
            actions = ""
            if v["status"] == "confirmed":
                actions = (
                    f'<a class="btn secondary" href="/restaurants/reservations/{v["code"]}'
                    f'/edit" aria-label="{LABELS("edit", lay)} {e(v["restaurant"])}">'
                    f"{LABELS('edit', lay)}</a> "
                    f'<button class=danger aria-label="{LABELS("cancel", lay)} '
                    f'{e(v["restaurant"])} {e(v["date"])}" onclick="document.'
                    f"getElementById('d-{v['code']}').showModal()\">"
                    f"{LABELS('cancel', lay)}</button>"
                    f'<dialog id="d-{v["code"]}"><p>Cancel {e(v["restaurant"])} on '
                    f'{e(v["date"])}?</p><form method=post action="/restaurants/'
                    f'reservations/{v["code"]}/cancel"><button class=danger>'
                    f"{LABELS('confirm_cancel', lay)}</button> <button type=button "
                    f"class=secondary onclick=\"this.closest('dialog').close()\">"
                    f"{LABELS('keep', lay)}</button></form></dialog>"
                )
            body += (
                f"<tr><td>{e(v['restaurant'])}</td><td>{e(v['date'])}</td>"
                f"<td>{e(v['time'])}</td><td>{v['party']}</td><td>{e(v['code'])}</td>"
                f"<td>{e(v['status'])}</td><td>{actions}</td></tr>"
            )
        body += "</table>" if rows else "</table><p>No reservations yet.</p>"
        return render("Reservations", body, "/restaurants/reservations")

    @router.get("/reservations/{code}", response_class=HTMLResponse)
    def confirmation(code: str) -> HTMLResponse:
        v = _reservation(db, code)
        body = (
            f"<h1>Reservation confirmed</h1><p class=flash>Your table at "
            f"<b>{e(v['restaurant'])}</b> is booked.</p><table>"
            + "".join(
                f"<tr><th>{k}</th><td>{e(v[c])}</td></tr>"
                for k, c in (
                    ("Confirmation code", "code"),
                    ("Date", "date"),
                    ("Time", "time"),
                    ("Guests", "party"),
                    ("Name", "name"),
                    ("Requests", "requests"),
                )
            )
            + "</table><a href='/restaurants/reservations'>See all reservations</a>"
        )
        return render("Confirmed", body)

    @router.get("/reservations/{code}/edit", response_class=HTMLResponse)
    def edit(code: str) -> HTMLResponse:
        v, lay = _reservation(db, code), world.layout
        body = (
            f"<h1>Change reservation {e(code)}</h1><p>{e(v['restaurant'])}</p>"
            f'<form method=post action="/restaurants/reservations/{e(code)}/edit">'
            f"<div class=row>{_booking_fields(lay, v)}</div><p>"
            f"<button>{LABELS('save', lay)}</button></p></form>"
        )
        return render("Change reservation", body)

    @router.post("/reservations/{code}/edit")
    async def do_edit(code: str, request: Request) -> Any:
        form = await request.form()
        try:
            update(db, code, {k: str(v) for k, v in form.items()})
        except BookingError as exc:
            return RedirectResponse(
                f"/restaurants/reservations?{urlencode({'flash': str(exc)})}", status_code=303
            )
        return RedirectResponse(
            "/restaurants/reservations?flash=Reservation+updated", status_code=303
        )

    @router.post("/reservations/{code}/cancel")
    def do_cancel(code: str) -> Any:
        try:
            cancel(db, code)
        except BookingError as exc:
            return RedirectResponse(
                f"/restaurants/reservations?{urlencode({'flash': str(exc)})}", status_code=303
            )
        return RedirectResponse(
            "/restaurants/reservations?flash=Reservation+cancelled", status_code=303
        )


def _reservation(db: Any, code: str) -> dict[str, Any]:
    v = db.one(
        "SELECT v.*, r.name AS restaurant FROM reservations v JOIN restaurants r "
        "ON r.id = v.restaurant_id WHERE v.code=?",
        (code,),
    )
    if v is None:
        raise HTTPException(404, f"no reservation {code}")
    return dict(v)


def _search_form(world: World, cuisine: str, area: str) -> str:
    lay = world.layout
    c = field(
        LABELS("cuisine", lay),
        f"<select id=cuisine name=cuisine>{options(CUISINES, cuisine, 'Any cuisine')}</select>",
        "cuisine",
    )
    a = field(
        LABELS("area", lay),
        f"<select id=area name=area>{options(AREAS, area, 'Any area')}</select>",
        "area",
    )
    fields = c + a if lay == "a" else a + c
    return (
        f"<form method=get action='/restaurants/search'><div class=row>{fields}"
        f"<div><button>{LABELS('search', lay)}</button></div></div></form>"
    )


def _booking_fields(lay: Any, v: dict[str, Any] | None = None) -> str:
    v = v or {}
    date = field(
        LABELS("date", lay),
        f'<input type=date id=date name=date value="{e(v.get("date", ""))}">',
        "date",
    )
    time = field(
        LABELS("time", lay),
        f"<select id=time name=time>"
        f"{options(TIMES, str(v.get('time', '')), 'Choose a time')}</select>",
        "time",
    )
    party = field(
        LABELS("party", lay),
        f"<select id=party name=party>"
        f"{options([str(n) for n in range(1, 11)], str(v.get('party', '2')))}</select>",
        "party",
    )
    return date + time + party if lay == "a" else party + date + time


def _reserve_form(world: World, rid: int) -> str:
    lay = world.layout
    name = field(LABELS("name", lay), "<input type=text id=name name=name>", "name")
    requests = field(
        LABELS("requests", lay), "<textarea id=requests name=requests></textarea>", "requests"
    )
    return (
        f'<form method=post action="/restaurants/r/{rid}/reserve"><div class=row>'
        f"{_booking_fields(lay)}{name}</div>{requests}<p>"
        f"<button>{LABELS('reserve', lay)}</button></p></form>"
    )


def _card(r: dict[str, Any]) -> str:
    return (
        f'<div class=card><a href="/restaurants/r/{r["id"]}"><b>{e(r["name"])}</b></a>'
        f" <span class=muted>{e(r['cuisine'])} · {e(r['area'])} · {'$' * r['price']} · "
        f"★ {r['rating']}</span></div>"
    )


def _page_link(text: str, cuisine: str, area: str, number: int) -> str:
    query = urlencode({"cuisine": cuisine, "area": area, "page_no": number})
    return f'<a href="/restaurants/search?{e(query)}">{e(text)}</a>'
