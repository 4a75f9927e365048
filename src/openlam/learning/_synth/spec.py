"""Function families for synthetic tool-calling data: parameters, request templates, tools.

A ``Family`` is one kind of function (current weather, loan payment...) with everything needed
to offer it as a tool under varied names and to write requests for it:

* ``names`` are word groups ("get current weather") written as ``get_current_weather``,
  ``getCurrentWeather`` or ``weather.get_current`` per tool;
* ``clauses`` are imperative requests ("get the weather in {city}[ in {unit}]") whose
  ``[...]`` segments are written only when their slot is stated — optional arguments always
  sit in one, and a required one in brackets may be left out to make the model ask for it;
* ``run`` is the implementation, called with every argument under its canonical key (defaults
  filled in) after the generic checks of each ``Param`` (ranges, dates, non-empty values);
* ``answer`` states a result in one sentence; its fields are keys of the result.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from openlam.actions import ToolSpec
from openlam.environments.tools import Tool
from openlam.learning._synth.values import Sampler, Value, mapped

Kind = Literal[
    "string", "integer", "number", "boolean", "enum", "string[]", "number[]", "integer[]", "object"
]
Form = Literal["", "date", "time", "email"]
NameStyle = Literal["snake", "camel", "dotted"]
NAME_STYLES: tuple[NameStyle, ...] = ("snake", "camel", "dotted")

_SLOT = re.compile(r"\{(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.\w+")
_SCALARS = {"string[]": "string", "number[]": "number", "integer[]": "integer"}


@dataclass(frozen=True)
class Param:
    """One argument of a family: its schema, how values are drawn, and generic checks."""

    key: str
    kind: Kind
    doc: str
    sample: Sampler
    required: bool = True
    aliases: tuple[str, ...] = ()
    """Other snake_case names the argument goes by in some tools (``location`` for ``city``)."""
    choices: tuple[Any, ...] = ()
    default: Any = None
    lo: float | None = None
    hi: float | None = None
    form: Form = ""
    fields: tuple[tuple[str, str], ...] = ()
    """Keys and JSON types of an ``object`` argument."""
    noun: str = ""
    """How a question names it ("departure date"); default: the key with spaces."""

    @property
    def label(self) -> str:
        """The argument in words, for questions about it."""
        return self.noun or self.key.replace("_", " ")

    def schema(self) -> dict[str, Any]:
        """The argument's JSON schema."""
        doc = self.doc
        if self.form == "date":
            doc += " Format YYYY-MM-DD."
        elif self.form == "time":
            doc += " 24-hour HH:MM."
        out: dict[str, Any] = {"type": "string" if self.kind == "enum" else self.kind}
        if self.kind == "enum":
            out["enum"] = list(self.choices)
        elif self.kind in _SCALARS:
            out = {"type": "array", "items": {"type": _SCALARS[self.kind]}}
        elif self.kind == "object":
            props = {name: {"type": kind} for name, kind in self.fields}
            out["properties"], out["required"] = props, [name for name, _ in self.fields]
        if self.lo is not None and self.kind in ("integer", "number"):
            out["minimum"] = self.lo
        if self.hi is not None and self.kind in ("integer", "number"):
            out["maximum"] = self.hi
        if not self.required:
            out["default"] = self.default
        return {**out, "description": doc}

    def check(self, value: Any, name: str) -> None:
        """``ValueError`` saying what is wrong with ``value`` (beyond its JSON type)."""
        items = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            raise ValueError(f"{name} must list at least one value")
        for item in items:
            if isinstance(item, str) and not item.strip():
                raise ValueError(f"{name} must not be empty")
            if isinstance(item, int | float) and not isinstance(item, bool):
                if self.lo is not None and item < self.lo:
                    raise ValueError(f"{name} must be at least {self.lo:g}, got {item}")
                if self.hi is not None and item > self.hi:
                    raise ValueError(f"{name} must be at most {self.hi:g}, got {item}")
        pattern = {"date": _DATE, "time": _TIME, "email": _EMAIL}.get(self.form)
        for item in items:
            if pattern is not None and not (isinstance(item, str) and pattern.fullmatch(item)):
                wanted = {"date": "YYYY-MM-DD", "time": "HH:MM (24-hour)"}.get(self.form)
                raise ValueError(f"{name} must be {wanted or 'an e-mail address'}, got {item!r}")


def arg(key: str, kind: Kind, doc: str, sample: Sampler, **more: Any) -> Param:
    """A required argument."""
    return Param(key, kind, doc, sample, **more)


def opt(key: str, kind: Kind, doc: str, sample: Sampler, default: Any, **more: Any) -> Param:
    """An optional argument and the value the tool uses when it is left out."""
    return Param(key, kind, doc, sample, required=False, default=default, **more)


def choice(key: str, doc: str, says: Mapping[str, Sequence[str]], **more: Any) -> Param:
    """An enum argument; ``says`` maps each allowed value to how a person writes it.

    Give ``default=`` to make it optional.
    """
    required = "default" not in more
    return Param(key, "enum", doc, mapped(says), required=required, choices=tuple(says), **more)


def flag(key: str, doc: str, yes: Sequence[str], no: Sequence[str], **more: Any) -> Param:
    """A boolean argument written as one of the ``yes`` or ``no`` phrasings.

    Give ``default=`` to make it optional.
    """
    required = "default" not in more
    return Param(key, "boolean", doc, mapped({True: yes, False: no}), required=required, **more)


@dataclass(frozen=True)
class Family:
    """One kind of function: how it is offered as a tool and how people ask for it."""

    key: str
    domain: str
    names: tuple[str, ...]
    docs: tuple[str, ...]
    params: tuple[Param, ...]
    clauses: tuple[str, ...]
    answer: str
    run: Callable[..., dict[str, Any]]
    questions: tuple[str, ...] = ()
    """Whole-sentence requests for a single call, same slot rules as ``clauses``."""
    valid: Callable[[dict[str, Any]], bool] | None = None
    """A condition on the arguments together (defaults filled in), e.g. two different units."""
    module: str = ""
    """Prefix of dotted names; default the domain."""
    repeat_by: str | None = ""
    """The argument that must differ between calls of one request ("weather in Paris and in
    Oslo"); ``""``: any argument may; ``None``: never called twice in one request (setting
    the thermostat to 20 and 22 at once contradicts itself)."""

    def __post_init__(self) -> None:
        names = [name for p in self.params for name in (p.key, *p.aliases)]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"family {self.key}: argument names repeat: {', '.join(repeated)}")
        if self.repeat_by and self.repeat_by not in {p.key for p in self.params}:
            raise ValueError(f"family {self.key}: repeat_by names no parameter")
        for template in self.clauses + self.questions:
            problem = _template_problem(template, self.params)
            if problem:
                raise ValueError(f"family {self.key}: template {template!r}: {problem}")

    def askable(self, template: str) -> list[Param]:
        """Required parameters that ``template`` may leave out (they sit in brackets)."""
        optional = {s for inner in _OPTIONAL.findall(template) for s in _SLOT.findall(inner)}
        return [p for p in self.params if p.required and p.key in optional]

    def variant(self, style: NameStyle, rng: random.Random) -> ToolVariant:
        """This family as one tool: a name in ``style``, argument aliases, a description."""
        words = rng.choice(self.names).split()
        camel = style == "camel"
        names: dict[str, str] = {}
        for param in self.params:
            options = [param.key, *param.aliases]
            alias = rng.choice(options) if rng.random() < 0.4 else param.key
            names[param.key] = _camel(alias.split("_")) if camel else alias
        properties = {names[p.key]: p.schema() for p in self.params}
        parameters: dict[str, Any] = {"type": "object", "properties": properties}
        required = [names[p.key] for p in self.params if p.required]
        if required:
            parameters["required"] = required
        name = tool_name(words, style, self.module or self.domain)
        spec = ToolSpec(name=name, description=rng.choice(self.docs), parameters=parameters)
        return ToolVariant(self, spec, names)


def tool_name(words: Sequence[str], style: NameStyle, module: str) -> str:
    """``get_weather``, ``getWeather`` or ``weather.get`` (module words left out of the rest)."""
    if style == "camel":
        return _camel(words)
    if style == "dotted":
        rest = [w for w in words if w != module] or list(words)
        return f"{module}.{'_'.join(rest)}"
    return "_".join(words)


def _camel(words: Sequence[str]) -> str:
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def _template_problem(template: str, params: Sequence[Param]) -> str | None:
    keys = {p.key for p in params}
    slots = _SLOT.findall(template)
    unknown = [s for s in slots if s not in keys]
    if unknown:
        return f"no parameter {unknown[0]!r}"
    if len(set(slots)) != len(slots):
        return "a slot appears twice"
    for inner in _OPTIONAL.findall(template):
        if len(_SLOT.findall(inner)) != 1:
            return "each [...] segment needs exactly one slot"
    bare = _SLOT.findall(_OPTIONAL.sub("", template))
    for param in params:
        if param.required and param.key not in slots:
            return f"the required {param.key!r} is not in it"
        if not param.required and param.key in bare:
            return f"the optional {param.key!r} must sit in a [...] segment"
    return None


def slots(template: str) -> list[str]:
    """The parameter keys a template mentions."""
    return _SLOT.findall(template)


def fill(template: str, texts: Mapping[str, str]) -> str:
    """The template with stated values written in; segments of unstated slots dropped."""

    def segment(match: re.Match[str]) -> str:
        inner = match.group(1)
        return inner if all(s in texts for s in _SLOT.findall(inner)) else ""

    return _SLOT.sub(lambda m: texts[m.group(1)], _OPTIONAL.sub(segment, template))


@dataclass(frozen=True)
class ToolVariant:
    """A family offered as one tool: its spec and the tool's name for each canonical key."""

    family: Family
    spec: ToolSpec
    names: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The tool's name."""
        return self.spec.name

    def arguments(self, values: Mapping[str, Value]) -> dict[str, Any]:
        """Call arguments under the tool's names, in the family's parameter order."""
        return {self.names[p.key]: values[p.key].arg for p in self.family.params if p.key in values}

    def tool(self) -> Tool:
        """The tool: generic checks of each argument, then the family's implementation."""
        keys = {actual: key for key, actual in self.names.items()}

        def function(**arguments: Any) -> dict[str, Any]:
            given = {keys[name]: value for name, value in arguments.items()}
            return self.family.run(**complete(self.family, given, self.names))

        return Tool(self.spec, function)


def complete(
    family: Family, given: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Every argument under its canonical key, checked, with defaults for the ones left out."""
    full: dict[str, Any] = {}
    for param in family.params:
        if param.key in given:
            param.check(given[param.key], (names or {}).get(param.key, param.key))
            full[param.key] = given[param.key]
        else:
            full[param.key] = param.default
    return full


def same_json(a: Any, b: Any) -> bool:
    """Equal as JSON, types included (``1``, ``1.0`` and ``true`` all differ)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


class _AnswerFormatter(string.Formatter):
    """Booleans as yes/no, lists as ``a, b, c``."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(self.format_field(v, "") for v in value)
        return str(super().format_field(value, format_spec))


_FORMATTER = _AnswerFormatter()


def state_result(family: Family, result: Mapping[str, Any]) -> str:
    """One sentence stating a result, from the family's ``answer`` template."""
    sentence = _FORMATTER.format(family.answer, **result)
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def result_facts(family: Family, result: Mapping[str, Any]) -> list[str]:
    """Each value the answer template writes, as written: what an answer must contain."""
    fields = [name for _, name, _, _ in _FORMATTER.parse(family.answer) if name]
    return [_FORMATTER.format("{" + name + "}", **result) for name in fields]
