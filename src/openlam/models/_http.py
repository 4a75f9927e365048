"""HTTP plumbing shared by the hosted-model adapters: one place that maps failures to errors.

Every failure to get an answer becomes ``ModelUnavailable`` with a one-line message that names the
URL and says what to do. API keys live only in the client's headers and are scrubbed from any
server text quoted back, so they never reach a message or a log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from openlam.exceptions import ModelUnavailable

_EXCERPT_CHARS = 200


@dataclass(frozen=True)
class Endpoint:
    """Where a model is served and what to tell the user when it cannot be used."""

    label: str
    """Who answers, for messages: ``OpenAI-compatible server``, ``Anthropic API``."""
    base_url: str
    model: str
    key_env: str
    """The environment variable that holds the key."""
    url_hint: str = ""
    """Said when a 404 suggests the base URL is wrong, e.g. that it should end in ``/v1``."""


def make_client(
    endpoint: Endpoint,
    headers: dict[str, str],
    timeout_s: float,
    transport: httpx.BaseTransport | None,
) -> httpx.Client:
    """A client bound to the endpoint's base URL; ``transport`` lets tests answer in-process."""
    return httpx.Client(
        base_url=endpoint.base_url.rstrip("/") + "/",
        headers=headers,
        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        transport=transport,
    )


def post(
    client: httpx.Client, path: str, body: dict[str, Any], endpoint: Endpoint
) -> httpx.Response:
    """POST ``body`` as JSON; transport failures (refused, timed out) raise ``ModelUnavailable``."""
    url = f"{endpoint.base_url.rstrip('/')}/{path}"
    try:
        return client.post(path, json=body)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise ModelUnavailable(
            f"cannot reach the {endpoint.label} at {url} ({type(exc).__name__}): "
            "start the server or check the URL"
        ) from None
    except httpx.TimeoutException:
        raise ModelUnavailable(
            f"{endpoint.label} at {url} did not answer within {client.timeout.read}s: "
            "check that the server is up and not overloaded, or raise the timeout"
        ) from None
    except httpx.TransportError as exc:  # dropped connection, protocol error, bad proxy
        raise ModelUnavailable(
            f"the connection to the {endpoint.label} at {url} failed ({type(exc).__name__}): "
            "check the server and the URL"
        ) from None


def status_error(
    response: httpx.Response, endpoint: Endpoint, secret: str | None
) -> ModelUnavailable:
    """The ``ModelUnavailable`` for a non-2xx response, with advice that fits its status."""
    status = response.status_code
    where = f"{endpoint.label} at {endpoint.base_url}"
    excerpt = body_excerpt(response, secret)
    if status in (401, 403):
        advice = f"set {endpoint.key_env} to a valid API key"
    elif status == 404:
        advice = (
            f"model {endpoint.model!r} was not found, or the base URL is wrong{endpoint.url_hint}"
        )
    elif status == 429:
        advice = "rate limited or out of quota; wait and retry"
    elif status >= 500:
        advice = "the server failed; retry later or check its logs"
    else:
        advice = "the server rejected the request"
    return ModelUnavailable(f"{where} answered HTTP {status}: {advice}: {excerpt}")


def json_body(response: httpx.Response, endpoint: Endpoint, secret: str | None) -> dict[str, Any]:
    """The response's JSON object, or ``ModelUnavailable`` if the server sent something else."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ModelUnavailable(
            f"{endpoint.label} at {endpoint.base_url} sent a reply that is not a JSON object "
            f"(is this the right URL?): {body_excerpt(response, secret)}"
        )
    return data


def body_excerpt(response: httpx.Response, secret: str | None) -> str:
    """The start of a response body on one line, with the key scrubbed out."""
    text = " ".join(response.text.split()) or "(empty body)"
    if secret:
        text = text.replace(secret, "[key]")
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 3] + "..."
    return text


def as_int(value: object) -> int:
    """A usage counter from a reply: ints pass, anything else (missing, null) counts as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
