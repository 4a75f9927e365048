"""Tools as a model sees them: their specs, the calls it makes, and checks of those calls.

A tool's ``parameters`` is a JSON schema object. Two derived forms are kept here, I/O-free:
a simplified schema for grammar-constrained decoding (small grammars decode faster and a
per-function ``anyOf`` keeps the 270M model on the right argument names), and a validator whose
messages tell the model what to fix.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_MAX_DEPTH = 4
"""Nesting kept in simplified schemas; anything deeper becomes "any JSON value"."""

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
    "object": (dict,),
    "null": (type(None),),
}


class ToolSpec(BaseModel):
    """A tool as the model sees it: name, description and a JSON schema of its arguments."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})

    def argument_names(self) -> list[str]:
        """Names of the arguments, in schema order."""
        return list(self.parameters.get("properties", {}))

    def required(self) -> list[str]:
        """Names of the arguments that must be given."""
        return [str(name) for name in self.parameters.get("required", [])]

    def check(self, arguments: dict[str, Any]) -> str | None:
        """Why ``arguments`` do not fit this tool (unknown, missing or mistyped ones), or None."""
        return check_arguments(self, arguments)

    def signature(self) -> str:
        """One compact line, e.g. ``get_weather(city: string, unit?: "c"|"f") - Weather now.``"""
        required = set(self.required())
        args = []
        for name, prop in self.parameters.get("properties", {}).items():
            mark = "" if name in required else "?"
            args.append(f"{name}{mark}: {_type_label(prop)}")
        line = f"{self.name}({', '.join(args)})"
        summary = _first_sentence(self.description)
        return f"{line} - {summary}" if summary else line


class ToolCall(BaseModel):
    """One call of a tool by name with JSON arguments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    arguments: dict[str, Any] = Field(default_factory=dict)

    def describe(self) -> str:
        """Compact call form, e.g. ``get_weather(city="Paris")``."""
        args = ", ".join(f"{k}={json.dumps(v, default=str)}" for k, v in self.arguments.items())
        return f"{self.name}({args})"


def call_schema(tool: ToolSpec) -> dict[str, Any]:
    """The JSON schema of one call of ``tool``: its name as a constant and its arguments."""
    return {
        "type": "object",
        "properties": {
            "name": {"const": tool.name},
            "arguments": simplify_schema({"type": "object", **tool.parameters}),
        },
        "required": ["name", "arguments"],
        "additionalProperties": False,
    }


def simplify_schema(schema: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """A JSON schema cut down to what grammar-constrained decoding handles well.

    Keeps types, enums, constants, object properties (closed, required ones first as declared)
    and array items; drops documentation, formats, patterns and defaults. Past ``_MAX_DEPTH``
    levels any value is allowed.
    """
    if depth > _MAX_DEPTH:
        return {}
    out: dict[str, Any] = {}
    for key in ("enum", "const"):
        if key in schema:
            out[key] = schema[key]
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf") or []
        out["anyOf"] = [simplify_schema(o, depth + 1) for o in options if isinstance(o, dict)]
        return out
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _JSON_TYPES:
        out["type"] = kind
    elif isinstance(kind, list):  # e.g. ["string", "null"] for a nullable argument
        known = [k for k in kind if isinstance(k, str) and k in _JSON_TYPES]
        if known:
            out["type"] = known if len(known) > 1 else known[0]
        kind = next((k for k in known if k in ("object", "array")), None)
    if kind == "object" and isinstance(schema.get("properties"), dict):
        props = schema["properties"]
        out["properties"] = {k: simplify_schema(v, depth + 1) for k, v in props.items()}
        required = [r for r in schema.get("required", []) if r in props]
        if required:
            out["required"] = required
        out["additionalProperties"] = False
    if kind == "array" and isinstance(schema.get("items"), dict):
        out["items"] = simplify_schema(schema["items"], depth + 1)
    return out


def check_arguments(tool: ToolSpec, arguments: dict[str, Any]) -> str | None:
    """Why ``arguments`` do not fit ``tool`` (unknown, missing or mistyped ones), or None."""
    props: dict[str, Any] = tool.parameters.get("properties", {})
    unknown = [k for k in arguments if k not in props]
    if unknown:
        known = ", ".join(props) or "none"
        return f"{tool.name} has no argument {unknown[0]!r}; its arguments are: {known}"
    missing = [r for r in tool.required() if r not in arguments]
    if missing:
        return f"{tool.name} needs the argument {missing[0]!r}"
    for name, value in arguments.items():
        problem = _check_value(value, props[name], name)
        if problem:
            return f"{tool.name}: {problem}"
    return None


def _check_value(value: Any, schema: dict[str, Any], where: str) -> str | None:
    """Why ``value`` does not match ``schema`` (types, enums, nested objects), or None."""
    if "enum" in schema and value not in schema["enum"]:
        allowed = " | ".join(json.dumps(v) for v in schema["enum"][:12])
        return f"{where} must be one of {allowed}, got {json.dumps(value, default=str)}"
    options = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(options, list) and options:
        problems = [_check_value(value, o, where) for o in options if isinstance(o, dict)]
        return None if any(p is None for p in problems) else problems[0]
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    known = [k for k in kinds if isinstance(k, str) and k in _JSON_TYPES]
    if known and not any(_is_type(value, k) for k in known):
        got = json.dumps(value, default=str)[:40]
        return f"{where} must be {' or '.join(_article(k) for k in known)}, got {got}"
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        return _check_object(value, schema, where)
    if isinstance(value, list | tuple) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            problem = _check_value(item, schema["items"], f"{where}[{i}]")
            if problem:
                return problem
    return None


def _check_object(value: dict[str, Any], schema: dict[str, Any], where: str) -> str | None:
    props: dict[str, Any] = schema["properties"]
    for name in schema.get("required", []):
        if name not in value:
            return f"{where} needs the key {name!r}"
    for name, item in value.items():
        if name in props:
            problem = _check_value(item, props[name], f"{where}.{name}")
            if problem:
                return problem
        elif schema.get("additionalProperties") is False:
            return f"{where} has no key {name!r}; its keys are: {', '.join(props)}"
    return None


def _is_type(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False  # JSON keeps booleans and numbers apart; Python's bool is an int
    return isinstance(value, _JSON_TYPES[kind])


def _article(kind: str) -> str:
    return {"integer": "an integer", "array": "an array", "object": "an object"}.get(
        kind, f"a {kind}"
    )


def _type_label(prop: Any) -> str:
    """``string``, ``integer[]``, ``"a"|"b"`` or ``object`` for the compact tool listing."""
    if not isinstance(prop, dict):
        return "any"
    if "enum" in prop:
        return "|".join(json.dumps(v) for v in prop["enum"][:8])
    kind = prop.get("type")
    if kind == "array" and isinstance(prop.get("items"), dict):
        return f"{_type_label(prop['items'])}[]"
    if isinstance(kind, list):
        return "|".join(str(k) for k in kind)
    return str(kind) if kind else "any"


def _first_sentence(text: str, limit: int = 100) -> str:
    """The description's first sentence on one line, cut to ``limit`` characters."""
    line = " ".join(text.split())
    end = line.find(". ")
    if end >= 0:
        line = line[: end + 1]
    return line if len(line) <= limit else line[: limit - 3].rstrip() + "..."
