"""Agenda: a calendar with month and week views, events, invitations and rescheduling."""

from openlam.sandbox.apps.calendar._api import api
from openlam.sandbox.apps.calendar._data import SPEC
from openlam.sandbox.apps.calendar._gui import gui
from openlam.sandbox.apps.calendar._tasks3 import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
