"""Evaluation: benchmark suites (sandbox, MiniWoB++, BFCL, AgentDojo), the harness that runs
their episodes in process, on a process pool or on Ray, and the results it writes."""

from openlam.evaluation._harness import (
    EvalRequest,
    default_out_dir,
    evaluate,
    parse_seeds,
    plan,
    resume_request,
)
from openlam.evaluation._policies import RandomModel, ScriptedModel
from openlam.evaluation._report import render_report, write_report
from openlam.evaluation._results import read_records, read_request, read_summary, summarize
from openlam.evaluation._sandbox import (
    Episode,
    ExpertModel,
    parse_task,
    run_api_episode,
    run_gui_episode,
)
from openlam.evaluation._suite import (
    POLICIES,
    AgentSpec,
    EpisodeRecord,
    EpisodeSession,
    EpisodeSpec,
    Suite,
    get_suite,
    record_from_run,
    suite_names,
)

__all__ = [
    "POLICIES",
    "AgentSpec",
    "Episode",
    "EpisodeRecord",
    "EpisodeSession",
    "EpisodeSpec",
    "EvalRequest",
    "ExpertModel",
    "RandomModel",
    "ScriptedModel",
    "Suite",
    "default_out_dir",
    "evaluate",
    "get_suite",
    "parse_seeds",
    "parse_task",
    "plan",
    "read_records",
    "read_request",
    "read_summary",
    "record_from_run",
    "render_report",
    "resume_request",
    "run_api_episode",
    "run_gui_episode",
    "suite_names",
    "summarize",
    "write_report",
]
