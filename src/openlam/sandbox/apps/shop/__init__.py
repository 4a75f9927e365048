"""Marketo: an online shop with search, filters, cart, checkout, orders and returns."""

from openlam.sandbox.apps.shop._api import api
from openlam.sandbox.apps.shop._data import SPEC
from openlam.sandbox.apps.shop._gui import gui
from openlam.sandbox.apps.shop._tasks import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
