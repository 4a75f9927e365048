"""SkyWay's wording per layout, page rendering and the HTML pieces several pages share."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from openlam.sandbox._html import Labels, e, field, page
from openlam.sandbox._world import World
from openlam.sandbox.apps.flights._data import AIRPORTS, CITY, PERSON, POSITION, SPEC

LABELS = Labels(
    {
        "origin": ("From", "Leaving from"),
        "destination": ("To", "Going to"),
        "date": ("Departure date", "Travel date"),
        "pax": ("Passengers", "Travellers"),
        "stops": ("Stops", "Connections"),
        "any_stops": ("Any number of stops", "All flights"),
        "direct_only": ("Direct flights only", "Non-stop only"),
        "search": ("Search flights", "Find flights"),
        "sort": ("Sort by", "Order results"),
        "by_price": ("Lowest price", "Price"),
        "by_time": ("Earliest departure", "Departure time"),
        "apply": ("Apply", "Re-sort"),
        "found": ("Flights found", "Matching flights"),
        "next": ("Next page", "More flights"),
        "prev": ("Previous page", "Earlier results"),
        "choose": ("Select", "Book"),
        "first": ("First name", "Given name"),
        "last": ("Last name", "Family name"),
        "email": ("Email", "Email address"),
        "to_seats": ("Continue to seats", "Next: choose seats"),
        "to_pay": ("Continue to payment", "Go to checkout"),
        "card": ("Card number", "Card no."),
        "expiry": ("Expiry date (MM/YY)", "Valid until (MM/YY)"),
        "cvc": ("CVC", "Security code"),
        "pay": ("Pay now", "Complete purchase"),
        "trips": ("My trips", "Bookings"),
        "upcoming": ("Upcoming", "Active trips"),
        "cancelled": ("Cancelled", "Cancelled trips"),
        "manage": ("Manage", "Details"),
        "cancel": ("Cancel trip", "Cancel booking"),
        "confirm_cancel": ("Yes, cancel trip", "Confirm cancellation"),
        "keep": ("Keep trip", "Go back"),
        "change_seat": ("Change seat", "Pick another seat"),
        "bags": ("Extra checked bags", "Additional bags"),
        "add_bags": ("Add bags", "Buy bags"),
        "back": ("Back to booking", "Return to trip"),
    }
)

_CSS = """
.flight { display: flex; justify-content: space-between; align-items: center; gap: 12px;
  padding: 8px 14px; margin: 8px 0; }
.flight .when { font-size: 16px; font-weight: 600; }
.fares { display: flex; gap: 8px; }
.fares button { min-width: 96px; line-height: 1.3; padding: 5px 10px; }
.cols { display: flex; gap: 28px; align-items: flex-start; }
.cols > form, .cols > .main { flex: 2; }
.cols > aside { flex: 1; background: rgba(0,0,0,.03); padding: 10px 14px; border-radius: 6px; }
fieldset { border: 1px solid #d5dbe1; border-radius: 6px; margin: 6px 0; padding: 2px 12px 10px; }
fieldset label { margin-top: 6px; }
.seatmap { display: inline-block; padding: 6px 14px; border: 1px solid #d5dbe1;
  border-radius: 18px 18px 6px 6px; }
.seatrow { display: flex; gap: 5px; align-items: center; margin: 3px 0; }
.seatrow .rowno { width: 22px; text-align: right; margin-right: 6px; font-size: 12px; }
.seatrow .aisle { width: 18px; }
button.seat { width: 34px; height: 28px; padding: 0; border-radius: 5px; font-size: 12px; }
button.seat.taken { background: #c9cdd2; color: #7a8088; cursor: not-allowed; }
button.seat.mine { background: #2e8b57; }
.notice { color: #1f5f99; font-size: 13px; }
.tabs { border-bottom: 1px solid #d5dbe1; padding-bottom: 6px; }
.tabs a[aria-selected=true] { font-weight: 700; }
"""


def render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    """A SkyWay page in the chrome of the world's current layout."""
    lay = world.layout
    nav = [("Flights", "/flights/"), (LABELS("trips", lay), "/flights/trips")]
    signed_in = f"<p class=muted>Signed in as {e(PERSON[0])} {e(PERSON[1])}</p>"
    html = page(
        app_title=SPEC.title,
        title=title,
        body=f"<style>{_CSS}</style>{signed_in}{body}",
        layout=lay,
        nav=nav,
        current=current,
        script=script,
    )
    return HTMLResponse(html)


def airport(code: str) -> str:
    """``London (LHR)``: how airports appear in dropdowns and summaries."""
    return f"{CITY.get(code, code)} ({code})"


def duration(minutes: int) -> str:
    """``2h 25m``."""
    return f"{minutes // 60}h {minutes % 60:02d}m"


def stops_text(flight: dict[str, Any]) -> str:
    """``Direct`` or ``1 stop via Frankfurt (FRA)``."""
    return "Direct" if not flight["stops"] else f"1 stop via {airport(flight['via'])}"


def seat_text(seat: str) -> str:
    """``Seat 12A, window``: the accessible name of a seat (taken or not)."""
    return f"Seat {seat}, {POSITION[seat[-1]]}"


def airport_select(ident: str, label: str, selected: str) -> str:
    """A labelled dropdown of every airport."""
    opts = "".join(
        f'<option value="{code}"{" selected" if code == selected else ""}>{e(airport(code))}'
        "</option>"
        for code, _, _ in AIRPORTS
    )
    control = f'<select id={ident} name={ident}><option value="">Choose an airport</option>{opts}'
    return field(label, control + "</select>", ident)


def flight_summary(flight: dict[str, Any]) -> str:
    """A short table describing one flight."""
    rows = (
        ("Flight", flight["number"]),
        ("Route", f"{airport(flight['origin'])} → {airport(flight['destination'])}"),
        ("Date", flight["date"]),
        ("Departs", flight["depart"]),
        ("Arrives", flight["arrive"]),
        ("Duration", duration(flight["minutes"])),
        ("Stops", stops_text(flight)),
    )
    return (
        "<table>" + "".join(f"<tr><th>{k}</th><td>{e(v)}</td></tr>" for k, v in rows) + "</table>"
    )


def flash(text: str, error: bool = False) -> str:
    """A success (or error) message box, empty for no text."""
    if not text:
        return ""
    return f"<p class={'error' if error else 'flash'} role=status>{e(text)}</p>"


LATER_JS = """setTimeout(() => {
  for (const box of document.querySelectorAll('[data-later]')) {
    const t = document.getElementById(box.dataset.later);
    if (t) box.replaceChildren(t.content.cloneNode(true));
  }
}, 300);"""
"""Fills every ``later()`` box 300 ms after the page loads (prices and fare rules "arrive")."""


def later(ident: str, placeholder: str, content: str, cls: str = "") -> str:
    """A box showing ``placeholder`` until ``LATER_JS`` swaps in ``content``."""
    return (
        f'<div id="{ident}" class="{cls}" data-later="{ident}-t">{e(placeholder)}</div>'
        f'<template id="{ident}-t">{content}</template>'
    )
