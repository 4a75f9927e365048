"""Mail task templates that change the mailbox: star, unstar, delete, forward, reply, compose."""

from __future__ import annotations

import random
from typing import Any

from openlam.sandbox._experts import Choose, Done, Fill, Plan, Press, WaitFor, norm
from openlam.sandbox._tasks import CheckResult, Outcome, Params, TaskTemplate, failed
from openlam.sandbox._world import Layout, Row, Snapshot
from openlam.sandbox.apps.mail import _plans as pl
from openlam.sandbox.apps.mail._content import ACCOUNTING, COLLEAGUES
from openlam.sandbox.apps.mail._views import LABELS

API = "/api/mail"


def _about(m: Row, snap: Snapshot) -> Params:
    """The parameters every task about one message shares."""
    return {
        "mid": m["id"],
        "subject": m["subject"],
        "sender": m["sender_name"],
        "email": m["sender"],
        "first": m["sender_name"].split()[0],
        "state": pl.state(snap),
    }


def _star(p: Params, lay: Layout, on: bool) -> Plan:
    key, flash = ("star", "Message starred") if on else ("unstar", "Star removed")
    return [Press(f"{LABELS(key, lay)} {p['subject']}", "button"), WaitFor(flash), Done("done")]


def _check_star(on: bool) -> Any:
    def check(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
        return pl.diff(p, snap).only(starred={p["mid"]: on})

    return check


def _api_star(on: bool) -> Any:
    def solve(p: Params, client: Any) -> str:
        client.patch(f"{API}/messages/{p['mid']}", json={"starred": on}).raise_for_status()
        return "done"

    return solve


def _sample_first_page(rng: random.Random, snap: Snapshot) -> Params:
    m = rng.choice([m for m in pl.inbox(snap)[:10] if not m["starred"]])
    return _about(m, snap)


STAR = TaskTemplate(
    id="mail/star-message",
    tier="single",
    kind="act",
    split="train",
    phrasings=(
        'Star the email "{subject}".',
        'Add a star to the message "{subject}" from {sender}.',
        'Mark "{subject}" as starred.',
    ),
    start_path="/mail/",
    sample=_sample_first_page,
    check=_check_star(True),
    gui=lambda p, lay: _star(p, lay, True),
    api=_api_star(True),
)


def _sample_latest(rng: random.Random, snap: Snapshot) -> Params:
    cats = ("work", "personal")  # people, whose first name the phrasing uses
    latest = {}
    for m in reversed(pl.inbox(snap)):  # oldest first, so the newest one stays
        latest[m["sender_name"]] = m
    names = [n for n in pl.senders_with(snap, 2, cats) if not latest[n]["starred"]]
    return _about(latest[rng.choice(names)], snap)


STAR_LATEST = TaskTemplate(
    id="mail/star-latest",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Star the latest email from {sender}.",
        "Put a star on the most recent message {sender} sent me.",
        "Find {first}'s newest email and star it.",
    ),
    start_path="/mail/",
    sample=_sample_latest,
    check=_check_star(True),
    gui=lambda p, lay: [*pl.search(lay, p["sender"]), *_star(p, lay, True)],
    api=_api_star(True),
)


def _sample_starred(rng: random.Random, snap: Snapshot) -> Params:
    return _about(rng.choice([m for m in pl.inbox(snap) if m["starred"]]), snap)


UNSTAR = TaskTemplate(
    id="mail/unstar-message",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        'Remove the star from "{subject}".',
        'Unstar {sender}\'s email "{subject}".',
    ),
    start_path="/mail/",
    sample=_sample_starred,
    check=_check_star(False),
    gui=lambda p, lay: [Press(LABELS("starred", lay), "tab"), *_star(p, lay, False)],
    api=_api_star(False),
)


def _sample_newsletters(rng: random.Random, snap: Snapshot) -> Params:
    sender = rng.choice(pl.senders_with(snap, 2, ("newsletter",)))
    rows = [m for m in pl.inbox(snap) if m["sender_name"] == sender]
    return {
        "sender": sender,
        "ids": [m["id"] for m in rows],
        "subjects": [m["subject"] for m in rows],
        "state": pl.state(snap),
    }


def _check_trashed(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    return pl.diff(p, snap).only(moved=dict.fromkeys(p["ids"], "trash"))


def _api_trash_all(p: Params, client: Any) -> str:
    client.post(f"{API}/trash", json={"ids": p["ids"]}).raise_for_status()
    return "deleted"


DELETE_NEWSLETTERS = TaskTemplate(
    id="mail/delete-newsletters",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Delete all the newsletters from {sender}.",
        "Clean up my inbox: move every {sender} newsletter to the trash.",
        "I don't read {sender} any more; trash all of their emails in my inbox.",
    ),
    start_path="/mail/",
    sample=_sample_newsletters,
    check=_check_trashed,
    gui=lambda p, lay: [*pl.tick_and_delete(lay, p["sender"], p["subjects"]), Done("deleted")],
    api=_api_trash_all,
)


def _sample_any(rng: random.Random, snap: Snapshot) -> Params:
    rows = [m for m in pl.inbox(snap) if m["category"] not in ("newsletter", "hr", "it")]
    p = _about(rng.choice(rows), snap)
    p["ids"] = [p["mid"]]
    return p


TRASH = TaskTemplate(
    id="mail/trash-message",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        'Delete the email "{subject}" from {sender}.',
        'Move {sender}\'s message "{subject}" to the trash.',
        'Get rid of the "{subject}" email.',
    ),
    start_path="/mail/",
    sample=_sample_any,
    check=_check_trashed,
    gui=lambda p, lay: [
        *pl.open_message(lay, p["sender"], p["subject"]),
        Press(LABELS("delete", lay), "button"),
        WaitFor("moved to Trash"),
        Done("deleted"),
    ],
    api=_api_trash_all,
)


def _invoices(snap: Snapshot) -> list[Row]:
    return [m for m in pl.inbox(snap) if m["category"] == "invoice"]


def _sample_invoice(rng: random.Random, snap: Snapshot) -> Params:
    p = _about(rng.choice(_invoices(snap)), snap)
    p["to"] = ACCOUNTING
    p["files"] = pl.attachments_of(snap, p["mid"])
    return p


def _check_forwards(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    ids = p.get("ids") or [p["mid"]]
    changes = pl.diff(p, snap)
    result = changes.only(new=len(ids))
    if not result.ok:
        return result
    by_origin = {m["forwarded_from"]: m for m in changes.new}
    for mid in ids:
        m = by_origin.get(mid)
        if m is None:
            return failed(f"message {mid} was not forwarded")
        if norm(m["recipient"]) != norm(p["to"]):
            return failed(f"forwarded to {m['recipient']!r}, not {p['to']!r}")
        if not pl.attachments_of(snap, m["id"]):
            return failed("the invoice PDF did not go along")
    return result


FORWARD_INVOICE = TaskTemplate(
    id="mail/forward-invoice",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        "Forward the invoice from {sender} to {to}.",
        "Send {sender}'s invoice email on to accounting at {to}.",
        "Please pass the {sender} invoice to {to}.",
    ),
    start_path="/mail/",
    sample=_sample_invoice,
    check=_check_forwards,
    gui=lambda p, lay: [*pl.forward_plan(lay, p, p["subject"], p["sender"]), Done("forwarded")],
    api=lambda p, c: _api_forward(c, [p["mid"]], p["to"]),
)


def _sample_all_invoices(rng: random.Random, snap: Snapshot) -> Params:
    rows = _invoices(snap)
    return {
        "to": ACCOUNTING,
        "ids": [m["id"] for m in rows],
        "subjects": [m["subject"] for m in rows],
        "state": pl.state(snap),
    }


def _forward_all_gui(p: Params, lay: Layout) -> Plan:
    plan: list[Any] = []
    for i, subject in enumerate(p["subjects"]):
        plan += pl.forward_plan(lay, p, subject, "invoice", again=i > 0)
    return [*plan, Done("forwarded")]


def _api_forward(client: Any, ids: list[int], to: str) -> str:
    for mid in ids:
        client.post(f"{API}/messages/{mid}/forward", json={"to": to}).raise_for_status()
    return "forwarded"


def _forward_all_api(p: Params, client: Any) -> str:
    rows = client.get(f"{API}/messages", params={"q": "invoice"}).json()
    ids = [m["id"] for m in rows if m["category"] == "invoice"]
    return _api_forward(client, ids, p["to"])


FORWARD_ALL_INVOICES = TaskTemplate(
    id="mail/forward-all-invoices",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        "Forward the invoice emails to accounting ({to}).",
        "Send every invoice in my inbox on to {to}.",
    ),
    start_path="/mail/",
    sample=_sample_all_invoices,
    check=_check_forwards,
    gui=_forward_all_gui,
    api=_forward_all_api,
)


def sample_work(rng: random.Random, snap: Snapshot) -> Params:
    """A colleague's message and a reply text for it."""
    p = _about(rng.choice([m for m in pl.inbox(snap) if m["category"] == "work"]), snap)
    p["text"] = rng.choice(pl.REPLIES)
    return p


def check_reply(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    """One new message: a reply to ``p['mid']`` to its sender containing ``p['text']``."""
    changes = pl.diff(p, snap)
    result = changes.only(new=1)
    if not result.ok:
        return result
    m = changes.new[0]
    if m["in_reply_to"] != p["mid"]:
        return failed("the new message is not a reply to the email")
    if norm(m["recipient"]) != norm(p["email"]):
        return failed(f"the reply went to {m['recipient']!r}, not {p['email']!r}")
    if norm(p["text"]) not in norm(m["body"]):
        return failed(f"the reply does not say {p['text']!r}: {m['body']!r}")
    return result


def api_reply(p: Params, client: Any) -> str:
    """Reply through the API."""
    m = pl.api_find(client, p["subject"], q=p["sender"])
    client.post(f"{API}/messages/{m['id']}/reply", json={"body": p["text"]}).raise_for_status()
    return "replied"


REPLY = TaskTemplate(
    id="mail/reply",
    tier="multi",
    kind="act",
    split="train",
    phrasings=(
        'Reply to {sender}\'s email "{subject}" saying: {text}',
        'Answer {first}\'s message about "{subject}" with "{text}"',
        'Write back to {sender} on "{subject}": {text}',
    ),
    start_path="/mail/",
    sample=sample_work,
    check=check_reply,
    gui=lambda p, lay: [*pl.reply_plan(lay, p), Done("replied")],
    api=api_reply,
)

_TOPICS = (
    ("Project kickoff", "Can we meet on Monday at 10 to plan the kickoff?"),
    ("Expense report", "My expense report for December is in the shared drive."),
    ("Parking permit", "Do you know who handles the new parking permits?"),
    ("Conference talk", "I submitted our talk proposal for the spring conference."),
)


def _sample_compose(rng: random.Random, snap: Snapshot) -> Params:
    person = rng.choice(COLLEAGUES)
    subject, text = rng.choice(_TOPICS)
    return {
        "name": person.name,
        "to": person.email,
        "subject": subject,
        "text": text,
        "priority": rng.choice(("High", "Low")),
        "state": pl.state(snap),
    }


def _check_compose(p: Params, snap: Snapshot, out: Outcome) -> CheckResult:
    changes = pl.diff(p, snap)
    result = changes.only(new=1)
    if not result.ok:
        return result
    m = changes.new[0]
    want = {"recipient": p["to"], "subject": p["subject"], "priority": p["priority"]}
    wrong = {k: m[k] for k, v in want.items() if norm(str(m[k])) != norm(v)}
    if wrong:
        return failed(f"the message differs from the request: {wrong}")
    if norm(p["text"]) not in norm(m["body"]):
        return failed(f"the message does not say {p['text']!r}")
    return result


def _api_send(client: Any, fields: dict[str, str], text: str) -> str:
    client.post(f"{API}/messages", json={**fields, "body": text}).raise_for_status()
    return "sent"


COMPOSE = TaskTemplate(
    id="mail/compose",
    tier="multi",
    kind="act",
    split="test",
    phrasings=(
        'Write an email to {name} ({to}) with the subject "{subject}" saying: {text} '
        "Set the priority to {priority}.",
        'Send {to} a new {priority}-priority message titled "{subject}": {text}',
    ),
    start_path="/mail/",
    sample=_sample_compose,
    check=_check_compose,
    gui=lambda p, lay: [
        Press(LABELS("compose", lay), "link"),
        Fill(LABELS("to", lay), p["to"]),
        Fill(LABELS("subject", lay), p["subject"]),
        Choose(LABELS("priority", lay), p["priority"]),
        Fill(LABELS("body", lay), p["text"]),
        Press(LABELS("send", lay), "button"),
        WaitFor("Message sent"),
        Done("sent"),
    ],
    api=lambda p, c: _api_send(c, {k: p[k] for k in ("to", "subject", "priority")}, p["text"]),
)

TEMPLATES = (
    STAR,
    STAR_LATEST,
    UNSTAR,
    DELETE_NEWSLETTERS,
    TRASH,
    FORWARD_INVOICE,
    FORWARD_ALL_INVOICES,
    REPLY,
    COMPOSE,
)
