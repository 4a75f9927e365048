"""What openlam remembers: the SQLite trace store of runs and steps (workflows and preferences
come later)."""

from openlam.memory._traces import RunSummary, TraceStore, dump_run

__all__ = ["RunSummary", "TraceStore", "dump_run"]
