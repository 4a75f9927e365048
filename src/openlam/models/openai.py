"""Any OpenAI-compatible chat-completions server: OpenAI, vLLM, Ollama, llama.cpp server.

The request asks the server to constrain the reply to the action schema. Servers spell that
differently, so until one request has gone through the adapter tries the dialects in
``SCHEMA_DIALECTS`` best first, stepping down when the server rejects the request, and then keeps
the one that worked for the life of the instance. The choice follows the status code only, never
the error's text. Rejections come as 400 (OpenAI), 422 (FastAPI servers) or 500 (llama-cpp-python's
server wraps its validation errors in a 500), so before the dialect is settled all three step down.
"""

from __future__ import annotations

import os
import time
from typing import Any, Literal

import httpx

from openlam.actions import ActionSpace, Usage
from openlam.exceptions import InvalidModelOutput, ModelUnavailable, UserError
from openlam.models._base import Context, Decision
from openlam.models._http import Endpoint, as_int, json_body, make_client, post, status_error
from openlam.models._prompt import render_chat

__all__ = ["OPENAI_URL", "SCHEMA_DIALECTS", "OpenAIModel", "SchemaDialect"]

OPENAI_URL = "https://api.openai.com/v1"
"""The official endpoint, used when neither ``base_url`` nor ``OPENAI_BASE_URL`` is given."""

SchemaDialect = Literal["json_schema", "json_object", "none"]

SCHEMA_DIALECTS: tuple[SchemaDialect, ...] = ("json_schema", "json_object", "none")
"""Ways to ask for schema-constrained output, best first.

``json_schema`` is OpenAI's structured output, also understood by vLLM, Ollama and llama.cpp's own
server; ``json_object`` with a ``schema`` key is what llama-cpp-python's server understands;
``none`` relies on the prompt's JSON instructions alone.
"""

_REJECTED = (400, 422, 500)


class OpenAIModel:
    """A model behind an OpenAI-compatible ``/chat/completions`` endpoint.

    ``base_url`` defaults to ``$OPENAI_BASE_URL``, else the official OpenAI URL; ``api_key`` to
    ``$OPENAI_API_KEY``, and may be absent for local servers. ``schema_dialect`` pins how to ask
    for structured output (default: detect it on the first request). ``transport`` replaces the
    network (tests pass an ``httpx.MockTransport``).
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 60,
        max_tokens: int = 256,
        schema_dialect: SchemaDialect | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        url = (base_url or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise UserError(f"OpenAI base URL {url!r} must start with http:// or https://")
        key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        self._model = model
        self._max_tokens = max_tokens
        self._secret = key or None
        self._dialect: SchemaDialect = schema_dialect or SCHEMA_DIALECTS[0]
        self._settled = schema_dialect is not None
        self._endpoint = Endpoint(
            "OpenAI-compatible server",
            url,
            model,
            key_env="OPENAI_API_KEY",
            url_hint=" (OpenAI-compatible base URLs usually end in /v1)",
        )
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = make_client(self._endpoint, headers, timeout_s, transport)

    @property
    def name(self) -> str:
        """The spec string, ``openai:MODEL@BASE_URL``."""
        return f"openai:{self._model}@{self._endpoint.base_url}"

    @property
    def schema_dialect(self) -> SchemaDialect:
        """The structured-output dialect in use: the one the server accepted, or the next to try."""
        return self._dialect

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """Ask the server for one action; ``InvalidModelOutput`` carries the reply and usage."""
        system, user = render_chat(context, space)
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        start = time.perf_counter()
        response = self._complete(messages, space.json_schema())
        seconds = time.perf_counter() - start
        data = json_body(response, self._endpoint, self._secret)
        usage = _usage(data, seconds)
        content = self._content(data, usage)
        return Decision(space.parse(content, usage), content, usage)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _complete(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> httpx.Response:
        """Send the request; until a dialect is settled, step down while the server rejects it."""
        if self._settled:
            candidates: tuple[SchemaDialect, ...] = (self._dialect,)
        else:
            candidates = SCHEMA_DIALECTS
        for dialect in candidates:
            body = self._body(messages, schema, dialect)
            response = post(self._client, "chat/completions", body, self._endpoint)
            if response.is_success:
                # settled only once a request went through, so a 400 for another reason
                # (prompt too long) does not strip the schema for good
                self._dialect, self._settled = dialect, True
                return response
            if response.status_code not in _REJECTED:
                break
        # the plainest request failed too: its error is about something else (context, model...)
        raise status_error(response, self._endpoint, self._secret)

    def _body(
        self, messages: list[dict[str, str]], schema: dict[str, Any], dialect: SchemaDialect
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self._model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": self._max_tokens,
        }
        if dialect == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "action", "schema": schema, "strict": False},
            }
        elif dialect == "json_object":
            body["response_format"] = {"type": "json_object", "schema": schema}
        return body

    def _content(self, data: dict[str, Any], usage: Usage) -> str:
        """The text of the first choice; a refusal or empty reply is an invalid output."""
        choices = data.get("choices")
        message = choices[0].get("message") if isinstance(choices, list) and choices else None
        if not isinstance(message, dict):
            raise ModelUnavailable(
                f"{self._endpoint.label} at {self._endpoint.base_url} sent a reply without "
                "choices[0].message: is it really OpenAI-compatible?"
            )
        content = message.get("content")
        if isinstance(content, str) and content.strip():
            return content
        refusal = message.get("refusal")
        if isinstance(refusal, str) and refusal:
            raise InvalidModelOutput(f"the model refused: {refusal}", refusal, usage)
        raise InvalidModelOutput("empty reply; reply with one action as JSON", "", usage)


def _usage(data: dict[str, Any], seconds: float) -> Usage:
    """Token counts as the server reports them.

    OpenAI and vLLM put cache hits in ``usage.prompt_tokens_details.cached_tokens``; llama.cpp's
    own server reports them as ``timings.cache_n``. ``prompt_tokens`` includes the cached ones.
    """
    usage = data.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    details = usage.get("prompt_tokens_details")
    timings = data.get("timings")
    if isinstance(details, dict) and "cached_tokens" in details:
        cached = as_int(details["cached_tokens"])
    elif isinstance(timings, dict):
        cached = as_int(timings.get("cache_n"))
    else:
        cached = 0
    return Usage(
        prompt_tokens=as_int(usage.get("prompt_tokens")),
        cached_tokens=cached,
        completion_tokens=as_int(usage.get("completion_tokens")),
        seconds=seconds,
    )
