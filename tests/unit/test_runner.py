"""The loop with a scripted model: stopping rules, retries, pauses, traces, resume."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlam.actions import (
    Action,
    ActionResult,
    ActionSpace,
    AskUser,
    Click,
    Element,
    Finish,
    Observation,
    TypeText,
)
from openlam.agent import Budget, Runner, RunState, RunStatus
from openlam.exceptions import BrowserUnavailable, EnvironmentFailure, UserError
from openlam.memory import TraceStore
from openlam.models import Context, Decision
from openlam.testing import PagesEnvironment, ScriptedModel, default_page


def pages(n: int) -> list[Observation]:
    return [default_page().model_copy(update={"text": f"page {i}"}) for i in range(n)]


def test_run_finishes_with_answer_and_records_every_step(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    model = ScriptedModel(
        [TypeText(element=1, text="a@b.c"), Click(element=2), Finish(answer="subscribed")]
    )
    env = PagesEnvironment(pages(3))
    state = Runner(model, env, trace=store).run("subscribe a@b.c")
    assert state.status is RunStatus.FINISHED
    assert state.answer == "subscribed"
    assert env.executed == [TypeText(element=1, text="a@b.c"), Click(element=2)]
    loaded = store.load(state.run_id)
    assert [s.action for s in loaded.steps] == [s.action for s in state.steps]
    assert loaded.status is RunStatus.FINISHED
    assert all(s.screenshot and Path(s.screenshot).is_file() for s in loaded.steps)
    # the model saw the history of earlier steps
    assert len(model.contexts[2].history) == 2


def test_invalid_reply_is_shown_to_the_model_and_retried() -> None:
    model = ScriptedModel(
        ["click the button", '{"action":"click","element":7}', Click(element=2), Finish()]
    )
    state = Runner(model, PagesEnvironment(pages(2))).run("press subscribe")
    assert state.status is RunStatus.FINISHED
    first = state.steps[0]
    assert first.action == Click(element=2)
    assert first.usage.attempts == 3
    assert model.contexts[1].feedback is not None
    assert "no JSON object" in model.contexts[1].feedback
    assert "no element [7]" in (model.contexts[2].feedback or "")


def test_step_fails_after_retries_and_the_run_goes_on() -> None:
    model = ScriptedModel(["nope", "nope", "nope", Finish(answer="ok")])
    state = Runner(model, PagesEnvironment(), budget=Budget(max_retries=2)).run("x")
    assert state.steps[0].action is None
    assert "no valid action after 3 replies" in (state.steps[0].error or "")
    assert state.steps[0].raw_output == "nope"
    assert state.status is RunStatus.FINISHED


def test_step_budget_stops_the_run() -> None:
    model = ScriptedModel([Click(element=1)] * 10)
    state = Runner(model, PagesEnvironment(pages(10)), budget=Budget(max_steps=4)).run("x")
    assert state.status is RunStatus.MAX_STEPS
    assert len(state.steps) == 4


def test_time_budget_stops_the_run() -> None:
    model = ScriptedModel([Click(element=1)] * 10)
    state = Runner(model, PagesEnvironment(pages(10)), budget=Budget(max_seconds=0)).run("x")
    assert state.status is RunStatus.TIMEOUT
    assert state.steps == []


def test_same_action_on_unchanged_page_three_times_is_a_loop() -> None:
    model = ScriptedModel([Click(element=2)] * 10)
    env = PagesEnvironment([default_page()])  # the page never changes
    state = Runner(model, env).run("x")
    assert state.status is RunStatus.LOOP
    assert len(state.steps) == 3


def test_same_action_on_a_changing_page_is_not_a_loop() -> None:
    model = ScriptedModel([Click(element=2)] * 5 + [Finish()])
    state = Runner(model, PagesEnvironment(pages(6))).run("x")
    assert state.status is RunStatus.FINISHED


def test_ask_user_answers_through_the_callback() -> None:
    model = ScriptedModel([AskUser(question="Which email?"), Finish(answer="done")])
    state = Runner(model, PagesEnvironment(), ask=lambda q: "a@b.c").run("subscribe")
    assert state.status is RunStatus.FINISHED
    assert "user answered: a@b.c" in model.contexts[1].history[0].describe()


def test_ask_user_without_a_person_pauses_and_resumes_after_restart(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    model = ScriptedModel([AskUser(question="Which email?")])
    paused = Runner(model, PagesEnvironment(), trace=store).run("subscribe")
    assert paused.status is RunStatus.NEEDS_INPUT
    assert paused.question == "Which email?"
    store.close()

    reopened = TraceStore(tmp_path)  # as after a restart
    state = reopened.load(paused.run_id)
    assert state.status is RunStatus.NEEDS_INPUT
    state.answer_question("a@b.c")
    model2 = ScriptedModel([Finish(answer="subscribed a@b.c")])
    done = Runner(model2, PagesEnvironment(), trace=reopened).run(state.intent, state=state)
    assert done.status is RunStatus.FINISHED
    stored = reopened.load(done.run_id).steps
    assert [s.index for s in stored] == [1, 2]
    assert stored[0].result is not None
    assert stored[0].result.message == "user answered: a@b.c"  # the answer itself was saved
    assert "user answered: a@b.c" in model2.contexts[0].history[0].describe()


class BrokenEnvironment(PagesEnvironment):
    def execute(self, action: Action) -> ActionResult:
        raise EnvironmentFailure("browser crashed")


def test_environment_failure_ends_the_run_with_its_trace_kept(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    model = ScriptedModel([Click(element=1)])
    state = Runner(model, BrokenEnvironment(), trace=store).run("x")
    assert state.status is RunStatus.ERROR
    assert state.error == "browser crashed"
    assert store.load(state.run_id).status is RunStatus.ERROR


def test_empty_intent_is_a_user_error() -> None:
    with pytest.raises(UserError, match="intent is empty"):
        Runner(ScriptedModel([]), PagesEnvironment()).run("   ")


def test_run_state_round_trips_as_json() -> None:
    state = RunState.new("do it", "http://x.test/")
    state.steps.append(Runner(ScriptedModel([Click(element=1)]), PagesEnvironment()).step(state))
    again = RunState.model_validate_json(state.model_dump_json())
    assert again == state
    assert again.steps[0].observation.elements[0] == Element(index=1, role="textbox", name="Email")


class CrashingModel(ScriptedModel):
    def decide(self, context: Context, space: ActionSpace) -> Decision:
        if len(self.contexts) == 2:
            raise RuntimeError("segfault-like bug")
        return super().decide(context, space)


def test_a_crash_mid_run_keeps_the_trace_and_the_run_resumes(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    crashing = CrashingModel([TypeText(element=1, text="a@b.c"), Click(element=2)])
    with pytest.raises(RuntimeError):
        Runner(crashing, PagesEnvironment(pages(4)), trace=store).run("subscribe")
    run_id = store.runs(1)[0].run_id
    saved = store.load(run_id)
    assert saved.status is RunStatus.ERROR
    assert "segfault-like bug" in (saved.error or "")
    assert [s.index for s in saved.steps] == [1, 2]

    model = ScriptedModel([Finish(answer="done")])
    env = PagesEnvironment(pages(4))
    done = Runner(model, env, trace=store).run(saved.intent, state=saved)
    assert done.status is RunStatus.FINISHED
    assert done.error is None
    assert [s.index for s in store.load(run_id).steps] == [1, 2, 3]
    assert len(model.contexts[0].history) == 2  # the model sees what was done before the crash


def test_a_budget_stopped_run_resumes_with_a_fresh_budget_and_a_finished_one_does_not() -> None:
    env = PagesEnvironment(pages(10))
    stopped = Runner(ScriptedModel([Click(element=1)] * 2), env, budget=Budget(max_steps=2)).run(
        "x"
    )
    assert stopped.status is RunStatus.MAX_STEPS
    resumed = Runner(ScriptedModel([Click(element=1), Finish()]), env, budget=Budget(max_steps=2))
    done = resumed.run("x", state=stopped)
    assert done.status is RunStatus.FINISHED
    assert len(done.steps) == 4
    with pytest.raises(UserError, match="already finished"):
        Runner(ScriptedModel([]), env).run("x", state=done)


class NoBrowserEnvironment(PagesEnvironment):
    def reset(self) -> None:
        raise BrowserUnavailable("Chromium not found: set OPENLAM_CHROMIUM")


def test_a_browser_that_cannot_start_is_a_recorded_error(tmp_path: Path) -> None:
    store = TraceStore(tmp_path)
    state = Runner(ScriptedModel([]), NoBrowserEnvironment(), trace=store).run("x")
    assert state.status is RunStatus.ERROR
    assert state.error == "Chromium not found: set OPENLAM_CHROMIUM"
    assert store.load(state.run_id).error == state.error


def test_a_page_without_elements_offers_no_element_actions() -> None:
    empty = Observation(url="about:blank")
    model = ScriptedModel(['{"action":"click","element":1}', Finish()])
    state = Runner(model, PagesEnvironment([empty])).run("x")
    assert "not allowed here" in (model.contexts[1].feedback or "")
    assert state.status is RunStatus.FINISHED
