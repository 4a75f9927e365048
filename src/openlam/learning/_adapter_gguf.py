"""Adapters as llama.cpp GGUF LoRA files: written at the end of training, read back by
``openlam train --init FILE.gguf`` (the shipped adapter keeps no PyTorch checkpoint)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openlam.exceptions import UserError
from openlam.models._prompt import LAYOUT_KEY, Layout

_BLOCK_PARTS = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")
"""The GGUF names of the LoRA targets of one block (q/k/v/o, gate/up/down projections)."""
_GGUF_LORA = re.compile(rf"blk\.(\d+)\.({'|'.join(_BLOCK_PARTS)})\.weight\.lora_([ab])")
"""A LoRA tensor as ``export_adapter`` names it."""
INIT_FORMS = "--init takes a run directory, its checkpoint folder or a GGUF adapter file"


def read_gguf_adapter(path: Path) -> tuple[int, float, dict[str, Any]]:
    """Rank, alpha and LoRA tensors (float32 numpy, by GGUF name) of a GGUF LoRA adapter
    for Gemma 3 with a LoRA on every linear layer of every block (``export_adapter``'s form).
    """
    import gguf
    import numpy as np

    try:
        reader = gguf.GGUFReader(str(path))
    except Exception as exc:  # gguf raises several kinds on a damaged file
        raise UserError(
            f"--init {path} is not a readable GGUF file ({exc}); {INIT_FORMS}"
        ) from None

    def field(key: str) -> Any:
        found = reader.fields.get(key)
        return None if found is None else found.parts[found.data[0]]

    kind, arch = field(gguf.Keys.General.TYPE), field(gguf.Keys.General.ARCHITECTURE)
    alpha = field(gguf.Keys.Adapter.LORA_ALPHA)
    is_adapter = kind is not None and bytes(kind).decode() == gguf.GGUFType.ADAPTER
    if not is_adapter or alpha is None or arch is None or bytes(arch).decode() != "gemma3":
        raise UserError(
            f"--init {path} is not a GGUF LoRA adapter for Gemma 3 (give one that `openlam "
            "train` exported, such as openlam-action.gguf, or a run directory)"
        )
    tensors: dict[str, Any] = {}
    for tensor in reader.tensors:
        if not _GGUF_LORA.fullmatch(tensor.name):
            raise UserError(f"--init {path} holds {tensor.name}, not a LoRA weight of a block")
        try:
            values = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
        except NotImplementedError:
            raise UserError(
                f"--init {path}: {tensor.name} is stored as {tensor.tensor_type.name}, "
                "which cannot be read back (export it as float16 or float32)"
            ) from None
        tensors[tensor.name] = np.asarray(values, dtype=np.float32)
    blocks = {int(_GGUF_LORA.fullmatch(name)[1]) for name in tensors}  # type: ignore[index]
    expected = {
        f"blk.{i}.{part}.weight.lora_{ab}" for i in range(max(blocks, default=-1) + 1)
        for part in _BLOCK_PARTS for ab in "ab"
    }  # fmt: skip
    missing = sorted(expected - set(tensors))
    if not tensors or missing:
        raise UserError(
            f"--init {path} has no {missing[0] if missing else 'LoRA weights'}: openlam trains "
            "and loads a LoRA on every linear layer of every block"
        )
    ranks = {a.shape[0] for name, a in tensors.items() if name.endswith(".lora_a")}
    if len(ranks) != 1:
        raise UserError(f"--init {path}: its lora_a tensors have ranks {sorted(ranks)}, not one")
    return ranks.pop(), float(alpha[0]), tensors


def import_adapter(model: Any, path: Path) -> None:
    """Load a GGUF LoRA adapter (``export_adapter``'s format) into ``model``'s LoRA layers."""
    import gguf
    import torch

    _, _, tensors = read_gguf_adapter(path)
    inner = model.get_base_model()
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.GEMMA3, inner.config.num_hidden_layers)
    used: set[str] = set()
    for name, module in inner.named_modules():
        if not hasattr(module, "lora_A") or "default" not in module.lora_A:
            continue
        target = names.get_name(name)
        for key, layer in (("lora_a", module.lora_A), ("lora_b", module.lora_B)):
            weight = layer["default"].weight
            found = tensors.get(f"{target}.weight.{key}")
            if found is None or tuple(found.shape) != tuple(weight.shape):
                raise UserError(
                    f"--init {path} has no {key} of shape {tuple(weight.shape)} for {name}: "
                    "it was trained for another model size"
                )
            with torch.no_grad():
                weight.copy_(torch.from_numpy(found))
            used.add(f"{target}.weight.{key}")
    extra = sorted(set(tensors) - used)
    if extra:
        raise UserError(f"--init {path} holds LoRA weights this run has no layer for: {extra[0]}")


def export_adapter(model: Any, path: Path, alpha: int, layout: Layout = "standard") -> Path:
    """Write the LoRA weights as a llama.cpp GGUF adapter (``lora_path`` of the runtime), with
    the prompt layout its examples had (the embedded model renders that layout for it)."""
    import gguf
    import numpy as np

    inner = model.get_base_model()
    layers = inner.config.num_hidden_layers
    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.GEMMA3, layers)
    writer = gguf.GGUFWriter(str(path.with_name(path.name + ".part")), "gemma3")
    writer.add_string(gguf.Keys.General.TYPE, gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
    writer.add_string(LAYOUT_KEY, layout)
    count = 0
    for name, module in inner.named_modules():
        if not hasattr(module, "lora_A") or "default" not in module.lora_A:
            continue
        target = names.get_name(name)
        if target is None:
            raise UserError(f"no GGUF tensor for layer {name}: cannot export this adapter")
        # half precision halves the file; tests check llama.cpp still moves as torch does
        a = module.lora_A["default"].weight.detach().float().cpu().numpy().astype(np.float16)
        b = module.lora_B["default"].weight.detach().float().cpu().numpy().astype(np.float16)
        writer.add_tensor(f"{target}.weight.lora_a", a)
        writer.add_tensor(f"{target}.weight.lora_b", b)
        count += 1
    if not count:
        raise UserError("the model has no LoRA layers to export")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    path.with_name(path.name + ".part").replace(path)
    return path
