"""BFCL v4 entries and official checkers, read from the installed ``bfcl-eval`` package.

Everything here comes from the package itself: the test entries, the possible answers, the
multi-turn API classes and their function docs, and the checkers. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import types
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from openlam.actions import ToolSpec
from openlam.exceptions import UserError

CATEGORIES = (
    "simple_python",
    "multiple",
    "parallel",
    "parallel_multiple",
    "irrelevance",
    "live_simple",
    "live_multiple",
    "multi_turn_base",
)
"""The BFCL categories openlam evaluates (the tasks of the ``bfcl`` suite)."""

MULTI_TURN = ("multi_turn_base",)

INSTALL_HINT = (
    "install BFCL's data and checker with `pip install --no-deps bfcl-eval==2026.3.23 "
    "mpmath filelock tenacity tree_sitter==0.21.3 tree-sitter-java==0.21.0 "
    "tree-sitter-javascript==0.21.4` (the package's full dependency set pulls in torch)"
)

# BFCL's function docs use Python-flavoured type names; openlam's tools speak JSON schema
_TYPE_NAMES = {"dict": "object", "float": "number", "tuple": "array", "any": None}


@dataclass(frozen=True)
class Entry:
    """One BFCL test entry with its possible answer (``None`` for irrelevance)."""

    category: str
    index: int
    raw: dict[str, Any]
    answer: list[Any] | None

    @property
    def id(self) -> str:
        """BFCL's own id, e.g. ``simple_python_0``."""
        return str(self.raw["id"])

    @property
    def turns(self) -> list[list[dict[str, str]]]:
        """The conversation: a list of turns, each a list of ``{role, content}`` messages."""
        return list(self.raw["question"])

    @property
    def functions(self) -> list[dict[str, Any]]:
        """The function docs offered to the model, in BFCL's format."""
        return list(self.raw.get("function", []))


def _data_dir() -> Traversable:
    try:
        return files("bfcl_eval") / "data"
    except ModuleNotFoundError:
        raise UserError(f"the bfcl suite needs the bfcl-eval package: {INSTALL_HINT}") from None


def _read_lines(path: Traversable) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@functools.cache
def load_category(category: str) -> tuple[Entry, ...]:
    """Every entry of a category in BFCL's order, with function docs for multi-turn ones."""
    if category not in CATEGORIES:
        raise UserError(f"unknown BFCL category {category!r}; use one of {', '.join(CATEGORIES)}")
    data = _data_dir()
    rows = _read_lines(data / f"BFCL_v4_{category}.json")
    answers: dict[str, list[Any]] = {}
    if category != "irrelevance":
        answer_rows = _read_lines(data / "possible_answer" / f"BFCL_v4_{category}.json")
        answers = {row["id"]: row["ground_truth"] for row in answer_rows}
    if category in MULTI_TURN:
        for row in rows:
            row["function"] = [doc for cls in row["involved_classes"] for doc in class_docs(cls)]
    return tuple(
        Entry(category, index, row, answers.get(row["id"])) for index, row in enumerate(rows)
    )


@functools.cache
def class_docs(class_name: str) -> tuple[dict[str, Any], ...]:
    """The function docs BFCL ships for one multi-turn API class."""
    name = _backend_config().MULTI_TURN_FUNC_DOC_FILE_MAPPING[class_name]
    return tuple(_read_lines(_data_dir() / "multi_turn_func_doc" / name))


def api_instance(class_name: str, initial_config: dict[str, Any]) -> Any:
    """A fresh instance of a bundled multi-turn API class, loaded with the entry's scenario."""
    backend = _backend_config()
    module = importlib.import_module(backend.CLASS_FILE_PATH_MAPPING[class_name])
    instance = getattr(module, class_name)()
    if class_name not in backend.STATELESS_CLASSES:
        # the checker deep-copies the scenario too: the classes mutate what they are given
        config = json.loads(json.dumps(initial_config.get(class_name, {})))
        instance._load_scenario(config, long_context=False)
    return instance


def tool_spec(doc: dict[str, Any]) -> ToolSpec:
    """A BFCL function doc as an openlam ``ToolSpec`` (JSON schema types)."""
    description = str(doc.get("description", ""))
    # multi-turn docs open with a paragraph about the API class; the tool's own sentence follows
    _, marker, own = description.partition("Tool description: ")
    return ToolSpec(
        name=str(doc["name"]),
        description=own if marker else description,
        parameters=json_schema(doc.get("parameters") or {"type": "dict", "properties": {}}),
    )


def json_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """BFCL's parameter schema with its type names (dict, float, tuple, any) in JSON schema."""
    out = {k: v for k, v in schema.items() if k not in ("type", "properties", "items")}
    kind = schema.get("type")
    if isinstance(kind, str):
        mapped = _TYPE_NAMES.get(kind, kind)
        if mapped is not None:
            # BFCL marks optional arguments that may be null with a null default
            nullable = "default" in schema and schema["default"] is None
            out["type"] = [mapped, "null"] if nullable else mapped
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {k: json_schema(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("items"), dict):
        out["items"] = json_schema(schema["items"])
        if "enum" in out and "enum" not in out["items"]:
            # some BFCL docs put the allowed values of an array's items on the array itself
            out["items"]["enum"] = out.pop("enum")
    return out


@dataclass(frozen=True)
class Checkers:
    """BFCL's official checkers: AST matching (single turn) and state matching (multi-turn)."""

    ast: Callable[..., dict[str, Any]]
    multi_turn: Callable[..., dict[str, Any]]
    python: Any
    instance_globals: dict[str, Any]
    """Where BFCL's executor keeps the API instances it creates (cleared after each check)."""


@functools.cache
def checkers() -> Checkers:
    """Import the official checkers (after stubbing the model table they do not need)."""
    _data_dir()
    _stub_model_config()
    # imported by name: bfcl-eval ships no type information
    enums = importlib.import_module("bfcl_eval.constants.enums")
    ast_module = importlib.import_module("bfcl_eval.eval_checker.ast_eval.ast_checker")
    multi_turn = "bfcl_eval.eval_checker.multi_turn_eval"
    checker = importlib.import_module(f"{multi_turn}.multi_turn_checker")
    utils = importlib.import_module(f"{multi_turn}.multi_turn_utils")
    return Checkers(
        ast_module.ast_checker, checker.multi_turn_checker, enums.Language.PYTHON, vars(utils)
    )


def _backend_config() -> Any:
    """BFCL's table of multi-turn API classes: their modules and function-doc files."""
    _data_dir()
    return importlib.import_module("bfcl_eval.constants.executable_backend_config")


def _stub_model_config() -> None:
    """Put a small stand-in for ``bfcl_eval.constants.model_config`` in ``sys.modules``.

    The real module builds BFCL's table of leaderboard models by importing every model handler
    the package ships (OpenAI, Anthropic, torch-based local models...), none of which the
    ``--no-deps`` install has. The checkers read a single flag from that table,
    ``underscore_to_dot`` (whether a model's API forced "." in function names to "_"), which is
    False for openlam: it keeps BFCL's names as they are. A real module already imported (a full
    bfcl-eval install) is left alone.
    """
    name = "bfcl_eval.constants.model_config"
    if name in sys.modules:
        return
    stub = types.ModuleType(name, "openlam's stand-in: every model keeps dotted names")
    config = types.SimpleNamespace(underscore_to_dot=False)
    stub.MODEL_CONFIG_MAPPING = defaultdict(lambda: config)  # type: ignore[attr-defined]
    sys.modules[name] = stub
