"""Experts for the MiniWoB++ form and widget tasks: lists, menus, tabs, dates, sliders, forms.

Each expert reads only what a model reads (the intent, the indexed elements, the page text and
the steps so far) and answers one JSON action per step. Most are stateless: the page shows how
far the task has come, so the next action follows from the current observation alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openlam.actions import Element, PressKey
from openlam.evaluation.miniwob._expert import expert
from openlam.models import Context

Action = dict[str, Any]


# ---- reading the observation ---------------------------------------------------------------


def _elements(context: Context, *roles: str) -> list[Element]:
    """The observed elements with one of ``roles`` (all of them when none is given)."""
    return [e for e in context.observation.elements if not roles or e.role in roles]


def _named(context: Context, name: str, *roles: str) -> Element | None:
    """The first element with exactly this name (ignoring case and spacing), if any."""
    wanted = " ".join(name.split()).casefold()
    for element in _elements(context, *roles):
        if " ".join(element.name.split()).casefold() == wanted:
            return element
    return None


def _button(context: Context, *names: str) -> Element | None:
    """A button-like element named one of ``names``."""
    for name in names:
        found = _named(context, name, "button", "div", "span", "link")
        if found is not None:
            return found
    return None


def _match(pattern: str, text: str) -> re.Match[str]:
    """``pattern`` searched in ``text``; a miss means the task changed its wording."""
    found = re.search(pattern, text)
    if found is None:
        raise ValueError(f"unexpected MiniWoB instruction {text!r}")
    return found


def _presses(context: Context, keys: Iterable[str]) -> int:
    """How many of the steps so far pressed one of ``keys``."""
    wanted = set(keys)
    return sum(
        1 for s in context.history if isinstance(s.action, PressKey) and s.action.key in wanted
    )


def _click(element: Element) -> Action:
    return {"action": "click", "element": element.index}


def _type(element: Element, text: str) -> Action:
    return {"action": "type", "element": element.index, "text": text}


def _press(key: str) -> Action:
    return {"action": "press", "key": key}


def _wait() -> Action:
    """Let an animation or a delayed widget finish."""
    return {"action": "wait", "seconds": 0.5}


def _finish() -> Action:
    """What an expert answers when the page offers nothing left to do."""
    return {"action": "finish", "answer": "done"}


def _submit(context: Context, *names: str) -> Action:
    """Click the submit button (``Submit`` unless other names are given)."""
    button = _button(context, *(names or ("Submit",)))
    return _click(button) if button is not None else _finish()


# ---- lists, menus, tabs, collapsibles ------------------------------------------------------


@expert("choose-list")
class ChooseList:
    """Pick the named entry in the dropdown, then submit."""

    def next_action(self, context: Context) -> Action:
        """Select the entry unless the dropdown already shows it; then click Submit."""
        wanted = _match(r"Select (.+) from the list", context.intent).group(1)
        dropdown = _elements(context, "combobox")[0]
        if dropdown.value != wanted:
            return {"action": "select", "element": dropdown.index, "option": wanted}
        return _submit(context)


@expert("click-scroll-list")
class ClickScrollList:
    """Choose every named entry of the multiple-choice list, then submit."""

    def next_action(self, context: Context) -> Action:
        """Add the first named entry not yet chosen; then click Submit."""
        names = _match(r"Select (.+) from the scroll list", context.intent).group(1)
        listbox = _elements(context, "listbox")[0]
        # entries may contain commas themselves ("Korea, Republic of"): match the known options
        wanted = [o for o in listbox.options if o in names.split(", ") or o == names]
        chosen = set(listbox.value.split(", ")) if listbox.value else set()
        for option in wanted:
            if option not in chosen:
                return {"action": "select", "element": listbox.index, "option": option}
        return _submit(context)


@expert("click-collapsible")
class ClickCollapsible:
    """Open the collapsed section, then submit."""

    def next_action(self, context: Context) -> Action:
        """Click a collapsed section header, or Submit once it is open."""
        for header in _elements(context, "tab"):
            if header.name.startswith("Section") and "collapsed" in header.states:
                return _click(header)
        return _submit(context)


@expert("click-menu")
class ClickMenu:
    """Walk the menu path with the keyboard (a click on a parent item would select it)."""

    def next_action(self, context: Context) -> Action:
        """Tab into the menu, move to the next item of the path, open it or choose it."""
        path = _match(r"Select (.+)$", context.intent).group(1).split(">")
        items = _elements(context, "menuitem")
        focused = next((e for e in items if "focused" in e.states), None)
        if focused is None:
            return _press("Tab")
        level = min(_presses(context, ["ArrowRight"]), len(path) - 1)
        target = next((e for e in items if e.name == path[level]), None)
        if target is None or focused.index == target.index:
            return _press("Enter" if level == len(path) - 1 else "ArrowRight")
        return _press("ArrowDown" if target.index > focused.index else "ArrowUp")


@expert("click-tab")
class ClickTab:
    """Click the named tab."""

    def next_action(self, context: Context) -> Action:
        """Click the tab's link."""
        name = _match(r"Click on (Tab #\d+)", context.intent).group(1)
        tab = _named(context, name, "link") or _named(context, name, "tab")
        return _click(tab) if tab is not None else _finish()


@expert("click-tab-2")
class ClickTab2:
    """Look through the tabs for the named link and click it."""

    def next_action(self, context: Context) -> Action:
        """Click the link when the open tab shows it, else open the next tab."""
        word = _match(r'click on the link "(.+)"', context.intent).group(1)
        for element in _elements(context):
            if element.role not in ("tab", "link") and element.name == word:
                return _click(element)
        tabs = _elements(context, "tab")
        current = next((i for i, t in enumerate(tabs) if "selected" in t.states), 0)
        following = tabs[(current + 1) % len(tabs)]
        link = _named(context, following.name, "link")
        return _click(link or following)


# ---- dates and numbers ---------------------------------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@expert("choose-date", "choose-date-easy", "choose-date-medium")
class ChooseDate:
    """Open the date picker, page to the month, click the day, submit."""

    def next_action(self, context: Context) -> Action:
        """One step towards the date: open, page month by month, pick the day, submit."""
        date = _match(r"Select (\d\d/\d\d/\d{4})", context.intent).group(1)
        field = _elements(context, "textbox")[0]
        if field.value != date:
            return _pick_date(context, field, date)
        # the picker fades out over the Submit button for a moment
        submit = _button(context, "Submit")
        return _click(submit) if submit else _wait()


def _shown_month(context: Context) -> tuple[int, int] | None:
    """Year and month (1-12) an open date picker shows, from its "October 2016" title."""
    shown = re.search(rf"\b({'|'.join(_MONTHS)}) (\d{{4}})\b", context.observation.text)
    return (int(shown[2]), _MONTHS.index(shown[1]) + 1) if shown else None


def _pick_date(context: Context, field: Element | None, date: str) -> Action:
    """The next step of choosing ``date`` (MM/DD/YYYY) in a jQuery UI date picker on ``field``:
    open it, page month by month (PageUp / PageDown in the focused field), click the day."""
    month, day, year = (int(part) for part in date.split("/"))
    shown = _shown_month(context)
    if shown is None:  # the picker is closed
        return _click(field) if field is not None else _wait()
    months_away = (year - shown[0]) * 12 + month - shown[1]
    if months_away:
        return _press("PageDown" if months_away > 0 else "PageUp")
    link = _named(context, str(day), "link")
    return _click(link) if link is not None else _finish()


@expert("enter-date")
class EnterDate:
    """Type the date into the date field (which takes ``YYYY-MM-DD``), then submit."""

    def next_action(self, context: Context) -> Action:
        """Fill the date field, then click Submit."""
        month, day, year = _match(r"(\d\d)/(\d\d)/(\d{4})", context.intent).groups()
        field = next(e for e in _elements(context, "textbox") if "date" in e.states)
        iso = f"{year}-{month}-{day}"
        if field.value != iso:
            return _type(field, iso)
        return _submit(context)


@expert("use-spinner")
class UseSpinner:
    """Type the number into the spinner, then submit."""

    def next_action(self, context: Context) -> Action:
        """Fill the spinner, then click Submit."""
        number = _match(r"Select (-?\d+) with the spinner", context.intent).group(1)
        spinner = _elements(context, "spinbutton", "textbox")[0]
        if spinner.value != number:
            return _type(spinner, number)
        return _submit(context)


# ---- forms ---------------------------------------------------------------------------------


@expert("sign-agreement")
class SignAgreement:
    """Cancel at once, or scroll the agreement to its end, sign it and press the named button."""

    def next_action(self, context: Context) -> Action:
        """Scroll while the name field is disabled, type the name, press the button."""
        if context.intent.startswith("Click the cancel button"):
            return _submit(context, "Cancel")
        found = _match(r'enter the name "(.+)" then press "(\w+)"', context.intent)
        name, button = found.groups()
        agreement, field = _elements(context, "textbox")[:2]
        if "disabled" in field.states:
            return {"action": "scroll", "direction": "down", "element": agreement.index}
        if field.value != name:
            return _type(field, name)
        return _submit(context, button)


_ORDINALS = {"1st": 0, "2nd": 1, "3rd": 2}


@expert("form-sequence-2")
class FormSequence2:
    """Check the n-th radio button, type the number into the m-th textbox, submit."""

    def next_action(self, context: Context) -> Action:
        """Radio first, then the textbox, then Submit."""
        found = _match(
            r'Check the (\w+) radio button and enter the number "(-?\d+)" into the (\w+)',
            context.intent,
        )
        radio = _elements(context, "radio")[_ORDINALS[found[1]]]
        field = _elements(context, "textbox")[_ORDINALS[found[3]]]
        if "checked" not in radio.states:
            return _click(radio)
        if field.value != found[2]:
            return _type(field, found[2])
        return _submit(context)


_FIELD_WORDS = {"genre": "genre", "director": "director", "year": "year", "released": "year"}


@expert("multi-layouts")
class MultiLayouts:
    """Fill genre, director and year into whichever layout the page uses, then submit."""

    def next_action(self, context: Context) -> Action:
        """Fill the first field that does not hold its value yet, then click the button."""
        found = _match(r"Search for (.+) movies directed by (.+) from year (\d+)", context.intent)
        wanted = {"genre": found[1], "director": found[2], "year": found[3]}
        fields = _elements(context, "textbox")
        for field, kind in zip(fields, _field_kinds(fields), strict=True):
            if kind is not None and field.value != wanted[kind]:
                return _type(field, wanted[kind])
        buttons = [e for e in _elements(context) if e.role != "textbox"]
        return _click(buttons[-1]) if buttons else _finish()


def _field_kinds(fields: list[Element]) -> list[str | None]:
    """What each text field asks for, read from the label shown with it.

    One layout puts each label after its field, so every field shows the label of the field
    before it and the first one shows stray text: shift the labels back by one then, and the
    last field takes the kind no other field has.
    """
    kinds = [_kind(f.name) for f in fields]
    if kinds and kinds[0] is None and all(kinds[1:]):
        kinds = kinds[1:]
        rest = [k for k in ("genre", "director", "year") if k not in kinds]
        kinds.append(rest[0] if len(rest) == 1 else None)
    return kinds


def _kind(label: str) -> str | None:
    words = label.casefold().split()
    return next((_FIELD_WORDS[w] for w in words if w in _FIELD_WORDS), None)


@expert("form-sequence")
class FormSequence:
    """Set the slider with the keyboard, check the n-th checkbox, submit.

    The slider shows its value only as nearby text, so the expert counts its own key presses:
    Home moves the handle to the minimum (-10), PageUp adds 4 and ArrowRight adds 1.
    """

    def next_action(self, context: Context) -> Action:
        """Focus the handle, Home, PageUp/ArrowRight up to the value, checkbox, Submit."""
        found = _match(r"Select (-?\d+) with the slider, click the (\w+) checkbox", context.intent)
        target, box = int(found[1]), _elements(context, "checkbox")[_ORDINALS[found[2]]]
        if not _presses(context, ["Home"]):
            handle = next((e for e in _elements(context) if "slider" in e.name), None)
            if handle is not None and "focused" not in handle.states:
                return _click(handle)
            return _press("Home")
        value = -10 + 4 * _presses(context, ["PageUp"]) + _presses(context, ["ArrowRight"])
        if value + 4 <= target:
            return _press("PageUp")
        if value < target:
            return _press("ArrowRight")
        if "checked" not in box.states:
            return _click(box)
        return _submit(context)


# The example on the right is a picture of the digit: the expert knows the 4x7 font it shows
# (rows top to bottom, "#" = checked), as a person reads the picture.
_DIGITS = (
    ".##. #..# #..# #..# #..# #..# .##.",
    "..#. .##. ..#. ..#. ..#. ..#. ..#.",
    ".##. #..# #..# ..#. .#.. #... ####",
    ".##. #..# ...# .##. ...# #..# .##.",
    "#... #.#. #.#. #### ..#. ..#. ..#.",
    "#### #... #... ###. ...# #..# .##.",
    ".##. #..# #... ###. #..# #..# .##.",
    "#### #..# ...# ..#. ..#. .#.. .#..",
    ".##. #..# #..# .##. #..# #..# .##.",
    ".##. #..# #..# .### ...# #..# .##.",
)


@expert("number-checkboxes")
class NumberCheckboxes:
    """Draw the digit in the 4x7 grid of checkboxes, then submit."""

    def next_action(self, context: Context) -> Action:
        """Toggle the first checkbox that differs from the digit's pattern; then Submit."""
        digit = int(_match(r'Draw the number "(\d)"', context.intent).group(1))
        pattern = _DIGITS[digit].replace(" ", "")
        boxes = [e for e in _elements(context, "checkbox") if "disabled" not in e.states]
        for box, cell in zip(boxes, pattern, strict=False):
            if ("checked" in box.states) != (cell == "#"):
                return _click(box)
        return _submit(context)


_AIRPORT = re.compile(r"^(.+) \(([A-Z]{3})\)$")


@expert("book-flight")
class BookFlight:
    """Fill origin and destination through their autocomplete, pick the date, search, and book
    the cheapest or shortest flight of the results."""

    def next_action(self, context: Context) -> Action:
        """One step of: From, To, date, Search, then the flight's Book button."""
        found = _match(
            r"Book the (cheapest|shortest) one-way flight from: (.+) to: (.+) on (\S+)\.$",
            context.intent,
        )
        goal, origin, destination, date = found.groups()
        books = [e for e in _elements(context, "button") if e.name.startswith("Book flight")]
        if books:
            return _click(_best_flight(context, books, goal))
        fields = {e.name: e for e in _elements(context, "textbox")}
        for name, place in (("From", origin), ("To", destination)):
            if name in fields and not _airport_matches(fields[name].value, place):
                return _fill_airport(context, fields[name], place)
        when = fields.get("Departure Date")
        # a tall month of the picker covers the date field itself
        if (when.value != date) if when is not None else _shown_month(context) is not None:
            return _pick_date(context, when, date)
        search = _button(context, "Search")
        return _click(search) if search else _wait()


def _airport_matches(value: str | None, place: str) -> bool:
    """Whether a field holds the full airport entry for ``place`` (a city or a code)."""
    entry = _AIRPORT.match(value or "")
    return entry is not None and place in (entry[1], entry[2])


def _fill_airport(context: Context, field: Element, place: str) -> Action:
    """Type the place, then click its entry in the autocomplete list when it shows."""
    if field.value != place:
        return _type(field, place)
    for item in _elements(context):
        if item.index != field.index and _airport_matches(item.name, place):
            return _click(item)
    return _wait()


def _best_flight(context: Context, books: list[Element], goal: str) -> Element:
    """The Book button of the cheapest flight (price in its name) or of the shortest one
    (the n-th "Duration" in the text belongs to the n-th flight)."""
    if goal == "cheapest":
        return min(books, key=lambda e: int(re.sub(r"\D", "", e.name)))
    durations = [
        int(h) * 60 + int(m)
        for h, m in re.findall(r"Duration:?\s*(\d+)h (\d+)m", context.observation.text)
    ]
    best = min(range(len(durations)), key=durations.__getitem__) if durations else 0
    return books[min(best, len(books) - 1)]


_FOOD_TYPES = frozenset({"dairy", "gluten-free", "meat", "peanuts", "vegan"})


@expert("order-food")
class OrderFood:
    """Add the named dishes (or enough dishes of one kind) with their "+" buttons, then order.

    The page text lists each dish as its name, a line of kinds (from the pictures' labels) and,
    once ordered, its quantity; the n-th "+" button belongs to the n-th dish. The dishes are
    chosen on the first page, where the whole menu shows, and the order is complete before the
    expert scrolls down to the button.
    """

    def __init__(self) -> None:
        self._wanted: dict[str, int] | None = None
        self._complete = False
        self._clicked: tuple[str, int] | None = None  # dish and its quantity at the last click
        self._waits = 0  # waits since that click: clicking again too soon would order twice

    def next_action(self, context: Context) -> Action:
        """Click the "+" of a dish still short of its quantity; then scroll to Order! and click."""
        menu = _menu(context.observation.text)
        if not menu and not self._complete:  # the menu has not rendered yet
            return _wait()
        if self._wanted is None:
            self._wanted = _food_order(context.intent, menu)
        adds = [e for e in _elements(context) if e.name == "+"]
        for position, (name, _, quantity) in enumerate(menu):
            if not self._complete and quantity < self._wanted.get(name, 0):
                if len(adds) != len(menu):  # some dishes are scrolled out of view
                    return {"action": "scroll", "direction": "up"}
                if self._clicked == (name, quantity) and self._waits < 3:
                    self._waits += 1  # the page has not counted the click yet (a slow machine)
                    return _wait()
                self._clicked, self._waits = (name, quantity), 0
                return _click(adds[position])
        self._complete = True
        order = _button(context, "Order!")
        return _click(order) if order else {"action": "scroll", "direction": "down"}


def _menu(text: str) -> list[tuple[str, frozenset[str], int]]:
    """The dishes in the page text: name, kinds and quantity ordered so far."""
    lines = text.splitlines()
    dishes = []
    for i in range(1, len(lines)):
        kinds = frozenset(lines[i].split())
        if kinds and kinds <= _FOOD_TYPES:
            after = lines[i + 1] if i + 1 < len(lines) else ""
            dishes.append((lines[i - 1], kinds, int(after) if after.isdigit() else 0))
    return dishes


def _food_order(intent: str, menu: list[tuple[str, frozenset[str], int]]) -> dict[str, int]:
    """Dish name → quantity wanted: one of each named dish, or N of the first dish of a kind."""
    by_kind = re.search(r"Order (\d+) items that are (\S+)", intent)
    if by_kind is None:
        names = _match(r"Order one of each item: (.+)$", intent).group(1)
        return {name.strip(): 1 for name in names.split(",")}
    count, kind = int(by_kind[1]), by_kind[2]
    first = next((name for name, kinds, _ in menu if kind in kinds), "")
    return {first: count}
