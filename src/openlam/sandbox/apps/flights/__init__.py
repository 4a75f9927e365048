"""SkyWay: flight search, fares, passengers, seats, card payment and "My trips"."""

from openlam.sandbox.apps.flights._api import api
from openlam.sandbox.apps.flights._data import SPEC
from openlam.sandbox.apps.flights._gui import gui
from openlam.sandbox.apps.flights._tasks import BOOKING_TEMPLATES
from openlam.sandbox.apps.flights._tasks2 import TRIP_TEMPLATES

TEMPLATES = BOOKING_TEMPLATES + TRIP_TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
