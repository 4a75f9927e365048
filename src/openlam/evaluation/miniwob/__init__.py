"""MiniWoB++ through openlam's own web environment: environment, suite and rule-based experts."""

from openlam.evaluation.miniwob._expert import EXPERTS, ExpertModel, MiniWobExpert, expert

__all__ = ["EXPERTS", "ExpertModel", "MiniWobExpert", "expert"]
