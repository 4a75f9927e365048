"""Whether a tool call's values are grounded: shown in the prompt the model had at that step.

A value is grounded when the model could have read it: in the intent, the person's answer, the
history lines or the latest tool results (what ``render_parts`` shows, cuts included). This is
the semantic check of APIGen-style data filtering, done without a judge model: numbers must be
written there, ids must be the id of a record of the right kind (or of one about the task),
and free text may compose words but not invent the facts in it (numbers, codes, addresses,
the task's own names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openlam.actions import ToolCall, ToolSpec

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
"""Numbers a person writes as words ("a table for two")."""
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_COMMON = frozenset(
    {
        "the",
        "and",
        "for",
        "you",
        "your",
        "yours",
        "our",
        "ours",
        "all",
        "any",
        "are",
        "was",
        "were",
        "with",
        "from",
        "into",
        "onto",
        "that",
        "this",
        "these",
        "those",
        "what",
        "which",
        "when",
        "where",
        "who",
        "how",
        "many",
        "much",
        "please",
        "can",
        "could",
        "would",
        "should",
        "will",
        "need",
        "want",
        "like",
        "make",
        "sure",
        "let",
        "get",
        "set",
        "put",
        "add",
        "turn",
        "switch",
        "tell",
        "find",
        "give",
        "show",
        "have",
        "has",
        "had",
        "not",
        "now",
        "right",
        "them",
        "they",
        "their",
        "then",
        "there",
        "here",
        "also",
        "just",
        "too",
        "very",
        "some",
        "every",
        "each",
        "its",
        "about",
        "again",
        "out",
        "off",
        "over",
        "under",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "look",
        "see",
        "know",
        "say",
        "said",
    }
)
"""Words too common to tie a record to a task."""
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?!\w)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class Said:
    """What the person told the agent (the intent and their answer), with the task's own
    strings (``hidden``: a free text must not make them up) and the words of its ``topic``."""

    def __init__(self, intent: str, reply: str | None, params: Mapping[str, Any]) -> None:
        self.text = f"{intent}\n{reply or ''}"
        self.shown = Shown(self.text)
        self.hidden = tuple(
            v.strip() for v in params.values() if isinstance(v, str) and len(v.strip()) >= 3
        )
        self.topic = _words(self.text)

    @property
    def named(self) -> tuple[str, ...]:
        """Values the person named: the task's strings they said, and words with a digit."""
        tokens = [t.strip(".,;:!?()[]\"'") for t in self.text.split()]
        coded = [t for t in tokens if len(t) >= 3 and any(c.isdigit() for c in t)]
        said = [h for h in self.hidden if self.shown.has_text(h)]
        return tuple(dict.fromkeys(said + coded))


def searched(calls: Iterable[ToolCall]) -> tuple[str, ...]:
    """The words of the text arguments of ``calls``: what a search was about."""
    return _words(
        " ".join(str(v) for c in calls for v in c.arguments.values() if isinstance(v, str))
    )


def _words(text: str) -> tuple[str, ...]:
    words = re.findall(r"[^\W\d_]{3,}", text.casefold())
    return tuple(dict.fromkeys(w for w in words if w not in _COMMON))


class Shown:
    """The text of a prompt the model reads, with the numbers and dates it mentions.

    ``collections`` maps tool names to the collection their results list (``devices`` for
    ``GET /devices``), so that a result line ``get_devices: [...]`` says what its ids are ids
    of; ``topic`` holds the words the task (and the latest search) is about.
    """

    def __init__(
        self,
        text: str,
        *,
        collections: Mapping[str, str] | None = None,
        topic: Sequence[str] = (),
    ) -> None:
        self.text = text.casefold()
        self.collections = dict(collections or {})
        self.topic = tuple(topic)
        words = set(re.findall(r"[a-z]+", self.text))
        self.numbers = {float(n) for n in _NUMBER.findall(self.text)}
        self.numbers |= {float(v) for w, v in _NUMBER_WORDS.items() if w in words}
        self._segments = _segments(self.text, self.collections)

    def has_number(self, value: float) -> bool:
        """The number is written in the text (digits, or a word up to twelve)."""
        return float(value) in self.numbers

    def has_id(self, value: int, key: str, collection: str) -> bool:
        """The id is shown where a model can tell what it is the id of: under its own key
        (``"device_id": 5``), or as the ``id`` of a record listed by a tool of the same
        collection (``collection``, or the one the key names: ``flight_id``, ``flights``),
        or of a record that mentions a word of the topic."""
        if key != "id" and re.search(rf'"{re.escape(key)}": {value}(?![\d.])', self.text):
            return True
        stem = re.sub(r"_?ids?$", "", key)
        for owner, text in self._segments:
            for match in re.finditer(rf'"id": {value}(?![\d.])', text):
                if owner and (owner == collection or (len(stem) >= 3 and owner.startswith(stem))):
                    return True
                start = text.rfind("{", 0, match.start())
                end = text.find("}", match.end())
                inside = text[max(start, 0) : end if end >= 0 else len(text)]
                record = " ".join(re.findall(r'": "([^"]*)"', inside))
                if any(word in record for word in self.topic):
                    return True
        return False

    def has_text(self, value: str) -> bool:
        """The text contains ``value`` (case aside), or says the same date."""
        folded = value.casefold().strip()
        if folded in self.text:
            return True
        date = _ISO_DATE.fullmatch(folded)
        if date is None or not 1 <= int(date[2]) <= 12:
            return False
        month, day = _MONTHS[int(date[2]) - 1], str(int(date[3]))
        # "December 18" or "18 December": the year is the one the person lives in
        return bool(re.search(rf"\b{month} {day}\b|\b{day} {month}\b", self.text))


def _segments(text: str, collections: Mapping[str, str]) -> list[tuple[str, str]]:
    """The text cut where a tool's results start (``name: ...``), each part with the
    collection of the tool that gave it ("" for the part before any)."""
    if not collections:
        return [("", text)]
    names = "|".join(re.escape(n.casefold()) for n in sorted(collections, key=len, reverse=True))
    owners = {n.casefold(): c for n, c in collections.items()}
    cuts = [(m.start(), owners[m[1]]) for m in re.finditer(rf"(?<![\w])({names}): ", text)]
    bounds = [(0, ""), *cuts]
    return [
        (owner, text[start : bounds[i + 1][0] if i + 1 < len(bounds) else len(text)])
        for i, (start, owner) in enumerate(bounds)
    ]


def unshown(call: ToolCall, tool: ToolSpec, shown: Shown, hidden: Sequence[str] = ()) -> list[str]:
    """The argument values of ``call`` the prompt does not show, as ``name=value``.

    Booleans, nulls and values an enum offers need no showing. An id (an integer argument
    named ``id``, ``..._id``, ``mid``, ``ids``...) must be shown as one (``Shown.has_id``);
    another number as a number; a string as it is, or else every fact in it: tokens with a
    digit, email addresses and the task's own strings (``hidden``) it contains.
    """
    props = tool.parameters.get("properties", {})
    collection = shown.collections.get(call.name, "")
    missing: list[str] = []
    for name, value in call.arguments.items():
        found = _unshown(name, value, props.get(name, {}), shown, (collection, hidden))
        missing += [f"{name}={v}" for v in found]
    return list(dict.fromkeys(missing))


_Where = tuple[str, Sequence[str]]
"""The collection of the call's tool, and the task's own strings."""


def _unshown(
    key: str, value: Any, schema: Mapping[str, Any], shown: Shown, where: _Where
) -> list[Any]:
    if value is None or isinstance(value, bool) or value in schema.get("enum", ()):
        return []
    if isinstance(value, Mapping):
        props = schema.get("properties", {})
        return [u for k, v in value.items() for u in _unshown(k, v, props.get(k, {}), shown, where)]
    if isinstance(value, list | tuple):
        items = schema.get("items", {})
        return [u for v in value for u in _unshown(key, v, items, shown, where)]
    return _unshown_scalar(key, value, shown, where)


def _unshown_scalar(key: str, value: Any, shown: Shown, where: _Where) -> list[Any]:
    collection, hidden = where
    if isinstance(value, int) and re.search(r"ids?$", key.casefold()):
        return [] if shown.has_id(value, key.casefold(), collection) else [value]
    if isinstance(value, int | float):
        return [] if shown.has_number(value) else [value]
    text = str(value)
    if not text.strip() or shown.has_text(text):
        return []
    return [f for f in _facts(text, hidden) if not _fact_shown(f, shown)]


def _facts(text: str, hidden: Sequence[str]) -> list[str]:
    """What a free text states that must come from somewhere: numbers, codes, addresses."""
    tokens = [t.strip(".,;:!?()[]\"'") for t in text.split()]
    found = [t for t in tokens if any(c.isdigit() for c in t) or "@" in t]
    folded = text.casefold()
    found += [h for h in hidden if h.casefold() in folded and h not in found]
    return found


def _fact_shown(fact: str, shown: Shown) -> bool:
    if _NUMBER.fullmatch(fact):
        return shown.has_number(float(fact))
    return shown.has_text(fact)
