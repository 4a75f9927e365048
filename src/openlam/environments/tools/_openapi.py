"""Tools from an OpenAPI 3 document: one per operation, sent over HTTP by a function you give.

Each operation becomes a ``Tool`` whose arguments merge the path parameters, the query
parameters and the properties of the JSON request body into one JSON-schema object (``$ref``
into ``components/schemas`` resolved, types, enums and required kept). ``ApiOperation`` also
maps the other way, from a request to the call that makes it, so recorded HTTP traffic can be
written as tool calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol
from urllib.parse import quote, unquote

from openlam.actions import ToolSpec
from openlam.environments.tools._env import Tool
from openlam.exceptions import EnvironmentFailure, UserError

METHODS = ("get", "put", "post", "patch", "delete")
Where = Literal["path", "query", "body"]
_MAX_REF_DEPTH = 8
"""``$ref`` chains resolved at most; deeper (or recursive) schemas become "any value"."""


@dataclass(frozen=True)
class HttpReply:
    """A response as a tool needs it: the status code and the body (parsed JSON, else text)."""

    status: int
    body: Any = None


class HttpClient(Protocol):
    """What ``httpx_sender`` needs of a client: ``request`` as ``httpx.Client`` has it (so
    ``httpx.Client`` and Starlette's ``TestClient`` both fit)."""

    def request(self, method: str, url: str, *, params: Any = None, json: Any = None) -> Any:
        """Send one request; the response has ``status_code``, ``content``, ``json()``."""
        ...


HttpSend = Callable[[str, str, dict[str, Any], Any], HttpReply]
"""Sends one request: method (``GET``), path with its parameters filled in, query parameters
and the JSON body (None for none)."""


@dataclass(frozen=True)
class ApiOperation:
    """One OpenAPI operation as a tool: its spec and where each argument goes in the request."""

    method: str
    path: str
    spec: ToolSpec
    places: Mapping[str, tuple[Where, str]] = field(default_factory=dict)
    """argument name -> (path, query or body; the name on the wire). A body that is not an
    object with properties is one argument, ``body``, with an empty wire name."""
    sends_body: bool = False

    @property
    def name(self) -> str:
        """The tool's name."""
        return self.spec.name

    def tool(self, send: HttpSend) -> Tool:
        """This operation as a ``Tool`` whose calls ``send`` makes (see ``openapi_tools``)."""
        return Tool(self.spec, _caller(self, send))

    def request(self, arguments: Mapping[str, Any]) -> tuple[str, dict[str, Any], Any]:
        """The path (parameters filled in), query and JSON body of a call with ``arguments``."""
        path, query, body = self.path, {}, {}
        whole: Any = None
        for name, value in arguments.items():
            if name not in self.places:
                known = ", ".join(self.places) or "none"
                raise UserError(f"{self.name} has no argument {name!r}; its arguments: {known}")
            where, wire = self.places[name]
            if where == "path":
                path = path.replace("{" + wire + "}", quote(_wire_text(value), safe=""))
            elif where == "query" and value is not None:
                query[wire] = value
            elif where == "body" and not wire:
                whole = value
            elif where == "body":
                body[wire] = value
        if whole is not None:
            return path, query, whole
        return path, query, body if body or self.sends_body else None

    def arguments_of(
        self, method: str, path: str, query: Mapping[str, Any], body: Any
    ) -> dict[str, Any] | None:
        """The arguments of the call that sends this request, or None when the method or path
        is another operation's. Raises ``UserError`` for a query or body this one has not."""
        if method.upper() != self.method:
            return None
        matched = re.fullmatch(_path_pattern(self.path), path)
        if matched is None:
            return None
        by_wire = {(w, n): a for a, (w, n) in self.places.items()}
        arguments: dict[str, Any] = {}
        for index, wire in enumerate(_path_names(self.path)):
            name = by_wire[("path", wire)]
            arguments[name] = self._typed(name, unquote(matched.group(index + 1)))
        for wire, value in query.items():
            name = self._argument(by_wire, "query", wire)
            arguments[name] = self._typed(name, value)
        if ("body", "") in by_wire and body is not None:
            arguments[by_wire[("body", "")]] = body
        elif isinstance(body, Mapping):
            for wire, value in body.items():
                arguments[self._argument(by_wire, "body", wire)] = value
        return arguments

    def _argument(self, by_wire: Mapping[tuple[Where, str], str], where: Where, wire: str) -> str:
        name = by_wire.get((where, wire))
        if name is None:
            known = ", ".join(n for w, n in by_wire if w == where) or "none"
            raise UserError(
                f"{self.method} {self.path} has no {where} field {wire!r} (its {where} fields: "
                f"{known}); the request does not fit the OpenAPI document"
            )
        return name

    def _typed(self, name: str, value: Any) -> Any:
        """A path or query value read as the type its schema gives (they travel as text)."""
        kind = self.spec.parameters["properties"][name].get("type")
        if kind == "array" and not isinstance(value, list | tuple):
            return [value]  # one value of a repeatable query parameter
        if not isinstance(value, str):
            return value
        if kind == "boolean" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        convert = {"integer": int, "number": float}.get(str(kind))
        try:
            return convert(value) if convert is not None else value
        except ValueError:
            return value


def openapi_operations(spec: Mapping[str, Any], *, prefix: str = "") -> list[ApiOperation]:
    """Every operation of an OpenAPI 3 document, named uniquely (``prefix_`` in front if given).

    A tool is named after the ``operationId`` when a person wrote it (``listPets`` becomes
    ``list_pets``), else after the method and path (``GET /devices/{device_id}`` becomes
    ``get_devices_device_id``; FastAPI's generated ids are of that second kind).
    """
    paths = spec.get("paths")
    if not isinstance(paths, Mapping):
        raise UserError("not an OpenAPI document: it has no 'paths' object")
    found: list[ApiOperation] = []
    taken: set[str] = set()
    for path, item in paths.items():
        shared = item.get("parameters", []) if isinstance(item, Mapping) else []
        for method in METHODS:
            op = item.get(method) if isinstance(item, Mapping) else None
            if not isinstance(op, Mapping):
                continue
            name = _unique(_tool_name(op, method, path, prefix), taken)
            parameters = [*shared, *op.get("parameters", [])]
            found.append(_operation(spec, method, path, op, parameters=parameters, name=name))
    return found


def openapi_tools(spec: Mapping[str, Any], send: HttpSend, *, prefix: str = "") -> list[Tool]:
    """A ``Tool`` per operation of an OpenAPI 3 document; ``send`` makes the HTTP requests.

    A call returns the response's JSON. A 4xx response is returned as
    ``{"status": 404, "error": DETAIL}`` with the server's ``detail``, for the model to read and
    correct; a 5xx (or a failed connection) raises and becomes an error line of the results.
    """
    return [op.tool(send) for op in openapi_operations(spec, prefix=prefix)]


def httpx_sender(client: HttpClient) -> HttpSend:
    """An ``HttpSend`` over an ``httpx.Client`` (give it the API's ``base_url``)."""
    import httpx

    def send(method: str, path: str, query: dict[str, Any], body: Any) -> HttpReply:
        try:
            response = client.request(method, path, params=query or None, json=body)
        except httpx.HTTPError as exc:
            raise EnvironmentFailure(f"{method} {path} failed: {exc}") from None
        try:
            parsed: Any = response.json() if response.content else None
        except ValueError:
            parsed = response.text
        return HttpReply(response.status_code, parsed)

    return send


def _caller(op: ApiOperation, send: HttpSend) -> Callable[..., Any]:
    def call(**arguments: Any) -> Any:
        path, query, body = op.request(arguments)
        reply = send(op.method, path, query, body)
        if 400 <= reply.status < 500:
            return {"status": reply.status, "error": _detail(reply.body)}
        if reply.status >= 300:
            raise EnvironmentFailure(
                f"{op.method} {path} answered HTTP {reply.status}: {_detail(reply.body)}"
            )
        return reply.body

    call.__name__ = op.name
    call.__doc__ = op.spec.description
    return call


def _detail(body: Any) -> Any:
    """The server's explanation: FastAPI's ``detail`` (validation errors as ``where: msg``)."""
    detail = body.get("detail", body) if isinstance(body, Mapping) else body
    if isinstance(detail, list) and all(isinstance(d, Mapping) for d in detail):
        return "; ".join(
            ".".join(str(p) for p in d.get("loc", ())) + f": {d.get('msg', '')}" for d in detail
        )
    return detail


def _operation(
    spec: Mapping[str, Any],
    method: str,
    path: str,
    op: Mapping[str, Any],
    *,
    parameters: list[Any],
    name: str,
) -> ApiOperation:
    properties: dict[str, Any] = {}
    required: list[str] = []
    places: dict[str, tuple[Where, str]] = {}
    for raw in parameters:
        param = _resolve(spec, raw)
        where = param.get("in")
        if where not in ("path", "query") or not isinstance(param.get("name"), str):
            continue  # headers and cookies are the sender's business, not the model's
        arg = _argument_name(param["name"], places)
        places[arg] = (where, param["name"])
        properties[arg] = _describe(_resolve(spec, param.get("schema", {})), param)
        if where == "path" or param.get("required"):
            required.append(arg)
    body = _resolve(spec, op.get("requestBody", {}))
    schema = body.get("content", {}).get("application/json", {}).get("schema")
    if isinstance(schema, Mapping):
        _add_body(schema, bool(body.get("required")), properties, required, places)
    arguments: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        arguments["required"] = required
    tool = ToolSpec(name=name, description=_description(op), parameters=arguments)
    return ApiOperation(method.upper(), path, tool, places, isinstance(schema, Mapping))


def _add_body(
    schema: Mapping[str, Any],
    needed: bool,
    properties: dict[str, Any],
    required: list[str],
    places: dict[str, tuple[Where, str]],
) -> None:
    """The JSON body's properties as arguments; a body of another shape as one, ``body``."""
    fields = schema.get("properties")
    if schema.get("type", "object") == "object" and isinstance(fields, Mapping):
        for wire, prop in fields.items():
            arg = _argument_name(wire, places)
            places[arg] = ("body", wire)
            properties[arg] = prop
            if needed and wire in schema.get("required", []):
                required.append(arg)
        return
    arg = _argument_name("body", places)
    places[arg] = ("body", "")
    properties[arg] = dict(schema)
    if needed:
        required.append(arg)


def _resolve(spec: Mapping[str, Any], value: Any, depth: int = 0) -> dict[str, Any]:
    """``value`` with every ``$ref`` replaced by what it points to (local refs only), nullable
    unions collapsed to their type and titles dropped."""
    if not isinstance(value, Mapping):
        return {}
    if "$ref" in value:
        if depth >= _MAX_REF_DEPTH:
            return {}
        target = _follow(spec, str(value["$ref"]))
        extra = {k: v for k, v in value.items() if k != "$ref"}
        return {**_resolve(spec, target, depth + 1), **_resolve(spec, extra, depth)}
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in ("properties", "content") and isinstance(item, Mapping):
            out[key] = {k: _resolve(spec, v, depth) for k, v in item.items()}
        elif key in ("items", "schema", "additionalProperties") and isinstance(item, Mapping):
            out[key] = _resolve(spec, item, depth)
        elif key in ("anyOf", "oneOf", "allOf") and isinstance(item, list):
            out[key] = [_resolve(spec, v, depth) for v in item]
        elif key != "title":
            out[key] = item
    return _simplify(out)


def _simplify(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf`` merged in; ``anyOf: [X, null]`` (an optional field: leave it out) becomes
    ``X``; ``anyOf`` of plain types (``number`` or ``string``) becomes a list of types."""
    for key in ("allOf", "anyOf", "oneOf"):
        options = schema.get(key)
        if not isinstance(options, list):
            continue
        rest = {k: v for k, v in schema.items() if k != key}
        real = [o for o in options if o.get("type") != "null"]
        if key == "allOf" or len(real) == 1:
            for option in real:
                rest = {**option, **rest}
            return rest
        kinds = [o.get("type") for o in real]
        plain = all(isinstance(k, str) and k not in ("object", "array") for k in kinds)
        if plain and not any("enum" in o or "const" in o for o in real):
            return {**rest, "type": kinds}
    return schema


def _follow(spec: Mapping[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        raise UserError(f"cannot resolve {ref!r}: only references inside the document (#/...)")
    node: Any = spec
    for part in ref[2:].split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or key not in node:
            raise UserError(f"the OpenAPI document has no {ref!r}")
        node = node[key]
    return node


def _describe(schema: dict[str, Any], param: Mapping[str, Any]) -> dict[str, Any]:
    """A parameter's schema, with the parameter's own description when the schema has none."""
    if param.get("description") and "description" not in schema:
        return {**schema, "description": param["description"]}
    return schema


def _description(op: Mapping[str, Any]) -> str:
    summary = str(op.get("summary") or "").strip()
    details = str(op.get("description") or "").strip()
    if summary and details and not details.startswith(summary):
        summary = summary.rstrip(".") + ". " + details
    text = summary or details
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _tool_name(op: Mapping[str, Any], method: str, path: str, prefix: str) -> str:
    op_id = op.get("operationId")
    # FastAPI's generated ids: the function's name, the path with \W as "_", then the method
    generated = isinstance(op_id, str) and op_id.endswith(re.sub(r"\W", "_", path) + "_" + method)
    name = _snake(op_id) if isinstance(op_id, str) and not generated else ""
    if not name or len(name) > 48:
        name = _snake(f"{method}_{path}")
    return _snake(f"{prefix}_{name}") if prefix else name


def _snake(text: str) -> str:
    """``listPets`` -> ``list_pets``, ``get /devices/{id}`` -> ``get_devices_id``."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"[^a-zA-Z0-9]+", "_", text).strip("_").lower()


def _unique(name: str, taken: set[str]) -> str:
    chosen, number = name, 2
    while chosen in taken:
        chosen, number = f"{name}_{number}", number + 1
    taken.add(chosen)
    return chosen


def _argument_name(wire: str, places: Mapping[str, tuple[Where, str]]) -> str:
    """A valid, unused argument name for a field (a body field named like a path parameter
    gets ``body_`` in front)."""
    name = re.sub(r"\W", "_", wire) or "value"
    return f"body_{name}" if name in places else name


def _path_names(path: str) -> list[str]:
    return re.findall(r"\{([^}/]+)\}", path)


def _path_pattern(path: str) -> str:
    parts = re.split(r"\{[^}/]+\}", path)
    return "([^/]+)".join(re.escape(p) for p in parts)


def _wire_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
