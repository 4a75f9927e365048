"""Perception: a live page turned into the compact, indexed view the model reads.

``snapshot_script()`` is JavaScript that an environment runs in the page; it lists the visible
interactive elements in the viewport, collects the visible text and keeps the index → element map
inside the page (``ELEMENT_LOOKUP_JS`` resolves an index there). ``parse_snapshot`` turns its
result into an ``openlam.actions.Observation`` within a ``SnapshotBudget``.

This package does no browser I/O itself and imports no driver: ``openlam.environments.web`` runs
the script with Playwright.
"""

from openlam.perception._snapshot import (
    ELEMENT_LOOKUP_JS,
    PageSnapshot,
    SnapshotBudget,
    parse_snapshot,
    snapshot_script,
)

__all__ = [
    "ELEMENT_LOOKUP_JS",
    "PageSnapshot",
    "SnapshotBudget",
    "parse_snapshot",
    "snapshot_script",
]
