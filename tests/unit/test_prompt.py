"""Prompt rendering: stable prefixes for the KV cache, Gemma turn markers, chat messages."""

from __future__ import annotations

from openlam.actions import ActionResult, ActionSpace, Click, Observation, Step
from openlam.models import Context, gemma_segments, render_chat, render_gemma, render_parts
from openlam.testing import default_page

SPACE = ActionSpace.for_observation(default_page())


def history(n: int) -> tuple[Step, ...]:
    return tuple(
        Step(
            index=i,
            observation=Observation(),
            action=Click(element=1),
            result=ActionResult(ok=True),
        )
        for i in range(1, n + 1)
    )


def test_the_prefix_stays_stable_from_step_to_step() -> None:
    before = render_gemma(Context("subscribe", default_page(), history(3)), SPACE)
    after = render_gemma(Context("subscribe", default_page(), history(4)), SPACE)
    stable = before[: before.index("\n\nCurrent page:") + 1]
    assert after.startswith(stable)


def test_old_history_is_dropped_in_blocks_so_the_prefix_changes_rarely() -> None:
    parts = {
        n: render_parts(Context("x", default_page(), history(n)), SPACE).task for n in range(30, 45)
    }
    assert "earlier steps" not in parts[30]
    assert "(10 earlier steps)" in parts[31]
    assert "(10 earlier steps)" in parts[40]
    assert "(20 earlier steps)" in parts[41]
    for n in range(31, 40):  # within a block each step only appends a line
        assert parts[n + 1].startswith(parts[n])
    assert parts[40].count("\n") - 2 == 30


def test_gemma_turns_and_marker_segments() -> None:
    context = Context("subscribe", default_page(), feedback="no JSON object found")
    text = render_gemma(context, SPACE)
    assert text.startswith("<start_of_turn>user\n")
    assert text.endswith("Next action (JSON):<end_of_turn>\n<start_of_turn>model\n")
    assert "Your last reply was rejected: no JSON object found" in text
    assert [is_marker for _, is_marker in gemma_segments(context, SPACE)] == [True, False, True]


def test_chat_messages_carry_the_same_content() -> None:
    context = Context("subscribe", default_page(), history(2))
    system, user = render_chat(context, SPACE)
    assert '{"action":"click","element":3}' in system
    assert user.startswith("Task: subscribe\nSteps so far:\n1. click(element=1)")
    assert '[2] button "Subscribe"' in user
