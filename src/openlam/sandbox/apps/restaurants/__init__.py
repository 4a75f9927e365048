"""TableTime: a restaurant search and reservation app."""

from openlam.sandbox.apps.restaurants._api import api
from openlam.sandbox.apps.restaurants._data import SPEC
from openlam.sandbox.apps.restaurants._gui import gui
from openlam.sandbox.apps.restaurants._tasks import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
