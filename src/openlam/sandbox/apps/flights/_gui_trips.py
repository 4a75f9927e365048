"""SkyWay GUI after the passenger step: seat map, payment, confirmation, "My trips" (with a
cancel dialog) and the manage-booking page (change seat, add bags)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, field
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.flights._data import BAG_PRICE, CITY, LETTERS, MAX_BAGS, ROWS, SPEC
from openlam.sandbox.apps.flights._ops import (
    FlightError,
    add_bags,
    cancel,
    choose_seat,
    pay,
    taken_seats,
)
from openlam.sandbox.apps.flights._view import (
    LABELS,
    airport,
    flash,
    flight_summary,
    render,
    seat_text,
)


def trip_routes(router: APIRouter, world: World) -> None:
    """Register the seat, payment and trip routes."""
    _seat_routes(router, world)
    _payment_routes(router, world)
    _trips_routes(router, world)
    _manage_routes(router, world)


def _load(db: AppDB, ref: str) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """A booking, its flight and its passengers; 404 for an unknown reference."""
    b = db.one("SELECT * FROM bookings WHERE ref=?", (ref,))
    if b is None:
        raise HTTPException(404, f"no booking {ref}")
    f = db.one("SELECT * FROM flights WHERE id=?", (b["flight_id"],)) or {}
    people = db.query("SELECT * FROM passengers WHERE booking_id=? ORDER BY position", (b["id"],))
    return b, f, people


def _back(path: str, message: str, key: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode({key: message})}", status_code=303)


def _seat_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/booking/{ref}/seats", response_class=HTMLResponse)
    def seats(ref: str, p: int = 1, notice: str = "", error: str = "") -> HTMLResponse:
        b, f, people = _load(db, ref)
        if b["status"] == "cancelled" or not 1 <= p <= len(people):
            raise HTTPException(404, f"booking {ref} has no passenger {p} to seat")
        taken = taken_seats(db, f["id"], except_passenger=people[p - 1]["id"])
        body = _seat_page(world.layout, b, f, people, p=p, taken=taken)
        message = flash(error, error=True) + flash(notice)
        return render(world, "Choose seats", body.replace("<!--flash-->", message))

    @router.post("/booking/{ref}/seats")
    async def do_seat(ref: str, request: Request) -> Any:
        form = await request.form()
        raw = str(form.get("p", "1"))
        p = int(raw) if raw.isdigit() else 0
        seat = str(form.get("seat", ""))
        b, _, people = _load(db, ref)
        path = f"/flights/booking/{ref}/seats"
        try:
            name = choose_seat(db, ref, p, seat)
        except FlightError as exc:
            return RedirectResponse(f"{path}?{urlencode({'p': p, 'error': str(exc)})}", 303)
        if b["status"] == "confirmed":
            message = f"Seat {seat.upper()} confirmed for {name}."
            return _back(f"/flights/booking/{ref}", message, "notice")
        after = [q["position"] for q in people if q["position"] > p and not q["seat"]]
        query = {
            "p": after[0] if after else p,
            "notice": f"Seat {seat.upper()} selected for {name}.",
        }
        return RedirectResponse(f"{path}?{urlencode(query)}", status_code=303)


def _seat_page(
    lay: Layout,
    b: dict[str, Any],
    f: dict[str, Any],
    people: list[dict[str, Any]],
    *,
    p: int,
    taken: set[str],
) -> str:
    person = people[p - 1]
    tabs = "".join(
        f'<a href="/flights/booking/{b["ref"]}/seats?p={q["position"]}" role=tab '
        f"aria-selected={'true' if q['position'] == p else 'false'}>Passenger {q['position']}: "
        f"{e(q['first'])} {e(q['last'])} · {e(q['seat'] or 'no seat yet')}</a>"
        for q in people
    )
    seat_map = _seat_map(b["ref"], p, taken, person["seat"])
    if b["status"] == "draft":
        onward = f'<a class=btn href="/flights/booking/{b["ref"]}/pay">{LABELS("to_pay", lay)}</a>'
        title = "Choose your seats"
    else:
        onward = (
            f'<a class="btn secondary" href="/flights/booking/{b["ref"]}">{LABELS("back", lay)}</a>'
        )
        title = "Change seat"
    head = (
        f"<h1>{title}</h1><p>{e(f['number'])} · {e(airport(f['origin']))} → "
        f"{e(airport(f['destination']))} · {e(f['date'])}</p><!--flash-->"
        f"<p>Choosing a seat for <b>{e(person['first'])} {e(person['last'])}</b> "
        f"(passenger {p} of {len(people)}). Grey seats are taken.</p>"
    )
    tabs_html = f"<nav class=tabs role=tablist>{tabs}</nav>"
    if lay == "a":
        return f"{head}{tabs_html}{seat_map}<p>{onward}</p>"
    return f"{head}<p>{onward}</p>{tabs_html}{seat_map}"


def _seat_map(ref: str, p: int, taken: set[str], mine: str) -> str:
    rows = []
    for row in ROWS:
        cells = [f"<span class=rowno>{row}</span>"]
        for letter in LETTERS:
            seat = f"{row}{letter}"
            if seat in taken:
                cells.append(
                    f'<button type=button class="seat taken" disabled '
                    f'aria-label="{seat_text(seat)}, taken">{letter}</button>'
                )
            elif seat == mine:
                cells.append(
                    f'<button name=seat value={seat} class="seat mine" aria-pressed=true '
                    f'aria-label="{seat_text(seat)}, your seat">{letter}</button>'
                )
            else:
                cells.append(
                    f'<button name=seat value={seat} class=seat aria-label="{seat_text(seat)}">'
                    f"{letter}</button>"
                )
            if letter == "C":
                cells.append("<span class=aisle></span>")
        rows.append(f"<div class=seatrow>{''.join(cells)}</div>")
    return (
        f'<form method=post action="/flights/booking/{ref}/seats"><input type=hidden name=p '
        f"value={p}><div class=seatmap>{''.join(rows)}</div></form>"
    )


def _payment_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/booking/{ref}/pay", response_class=HTMLResponse)
    def payment(ref: str, error: str = "") -> Any:
        b, f, people = _load(db, ref)
        if b["status"] != "draft":
            return RedirectResponse(f"/flights/booking/{ref}", status_code=303)
        return render(world, "Payment", _payment_page(world.layout, b, f, people, error))

    @router.post("/booking/{ref}/pay")
    async def do_pay(ref: str, request: Request) -> Any:
        form = {k: str(v) for k, v in (await request.form()).items()}
        _load(db, ref)
        try:
            pay(db, ref, form)
        except FlightError as exc:
            return _back(f"/flights/booking/{ref}/pay", str(exc), "error")
        return RedirectResponse(f"/flights/booking/{ref}/confirmation", status_code=303)

    @router.get("/booking/{ref}/confirmation", response_class=HTMLResponse)
    def confirmation(ref: str) -> HTMLResponse:
        b, f, people = _load(db, ref)
        if b["status"] != "confirmed":
            raise HTTPException(404, f"booking {ref} is not confirmed")
        body = (
            f"<h1>Booking confirmed</h1><p class=flash>Have a good trip to "
            f"{e(CITY[f['destination']])}! A confirmation was sent to {e(people[0]['email'])}."
            f"</p><p>Booking reference: <b>{e(ref)}</b></p>{_booking_facts(b, people)}"
            f"{flight_summary(f)}<p><a href='/flights/trips'>{LABELS('trips', world.layout)}</a>"
            "</p>"
        )
        return render(world, "Booking confirmed", body)


def _booking_facts(b: dict[str, Any], people: list[dict[str, Any]]) -> str:
    names = ", ".join(
        f"{p['first']} {p['last']}" + (f" (seat {p['seat']})" if p["seat"] else "") for p in people
    )
    return (
        f"<table><tr><th>Fare</th><td>{e(b['fare'])}</td></tr>"
        f"<tr><th>Passengers</th><td>{e(names)}</td></tr>"
        f"<tr><th>Extra bags</th><td>{b['bags']}</td></tr>"
        f"<tr><th>Total</th><td>€{b['total']}</td></tr></table>"
    )


def _payment_page(
    lay: Layout, b: dict[str, Any], f: dict[str, Any], people: list[dict[str, Any]], error: str
) -> str:
    def box(key: str, ident: str, extra: str) -> str:
        control = f"<input type=text id={ident} name={ident} {extra}>"
        return field(LABELS(key, lay), control, ident)

    form = (
        f'<form method=post action="/flights/booking/{b["ref"]}/pay">{flash(error, error=True)}'
        + box(
            "card",
            "number",
            'inputmode=numeric autocomplete=cc-number placeholder="1234 5678 9012 3456"',
        )
        + "<div class=row>"
        + box("expiry", "expiry", 'autocomplete=cc-exp placeholder="MM/YY"')
        + box("cvc", "cvc", 'inputmode=numeric autocomplete=cc-csc placeholder="123"')
        + f"</div><p><button>{LABELS('pay', lay)} · €{b['total']}</button></p></form>"
    )
    aside = (
        f"<aside><h2>Summary</h2><p>{e(f['number'])} · {e(CITY[f['origin']])} → "
        f"{e(CITY[f['destination']])} · {e(f['date'])} {e(f['depart'])}</p>"
        f"{_booking_facts(b, people)}</aside>"
    )
    inner = form + aside if lay == "a" else aside + form
    return f"<h1>Payment</h1><div class=cols>{inner}</div>"


def _trips_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/trips", response_class=HTMLResponse)
    def trips(tab: str = "upcoming", notice: str = "", error: str = "") -> HTMLResponse:
        lay = world.layout
        status = "cancelled" if tab == "cancelled" else "confirmed"
        rows = db.query(
            "SELECT b.*, f.number, f.origin, f.destination, f.date, f.depart FROM bookings b "
            "JOIN flights f ON f.id = b.flight_id WHERE b.status != 'draft' "
            "ORDER BY f.date, f.depart"
        )
        counts = {s: sum(r["status"] == s for r in rows) for s in ("confirmed", "cancelled")}
        tabs = "".join(
            f'<a href="/flights/trips?tab={name}" role=tab aria-selected='
            f"{'true' if s == status else 'false'}>{LABELS(name, lay)} ({counts[s]})</a>"
            for name, s in (("upcoming", "confirmed"), ("cancelled", "cancelled"))
        )
        shown = [r for r in rows if r["status"] == status]
        body = (
            f"<h1>{LABELS('trips', lay)}</h1>{flash(error, error=True)}{flash(notice)}"
            f"<nav class=tabs role=tablist>{tabs}</nav>{_trips_table(lay, shown)}"
        )
        return render(world, "My trips", body, "/flights/trips")

    @router.post("/booking/{ref}/cancel")
    def do_cancel(ref: str) -> Any:
        _load(db, ref)
        try:
            cancel(db, ref)
        except FlightError as exc:
            return _back("/flights/trips", str(exc), "error")
        return _back("/flights/trips", f"Trip {ref} cancelled.", "notice")


def _trips_table(lay: Layout, rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No trips here.</p>"
    heads = ["Date", "Flight", "Route", "Departs", "Passengers", "Reference", "Status", ""]
    order = list(range(8)) if lay == "a" else [5, 0, 2, 1, 3, 4, 6, 7]
    out = "<table><tr>" + "".join(f"<th>{heads[i]}</th>" for i in order) + "</tr>"
    for r in rows:
        cells = [
            e(r["date"]),
            e(r["number"]),
            f"{e(CITY[r['origin']])} → {e(CITY[r['destination']])}",
            e(r["depart"]),
            str(r["pax"]),
            f"<code>{e(r['ref'])}</code>",
            e(r["status"].capitalize()),
            _trip_actions(lay, r) if r["status"] == "confirmed" else "",
        ]
        out += "<tr>" + "".join(f"<td>{cells[i]}</td>" for i in order) + "</tr>"
    return out + "</table>"


def _trip_actions(lay: Layout, r: dict[str, Any]) -> str:
    where = f"{CITY[r['destination']]} {r['date']}"
    ref = r["ref"]
    return (
        f'<a class="btn secondary" href="/flights/booking/{ref}" '
        f'aria-label="{LABELS("manage", lay)} {e(where)}">{LABELS("manage", lay)}</a> '
        f'<button class=danger aria-label="{LABELS("cancel", lay)} {e(where)}" '
        f"onclick=\"document.getElementById('d-{ref}').showModal()\">{LABELS('cancel', lay)}"
        f'</button><dialog id="d-{ref}"><p>Cancel your trip to {e(CITY[r["destination"]])} on '
        f"{e(r['date'])} ({e(r['number'])})? This cannot be undone.</p>"
        f'<form method=post action="/flights/booking/{ref}/cancel"><button class=danger>'
        f"{LABELS('confirm_cancel', lay)}</button> <button type=button class=secondary "
        f"onclick=\"this.closest('dialog').close()\">{LABELS('keep', lay)}</button></form>"
        "</dialog>"
    )


def _manage_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/booking/{ref}", response_class=HTMLResponse)
    def manage(ref: str, notice: str = "", error: str = "") -> Any:
        b, f, people = _load(db, ref)
        if b["status"] == "draft":
            return RedirectResponse(f"/flights/booking/{ref}/seats", status_code=303)
        message = flash(error, error=True) + flash(notice)
        body = _manage_page(world.layout, b, f, people, message)
        return render(world, f"Trip to {CITY[f['destination']]}", body)

    @router.post("/booking/{ref}/bags")
    async def do_bags(ref: str, request: Request) -> Any:
        form = await request.form()
        _load(db, ref)
        count = str(form.get("bags", "0"))
        try:
            add_bags(db, ref, int(count) if count.isdigit() else 0)
        except FlightError as exc:
            return _back(f"/flights/booking/{ref}", str(exc), "error")
        return _back(f"/flights/booking/{ref}", f"{count} extra bag(s) added.", "notice")


def _manage_page(
    lay: Layout, b: dict[str, Any], f: dict[str, Any], people: list[dict[str, Any]], message: str
) -> str:
    live = b["status"] == "confirmed"
    rows = "".join(
        f"<tr><td>{e(p['first'])} {e(p['last'])}</td><td>{e(p['email'])}</td>"
        f"<td>{e(p['seat'] or 'not chosen')}</td><td>"
        + (
            f'<a href="/flights/booking/{b["ref"]}/seats?p={p["position"]}" aria-label="'
            f'{LABELS("change_seat", lay)} {e(p["first"])} {e(p["last"])}">'
            f"{LABELS('change_seat', lay)}</a>"
            if live
            else ""
        )
        + "</td></tr>"
        for p in people
    )
    people_html = (
        "<h2>Passengers</h2><table><tr><th>Name</th><th>Email</th><th>Seat</th><th></th></tr>"
        f"{rows}</table>"
    )
    room = MAX_BAGS - b["bags"]
    bag_opts = "".join(
        f'<option value="{n}">{n} bag{"s" if n > 1 else ""} (€{n * BAG_PRICE})</option>'
        for n in range(1, room + 1)
    )
    bags = f"<h2>Bags</h2><p>Extra checked bags on this booking: {b['bags']}.</p>" + (
        f'<form method=post action="/flights/booking/{b["ref"]}/bags"><div class=row>'
        + field(LABELS("bags", lay), f"<select id=bags name=bags>{bag_opts}</select>", "bags")
        + f"<div><button>{LABELS('add_bags', lay)}</button></div></div>"
        f"<p class=muted>€{BAG_PRICE} per bag, charged to the card ending {e(b['card_last4'])}."
        "</p></form>"
        if live and room > 0
        else ""
    )
    head = (
        f"<h1>Trip to {e(CITY[f['destination']])}</h1>{message}"
        f"<p>Booking reference <b>{e(b['ref'])}</b> · {e(b['status'].capitalize())} · "
        f"{e(b['fare'])} fare · total €{b['total']}</p>"
    )
    parts = (
        [flight_summary(f), people_html, bags]
        if lay == "a"
        else [people_html, bags, flight_summary(f)]
    )
    return head + "".join(parts)
