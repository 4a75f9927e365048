"""One Chromium per evaluation worker, relaunched when it crashed."""

from __future__ import annotations

from typing import Any

from openlam.environments.web import launch_chromium
from openlam.environments.web._browser import acquire_playwright, release_playwright


class SharedBrowser:
    """A Chromium shared by every episode of a session; ``get()`` relaunches a dead one.

    Must be used from one thread (Playwright's sync driver is per thread).
    """

    def __init__(self, *, headless: bool = True) -> None:
        self._headless = headless
        self._playwright: Any = None
        self._browser: Any = None

    def get(self) -> Any:
        """A connected browser, launched on first use or after a crash."""
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        if self._playwright is None:
            self._playwright = acquire_playwright()
        self._browser = launch_chromium(self._playwright, headless=self._headless)
        return self._browser

    def close(self) -> None:
        """Close the browser and give back the thread's Playwright driver."""
        if self._browser is not None and self._browser.is_connected():
            self._browser.close()
        self._browser = None
        if self._playwright is not None:
            release_playwright()
            self._playwright = None
