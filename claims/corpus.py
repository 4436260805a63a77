"""How the development corpus (../shared/corpus, its README) labels what a figure counts.

Its gold files name metrics from a fixed list; `other` stands for any figure outside that list,
whatever this service calls it (a metric added to the taxonomy since, or an open metric). Both
evaluations (extraction and verdicts) match a label's metric by this one rule.
"""

from __future__ import annotations

GOLD_METRICS = frozenset(
    {"troops_deployed", "attacks", "injuries", "deaths", "detainees", "projectiles", "other"}
)


def same_metric(labelled: str, metric: str) -> bool:
    """Whether a claim of `metric` counts what a label of metric `labelled` counts."""
    if labelled == metric:
        return True
    return labelled == "other" and metric not in GOLD_METRICS
