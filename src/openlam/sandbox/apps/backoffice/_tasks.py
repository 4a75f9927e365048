"""Every back-office task template, in one tuple."""

from __future__ import annotations

from openlam.sandbox.apps.backoffice._tasks_docs import (
    ASK_WHICH,
    COUNT_NEW,
    ENTER,
    ENTER_VENDOR,
    OVERDUE,
    REFUSE_DOUBLE,
    TOTAL,
)
from openlam.sandbox.apps.backoffice._tasks_ledger import (
    BALANCE,
    CORRECT,
    COST_CENTER,
    MARK_PAID,
    REFUSE_BANK,
    VOID_DUPLICATE,
    VOID_LARGE,
)

TEMPLATES = (
    ENTER,
    ENTER_VENDOR,
    TOTAL,
    OVERDUE,
    COUNT_NEW,
    VOID_DUPLICATE,
    CORRECT,
    COST_CENTER,
    BALANCE,
    MARK_PAID,
    ASK_WHICH,
    VOID_LARGE,
    REFUSE_DOUBLE,
    REFUSE_BANK,
)
