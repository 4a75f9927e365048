"""Smart home GUI: a dashboard with rooms as tabs, device cards, scenes and a history."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from openlam.sandbox._html import e, field, page
from openlam.sandbox._world import AppDB, Layout, World
from openlam.sandbox.apps.smarthome._cards import FORM_NAMES, LABELS, card, label
from openlam.sandbox.apps.smarthome._data import FIELDS, ROOMS, SPEC
from openlam.sandbox.apps.smarthome._ops import (
    DeviceError,
    UnknownDevice,
    activate,
    clear_vacation,
    device,
    scene,
    set_vacation,
    status,
    step_text,
)
from openlam.sandbox.apps.smarthome._ops import change as change_device

PAGE_SIZE = 10
_CSS = """<style>
.tabs { border-bottom: 1px solid #d5dbe1; padding-bottom: 8px; margin-bottom: 16px; }
.tabs a[aria-selected=true] { font-weight: 700; text-decoration: underline; }
.grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
.device h3 { margin: 0; font-size: 16px; } .device p { margin: 4px 0; }
.device input[type=number] { min-width: 70px; width: 80px; }
.device label { font-weight: 500; margin: 6px 0 2px; } .device form { margin: 4px 0; }
.switch { display: inline-flex; gap: 6px; align-items: center; }
.status { font-weight: 600; }
</style>"""
# device states and the home summary arrive a moment after the page, like a real hub's poll
_REFRESH = """setTimeout(async () => {
  const data = await (await fetch('/smarthome/status.json')).json();
  document.querySelectorAll('[data-status]').forEach((el) => {
    el.textContent = data.devices[el.dataset.status] || '';
  });
  const summary = document.getElementById('summary');
  if (summary) summary.innerHTML = data.summary;
}, 300);"""


def gui(world: World) -> APIRouter:
    """The GUI routes, mounted at ``/smarthome``."""
    router = APIRouter()
    _dashboard_routes(router, world)
    _scene_routes(router, world)
    _vacation_routes(router, world)
    _write_routes(router, world)
    return router


def _tabs(lay: Layout, current: str) -> str:
    rooms = [(name, f"/smarthome/room/{slug}") for slug, name in ROOMS]
    first = [(LABELS("overview", lay), "/smarthome/")]
    scenes = [
        (LABELS("scenes", lay), "/smarthome/scenes"),
        (LABELS("vacation", lay), "/smarthome/vacation"),
    ]
    last = [(LABELS("history", lay), "/smarthome/history")]
    tabs = first + rooms + scenes + last if lay == "a" else first + scenes + rooms + last
    links = "".join(
        f'<a role=tab href="{e(href)}" aria-selected="{str(href == current).lower()}">{e(text)}</a>'
        for text, href in tabs
    )
    return f'<nav class=tabs role=tablist aria-label="Rooms">{links}</nav>'


def _render(world: World, title: str, body: str, current: str, request: Request) -> HTMLResponse:
    lay = world.layout
    flash, error = request.query_params.get("flash", ""), request.query_params.get("error", "")
    notes = f"<p class=flash role=status>{e(flash)}</p>" if flash else ""
    notes += f"<p class=error role=alert>{e(error)}</p>" if error else ""
    html = page(
        app_title=SPEC.title,
        title=title,
        body=f"{_CSS}{_tabs(lay, current)}{notes}{body}",
        layout=lay,
        nav=[("Home", "/smarthome/"), (LABELS("history", lay), "/smarthome/history")],
        current=current,
        script=_REFRESH,
    )
    return HTMLResponse(html)


def _devices(db: AppDB, where: str = "1", params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return db.query(
        "SELECT d.*, r.name AS room, r.slug AS room_slug FROM devices d JOIN rooms r "
        f"ON r.id = d.room_id WHERE {where} ORDER BY d.id",
        params,
    )


def _grid(rows: list[dict[str, Any]], lay: Layout, back: str) -> str:
    ordered = rows if lay == "a" else list(reversed(rows))
    return "<div class=grid>" + "".join(card(r, lay, back) for r in ordered) + "</div>"


def summary(db: AppDB, lay: Layout) -> str:
    """The home at a glance (HTML): lights on, unlocked doors, open blinds, the thermostat."""
    rows = _devices(db)
    lights = [r for r in rows if r["kind"] == "light"]
    unlocked = [r["name"] for r in rows if r["kind"] == "lock" and not r["locked"]]
    blinds = [r for r in rows if r["kind"] == "blinds"]
    thermostat = next(r for r in rows if r["kind"] == "thermostat")
    items = [
        f"{LABELS('lights_on', lay)}: {sum(r['power'] for r in lights)} of {len(lights)}",
        f"{LABELS('unlocked', lay)}: {', '.join(unlocked) or 'none'}",
        f"{LABELS('open_blinds', lay)}: {sum(r['position'] > 0 for r in blinds)} of {len(blinds)}",
        f"{LABELS('climate', lay)}: {status(thermostat)}",
    ]
    if lay == "b":
        items.reverse()
    return "<ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"


def _dashboard_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        lay = world.layout
        favourites = _grid(_devices(db, "d.favourite=1"), lay, "/smarthome/")
        glance = (
            "<section class=card aria-label='Home status'><h2>At a glance</h2>"
            "<div id=summary>Loading home status…</div></section>"
        )
        pinned = f"<h2>{e(LABELS('favourites', lay))}</h2>{favourites}"
        parts = glance + pinned if lay == "a" else pinned + glance
        return _render(world, "Home", f"<h1>Home</h1>{parts}", "/smarthome/", request)

    @router.get("/room/{slug}", response_class=HTMLResponse)
    def room(slug: str, request: Request) -> HTMLResponse:
        found = db.one("SELECT * FROM rooms WHERE slug=?", (slug,))
        if found is None:
            raise HTTPException(404, f"no room {slug}")
        back = f"/smarthome/room/{slug}"
        body = f"<h1>{e(found['name'])}</h1>" + _grid(
            _devices(db, "r.slug=?", (slug,)), world.layout, back
        )
        return _render(world, found["name"], body, back, request)

    @router.get("/status.json")
    def status_json() -> JSONResponse:
        devices = {str(r["id"]): status(r) for r in _devices(db)}
        return JSONResponse({"devices": devices, "summary": summary(db, world.layout)})

    @router.get("/history", response_class=HTMLResponse)
    def history(request: Request, page_no: int = 1) -> HTMLResponse:
        lay = world.layout
        rows = db.query("SELECT * FROM activity ORDER BY id DESC")
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page_no = min(max(page_no, 1), pages)
        shown = rows[(page_no - 1) * PAGE_SIZE : page_no * PAGE_SIZE]
        pager = []
        if page_no > 1:
            pager.append(
                f'<a href="/smarthome/history?page_no={page_no - 1}">{e(label("prev", lay))}</a>'
            )
        if page_no < pages:
            pager.append(
                f'<a href="/smarthome/history?page_no={page_no + 1}">{e(label("next", lay))}</a>'
            )
        body = (
            f"<h1>{e(LABELS('history', lay))}</h1><p class=muted>page {page_no} of {pages}</p>"
            "<table><tr><th>#</th><th>What happened</th></tr>"
            + "".join(f"<tr><td>{r['id']}</td><td>{e(r['text'])}</td></tr>" for r in shown)
            + f"</table><div class=pager>{''.join(pager)}</div>"
        )
        return _render(world, "History", body, "/smarthome/history", request)


def _scene_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/scenes", response_class=HTMLResponse)
    def scenes(request: Request) -> HTMLResponse:
        lay = world.layout
        cards = []
        for ident in [r["id"] for r in db.query("SELECT id FROM scenes ORDER BY id")]:
            row, steps = scene(db, ident)
            items = "".join(f"<li>{e(step_text(s))}</li>" for s in steps)
            cards.append(
                f'<section class=card aria-label="{e(row["name"])}"><h3>{e(row["name"])}</h3>'
                f"<p class=muted>{e(row['description'])}</p>"
                f"<button onclick=\"document.getElementById('scene-{ident}').showModal()\">"
                f"{e(label('run_scene', lay, row['name']))}</button>"
                f"<dialog id=scene-{ident}><h3>{e(row['name'])}: this will</h3><ul>{items}</ul>"
                f'<form method=post action="/smarthome/scenes/{ident}/activate">'
                f"<button>{e(label('activate', lay))}</button> <button type=button "
                f"class=secondary onclick=\"this.closest('dialog').close()\">"
                f"{e(label('not_now', lay))}</button></form></dialog></section>"
            )
        ordered = cards if lay == "a" else list(reversed(cards))
        body = f"<h1>{e(LABELS('scenes', lay))}</h1><div class=grid>{''.join(ordered)}</div>"
        return _render(world, "Scenes", body, "/smarthome/scenes", request)

    @router.post("/scenes/{scene_id}/activate")
    def do_activate(scene_id: int) -> Any:
        try:
            message = activate(db, scene_id)
        except UnknownDevice as exc:
            raise HTTPException(404, str(exc)) from None
        except DeviceError as exc:
            return _back("/smarthome/scenes", error=str(exc))
        return _back("/smarthome/scenes", flash=message)


def _vacation_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.get("/vacation", response_class=HTMLResponse)
    def vacation(request: Request) -> HTMLResponse:
        lay = world.layout
        plan = db.one("SELECT * FROM vacation")
        now = (
            f"<p class=status>Away from {e(plan['away'])}, back on {e(plan['back'])}. The "
            "lights turn on and off now and then to look lived in.</p>"
            "<form method=post action='/smarthome/vacation/clear'><button class=secondary>"
            f"{e(LABELS('clear_vacation', lay))}</button></form>"
            if plan
            else "<p class=status>No vacation planned.</p>"
        )
        dates = [
            field(LABELS(k, lay), f"<input type=date id={k} name={k}>", k) for k in ("away", "back")
        ]
        form = (
            "<form method=post action='/smarthome/vacation'><div class=row>"
            f"{''.join(dates)}<div><button>{e(LABELS('save_vacation', lay))}</button></div>"
            "</div></form>"
        )
        parts = now + form if lay == "a" else form + now
        body = f"<h1>{e(LABELS('vacation', lay))}</h1>{parts}"
        return _render(world, "Vacation", body, "/smarthome/vacation", request)

    @router.post("/vacation")
    async def do_vacation(request: Request) -> Any:
        form = await request.form()
        try:
            message = set_vacation(db, str(form.get("away", "")), str(form.get("back", "")))
        except DeviceError as exc:
            return _back("/smarthome/vacation", error=str(exc))
        return _back("/smarthome/vacation", flash=message)

    @router.post("/vacation/clear")
    def do_clear() -> Any:
        return _back("/smarthome/vacation", flash=clear_vacation(db))


def _back(path: str, **query: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?{urlencode(query)}", status_code=303)


def _write_routes(router: APIRouter, world: World) -> None:
    db = world.db(SPEC.name)

    @router.post("/devices/{device_id}")
    async def change(device_id: int, request: Request) -> Any:
        form = await request.form()
        back = str(form.get("back", ""))
        if not back.startswith("/smarthome/"):  # only ever back into this app
            back = "/smarthome/"
        try:
            kind = device(db, device_id)["kind"]
        except UnknownDevice as exc:
            raise HTTPException(404, str(exc)) from None
        # a switch sends a hidden "off" and, when ticked, "on" after it: the last one counts
        names = {k: FORM_NAMES.get(k, k) for k in FIELDS[kind]}
        changes = {k: str(form.getlist(n)[-1]) for k, n in names.items() if n in form}
        try:
            message = change_device(db, device_id, changes)
        except DeviceError as exc:
            return _back(back, error=str(exc))
        return _back(back, flash=message)
