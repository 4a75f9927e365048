"""Calendar page parts: wording per layout, the month grid, the week table, forms, rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from openlam.sandbox._html import Labels, e, field, options
from openlam.sandbox._world import Layout, Row
from openlam.sandbox.apps.calendar._data import TIMES, TODAY, day_words

LABELS = Labels(
    {
        "month": ("Month", "Month view"),
        "week": ("Week", "Week view"),
        "day": ("Day", "Agenda"),
        "invitations": ("Invitations", "Invites"),
        "search_tab": ("Search", "Find"),
        "new_event": ("New event", "Add event"),
        "search_field": ("Search events", "Find in calendar"),
        "search": ("Search", "Find"),
        "jump": ("Go to date", "Jump to day"),
        "show_day": ("Show day", "Open day"),
        "title": ("Title", "Event name"),
        "date": ("Date", "Day"),
        "start": ("Starts", "From"),
        "end": ("Ends", "Until"),
        "location": ("Location", "Where"),
        "attendees": ("Attendees (comma-separated)", "Guests, separated by commas"),
        "notes": ("Notes", "Description"),
        "create": ("Create event", "Save to calendar"),
        "save": ("Save changes", "Update event"),
        "edit": ("Edit event", "Change event"),
        "delete": ("Delete event", "Remove event"),
        "confirm_delete": ("Yes, delete event", "Remove it"),
        "keep": ("Keep event", "Go back"),
        "add_name": ("Add attendee", "Invite someone"),
        "add": ("Add", "Send invite"),
        "accept": ("Accept {title} from {organizer}", "Join {title} by {organizer}"),
        "decline": ("Decline {title} from {organizer}", "Skip {title} by {organizer}"),
        "accept_short": ("Accept", "Join"),
        "decline_short": ("Decline", "Skip"),
        "count": ("Events this day", "Planned items"),
        "clear": ("Delete all events on this day", "Clear this day"),
        "confirm_clear": ("Yes, delete all", "Clear everything"),
        "prev_month": ("Previous month", "Earlier"),
        "next_month": ("Next month", "Later"),
        "prev_week": ("Previous week", "Earlier week"),
        "next_week": ("Next week", "Later week"),
    }
)
CSS = """<style>
.tabs { border-bottom: 1px solid #d5dbe1; padding-bottom: 8px; margin-bottom: 14px; }
.tabs a[aria-selected=true] { font-weight: 700; text-decoration: underline; }
table.month td { vertical-align: top; height: 64px; width: 14%; border: 1px solid #e1e5ea;
  font-size: 12px; padding: 4px; }
table.month ul, table.week ul { list-style: none; padding: 0; margin: 2px 0; }
table.week td { vertical-align: top; border: 1px solid #e1e5ea; font-size: 13px; }
.toolbar { display: flex; gap: 24px; flex-wrap: wrap; align-items: flex-end; }
.toolbar input { min-width: 160px; }
</style>"""


def tabs(lay: Layout, current: str, pending: int) -> str:
    """The view tabs; the invitations tab shows how many wait for an answer."""
    items = [
        (LABELS("month", lay), "/calendar/"),
        (LABELS("week", lay), "/calendar/week"),
        (LABELS("day", lay), f"/calendar/day/{TODAY.isoformat()}"),
        (f"{LABELS('invitations', lay)} ({pending})", "/calendar/invitations"),
        (LABELS("search_tab", lay), "/calendar/search"),
    ]
    if lay == "b":
        items[0], items[1] = items[1], items[0]
    links = "".join(
        f'<a role=tab href="{e(href)}" aria-selected="{str(href == current).lower()}">{e(text)}</a>'
        for text, href in items
    )
    return f'<nav class=tabs role=tablist aria-label="Calendar views">{links}</nav>'


def toolbar(lay: Layout, q: str = "") -> str:
    """Search and jump-to-date forms shown above the month and week views."""
    search = (
        "<form method=get action='/calendar/search' role=search><div class=row>"
        + field(
            LABELS("search_field", lay),
            f'<input type=search id=q name=q value="{e(q)}">',
            "q",
        )
        + f"<div><button>{e(LABELS('search', lay))}</button></div></div></form>"
    )
    jump = (
        "<form method=get action='/calendar/jump'><div class=row>"
        + field(LABELS("jump", lay), "<input type=date id=jump name=date>", "jump")
        + f"<div><button class=secondary>{e(LABELS('show_day', lay))}</button></div></div></form>"
    )
    parts = search + jump if lay == "a" else jump + search
    return f"<div class=toolbar>{parts}</div>"


def when(row: Row) -> str:
    """``09:00–10:00``."""
    return f"{row['start']}–{row['end']}"


def month_grid(year: int, month: int, by_day: dict[str, list[Row]]) -> str:
    """A Monday-first month table; each day links to its day view and lists its events."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    head = "".join(f"<th>{d}</th>" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    rows, day = [], start
    while day.month == month or day < first:
        cells = []
        for _ in range(7):
            iso = day.isoformat()
            if day.month != month:
                cells.append("<td></td>")
            else:
                items = by_day.get(iso, [])
                shown = "".join(
                    f'<li><a href="/calendar/event/{r["id"]}">{e(r["title"])}</a></li>'
                    for r in items[:2]
                )
                more = f"<span class=muted>+{len(items) - 2} more</span>" if len(items) > 2 else ""
                cells.append(
                    f'<td><a href="/calendar/day/{iso}" aria-label="{e(day_words(iso))}">'
                    f"{day.day}</a><ul>{shown}</ul>{more}</td>"
                )
            day += timedelta(days=1)
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table class=month><tr>{head}</tr>{''.join(rows)}</table>"


def week_table(start: date, by_day: dict[str, list[Row]]) -> str:
    """Seven columns from ``start``, each listing its events with their times."""
    days = [start + timedelta(days=i) for i in range(7)]
    head = "".join(
        f'<th><a href="/calendar/day/{d.isoformat()}">{d:%a} {d.day} {d:%b}</a></th>' for d in days
    )
    cells = "".join(
        "<td><ul>"
        + "".join(
            f'<li>{e(r["start"])} <a href="/calendar/event/{r["id"]}">{e(r["title"])}</a></li>'
            for r in by_day.get(d.isoformat(), [])
        )
        + "</ul></td>"
        for d in days
    )
    return f"<table class=week><tr>{head}</tr><tr>{cells}</tr></table>"


def event_form(
    lay: Layout, action: str, values: Row, submit: str, *, attendees: bool = False
) -> str:
    """The create / edit form, filled with ``values`` (attendees only when creating)."""
    v: dict[str, Any] = dict(values)

    def text(key: str, kind: str = "text") -> str:
        control = f'<input type={kind} id={key} name={key} value="{e(v.get(key, ""))}">'
        return field(LABELS(key, lay), control, key)

    def time(key: str) -> str:
        control = (
            f"<select id={key} name={key}>"
            f"{options(TIMES, str(v.get(key, '')), 'Choose a time')}</select>"
        )
        return field(LABELS(key, lay), control, key)

    when_fields = text("date", "date") + time("start") + time("end")
    what = text("title") + text("location")
    people = text("attendees") if attendees else ""
    notes = field(
        LABELS("notes", lay),
        f"<textarea id=notes name=notes>{e(v.get('notes', ''))}</textarea>",
        "notes",
    )
    blocks = [f"<div class=row>{what}</div>", f"<div class=row>{when_fields}</div>"]
    if lay == "b":
        blocks.reverse()
    return (
        f'<form method=post action="{e(action)}">{"".join(blocks)}{people}{notes}'
        f"<p><button>{e(submit)}</button></p></form>"
    )


def day_rows(rows: list[Row]) -> str:
    """The events of a day as table rows: time, title, location, attendees."""
    out = []
    for r in rows:
        people = ", ".join(a["name"] for a in r["attendees"])
        out.append(
            f"<tr><td>{e(when(r))}</td><td><a href='/calendar/event/{r['id']}'>"
            f"{e(r['title'])}</a></td><td>{e(r['location'])}</td>"
            f"<td>{'with ' + e(people) if people else ''}</td></tr>"
        )
    return "<table><tr><th>Time</th><th>Event</th><th>Location</th><th>People</th></tr>" + (
        "".join(out) + "</table>"
    )


def dialog(ident: str, question: str, action: str, yes: str, no: str) -> str:
    """A confirmation modal that posts to ``action``."""
    return (
        f"<dialog id={ident}><p>{e(question)}</p><form method=post action='{e(action)}'>"
        f"<button class=danger>{e(yes)}</button> <button type=button class=secondary "
        f"onclick=\"this.closest('dialog').close()\">{e(no)}</button></form></dialog>"
    )


def opener(ident: str, text: str, css: str = "danger") -> str:
    """A button that opens the modal ``ident``."""
    return (
        f"<button class={css} onclick=\"document.getElementById('{ident}').showModal()\">"
        f"{e(text)}</button>"
    )
