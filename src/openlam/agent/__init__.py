"""The agent loop: Runner, budgets, and the serializable, resumable run state."""

from openlam.agent._runner import AskFn, Budget, Runner
from openlam.agent._state import SCHEMA_VERSION, RunState, RunStatus, TraceSink, new_run_id

__all__ = [
    "SCHEMA_VERSION",
    "AskFn",
    "Budget",
    "RunState",
    "RunStatus",
    "Runner",
    "TraceSink",
    "new_run_id",
]
