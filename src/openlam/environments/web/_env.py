"""``WebEnvironment``: one browser tab that openlam observes and acts on."""

from __future__ import annotations

import base64
import contextlib
import logging
from types import TracebackType
from typing import Literal, NoReturn

from playwright.sync_api import (
    Browser,
    BrowserContext,
    CDPSession,
    Dialog,
    ElementHandle,
    Frame,
    Page,
    Playwright,
    ViewportSize,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from openlam.actions import (
    Action,
    ActionResult,
    ActionSpace,
    AskUser,
    Click,
    Finish,
    GoTo,
    Observation,
    PressKey,
    Scroll,
    Select,
    TypeText,
    Wait,
    resolve_url,
    shown_url,
)
from openlam.environments.web import _execute
from openlam.environments.web._browser import (
    acquire_playwright,
    error_summary,
    find_chromium,
    launch_chromium,
    release_playwright,
)
from openlam.environments.web._execute import ActionRefused
from openlam.exceptions import EnvironmentFailure, UserError
from openlam.perception import (
    ELEMENT_LOOKUP_JS,
    PageSnapshot,
    SnapshotBudget,
    parse_snapshot,
    snapshot_script,
)

# Two animation frames let the page render what an event handler changed; the timer caps the
# wait where frames are throttled. No network-idle waits: they cost seconds on real sites.
_SETTLE_JS = """() => new Promise((done) => {
  setTimeout(done, 50);
  requestAnimationFrame(() => requestAnimationFrame(done));
})"""

_log = logging.getLogger(__name__)

_LOOKUP_ERRORS = {
    "stale": "the page changed since it was observed, so element [{i}] is gone; "
    "look at the current page",
    "detached": "element [{i}] is no longer on the page; look at the current page",
    "missing": "there is no element [{i}] on this page; use an index from the current page",
}


class WebEnvironment:
    """A Chromium tab driven by Playwright's sync API, seen through ``openlam.perception``.

    ``reset()`` opens ``start_url`` (a URL or a file path) in a fresh browser context; the
    browser starts on first use. Problems the model should know about come back as
    ``ActionResult(ok=False, error=...)``; an unreachable start page or a crashed browser raises
    ``EnvironmentFailure``. Use it from one thread, outside any running asyncio loop.

    Pass ``browser`` to share one launched Chromium between environments (each still gets its
    own context, and ``close()`` leaves that browser running).
    """

    def __init__(
        self,
        start_url: str,
        *,
        headless: bool = True,
        chromium: str | None = None,
        viewport: tuple[int, int] = (1280, 800),
        timeout_s: float = 10.0,
        action_timeout_s: float = 2.5,
        budget: SnapshotBudget | None = None,
        browser: Browser | None = None,
    ) -> None:
        self.start_url = _execute.to_url(start_url)
        self._headless = headless
        self._chromium = None if browser is not None else find_chromium(chromium)
        self._viewport = ViewportSize(width=viewport[0], height=viewport[1])
        self._nav_ms = timeout_s * 1000
        self._action_ms = action_timeout_s * 1000
        self._budget = budget or SnapshotBudget()
        self._playwright: Playwright | None = None
        self._browser = browser
        self._owns_browser = browser is None
        self._context: BrowserContext | None = None
        self._page: Page | None = None
        self._cdp: CDPSession | None = None
        self._snapshot: PageSnapshot | None = None
        self._generation = 0
        self._navigations = 0
        self._new_pages: list[Page] = []
        self._dialogs: list[str] = []
        self._crashed = False
        self._closed = False

    # ---- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> WebEnvironment:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def page(self) -> Page:
        """The live Playwright page, for benchmark adapters that must script the page itself."""
        return self._require_page()

    def reset(self) -> None:
        """Open ``start_url`` in a fresh context (no cookies or storage from earlier runs)."""
        browser = self._require_browser()
        if self._context is not None:
            self._close_quietly(self._context)
        try:
            self._context = browser.new_context(viewport=self._viewport)
            self._context.on("page", self._on_new_page)
            self._attach(self._context.new_page())
        except PlaywrightError as exc:
            self._fail(exc, "could not open a browser tab")
        self._crashed = False  # a crashed tab went away with the old context
        self._open_start_page()
        # the first tab and anything the start page did on its own are not the model's doing
        self._new_pages.clear()
        self._dialogs.clear()

    def close(self) -> None:
        """Close the tab, the context and (unless shared) the browser; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._context is not None:
            self._close_quietly(self._context)
        if self._browser is not None and self._owns_browser:
            self._close_quietly(self._browser)
        if self._playwright is not None:
            release_playwright()
        self._context = self._page = self._browser = self._playwright = None
        self._cdp = None

    # ---- Environment protocol ----------------------------------------------------------------

    def observe(self) -> Observation:
        """Snapshot the page; element indices stay valid until the next observation."""
        page = self._adopt_new_tab() or self._require_page()
        self._generation += 1
        options = self._budget.script_options(self._generation)
        for _ in range(3):
            try:
                raw = page.evaluate(snapshot_script(), options)
            except PlaywrightError as exc:
                self._raise_if_broken(exc)
                failure = exc
                # the page navigated while the script ran: wait for the new document, retry
                self._wait_for_document(page)
                continue
            self._snapshot = parse_snapshot(raw, generation=self._generation, budget=self._budget)
            return self._snapshot.observation
        raise EnvironmentFailure(
            f"could not read the page at {page.url} ({error_summary(failure)}); start the run again"
        )

    def screenshot(self) -> bytes | None:
        """A PNG of the viewport.

        Taken over CDP with ``optimizeForSpeed`` (fast zlib settings): about 18 ms instead of
        Playwright's 50 ms on a typical page, which matters since every step takes one.
        """
        page = self._require_page()
        try:
            if self._cdp is None:
                self._cdp = page.context.new_cdp_session(page)
            shot = self._cdp.send(
                "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
            )
            return base64.b64decode(shot["data"])
        except PlaywrightError as exc:
            self._raise_if_broken(exc)
        try:  # a page the CDP session cannot capture (mid-navigation): the slower, sure way
            return page.screenshot(type="png", timeout=self._nav_ms)
        except PlaywrightError as exc:
            self._raise_if_broken(exc)
            _log.warning("no screenshot of %s: %s", page.url, error_summary(exc))
            return None  # a step without a picture is better than a failed run

    def action_space(self, observation: Observation) -> ActionSpace:
        """The web actions, restricted to the element indices of ``observation``."""
        return ActionSpace.for_observation(observation)

    def execute(self, action: Action) -> ActionResult:
        """Carry out one action and let the page settle briefly; see the class docstring."""
        page = self._require_page()
        if isinstance(action, Finish | AskUser):
            raise UserError(f"the runner handles '{action.action}' itself; do not execute it")
        url_before, navigations_before = page.url, self._navigations
        try:
            message = self._dispatch(page, action)
        except ActionRefused as refused:
            return ActionResult(ok=False, error=str(refused))
        except PlaywrightTimeout as exc:
            self._raise_if_broken(exc)
            return ActionResult(ok=False, error=self._timeout_message(action))
        except PlaywrightError as exc:
            self._raise_if_broken(exc)
            return ActionResult(ok=False, error=error_summary(exc))
        notes = self._settle(url_before, navigations_before)
        return ActionResult(ok=True, message="; ".join(m for m in (message, *notes) if m))

    # ---- actions -----------------------------------------------------------------------------

    def _dispatch(self, page: Page, action: Action) -> str:
        if isinstance(action, Click | TypeText | Select):
            return self._act_on_element(page, action)
        if isinstance(action, PressKey):
            page.keyboard.press(action.key)
            return ""
        if isinstance(action, Scroll):
            target = None if action.element is None else self._element(page, action.element)
            return _execute.scroll(page, target, action.element, action.direction == "down")
        if isinstance(action, GoTo):
            return self._goto(page, action.url)
        if isinstance(action, Wait):
            page.wait_for_timeout(action.seconds * 1000)
            return ""
        raise UserError(f"the web environment cannot perform {type(action).__name__}")

    def _act_on_element(self, page: Page, action: Click | TypeText | Select) -> str:
        element = self._element(page, action.element)
        timeout = self._action_ms
        if isinstance(action, Click):
            return _execute.click(page, element, action.element, timeout)
        if isinstance(action, TypeText):
            return _execute.type_text(element, action.element, action.text, action.submit, timeout)
        return _execute.select(element, action.element, action.option, timeout)

    def _element(self, page: Page, index: int) -> ElementHandle:
        """Resolve an index of the last observation to its element in the page."""
        count = len(self._snapshot.observation.elements) if self._snapshot else 0
        if not 1 <= index <= count:
            raise ActionRefused(_LOOKUP_ERRORS["missing"].format(i=index))
        assert self._snapshot is not None
        handle = page.evaluate_handle(ELEMENT_LOOKUP_JS, [self._snapshot.generation, index])
        element = handle.as_element()
        if element is None:
            status = str(handle.json_value())
            handle.dispose()
            error = _LOOKUP_ERRORS.get(status, _LOOKUP_ERRORS["missing"])
            raise ActionRefused(error.format(i=index))
        return element

    def _goto(self, page: Page, target: str) -> str:
        url = _execute.to_url(resolve_url(target.strip(), page.url, self.start_url))
        try:
            page.goto(url, wait_until="domcontentloaded", timeout=self._nav_ms)
        except PlaywrightError as exc:
            self._raise_if_broken(exc)
            shown = shown_url(url)  # the model reads this: no real directory or port in it
            summary = error_summary(exc).replace(url, shown)
            raise ActionRefused(f"could not open {shown} ({summary}); check the address") from None
        return ""

    def _timeout_message(self, action: Action) -> str:
        seconds = self._action_ms / 1000
        target = ""
        if isinstance(action, Click | TypeText | Select):
            target = f" element [{action.element}]"
        return (
            f"{action.action}{target} timed out after {seconds:g} s: the element may be covered "
            "by another one, disabled or still moving"
        )

    # ---- page state --------------------------------------------------------------------------

    def _open_start_page(self) -> None:
        page = self._require_page()
        try:
            page.goto(self.start_url, wait_until="domcontentloaded", timeout=self._nav_ms)
        except PlaywrightError as exc:
            self._raise_if_broken(exc)
            raise EnvironmentFailure(
                f"could not open the start page {self.start_url} ({error_summary(exc)}): "
                "check the address, that the file exists or that the server is running"
            ) from None
        self._wait_for_document(page, "load", min(self._nav_ms, 2000))
        self._snapshot = None

    def _settle(self, url_before: str, navigations_before: int) -> list[str]:
        """Let the page react to the action; report navigations, new tabs and dialogs."""
        notes: list[str] = []
        page = self._require_page()
        if self._navigations != navigations_before:
            self._wait_for_document(page)
        try:
            page.evaluate(_SETTLE_JS)  # also gives a popup's "page" event time to arrive
        except PlaywrightError as exc:
            self._raise_if_broken(exc)  # else a navigation replaced the document: fine
        new_tab = self._adopt_new_tab()
        if new_tab is not None:
            notes.append(f"opened a new tab at {shown_url(new_tab.url)}")
        elif page.url != url_before:
            notes.append(f"navigated to {shown_url(page.url)}")
        notes += [f'the page showed a dialog "{text}" (accepted)' for text in self._dialogs]
        self._dialogs.clear()
        return notes

    def _adopt_new_tab(self) -> Page | None:
        """Switch to the newest tab the page opened since the last look, if any.

        A popup can open a moment after the click that caused it; ``observe`` checks again.
        """
        self._require_page()
        tabs = [p for p in self._new_pages if not p.is_closed()]
        self._new_pages.clear()
        if not tabs:
            return None
        self._attach(tabs[-1])
        self._wait_for_document(tabs[-1])
        return tabs[-1]

    def _wait_for_document(
        self,
        page: Page,
        state: Literal["domcontentloaded", "load"] = "domcontentloaded",
        timeout_ms: float | None = None,
    ) -> None:
        try:
            page.wait_for_load_state(state, timeout=timeout_ms or self._nav_ms)
        except PlaywrightTimeout:
            pass  # a slow page: observe whatever has arrived
        except PlaywrightError as exc:
            self._raise_if_broken(exc)

    def _attach(self, page: Page) -> None:
        """Make ``page`` the current tab and listen for what it does on its own."""
        page.set_default_timeout(self._action_ms)
        page.set_default_navigation_timeout(self._nav_ms)
        page.on("framenavigated", self._on_navigated)
        page.on("crash", self._on_crash)
        page.on("dialog", self._on_dialog)
        self._page = page
        self._cdp = None
        self._snapshot = None

    def _on_navigated(self, frame: Frame) -> None:
        if self._page is not None and frame == self._page.main_frame:
            self._navigations += 1

    def _on_new_page(self, page: Page) -> None:
        self._new_pages.append(page)

    def _on_crash(self, _page: Page) -> None:
        self._crashed = True

    def _on_dialog(self, dialog: Dialog) -> None:
        # the action that opened it was already allowed by the safety policy, so accept it
        self._dialogs.append(dialog.message[:120])
        dialog.accept()

    def _require_browser(self) -> Browser:
        if self._closed:
            raise UserError("this WebEnvironment is closed; create a new one")
        if self._browser is None:
            self._playwright = acquire_playwright()
            self._browser = launch_chromium(
                self._playwright, self._chromium, headless=self._headless
            )
        return self._browser

    def _require_page(self) -> Page:
        """The current tab, opening the start page on first use."""
        if self._page is None:
            self.reset()
        assert self._page is not None
        if self._broken():
            raise EnvironmentFailure("the browser crashed or was closed; start the run again")
        if self._page.is_closed():
            self._switch_after_close()
        return self._page

    def _switch_after_close(self) -> None:
        open_pages = [p for p in self._context.pages if not p.is_closed()] if self._context else []
        if not open_pages:
            raise EnvironmentFailure("the page closed itself and no tab is left; reset the run")
        self._attach(open_pages[-1])

    def _broken(self) -> bool:
        browser_gone = self._browser is None or not self._browser.is_connected()
        return self._crashed or browser_gone

    def _raise_if_broken(self, exc: PlaywrightError) -> None:
        if self._broken():
            self._fail(exc, "the browser crashed or was closed")

    def _fail(self, exc: PlaywrightError, what: str) -> NoReturn:
        raise EnvironmentFailure(f"{what} ({error_summary(exc)}); start the run again") from exc

    @staticmethod
    def _close_quietly(closable: BrowserContext | Browser) -> None:
        with contextlib.suppress(PlaywrightError):  # already gone: closing is best effort
            closable.close()
