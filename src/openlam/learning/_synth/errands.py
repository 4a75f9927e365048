"""Function families of a personal assistant: calendar, messages, shopping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag, opt
from openlam.learning._synth.values import (
    BODIES,
    CHANNELS,
    CHORES,
    EVENT_TITLES,
    PRODUCTS,
    SUBJECTS,
    codes,
    dates,
    email_lists,
    emails,
    ints,
    phones,
    pick,
    quoted,
    seeded,
    times,
)

_DATE = dates()
_TIME = times()
_ORDER = codes("ORD-")
_CATEGORIES = {
    "electronics": ("electronics",),
    "home": ("home",),
    "sports": ("sports",),
    "kitchen": ("kitchen",),
    "books": ("books",),
    "clothing": ("clothing",),
}


def _minutes(clock_time: str) -> int:
    hours, minutes = (int(x) for x in clock_time.split(":"))
    return hours * 60 + minutes


def _event(
    title: str, date: str, start_time: str, duration_minutes: int, attendees: list[str]
) -> dict[str, Any]:
    end = _minutes(start_time) + duration_minutes
    if end >= 24 * 60:
        raise ValueError(
            f"the event would end after midnight; shorten duration_minutes "
            f"({duration_minutes}) or start earlier"
        )
    return {
        "event_id": f"evt-{seeded(title, date, start_time).randint(1000, 9999)}",
        "title": title,
        "date": date,
        "start_time": start_time,
        "end_time": f"{end // 60:02d}:{end % 60:02d}",
        "attendees": len(attendees),
    }


def _agenda(date: str, calendar: str | None) -> dict[str, Any]:
    rng = seeded("agenda", date, calendar)
    return {"date": date, "count": rng.randint(1, 5), "first": rng.choice(EVENT_TITLES)}


def _order_status(order_id: str) -> dict[str, Any]:
    rng = seeded(order_id)
    eta = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
    status = rng.choice(("being packed", "shipped", "out for delivery"))
    return {"order_id": order_id, "status": status, "eta": eta.isoformat()}


def _products(
    query: str, max_price: float | None, category: str | None, in_stock: bool
) -> dict[str, Any]:
    rng = seeded("product", query, category)
    price = round(rng.uniform(9, 300), 2)
    if max_price is not None:
        price = min(price, round(max_price * 0.85, 2))
    brand = rng.choice(("Acme", "Nordic", "Zen", "Volt", "Peak"))
    return {
        "product": f"{brand} {query}",
        "price": price,
        "in_stock": True if in_stock else rng.random() < 0.8,
    }


CALENDAR_FAMILIES = (
    Family(
        key="create_event",
        domain="calendar",
        names=("create event", "add calendar event", "schedule event", "new event"),
        docs=("Add an event to the calendar.",),
        params=(
            arg(
                "title", "string", "Event name.", quoted(EVENT_TITLES), aliases=("name", "summary")
            ),
            arg("date", "string", "Day of the event.", _DATE, form="date", aliases=("day",)),
            arg(
                "start_time",
                "string",
                "Start.",
                _TIME,
                form="time",
                aliases=("time", "start"),
                noun="start time",
            ),
            opt(
                "duration_minutes",
                "integer",
                "Length.",
                ints(15, 180),
                60,
                lo=5,
                hi=720,
                aliases=("duration", "length_minutes"),
            ),
            opt(
                "attendees",
                "string[]",
                "E-mails to invite.",
                email_lists(),
                [],
                form="email",
                aliases=("guests", "invitees"),
            ),
        ),
        clauses=(
            "schedule {title} on {date} at {start_time}[ for {duration_minutes} minutes]"
            "[ with {attendees}]",
            "add {title} to my calendar for {date}[ at {start_time}]"
            "[, lasting {duration_minutes} minutes]",
        ),
        answer="Created {title} on {date}, {start_time}-{end_time}.",
        run=_event,
        valid=lambda a: _minutes(a["start_time"]) + a["duration_minutes"] < 24 * 60,
    ),
    Family(
        key="set_reminder",
        domain="calendar",
        names=("set reminder", "create reminder", "remind me"),
        docs=("Remind the person of something at a date and time.",),
        params=(
            arg("message", "string", "What to remember.", pick(CHORES), aliases=("text", "task")),
            arg("date", "string", "Day.", _DATE, form="date", aliases=("day",)),
            arg("time", "string", "Time of day.", _TIME, form="time", aliases=("at",)),
        ),
        clauses=(
            "remind me to {message} on {date} at {time}",
            "set a reminder to {message} for {date}[ at {time}]",
        ),
        answer="Reminder {reminder_id}: {message} on {date} at {time}.",
        run=lambda message, date, time: {
            "reminder_id": f"rem-{seeded(message, date).randint(100, 999)}",
            "message": message,
            "date": date,
            "time": time,
        },
    ),
    Family(
        key="list_events",
        domain="calendar",
        names=("list events", "get agenda", "calendar events"),
        docs=("The events on a day.",),
        params=(
            arg("date", "string", "Day.", _DATE, form="date", aliases=("day",)),
            choice(
                "calendar",
                "Which calendar.",
                {"work": ("work",), "personal": ("personal",), "family": ("family",)},
                default=None,
            ),
        ),
        clauses=(
            "show my[ {calendar}] agenda for {date}",
            "list my[ {calendar}] events[ on {date}]",
        ),
        answer="{count} events on {date}, first: {first}.",
        run=_agenda,
    ),
    Family(
        key="set_timer",
        domain="calendar",
        names=("set timer", "start timer", "countdown"),
        docs=("Start a countdown timer.",),
        params=(
            arg("minutes", "integer", "Length.", ints(1, 90), lo=1, hi=600, aliases=("duration",)),
            opt(
                "label",
                "string",
                "Name of the timer.",
                pick(("pasta", "tea", "laundry", "break")),
                None,
            ),
        ),
        clauses=(
            "set a[ {label}] timer for {minutes} minutes",
            "start a {minutes}-minute timer[ called {label}]",
        ),
        answer="Timer set for {minutes} minutes.",
        run=lambda minutes, label: {"minutes": minutes, "label": label},
    ),
)

MESSAGE_FAMILIES = (
    Family(
        key="send_email",
        domain="messaging",
        names=("send email", "email send", "compose email", "send mail"),
        docs=("Send an e-mail.",),
        params=(
            arg(
                "to",
                "string",
                "Recipient address.",
                emails(),
                form="email",
                aliases=("recipient", "to_address"),
                noun="recipient",
            ),
            arg("subject", "string", "Subject line.", quoted(SUBJECTS), aliases=("title",)),
            arg("body", "string", "Message text.", quoted(BODIES), aliases=("text", "content")),
            opt("cc", "string[]", "Copy to.", email_lists(), [], form="email"),
        ),
        clauses=(
            "email {to} with the subject {subject} saying {body}[ and cc {cc}]",
            "send an email[ to {to}] titled {subject}: {body}",
        ),
        answer="Sent to {to} (id {message_id}).",
        run=lambda to, subject, body, cc: {
            "to": to,
            "status": "sent",
            "message_id": f"msg-{seeded(to, subject).randint(10000, 99999)}",
        },
    ),
    Family(
        key="send_text",
        domain="messaging",
        names=("send sms", "send text message", "text message"),
        docs=("Send a text message to a phone number.",),
        params=(
            arg(
                "phone_number",
                "string",
                "Number to text.",
                phones(),
                aliases=("to", "number"),
                noun="phone number",
            ),
            arg("message", "string", "Text.", quoted(BODIES), aliases=("text",)),
        ),
        clauses=(
            "text {phone_number} the message {message}",
            "send an SMS[ to {phone_number}] saying {message}",
        ),
        answer="Text delivered to {to}.",
        run=lambda phone_number, message: {"to": phone_number, "status": "delivered"},
    ),
    Family(
        key="post_chat_message",
        domain="messaging",
        names=("post message", "chat post", "send channel message"),
        docs=("Post a message in a team chat channel.",),
        params=(
            arg(
                "channel", "string", "Channel such as #general.", pick(CHANNELS), aliases=("room",)
            ),
            arg("text", "string", "Message.", quoted(BODIES), aliases=("message",)),
            flag(
                "urgent",
                "Notify everyone.",
                (" and mark it urgent",),
                (" without notifying everyone",),
                default=False,
            ),
        ),
        clauses=("post {text} in {channel}[{urgent}]", "write {text} to the {channel} channel"),
        answer="Posted in {channel}.",
        run=lambda channel, text, urgent: {"channel": channel, "urgent": urgent},
    ),
)

SHOP_FAMILIES = (
    Family(
        key="track_order",
        domain="shopping",
        names=("track order", "order status", "get order status"),
        docs=("Where an order is and when it arrives.",),
        params=(
            arg(
                "order_id",
                "string",
                "Order number.",
                _ORDER,
                aliases=("order_number",),
                noun="order number",
            ),
        ),
        clauses=("track my order[ {order_id}]", "check the status of order {order_id}"),
        questions=("Where is my order {order_id}?",),
        answer="Order {order_id} is {status}, arriving {eta}.",
        run=_order_status,
    ),
    Family(
        key="search_products",
        domain="shopping",
        names=("search products", "find product", "product search", "shop search"),
        docs=("Search the shop's catalogue.",),
        params=(
            arg(
                "query",
                "string",
                "What to look for.",
                pick(PRODUCTS),
                aliases=("keywords", "search_term"),
            ),
            opt(
                "max_price",
                "number",
                "Highest price.",
                ints(20, 300),
                None,
                lo=1,
                aliases=("budget",),
            ),
            choice("category", "Department.", _CATEGORIES, default=None),
            flag(
                "in_stock",
                "Only items in stock.",
                (" that are in stock",),
                (" even if out of stock",),
                default=False,
                aliases=("available",),
            ),
        ),
        clauses=(
            "search for {query}[ under {max_price}][ in {category}][{in_stock}]",
            "find me {query}[ for at most {max_price}][{in_stock}]",
        ),
        answer="Top result: {product} for {price}.",
        run=_products,
    ),
    Family(
        key="add_to_cart",
        domain="shopping",
        names=("add to cart", "cart add", "add item"),
        docs=("Put a product in the shopping cart.",),
        params=(
            arg(
                "product_id",
                "string",
                "Product code.",
                codes("SKU-", 6),
                aliases=("sku", "item_id"),
                noun="product code",
            ),
            arg(
                "quantity",
                "integer",
                "How many.",
                ints(1, 6),
                lo=1,
                hi=99,
                aliases=("qty", "count"),
            ),
        ),
        clauses=(
            "add {quantity} of {product_id} to my cart",
            "put {quantity} x {product_id} in the basket",
        ),
        answer="Added {quantity} x {product_id}.",
        run=lambda product_id, quantity: {"product_id": product_id, "quantity": quantity},
    ),
    Family(
        key="cancel_order",
        domain="shopping",
        names=("cancel order", "order cancel", "cancel purchase"),
        docs=("Cancel an order and refund it.",),
        params=(
            arg(
                "order_id",
                "string",
                "Order number.",
                _ORDER,
                aliases=("order_number",),
                noun="order number",
            ),
            opt(
                "reason",
                "string",
                "Why.",
                quoted(("ordered by mistake", "found it cheaper", "arrives too late")),
                None,
            ),
        ),
        clauses=("cancel order {order_id}[ because {reason}]", "cancel my order[ {order_id}]"),
        answer="Order {order_id} cancelled, refund {refund}.",
        run=lambda order_id, reason: {
            "order_id": order_id,
            "refund": round(seeded("refund", order_id).uniform(10, 400), 2),
        },
    ),
)
