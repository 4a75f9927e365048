"""Smart home device cards: one small form per control, labelled per layout."""

from __future__ import annotations

from openlam.sandbox._html import Labels, e, field
from openlam.sandbox._world import Layout, Row
from openlam.sandbox.apps.smarthome._data import MODES

LABELS = Labels(
    {
        "overview": ("Overview", "Dashboard"),
        "scenes": ("Scenes", "Routines"),
        "history": ("History", "Activity log"),
        "vacation": ("Vacation", "Away mode"),
        "away": ("Leaving on", "Away from"),
        "back": ("Back on", "Returning"),
        "save_vacation": ("Save vacation", "Start away mode"),
        "clear_vacation": ("Cancel vacation", "End away mode"),
        "switch": ("{name}", "Power {name}"),
        "brightness": ("{name} brightness (%)", "{name} level"),
        "set_brightness": ("Set {name} brightness", "Apply {name} level"),
        "lock": ("Lock {lower}", "Secure {lower}"),
        "unlock": ("Unlock {lower}", "Release {lower}"),
        "confirm_unlock": ("Yes, unlock", "Unlock now"),
        "keep_locked": ("Keep locked", "Cancel"),
        "target": ("Target temperature (°C)", "Set point °C"),
        "mode": ("Mode", "Climate mode"),
        "save_thermostat": ("Save thermostat", "Apply climate"),
        "position": ("{name} position (%)", "{name} opening %"),
        "set_position": ("Set {name} position", "Move {name}"),
        "open": ("Open {name}", "Raise {name}"),
        "close": ("Close {name}", "Lower {name}"),
        "armed": ("{name} armed", "Arm {name}"),
        "run_scene": ("Run {name}", "Start {name}"),
        "activate": ("Activate", "Run routine"),
        "not_now": ("Cancel", "Not now"),
        "lights_on": ("Lights on", "Lit lamps"),
        "unlocked": ("Unlocked doors", "Doors not locked"),
        "open_blinds": ("Open blinds", "Blinds letting light in"),
        "climate": ("Thermostat", "Climate"),
        "favourites": ("Favourites", "Pinned devices"),
        "next": ("Older", "Next page"),
        "prev": ("Newer", "Previous page"),
    }
)

FORM_NAMES = {"target": "temperature"}
"""GUI form names that differ from the device field: a control named ``target`` would shadow
the form's own ``target`` property, which scripts (and browser automation) read."""


def label(key: str, lay: Layout, name: str = "") -> str:
    """A control's label for ``name`` in this layout (``Lock front door``)."""
    return LABELS(key, lay).format(name=name, lower=name.lower())


def card(row: Row, lay: Layout, back: str) -> str:
    """A device card: name, room, a status line filled in after a delay, and its controls."""
    controls = {
        "light": _light,
        "lock": _lock,
        "thermostat": _thermostat,
        "blinds": _blinds,
        "alarm": _alarm,
    }[row["kind"]](row, lay, back)
    return (
        f'<section class="card device {e(row["kind"])}" aria-label="{e(row["name"])}">'
        f"<h3>{e(row['name'])}</h3><p class=muted>{e(row['room'])}</p>"
        f'<p class=status data-status="{row["id"]}">Refreshing…</p>{controls}</section>'
    )


def _form(row: Row, back: str, inner: str) -> str:
    return (
        f'<form method=post action="/smarthome/devices/{row["id"]}">'
        f'<input type=hidden name=back value="{e(back)}">{inner}</form>'
    )


def _switch(row: Row, lay: Layout, back: str, *, fld: str, key: str, text: str) -> str:
    on = " checked" if row[fld] else ""
    # the hidden "off" comes first: an unticked box sends nothing, a ticked one wins as last
    inner = (
        f"<input type=hidden name={fld} value=off><label class=switch><input type=checkbox "
        f'role=switch name={fld} value=on aria-label="{e(label(key, lay, row["name"]))}"{on} '
        f'onchange="this.form.submit()"> {e(text)}</label>'
    )
    return _form(row, back, inner)


def _light(row: Row, lay: Layout, back: str) -> str:
    name = row["name"]
    ident = f"brightness-{row['id']}"
    level = _form(
        row,
        back,
        "<div class=row>"
        + field(
            label("brightness", lay, row["name"]),
            f"<input type=number id={ident} name=brightness min=1 max=100 step=1 "
            f'value="{row["brightness"]}">',
            ident,
        )
        + f'<div><button class=secondary aria-label="{e(label("set_brightness", lay, name))}">'
        f"Set</button></div></div>",
    )
    return _switch(row, lay, back, fld="power", key="switch", text="On") + level


def _lock(row: Row, lay: Layout, back: str) -> str:
    if not row["locked"]:
        return _form(
            row,
            back,
            f"<input type=hidden name=locked value=on><button>"
            f"{e(label('lock', lay, row['name']))}</button>",
        )
    dialog = f"unlock-{row['id']}"
    confirm = _form(
        row,
        back,
        f"<input type=hidden name=locked value=off><button class=danger>"
        f"{e(label('confirm_unlock', lay))}</button> <button type=button class=secondary "
        f"onclick=\"this.closest('dialog').close()\">{e(label('keep_locked', lay))}</button>",
    )
    return (
        f"<button class=secondary onclick=\"document.getElementById('{dialog}').showModal()\">"
        f"{e(label('unlock', lay, row['name']))}</button>"
        f"<dialog id={dialog}><h3>Unlock {e(row['name'].lower())}?</h3>"
        f"<p>Anyone at the door will be able to open it.</p>{confirm}</dialog>"
    )


def _thermostat(row: Row, lay: Layout, back: str) -> str:
    ident = f"target-{row['id']}"
    target = field(
        label("target", lay),
        f"<input type=number id={ident} name={FORM_NAMES['target']} min=10 max=30 "
        f'value="{row["target"]}">',
        ident,
    )
    mode = field(
        label("mode", lay),
        f"<select id=mode-{row['id']} name=mode>"
        + "".join(
            f'<option value="{m}"{" selected" if m == row["mode"] else ""}>{m.title()}</option>'
            for m in MODES
        )
        + "</select>",
        f"mode-{row['id']}",
    )
    fields = target + mode if lay == "a" else mode + target
    return _form(
        row,
        back,
        f"<p class=muted>Reading {row['current']:.1f} °C</p><div class=row>{fields}</div>"
        f"<p><button>{e(label('save_thermostat', lay))}</button></p>",
    )


def _blinds(row: Row, lay: Layout, back: str) -> str:
    name = row["name"]
    quick = "".join(
        _form(
            row,
            back,
            f"<input type=hidden name=position value={value}><button class=secondary>"
            f"{e(label(key, lay, name))}</button>",
        )
        for key, value in (("open", 100), ("close", 0))
    )
    ident = f"position-{row['id']}"
    exact = _form(
        row,
        back,
        "<div class=row>"
        + field(
            label("position", lay, name),
            f'<input type=number id={ident} name=position min=0 max=100 value="{row["position"]}">',
            ident,
        )
        + f'<div><button aria-label="{e(label("set_position", lay, name))}">Set</button></div>'
        "</div>",
    )
    return f"<div class=row>{quick}</div>{exact}"


def _alarm(row: Row, lay: Layout, back: str) -> str:
    return _switch(row, lay, back, fld="armed", key="armed", text="Armed") + (
        f"<p class=muted>Battery {row['battery']} %</p>"
    )
