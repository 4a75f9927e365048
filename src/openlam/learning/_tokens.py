"""Examples as the token ids training sees, and datasets saved in that form.

Tokenizing needs llama.cpp (the runtime's own tokenizer, so training sees the ids the runtime
feeds the model); training does not. ``openlam data encode`` writes a dataset's token ids once,
so that a machine with torch but without llama.cpp (a rented GPU) can train on it.

An encoded file is JSONL: a header line ``{"format": "openlam-encoded", "version": 1, "base":
GGUF_NAME, "examples": N, "source": ...}``, then one ``{"key", "target_start", "ids"}`` per
example.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openlam.exceptions import UserError
from openlam.learning._dataset import read_examples
from openlam.learning._examples import TURN_END, TURN_START, Example
from openlam.models._prompt import Layout, as_layout

ENCODED_FORMAT = "openlam-encoded"
ENCODED_VERSION = 1


@dataclass(frozen=True)
class Encoded:
    """One example as token ids: the prompt, then the target and ``<end_of_turn>``."""

    ids: tuple[int, ...]
    target_start: int
    key: str


class Tokenizer:
    """llama.cpp's tokenizer of the base GGUF (its vocabulary only), as the runtime uses it."""

    def __init__(self) -> None:
        from llama_cpp import Llama

        from openlam.models._weights import base_model_path
        from openlam.models.embedded import quiet_llama_logs

        quiet_llama_logs()
        self._vocab = Llama(model_path=str(base_model_path()), vocab_only=True, verbose=False)
        self.bos: int = self._vocab.token_bos()

    def __call__(self, text: str, *, special: bool = False) -> list[int]:
        """Token ids of ``text``; ``special`` reads turn markers as their single tokens."""
        return list(self._vocab.tokenize(text.encode(), add_bos=False, special=special))

    def encode(self, example: Example) -> Encoded:
        """Token ids exactly as the embedded model builds its prompt, then the target's."""
        prompt = [self.bos, *self(TURN_START, special=True), *self(example.user_text)]
        prompt += self(TURN_END, special=True)
        target = self(example.target) + self("<end_of_turn>", special=True)
        key = f"{example.suite}/{example.task}@{example.seed}"
        return Encoded(tuple(prompt + target), len(prompt), key)


def write_encoded(dataset: Path, out: Path) -> int:
    """Tokenize every example of ``dataset`` into the encoded file ``out``; returns how many."""
    from openlam.models._weights import GGUF_NAME

    examples = list(read_examples(dataset))  # a missing or broken file fails before the model
    layout = _one_layout(dataset, examples)
    tokenizer = Tokenizer()
    encoded = [tokenizer.encode(example) for example in examples]
    header = {
        "format": ENCODED_FORMAT,
        "version": ENCODED_VERSION,
        "base": GGUF_NAME,
        "examples": len(encoded),
        "source": dataset.name,
        "layout": layout,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with partial.open("w", encoding="utf-8") as sink:
        sink.write(json.dumps(header) + "\n")
        for item in encoded:
            record = {"key": item.key, "target_start": item.target_start, "ids": list(item.ids)}
            sink.write(json.dumps(record, separators=(",", ":")) + "\n")
    partial.replace(out)
    return len(encoded)


def read_training_set(path: Path) -> list[Encoded]:
    """The examples of a dataset file as token ids: read as they are from an encoded file,
    tokenized (with llama.cpp) from a dataset of examples."""
    if not path.is_file():
        raise UserError(f"{path} does not exist: build a dataset with `openlam data build`")
    header = _header(path)
    if header is not None:
        encoded = list(_read_encoded(path))
        if len(encoded) != header.get("examples"):
            raise UserError(
                f"{path} holds {len(encoded)} examples but its header says "
                f"{header.get('examples')}: the file was cut short; copy it again or encode the "
                "dataset again with `openlam data encode`"
            )
        return encoded
    tokenizer = Tokenizer()
    return [tokenizer.encode(example) for example in read_examples(path)]


def training_layout(path: Path) -> Layout:
    """The prompt layout of a dataset's web examples (one for all of them, or ``UserError``;
    tool prompts are the same in every layout)."""
    if not path.is_file():
        raise UserError(f"{path} does not exist: build a dataset with `openlam data build`")
    header = _header(path)
    if header is None:
        return _one_layout(path, read_examples(path))
    try:
        return as_layout(str(header.get("layout", "standard")), str(path))
    except ValueError as exc:
        raise UserError(f"{exc}: encode it again with this openlam") from None


def _one_layout(path: Path, examples: Iterable[Example]) -> Layout:
    layouts = sorted({example.layout for example in examples if not example.tools})
    if len(layouts) > 1:
        raise UserError(
            f"{path} mixes the prompt layouts {' and '.join(layouts)}: an adapter learns one; "
            "build every part of the mix with the same `openlam data build --layout`"
        )
    return layouts[0] if layouts else "standard"


def _header(path: Path) -> dict[str, object] | None:
    with path.open(encoding="utf-8") as source:
        first = source.readline()
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        return None  # not JSON at all: read_examples says what is wrong with it
    if not isinstance(header, dict) or header.get("format") != ENCODED_FORMAT:
        return None
    from openlam.models._weights import GGUF_NAME

    if header.get("base") != GGUF_NAME:
        raise UserError(
            f"{path} holds token ids of {header.get('base')}, not of this openlam's base model "
            f"{GGUF_NAME}: encode the dataset again with `openlam data encode`"
        )
    if header.get("version") != ENCODED_VERSION:
        raise UserError(
            f"{path} is encoded in version {header.get('version')} of openlam's format; this "
            f"openlam reads version {ENCODED_VERSION}: encode the dataset again with "
            "`openlam data encode`"
        )
    return header


def _read_encoded(path: Path) -> Iterator[Encoded]:
    fix = "encode the dataset again with `openlam data encode`"
    with path.open(encoding="utf-8") as source:
        next(source)  # the header
        for number, line in enumerate(source, 2):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ids = tuple(int(i) for i in record["ids"])
                start = int(record["target_start"])
                key = str(record["key"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                raise UserError(
                    f"{path}:{number} is not an encoded example "
                    f'({{"key", "target_start", "ids"}}): {fix}'
                ) from None
            if not 0 < start < len(ids):
                raise UserError(
                    f"{path}:{number}: target_start {start} is outside its {len(ids)} ids: {fix}"
                )
            yield Encoded(ids, start, key)
