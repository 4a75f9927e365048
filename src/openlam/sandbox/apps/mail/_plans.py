"""Mail task building blocks: reading the snapshot, diffing it, GUI plans and API helpers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openlam.sandbox._experts import (
    ActionDict,
    Fill,
    ObsDict,
    Plan,
    Press,
    Tick,
    Until,
    WaitFor,
    norm,
)
from openlam.sandbox._tasks import CheckResult, Outcome, Params, failed, passed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.mail._views import LABELS

REPLIES = (
    "Thanks, I'll take a look today.",
    "Sounds good, count me in.",
    "Could we move this to next week?",
    "Got it, thanks for the heads-up.",
    "Great, I'll send my comments by Friday.",
)


def messages(snap: Snapshot) -> list[Row]:
    """The mailbox's messages."""
    return snap["mail"]["messages"]


def attachments_of(snap: Snapshot, mid: int) -> list[str]:
    """Attachment names of one message."""
    return [a["name"] for a in snap["mail"]["attachments"] if a["message_id"] == mid]


def inbox(snap: Snapshot) -> list[Row]:
    """Inbox messages, newest first."""
    rows = [m for m in messages(snap) if m["folder"] == "inbox"]
    return sorted(rows, key=lambda m: (m["date"], m["id"]), reverse=True)


def senders_with(snap: Snapshot, at_least: int, categories: tuple[str, ...]) -> list[str]:
    """Senders (names) with at least ``at_least`` inbox messages of these categories."""
    counts = Counter(m["sender_name"] for m in inbox(snap) if m["category"] in categories)
    return sorted(name for name, n in counts.items() if n >= at_least)


def state(snap: Snapshot) -> list[list[Any]]:
    """What a task may change, per message: ``[id, folder, starred]`` (read marks excluded:
    opening a message to read it is always fine)."""
    return [[m["id"], m["folder"], m["starred"]] for m in messages(snap)]


@dataclass
class Diff:
    """How the mailbox changed since the task was sampled."""

    moved: dict[int, str] = field(default_factory=dict)
    starred: dict[int, bool] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    new: list[Row] = field(default_factory=list)

    def only(
        self,
        moved: dict[int, str] | None = None,
        starred: dict[int, bool] | None = None,
        deleted: set[int] | None = None,
        new: int = 0,
    ) -> CheckResult:
        """Passed when the changes are exactly these (``new``: how many messages appeared)."""
        want: dict[str, Any] = {
            "moved": moved or {},
            "starred": starred or {},
            "deleted": deleted or set(),
            "new messages": new,
        }
        got: dict[str, Any] = {
            "moved": self.moved,
            "starred": self.starred,
            "deleted": self.deleted,
            "new messages": len(self.new),
        }
        for kind, value in want.items():
            if got[kind] != value:
                return failed(f"{kind}: expected {value!r}, found {got[kind]!r}")
        return passed()


def diff(p: Params, snap: Snapshot) -> Diff:
    """Changes between ``p['state']`` (sampled) and ``snap``."""
    before = {mid: (folder, starred) for mid, folder, starred in p["state"]}
    out = Diff()
    now = {m["id"]: m for m in messages(snap)}
    for mid, (folder, starred) in before.items():
        m = now.get(mid)
        if m is None:
            out.deleted.add(mid)
            continue
        if m["folder"] != folder:
            out.moved[mid] = m["folder"]
        if m["starred"] != starred:
            out.starred[mid] = bool(m["starred"])
    out.new = [m for mid, m in sorted(now.items()) if mid not in before]
    return out


def answer_has(*keys: str) -> Any:
    """A check that the answer mentions every ``p[key]`` (case and spacing ignored)."""

    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        for key in keys:
            values = p[key] if isinstance(p[key], list) else [p[key]]
            for value in values:
                if out.answer is None or norm(str(value)) not in norm(out.answer):
                    return failed(f"answer {out.answer!r} does not contain {value!r}")
        return passed()

    return check


def with_question(check: Any, why: str) -> Any:
    """``check``, but only after the agent asked the person something."""

    def wrapped(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        if not out.questions:
            return failed(why)
        result: CheckResult = check(p, snap, out)
        return result

    return wrapped


# ---- GUI plans ------------------------------------------------------------------------------


def body_loaded() -> Until:
    """Wait until a message page shows its body (it loads after the headers)."""

    def step(obs: ObsDict) -> ActionDict | None:
        url = str(obs.get("url", ""))
        if "/mail/m/" in url and "loading message" not in norm(obs.get("text", "")):
            return None
        return {"action": "wait", "seconds": 0.3}

    return Until(step, limit=10)


def search(lay: Layout, query: str) -> Plan:
    """Search the current folder (from any folder page)."""
    return [Fill(LABELS("search", lay), query, submit=True)]


def open_message(lay: Layout, query: str, subject: str, from_message: bool = False) -> Plan:
    """Search the inbox for ``query`` and open the message with this subject."""
    back: Plan = [Press(LABELS("inbox", lay), "tab")] if from_message else []
    return [*back, *search(lay, query), Press(subject, "link"), body_loaded()]


def tick_and_delete(lay: Layout, query: str, subjects: list[str]) -> Plan:
    """Search, select these messages and move them to the trash."""
    return [
        *search(lay, query),
        *[Tick(f"{LABELS('select', lay)} {s}") for s in subjects],
        Press(LABELS("delete_selected", lay), "button"),
        WaitFor("moved to Trash"),
    ]


def forward_plan(lay: Layout, p: Params, subject: str, query: str, again: bool = False) -> Plan:
    """Open a message and forward it to ``p['to']``."""
    return [
        *open_message(lay, query, subject, from_message=again),
        Press(LABELS("forward", lay), "link"),
        Fill(LABELS("to", lay), p["to"]),
        Press(LABELS("send", lay), "button"),
        WaitFor("Message forwarded"),
    ]


def reply_plan(lay: Layout, p: Params) -> Plan:
    """Open ``p['subject']`` from ``p['sender']`` and reply with ``p['text']``."""
    return [
        *open_message(lay, p["sender"], p["subject"]),
        Press(LABELS("reply", lay), "link"),
        Fill(LABELS("body", lay), p["text"]),
        Press(LABELS("send", lay), "button"),
        WaitFor("Reply sent"),
    ]


def page_value(obs: ObsDict, label: str) -> str:
    """The rest of the line after ``label:`` in the page text."""
    found = re.search(rf"{re.escape(label)}:?\s*([^\n]+)", str(obs.get("text", "")))
    return found.group(1).strip() if found else ""


def attachment_names(obs: ObsDict) -> str:
    """The file names listed under the message's Attachments heading."""
    text = str(obs.get("text", ""))
    start = text.find("Attachments (")
    names = re.findall(r"[\w.-]+\.(?:pdf|xlsx|pptx|zip|docx|csv)\b", text[start:])
    return ", ".join(names) if start >= 0 else ""


def result_count(obs: ObsDict) -> str:
    """How many messages the list says it found (``… of N messages`` or none)."""
    found = re.search(r"of (\d+) messages", str(obs.get("text", "")))
    return found.group(1) if found else "0"


# ---- API helpers ----------------------------------------------------------------------------


def api_find(client: Any, subject: str, folder: str = "inbox", **query: Any) -> dict[str, Any]:
    """The message with this subject in ``folder`` (searching with ``query``)."""
    rows = client.get("/api/mail/messages", params={"folder": folder, **query}).json()
    found: dict[str, Any] = next(m for m in rows if m["subject"] == subject)
    return found


def api_body_value(client: Any, mid: int, label: str) -> str:
    """The value after ``label:`` in a message body, read through the API."""
    body = client.get(f"/api/mail/messages/{mid}").json()["body"]
    found = re.search(rf"{re.escape(label)}:?\s*([^\n]+)", body)
    return found.group(1).strip() if found else ""
