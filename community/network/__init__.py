"""Pure-Python network analysis of the community graph (people, groups and their ties).

The entry point is :func:`run_analysis`; the input records live in
:mod:`.graph` and every stage is usable on its own from its module.
"""

from .analysis import STAGES, AnalysisResult, run_analysis
from .coverage import COVERAGE_RULE, CoverageCell, coverage_status
from .graph import (
    WEIGHT_RULE,
    GroupInfo,
    OpenNeed,
    PersonInfo,
    Tie,
    build_graph,
    graph_fingerprint,
)

__all__ = [
    "COVERAGE_RULE",
    "STAGES",
    "WEIGHT_RULE",
    "AnalysisResult",
    "CoverageCell",
    "GroupInfo",
    "OpenNeed",
    "PersonInfo",
    "Tie",
    "build_graph",
    "coverage_status",
    "graph_fingerprint",
    "run_analysis",
]
