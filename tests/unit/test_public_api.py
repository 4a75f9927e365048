"""Each package's ``__all__`` names exactly its public members, each documented."""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = [
    "openlam",
    "openlam.actions",
    "openlam.agent",
    "openlam.models",
    "openlam.environments",
    "openlam.memory",
    "openlam.perception",
    "openlam.environments.web",
    "openlam.environments.tools",
    "openlam.testing",
    "openlam.cli",
    "openlam.exceptions",
    "openlam.sandbox",
    "openlam.evaluation",
    "openlam.evaluation.agentdojo",
    "openlam.evaluation.bfcl",
    "openlam.evaluation.forms",
    "openlam.learning",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_lists_public_names_and_each_is_documented(name: str) -> None:
    module = importlib.import_module(name)
    exported = set(module.__all__)
    public = {
        n
        for n, v in vars(module).items()
        if not n.startswith("_")
        and not inspect.ismodule(v)
        and n != "annotations"
        and (getattr(v, "__module__", None) or "").startswith(name)
    }
    assert public <= exported | {"TYPE_CHECKING"}, f"public but not in __all__: {public - exported}"
    for member in exported:
        value = getattr(module, member)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name}.{member} has no docstring"
