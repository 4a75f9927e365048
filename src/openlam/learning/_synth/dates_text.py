"""Function families that compute: dates, time zones, text and passwords."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from typing import Any

from openlam.learning._synth.spec import Family, arg, choice, flag
from openlam.learning._synth.values import (
    SENTENCES,
    dates,
    emails,
    ints,
    quoted,
    times,
)

_ZONES = {"UTC": 0.0, "CET": 1.0, "EST": -5.0, "PST": -8.0, "JST": 9.0, "IST": 5.5}
_ZONES |= {"AEST": 10.0, "BRT": -3.0}
_ZONE_SAYS = {
    "UTC": ("UTC",),
    "CET": ("CET", "Central European Time"),
    "EST": ("EST", "Eastern Time"),
    "PST": ("PST", "Pacific Time"),
    "JST": ("JST", "Japan time"),
    "IST": ("IST", "India time"),
    "AEST": ("AEST", "Sydney time"),
    "BRT": ("BRT", "Brasília time"),
}
_DATE = dates()
_TEXT = quoted(SENTENCES)
_TEXT_ARG = {"aliases": ("input", "string"), "noun": "text"}


def _days_between(start_date: str, end_date: str) -> dict[str, Any]:
    days = (dt.date.fromisoformat(end_date) - dt.date.fromisoformat(start_date)).days
    return {"start_date": start_date, "end_date": end_date, "days": days}


def _age(birth_date: str, on_date: str) -> dict[str, Any]:
    born, on = dt.date.fromisoformat(birth_date), dt.date.fromisoformat(on_date)
    if on < born:
        raise ValueError(f"on_date {on_date} is before the birth date {birth_date}")
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return {"birth_date": birth_date, "on_date": on_date, "age": years}


def _convert_time(time: str, from_zone: str, to_zone: str) -> dict[str, Any]:
    hours, minutes = (int(x) for x in time.split(":"))
    total = hours * 60 + minutes + round((_ZONES[to_zone] - _ZONES[from_zone]) * 60)
    day = {-1: " (previous day)", 0: "", 1: " (next day)"}[total // 1440]
    converted = f"{total % 1440 // 60:02d}:{total % 60:02d}"
    return {"time": time, "from_zone": from_zone, "to_zone": to_zone, "converted": converted + day}


def _password(length: int, include_symbols: bool, include_digits: bool) -> dict[str, Any]:
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
    alphabet += "23456789" if include_digits else ""
    alphabet += "!#$%&*+-=?@" if include_symbols else ""
    seed = hashlib.sha256(f"{length}{include_symbols}{include_digits}".encode()).digest()
    stream = hashlib.shake_256(seed).digest(length)
    return {"password": "".join(alphabet[b % len(alphabet)] for b in stream)}


def _count(text: str, substring: str, case_sensitive: bool) -> dict[str, Any]:
    haystack, needle = (text, substring) if case_sensitive else (text.lower(), substring.lower())
    return {"substring": substring, "count": haystack.count(needle)}


DATE_FAMILIES = (
    Family(
        key="days_between",
        domain="dates",
        names=("days between", "date difference", "count days between"),
        docs=("Days from one date to another.",),
        params=(
            arg(
                "start_date",
                "string",
                "First date.",
                _DATE,
                form="date",
                aliases=("from_date", "start"),
                noun="start date",
            ),
            arg(
                "end_date",
                "string",
                "Second date.",
                _DATE,
                form="date",
                aliases=("to_date", "end"),
                noun="end date",
            ),
        ),
        clauses=(
            "count the days between {start_date} and {end_date}",
            "tell me how many days there are from {start_date}[ to {end_date}]",
        ),
        answer="There are {days} days from {start_date} to {end_date}.",
        run=_days_between,
        valid=lambda a: a["start_date"] < a["end_date"],
    ),
    Family(
        key="add_days",
        domain="dates",
        names=("add days", "date add", "shift date"),
        docs=("The date a number of days after a date.",),
        params=(
            arg("date", "string", "Start date.", _DATE, form="date", aliases=("start_date",)),
            arg(
                "days",
                "integer",
                "Days to add.",
                ints(1, 365),
                lo=-3650,
                hi=3650,
                aliases=("offset", "num_days"),
            ),
        ),
        clauses=("add {days} days[ to {date}]", "find the date {days} days after {date}"),
        questions=("What date is {days} days after {date}?",),
        answer="That is {result}.",
        run=lambda date, days: {
            "result": (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()
        },
    ),
    Family(
        key="day_of_week",
        domain="dates",
        names=("day of week", "get weekday", "weekday"),
        docs=("The weekday of a date.",),
        params=(arg("date", "string", "The date.", _DATE, form="date", aliases=("day",)),),
        clauses=("tell me which weekday it is[ on {date}]", "find the day of the week for {date}"),
        questions=("What day of the week is {date}?",),
        answer="{date} is a {weekday}.",
        run=lambda date: {"date": date, "weekday": dt.date.fromisoformat(date).strftime("%A")},
    ),
    Family(
        key="age",
        domain="dates",
        names=("calculate age", "age on date", "compute age"),
        docs=("Age in whole years on a date.",),
        params=(
            arg(
                "birth_date",
                "string",
                "Date of birth.",
                dates(1940, 2010),
                form="date",
                aliases=("birthday", "dob"),
                noun="date of birth",
            ),
            arg(
                "on_date",
                "string",
                "Date to compute the age on.",
                _DATE,
                form="date",
                aliases=("as_of",),
            ),
        ),
        clauses=(
            "work out the age of someone born on {birth_date} as of {on_date}",
            "compute how old someone is on {on_date}[ if they were born on {birth_date}]",
        ),
        answer="They are {age} years old.",
        run=_age,
    ),
    Family(
        key="convert_time_zone",
        domain="dates",
        names=("convert time zone", "time zone convert", "convert timezone"),
        docs=("Convert a time of day between time zones.",),
        params=(
            arg("time", "string", "Time of day.", times(), form="time", aliases=("local_time",)),
            choice("from_zone", "Zone of the time.", _ZONE_SAYS, aliases=("source_tz",)),
            choice("to_zone", "Zone to convert to.", _ZONE_SAYS, aliases=("target_tz",)),
        ),
        clauses=(
            "convert {time} {from_zone} to {to_zone}",
            "tell me what {time} {from_zone} is in {to_zone}",
        ),
        questions=("What time is it in {to_zone} when it's {time} {from_zone}?",),
        answer="{time} {from_zone} is {converted} {to_zone}.",
        run=_convert_time,
        valid=lambda a: a["from_zone"] != a["to_zone"],
    ),
    Family(
        key="week_number",
        domain="dates",
        names=("week number", "iso week", "get week number"),
        docs=("ISO week number of a date.",),
        params=(arg("date", "string", "The date.", _DATE, form="date", aliases=("day",)),),
        clauses=("find the ISO week number of {date}",),
        questions=("Which week of the year is {date} in?",),
        answer="{date} is in week {week}.",
        run=lambda date: {"date": date, "week": dt.date.fromisoformat(date).isocalendar()[1]},
    ),
)

TEXT_FAMILIES = (
    Family(
        key="word_count",
        domain="text",
        names=("count words", "word count"),
        docs=("Number of words in a text.",),
        params=(arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),),
        clauses=("count the words[ in {text}]",),
        questions=("How many words are in {text}?",),
        answer="It has {words} words.",
        run=lambda text: {"words": len(text.split())},
    ),
    Family(
        key="change_case",
        domain="text",
        names=("change case", "convert case", "transform text case"),
        docs=("Rewrite a text in upper, lower or title case.",),
        params=(
            arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),
            choice(
                "case",
                "Target case.",
                {
                    "upper": ("upper case", "uppercase"),
                    "lower": ("lower case", "lowercase"),
                    "title": ("title case",),
                },
                aliases=("style",),
            ),
        ),
        clauses=("convert {text} to {case}", "rewrite {text} in {case}"),
        answer="Result: {result}",
        run=lambda text, case: {
            "result": {"upper": text.upper(), "lower": text.lower()}.get(case, text.title())
        },
    ),
    Family(
        key="count_occurrences",
        domain="text",
        names=("count occurrences", "count substring", "find occurrences"),
        docs=("How often a substring occurs in a text.",),
        params=(
            arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),
            arg(
                "substring",
                "string",
                "What to count.",
                quoted(("the", "o", "e", "is", "to", "an", "T")),
                aliases=("pattern", "needle"),
            ),
            flag(
                "case_sensitive",
                "Match case exactly.",
                (" (case-sensitive)",),
                (" ignoring case",),
                default=False,
                aliases=("match_case",),
            ),
        ),
        clauses=("count how many times {substring} appears in {text}[{case_sensitive}]",),
        answer="{substring} occurs {count} times.",
        run=_count,
    ),
    Family(
        key="hash_text",
        domain="text",
        names=("hash text", "compute hash", "digest"),
        docs=("Hex digest of a text (SHA-256 unless another algorithm is asked for).",),
        params=(
            arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),
            choice(
                "algorithm",
                "Hash function.",
                {"md5": ("MD5",), "sha1": ("SHA-1",), "sha256": ("SHA-256",)},
                default="sha256",
                aliases=("algo",),
            ),
        ),
        clauses=("hash {text}[ with {algorithm}]", "compute the[ {algorithm}] digest of {text}"),
        answer="The digest is {digest}.",
        run=lambda text, algorithm: {"digest": hashlib.new(algorithm, text.encode()).hexdigest()},
    ),
    Family(
        key="base64_encode",
        domain="text",
        names=("base64 encode", "encode base64", "to base64"),
        docs=("Base64 encoding of a text (UTF-8).",),
        params=(arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),),
        clauses=("base64-encode {text}", "encode {text} as base64"),
        answer="Encoded: {encoded}",
        run=lambda text: {"encoded": base64.b64encode(text.encode()).decode()},
    ),
    Family(
        key="slugify",
        domain="text",
        names=("slugify", "make slug", "url slug"),
        docs=("A URL slug of a text.",),
        params=(arg("text", "string", "The text.", _TEXT, **_TEXT_ARG),),
        clauses=("turn {text} into a URL slug", "make a slug from {text}"),
        answer="Slug: {slug}",
        run=lambda text: {"slug": re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")},
    ),
    Family(
        key="generate_password",
        domain="security",
        names=("generate password", "create password", "random password"),
        docs=("A random password of a given length.",),
        params=(
            arg(
                "length",
                "integer",
                "Number of characters.",
                ints(8, 32),
                lo=4,
                hi=128,
                aliases=("size", "num_chars"),
            ),
            flag(
                "include_symbols",
                "Use symbols.",
                (" with symbols",),
                (" without symbols",),
                default=True,
                aliases=("symbols",),
            ),
            flag(
                "include_digits",
                "Use digits.",
                (", digits allowed",),
                (", no digits",),
                default=True,
                aliases=("digits", "numbers"),
            ),
        ),
        clauses=(
            "generate a {length}-character password[{include_symbols}][{include_digits}]",
            "create a password that is {length} characters long[{include_symbols}]",
        ),
        answer="Here it is: {password}",
        run=_password,
    ),
    Family(
        key="validate_email",
        domain="security",
        names=("validate email", "check email address", "is valid email"),
        docs=("Whether an e-mail address is well formed.",),
        params=(
            arg(
                "email",
                "string",
                "The address.",
                emails(),
                aliases=("address",),
                noun="e-mail address",
            ),
        ),
        clauses=("check whether {email} is a valid e-mail address", "validate {email}"),
        answer="{email} is valid: {valid}.",
        run=lambda email: {
            "email": email,
            "valid": re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", email) is not None,
        },
    ),
)
