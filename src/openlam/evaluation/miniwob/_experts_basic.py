"""Experts for the basic MiniWoB++ tasks: buttons, links, checkboxes, dialogs, text fields."""

from __future__ import annotations

from typing import Any

from openlam.evaluation.miniwob._expert import expert
from openlam.models import Context


@expert("click-test")
class ClickTest:
    """Click the only button."""

    def next_action(self, context: Context) -> dict[str, Any]:
        """Click the button."""
        button = next(e for e in context.observation.elements if e.role == "button")
        return {"action": "click", "element": button.index}
