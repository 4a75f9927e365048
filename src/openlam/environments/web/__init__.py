"""The web environment: a Chromium tab driven by Playwright, observed through perception.

``WebEnvironment`` implements ``openlam.environments.Environment``. ``find_chromium`` and
``launch_chromium`` locate and start the system Chromium (Playwright's own browser download is
never used); ``CHROMIUM_ARGS`` are the flags it runs with. ``playwright_driver`` lends the one
Playwright driver a thread may run, for code that launches a browser to share between
environments.
"""

from openlam.environments.web._browser import (
    CHROMIUM_ARGS,
    find_chromium,
    launch_chromium,
    playwright_driver,
)
from openlam.environments.web._env import WebEnvironment

__all__ = [
    "CHROMIUM_ARGS",
    "WebEnvironment",
    "find_chromium",
    "launch_chromium",
    "playwright_driver",
]
