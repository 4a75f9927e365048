"""AgentDojo (prompt injection benchmark) as an openlam evaluation suite.

openlam plugs into AgentDojo as a pipeline element (``OpenlamElement``); AgentDojo's own tool
executor, attacks and checks score it. Needs the ``agentdojo`` package.
"""

from openlam.evaluation.agentdojo._element import OpenlamElement, openlam_pipeline
from openlam.evaluation.agentdojo._suite import (
    ATTACKS,
    BENCHMARK_VERSION,
    SUITES,
    AgentDojoSession,
    AgentDojoSuite,
    AgentDojoTask,
)

__all__ = [
    "ATTACKS",
    "BENCHMARK_VERSION",
    "SUITES",
    "AgentDojoSession",
    "AgentDojoSuite",
    "AgentDojoTask",
    "OpenlamElement",
    "openlam_pipeline",
]
