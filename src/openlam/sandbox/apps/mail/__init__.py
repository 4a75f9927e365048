"""Postbox: a mail client with folders, search, reading, replying, forwarding and the trash."""

from openlam.sandbox.apps.mail._api import api
from openlam.sandbox.apps.mail._data import SPEC
from openlam.sandbox.apps.mail._gui import gui
from openlam.sandbox.apps.mail._tasks import TEMPLATES as _CHANGES
from openlam.sandbox.apps.mail._tasks2 import TEMPLATES as _OTHERS

TEMPLATES = _CHANGES + _OTHERS

__all__ = ["SPEC", "TEMPLATES", "api", "gui"]
