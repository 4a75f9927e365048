"""Experts for the basic MiniWoB++ tasks: buttons, links, checkboxes, dialogs and text fields.

Each reads the utterance (``context.intent``) and the indexed elements of the current
observation, and remembers within its episode what it already did (a password field never shows
its value, so "typed" cannot be read back from the page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from openlam.actions import Element, Observation
from openlam.evaluation.miniwob._expert import expert
from openlam.models import Context

Action = dict[str, Any]

_ORDINALS = {"1st": 0, "2nd": 1, "3rd": 2, "4th": 3, "5th": 4}


def quoted(text: str) -> list[str]:
    """The double-quoted parts of an utterance, in order."""
    return re.findall(r'"([^"]*)"', text)


def find(
    observation: Observation,
    role: str | Iterable[str] | None = None,
    name: str | None = None,
    where: Callable[[Element], bool] | None = None,
) -> Element | None:
    """The first element with this role (or one of these roles) and exact name."""
    roles = {role} if isinstance(role, str) else set(role) if role is not None else None
    for element in observation.elements:
        if roles is not None and element.role not in roles:
            continue
        if name is not None and element.name != name:
            continue
        if where is not None and not where(element):
            continue
        return element
    return None


def click(element: Element) -> Action:
    """Click ``element``."""
    return {"action": "click", "element": element.index}


def type_into(element: Element, text: str) -> Action:
    """Replace the text of ``element`` with ``text``."""
    return {"action": "type", "element": element.index, "text": text, "submit": False}


def give_up(why: str) -> Action:
    """End the episode: the expert found nothing it can do (the reward says it failed)."""
    return {"action": "finish", "answer": f"expert stuck: {why}"}


def click_or_give_up(element: Element | None, what: str) -> Action:
    """Click ``element``, or give up naming what was missing."""
    return click(element) if element is not None else give_up(f"no {what} on the page")


def checked(element: Element) -> bool:
    """Whether a checkbox or radio button is checked."""
    return "checked" in element.states


# ---- buttons and links --------------------------------------------------------------------------


@expert("click-test")
class ClickTest:
    """Click the only button."""

    def next_action(self, context: Context) -> Action:
        """Click the button."""
        return click_or_give_up(find(context.observation, "button"), "button")


@expert("click-test-2", "click-button")
class ClickNamedButton:
    """``Click button ONE.`` / ``Click on the "no" button.``: click the button with that name."""

    def next_action(self, context: Context) -> Action:
        """Click the named button."""
        names = quoted(context.intent)
        if names:
            name = names[0]
        else:
            match = re.search(r"button (\S+?)\.?$", context.intent)
            name = match.group(1) if match else ""
        return click_or_give_up(find(context.observation, "button", name), f'button "{name}"')


@expert("click-button-sequence")
class ClickButtonSequence:
    """``Click button ONE, then click button TWO.``: the buttons in the order named."""

    def __init__(self) -> None:
        self._clicked = 0

    def next_action(self, context: Context) -> Action:
        """Click the next button of the sequence."""
        order = re.findall(r"button (\w+)", context.intent)
        if self._clicked >= len(order):
            return give_up("every button of the sequence is clicked")
        name = order[self._clicked]
        self._clicked += 1
        return click_or_give_up(find(context.observation, "button", name), f'button "{name}"')


@expert("click-link")
class ClickLink:
    """``Click on the link "blandit".``: click the element whose text is that word."""

    def next_action(self, context: Context) -> Action:
        """Click the link."""
        word = (quoted(context.intent) or [""])[0]
        target = find(context.observation, name=word) or find(
            context.observation, where=lambda e: e.name.strip(".,;:!?") == word
        )
        return click_or_give_up(target, f'link "{word}"')


@expert("click-dialog", "click-dialog-2")
class ClickDialogButton:
    """Close a dialog by its "x" (a button named Close), or click its named button."""

    def next_action(self, context: Context) -> Action:
        """Click the button the utterance names."""
        label = (quoted(context.intent) or ["x"])[-1]
        name = "Close" if label.lower() in ("x", "close") else label
        return click_or_give_up(find(context.observation, "button", name), f'button "{name}"')


_WIDGET_TEST: dict[str, Callable[[Element], bool]] = {
    "button": lambda e: e.role == "button",
    "checkbox": lambda e: e.role == "checkbox",
    "radio": lambda e: e.role == "radio",
    "text": lambda e: e.role == "textbox" and "multiline" not in e.states,
    "textarea": lambda e: e.role == "textbox" and "multiline" in e.states,
}


@expert("click-widget")
class ClickWidget:
    """``Click on a "radio" widget.``: click any widget of that kind."""

    def next_action(self, context: Context) -> Action:
        """Click a widget of the asked kind (not the instruction's own text field)."""
        kind = (quoted(context.intent) or [""])[0]
        test = _WIDGET_TEST.get(kind)
        if test is None:
            return give_up(f"unknown widget kind {kind!r}")
        widgets = [e for e in context.observation.elements if test(e)]
        return click_or_give_up(widgets[-1] if widgets else None, f"{kind} widget")


# ---- checkboxes and options --------------------------------------------------------------------


def _selection(intent: str) -> list[str]:
    """``Select A, B and click Submit.`` → ``["A", "B"]`` (``Select nothing`` → ``[]``)."""
    match = re.match(r"Select (.*) and click Submit\.?$", intent)
    if match is None or match.group(1) == "nothing":
        return []
    return [name.strip() for name in match.group(1).split(", ") if name.strip()]


@expert("click-checkboxes", "click-checkboxes-large", "click-checkboxes-transfer")
class ClickCheckboxes:
    """Check exactly the named boxes (unchecking any other), then click Submit."""

    def next_action(self, context: Context) -> Action:
        """Toggle the next wrong checkbox, or submit."""
        wanted = set(_selection(context.intent))
        for box in context.observation.elements:
            if box.role == "checkbox" and (box.name in wanted) != checked(box):
                return click(box)
        return click_or_give_up(find(context.observation, "button", "Submit"), "Submit button")


@expert("click-option")
class ClickOption:
    """``Select X and click Submit.``: check the radio button X, then click Submit."""

    def next_action(self, context: Context) -> Action:
        """Check the option, then submit."""
        wanted = (_selection(context.intent) or [""])[0]
        option = find(context.observation, "radio", wanted)
        if option is None:
            return give_up(f'no option "{wanted}" on the page')
        if not checked(option):
            return click(option)
        return click_or_give_up(find(context.observation, "button", "Submit"), "Submit button")


# ---- text fields -------------------------------------------------------------------------------


@expert("focus-text", "focus-text-2")
class FocusText:
    """``Focus into the 2nd input textbox.``: click that text field (the only one by default)."""

    def next_action(self, context: Context) -> Action:
        """Click the text field."""
        match = re.search(r"(\d+(?:st|nd|rd|th))", context.intent)
        position = _ORDINALS.get(match.group(1), 0) if match else 0
        fields = [e for e in context.observation.elements if e.role == "textbox"]
        target = fields[position] if position < len(fields) else None
        return click_or_give_up(target, f"text field number {position + 1}")


class FillAndSubmit:
    """Type a text into each field in turn, then click the submit button.

    ``fields`` pairs a way to find each field with its text; ``submit`` names the button.
    """

    def __init__(self) -> None:
        self._filled: set[int] = set()

    def fields(self, context: Context) -> list[tuple[Element | None, str]]:
        """The fields to fill (None when not found) with their texts."""
        raise NotImplementedError

    submit = "Submit"

    def next_action(self, context: Context) -> Action:
        """Fill the next unfilled field, then submit."""
        for position, (field, text) in enumerate(self.fields(context)):
            if position in self._filled:
                continue
            if field is None:
                return give_up(f"text field number {position + 1} is missing")
            self._filled.add(position)
            return type_into(field, text)
        button = find(context.observation, "button", self.submit)
        return click_or_give_up(button, f'"{self.submit}" button')


def _text_fields(observation: Observation) -> list[Element]:
    return [e for e in observation.elements if e.role == "textbox"]


@expert("enter-text", "enter-text-dynamic")
class EnterText(FillAndSubmit):
    """``Enter "Myron" into the text field and press Submit.``"""

    def fields(self, context: Context) -> list[tuple[Element | None, str]]:
        """The one text field."""
        fields = _text_fields(context.observation)
        return [(fields[0] if fields else None, (quoted(context.intent) or [""])[0])]


@expert("enter-password")
class EnterPassword(FillAndSubmit):
    """``Enter the password "yA" into both text fields and press submit.``"""

    def fields(self, context: Context) -> list[tuple[Element | None, str]]:
        """Both password fields."""
        password = (quoted(context.intent) or [""])[0]
        fields: list[Element | None] = list(_text_fields(context.observation)[:2])
        fields += [None] * (2 - len(fields))
        return [(field, password) for field in fields]


@expert("login-user")
class LoginUser(FillAndSubmit):
    """``Enter the username "karrie" and the password "AU" ... and press login.``"""

    submit = "Login"

    def fields(self, context: Context) -> list[tuple[Element | None, str]]:
        """Username and password fields."""
        texts = [*quoted(context.intent), "", ""]
        username = find(context.observation, "textbox", "Username")
        password = find(context.observation, "textbox", "Password")
        return [(username, texts[0]), (password, texts[1])]
