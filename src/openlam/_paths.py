"""Where openlam keeps its data: ``$OPENLAM_HOME`` (default ``~/.cache/openlam``)."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The data directory, created on first use."""
    root = Path(os.environ.get("OPENLAM_HOME") or Path.home() / ".cache" / "openlam")
    root.mkdir(parents=True, exist_ok=True)
    return root
