"""Actions: schema export, parsing of model replies, records."""

from __future__ import annotations

import json

import pytest

from openlam.actions import (
    WEB_ACTIONS,
    ActionSpace,
    Click,
    Element,
    Finish,
    Observation,
    Scroll,
    Step,
    TypeText,
    Usage,
    registered_actions,
)
from openlam.exceptions import InvalidModelOutput

SPACE = ActionSpace(element_indices=[1, 2, 5])


def test_every_web_action_is_registered_with_an_example_that_parses() -> None:
    registry = registered_actions()
    assert set(registry) == {t.meta.name for t in WEB_ACTIONS} | {"call_tool"}
    for kind in WEB_ACTIONS:
        example = json.loads(kind.meta.example)
        example.pop("element", None)
        if kind.model_fields.get("element") is not None and kind is not Scroll:
            example["element"] = 1
        assert type(SPACE.parse(json.dumps(example))) is kind


def test_schema_lists_only_allowed_indices_with_action_first() -> None:
    schema = SPACE.json_schema()
    click = schema["anyOf"][0]
    assert list(click["properties"]) == ["action", "element"]
    assert click["properties"]["element"] == {"enum": [1, 2, 5]}
    assert click["required"] == ["action", "element"]
    unrestricted = SPACE.json_schema(restrict_elements=False)["anyOf"][0]
    assert unrestricted["properties"]["element"]["type"] == "integer"


def test_schema_can_be_narrowed_to_some_action_types() -> None:
    space = ActionSpace(types=(Click, Finish), element_indices=[3])
    names = [v["properties"]["action"]["const"] for v in space.json_schema()["anyOf"]]
    assert names == ["click", "finish"]
    with pytest.raises(InvalidModelOutput, match="not allowed here"):
        space.parse('{"action":"type","element":3,"text":"x"}')


def test_parse_tolerates_chatter_and_code_fences() -> None:
    reply = 'Sure!\n```json\n{"action": "type", "element": 2, "text": "hi", "submit": true}\n```'
    assert SPACE.parse(reply) == TypeText(element=2, text="hi", submit=True)
    # a scroll of one element is not in the compact schema, but a free reply may say it
    assert SPACE.parse('{"action":"scroll","direction":"up","element":5}') == Scroll(
        direction="up", element=5
    )


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("I will click the button", "no JSON object"),
        ('{"action": "click", "element": }', "malformed JSON"),
        ("[1, 2]", "no JSON object"),
        ('{"action": "click", "element": 9}', r"no element \[9\]"),
        ('{"action": "scroll", "direction": "down", "element": 9}', r"no element \[9\]"),
        ('{"action": "teleport"}', "does not match any of the expected tags"),
        ('{"action": "type", "element": 1}', "type.text: Field required"),
        ('{"action": "click", "element": 1, "extra": 1}', "click.extra"),
    ],
)
def test_invalid_replies_say_what_is_wrong(reply: str, reason: str) -> None:
    with pytest.raises(InvalidModelOutput, match=reason) as info:
        SPACE.parse(reply)
    assert info.value.raw == reply


def test_observation_renders_compactly_and_fingerprints_change_with_the_page() -> None:
    obs = Observation(
        url="http://x.test/",
        title="Form",
        elements=(
            Element(index=1, role="textbox", name="Email", value="a@b.c", states=("focused",)),
            Element(index=2, role="combobox", name="Colour", options=("Red", "Blue")),
        ),
        text="Hello",
    )
    text = obs.render()
    assert '[1] textbox "Email" value="a@b.c" focused' in text
    assert '[2] combobox "Colour" options: Red | Blue' in text
    assert obs.fingerprint() != obs.model_copy(update={"text": "Bye"}).fingerprint()
    assert obs.element(2) is not None
    assert obs.element(3) is None


def test_step_describe_and_usage_sum() -> None:
    step = Step(index=4, observation=Observation(), action=Click(element=2))
    assert step.describe() == "4. click(element=2) -> ok"
    page = Observation(elements=(Element(index=2, role="button", name="Subscribe"),))
    named = Step(index=5, observation=page, action=Click(element=2))
    assert named.describe() == '5. click(element=2) on button "Subscribe" -> ok'
    failed = Step(index=5, observation=Observation(), action=None, error="bad json")
    assert "no valid action: bad json" in failed.describe()
    total = Usage(prompt_tokens=10, cached_tokens=4) + Usage(prompt_tokens=5, completion_tokens=2)
    assert (total.prompt_tokens, total.cached_tokens, total.completion_tokens) == (15, 4, 2)
    assert total.attempts == 2
