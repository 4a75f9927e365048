"""Calendar GUI: month and week views, day lists, event pages, forms and invitations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from openlam.sandbox._html import e, page
from openlam.sandbox._world import AppDB, World
from openlam.sandbox.apps.calendar._data import SPEC, TODAY, VISIBLE, day_words
from openlam.sandbox.apps.calendar._ops import (
    CalendarError,
    UnknownEvent,
    add_attendee,
    clear_day,
    create,
    delete,
    event,
    on_day,
    respond,
    search,
    update,
)
from openlam.sandbox.apps.calendar._views import (
    CSS,
    LABELS,
    day_rows,
    dialog,
    event_form,
    month_grid,
    opener,
    tabs,
    toolbar,
    week_table,
    when,
)

# the day's events arrive a moment after the page, as from a calendar server
_LOAD_DAY = """setTimeout(async () => {
  const box = document.getElementById('day-list');
  if (box) box.innerHTML = await (await fetch(box.dataset.src)).text();
}, 300);"""


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/calendar``."""
    router = APIRouter()
    _view_routes(router, world)
    _find_routes(router, world)
    _day_routes(router, world)
    _event_routes(router, world)
    _invitation_routes(router, world)
    _write_routes(router, world)
    return router


def _render(world: World, request: Request, title: str, body: str, current: str = "") -> Any:
    db, lay = world.db(SPEC.name), world.layout
    pending = len(db.query("SELECT id FROM events WHERE response='pending'"))
    flash, error = request.query_params.get("flash", ""), request.query_params.get("error", "")
    notes = f"<p class=flash role=status>{e(flash)}</p>" if flash else ""
    notes += f"<p class=error role=alert>{e(error)}</p>" if error else ""
    html = page(
        app_title=SPEC.title,
        title=title,
        body=f"{CSS}{tabs(lay, current, pending)}{notes}{body}",
        layout=lay,
        nav=[("Calendar", "/calendar/"), (LABELS("new_event", lay), "/calendar/new")],
        current=current,
        script=_LOAD_DAY,
    )
    return HTMLResponse(html)


def _by_day(db: AppDB) -> dict[str, list[dict[str, Any]]]:
    rows = db.query("SELECT * FROM events WHERE response IN (?, ?) ORDER BY date, start", VISIBLE)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["date"], []).append(r)
    return out


def _go(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(query)}" if query else path, status_code=303)


def _view_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/", response_class=HTMLResponse)
    def month(request: Request, month: str = "2026-12") -> Any:
        try:
            first = date.fromisoformat(f"{month}-01")
        except ValueError:
            raise HTTPException(404, f"no month {month!r}: use YYYY-MM") from None
        lay = world.layout
        prev = (first - timedelta(days=1)).strftime("%Y-%m")
        nxt = (first + timedelta(days=32)).strftime("%Y-%m")
        pager = (
            f"<div class=pager><a href='/calendar/?month={prev}'>{LABELS('prev_month', lay)}</a>"
            f"<a href='/calendar/?month={nxt}'>{LABELS('next_month', lay)}</a></div>"
        )
        body = (
            f"<h1>{first:%B %Y}</h1>{toolbar(lay)}{pager}"
            f"{month_grid(first.year, first.month, _by_day(db))}"
        )
        return _render(world, request, f"{first:%B %Y}", body, "/calendar/")

    @router.get("/week", response_class=HTMLResponse)
    def week(request: Request, start: str = "") -> Any:
        try:
            day = date.fromisoformat(start) if start else TODAY
        except ValueError:
            raise HTTPException(404, f"no date {start!r}: use YYYY-MM-DD") from None
        monday = day - timedelta(days=day.weekday())
        lay = world.layout
        links = (
            f"<div class=pager><a href='/calendar/week?start={monday - timedelta(days=7)}'>"
            f"{LABELS('prev_week', lay)}</a><a href='/calendar/week?start="
            f"{monday + timedelta(days=7)}'>{LABELS('next_week', lay)}</a></div>"
        )
        body = (
            f"<h1>Week of {monday:%B} {monday.day}</h1>{toolbar(lay)}{links}"
            f"{week_table(monday, _by_day(db))}"
        )
        return _render(world, request, "Week", body, "/calendar/week")


def _find_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/search", response_class=HTMLResponse)
    def find(request: Request, q: str = "") -> Any:
        rows = search(db, q) if q.strip() else []
        table = "".join(
            f"<tr><td>{e(day_words(r['date']))}</td><td>{e(when(r))}</td><td>"
            f"<a href='/calendar/event/{r['id']}'>{e(r['title'])}</a></td>"
            f"<td>{e(r['location'])}</td></tr>"
            for r in rows
        )
        found = f"<p class=muted>{len(rows)} found</p>" if q.strip() else ""
        body = f"<h1>Search</h1>{toolbar(world.layout, q)}{found}"
        body += f"<table>{table}</table>" if rows else ("<p>Nothing matches.</p>" if q else "")
        return _render(world, request, "Search", body, "/calendar/search")

    @router.get("/jump")
    def jump(day: str = Query("", alias="date")) -> Any:
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            return _go("/calendar/", error="choose a date to show")
        return _go(f"/calendar/day/{parsed.isoformat()}")


def _day_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    def parse(day: str) -> date:
        try:
            return date.fromisoformat(day)
        except ValueError:
            raise HTTPException(404, f"no date {day!r}: use YYYY-MM-DD") from None

    @router.get("/day/{day}", response_class=HTMLResponse)
    def day_view(day: str, request: Request) -> Any:
        d, lay = parse(day), world.layout
        links = (
            f"<div class=pager><a href='/calendar/day/{d - timedelta(days=1)}'>Previous day</a>"
            f"<a href='/calendar/day/{d + timedelta(days=1)}'>Next day</a> "
            f"<a class='btn secondary' href='/calendar/new?date={d}'>"
            f"{e(LABELS('new_event', lay))}</a></div>"
        )
        body = (
            f"<h1>{e(day_words(d.isoformat()))}</h1>{links}"
            f"<div id=day-list data-src='/calendar/day/{d}/list'>Loading events…</div>"
        )
        current = f"/calendar/day/{TODAY.isoformat()}"
        return _render(world, request, day_words(d.isoformat()), body, current)

    @router.get("/day/{day}/list", response_class=HTMLResponse)
    def day_list(day: str) -> str:
        d, lay = parse(day), world.layout
        rows = on_day(db, d.isoformat())
        out = f"<p class=count>{e(LABELS('count', lay))}: {len(rows)}</p>"
        if not rows:
            return out + "<p>Nothing planned. Enjoy the free day.</p>"
        clear = dialog(
            "clear-day",
            f"Delete all {len(rows)} events on {day_words(d.isoformat())}? This cannot be undone.",
            f"/calendar/day/{d}/clear",
            LABELS("confirm_clear", lay),
            LABELS("keep", lay),
        )
        return out + day_rows(rows) + opener("clear-day", LABELS("clear", lay)) + clear

    @router.post("/day/{day}/clear")
    def do_clear(day: str) -> Any:
        d = parse(day)
        try:
            removed = clear_day(db, d.isoformat())
        except CalendarError as exc:
            return _go(f"/calendar/day/{d}", error=str(exc))
        return _go(f"/calendar/day/{d}", flash=f"Deleted {removed} events")


def _event_actions(row: dict[str, Any], lay: Any) -> str:
    if row["response"] == "organizer":
        question = f"Delete {row['title']}?"
        if row["attendees"]:
            question += f" {len(row['attendees'])} attendees will be told it is cancelled."
        return (
            f"<p><a class='btn secondary' href='/calendar/event/{row['id']}/edit'>"
            f"{e(LABELS('edit', lay))}</a> {opener('delete-event', LABELS('delete', lay))}</p>"
            + dialog(
                "delete-event",
                question,
                f"/calendar/event/{row['id']}/delete",
                LABELS("confirm_delete", lay),
                LABELS("keep", lay),
            )
        )
    return f"<p class=muted>Organized by {e(row['organizer'])} · your answer: {row['response']}</p>"


def _event_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/event/{event_id}", response_class=HTMLResponse)
    def show(event_id: int, request: Request) -> Any:
        row, lay = _event(db, event_id), world.layout
        people = "".join(f"<li>{e(a['name'])} ({e(a['response'])})</li>" for a in row["attendees"])
        details = "<table>" + "".join(
            f"<tr><th>{k}</th><td>{e(v)}</td></tr>"
            for k, v in (
                ("Date", day_words(row["date"])),
                ("Time", when(row)),
                ("Location", row["location"] or "—"),
                ("Organizer", row["organizer"]),
                ("Notes", row["notes"] or "—"),
            )
        )
        details += "</table>"
        attendees = f"<h2>Attendees</h2><ul>{people or '<li>Nobody invited yet</li>'}</ul>"
        if row["response"] == "organizer":
            attendees += (
                f"<form method=post action='/calendar/event/{event_id}/attendees'><div class=row>"
                f"<div><label for=name>{e(LABELS('add_name', lay))}</label>"
                f"<input type=text id=name name=name></div>"
                f"<div><button>{e(LABELS('add', lay))}</button></div></div></form>"
            )
        parts = [details, _event_actions(row, lay), attendees]
        if lay == "b":
            parts = [parts[1], parts[2], parts[0]]
        body = f"<h1>{e(row['title'])}</h1>{''.join(parts)}"
        return _render(world, request, row["title"], body)

    @router.get("/event/{event_id}/edit", response_class=HTMLResponse)
    def edit(event_id: int, request: Request) -> Any:
        row, lay = _event(db, event_id), world.layout
        form = event_form(lay, f"/calendar/event/{event_id}/edit", row, LABELS("save", lay))
        body = f"<h1>Edit {e(row['title'])}</h1>{form}"
        return _render(world, request, f"Edit {row['title']}", body)

    @router.get("/new", response_class=HTMLResponse)
    def new(request: Request, day: str = Query("", alias="date")) -> Any:
        lay = world.layout
        # opened from a day: that day is filled in already
        values = {"date": day} if day else {}
        form = event_form(lay, "/calendar/new", values, LABELS("create", lay), attendees=True)
        return _render(world, request, "New event", f"<h1>New event</h1>{form}", "/calendar/new")


def _invitation_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/invitations", response_class=HTMLResponse)
    def invitations(request: Request) -> Any:
        lay = world.layout
        rows = [
            event(db, r["id"])
            for r in db.query(
                "SELECT id FROM events WHERE response != 'organizer' "
                "ORDER BY response != 'pending', date, start"
            )
        ]
        cards = "".join(_invitation(r, lay) for r in rows)
        body = f"<h1>{e(LABELS('invitations', lay))}</h1>{cards or '<p>No invitations.</p>'}"
        return _render(world, request, "Invitations", body, "/calendar/invitations")


def _invitation(row: dict[str, Any], lay: Any) -> str:
    names = {"title": row["title"], "organizer": row["organizer"]}
    buttons = f"<p class=muted>You {row['response']}.</p>"
    if row["response"] == "pending":
        buttons = "".join(
            f"<form method=post action='/calendar/invitations/{row['id']}/{answer}' "
            f"style='display:inline'><button class='{css}' aria-label="
            f'"{e(LABELS(key, lay).format(**names))}">{e(LABELS(key + "_short", lay))}'
            f"</button></form> "
            for answer, key, css in (
                ("accepted", "accept", ""),
                ("declined", "decline", "secondary"),
            )
        )
    return (
        f"<section class=card><b><a href='/calendar/event/{row['id']}'>{e(row['title'])}</a></b>"
        f" <span class=muted>from {e(row['organizer'])}</span><p>{e(day_words(row['date']))}, "
        f"{e(when(row))} · {e(row['location'])}</p>{buttons}</section>"
    )


def _event(db: AppDB, event_id: int) -> dict[str, Any]:
    try:
        return event(db, event_id)
    except UnknownEvent as exc:
        raise HTTPException(404, str(exc)) from None


def _write_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    async def form_of(request: Request) -> dict[str, str]:
        return {k: str(v) for k, v in (await request.form()).items()}

    @router.post("/new")
    async def do_create(request: Request) -> Any:
        form = await form_of(request)
        try:
            eid = create(db, form, form.get("attendees", ""))
        except CalendarError as exc:
            return _go("/calendar/new", error=str(exc))
        return _go(f"/calendar/event/{eid}", flash="Event created")

    @router.post("/event/{event_id}/edit")
    async def do_edit(event_id: int, request: Request) -> Any:
        _event(db, event_id)
        try:
            update(db, event_id, await form_of(request))
        except CalendarError as exc:
            return _go(f"/calendar/event/{event_id}/edit", error=str(exc))
        return _go(f"/calendar/event/{event_id}", flash="Event updated")

    @router.post("/event/{event_id}/attendees")
    async def do_add(event_id: int, request: Request) -> Any:
        _event(db, event_id)
        try:
            name = add_attendee(db, event_id, (await form_of(request)).get("name", ""))
        except CalendarError as exc:
            return _go(f"/calendar/event/{event_id}", error=str(exc))
        return _go(f"/calendar/event/{event_id}", flash=f"{name} added")

    @router.post("/event/{event_id}/delete")
    def do_delete(event_id: int) -> Any:
        _event(db, event_id)
        try:
            row = delete(db, event_id)
        except CalendarError as exc:
            return _go(f"/calendar/event/{event_id}", error=str(exc))
        return _go(f"/calendar/day/{row['date']}", flash=f"Event deleted: {row['title']}")

    @router.post("/invitations/{event_id}/{answer}")
    def do_respond(event_id: int, answer: str) -> Any:
        _event(db, event_id)
        try:
            row = respond(db, event_id, answer)
        except CalendarError as exc:
            return _go("/calendar/invitations", error=str(exc))
        return _go("/calendar/invitations", flash=f"You {answer} {row['title']}")
