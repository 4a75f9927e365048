"""The OpenAI-compatible and Anthropic adapters against in-process HTTP servers (MockTransport)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from openlam.actions import ActionSpace, Click, Element, Finish, Observation, TypeText
from openlam.exceptions import InvalidModelOutput, ModelUnavailable, UserError
from openlam.models import Context, load_model, parse_spec, render_chat, spec_label
from openlam.models.anthropic import AnthropicModel
from openlam.models.openai import OPENAI_URL, OpenAIModel

KEY = "sk-test-secret-0123456789"
BASE = "http://llm.test/v1"

Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """Answers requests from a queue of handlers (the last repeats) and records them."""

    def __init__(self, *handlers: Handler) -> None:
        self.handlers = list(handlers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        handler = self.handlers.pop(0) if len(self.handlers) > 1 else self.handlers[0]
        return handler(request)

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def body(self, index: int = -1) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.requests[index].content)
        return data


def reply(status: int = 200, **payload: Any) -> Handler:
    return lambda _request: httpx.Response(status, json=payload)


def chat_reply(content: str | None, **extra: Any) -> Handler:
    usage = {"prompt_tokens": 120, "completion_tokens": 9, "total_tokens": 129}
    usage |= extra.pop("usage", {})
    message = {"role": "assistant", "content": content, **extra}
    return reply(choices=[{"index": 0, "message": message}], usage=usage)


@pytest.fixture(autouse=True)
def no_env_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def context() -> Context:
    page = Observation(
        url="http://shop.test/login",
        title="Login",
        elements=(
            Element(index=1, role="textbox", name="Email"),
            Element(index=2, role="button", name="Sign in"),
        ),
    )
    return Context(intent="Sign in as ann@example.org", observation=page)


@pytest.fixture
def space() -> ActionSpace:
    return ActionSpace(element_indices=(1, 2))


def openai_model(server: Server, **kwargs: Any) -> OpenAIModel:
    return OpenAIModel("llama", base_url=BASE, transport=server.transport, **kwargs)


# --- OpenAI-compatible -----------------------------------------------------------------------


def test_openai_request_carries_prompt_schema_and_key(context: Context, space: ActionSpace) -> None:
    server = Server(chat_reply('{"action":"click","element":2}'))
    openai_model(server, api_key=KEY).decide(context, space)
    request = server.requests[0]
    body = server.body()
    system, user = render_chat(context, space)
    assert request.url == f"{BASE}/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body["model"] == "llama"
    assert body["messages"] == [
        {"role": "system", "content": system},
        {"role": "user", "content": user},
    ]
    assert body["temperature"] == 0
    assert 0 < body["max_tokens"] <= 256
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "action", "schema": space.json_schema(), "strict": False},
    }
    assert KEY not in request.content.decode()


def test_openai_sends_no_authorization_without_a_key(context: Context, space: ActionSpace) -> None:
    server = Server(chat_reply('{"action":"click","element":2}'))
    openai_model(server).decide(context, space)
    assert "authorization" not in server.requests[0].headers


def test_openai_reads_key_and_base_url_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, context: Context, space: ActionSpace
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env.test/v1/")
    server = Server(chat_reply('{"action":"click","element":2}'))
    model = OpenAIModel("m", transport=server.transport)
    model.decide(context, space)
    assert server.requests[0].url == "http://env.test/v1/chat/completions"
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert model.name == "openai:m@http://env.test/v1"


def test_openai_name_defaults_to_the_official_url() -> None:
    assert OpenAIModel("gpt-4o-mini").name == f"openai:gpt-4o-mini@{OPENAI_URL}"


def test_openai_rejects_a_base_url_without_scheme() -> None:
    with pytest.raises(UserError, match="http://"):
        OpenAIModel("m", base_url="localhost:8080/v1")


def test_openai_reply_becomes_action_with_usage(context: Context, space: ActionSpace) -> None:
    details = {"prompt_tokens_details": {"cached_tokens": 64}}
    server = Server(chat_reply('{"action":"click","element":2}', usage=details))
    decision = openai_model(server).decide(context, space)
    assert decision.action == Click(element=2)
    assert decision.raw == '{"action":"click","element":2}'
    usage = decision.usage
    assert (usage.prompt_tokens, usage.cached_tokens, usage.completion_tokens) == (120, 64, 9)
    assert usage.seconds > 0


def test_openai_reads_llamacpp_cache_timings(context: Context, space: ActionSpace) -> None:
    message = {"role": "assistant", "content": '{"action":"finish","answer":"ok"}'}
    server = Server(
        reply(
            choices=[{"index": 0, "message": message}],
            usage={"prompt_tokens": 300, "completion_tokens": 12},
            timings={"cache_n": 280, "prompt_n": 20},
        )
    )
    decision = openai_model(server).decide(context, space)
    assert decision.action == Finish(answer="ok")
    assert decision.usage.cached_tokens == 280


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("I would click the button.", "no JSON object"),
        ('{"action":"click","element":9}', r"no element \[9\]"),
        ('{"action":"fly"}', "action"),
        (None, "empty reply"),
    ],
)
def test_openai_non_action_reply_raises_with_usage(
    context: Context, space: ActionSpace, content: str | None, reason: str
) -> None:
    server = Server(chat_reply(content))
    with pytest.raises(InvalidModelOutput, match=reason) as caught:
        openai_model(server).decide(context, space)
    assert caught.value.raw == (content or "")
    assert caught.value.usage is not None
    assert caught.value.usage.prompt_tokens == 120


@pytest.mark.parametrize("rejection", [400, 422, 500])
def test_openai_steps_down_response_format_once(
    context: Context, space: ActionSpace, rejection: int
) -> None:
    def only_json_object(request: httpx.Request) -> httpx.Response:
        kind = json.loads(request.content).get("response_format", {}).get("type")
        if kind == "json_object":
            return chat_reply('{"action":"click","element":1}')(request)
        return httpx.Response(rejection, json={"error": {"message": "bad response_format"}})

    server = Server(only_json_object)
    model = openai_model(server)
    assert model.decide(context, space).action == Click(element=1)
    assert [server.body(i)["response_format"]["type"] for i in (0, 1)] == [
        "json_schema",
        "json_object",
    ]
    assert server.body(1)["response_format"]["schema"] == space.json_schema()
    assert model.schema_dialect == "json_object"
    model.decide(context, space)
    assert len(server.requests) == 3  # remembered: the second decision asks once
    assert server.body()["response_format"]["type"] == "json_object"


def test_openai_falls_back_to_plain_instructions(context: Context, space: ActionSpace) -> None:
    def no_response_format(request: httpx.Request) -> httpx.Response:
        if "response_format" in json.loads(request.content):
            return httpx.Response(400, json={"error": {"message": "unsupported"}})
        return chat_reply('{"action":"finish","answer":"done"}')(request)

    server = Server(no_response_format)
    model = openai_model(server)
    assert model.decide(context, space).action == Finish(answer="done")
    assert len(server.requests) == 3
    assert model.schema_dialect == "none"


def test_openai_does_not_step_down_once_settled(context: Context, space: ActionSpace) -> None:
    server = Server(
        chat_reply('{"action":"click","element":2}'),
        reply(400, error={"message": "prompt is too long"}),
    )
    model = openai_model(server)
    model.decide(context, space)
    with pytest.raises(ModelUnavailable, match=r"HTTP 400.*prompt is too long"):
        model.decide(context, space)
    assert len(server.requests) == 2
    assert model.schema_dialect == "json_schema"


def test_openai_pinned_dialect_is_used_as_is(context: Context, space: ActionSpace) -> None:
    server = Server(chat_reply('{"action":"click","element":2}'))
    openai_model(server, schema_dialect="none").decide(context, space)
    assert "response_format" not in server.body()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (401, "set OPENAI_API_KEY"),
        (403, "set OPENAI_API_KEY"),
        (404, "model 'llama' was not found"),
        (429, "rate limited"),
        (503, "HTTP 503"),
    ],
)
def test_openai_http_errors_are_one_line_and_keep_the_key_out(
    context: Context, space: ActionSpace, status: int, expected: str
) -> None:
    echo = {"error": {"message": f"Incorrect API key provided: {KEY}\nsee docs"}}
    server = Server(reply(status, **echo))
    with pytest.raises(ModelUnavailable) as caught:
        openai_model(server, api_key=KEY).decide(context, space)
    message = str(caught.value)
    assert expected in message
    assert BASE in message
    assert "\n" not in message
    assert KEY not in message


def test_openai_non_json_reply_says_to_check_the_url(context: Context, space: ActionSpace) -> None:
    server = Server(lambda _r: httpx.Response(200, text="<html>hello</html>"))
    with pytest.raises(ModelUnavailable, match="not a JSON object"):
        openai_model(server).decide(context, space)


def test_openai_timeout_is_unavailable(context: Context, space: ActionSpace) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(ModelUnavailable, match="did not answer within 5"):
        openai_model(Server(slow), timeout_s=5).decide(context, space)


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # closed: nothing listens there


def test_openai_connection_refused_is_unavailable(
    context: Context, space: ActionSpace, closed_port: int
) -> None:
    url = f"http://127.0.0.1:{closed_port}/v1"
    model = OpenAIModel("m", base_url=url, api_key=KEY)
    with pytest.raises(ModelUnavailable) as caught:
        model.decide(context, space)
    model.close()
    message = str(caught.value)
    assert f"{url}/chat/completions" in message
    assert "start the server or check the URL" in message
    assert KEY not in message


# --- Anthropic -------------------------------------------------------------------------------


def tool_reply(arguments: dict[str, Any], **usage: int) -> Handler:
    counts = {"input_tokens": 40, "output_tokens": 15} | usage
    content = [
        {"type": "text", "text": "Clicking."},
        {"type": "tool_use", "id": "toolu_1", "name": "act", "input": arguments},
    ]
    return reply(content=content, usage=counts, stop_reason="tool_use")


def anthropic_model(server: Server) -> AnthropicModel:
    return AnthropicModel("claude-x", api_key=KEY, transport=server.transport)


def test_anthropic_needs_a_key() -> None:
    with pytest.raises(ModelUnavailable, match="set ANTHROPIC_API_KEY"):
        AnthropicModel("claude-x")


def test_anthropic_request_forces_the_act_tool_and_caches_instructions(
    context: Context, space: ActionSpace
) -> None:
    server = Server(tool_reply({"action": "click", "element": 2}))
    anthropic_model(server).decide(context, space)
    request = server.requests[0]
    body = server.body()
    system, user = render_chat(context, space)
    assert request.url == "https://api.anthropic.com/v1/messages"
    assert request.headers["x-api-key"] == KEY
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert body["system"] == [
        {"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}
    ]
    assert body["messages"] == [{"role": "user", "content": user}]
    assert body["tool_choice"] == {"type": "tool", "name": "act"}
    schema = body["tools"][0]["input_schema"]
    assert schema["type"] == "object"
    assert schema["required"] == ["action"]
    assert schema["properties"]["action"]["enum"] == space.names()
    assert {"element", "text", "url", "answer"} <= set(schema["properties"])
    assert KEY not in request.content.decode()


def test_anthropic_tool_call_becomes_action_with_usage(
    context: Context, space: ActionSpace
) -> None:
    # fields of other actions and nulls, which the flat schema allows, are dropped
    arguments = {"action": "type", "element": 1, "text": "ann@example.org", "url": None, "key": ""}
    server = Server(
        tool_reply(arguments, cache_read_input_tokens=900, cache_creation_input_tokens=60)
    )
    decision = anthropic_model(server).decide(context, space)
    assert decision.action == TypeText(element=1, text="ann@example.org")
    assert json.loads(decision.raw) == arguments
    usage = decision.usage
    assert (usage.prompt_tokens, usage.cached_tokens, usage.completion_tokens) == (1000, 900, 15)


def test_anthropic_invalid_tool_input_raises_with_usage(
    context: Context, space: ActionSpace
) -> None:
    server = Server(tool_reply({"action": "click", "element": 7}))
    with pytest.raises(InvalidModelOutput, match=r"no element \[7\]") as caught:
        anthropic_model(server).decide(context, space)
    assert json.loads(caught.value.raw) == {"action": "click", "element": 7}
    assert caught.value.usage is not None
    assert caught.value.usage.completion_tokens == 15


def test_anthropic_reply_without_tool_call_is_invalid(context: Context, space: ActionSpace) -> None:
    server = Server(reply(content=[{"type": "text", "text": "I can't."}], usage={}))
    with pytest.raises(InvalidModelOutput, match="no act tool call") as caught:
        anthropic_model(server).decide(context, space)
    assert caught.value.raw == "I can't."


def test_anthropic_bad_key_says_which_variable(context: Context, space: ActionSpace) -> None:
    server = Server(reply(401, error={"type": "authentication_error", "message": KEY}))
    with pytest.raises(ModelUnavailable, match="set ANTHROPIC_API_KEY") as caught:
        anthropic_model(server).decide(context, space)
    assert KEY not in str(caught.value)


def test_specs_load_the_http_adapters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    openai = load_model("openai:qwen@http://127.0.0.1:8000/v1")
    anthropic = load_model("anthropic:claude-x")
    assert openai.name == "openai:qwen@http://127.0.0.1:8000/v1"
    assert anthropic.name == "anthropic:claude-x"
    openai.close()
    anthropic.close()


def test_embedded_spec_names_an_adapter(tmp_path: Path) -> None:
    adapter = tmp_path / "a.gguf"
    assert str(parse_spec("embedded")) == "embedded"
    assert str(parse_spec(f"embedded:{adapter}")) == f"embedded:{adapter}"
    with pytest.raises(ModelUnavailable, match="adapter file not found"):
        load_model(f"embedded:{adapter}")  # checked before any weights load
    with pytest.raises(UserError, match="two adapters given"):
        load_model(f"embedded:{adapter}", adapter=adapter)


def test_embedded_loads_the_shipped_adapter_and_base_runs_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openlam.models import _weights

    monkeypatch.setattr(_weights, "ADAPTER_DIR", tmp_path)
    assert load_model("embedded").name == "embedded"  # nothing shipped: the base model
    (tmp_path / _weights.ADAPTER_NAME).write_bytes(b"GGUF")
    assert load_model("embedded").name == f"embedded+{_weights.ADAPTER_NAME}"
    assert load_model("embedded:base").name == "embedded"
    assert spec_label("embedded") == "embedded+openlam-action"  # results never pool with base
    assert spec_label("embedded:base") == "embedded:base"
    with pytest.raises(UserError, match="embedded:base runs without an adapter"):
        load_model("embedded:base", adapter=tmp_path / _weights.ADAPTER_NAME)
