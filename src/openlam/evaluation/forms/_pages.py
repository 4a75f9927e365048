"""Generated single-page web forms: a kind (newsletter, contact, RSVP, ...) and a seed give a page,
the person's intent, the values the form must be submitted with, and the page's confirmation.

Every page validates in its own script (empty required fields, malformed e-mail addresses) and
counts its valid submissions in ``window.__openlamForm``, which only the checker reads: the agent
sees the page through its observation like any other site. After a valid submission the page
either hides the form, keeps it (cleared) or replaces its content, and shows a confirmation.

``make demo``'s page (``examples/newsletter.html``) is kept out on purpose: no generated page has
its site, its intent's wording or its confirmation, so the demo shows the trained model on a form
it never saw (``tests/unit/test_forms.py`` checks this).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from openlam.evaluation.forms._html import render
from openlam.evaluation.forms._kinds import (
    DAYS,
    DOMAINS,
    FIRST,
    KINDS,
    LAST,
    MESSAGES,
    PLANS,
    RATINGS,
    SITES,
    TIMES,
    TOPICS,
)

After = Literal["hide", "keep", "replace"]
AFTER: tuple[After, ...] = ("hide", "keep", "replace")
FieldKind = Literal["text", "email", "tel", "number", "textarea", "select", "radio", "checkbox"]


@dataclass(frozen=True)
class Field:
    """One form control: its label, kind, options, and the value the intent asks for.

    ``wanted`` is None when the intent does not mention the field: it must keep ``default``.
    """

    key: str
    label: str
    kind: FieldKind
    required: bool = False
    options: tuple[str, ...] = ()
    default: str = ""
    wanted: str | None = None

    @property
    def expected(self) -> str:
        """The value the submission must carry (``"true"``/``"false"`` for a checkbox)."""
        return self.default if self.wanted is None else self.wanted


@dataclass(frozen=True)
class FormTask:
    """One generated page and what doing its task means."""

    kind: str
    seed: int
    site: str
    slug: str
    intent: str
    fields: tuple[Field, ...]
    button: str
    confirmation: str
    answer: str
    after: After
    html: str = field(repr=False)

    @property
    def path(self) -> str:
        """Where the page server serves the page: ``/SITE/KIND``."""
        return f"/{self.slug}/{self.kind}"

    def expected(self) -> dict[str, str]:
        """Field key → the value the single valid submission must carry."""
        return {f.key: f.expected for f in self.fields}


def generate(kind: str, seed: int) -> FormTask:
    """The page and task of ``kind`` for ``seed`` (the same for the same pair)."""
    spec = KINDS[kind]
    rng = random.Random(f"forms/{kind}/{seed}")
    site = rng.choice(SITES)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    values = {
        "site": site,
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}",
        "phone": f"0{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "guests": str(rng.randint(1, 6)),
        "message": rng.choice(MESSAGES),
        "company": f"{rng.choice(LAST)} {rng.choice(('GmbH', 'Ltd', 'and Sons', 'Studio'))}",
        "day": rng.choice(DAYS),
        "time": rng.choice(TIMES),
        "topic": rng.choice(TOPICS),
        "plan": rng.choice(PLANS),
        "rating": rng.choice(RATINGS),
    }
    fields, extra = _fields(kind, values, rng)
    intent = _with_request(rng.choice(spec.intents).format(**values), extra, values["message"])
    after = rng.choice(AFTER)
    confirmation = rng.choice(spec.confirmations).format(**values)
    button = rng.choice(spec.button)
    slug = "".join(c for c in site.lower().replace(" ", "-") if c.isalnum() or c == "-")
    task = FormTask(
        kind=kind,
        seed=seed,
        site=site,
        slug=slug,
        intent=intent,
        fields=tuple(fields),
        button=button,
        confirmation=confirmation,
        answer=spec.answer,
        after=after,
        html="",
    )
    page = render(task, spec.title, rng)
    return FormTask(**{**task.__dict__, "html": page})


def _with_request(intent: str, request: str, message: str) -> str:
    """``intent`` with the checkbox request after it, or, where the intent ends with the message
    to type, before it as a sentence of its own (so it cannot be read as part of the message)."""
    if not request or not intent.rstrip('"').endswith(message):
        return intent + request
    asked = request.strip(" ,.").removeprefix("and ").removeprefix("Please ")
    return f"Please {asked}. {intent}"


def _label(rng: random.Random, *choices: str) -> str:
    return rng.choice(choices)


def _fields(kind: str, v: dict[str, str], rng: random.Random) -> tuple[list[Field], str]:
    """The kind's fields (in page order) and the intent's request for the optional checkbox."""
    name = Field(
        "name", _label(rng, "Full name", "Your name", "Name"), "text", True, wanted=v["name"]
    )
    email = Field(
        "email",
        _label(rng, "Email address", "Email", "Your email", "E-mail"),
        "email",
        True,
        wanted=v["email"],
    )
    phone = Field(
        "phone", _label(rng, "Phone number", "Phone", "Mobile"), "tel", True, wanted=v["phone"]
    )
    message = Field(
        "message",
        _label(rng, "Message", "Your message", "Comments", "Details"),
        "textarea",
        True,
        wanted=v["message"],
    )
    extra = ""
    optional: list[Field] = []
    by_kind: dict[str, list[Field]] = {
        "newsletter": [email],
        "contact": [name, email, message],
        "rsvp": [
            name,
            Field(
                "guests",
                _label(rng, "Number of guests", "Guests", "Party size"),
                "number",
                True,
                wanted=v["guests"],
            ),
        ],
        "waitlist": [name, email],
        "callback": [name, phone],
        "feedback": [
            Field(
                "rating",
                _label(rng, "Rating", "Your rating", "Overall"),
                "radio",
                True,
                options=RATINGS,
                wanted=v["rating"],
            ),
            message,
        ],
        "volunteer": [
            name,
            email,
            Field(
                "day",
                _label(rng, "Day", "Which day?", "Preferred day"),
                "select",
                True,
                options=("Choose a day", *DAYS),
                default="Choose a day",
                wanted=v["day"],
            ),
        ],
        "quote": [
            Field(
                "company",
                _label(rng, "Company", "Organisation", "Business name"),
                "text",
                True,
                wanted=v["company"],
            ),
            name,
            email,
        ],
        "appointment": [
            name,
            Field(
                "day",
                "Day",
                "select",
                True,
                options=("Choose", *DAYS),
                default="Choose",
                wanted=v["day"],
            ),
            Field(
                "time",
                _label(rng, "Time", "Preferred time"),
                "select",
                True,
                options=("Choose", *TIMES),
                default="Choose",
                wanted=v["time"],
            ),
        ],
        "support": [
            email,
            Field(
                "topic",
                "Topic",
                "select",
                True,
                options=TOPICS,
                default=TOPICS[0],
                wanted=v["topic"],
            ),
            message,
        ],
        "membership": [
            name,
            email,
            Field(
                "plan",
                _label(rng, "Plan", "Membership"),
                "radio",
                True,
                options=PLANS,
                wanted=v["plan"],
            ),
        ],
    }
    fields = list(by_kind[kind])
    # an optional preference: a checkbox the intent may ask to change, or leave alone
    box_label = rng.choice(
        ("Weekly digest", "Send me offers", "Keep me posted", "Email me about events")
    )
    default = rng.choice(("true", "false"))
    if rng.random() < 0.4:
        wanted = "false" if default == "true" else "true"
        verb = "untick" if wanted == "false" else "tick"
        extra += rng.choice((f', and {verb} "{box_label}"', f". Please {verb} {box_label}."))
        optional.append(Field("optin", box_label, "checkbox", default=default, wanted=wanted))
    elif rng.random() < 0.5:
        optional.append(Field("optin", box_label, "checkbox", default=default))
    # an optional text field the intent does not mention: it must stay empty
    if kind not in ("callback",) and rng.random() < 0.5:
        optional.insert(0, Field("phone_opt", _label(rng, "Phone (optional)", "Phone"), "tel"))
    return fields + optional, extra
