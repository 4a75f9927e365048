"""Synthetic function-calling data: generated tools and requests, run and verified.

``spec`` defines function families; the domain modules hold about a hundred of them (every
one invented here, none taken from a benchmark); ``episodes`` draws an episode from a seed;
``runs`` runs it through the real runner and tool environment and checks it. ``refusals``
holds harmful requests, written here, to pair with real sandbox pages.
"""

from openlam.learning._synth.episodes import (
    FUNCTION_KINDS,
    FunctionEpisode,
    PlannedCall,
    sample_function_episode,
)
from openlam.learning._synth.refusals import REFUSAL_TASK, REFUSALS, refusal_examples
from openlam.learning._synth.runs import (
    SUMMARY,
    FunctionRun,
    PlanReplay,
    SynthesisReport,
    check_function_run,
    run_function_episode,
    synthesize_functions,
)

__all__ = [
    "FUNCTION_KINDS",
    "REFUSALS",
    "REFUSAL_TASK",
    "SUMMARY",
    "FunctionEpisode",
    "FunctionRun",
    "PlanReplay",
    "PlannedCall",
    "SynthesisReport",
    "check_function_run",
    "refusal_examples",
    "run_function_episode",
    "sample_function_episode",
    "synthesize_functions",
]
