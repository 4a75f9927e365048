"""HomeHub: a smart home dashboard and device API (lights, locks, thermostat, blinds, scenes)."""

from openlam.sandbox.apps.smarthome._api import api
from openlam.sandbox.apps.smarthome._data import SPEC
from openlam.sandbox.apps.smarthome._gui import gui
from openlam.sandbox.apps.smarthome._tasks2 import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
