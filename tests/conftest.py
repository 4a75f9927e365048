"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from openlam.environments.web import launch_chromium, playwright_driver
from openlam.sandbox import SandboxServer


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """The system Chromium, launched once per session; tests open their own contexts in it."""
    with playwright_driver() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server() -> Iterator[SandboxServer]:
    """One sandbox server for the suite; every episode resets its world first."""
    with SandboxServer() as running:
        yield running
