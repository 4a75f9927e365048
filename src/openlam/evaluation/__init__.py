"""Evaluation: running agents on task suites and checking the outcome (the sandbox so far)."""

from openlam.evaluation._sandbox import (
    Episode,
    ExpertModel,
    parse_task,
    run_api_episode,
    run_gui_episode,
)

__all__ = ["Episode", "ExpertModel", "parse_task", "run_api_episode", "run_gui_episode"]
