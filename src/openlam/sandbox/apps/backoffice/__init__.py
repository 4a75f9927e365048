"""LedgerDesk: a back office where invoice documents (HTML, CSV, PDF) are entered into the
ledger by hand (the RPA case)."""

from openlam.sandbox.apps.backoffice._api import api
from openlam.sandbox.apps.backoffice._data import SPEC
from openlam.sandbox.apps.backoffice._gui import gui
from openlam.sandbox.apps.backoffice._tasks import TEMPLATES

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
