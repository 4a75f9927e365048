"""The sandbox's apps, one subpackage each, found by name.

Each app package exports ``SPEC`` (schema and seed), ``gui(world)`` (an APIRouter mounted at
``/APP``), ``api(world)`` (a FastAPI sub-app mounted at ``/api/APP`` with its own OpenAPI) and
``TEMPLATES`` (its task templates).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def _discover() -> tuple[ModuleType, ...]:
    found = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.ispkg and not info.name.startswith("_")
    ]
    return tuple(sorted(found, key=lambda m: m.__name__))


MODULES: tuple[ModuleType, ...] = _discover()

__all__ = ["MODULES"]
