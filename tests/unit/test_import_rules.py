"""The import rules between packages from ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "openlam"

_ALL = [
    "actions",
    "models",
    "environments",
    "perception",
    "agent",
    "planning",
    "memory",
    "safety",
    "learning",
    "sandbox",
    "evaluation",
    "server",
    "cli",
    "testing",
]
_IO = ["playwright", "llama_cpp", "httpx", "sqlite3", "socket", "subprocess", "requests"]


def _pkgs(*names: str) -> list[str]:
    return [f"openlam.{n}" for n in names]


# package -> module prefixes it must not import
FORBIDDEN: dict[str, list[str]] = {
    "actions": _pkgs(*[p for p in _ALL if p != "actions"]) + _IO,
    "models": _pkgs("agent", "environments", "safety", "memory"),
    "environments": _pkgs("models", "agent", "planning"),
    "perception": ["playwright", *_pkgs("models")],
    "agent": _pkgs(
        "models.embedded",
        "models.openai",
        "models.anthropic",
        "environments.web",
        "environments.tools",
        "environments.shell",
        "server",
        "cli",
    ),
    "planning": _pkgs("environments"),
    "memory": _pkgs("agent._runner", "agent._state"),
    "safety": _pkgs("models", "agent", "server"),
    "learning": _pkgs("agent._runner", "agent._state", "server"),
    "sandbox": _pkgs(*[p for p in _ALL if p != "sandbox"]),
    "evaluation": _pkgs("server"),
}
# nothing outside these packages may import them
PRIVATE_TO_SELF = ["server", "cli", "testing"]


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, lazy imports included."""
    module = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    package = package.removesuffix(".__init__")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base]) if base else ".".join(parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        package = rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 else None
        for name in imports_of(path):
            rules = FORBIDDEN.get(package or "", [])
            if rel.name != "__main__.py":  # the `python -m openlam` shim runs the CLI
                rules = rules + [f"openlam.{p}" for p in PRIVATE_TO_SELF if p != package]
            found += [f"{rel} imports {name}" for rule in rules if _matches(name, rule)]
    return found


def test_packages_respect_the_import_rules() -> None:
    assert violations() == []


def test_the_checker_catches_a_forbidden_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "openlam"
    (fake / "actions").mkdir(parents=True)
    (fake / "actions" / "bad.py").write_text("from openlam.agent import Runner\nimport httpx\n")
    (fake / "agent").mkdir()
    (fake / "agent" / "lazy.py").write_text("def f():\n    from ..models import embedded\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["SRC"]), "SRC", fake)
    assert sorted(violations()) == [
        "actions/bad.py imports httpx",
        "actions/bad.py imports openlam.agent",
        "actions/bad.py imports openlam.agent.Runner",
        "agent/lazy.py imports openlam.models.embedded",
    ]
