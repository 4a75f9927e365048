"""``MiniWobEnvironment``: a MiniWoB++ task page, started deterministically, seen as any web page.

The task pages come from the ``miniwob`` package and are served over loopback HTTP: a URL like
``http://127.0.0.1:PORT/click-test.html`` costs the model far fewer prompt tokens each step than
the package's ``file://`` path, and is the same for every machine.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from openlam.actions import Action, ActionResult
from openlam.environments.web import WebEnvironment
from openlam.evaluation._pages_server import page_server_url
from openlam.exceptions import EnvironmentFailure, UserError

# Long episodes: the page's default 10 s limit would end an episode while a model still thinks.
# The reward display is hidden: its timer text changes every second, which would make every
# observation look new to the runner's loop detection.
_START_JS = """(seed) => {
  core.EPISODE_MAX_TIME = 3600000;
  Math.seedrandom(seed);
  core.startEpisodeReal();
  const display = document.getElementById('reward-display');
  if (display) display.style.display = 'none';
  const canvas = document.getElementById('click-canvas');
  if (canvas) canvas.style.display = 'none';
}"""

_READY_JS = "() => typeof WOB_TASK_READY === 'undefined' || WOB_TASK_READY === true"

_REWARD_JS = """() => ({
  done: WOB_DONE_GLOBAL === true,
  reward: Number(WOB_RAW_REWARD_GLOBAL) || 0,
  reason: WOB_REWARD_REASON === null ? '' : String(WOB_REWARD_REASON),
})"""


@functools.cache
def html_root() -> Path:
    """The ``html`` directory of the installed ``miniwob`` package (found, not imported)."""
    spec = importlib.util.find_spec("miniwob")
    if spec is None or not spec.submodule_search_locations:
        raise UserError(
            "the MiniWoB++ suite needs the `miniwob` package: pip install miniwob==1.1.0"
        )
    return Path(spec.submodule_search_locations[0]) / "html"


def task_names() -> tuple[str, ...]:
    """Every task page the installed ``miniwob`` package ships, sorted."""
    return tuple(sorted(p.stem for p in (html_root() / "miniwob").glob("*.html")))


@dataclass(frozen=True)
class Reward:
    """The page's verdict: whether the episode ended, its raw reward (1 or -1) and the reason."""

    done: bool
    reward: float
    reason: str

    @property
    def success(self) -> bool:
        """A positive raw reward."""
        return self.reward > 0


class _TaskPages(http.server.SimpleHTTPRequestHandler):
    """Serves ``html/``, with ``/TASK.html`` short for ``/miniwob/TASK.html``.

    The pages load ``../core/core.js``, which from ``/TASK.html`` resolves to ``/core/core.js``:
    the package's own layout, so no page needs rewriting.
    """

    def translate_path(self, path: str) -> str:
        name = path.split("?", 1)[0].split("#", 1)[0].lstrip("/")
        if name and "/" not in name:
            candidate = html_root() / "miniwob" / name
            if candidate.is_file():
                return str(candidate)
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: one line per request would drown an evaluation's output."""


def task_server_url() -> str:
    """The base URL of this process's task page server, started on first use."""
    handler = functools.partial(_TaskPages, directory=str(html_root()))
    return page_server_url("miniwob-pages", handler)


def check_task(task: str) -> None:
    """Raise ``UserError`` unless the ``miniwob`` package has a page for ``task``."""
    if not (html_root() / "miniwob" / f"{task}.html").is_file():
        raise UserError(
            f"unknown MiniWoB++ task {task!r}; `openlam eval miniwob --split train` or "
            "`--split eval_only` lists the tasks this suite runs"
        )


class MiniWobEnvironment(WebEnvironment):
    """One MiniWoB++ task with one seed in a Chromium tab.

    ``reset()`` opens the task page and starts a seeded episode (the same problem for the same
    seed); ``utterance`` is the task's instruction and ``reward()`` the page's verdict. The
    episode is over once ``reward().done``: the page then covers itself with a start screen.

    A ``reset()`` right after another, with no action between, keeps the episode already started:
    the utterance is read before a run, and the runner resets once more before its first step.
    """

    def __init__(
        self,
        task: str,
        seed: int,
        *,
        browser: Browser | None = None,
        headless: bool = True,
        **options: Any,
    ) -> None:
        check_task(task)
        super().__init__(
            f"{task_server_url()}/{task}.html", browser=browser, headless=headless, **options
        )
        self.task = task
        self.seed = seed
        self._utterance = ""
        self._untouched = False

    def __enter__(self) -> MiniWobEnvironment:
        return self

    def reset(self) -> None:
        """Open the task page and start the seeded episode (unless one was just started)."""
        if self._untouched:
            return
        super().reset()
        page = self.page
        try:
            page.wait_for_function("() => typeof core !== 'undefined'", timeout=self._nav_ms)
            page.evaluate(_START_JS, self.seed)
            page.wait_for_function(_READY_JS, timeout=self._nav_ms)
            self._utterance = str(page.evaluate("() => core.getUtterance()"))
        except PlaywrightError as exc:
            raise EnvironmentFailure(
                f"could not start MiniWoB++ task {self.task} with seed {self.seed} ({exc}); "
                "start the run again"
            ) from exc
        self._untouched = True

    def execute(self, action: Action) -> ActionResult:
        """Carry out one action on the task page (see ``WebEnvironment.execute``)."""
        self._untouched = False
        return super().execute(action)

    @property
    def utterance(self) -> str:
        """The task's instruction for this episode (read at ``reset``)."""
        return self._utterance

    def reward(self) -> Reward:
        """Whether the episode ended, with what raw reward and why."""
        try:
            raw = self.page.evaluate(_REWARD_JS)
        except PlaywrightError as exc:
            raise EnvironmentFailure(
                f"could not read the reward of MiniWoB++ task {self.task} ({exc})"
            ) from exc
        return Reward(bool(raw["done"]), float(raw["reward"]), str(raw["reason"]))
