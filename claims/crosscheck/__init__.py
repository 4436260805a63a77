"""Cross-checking: compare a claim with other figures and weigh the evidence into a verdict.

Pure Python. The entry points are `scope_of` (where to look), `compare` (what one figure says about
a claim) and `weigh` (the verdict). The modules follow the reasoning: scope, intervals, stocks,
tallies, events, revisions, independence, verdicts.
"""

from __future__ import annotations

from claims.crosscheck.comparison import compare
from claims.crosscheck.records import Comparison, Figure, Scope, Verdict
from claims.crosscheck.scope import scope_of
from claims.crosscheck.verdicts import weigh

__all__ = ["Comparison", "Figure", "Scope", "Verdict", "compare", "scope_of", "weigh"]
