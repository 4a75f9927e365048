"""What the generated forms are made of: the kinds (title, button, intent phrasings,
confirmations, the answer a finished run gives), which split each kind is in, and the pools of
sites, names and values a seed draws from."""

from __future__ import annotations

from dataclasses import dataclass

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
class _Kind:
    """A form kind: its title, fields, intent phrasings, button and confirmations."""

    title: str
    button: tuple[str, ...]
    intents: tuple[str, ...]
    confirmations: tuple[str, ...]
    answer: str


KINDS: dict[str, _Kind] = {
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

MESSAGES = (
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
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIMES = ("9:00", "10:30", "12:00", "14:00", "15:30", "17:00")
TOPICS = ("Billing", "Login", "Delivery", "Account", "Refund")
PLANS = ("Basic", "Standard", "Premium")
RATINGS = ("Excellent", "Good", "Okay", "Poor")
