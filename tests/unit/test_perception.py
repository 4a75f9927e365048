"""Perception on real Chromium: the snapshot script on fixture pages, parsed into observations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from openlam.actions import Element, Observation
from openlam.exceptions import EnvironmentFailure
from openlam.perception import (
    ELEMENT_LOOKUP_JS,
    PageSnapshot,
    SnapshotBudget,
    parse_snapshot,
    snapshot_script,
)
from openlam.testing import fixture_url


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def snapshot(page: Page, budget: SnapshotBudget | None = None, generation: int = 1) -> PageSnapshot:
    options = (budget or SnapshotBudget()).script_options(generation)
    raw = page.evaluate(snapshot_script(), options)
    return parse_snapshot(raw, generation=generation, budget=budget)


def open_page(page: Page, name: str, budget: SnapshotBudget | None = None) -> Observation:
    page.goto(fixture_url(name))
    return snapshot(page, budget).observation


def named(observation: Observation, name: str) -> Element:
    found = [e for e in observation.elements if e.name == name]
    assert len(found) == 1, f"{name!r} in {[e.name for e in observation.elements]}"
    return found[0]


def element_id(page: Page, element: Element) -> str:
    return str(page.evaluate("i => window.__openlam.els[i - 1].id", element.index))


def test_inputs_are_named_by_label_preceding_text_placeholder_and_aria(page: Page) -> None:
    obs = open_page(page, "form")
    assert element_id(page, named(obs, "First name")) == "first"  # <label for>
    assert element_id(page, named(obs, "Last name")) == "last"  # plain text before it
    assert element_id(page, named(obs, "Email address")) == "email"  # placeholder
    assert element_id(page, named(obs, "Password")) == "password"  # wrapping label
    assert element_id(page, named(obs, "Comments")) == "comments"  # aria-label
    assert element_id(page, named(obs, "I accept the terms")) == "terms"  # text after a checkbox


def test_roles_and_states(page: Page) -> None:
    obs = open_page(page, "form")
    assert named(obs, "First name").render() == '[1] textbox "First name" required'
    assert named(obs, "Email address").states == ("email",)
    assert (named(obs, "Send me news").role, named(obs, "Send me news").states) == (
        "checkbox",
        ("checked",),
    )
    assert named(obs, "I accept the terms").states == ()
    assert [(e.role, e.states) for e in obs.elements if e.name in {"Free", "Pro"}] == [
        ("radio", ("checked",)),
        ("radio", ()),
    ]
    assert named(obs, "Promo code").states == ("disabled",)
    assert named(obs, "More options").render().endswith('button "More options" collapsed')
    assert named(obs, "Sign up").role == "button"
    # a span that only a pointer cursor marks as clickable (MiniWoB style)
    assert named(obs, "urgent").role == "span"


def test_focus_and_expanded_state_follow_the_page(page: Page) -> None:
    page.goto(fixture_url("form"))
    page.focus("#last")
    assert named(snapshot(page).observation, "Last name").states == ("focused",)
    page.click("#more")
    obs = snapshot(page).observation
    assert named(obs, "Last name").states == ()
    assert named(obs, "More options").states == ("expanded", "focused")
    # the section it opened is now listed
    assert element_id(page, named(obs, "Nickname")) == "nick"


def test_password_values_are_masked(page: Page) -> None:
    obs = open_page(page, "form")
    assert named(obs, "Password").value == "***"
    assert named(obs, "Password").states == ("password",)
    assert "hunter2" not in obs.render()


def test_select_shows_its_value_and_a_capped_option_list(page: Page) -> None:
    obs = open_page(page, "form")
    colour = named(obs, "Favourite colour")
    assert (colour.role, colour.value) == ("combobox", "Choose one")
    assert colour.options == ("Choose one", "Red", "Green", "Blue")
    country = named(obs, "Country")
    assert len(country.options) == 16
    assert country.options[:2] == ("Austria", "Belgium")
    assert country.options[-1] == "+5 more"


def test_text_keeps_content_and_leaves_out_what_names_already_show(page: Page) -> None:
    obs = open_page(page, "form")
    assert obs.text.startswith("Create your account\nFill in the form and press Sign up.")
    for shown_as_name in ("First name", "Last name", "Send me news", "More options", "Red"):
        assert shown_as_name not in obs.text
    assert obs.title == "Sign-up form"
    assert obs.url == fixture_url("form")


def test_hidden_elements_are_left_out(page: Page) -> None:
    obs = open_page(page, "hidden")
    names = [e.name for e in obs.elements]
    assert names[:3] == ["Visible button", "More details", "Dark mode"]
    assert "Item 1" in names
    assert "Item 8" not in names  # scrolled away inside its container
    for hidden in (
        "Hidden by display",
        "Hidden by visibility",
        "Zero size",
        "Hidden from assistive tech",
        "Inside a hidden parent",
        "Transparent",
        "Inside closed details",
        "Covered button",
        "Bottom button",
    ):
        assert hidden not in obs.render()
    assert "Invisible paragraph text" not in obs.text
    assert "A box over the button" in obs.text


def test_elements_off_screen_are_counted_and_appear_after_scrolling(page: Page) -> None:
    obs = open_page(page, "hidden")
    # Items 5-8 (scrolled inside their box), the covered button, the bottom button and link
    assert obs.hidden_elements >= 7
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    after = snapshot(page).observation
    assert [e.name for e in after.elements] == ["Bottom button", "Back to top"]
    assert "The end of the page." in after.text
    assert after.hidden_elements > 7


def test_a_visually_hidden_checkbox_acts_through_its_label(page: Page) -> None:
    obs = open_page(page, "hidden")
    dark = named(obs, "Dark mode")
    assert dark.role == "checkbox"
    tag = page.evaluate("i => window.__openlam.els[i - 1].tagName", dark.index)
    assert tag == "LABEL"


def test_indices_resolve_in_the_page_until_the_next_snapshot(page: Page) -> None:
    obs = open_page(page, "links")
    first = obs.elements[0]
    resolved = page.evaluate(f"a => ({ELEMENT_LOOKUP_JS})(a).id", [1, first.index])
    assert resolved == "next"
    assert page.evaluate(ELEMENT_LOOKUP_JS, [2, first.index]) == "stale"
    page.evaluate("document.getElementById('next').remove()")
    assert page.evaluate(ELEMENT_LOOKUP_JS, [1, first.index]) == "detached"


def test_dense_page_stays_within_budget(page: Page) -> None:
    obs = open_page(page, "dense")
    assert len(obs.elements) == SnapshotBudget().max_elements
    assert [e.index for e in obs.elements] == list(range(1, len(obs.elements) + 1))
    assert obs.hidden_elements == 273 - len(obs.elements)
    # measured with the Gemma tokenizer in bench/observation_size.py: ~2.8 chars per token
    assert len(obs.render()) < 6000
    assert named(obs, "Role of Ada Lovelace").options == ("Viewer", "Editor", "Admin", "Owner")


def test_smaller_budgets_cut_elements_and_text(page: Page) -> None:
    page.goto(fixture_url("dense"))
    by_count = snapshot(page, SnapshotBudget(max_elements=10)).observation
    assert len(by_count.elements) == 10
    assert by_count.hidden_elements == 263
    by_chars = snapshot(page, SnapshotBudget(max_element_chars=200)).observation
    assert sum(len(e.render()) + 1 for e in by_chars.elements) <= 200
    assert by_chars.hidden_elements == 273 - len(by_chars.elements)
    short = snapshot(page, SnapshotBudget(text_chars=80)).observation
    assert short.text.endswith(" …")
    assert len(short.text) <= 82


def test_shadow_dom_labelledby_and_tables(page: Page) -> None:
    page.set_content(
        """
        <span id="lbl">Search the shop</span><input aria-labelledby="lbl">
        <shop-cart></shop-cart>
        <table><tr><td>Apples</td><td>3</td></tr><tr><td>Pears</td><td>5</td></tr></table>
        <script>
          customElements.define('shop-cart', class extends HTMLElement {
            connectedCallback() {
              this.attachShadow({mode: 'open'}).innerHTML = '<button>Checkout</button>';
            }
          });
        </script>
        """
    )
    obs = snapshot(page).observation
    assert [e.render() for e in obs.elements] == [
        '[1] textbox "Search the shop"',
        '[2] button "Checkout"',
    ]
    assert obs.text == "Apples | 3\nPears | 5"


def test_hover_pointer_icons_and_menus_are_listed_one_by_one(page: Page) -> None:
    page.set_content(
        """
        <style>
          .bar span:hover, .bar ul:hover { cursor: pointer; }
          .reply { display: inline-block; width: 14px; height: 14px; background: #ccc; }
        </style>
        <div class="bar">
          <span class="reply"></span><span class="like">♥</span>
          <span><span class="more">⋯</span><ul><li>Mute</li><li>Block</li></ul></span>
        </div>
        """
    )
    obs = snapshot(page).observation
    assert [(e.role, e.name) for e in obs.elements] == [
        ("span", ".reply"),
        ("span", "♥"),
        ("span", "⋯"),
        ("li", "Mute"),
        ("li", "Block"),
    ]


def test_parse_rejects_a_malformed_snapshot() -> None:
    with pytest.raises(EnvironmentFailure, match="malformed"):
        parse_snapshot('{"elements": 5}', generation=1)


def test_parse_numbers_elements_and_counts_what_was_left_out() -> None:
    raw = {
        "url": "https://a.example/",
        "title": "A",
        "elements": [{"role": "button", "name": "Go"}, {"role": "link", "name": "Home"}],
        "offscreen": 4,
        "omitted": 1,
        "text": "Hello",
    }
    snap = parse_snapshot(raw, generation=7)
    assert [e.render() for e in snap.observation.elements] == ['[1] button "Go"', '[2] link "Home"']
    assert (snap.generation, snap.offscreen, snap.omitted) == (7, 4, 1)
    assert snap.observation.hidden_elements == 5
