"""SkyWay GUI: flight search, results with fares, and the passenger details step.

Seats, payment, confirmation and "My trips" are in ``_gui_trips``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, field
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.flights._data import CITY, FARE_RULES, FARES, PERSON, SPEC
from openlam.sandbox.apps.flights._gui_trips import trip_routes
from openlam.sandbox.apps.flights._ops import FlightError, flight, hold
from openlam.sandbox.apps.flights._view import (
    LABELS,
    LATER_JS,
    airport,
    airport_select,
    duration,
    flash,
    flight_summary,
    later,
    render,
    stops_text,
)

PAGE_SIZE = 3
_DATE = re.compile(r"^2026-12-(0[1-9]|[12]\d|3[01])$")


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/flights``."""
    router = APIRouter()
    _search_routes(router, world)
    _passenger_routes(router, world)
    trip_routes(router, world)
    return router


def _search_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/", response_class=HTMLResponse)
    def home() -> HTMLResponse:
        lay = world.layout
        trips = db.query(
            "SELECT f.* FROM bookings b JOIN flights f ON f.id = b.flight_id "
            "WHERE b.status='confirmed' ORDER BY f.date, f.depart"
        )
        upcoming = "".join(
            f"<li>{e(f['date'])} · {e(f['number'])} to {e(CITY[f['destination']])}</li>"
            for f in trips
        )
        body = (
            f"<h1>Where to next?</h1>{search_form(lay, {})}"
            f"<h2>Your upcoming trips</h2><ul>{upcoming or '<li>No trips booked.</li>'}</ul>"
            f'<p><a href="/flights/trips">{LABELS("trips", lay)}</a></p>'
        )
        return render(world, "Search flights", body, "/flights/")

    @router.get("/search", response_class=HTMLResponse)
    def search(
        *,
        origin: str = "",
        destination: str = "",
        date: str = "",
        pax: str = "1",
        stops: str = "any",
        sort: str = "price",
        page_no: int = 1,
    ) -> HTMLResponse:
        lay = world.layout
        query = {"origin": origin, "destination": destination, "date": date, "pax": pax}
        query |= {"stops": stops, "sort": sort}
        problem = _search_problem(query)
        if problem:
            body = f"<h1>Search flights</h1>{flash(problem, error=True)}{search_form(lay, query)}"
            return render(world, "Search flights", body)
        rows = db.query(
            "SELECT * FROM flights WHERE origin=? AND destination=? AND date=? "
            "AND (?='any' OR stops=0)",
            (origin, destination, date, stops),
        )
        key = ("basic", "depart") if sort != "time" else ("depart", "basic")
        rows.sort(key=lambda f: (f[key[0]], f[key[1]]))
        body = _results(lay, query, rows, page_no)
        return render(world, f"{CITY[origin]} to {CITY[destination]}", body, script=LATER_JS)


def _search_problem(query: Mapping[str, str]) -> str:
    if query["origin"] not in CITY or query["destination"] not in CITY:
        return "Choose where you fly from and to."
    if query["origin"] == query["destination"]:
        return "Departure and arrival airports must differ."
    if not _DATE.match(query["date"]):
        return "Choose a departure date in December 2026."
    if query["pax"] not in ("1", "2", "3", "4"):
        return "Choose 1 to 4 passengers."
    return ""


def search_form(lay: Layout, query: Mapping[str, str]) -> str:
    """The flight search form, filled with ``query``."""
    origin = airport_select("origin", LABELS("origin", lay), query.get("origin", ""))
    dest = airport_select("destination", LABELS("destination", lay), query.get("destination", ""))
    date = field(
        LABELS("date", lay),
        f"<input type=date id=date name=date min=2026-12-01 max=2026-12-31 "
        f'value="{e(query.get("date", ""))}">',
        "date",
    )
    chosen = query.get("pax", "1")
    pax_opts = "".join(
        f'<option value="{n}"{" selected" if str(n) == chosen else ""}>'
        f"{n} passenger{'s' if n > 1 else ''}</option>"
        for n in range(1, 5)
    )
    pax = field(LABELS("pax", lay), f"<select id=pax name=pax>{pax_opts}</select>", "pax")
    direct = query.get("stops") == "direct"
    stops = field(
        LABELS("stops", lay),
        f"<select id=stops name=stops><option value=any>{LABELS('any_stops', lay)}</option>"
        f"<option value=direct{' selected' if direct else ''}>{LABELS('direct_only', lay)}"
        "</option></select>",
        "stops",
    )
    fields = (
        origin + dest + date + pax + stops if lay == "a" else date + origin + dest + stops + pax
    )
    return (
        f"<form method=get action='/flights/search'><div class=row>{fields}"
        f"<div><button>{LABELS('search', lay)}</button></div></div></form>"
    )


def _results(lay: Layout, query: Mapping[str, str], rows: list[dict[str, Any]], no: int) -> str:
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    no = min(max(no, 1), pages)
    shown = rows[(no - 1) * PAGE_SIZE : no * PAGE_SIZE]
    pager = []
    if no > 1:
        pager.append(_page_link(LABELS("prev", lay), query, no - 1))
    if no < pages:
        pager.append(_page_link(LABELS("next", lay), query, no + 1))
    cheapest = min((f["basic"] for f in rows), default=0)
    notice = later(
        "prices",
        "Checking the latest prices…",
        f"Prices updated just now · lowest fare €{cheapest} per passenger",
        "notice",
    )
    cards = "".join(_flight_card(f, query["pax"], lay) for f in shown)
    listing = (
        f"<p>{LABELS('found', lay)}: {len(rows)} · page {no} of {pages}</p>{_sort_form(lay, query)}"
        + (cards or "<p>No flights match this search.</p>")
        + f"<div class=pager>{''.join(pager)}</div>"
    )
    head = (
        f"<h1>{e(airport(query['origin']))} → {e(airport(query['destination']))}</h1>"
        f"<p class=muted>{e(query['date'])} · {e(query['pax'])} passenger(s)</p>"
    )
    if rows:
        head += notice
    form = f"<details><summary>Modify search</summary>{search_form(lay, query)}</details>"
    return head + form + listing if lay == "a" else head + listing + form


def _sort_form(lay: Layout, query: Mapping[str, str]) -> str:
    hidden = "".join(
        f'<input type=hidden name={k} value="{e(v)}">' for k, v in query.items() if k != "sort"
    )
    by_time = query.get("sort") == "time"
    select = (
        f"<select id=sort name=sort><option value=price>{LABELS('by_price', lay)}</option>"
        f"<option value=time{' selected' if by_time else ''}>{LABELS('by_time', lay)}</option>"
        "</select>"
    )
    return (
        f"<form method=get action='/flights/search'>{hidden}<div class=row>"
        f"{field(LABELS('sort', lay), select, 'sort')}"
        f"<div><button class=secondary>{LABELS('apply', lay)}</button></div></div></form>"
    )


def _flight_card(f: dict[str, Any], pax: str, lay: Layout) -> str:
    when = f"{f['depart']} → {f['arrive']}"
    facts = [f["number"], when, duration(f["minutes"]), stops_text(f)]
    if lay == "b":
        facts = [when, f["number"], stops_text(f), duration(f["minutes"])]
    buttons = "".join(
        f'<form method=get action="/flights/book/{f["id"]}">'
        f"<input type=hidden name=fare value={fare}><input type=hidden name=pax value={e(pax)}>"
        f'<button aria-label="{LABELS("choose", lay)} {fare} {e(f["number"])}, '
        f'€{f[fare.lower()]}">{fare}<br>€{f[fare.lower()]}</button></form>'
        for fare in (FARES if lay == "a" else tuple(reversed(FARES)))
    )
    return (
        f'<div class="card flight"><div><div class=when>{e(" · ".join(facts))}</div>'
        f"<div class=muted>{e(CITY[f['origin']])} → {e(CITY[f['destination']])}</div></div>"
        f"<div class=fares>{buttons}</div></div>"
    )


def _page_link(text: str, query: Mapping[str, str], number: int) -> str:
    return f'<a href="/flights/search?{e(urlencode({**query, "page_no": number}))}">{e(text)}</a>'


def _passenger_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def show(fid: int, fare: str, pax: int, people: list[dict[str, str]], error: str = "") -> Any:
        try:
            f = flight(db, fid)
        except FlightError as exc:
            raise HTTPException(404, str(exc)) from None
        if fare not in FARES or not 1 <= pax <= 4:
            raise HTTPException(422, "choose a fare (Basic, Standard or Flex) and 1-4 passengers")
        body = _passenger_page(world.layout, f, fare, people=people, error=error)
        return render(world, "Passenger details", body, script=LATER_JS)

    @router.get("/book/{fid}", response_class=HTMLResponse)
    def passengers(fid: int, fare: str = "Basic", pax: int = 1) -> Any:
        if not 1 <= pax <= 4:
            raise HTTPException(422, "a booking is for 1 to 4 passengers")
        me = {"first": PERSON[0], "last": PERSON[1], "email": PERSON[2]}
        return show(fid, fare, pax, [me] + [{}] * (pax - 1))

    @router.post("/book/{fid}")
    async def do_hold(fid: int, request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        fare, raw = form.get("fare", ""), form.get("pax", "")
        pax = int(raw) if raw.isdigit() else 0
        if not 1 <= pax <= 4:
            raise HTTPException(422, "a booking is for 1 to 4 passengers")
        people = [
            {k: form.get(f"p{i}_{k}", "") for k in ("first", "last", "email")}
            for i in range(1, pax + 1)
        ]
        try:
            ref = hold(db, fid, fare, people)
        except FlightError as exc:
            return show(fid, fare, pax, people, str(exc))
        return RedirectResponse(f"/flights/booking/{ref}/seats", status_code=303)


def _passenger_page(
    lay: Layout,
    f: dict[str, Any],
    fare: str,
    *,
    people: list[dict[str, str]],
    error: str,
) -> str:
    pax = len(people)
    sections = "".join(_passenger_fields(lay, i, p) for i, p in enumerate(people, 1))
    form = (
        f'<form method=post action="/flights/book/{f["id"]}">{flash(error, error=True)}'
        f"<input type=hidden name=fare value={fare}><input type=hidden name=pax value={pax}>"
        f"{sections}<p><button>{LABELS('to_seats', lay)}</button></p></form>"
    )
    price = f[fare.lower()]
    rules = "".join(f"<li>{e(rule)}</li>" for rule in FARE_RULES[fare])
    aside = (
        f"<aside><h2>Your flight</h2>{flight_summary(f)}"
        f"<p><b>{fare}</b> fare: €{price} × {pax} = <b>€{price * pax}</b></p>"
        + later("rules", "Loading fare rules…", f"<b>Fare rules</b><ul>{rules}</ul>")
        + "</aside>"
    )
    inner = form + aside if lay == "a" else aside + form
    return f"<h1>Passenger details</h1><div class=cols>{inner}</div>"


def _passenger_fields(lay: Layout, i: int, person: Mapping[str, str]) -> str:
    def one(key: str, kind: str) -> str:
        ident = f"p{i}_{key}"
        control = f'<input type={kind} id={ident} name={ident} value="{e(person.get(key, ""))}">'
        return field(f"{LABELS(key, lay)} (passenger {i})", control, ident)

    note = " · account holder" if i == 1 else ""
    names = one("first", "text") + one("last", "text")
    fields = names + one("email", "email") if lay == "a" else one("email", "email") + names
    return f"<fieldset><legend>Passenger {i}{note}</legend><div class=row>{fields}</div></fieldset>"
