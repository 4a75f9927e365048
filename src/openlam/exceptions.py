"""The one error tree of openlam.

Three failure channels (STYLE.md rule 5):

* what the model should see comes back as an observation (``ActionResult.error``), not as an
  exception;
* control signals that change the course of a run have their own types below
  (``InvalidModelOutput``, ``EnvironmentFailure``...);
* developer or user misuse raises ``UserError`` with a message that says how to fix it.

Code branches on these types, never on an error's text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openlam.actions import Usage

__all__ = [
    "BrowserUnavailable",
    "EnvironmentFailure",
    "InvalidModelOutput",
    "ModelUnavailable",
    "OpenlamError",
    "UserError",
]


class OpenlamError(Exception):
    """Base of every error openlam raises on purpose."""


class UserError(OpenlamError):
    """Bad input from a user or developer; the message says what was wrong and how to fix it."""


class ModelUnavailable(OpenlamError):
    """The model could not be loaded or reached (missing weights, server down, bad key)."""


class InvalidModelOutput(OpenlamError):
    """The model replied with something that is not a valid action.

    ``raw`` keeps the reply and ``reason`` says what was wrong with it; the runner shows the
    reason to the model and asks again.
    """

    def __init__(self, reason: str, raw: str, usage: Usage | None = None) -> None:
        super().__init__(f"model reply is not a valid action: {reason}")
        self.reason = reason
        self.raw = raw
        self.usage = usage


class EnvironmentFailure(OpenlamError):
    """The environment itself broke (browser crashed, page unreachable); the run cannot go on."""


class BrowserUnavailable(UserError):
    """No usable Chromium was found or it could not be launched."""
