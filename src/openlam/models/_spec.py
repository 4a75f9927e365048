"""Model specs: ``embedded[:ADAPTER.gguf|:base]``, ``openai:MODEL@BASE_URL``,
``anthropic:MODEL``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openlam.exceptions import UserError
from openlam.models._base import Model

Provider = Literal["embedded", "openai", "anthropic"]

BASE = "base"
"""``embedded:base``: the packaged Gemma 3 270M without openlam's action adapter."""
_HELP = (
    "use 'embedded' (or 'embedded:ADAPTER.gguf', 'embedded:base'), 'openai:MODEL@BASE_URL' (any "
    "OpenAI-compatible server: vLLM, Ollama, llama.cpp server) or 'anthropic:MODEL'"
)


@dataclass(frozen=True)
class ModelSpec:
    """A parsed model spec string."""

    provider: Provider
    model: str = ""
    base_url: str | None = None

    def __str__(self) -> str:
        if self.provider == "embedded":
            return f"embedded:{self.model}" if self.model else "embedded"
        suffix = f"@{self.base_url}" if self.base_url else ""
        return f"{self.provider}:{self.model}{suffix}"


def parse_spec(spec: str) -> ModelSpec:
    """Parse a spec string, raising ``UserError`` that says the accepted forms."""
    text = spec.strip()
    if text == "embedded":
        return ModelSpec("embedded")
    provider, sep, rest = text.partition(":")
    if provider == "embedded" and rest.strip():
        return ModelSpec("embedded", rest.strip())  # the LoRA adapter to load
    if not sep or provider not in ("openai", "anthropic"):
        raise UserError(f"unknown model spec {spec!r}: {_HELP}")
    model, at, base_url = rest.partition("@")
    if not model:
        raise UserError(f"model spec {spec!r} names no model: {_HELP}")
    if provider == "anthropic":
        if at:
            raise UserError(f"model spec {spec!r}: anthropic takes no base URL; {_HELP}")
        return ModelSpec("anthropic", model)
    if at and not base_url.startswith(("http://", "https://")):
        raise UserError(f"model spec {spec!r}: base URL must start with http:// or https://")
    return ModelSpec("openai", model, base_url or None)


def spec_label(spec: str) -> str:
    """The spec as results record it: plain ``embedded`` says which adapter it loaded, so runs
    of the shipped action model and of the base model (``embedded:base``) never pool."""
    from openlam.models._weights import shipped_adapter

    adapter = shipped_adapter() if spec.strip() == "embedded" else None
    return f"embedded+{adapter.stem}" if adapter else spec


def load_model(spec: str | ModelSpec, *, adapter: Path | None = None) -> Model:
    """Build the model a spec names; ``adapter`` is a LoRA GGUF for the embedded model."""
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    if parsed.provider == "embedded":
        from openlam.models._weights import shipped_adapter
        from openlam.models.embedded import EmbeddedModel

        if parsed.model == BASE and adapter is not None:
            raise UserError(f"embedded:base runs without an adapter; drop --adapter {adapter}")
        if parsed.model and adapter is not None:
            raise UserError(
                f"two adapters given: {parsed.model} in the spec and --adapter {adapter}"
            )
        if parsed.model == BASE:
            return EmbeddedModel()
        if parsed.model:
            return EmbeddedModel(adapter=Path(parsed.model))
        return EmbeddedModel(adapter=adapter or shipped_adapter())
    if adapter is not None:
        raise UserError("--adapter applies to the embedded model only")
    if parsed.provider == "openai":
        from openlam.models.openai import OpenAIModel

        return OpenAIModel(parsed.model, base_url=parsed.base_url)
    from openlam.models.anthropic import AnthropicModel

    return AnthropicModel(parsed.model)
