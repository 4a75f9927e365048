"""Models that choose actions: the protocol, prompt rendering, and a spec-string loader.

Concrete models live in submodules (``embedded``, ``openai``, ``anthropic``) and are imported
only when ``load_model`` needs them.
"""

from __future__ import annotations

from openlam.models._base import Context, Decision, Model
from openlam.models._prompt import (
    gemma_segments,
    render_chat,
    render_gemma,
    render_parts,
    task_block,
)
from openlam.models._spec import ModelSpec, load_model, parse_spec, spec_label

__all__ = [
    "Context",
    "Decision",
    "Model",
    "ModelSpec",
    "gemma_segments",
    "load_model",
    "parse_spec",
    "render_chat",
    "render_gemma",
    "render_parts",
    "spec_label",
    "task_block",
]
