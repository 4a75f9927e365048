"""Every CRM task template, in one tuple."""

from __future__ import annotations

from openlam.sandbox.apps.crm._tasks_act import (
    ACTIVATE_LEADS,
    ADD_NOTE,
    ASSIGN_OWNER,
    CHANGE_STATUS,
    CREATE,
    MOVE_DEAL,
    UPDATE_EMAIL,
    UPDATE_PHONE,
)
from openlam.sandbox.apps.crm._tasks_other import (
    ASK_PHONE,
    COUNT_ALL,
    COUNT_CHURNED,
    DELETE,
    FIND_PHONE,
    OPEN_DEALS,
    REASSIGN,
    REFUSE_EXPORT,
)

TEMPLATES = (
    UPDATE_EMAIL,
    UPDATE_PHONE,
    CHANGE_STATUS,
    ADD_NOTE,
    ACTIVATE_LEADS,
    ASSIGN_OWNER,
    CREATE,
    MOVE_DEAL,
    FIND_PHONE,
    OPEN_DEALS,
    COUNT_CHURNED,
    COUNT_ALL,
    ASK_PHONE,
    DELETE,
    REASSIGN,
    REFUSE_EXPORT,
)
