"""The MiniWoB++ split shipped in the package: same as the shared one, disjoint, all pages exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from openlam.evaluation.miniwob import EXPERTS, MiniWobSuite, load_experts, load_split, task_names
from openlam.exceptions import UserError

_PACKAGED = Path(__file__).parents[2] / "src/openlam/evaluation/miniwob/miniwob_split.json"
_SHARED = Path("/work/shared/benchmarks/miniwob_split.json")


@pytest.mark.skipif(not _SHARED.exists(), reason="the shared benchmark folder is not here")
def test_split_is_a_byte_identical_copy_of_the_shared_one() -> None:
    assert _PACKAGED.read_bytes() == _SHARED.read_bytes()


def test_splits_are_disjoint_and_every_task_page_exists() -> None:
    split = load_split()
    assert set(split) == {"train", "eval_only"}
    assert not set(split["train"]) & set(split["eval_only"])
    pages = set(task_names())
    assert set(split["train"]) <= pages
    assert set(split["eval_only"]) <= pages


def test_experts_cover_only_train_tasks() -> None:
    experts = load_experts()
    assert experts is EXPERTS
    assert "click-test" in experts
    assert not set(experts) - set(load_split()["train"])


def test_suite_names_splits_tasks_and_held_out_seeds() -> None:
    suite = MiniWobSuite()
    assert suite.name == "miniwob"
    assert suite.splits() == ("train", "eval_only")
    assert "click-test" in suite.tasks("train")
    assert list(suite.seeds("train", "click-test")) == list(range(100000, 100050))


def test_unknown_split_is_a_user_error_naming_the_splits() -> None:
    with pytest.raises(UserError, match=re.escape("split 'nope'; use one of train, eval_only")):
        MiniWobSuite().tasks("nope")


@pytest.mark.parametrize(
    ("split", "task"), [("train", "click-nowhere"), ("eval_only", "click-test")]
)
def test_task_outside_its_split_is_a_user_error(split: str, task: str) -> None:
    with pytest.raises(UserError, match=re.escape(f"{task!r} is not in split {split!r}")):
        MiniWobSuite().seeds(split, task)
