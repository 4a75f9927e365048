"""Generated forms: pages and intents from (kind, seed), the submission check and the expert's
choices, without a browser."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from openlam.actions import Element, Observation
from openlam.evaluation.forms import TEST_KINDS, TRAIN_KINDS, FormExpert, check, generate
from openlam.exceptions import UserError
from openlam.learning import check_trainable
from openlam.models import Context

KINDS = TRAIN_KINDS + TEST_KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_and_seed_give_one_page_and_seeds_vary_it(kind: str) -> None:
    assert generate(kind, 7) == generate(kind, 7)
    pages = {generate(kind, seed).html for seed in range(6)}
    assert len(pages) == 6


@pytest.mark.parametrize("kind", KINDS)
def test_every_value_the_form_wants_is_in_the_intent(kind: str) -> None:
    for seed in range(20):
        task = generate(kind, seed)
        for field in task.fields:
            if field.wanted is None:
                continue
            if field.kind == "checkbox":
                assert field.label in task.intent, (seed, task.intent)
            else:
                assert field.wanted in task.intent, (seed, field.key, task.intent)
        assert task.button in task.html
        assert task.confirmation not in task.html.split("<script>")[0]


def test_train_and_test_kinds_are_disjoint() -> None:
    assert not set(TRAIN_KINDS) & set(TEST_KINDS)


def _valid(task_values: dict[str, str], n: int = 1) -> dict[str, object]:
    return {"valid": n, "invalid": 0, "last": dict(task_values)}


def test_check_wants_one_valid_submission_with_the_wanted_values() -> None:
    task = generate("contact", 3)
    good = task.expected()
    assert check(task, _valid(good)) == (True, "")
    assert check(task, {"valid": 0})[0] is False
    assert "2 times" in check(task, _valid(good, 2))[1]
    wrong = {**good, "email": "someone@else.test"}
    ok, why = check(task, _valid(wrong))
    assert not ok
    assert "email" in why
    # spacing and case of a typed value do not matter
    assert check(task, _valid({**good, "name": good["name"].upper() + "  "}))[0] is True


def test_check_wants_unmentioned_fields_left_as_they_were() -> None:
    task = next(
        t
        for t in (generate("newsletter", s) for s in range(50))
        if any(f.key == "phone_opt" for f in t.fields)
    )
    ok, why = check(task, _valid({**task.expected(), "phone_opt": "0123 456789"}))
    assert not ok
    assert "phone_opt" in why


def _context(task_kind: str, seed: int, elements: list[Element], text: str = "") -> Context:
    task = generate(task_kind, seed)
    return Context(task.intent, Observation(url="http://x/", elements=tuple(elements), text=text))


def test_expert_fills_what_differs_then_submits_then_finishes_on_the_confirmation() -> None:
    task = generate("newsletter", 0)
    expert = FormExpert(task)
    email = next(f for f in task.fields if f.key == "email")
    box = Element(index=2, role="textbox", name=email.label)
    button = Element(index=9, role="button", name=task.button)
    context = _context("newsletter", 0, [box, button])
    assert expert.next_action(context) == {"action": "type", "element": 2, "text": email.wanted}
    filled = dataclasses.replace(
        context,
        observation=Observation(elements=(box.model_copy(update={"value": email.wanted}), button)),
    )
    # the other fields are not on this page: the expert submits what it can see
    assert expert.next_action(filled) == {"action": "click", "element": 9}
    done = dataclasses.replace(context, observation=Observation(text=task.confirmation))
    assert expert.next_action(done) == {"action": "finish", "answer": task.answer}


def test_forms_train_kinds_may_be_trained_on_and_test_kinds_may_not() -> None:
    check_trainable("forms", "train", [0, 9999])
    with pytest.raises(UserError, match="held out"):
        check_trainable("forms", "test", [0])
    with pytest.raises(UserError, match="held out"):
        check_trainable("forms", "train", [100000])


def test_the_demo_page_is_not_among_the_generated_ones() -> None:
    root = Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    intent = re.search(r"^DEMO_INTENT := (.+)$", makefile, re.MULTILINE)
    assert intent is not None
    demo = intent.group(1).replace("alice@example.com", "{email}").casefold()
    page = (root / "examples" / "newsletter.html").read_text(encoding="utf-8")
    for kind in KINDS:
        for seed in range(200):
            task = generate(kind, seed)
            assert task.site not in page
            assert "is now subscribed" not in task.confirmation
            assert (
                task.intent.replace(task.expected().get("email", "-"), "{email}").casefold() != demo
            )


def test_expert_clears_a_field_the_intent_does_not_mention() -> None:
    task = next(
        t
        for t in (generate("newsletter", s) for s in range(50))
        if any(f.key == "phone_opt" for f in t.fields)
    )
    phone = next(f for f in task.fields if f.key == "phone_opt")
    email = next(f for f in task.fields if f.key == "email")
    elements = [
        Element(index=1, role="textbox", name=email.label, value=email.wanted),
        Element(index=2, role="textbox", name=phone.label, value="x7"),
        Element(index=3, role="button", name=task.button),
    ]
    action = FormExpert(task).next_action(_context("newsletter", task.seed, elements))
    assert action == {"action": "type", "element": 2, "text": ""}


def test_a_checkbox_request_never_runs_into_the_message_to_type() -> None:
    asked = 0
    for kind in ("contact", "feedback", "support"):
        for seed in range(60):
            task = generate(kind, seed)
            message = task.expected()["message"]
            box = next((f for f in task.fields if f.key == "optin" and f.wanted), None)
            if box is None:
                continue
            asked += 1
            verb = "untick" if box.wanted == "false" else "tick"
            assert f"{verb} " in task.intent
            after = task.intent.split(message, 1)[1]
            assert after in ("", '"') or after.startswith('" from'), task.intent
    assert asked > 20
