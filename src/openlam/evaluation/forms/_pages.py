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

import html
import json
import random
from dataclasses import dataclass, field
from typing import Literal

After = Literal["hide", "keep", "replace"]
AFTER: tuple[After, ...] = ("hide", "keep", "replace")
FieldKind = Literal["text", "email", "tel", "number", "textarea", "select", "radio", "checkbox"]

FIRST = (
    "Alice",
    "Ben",
    "Chloe",
    "Daniel",
    "Emma",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nils",
    "Olivia",
    "Pablo",
    "Rosa",
    "Samir",
    "Tara",
    "Yusuf",
)
LAST = (
    "Meyer",
    "Okafor",
    "Lindqvist",
    "Rossi",
    "Nakamura",
    "Dubois",
    "Kowalski",
    "Santos",
    "Brennan",
    "Haddad",
    "Novak",
    "Fischer",
    "Moreau",
    "Costa",
    "Varga",
    "Ito",
)
DOMAINS = ("example.com", "example.org", "mail.test", "inbox.test", "post.example.net")
SITES = (
    "Juniper Tea House",
    "Riverside Climbing",
    "Northwind Library",
    "Copper Kettle Cafe",
    "Greenfield Garden Club",
    "Harbour Yoga",
    "Pixel & Paper",
    "Old Town Cinema",
    "Sunrise Dental",
    "Maple Street Vet",
    "Blue Fin Swim School",
    "Atlas Bikes",
    "Lumen Photo Studio",
    "Cedar Hill Choir",
    "Westbrook Makerspace",
    "Tidewater Kayaks",
)
THEMES = (
    ("#7a4b2a", "#f6f3ee"),
    ("#1f4e79", "#eef3f8"),
    ("#2f6b3a", "#f0f6f0"),
    ("#6b2f5e", "#f7f0f5"),
    ("#333333", "#f4f4f4"),
    ("#8a5a00", "#fbf6ea"),
)
NAV = ("Home", "About", "Events", "Contact", "Blog", "Shop", "Prices", "FAQ")


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


@dataclass(frozen=True)
class _Kind:
    """A form kind: its title, fields, intent phrasings, button and confirmations."""

    title: str
    button: tuple[str, ...]
    intents: tuple[str, ...]
    confirmations: tuple[str, ...]
    answer: str


_KINDS: dict[str, _Kind] = {
    "newsletter": _Kind(
        "Join our newsletter",
        ("Subscribe", "Sign up", "Join"),
        (
            "Add {email} to the {site} newsletter",
            "Sign me up for the {site} newsletter as {email}",
            "Please join the mailing list using {email}",
        ),
        (
            "Welcome aboard! Check {email} for our first issue.",
            "You're on the list, {email}.",
            "Subscription confirmed for {email}.",
        ),
        "subscribed",
    ),
    "contact": _Kind(
        "Contact us",
        ("Send", "Send message", "Submit"),
        (
            "Send {site} a message as {name} ({email}): {message}",
            'Use the contact form to write "{message}" from {name}, {email}',
            "Contact {site}: my name is {name}, my email is {email}, and the message is: {message}",
        ),
        (
            "Thank you, {name}. We received your message.",
            "Message sent. We'll reply to {email}.",
            "Your message is on its way, {name}!",
        ),
        "sent",
    ),
    "rsvp": _Kind(
        "RSVP",
        ("RSVP", "Reply", "Confirm attendance"),
        (
            "RSVP to the {site} evening for {name} with {guests} guests",
            "Reply that {name} is coming and bringing {guests} guests",
            "Confirm attendance for {name}, party of {guests}",
        ),
        (
            "See you there, {name}! Seats reserved: {guests}.",
            "RSVP received for {name}.",
            "Thanks {name}, your reply is saved.",
        ),
        "confirmed",
    ),
    "waitlist": _Kind(
        "Join the waitlist",
        ("Join waitlist", "Add me", "Join"),
        (
            "Put {name} on the waitlist with the email {email}",
            "Add me to the {site} waitlist: {name}, {email}",
            "Join the waitlist as {name} using {email}",
        ),
        (
            "You're on the waitlist, {name}.",
            "Added {email} to the waitlist.",
            "Waitlist spot saved for {name}.",
        ),
        "added",
    ),
    "callback": _Kind(
        "Request a callback",
        ("Request callback", "Call me back", "Submit request"),
        (
            "Ask {site} to call {name} back on {phone}",
            "Request a callback for {name} at {phone}",
            "I'd like a call back: {name}, phone {phone}",
        ),
        (
            "We'll call {phone} soon.",
            "Callback requested for {name}.",
            "Thanks {name}, expect our call.",
        ),
        "requested",
    ),
    "feedback": _Kind(
        "Share your feedback",
        ("Send feedback", "Submit", "Share"),
        (
            "Leave feedback for {site} rating it {rating}: {message}",
            'Give {site} a rating of {rating} with the comment "{message}"',
            "Send feedback: {rating}, and say {message}",
        ),
        (
            "Thanks for your feedback!",
            "Feedback received. Thank you!",
            "We appreciate your feedback.",
        ),
        "sent",
    ),
    "volunteer": _Kind(
        "Volunteer with us",
        ("Sign up", "Volunteer", "Register"),
        (
            "Sign {name} up to volunteer on {day}, email {email}",
            "Register {name} ({email}) as a volunteer for {day}",
            "Volunteer for {day} as {name} with the email {email}",
        ),
        (
            "Thank you, {name}! See you on {day}.",
            "Volunteer registration received.",
            "You're signed up for {day}, {name}.",
        ),
        "registered",
    ),
    "quote": _Kind(
        "Get a quote",
        ("Request quote", "Get quote", "Submit"),
        (
            "Ask {site} for a quote for {company}, contact {name} at {email}",
            "Request a quote: company {company}, name {name}, email {email}",
            "Get a quote sent to {email} for {name} of {company}",
        ),
        (
            "Quote request received from {company}.",
            "We'll send a quote to {email}.",
            "Thanks {name}, your request is in.",
        ),
        "requested",
    ),
    # held out (split test): kinds never seen in training
    "appointment": _Kind(
        "Book an appointment",
        ("Book", "Book appointment", "Request appointment"),
        (
            "Book an appointment at {site} for {name} on {day} at {time}",
            "Make an appointment for {name}, {day}, {time}",
            "Request a {time} slot on {day} for {name}",
        ),
        (
            "Appointment requested for {day} at {time}.",
            "Booked: {name}, {day} {time}.",
            "Thanks {name}, we'll confirm {day} at {time}.",
        ),
        "booked",
    ),
    "support": _Kind(
        "Open a support ticket",
        ("Open ticket", "Submit ticket", "Send"),
        (
            "Open a support ticket about {topic} from {email}: {message}",
            "File a {topic} ticket with {site}, email {email}, describing: {message}",
            "Report a {topic} problem as {email}: {message}",
        ),
        (
            "Ticket opened. We'll write to {email}.",
            "Support ticket received.",
            "Thanks, your {topic} ticket is open.",
        ),
        "opened",
    ),
    "membership": _Kind(
        "Become a member",
        ("Join", "Become a member", "Apply"),
        (
            "Apply for {plan} membership at {site} as {name}, {email}",
            "Sign {name} up for the {plan} plan with the email {email}",
            "Become a {plan} member: {name}, {email}",
        ),
        (
            "Welcome, {name}! Your {plan} membership is pending.",
            "Application received.",
            "Thanks {name}, we'll email {email} about your {plan} plan.",
        ),
        "applied",
    ),
}

TRAIN_KINDS = (
    "newsletter",
    "contact",
    "rsvp",
    "waitlist",
    "callback",
    "feedback",
    "volunteer",
    "quote",
)
TEST_KINDS = ("appointment", "support", "membership")

_MESSAGES = (
    "Do you bake rye bread on Sundays?",
    "Is the hall wheelchair accessible?",
    "Can I bring my dog?",
    "Please send me your opening hours.",
    "The website checkout was slow today.",
    "Loved the workshop, thank you!",
    "Could you add more evening classes?",
    "My order arrived damaged.",
    "Is parking available nearby?",
    "The staff were very friendly.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIMES = ("9:00", "10:30", "12:00", "14:00", "15:30", "17:00")
_TOPICS = ("Billing", "Login", "Delivery", "Account", "Refund")
_PLANS = ("Basic", "Standard", "Premium")
_RATINGS = ("Excellent", "Good", "Okay", "Poor")


def generate(kind: str, seed: int) -> FormTask:
    """The page and task of ``kind`` for ``seed`` (the same for the same pair)."""
    spec = _KINDS[kind]
    rng = random.Random(f"forms/{kind}/{seed}")
    site = rng.choice(SITES)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    values = {
        "site": site,
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}@{rng.choice(DOMAINS)}",
        "phone": f"0{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        "guests": str(rng.randint(1, 6)),
        "message": rng.choice(_MESSAGES),
        "company": f"{rng.choice(LAST)} {rng.choice(('GmbH', 'Ltd', 'and Sons', 'Studio'))}",
        "day": rng.choice(_DAYS),
        "time": rng.choice(_TIMES),
        "topic": rng.choice(_TOPICS),
        "plan": rng.choice(_PLANS),
        "rating": rng.choice(_RATINGS),
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
    page = _render(task, spec.title, rng)
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
                options=_RATINGS,
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
                options=("Choose a day", *_DAYS),
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
                options=("Choose", *_DAYS),
                default="Choose",
                wanted=v["day"],
            ),
            Field(
                "time",
                _label(rng, "Time", "Preferred time"),
                "select",
                True,
                options=("Choose", *_TIMES),
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
                options=_TOPICS,
                default=_TOPICS[0],
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
                options=_PLANS,
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


def _render(task: FormTask, title: str, rng: random.Random) -> str:
    accent, background = rng.choice(THEMES)
    nav = rng.sample(NAV, rng.randint(2, 4))
    controls = "\n".join(_control(f) for f in task.fields)
    esc = html.escape
    schema = json.dumps(
        [
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind,
                "required": f.required,
                "default": f.default,
            }
            for f in task.fields
        ]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} — {esc(task.site)}</title>
<style>
body {{ font-family: system-ui, sans-serif; background: {background}; margin: 0; }}
header {{ background: {accent}; color: #fff; padding: 14px 28px; font-size: 20px; }}
nav a {{ color: #fff; margin-left: 16px; font-size: 14px; }}
main {{ max-width: 540px; margin: 32px auto; background: #fff; padding: 24px 30px;
        border-radius: 8px; }}
label {{ display: block; margin: 12px 0 4px; font-weight: 600; }}
input, textarea, select {{ width: 100%; padding: 7px; font-size: 15px; box-sizing: border-box; }}
input[type=checkbox], input[type=radio] {{ width: auto; }}
.choice {{ font-weight: normal; display: inline-block; margin-right: 12px; }}
button {{ margin-top: 16px; background: {accent}; color: #fff; border: 0; padding: 9px 18px;
          font-size: 15px; border-radius: 6px; }}
#error {{ color: #a00; }} #done {{ color: #1d6b2f; font-weight: 600; }}
</style></head>
<body>
<header>{esc(task.site)} <nav>{"".join(f'<a href="#">{esc(n)}</a>' for n in nav)}</nav></header>
<main id="main">
<h1>{esc(title)}</h1>
<form id="form" novalidate>
{controls}
<button type="submit">{esc(task.button)}</button>
</form>
<p id="error" hidden></p><p id="done" hidden></p>
</main>
<script>
const FIELDS = {schema};
const AFTER = {json.dumps(task.after)};
const DONE = {json.dumps(task.confirmation)};
window.__openlamForm = {{valid: 0, invalid: 0, last: null}};
function read(f) {{
  if (f.kind === "checkbox") return String(document.getElementById(f.key).checked);
  if (f.kind === "radio") {{
    const on = document.querySelector(`input[name="${{f.key}}"]:checked`);
    return on ? on.value : "";
  }}
  return document.getElementById(f.key).value.trim();
}}
document.getElementById("form").addEventListener("submit", (event) => {{
  event.preventDefault();
  const values = {{}};
  let problem = "";
  for (const f of FIELDS) {{
    values[f.key] = read(f);
    const empty = values[f.key] === "" || (f.kind === "select" && values[f.key] === f.default
                                            && f.default.startsWith("Choose"));
    if (!problem && f.required && empty) problem = `Please fill in ${{f.label}}.`;
    const email = /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/;
    if (!problem && f.kind === "email" && values[f.key] && !email.test(values[f.key]))
      problem = "Please enter a valid email address.";
  }}
  const error = document.getElementById("error");
  if (problem) {{
    window.__openlamForm.invalid += 1;
    error.textContent = problem; error.hidden = false; return;
  }}
  error.hidden = true;
  window.__openlamForm.valid += 1;
  window.__openlamForm.last = values;
  const done = document.getElementById("done");
  done.textContent = DONE; done.hidden = false;
  if (AFTER === "hide") document.getElementById("form").hidden = true;
  if (AFTER === "keep") document.getElementById("form").reset();
  if (AFTER === "replace") {{
    const main = document.getElementById("main");
    main.replaceChildren(done);
  }}
}});
</script>
</body></html>
"""


def _control(f: Field) -> str:
    esc = html.escape
    if f.kind == "checkbox":
        checked = " checked" if f.default == "true" else ""
        return (
            f'<label class="choice"><input id="{f.key}" type="checkbox"{checked}> '
            f"{esc(f.label)}</label>"
        )
    if f.kind == "radio":
        items = "".join(
            f'<label class="choice"><input type="radio" name="{f.key}" value="{esc(o)}"> '
            f"{esc(o)}</label>"
            for o in f.options
        )
        return f"<fieldset><legend>{esc(f.label)}</legend>{items}</fieldset>"
    head = f'<label for="{f.key}">{esc(f.label)}</label>'
    if f.kind == "select":
        options = "".join(f"<option>{esc(o)}</option>" for o in f.options)
        return f'{head}<select id="{f.key}">{options}</select>'
    if f.kind == "textarea":
        return f'{head}<textarea id="{f.key}" rows="3"></textarea>'
    return f'{head}<input id="{f.key}" type="{f.kind}">'
