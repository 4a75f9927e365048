"""The OpenAI-compatible adapter against a real llama.cpp server (llama-cpp-python's) on Gemma."""

from __future__ import annotations

import importlib.util
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from openlam.actions import ActionSpace, Element, Observation
from openlam.exceptions import InvalidModelOutput
from openlam.models import Context, Decision
from openlam.models._weights import base_model_path
from openlam.models.openai import OpenAIModel

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None
        or importlib.util.find_spec("uvicorn") is None
        or importlib.util.find_spec("sse_starlette") is None,
        reason="needs llama-cpp-python[server]: pip install -e '.[dev]'",
    ),
]

MAX_TOKENS = 64  # constrained decoding is slow on the 262k vocabulary; keep replies short
STARTUP_S = 45.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"llama.cpp server exited early:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/models", timeout=1).is_success:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"llama.cpp server not ready after {STARTUP_S}s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(base_model_path()),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096",
    ]  # fmt: skip
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_ready(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _page(*elements: tuple[int, str, str]) -> Observation:
    return Observation(
        url="http://shop.test/login",
        title="Sign in",
        elements=tuple(Element(index=i, role=role, name=name) for i, role, name in elements),
        text="Sign in to see your orders.",
    )


def _matches(data: dict[str, Any], space: ActionSpace) -> bool:
    """Whether a reply fits one variant of the schema exactly: the shape a grammar enforces."""
    for variant in space.json_schema()["anyOf"]:
        props = variant["properties"]
        if data.get("action") == props["action"]["const"] and set(data) == set(props):
            enum = props.get("element", {}).get("enum")
            return enum is None or data["element"] in enum
    return False


def _outcome(
    model: OpenAIModel, context: Context, space: ActionSpace
) -> Decision | InvalidModelOutput:
    try:
        return model.decide(context, space)
    except InvalidModelOutput as exc:
        return exc


@pytest.mark.parametrize(
    ("page", "indices"),
    [
        (_page((1, "textbox", "Email"), (2, "button", "Sign in")), (1, 2)),
        (_page((5, "link", "Orders"), (7, "button", "Sign out")), (5, 7)),
    ],
)
def test_server_constrains_reply_to_the_action_schema(
    server_url: str, page: Observation, indices: tuple[int, ...]
) -> None:
    model = OpenAIModel("gemma", base_url=server_url, max_tokens=MAX_TOKENS)
    space = ActionSpace(element_indices=indices)
    try:
        outcome = _outcome(model, Context("Sign in with the email ann@example.org", page), space)
    finally:
        model.close()
    if isinstance(outcome, InvalidModelOutput):
        # under a grammar the only way out is max_tokens cutting a string short
        assert outcome.usage is not None
        assert outcome.usage.completion_tokens == MAX_TOKENS
        assert outcome.raw.startswith('{"action"')
        return
    # llama-cpp-python's server takes the schema as {"type": "json_object", "schema": ...}
    assert model.schema_dialect == "json_object"
    assert _matches(json.loads(outcome.raw), space), outcome.raw
    assert type(outcome.action) in space.types
    assert outcome.usage.prompt_tokens > 100
    assert outcome.usage.completion_tokens > 0
    assert outcome.usage.seconds > 0
