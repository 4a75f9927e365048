"""MiniWoB++ through openlam's own web environment: environment, suite and rule-based experts.

``MiniWobEnvironment`` starts a seeded episode of a task page from the ``miniwob`` package;
``run_miniwob_episode`` runs a model on it and reads the page's reward; ``MiniWobSuite`` is the
``openlam eval miniwob`` suite. ``EXPERTS`` maps each train task to a rule-based expert that
solves it from openlam's observations alone (``--policy expert``, and training data).
"""

from openlam.evaluation.miniwob._env import MiniWobEnvironment, Reward, task_names
from openlam.evaluation.miniwob._expert import (
    EXPERTS,
    ExpertModel,
    MiniWobExpert,
    expert,
    load_experts,
)
from openlam.evaluation.miniwob._suite import (
    HELD_OUT_SEEDS,
    MiniWobSession,
    MiniWobSuite,
    expert_for,
    load_split,
    run_miniwob_episode,
)

__all__ = [
    "EXPERTS",
    "HELD_OUT_SEEDS",
    "ExpertModel",
    "MiniWobEnvironment",
    "MiniWobExpert",
    "MiniWobSession",
    "MiniWobSuite",
    "Reward",
    "expert",
    "expert_for",
    "load_experts",
    "load_split",
    "run_miniwob_episode",
    "task_names",
]
