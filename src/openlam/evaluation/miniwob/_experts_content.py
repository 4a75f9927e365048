"""Experts for the MiniWoB++ tasks that read content: email, social media, tables, terminal.

Each expert is a plan written as a generator: it yields one action at a time and, after each
``yield``, reads the observation that action led to. Plans look things up by what the model sees
(element names, roles and the page text), wait a little when a page is still drawing, and scroll
a list to reach what is out of view. Text the observation shows only in part (a long text area)
is moved with the keyboard: select, copy, paste.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator
from typing import Any

from openlam.actions import Element, Observation
from openlam.evaluation.miniwob._expert import expert
from openlam.models import Context

Action = dict[str, Any]
Plan = Generator[Action, None, None]
_Find = Generator[Action, None, Element]

_PATIENCE = 6
"""Waits (0.3 s each) before an expert decides an element it needs is not coming."""


class _Stuck(Exception):
    """The plan cannot go on; the episode ends with the reason as the answer."""


def _click(element: Element) -> Action:
    return {"action": "click", "element": element.index}


def _type(element: Element, text: str) -> Action:
    return {"action": "type", "element": element.index, "text": text, "submit": False}


def _press(key: str) -> Action:
    return {"action": "press", "key": key}


def _wait(seconds: float = 0.3) -> Action:
    return {"action": "wait", "seconds": round(max(seconds, 0.1), 1)}


def _scroll(element: Element | None, down: bool = True) -> Action:
    action: Action = {"action": "scroll", "direction": "down" if down else "up"}
    if element is not None:
        action["element"] = element.index
    return action


def _lines(observation: Observation) -> list[str]:
    return [line.strip() for line in observation.text.splitlines() if line.strip()]


class _PlanExpert:
    """Runs ``plan()``: the current context is ``self.context`` whenever the plan resumes."""

    def __init__(self) -> None:
        self.context: Context | None = None
        self._plan: Iterator[Action] | None = None

    @property
    def observation(self) -> Observation:
        """The observation the next action is chosen for."""
        assert self.context is not None
        return self.context.observation

    @property
    def intent(self) -> str:
        """The task's utterance."""
        assert self.context is not None
        return self.context.intent

    def last_failed(self) -> bool:
        """Whether the previous action came back with an error (a scroll at the end, say)."""
        assert self.context is not None
        history = self.context.history
        return bool(history) and history[-1].result is not None and not history[-1].result.ok

    def next_action(self, context: Context) -> Action:
        """The plan's next action for this observation."""
        self.context = context
        if self._plan is None:
            self._plan = self.plan()
        try:
            return next(self._plan)
        except _Stuck as stuck:
            return {"action": "finish", "answer": f"expert stuck: {stuck}"}
        except StopIteration:
            return {"action": "finish", "answer": "done"}

    def plan(self) -> Plan:
        """The actions of one episode."""
        raise NotImplementedError

    def find(self, what: str, where: Callable[[Element], bool]) -> _Find:
        """The first element that ``where`` accepts, waiting for the page to draw it."""
        for _ in range(_PATIENCE):
            found = next((e for e in self.observation.elements if where(e)), None)
            if found is not None:
                return found
            yield _wait()
        raise _Stuck(f"no {what} on the page")

    def named(self, name: str, role: str | None = None) -> _Find:
        """The first element with this exact name (and role)."""
        return self.find(repr(name), lambda e: e.name == name and role in (None, e.role))

    def submit(self) -> Plan:
        """Click the Submit button."""
        yield _click((yield from self.named("Submit", "button")))


def _intent_match(pattern: str, intent: str) -> re.Match[str]:
    match = re.search(pattern, intent)
    if match is None:
        raise _Stuck(f"unexpected task text: {intent!r}")
    return match


# ---- text fields: copy, paste, compute ----------------------------------------------------------


@expert("copy-paste")
class CopyPaste(_PlanExpert):
    """Copy the text area with the keyboard (its value may be longer than the observation shows)
    and paste it into the answer field."""

    def plan(self) -> Plan:
        """Select all in the text area, copy, paste into the answer field, submit."""
        yield _click((yield from self.named("#to-copy")))
        yield _press("Control+a")
        yield _press("Control+c")
        yield _click((yield from self.named("#answer-input")))
        yield _press("Control+v")
        yield from self.submit()


@expert("scroll-text")
class ScrollText(_PlanExpert):
    """The last word of a long text area: jump to its end and select back one word (and its
    full stop), copy it into the answer field."""

    def plan(self) -> Plan:
        """Select the last word with the keyboard, copy, paste, submit."""
        yield _click((yield from self.named("#text-area")))
        yield _press("Control+End")
        yield _press("Control+Shift+ArrowLeft")
        yield _press("Control+Shift+ArrowLeft")
        yield _press("Control+c")
        yield _click((yield from self.named("#answer-input")))
        yield _press("Control+v")
        yield from self.submit()


@expert("simple-arithmetic")
class SimpleArithmetic(_PlanExpert):
    """Work out "A op B =" (shown as the answer field's name) and type the result."""

    _PROBLEM = re.compile(r"(-?\d+)\s*([-+x*])\s*(-?\d+)\s*=")

    def plan(self) -> Plan:
        """Read the problem, type the answer, submit."""
        field = yield from self.find("answer field", lambda e: e.role == "textbox")
        match = self._PROBLEM.search(field.name) or self._PROBLEM.search(self.observation.text)
        if match is None:
            raise _Stuck("no arithmetic problem on the page")
        left, operator, right = int(match[1]), match[2], int(match[3])
        answers = {"+": left + right, "-": left - right, "x": left * right, "*": left * right}
        yield _type(field, str(answers[operator]))
        yield from self.submit()


@expert("read-table")
class ReadTable(_PlanExpert):
    """Look up a key in the two-column table (text rows "Key | Value") and type its value.

    The observation names the answer field after the nearest text before it, which is the
    table's last value: when the asked-for key is the last row, its value is that name.
    """

    def plan(self) -> Plan:
        """Find the value, type it, submit."""
        key = _intent_match(r"value of (.+?) into", self.intent)[1]
        field = yield from self.find("answer field", lambda e: e.role == "textbox")
        value = None
        for line in _lines(self.observation):
            cells = [cell.strip() for cell in line.split("|")]
            if cells[0] == key:
                value = cells[1] if len(cells) > 1 and cells[1] else field.name
        if not value:
            raise _Stuck(f"no table row {key!r}")
        yield _type(field, value)
        yield from self.submit()


@expert("guess-number")
class GuessNumber(_PlanExpert):
    """Binary search, narrowed by the page's "lower than" / "higher than" feedback."""

    _FEEDBACK = re.compile(r"(lower|higher) than (-?\d+)")

    def plan(self) -> Plan:
        """Guess the middle of the range still possible until the page accepts a guess."""
        bounds = re.search(r"(-?\d+)\s*-\s*(-?\d+)", self.intent)
        low, high = (int(bounds[1]), int(bounds[2])) if bounds else (0, 9)
        while low <= high:
            guess = (low + high) // 2
            field = yield from self.find("guess field", lambda e: e.role == "textbox")
            yield _type(field, str(guess))
            yield from self.submit()
            feedback = self._FEEDBACK.findall(self.observation.text)
            if not feedback:
                return  # no "lower/higher" feedback: the guess was right
            direction, number = feedback[-1]
            if direction == "lower":
                high = int(number) - 1
            else:
                low = int(number) + 1
        raise _Stuck("the feedback ruled out every number")


@expert("odd-or-even")
class OddOrEven(_PlanExpert):
    """Each number in the text has its own Odd and Even buttons, in the same order."""

    def plan(self) -> Plan:
        """Mark every number, submit."""
        numbers: list[int] = []
        for _ in range(_PATIENCE):
            numbers = [
                int(line) for line in _lines(self.observation) if re.fullmatch(r"-?\d+", line)
            ]
            if numbers:
                break
            yield _wait()
        for position, number in enumerate(numbers):
            label = "Odd" if number % 2 else "Even"
            buttons = [e for e in self.observation.elements if e.name == label]
            if position >= len(buttons):
                raise _Stuck(f"no {label} button for number {position + 1}")
            yield _click(buttons[position])
        yield from self.submit()


@expert("unicode-test")
class UnicodeTest(_PlanExpert):
    """Click the button named exactly as the quoted text."""

    def plan(self) -> Plan:
        """Click it."""
        label = _intent_match(r'"(.+)"', self.intent)[1]
        yield _click((yield from self.named(label, "button")))


# ---- timing and the keyboard --------------------------------------------------------------------


@expert("stock-market")
class StockMarket(_PlanExpert):
    """Buy once the shown price is below the limit by a margin.

    The price changes every 0.1 s by at most $1.50, and the page judges the price at the moment
    of the click: far above the limit the expert waits as long as the price needs to get there,
    and near it clicks only with a margin for the ticks between seeing and clicking.
    """

    _MARGIN = 1.0
    _STEP = 1.5

    def plan(self) -> Plan:
        """Watch the price, then click Buy."""
        limit = float(_intent_match(r"less than \$(\d+(?:\.\d+)?)", self.intent)[1])
        while True:
            price = self._price()
            if price is not None and price <= limit - self._MARGIN:
                yield _click((yield from self.named("Buy", "button")))
                return
            ticks = 1.0 if price is None else (price - limit) / self._STEP
            yield _wait(min(max(ticks - 1, 1) * 0.1, 2.0))

    def _price(self) -> float | None:
        match = re.search(r"Stock price:?\s*\$(\d+(?:\.\d+)?)", self.observation.text)
        return float(match[1]) if match else None


@expert("terminal")
class Terminal(_PlanExpert):
    """List the files with ``ls``, then ``rm`` the one the task describes, typing key by key
    (the terminal reads key presses; it has no field to type into)."""

    def plan(self) -> Plan:
        """ls, pick the file, rm it."""
        yield from self._run("ls")
        files = self._listing()
        extension = re.search(r"extension \.(\S+?)\.?$", self.intent)
        if extension is not None:
            wanted = [f for f in files if f.endswith("." + extension[1])]
        else:
            wanted = [f for f in files if "." not in f]
        if not wanted:
            raise _Stuck(f"no matching file among {files}")
        yield from self._run("rm " + wanted[0])

    def _command_line(self) -> str:
        lines = [line for line in _lines(self.observation) if line.startswith("user$")]
        return lines[-1].removeprefix("user$").replace("█", "").strip() if lines else ""

    def _run(self, command: str) -> Plan:
        # the terminal takes the focus a moment after the page starts: wait, and repeat the
        # first key until the command line shows it
        assert self.context is not None
        for attempt in range(_PATIENCE):
            if attempt or not self.context.history:
                yield _wait()
            yield _press(command[0])
            if self._command_line().startswith(command[0]):
                break
        else:
            raise _Stuck("the terminal does not take key presses")
        for char in command[1:]:
            yield _press("Space" if char == " " else char)
        yield _press("Enter")

    def _listing(self) -> list[str]:
        lines = _lines(self.observation)
        for position, line in enumerate(lines[:-1]):
            if line.removeprefix("user$").strip() == "ls":
                return lines[position + 1].split()
        raise _Stuck("ls printed nothing")


# ---- email --------------------------------------------------------------------------------------


@expert(
    "email-inbox",
    "email-inbox-delete",
    "email-inbox-forward",
    "email-inbox-important",
    "email-inbox-reply",
    "email-inbox-star-reply",
)
class EmailInbox(_PlanExpert):
    """Open the sender's email (scrolling the inbox to find it), then star it, delete it, reply
    to it or forward it, as the utterance says."""

    def plan(self) -> Plan:
        """Open the email, then act on it."""
        sender = _intent_match(r"email by (.+?)(?: and|,)", self.intent)[1]
        yield from self._open(sender)
        reply = re.search(r'with the text "(.*)"', self.intent)
        forward = re.search(r"forward that email to (.+?)\.?$", self.intent)
        if "star icon" in self.intent:
            yield _click((yield from self.named(".star")))
        elif "trash icon" in self.intent:
            yield _click((yield from self.named(".trash")))
        elif reply is not None:
            yield _click((yield from self.named("Reply")))
            body = yield from self.find("reply text", lambda e: e.role == "textbox")
            yield _type(body, reply[1])
            yield _click((yield from self.named("#send-reply")))
        elif forward is not None:
            yield _click((yield from self.named("Forward")))
            yield _type((yield from self.named("to", "textbox")), forward[1])
            yield _click((yield from self.named("#send-forward")))
        else:
            raise _Stuck(f"unexpected task text: {self.intent!r}")

    def _open(self, sender: str) -> Plan:
        """Click the sender's email in the inbox list, scrolling down to it when needed."""
        for _ in range(2 * _PATIENCE):
            threads = [e for e in self.observation.elements if e.role == "div"]
            mine = next((e for e in threads if e.name.startswith(sender + " ")), None)
            if mine is not None:
                yield _click(mine)
                return
            if threads and self.observation.hidden_elements and not self.last_failed():
                yield _scroll(threads[-1])
            else:
                yield _wait()
        raise _Stuck(f"no email from {sender}")


# ---- social media -------------------------------------------------------------------------------

_POST_HEADER = re.compile(r"^(?:.*\s)?(@\S+)$")


class _Feed(_PlanExpert):
    """A scrolling list of posts: each shows "Name @user" and its text in the page text, and a
    row of icon buttons (``.reply``, ``.retweet``, ``.like``, then ``.more`` or ``.share``).

    Posts and button rows are matched by position: from the top while the list is scrolled to
    its top, from the bottom once it is scrolled to its end. A post partly scrolled out of view
    may keep its text in the page text after its buttons left the element list, so matching
    never counts from the cut-off side.
    """

    def authors(self) -> list[str]:
        """The author (``@user``) of each post whose header is in the page text, in order."""
        return [m[1] for line in _lines(self.observation) if (m := _POST_HEADER.match(line))]

    def rows(self) -> list[list[Element]]:
        """The button rows in view, in order. A row starts where the order of the icons starts
        again: a just-clicked icon redraws and may be missing from the list for a while."""
        order = {".reply": 0, ".retweet": 1, ".like": 2, ".more": 3, ".share": 3}
        rows: list[list[Element]] = []
        last = len(order)
        for element in self.observation.elements:
            rank = order.get(element.name)
            if rank is None:
                continue
            if rank <= last:
                rows.append([])
            rows[-1].append(element)
            last = rank
        return rows

    def button(self, row: list[Element], name: str) -> Element:
        """The button with this hint (``.like``) in a row."""
        found = next((e for e in row if e.name == name), None)
        if found is None:
            raise _Stuck(f"no {name} button in a post")
        return found

    def settle(self) -> Plan:
        """Wait until every row shows all its buttons (icons load a moment after the page)."""
        for _ in range(_PATIENCE):
            rows = self.rows()
            if rows and len({len(row) for row in rows}) == 1 and len(rows[0]) >= 4:
                return
            yield _wait()

    def to_top(self) -> Plan:
        """Scroll the list back up while rows are out of view above."""
        for attempt in range(8):
            if not self.observation.hidden_elements or (attempt and self.last_failed()):
                return
            rows = self.rows()
            yield _scroll(rows[0][0] if rows else None, down=False)

    def to_end(self) -> Plan:
        """Scroll the list down until it will not scroll further."""
        for attempt in range(8):
            if attempt and self.last_failed():
                return
            rows = self.rows()
            yield _scroll(rows[-1][0] if rows else None)
        raise _Stuck("the list did not reach its end")


@expert("social-media")
class SocialMedia(_Feed):
    """Click one button (or one entry of the "more" menu) on a post by the given user."""

    def plan(self) -> Plan:
        """Find a post by the user, then click its button or menu entry."""
        match = _intent_match(r'user (@\S+), click on the "(.+)" button', self.intent)
        user, label = match[1], match[2]
        yield from self.settle()
        authors, rows = self.authors(), self.rows()
        if user not in authors:
            raise _Stuck(f"no post by {user}")
        position = authors.index(user)
        if position < len(rows):
            row = rows[position]
        else:
            from_end = authors[::-1].index(user) + 1
            yield from self.to_end()
            rows = self.rows()
            if from_end > len(rows):
                raise _Stuck(f"the post by {user} is not in view")
            row = rows[len(rows) - from_end]
        direct = "." + label.lower()
        if direct in {".reply", ".retweet", ".like"}:
            yield _click(self.button(row, direct))
            return
        yield _click(self.button(row, ".more"))
        for _ in range(_PATIENCE):
            entry = next((e for e in self.observation.elements if e.name.startswith(label)), None)
            if entry is not None:
                yield _click(entry)
                return
            yield _scroll(self.button(self.rows()[0], ".reply"))  # the menu opened below view
        raise _Stuck(f"no {label!r} entry in the menu")


@expert("social-media-all")
class SocialMediaAll(_Feed):
    """Click one button on every post by the given user, then Submit (a second click on a button
    would undo the first, so each post is clicked once)."""

    def plan(self) -> Plan:
        """Click the posts in view from the top, then those left from the bottom, then Submit."""
        match = _intent_match(r'Click the "(.+?)" button on all posts by (@\S+)', self.intent)
        name, user = "." + match[1].lower(), match[2]
        yield from self.settle()
        authors, rows = self.authors(), self.rows()
        targets = [position for position, author in enumerate(authors) if author == user]
        for position in targets:
            if position < len(rows):
                # a click scrolls its icon into view, which can scroll the list: back to the top
                yield from self.to_top()
                yield _click(self.button(self.rows()[position], name))
        at_end = False
        left = [len(authors) - position for position in targets if position >= len(rows)]
        if left:
            yield from self.to_end()
            at_end = True
            rows = self.rows()
            if max(left) > len(rows):
                raise _Stuck(f"a post by {user} is not in view")
            for from_end in left:
                rows = self.rows()
                yield _click(self.button(rows[len(rows) - from_end], name))
        if not at_end and self.observation.hidden_elements:
            yield from self.to_end()
        yield from self.submit()
