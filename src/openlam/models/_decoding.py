"""Greedy decoding under a grammar that checks only the best few tokens at each step.

llama.cpp's grammar sampler, as llama-cpp-python chains it, tests every one of Gemma's 262,144
tokens against the grammar at every step, which makes constrained decoding about four times
slower than free decoding. Greedy decoding only needs the best token the grammar allows: the
candidates are tested best first, a handful at a time, and the whole vocabulary is only tested
when none of the best few fits (rare once the model knows the format). The result is the same
token as the full check would pick; ties aside, the same reply.

The decoder also stops as soon as the grammar is complete (the JSON object closed), without the
extra forward pass that producing ``<end_of_turn>`` would cost.
"""

from __future__ import annotations

import ctypes
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DecodeResult", "GrammarDecoder"]

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])
_CANDIDATE_STEPS = (8, 64, 1024)
"""How many of the best tokens are tested before widening; then the whole vocabulary."""
_SAMPLER_CACHE = 32


@dataclass(frozen=True)
class DecodeResult:
    """What one decode produced and cost."""

    text: str
    completion_tokens: int
    evaluated_prompt_tokens: int
    full_vocabulary_checks: int
    """Steps at which none of the best few tokens fitted and every token was tested."""


class GrammarDecoder:
    """Greedy decoding on a loaded ``llama_cpp.Llama``, reusing its KV cache across calls."""

    def __init__(self, llm: Any) -> None:
        from llama_cpp import llama_cpp as lib

        self._lib = lib
        self._llm = llm
        self._vocab = lib.llama_model_get_vocab(llm.model)
        self._n_vocab = int(llm.n_vocab())
        self._samplers: OrderedDict[str, Any] = OrderedDict()

    def decode(self, prompt: list[int], grammar: str | None, max_tokens: int) -> DecodeResult:
        """The greedy reply to ``prompt`` (token ids), within ``grammar`` (GBNF) when given."""
        evaluated = self._feed_prompt(prompt)
        sampler = self._sampler(grammar) if grammar is not None else None
        produced: list[int] = []
        wide = 0
        while len(produced) < max_tokens:
            token, widened = self._best(sampler)
            wide += widened
            if token is None or self._lib.llama_vocab_is_eog(self._vocab, token):
                break
            produced.append(token)
            if sampler is not None:
                self._lib.llama_sampler_accept(sampler, token)
                if self._complete(sampler):
                    break
            self._llm.eval([token])
        text = self._llm.detokenize(produced).decode("utf-8", errors="replace")
        return DecodeResult(text, len(produced), evaluated, wide)

    def accepts(self, grammar: str, tokens: list[int]) -> bool:
        """Whether ``grammar`` allows these tokens, in order, as a complete reply."""
        sampler = self._sampler(grammar)
        for token in tokens:
            if not self._allows(sampler, [token]):
                return False
            self._lib.llama_sampler_accept(sampler, token)
        return self._complete(sampler)

    def close(self) -> None:
        """Free the grammar samplers."""
        for sampler in self._samplers.values():
            self._lib.llama_sampler_free(sampler)
        self._samplers.clear()

    def _feed_prompt(self, prompt: list[int]) -> int:
        """Evaluate what the KV cache does not already hold; returns how many tokens that was."""
        llm = self._llm
        cached = 0
        if llm.n_tokens > 0:
            held = llm.input_ids[: llm.n_tokens].tolist()
            for a, b in zip(held, prompt, strict=False):
                if a != b:
                    break
                cached += 1
            cached = min(cached, len(prompt) - 1)  # the last token is evaluated for its logits
        if cached > 0 and llm._ctx.kv_cache_seq_rm(-1, cached, -1):
            llm.n_tokens = cached
        else:
            llm.reset()
            cached = 0
        llm.eval(prompt[cached:])
        return len(prompt) - cached

    def _best(self, sampler: Any) -> tuple[int | None, int]:
        """The best token the grammar allows (None at a dead end); 1 if all were tested."""
        pointer = self._lib.llama_get_logits_ith(self._llm.ctx, -1)
        logits = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))
        if sampler is None:
            return int(np.argmax(logits)), 0
        for size in _CANDIDATE_STEPS:
            top = np.argpartition(logits, -size)[-size:]
            top = top[np.argsort(-logits[top], kind="stable")]
            token = self._first_allowed(sampler, top, logits)
            if token is not None:
                return token, 0
        everything = np.argsort(-logits, kind="stable")
        return self._first_allowed(sampler, everything, logits), 1

    def _first_allowed(self, sampler: Any, order: np.ndarray, logits: np.ndarray) -> int | None:
        """The first token of ``order`` (best first) that the grammar accepts now."""
        data = self._apply(sampler, order, logits[order])
        allowed = np.flatnonzero(np.isfinite(data["logit"]))
        return int(data["id"][allowed[0]]) if len(allowed) else None

    def _complete(self, sampler: Any) -> bool:
        """Whether the grammar is satisfied: it would accept the end of the reply now."""
        ends = [
            int(self._lib.llama_vocab_eot(self._vocab)),
            int(self._lib.llama_vocab_eos(self._vocab)),
        ]
        return self._allows(sampler, [t for t in ends if t >= 0])

    def _allows(self, sampler: Any, tokens: list[int]) -> bool:
        """Whether the grammar accepts any of ``tokens`` as the next one."""
        data = self._apply(sampler, np.array(tokens), np.zeros(len(tokens), dtype=np.float32))
        return bool(np.isfinite(data["logit"]).any())

    def _apply(self, sampler: Any, tokens: np.ndarray, logits: np.ndarray) -> np.ndarray:
        """The candidates with the grammar applied: a token it rejects gets logit -inf."""
        data = np.zeros(len(tokens), dtype=_TOKEN_DATA)
        data["id"] = tokens
        data["logit"] = logits
        array = self._lib.llama_token_data_array(
            data=data.ctypes.data_as(self._lib.llama_token_data_p),
            size=len(tokens),
            selected=-1,
            sorted=False,
        )
        self._lib.llama_sampler_apply(sampler, ctypes.byref(array))
        return data

    def _sampler(self, grammar: str) -> Any:
        """A grammar sampler in its start state, cached: the same grammars recur across steps."""
        sampler = self._samplers.get(grammar)
        if sampler is None:
            sampler = self._lib.llama_sampler_init_grammar(
                self._vocab, grammar.encode("utf-8"), b"root"
            )
            if not sampler:
                raise ValueError("llama.cpp could not parse the action grammar")
            self._samplers[grammar] = sampler
            if len(self._samplers) > _SAMPLER_CACHE:
                _, old = self._samplers.popitem(last=False)
                self._lib.llama_sampler_free(old)
        else:
            self._samplers.move_to_end(grammar)
            self._lib.llama_sampler_reset(sampler)
        return sampler
