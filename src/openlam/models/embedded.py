"""The embedded action model: Gemma 3 270M run in-process by llama.cpp.

The prompt keeps a stable prefix (instructions, task, history) so that llama.cpp reuses its KV
cache across the steps of a run and only evaluates the new observation. Replies are constrained
to the JSON schema of the allowed actions; ``decoding="fast"`` (the default) checks only the
best few tokens against the grammar at each step, ``"full"`` is llama.cpp's own sampler, which
checks the whole vocabulary (same replies, about three times slower).
"""

from __future__ import annotations

import ctypes
import functools
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from openlam.actions import ActionSpace, Observation, Usage
from openlam.exceptions import ModelUnavailable
from openlam.models._base import Context, Decision
from openlam.models._decoding import GrammarDecoder
from openlam.models._prompt import LAYOUT_KEY, Layout, as_layout, gemma_segments
from openlam.models._weights import base_model_path, gguf_strings

__all__ = ["EmbeddedModel"]

_GRAMMAR_CACHE_SIZE = 32
_TOOL_MAX_TOKENS = 256
"""Reply tokens allowed when tools are offered: several calls with arguments need more room."""
_log = logging.getLogger(__name__)
Decoding = Literal["fast", "full"]


class EmbeddedModel:
    """Gemma 3 270M (Q4_K_M GGUF from PyPI) with an optional LoRA adapter, in-process."""

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        adapter: Path | None = None,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        max_tokens: int = 96,
        constrained: bool = True,
        decoding: Decoding = "fast",
    ) -> None:
        if adapter is not None and not adapter.is_file():
            raise ModelUnavailable(f"adapter file not found: {adapter}")
        self._model_path = model_path
        self._adapter = adapter
        self._layout: Layout | None = None
        self._n_ctx = n_ctx
        self._n_threads = n_threads or max(1, os.cpu_count() or 1)
        self._max_tokens = max_tokens
        self._constrained = constrained
        self._decoding = decoding
        self._llm: Any = None
        self._decoder: GrammarDecoder | None = None
        self._grammars: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        """``embedded``, with the adapter file name when one is loaded."""
        return f"embedded+{self._adapter.name}" if self._adapter else "embedded"

    @property
    def layout(self) -> Layout:
        """The prompt layout: the one the adapter records (read on first use), else standard."""
        if self._layout is None:
            self._layout = adapter_layout(self._adapter) if self._adapter else "standard"
        return self._layout

    @layout.setter
    def layout(self, value: str) -> None:
        self._layout = as_layout(value, "EmbeddedModel.layout")

    def load(self) -> None:
        """Load the weights now (otherwise the first ``decide`` does it)."""
        if self._llm is not None:
            return
        try:
            from llama_cpp import Llama
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelUnavailable(
                "llama-cpp-python is not installed: run `make demo` or "
                "`pip install llama-cpp-python`"
            ) from exc
        quiet_llama_logs()
        path = self._model_path or base_model_path()
        try:
            self._llm = Llama(
                model_path=str(path),
                n_ctx=self._n_ctx,
                n_threads=self._n_threads,
                n_threads_batch=self._n_threads,
                lora_path=str(self._adapter) if self._adapter else None,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            message = f"could not load the embedded model from {path}: {exc}"
            raise ModelUnavailable(message) from exc
        self._decoder = GrammarDecoder(self._llm)

    def decide(self, context: Context, space: ActionSpace) -> Decision:
        """Render the Gemma prompt, decode one constrained action and validate it."""
        with self._lock:
            self.load()
            tokens = self._fit(context, space)
            raw, usage = self._complete(tokens, space)
        return Decision(action=space.parse(raw, usage), raw=raw, usage=usage)

    def close(self) -> None:
        """Free the weights and the KV cache."""
        if self._decoder is not None:
            self._decoder.close()
            self._decoder = None
        if self._llm is not None:
            self._llm.close()
            self._llm = None
        self._grammars.clear()

    def _tokens(self, context: Context, space: ActionSpace) -> list[int]:
        tokens: list[int] = [self._llm.token_bos()]
        for text, is_marker in gemma_segments(context, space, self.layout):
            tokens += self._llm.tokenize(text.encode(), add_bos=False, special=is_marker)
        return tokens

    def _fit(self, context: Context, space: ActionSpace) -> list[int]:
        """Tokens of the prompt, shrunk (page text, then old history) until it fits n_ctx."""
        limit = self._n_ctx - self._reply_tokens(space)
        tokens = self._tokens(context, space)
        if len(tokens) > limit:
            context = replace(context, observation=_without_text(context.observation))
            tokens = self._tokens(context, space)
        while len(tokens) > limit and context.history:
            context = replace(context, history=tuple(context.history)[len(context.history) // 2 :])
            tokens = self._tokens(context, space)
        if len(tokens) > limit:
            raise ModelUnavailable(
                f"the page needs {len(tokens)} prompt tokens, more than the embedded model's "
                f"context of {self._n_ctx}: use a model with a larger context "
                "(--model openai:... or anthropic:...)"
            )
        return tokens

    def _complete(self, tokens: list[int], space: ActionSpace) -> tuple[str, Usage]:
        if self._decoding == "full" or self._decoder is None:
            return self._complete_full(tokens, space)
        grammar = self._grammar(space)._grammar if self._constrained else None
        started = time.perf_counter()
        result = self._decoder.decode(tokens, grammar, self._reply_tokens(space))
        usage = Usage(
            prompt_tokens=len(tokens),
            cached_tokens=len(tokens) - result.evaluated_prompt_tokens,
            completion_tokens=result.completion_tokens,
            seconds=time.perf_counter() - started,
        )
        return result.text.strip(), usage

    def _complete_full(self, tokens: list[int], space: ActionSpace) -> tuple[str, Usage]:
        """llama.cpp's sampler, which tests every token of the vocabulary against the grammar."""
        from llama_cpp import llama_cpp as lib

        ctx = self._llm.ctx
        lib.llama_perf_context_reset(ctx)
        started = time.perf_counter()
        out = self._llm.create_completion(
            tokens,
            max_tokens=self._reply_tokens(space),
            temperature=0.0,
            grammar=self._grammar(space) if self._constrained else None,
            stop=["<end_of_turn>"],
        )
        seconds = time.perf_counter() - started
        evaluated = int(lib.llama_perf_context(ctx).n_p_eval)
        raw = str(out["choices"][0]["text"]).strip()
        usage = Usage(
            prompt_tokens=len(tokens),
            cached_tokens=max(0, len(tokens) - evaluated),
            completion_tokens=int(out["usage"]["completion_tokens"]),
            seconds=seconds,
        )
        return raw, usage

    def _reply_tokens(self, space: ActionSpace) -> int:
        return max(self._max_tokens, _TOOL_MAX_TOKENS) if space.tools else self._max_tokens

    def _grammar(self, space: ActionSpace) -> Any:
        """The GBNF grammar for this action space, cached: element sets repeat across steps."""
        from llama_cpp.llama_grammar import LlamaGrammar

        # key order matters: the grammar fixes the order of properties as the schema lists them
        schema = json.dumps(space.json_schema())
        grammar = self._grammars.get(schema)
        if grammar is None:
            grammar = LlamaGrammar.from_json_schema(schema, verbose=False)
            self._grammars[schema] = grammar
            if len(self._grammars) > _GRAMMAR_CACHE_SIZE:
                self._grammars.popitem(last=False)
        else:
            self._grammars.move_to_end(schema)
        return grammar


def adapter_layout(adapter: Path) -> Layout:
    """The prompt layout an adapter was trained on (its GGUF metadata; ``standard`` if none)."""
    value = gguf_strings(adapter).get(LAYOUT_KEY, "standard")
    try:
        return as_layout(value, f"adapter {adapter}")
    except ValueError as exc:
        raise ModelUnavailable(f"{exc}: this openlam is older than the adapter") from None


@functools.cache
def quiet_llama_logs() -> Any:
    """Route llama.cpp's C-level log to Python logging at debug level.

    llama-cpp-python's own callback prints some load-time notices to stderr even with
    ``verbose=False`` (some of them tagged as errors), which would interleave with the CLI's
    output. Real failures still surface: loading raises, and decoding errors raise too.
    """
    from llama_cpp import llama_cpp as lib

    @lib.llama_log_callback  # type: ignore[untyped-decorator]
    def forward(level: int, text: bytes, _: ctypes.c_void_p) -> None:
        _log.debug("llama.cpp[%d] %s", level, text.decode(errors="replace").rstrip())

    lib.llama_log_set(forward, ctypes.c_void_p(0))
    return forward  # cached, so the callback is never garbage-collected


def _without_text(observation: Observation) -> Observation:
    return observation.model_copy(update={"text": "(page text left out: too long)"})


def token_counter(model_path: Path | None = None) -> Callable[[str], int]:
    """Counts tokens as the embedded model does (its vocabulary only: no weights loaded).

    Gemma's turn markers count as one token each.
    """
    try:
        from llama_cpp import Llama
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelUnavailable("llama-cpp-python is not installed: run `make demo`") from exc
    quiet_llama_logs()
    vocab = Llama(model_path=str(model_path or base_model_path()), vocab_only=True, verbose=False)

    def count(text: str) -> int:
        return len(vocab.tokenize(text.encode(), add_bos=False, special=True))

    return count
