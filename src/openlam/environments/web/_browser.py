"""Finding and launching the system Chromium that Playwright drives.

Playwright's own browser download does not work offline, so openlam always drives an installed
Chromium through ``executable_path``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from openlam.exceptions import BrowserUnavailable, UserError

CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
"""Flags for a quiet, container-friendly Chromium (no sandbox, no update or sync traffic)."""

DEFAULT_CHROMIUM = "/usr/bin/chromium"

_FIX = (
    "install it (as root: `apt-get install -y chromium`; without root: ask an admin or run "
    "`sudo apt-get install chromium`) or set OPENLAM_CHROMIUM to a Chromium binary"
)


def find_chromium(path: str | None = None) -> str:
    """The Chromium binary to launch: ``path``, else ``$OPENLAM_CHROMIUM``, else the system one.

    Raises ``BrowserUnavailable`` with the fix in its message when none is usable.
    """
    if path:
        return _checked(path, "the chromium argument")
    from_env = os.environ.get("OPENLAM_CHROMIUM")
    if from_env:
        return _checked(from_env, "OPENLAM_CHROMIUM")
    if _is_executable(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailable(
        f"Chromium not found (looked at OPENLAM_CHROMIUM, {DEFAULT_CHROMIUM} and PATH): {_FIX}"
    )


@dataclass
class _Driver:
    playwright: Playwright
    users: int = 0


# Playwright's sync driver runs an event loop in its thread, and a second one cannot start while
# it runs: every environment in a thread shares one driver, stopped with its last user.
_threads = threading.local()


@contextlib.contextmanager
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's sync driver for this thread, shared with every ``WebEnvironment`` in it."""
    playwright = acquire_playwright()
    try:
        yield playwright
    finally:
        release_playwright()


def acquire_playwright() -> Playwright:
    """This thread's driver, started on first use; pair every call with ``release_playwright``."""
    driver: _Driver | None = getattr(_threads, "driver", None)
    if driver is None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            driver = _threads.driver = _Driver(sync_playwright().start())
        else:
            raise UserError(
                "WebEnvironment uses Playwright's sync API and cannot run inside an asyncio "
                "event loop: create and use it in a worker thread (`await asyncio.to_thread(...)`)"
            )
    driver.users += 1
    return driver.playwright


def release_playwright() -> None:
    """Give back this thread's driver; the last user stops it."""
    driver: _Driver | None = getattr(_threads, "driver", None)
    if driver is None:
        return
    driver.users -= 1
    if driver.users <= 0:
        _threads.driver = None
        with contextlib.suppress(PlaywrightError):  # the driver process already exited
            driver.playwright.stop()


def launch_chromium(
    playwright: Playwright,
    executable: str | None = None,
    *,
    headless: bool = True,
    timeout_s: float = 30.0,
) -> Browser:
    """Launch Chromium (found with ``find_chromium`` unless ``executable`` is given)."""
    path = find_chromium(executable)
    try:
        return playwright.chromium.launch(
            executable_path=path,
            headless=headless,
            args=list(CHROMIUM_ARGS),
            timeout=timeout_s * 1000,
        )
    except PlaywrightError as exc:
        raise BrowserUnavailable(
            f"Chromium at {path} failed to start ({error_summary(exc)}); "
            f"check that `{path} --headless=new --version` runs, or {_FIX}"
        ) from None


def error_summary(exc: BaseException) -> str:
    """The first line of a Playwright error without its ``Page.goto:``-style API prefix.

    Only for showing; code never branches on it.
    """
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^\w+\.\w+: ", "", first)


def _checked(path: str, source: str) -> str:
    if _is_executable(path):
        return path
    raise BrowserUnavailable(f"no executable Chromium at {path} (from {source}): {_FIX}")


def _is_executable(path: str) -> bool:
    candidate = Path(path)
    return candidate.is_file() and os.access(candidate, os.X_OK)
