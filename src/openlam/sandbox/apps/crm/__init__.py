"""ClientBase: a CRM with customers, notes, deals and bulk updates."""

from openlam.sandbox.apps.crm._api import api
from openlam.sandbox.apps.crm._data import SPEC
from openlam.sandbox.apps.crm._gui import gui
from openlam.sandbox.apps.crm._tasks import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
