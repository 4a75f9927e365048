"""BFCL v4 (Berkeley Function-Calling Leaderboard) as an openlam evaluation suite.

Data, API classes and checkers come from the installed ``bfcl-eval`` package; episodes run
through openlam's own tool path (``call_tool`` in a ``ToolEnvironment``). BFCL is used for
evaluation only: never for training or prompt tuning.
"""

from openlam.evaluation.bfcl._data import CATEGORIES
from openlam.evaluation.bfcl._suite import BfclSession, BfclSuite

__all__ = ["CATEGORIES", "BfclSession", "BfclSuite"]
