"""Values for synthetic function calls: the argument a call carries and how a person writes it.

A sampler draws one ``Value`` from a seeded ``random.Random``. Most strings are copied into the
call as written ("San Francisco, CA"); dates and times are written several ways but always
passed as ISO ``YYYY-MM-DD`` and 24-hour ``HH:MM``, the convention every tool here follows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Value:
    """One argument value: ``arg`` goes into the call, ``text`` into the query."""

    arg: Any
    text: str


Sampler = Callable[[random.Random], Value]
"""Draws one value."""

# city -> (latitude, longitude, UTC offset in hours, how else it is written)
CITIES: dict[str, tuple[float, float, float, str]] = {
    "Paris": (48.86, 2.35, 1, "Paris, France"),
    "London": (51.51, -0.13, 0, "London, UK"),
    "Berlin": (52.52, 13.40, 1, "Berlin, Germany"),
    "Madrid": (40.42, -3.70, 1, "Madrid, Spain"),
    "Rome": (41.90, 12.50, 1, "Rome, Italy"),
    "Oslo": (59.91, 10.75, 1, "Oslo, Norway"),
    "Stockholm": (59.33, 18.07, 1, "Stockholm, Sweden"),
    "Helsinki": (60.17, 24.94, 2, "Helsinki, Finland"),
    "Lisbon": (38.72, -9.14, 0, "Lisbon, Portugal"),
    "Dublin": (53.35, -6.26, 0, "Dublin, Ireland"),
    "Amsterdam": (52.37, 4.90, 1, "Amsterdam, Netherlands"),
    "Vienna": (48.21, 16.37, 1, "Vienna, Austria"),
    "Prague": (50.08, 14.44, 1, "Prague, Czech Republic"),
    "Warsaw": (52.23, 21.01, 1, "Warsaw, Poland"),
    "Athens": (37.98, 23.73, 2, "Athens, Greece"),
    "Istanbul": (41.01, 28.98, 3, "Istanbul, Turkey"),
    "Reykjavik": (64.15, -21.94, 0, "Reykjavik, Iceland"),
    "Cairo": (30.04, 31.24, 2, "Cairo, Egypt"),
    "Nairobi": (-1.29, 36.82, 3, "Nairobi, Kenya"),
    "Lagos": (6.52, 3.38, 1, "Lagos, Nigeria"),
    "Cape Town": (-33.92, 18.42, 2, "Cape Town, South Africa"),
    "Dubai": (25.20, 55.27, 4, "Dubai, UAE"),
    "Mumbai": (19.08, 72.88, 5.5, "Mumbai, India"),
    "Bangkok": (13.76, 100.50, 7, "Bangkok, Thailand"),
    "Singapore": (1.35, 103.82, 8, "Singapore"),
    "Hanoi": (21.03, 105.85, 7, "Hanoi, Vietnam"),
    "Beijing": (39.90, 116.41, 8, "Beijing, China"),
    "Seoul": (37.57, 126.98, 9, "Seoul, South Korea"),
    "Tokyo": (35.68, 139.69, 9, "Tokyo, Japan"),
    "Kyoto": (35.01, 135.77, 9, "Kyoto, Japan"),
    "Sydney": (-33.87, 151.21, 10, "Sydney, Australia"),
    "Auckland": (-36.85, 174.76, 12, "Auckland, New Zealand"),
    "Toronto": (43.65, -79.38, -5, "Toronto, ON"),
    "Montreal": (45.50, -73.57, -5, "Montreal, Canada"),
    "Vancouver": (49.28, -123.12, -8, "Vancouver, BC"),
    "New York": (40.71, -74.01, -5, "New York, NY"),
    "Boston": (42.36, -71.06, -5, "Boston, MA"),
    "Chicago": (41.88, -87.63, -6, "Chicago, IL"),
    "Austin": (30.27, -97.74, -6, "Austin, TX"),
    "Denver": (39.74, -104.99, -7, "Denver, CO"),
    "Seattle": (47.61, -122.33, -8, "Seattle, WA"),
    "San Francisco": (37.77, -122.42, -8, "San Francisco, CA"),
    "Miami": (25.76, -80.19, -5, "Miami, FL"),
    "Mexico City": (19.43, -99.13, -6, "Mexico City, Mexico"),
    "São Paulo": (-23.55, -46.63, -3, "São Paulo, Brazil"),
    "Buenos Aires": (-34.60, -58.38, -3, "Buenos Aires, Argentina"),
    "Lima": (-12.05, -77.04, -5, "Lima, Peru"),
}
COUNTRY_CAPITALS = {
    "France": "Paris",
    "Japan": "Tokyo",
    "Kenya": "Nairobi",
    "Canada": "Ottawa",
    "Australia": "Canberra",
    "Brazil": "Brasília",
    "Norway": "Oslo",
    "Egypt": "Cairo",
    "Peru": "Lima",
    "Vietnam": "Hanoi",
    "Turkey": "Ankara",
    "Switzerland": "Bern",
    "New Zealand": "Wellington",
    "Morocco": "Rabat",
    "Argentina": "Buenos Aires",
    "South Korea": "Seoul",
    "Portugal": "Lisbon",
    "Poland": "Warsaw",
    "India": "New Delhi",
    "Mexico": "Mexico City",
}
CURRENCIES: dict[str, tuple[float, tuple[str, ...]]] = {  # units per US dollar, names
    "USD": (1.0, ("USD", "US dollars", "dollars")),
    "EUR": (0.92, ("EUR", "euros")),
    "GBP": (0.79, ("GBP", "British pounds", "pounds sterling")),
    "JPY": (150.0, ("JPY", "Japanese yen", "yen")),
    "CHF": (0.88, ("CHF", "Swiss francs")),
    "CAD": (1.36, ("CAD", "Canadian dollars")),
    "AUD": (1.52, ("AUD", "Australian dollars")),
    "INR": (83.0, ("INR", "Indian rupees", "rupees")),
    "CNY": (7.2, ("CNY", "Chinese yuan", "yuan")),
    "SEK": (10.5, ("SEK", "Swedish kronor")),
    "MXN": (17.0, ("MXN", "Mexican pesos")),
    "BRL": (5.0, ("BRL", "Brazilian reais")),
}
STOCKS = ("AAPL", "MSFT", "GOOGL", "AMZN", "TSLA", "NVDA", "META", "NFLX", "IBM", "KO", "DIS")
COINS = ("Bitcoin", "Ethereum", "Solana", "Cardano", "Dogecoin", "Litecoin", "bitcoin", "ETH")
AIRPORTS = ("JFK", "LAX", "SFO", "ORD", "LHR", "CDG", "FRA", "AMS", "MAD", "NRT", "SIN", "DXB")
FIRST_NAMES = ("Maya", "Liam", "Aisha", "Kenji", "Sofia", "Noah", "Priya", "Lucas", "Elena", "Omar")
LAST_NAMES = ("Garcia", "Chen", "Okafor", "Nakamura", "Rossi", "Smith", "Patel", "Novak", "Kim")
MAIL_DOMAINS = ("example.com", "mail.test", "company.org", "acme.io")
TEAMS = (
    "Arsenal",
    "Real Madrid",
    "FC Barcelona",
    "Bayern Munich",
    "Juventus",
    "Liverpool",
    "Boston Celtics",
    "Los Angeles Lakers",
    "Golden State Warriors",
    "Chicago Bulls",
    "New York Yankees",
    "Manchester City",
    "Ajax",
)
PLAYERS = (
    "Lionel Messi",
    "LeBron James",
    "Serena Williams",
    "Erling Haaland",
    "Stephen Curry",
    "Shohei Ohtani",
    "Kylian Mbappé",
    "Giannis Antetokounmpo",
)
SONGS = (
    "Bohemian Rhapsody",
    "Imagine",
    "Hey Jude",
    "Billie Jean",
    "Rolling in the Deep",
    "Hotel California",
    "Blinding Lights",
    "Wonderwall",
    "Dancing Queen",
    "Superstition",
    "Take Five",
    "Clair de Lune",
)
ARTISTS = ("Queen", "The Beatles", "Adele", "ABBA", "Stevie Wonder", "The Weeknd", "Nina Simone")
MOVIES = (
    "Inception",
    "The Matrix",
    "Spirited Away",
    "Parasite",
    "Casablanca",
    "Jurassic Park",
    "Amélie",
    "Interstellar",
    "Coco",
    "Arrival",
)
# food -> (kcal, protein g, carbohydrate g) per 100 g
FOODS: dict[str, tuple[float, float, float]] = {
    "apple": (52, 0.3, 14),
    "banana": (89, 1.1, 23),
    "cooked rice": (130, 2.7, 28),
    "chicken breast": (165, 31, 0),
    "salmon": (208, 20, 0),
    "broccoli": (34, 2.8, 7),
    "egg": (155, 13, 1.1),
    "oats": (389, 17, 66),
    "almonds": (579, 21, 22),
    "avocado": (160, 2, 9),
    "potato": (77, 2, 17),
    "tofu": (76, 8, 1.9),
    "cheddar cheese": (403, 25, 1.3),
    "lentils": (116, 9, 20),
}
INGREDIENTS = (
    "chicken",
    "rice",
    "tomatoes",
    "garlic",
    "spinach",
    "eggs",
    "mushrooms",
    "potatoes",
    "tofu",
    "chickpeas",
    "basil",
    "lemon",
    "pasta",
    "carrots",
    "coconut milk",
    "ginger",
)
CUISINES = ("Italian", "Japanese", "Mexican", "Thai", "Indian", "French", "Ethiopian", "Greek")
RESTAURANTS = (
    "Luigi's Trattoria",
    "Sakura Sushi",
    "El Fuego",
    "Bangkok Garden",
    "Le Petit Bistro",
    "The Green Table",
    "Spice Route",
    "Blue Harbor Grill",
)
PRODUCTS = (
    "wireless headphones",
    "running shoes",
    "coffee grinder",
    "yoga mat",
    "USB-C cable",
    "desk lamp",
    "hiking backpack",
    "water bottle",
    "mechanical keyboard",
    "air fryer",
)
ROOMS = ("kitchen", "living room", "bedroom", "bathroom", "office", "hallway", "dining room")
SENTENCES = (
    "The quick brown fox jumps over the lazy dog",
    "To be or not to be, that is the question",
    "Pack light and travel far",
    "Meeting moved to Thursday at 3 pm",
    "Data beats opinions every single time",
    "Hello world from the command line",
    "Keep calm and carry on",
    "All that glitters is not gold",
)
EVENT_TITLES = (
    "Team standup",
    "Dentist appointment",
    "Lunch with Maya",
    "Project review",
    "Yoga class",
    "Quarterly planning",
    "Parent-teacher meeting",
    "Book club",
)
CHORES = (
    "call mom",
    "pay the electricity bill",
    "water the plants",
    "submit the expense report",
    "pick up the dry cleaning",
    "renew my passport",
)
SUBJECTS = ("Quarterly report", "Dinner on Friday?", "Invoice 2231", "Meeting notes", "Welcome!")
BODIES = (
    "The report is attached.",
    "Are you free at 7?",
    "Please find the invoice below.",
    "Notes from today are in the shared folder.",
    "Glad to have you on the team.",
)
CHANNELS = ("#general", "#engineering", "#random", "#design", "#support")
AUTHORS = (
    "Jane Austen",
    "Haruki Murakami",
    "Toni Morrison",
    "Agatha Christie",
    "Isaac Asimov",
    "Ursula K. Le Guin",
    "Chinua Achebe",
)
FOLDERS = ("/home/alex/documents", "~/Downloads", "./src", "/var/log", "C:\\Users\\sam\\Pictures")
FORMULAS = ("H2O", "CO2", "NaCl", "C6H12O6", "NH3", "CH4", "H2SO4", "CaCO3", "C2H6O", "KCl")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def pick(pool: Sequence[str]) -> Sampler:
    """One of ``pool``, passed as written."""
    return lambda rng: _same(rng.choice(pool))


def mapped(says: Mapping[Any, Sequence[str]]) -> Sampler:
    """One key of ``says`` as the argument, written as one of its phrasings."""
    keys = list(says)
    return lambda rng: _said(rng.choice(keys), says, rng)


def _said(key: Any, says: Mapping[Any, Sequence[str]], rng: random.Random) -> Value:
    return Value(key, rng.choice(says[key]))


def _same(text: str) -> Value:
    return Value(text, text)


def quoted(pool: Sequence[str]) -> Sampler:
    """A phrase of ``pool`` written in quotes; the argument is the phrase without them."""
    return lambda rng: _quote(rng.choice(pool))


def _quote(text: str) -> Value:
    return Value(text, f'"{text}"')


def ints(lo: int, hi: int) -> Sampler:
    """An integer in ``lo..hi``; large ones are sometimes written with thousands separators."""

    def draw(rng: random.Random) -> Value:
        n = rng.randint(lo, hi)
        text = f"{n:,}" if abs(n) >= 10000 and rng.random() < 0.3 else str(n)
        return Value(n, text)

    return draw


def numbers(lo: float, hi: float, places: int = 2) -> Sampler:
    """A number in ``lo..hi``: half the time a whole one (passed as an int, as it is written)."""

    def draw(rng: random.Random) -> Value:
        x = round(rng.uniform(lo, hi), places)
        if rng.random() < 0.5 or float(x).is_integer():
            n = round(x)
            return Value(n, str(n))
        return Value(x, repr(x))

    return draw


def dates(first_year: int = 2024, last_year: int = 2026) -> Sampler:
    """A date passed as ``YYYY-MM-DD``, written in one of several formats."""

    def draw(rng: random.Random) -> Value:
        start = dt.date(first_year, 1, 1).toordinal()
        day = dt.date.fromordinal(rng.randint(start, dt.date(last_year, 12, 31).toordinal()))
        return Value(day.isoformat(), _written_date(day, rng))

    return draw


def _written_date(day: dt.date, rng: random.Random) -> str:
    month = _MONTHS[day.month - 1]
    return rng.choice(
        (
            day.isoformat(),
            f"{month} {day.day}, {day.year}",
            f"{day.day} {month} {day.year}",
            f"{month[:3]} {day.day}, {day.year}",
            f"{day.day} {month[:3]} {day.year}",
        )
    )


def times() -> Sampler:
    """A time of day passed as 24-hour ``HH:MM``, written as ``19:30``, ``7:30 pm`` or ``7 PM``."""

    def draw(rng: random.Random) -> Value:
        hour, minute = rng.randint(6, 22), rng.choice((0, 0, 15, 30, 45))
        arg = f"{hour:02d}:{minute:02d}"
        twelve = f"{(hour - 1) % 12 + 1}{f':{minute:02d}' if minute else ''}"
        suffix = "am" if hour < 12 else "pm"
        text = rng.choice((arg, f"{twelve} {suffix}", f"{twelve} {suffix.upper()}"))
        return Value(arg, text)

    return draw


def listing(items: Sequence[str], rng: random.Random) -> str:
    """``a, b and c`` or ``a, b, c``."""
    if len(items) == 1:
        return items[0]
    if rng.random() < 0.7:
        return ", ".join(items[:-1]) + " and " + items[-1]
    return ", ".join(items)


def string_lists(pool: Sequence[str], lo: int = 2, hi: int = 4) -> Sampler:
    """A few distinct items of ``pool``, written as a list."""

    def draw(rng: random.Random) -> Value:
        chosen = rng.sample(list(pool), rng.randint(lo, min(hi, len(pool))))
        return Value(chosen, listing(chosen, rng))

    return draw


def number_lists(lo: float, hi: float, count: tuple[int, int], places: int = 0) -> Sampler:
    """A list of numbers (integers when ``places`` is 0)."""

    def draw(rng: random.Random) -> Value:
        size = rng.randint(*count)
        raw = [round(rng.uniform(lo, hi), places) for _ in range(size)]
        values: list[Any] = [round(x) for x in raw] if places == 0 else raw
        written = [str(v) for v in values]
        if rng.random() < 0.2:
            return Value(values, f"[{', '.join(written)}]")
        return Value(values, listing(written, rng))

    return draw


def points(lo: int = -20, hi: int = 20) -> Sampler:
    """A point ``{"x": .., "y": ..}`` written as ``(x, y)``."""

    def draw(rng: random.Random) -> Value:
        x, y = rng.randint(lo, hi), rng.randint(lo, hi)
        return Value({"x": x, "y": y}, f"({x}, {y})")

    return draw


def cities() -> Sampler:
    """A city, sometimes with its country or state ("Austin, TX"), passed as written."""

    def draw(rng: random.Random) -> Value:
        name = rng.choice(list(CITIES))
        return _same(CITIES[name][3] if rng.random() < 0.35 else name)

    return draw


def emails() -> Sampler:
    """An e-mail address."""

    def draw(rng: random.Random) -> Value:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return _same(f"{first.lower()}.{last.lower()}@{rng.choice(MAIL_DOMAINS)}")

    return draw


def email_lists() -> Sampler:
    """One to three e-mail addresses."""
    one = emails()

    def draw(rng: random.Random) -> Value:
        chosen = sorted({one(rng).text for _ in range(rng.randint(1, 3))})
        return Value(chosen, listing(chosen, rng))

    return draw


def phones() -> Sampler:
    """A phone number, passed as written."""

    def draw(rng: random.Random) -> Value:
        digits = f"{rng.randint(200, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        return _same(rng.choice(("+1 ", "+44 ", "+49 ", "")) + digits)

    return draw


def codes(prefix: str, digits: int = 5) -> Sampler:
    """An identifier such as ``ORD-48213``."""
    return lambda rng: _same(f"{prefix}{rng.randint(10 ** (digits - 1), 10**digits - 1)}")


def currencies() -> Sampler:
    """A currency code, written as the code or a name ("euros"); passed as the code."""
    return mapped({code: names for code, (_, names) in CURRENCIES.items()})


def seasons() -> Sampler:
    """A season such as ``2023-24``."""

    def draw(rng: random.Random) -> Value:
        year = rng.randint(2015, 2024)
        return _same(f"{year}-{(year + 1) % 100:02d}")

    return draw


def seeded(*parts: Any) -> random.Random:
    """A generator seeded by ``parts``: the same arguments always give the same result."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def clock(rng: random.Random, lo: int, hi: int) -> str:
    """A time of day ``HH:MM`` with the hour in ``lo..hi``."""
    return f"{rng.randint(lo, hi):02d}:{rng.choice((0, 10, 20, 30, 40, 50)):02d}"
