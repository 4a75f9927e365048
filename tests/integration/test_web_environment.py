"""WebEnvironment on real Chromium and local pages: every action, its errors, and failures."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from openlam.actions import (
    Action,
    Click,
    Element,
    Finish,
    GoTo,
    Observation,
    PressKey,
    Scroll,
    Select,
    TypeText,
    Wait,
)
from openlam.environments import Environment
from openlam.environments.web import WebEnvironment, find_chromium
from openlam.exceptions import BrowserUnavailable, EnvironmentFailure, UserError
from openlam.testing import fixture_page, fixture_url

pytestmark = pytest.mark.integration

OpenEnv = Callable[..., WebEnvironment]


@pytest.fixture
def open_env(browser: Browser) -> Iterator[OpenEnv]:
    """Open a fixture page in a WebEnvironment on the shared browser; closed after the test."""
    opened: list[WebEnvironment] = []

    def open_page(name: str, action_timeout_s: float = 2.5) -> WebEnvironment:
        env = WebEnvironment(fixture_url(name), browser=browser, action_timeout_s=action_timeout_s)
        opened.append(env)
        env.reset()
        return env

    yield open_page
    for env in opened:
        env.close()


def named(observation: Observation, name: str) -> Element:
    found = [e for e in observation.elements if e.name == name]
    assert len(found) == 1, f"{name!r} in {[e.name for e in observation.elements]}"
    return found[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_it_is_an_environment(open_env: OpenEnv) -> None:
    env = open_env("links")
    assert isinstance(env, Environment)
    obs = env.observe()
    assert env.action_space(obs).element_indices == [1, 2, 3, 4]
    assert (env.screenshot() or b"").startswith(b"\x89PNG")


def test_type_select_click_fill_and_submit_a_form(open_env: OpenEnv) -> None:
    env = open_env("form")
    obs = env.observe()
    steps: list[Action] = [
        TypeText(element=named(obs, "First name").index, text="Ada"),
        TypeText(element=named(obs, "Last name").index, text="Lovelace"),
        Select(element=named(obs, "Favourite colour").index, option="Green"),
        Select(element=named(obs, "Country").index, option="peru"),  # loose label match
        Click(element=named(obs, "I accept the terms").index),
        Click(element=named(obs, "Pro").index),
    ]
    for action in steps:
        result = env.execute(action)
        assert (result.ok, result.error, result.message) == (True, None, "")
    after = env.observe()
    assert named(after, "First name").value == "Ada"
    assert named(after, "Favourite colour").value == "Green"
    assert named(after, "I accept the terms").states == ("checked",)
    assert named(after, "Pro").states == ("checked", "focused")  # clicked last
    assert env.execute(Click(element=named(after, "Sign up").index)).ok
    assert (
        "Signed up: Ada Lovelace, colour=g, country=Peru, plan=pro, news=true, terms=true"
        in env.observe().text
    )


def test_type_with_submit_and_press_enter_both_submit(open_env: OpenEnv) -> None:
    env = open_env("form")
    first = named(env.observe(), "First name").index
    assert env.execute(TypeText(element=first, text="Grace", submit=True)).ok
    assert "Signed up: Grace" in env.observe().text
    env.reset()
    first = named(env.observe(), "First name").index  # indices belong to an observation
    assert env.execute(TypeText(element=first, text="Alan")).ok
    assert "Signed up" not in env.observe().text
    assert env.execute(PressKey(key="Enter")).ok
    assert "Signed up: Alan" in env.observe().text


def test_an_unknown_key_is_an_error_for_the_model(open_env: OpenEnv) -> None:
    result = open_env("form").execute(PressKey(key="Hyperspace"))
    assert (result.ok, result.error) == (False, 'Unknown key: "Hyperspace"')


def test_clicking_a_pointer_span_and_an_expander(open_env: OpenEnv) -> None:
    env = open_env("form")
    obs = env.observe()
    assert env.execute(Click(element=named(obs, "urgent").index)).ok
    assert env.execute(Click(element=named(obs, "More options").index)).ok
    after = env.observe()
    assert "Tag toggled: urgent" in after.text
    assert "expanded" in named(after, "More options").states
    assert named(after, "Nickname").role == "textbox"


def test_typing_reports_what_the_field_kept(open_env: OpenEnv) -> None:
    env = open_env("form")
    env.page.set_content('<label>Zip <input maxlength="5"></label>')
    zip_code = named(env.observe(), "Zip").index
    result = env.execute(TypeText(element=zip_code, text="1234567"))
    assert (result.ok, result.message) == (True, 'the field now shows "12345"')


def test_wrong_element_kinds_and_options_are_explained(open_env: OpenEnv) -> None:
    env = open_env("form")
    obs = env.observe()
    colour = named(obs, "Favourite colour").index
    no_option = env.execute(Select(element=colour, option="Purple"))
    assert not no_option.ok
    assert no_option.error == (
        f'element [{colour}] has no option "Purple"; options: Choose one | Red | Green | Blue'
    )
    not_select = env.execute(Select(element=named(obs, "First name").index, option="x"))
    assert "not a dropdown list" in (not_select.error or "")
    sign_up = named(obs, "Sign up").index
    not_text = env.execute(TypeText(element=sign_up, text="x"))
    assert not_text.error == (
        f"element [{sign_up}] is a button, not a text field; type into a textbox"
    )
    disabled = env.execute(TypeText(element=named(obs, "Promo code").index, text="x"))
    assert "is disabled" in (disabled.error or "")


def test_bad_stale_and_hidden_elements_come_back_as_errors(open_env: OpenEnv) -> None:
    env = open_env("links")
    obs = env.observe()
    missing = env.execute(Click(element=99))
    assert missing.error == (
        "there is no element [99] on this page; use an index from the current page"
    )
    env.page.evaluate("document.getElementById('ask').style.visibility = 'hidden'")
    hidden = env.execute(Click(element=named(obs, "Continue").index))
    assert "is not visible any more" in (hidden.error or "")
    env.page.evaluate("document.getElementById('next').remove()")
    gone = env.execute(Click(element=named(obs, "Go to page two").index))
    assert "no longer on the page" in (gone.error or "")
    env.page.reload()
    stale = env.execute(Click(element=named(obs, "Continue").index))
    assert "the page changed since it was observed" in (stale.error or "")


def test_a_covered_element_times_out_quickly(open_env: OpenEnv) -> None:
    env = open_env("links", action_timeout_s=0.5)
    obs = env.observe()
    env.page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        "'<div style=\"position:fixed;inset:0;background:#fff\">Modal</div>')"
    )
    result = env.execute(Click(element=named(obs, "Continue").index))
    assert not result.ok
    assert (result.error or "").startswith("click element [4] timed out after 0.5 s")


def test_links_navigate_open_tabs_and_dialogs_are_reported(open_env: OpenEnv) -> None:
    env = open_env("links")
    obs = env.observe()
    confirm = env.execute(Click(element=named(obs, "Continue").index))
    assert confirm.message == 'the page showed a dialog "Really continue?" (accepted)'
    assert "confirmed" in env.observe().text
    tab = env.execute(Click(element=named(obs, "Open page two in a new tab").index))
    assert tab.message == "opened a new tab at file:///…/links2.html#details"
    assert env.observe().title == "Page two"
    back = env.execute(Click(element=named(env.observe(), "Back to page one").index))
    assert back.message == "navigated to file:///…/links.html"
    assert env.observe().title == "Page one"


def test_the_model_sees_a_local_file_by_name_and_can_go_to_what_it_sees(
    open_env: OpenEnv,
) -> None:
    env = open_env("links")
    obs = env.observe()
    assert obs.url == fixture_url("links")  # the record keeps the real address
    assert obs.render().startswith("URL: file:///…/links.html\n")
    went = env.execute(GoTo(url="file:///…/links2.html"))
    assert went.ok, went.error
    assert env.observe().url == fixture_url("links2")
    assert env.execute(GoTo(url="about:blank")).ok  # off the folder: the start page's is used
    back = env.execute(GoTo(url="file:///.../links.html"))
    assert back.ok, back.error
    assert env.observe().url == fixture_url("links")


def test_goto_takes_urls_and_paths_and_reports_failures(open_env: OpenEnv) -> None:
    env = open_env("links")
    assert env.execute(GoTo(url=str(fixture_page("links2")))).ok
    assert env.observe().title == "Page two"
    assert env.execute(GoTo(url=fixture_url("links"))).ok  # a real file URL, unchanged
    assert env.observe().title == "Page one"
    assert env.execute(GoTo(url=str(fixture_page("links2")))).ok
    assert env.observe().title == "Page two"
    port = closed_port()
    failed = env.execute(GoTo(url=f"127.0.0.1:{port}/"))
    assert not failed.ok
    assert failed.error == (  # the model reads it: the port stays out, as in page addresses
        "could not open http://localhost/ (net::ERR_CONNECTION_REFUSED "
        "at http://localhost/); check the address"
    )
    malformed = env.execute(GoTo(url="http://[nope/x"))
    assert not malformed.ok
    assert malformed.error is not None
    assert "check the address" in malformed.error


def test_scrolling_the_page_and_an_element(open_env: OpenEnv) -> None:
    env = open_env("hidden")
    obs = env.observe()
    top = env.execute(Scroll(direction="up"))
    assert top.error == "the page is already at the top; nothing more to scroll"
    assert env.execute(Scroll(direction="down", element=named(obs, "Item 1").index)).ok
    moved = env.observe()
    assert "Item 1" not in [e.name for e in moved.elements]
    assert env.execute(Scroll(direction="down", element=named(moved, "Item 4").index)).ok
    assert "Item 8" in [e.name for e in env.observe().elements]
    for _ in range(6):
        if env.execute(Scroll(direction="down")).ok is False:
            break
    bottom = env.observe()
    assert "Bottom button" in [e.name for e in bottom.elements]
    assert env.execute(Click(element=named(bottom, "Bottom button").index)).ok
    assert "Bottom clicked" in [e.name for e in env.observe().elements]


def test_wait_lets_delayed_content_arrive(open_env: OpenEnv) -> None:
    env = open_env("delayed")
    load = named(env.observe(), "Load more").index
    assert env.execute(Click(element=load)).ok
    assert "More items loaded" not in env.observe().text  # it arrives 500 ms after the click
    assert env.execute(Wait(seconds=0.8)).ok
    after = env.observe()
    assert "More items loaded" in after.text
    assert "Ready: 42 results" in after.text
    assert named(after, "Show results").role == "button"


def test_a_custom_checkbox_is_toggled_through_its_label(open_env: OpenEnv) -> None:
    env = open_env("hidden")
    dark = named(env.observe(), "Dark mode").index
    assert env.execute(Click(element=dark)).ok
    assert "checked" in named(env.observe(), "Dark mode").states


def test_reset_starts_fresh_and_observe_starts_the_page(browser: Browser) -> None:
    with WebEnvironment(str(fixture_page("form")), browser=browser) as env:
        assert env.start_url == fixture_url("form")
        first = named(env.observe(), "First name").index  # no reset() needed first
        env.execute(TypeText(element=first, text="Ada"))
        env.reset()
        assert named(env.observe(), "First name").value is None


def test_the_runner_owns_finish(open_env: OpenEnv) -> None:
    with pytest.raises(UserError, match="runner handles 'finish'"):
        open_env("links").execute(Finish(answer="done"))


def test_close_is_idempotent_and_closed_envs_refuse(browser: Browser) -> None:
    env = WebEnvironment(fixture_url("links"), browser=browser)
    with env:
        env.observe()
    env.close()
    assert browser.is_connected()  # a shared browser stays up
    with pytest.raises(UserError, match="closed"):
        env.observe()


def test_unreachable_start_pages_raise_environment_failure(browser: Browser) -> None:
    port = closed_port()
    unreachable = WebEnvironment(f"http://127.0.0.1:{port}/", browser=browser)
    with unreachable, pytest.raises(EnvironmentFailure) as refused:
        unreachable.reset()
    message = str(refused.value)
    assert f"http://127.0.0.1:{port}/" in message
    assert "ERR_CONNECTION_REFUSED" in message
    assert "that the server is running" in message
    assert "\n" not in message
    missing = WebEnvironment("/no/such/page.html", browser=browser)
    with missing, pytest.raises(EnvironmentFailure, match="ERR_FILE_NOT_FOUND"):
        missing.reset()


def test_a_crashed_browser_raises_environment_failure() -> None:
    with WebEnvironment(fixture_url("links")) as env:  # its own browser: this test kills it
        obs = env.observe()
        env.page.context.browser.close()  # type: ignore[union-attr]
        with pytest.raises(EnvironmentFailure, match="crashed or was closed"):
            env.execute(Click(element=obs.elements[0].index))


def test_missing_chromium_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(BrowserUnavailable) as given:
        WebEnvironment(fixture_url("links"), chromium=str(tmp_path / "chromium"))
    assert "apt-get install -y chromium" in str(given.value)
    assert "OPENLAM_CHROMIUM" in str(given.value)
    monkeypatch.setenv("OPENLAM_CHROMIUM", str(tmp_path / "nope"))
    with pytest.raises(BrowserUnavailable, match="from OPENLAM_CHROMIUM"):
        find_chromium()
    monkeypatch.delenv("OPENLAM_CHROMIUM")
    monkeypatch.setattr("openlam.environments.web._browser.DEFAULT_CHROMIUM", str(tmp_path / "x"))
    monkeypatch.setenv("PATH", str(tmp_path))
    fix = r"Chromium not found .*`sudo apt-get install chromium`"
    with pytest.raises(BrowserUnavailable, match=fix):
        find_chromium()
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_chromium() == str(fake)
