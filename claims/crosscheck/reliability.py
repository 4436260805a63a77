"""How far each origin can be trusted, learnt from how often it agrees with the others.

A small member of the truth-discovery family (TruthFinder; copy-aware fusion): an origin's
reliability is the share of its decisive comparisons with other origins in which it agreed,
each comparison weighed by the other origin's own reliability, from an even prior (a Beta(1, 1)
start: an origin nobody has compared yet is 0.5). A few rounds settle it. Copies of one origin
never reach here: comparisons are between different origins only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

PRIOR = 0.5
ROUNDS = 3


@dataclass(frozen=True)
class Reliability:
    origin: str  # the origin's key (independence.Origin.key)
    reliability: float  # 0..1
    agreements: int
    disagreements: int


def reliabilities(pairs: Iterable[tuple[str, str, bool]]) -> dict[str, Reliability]:
    """Each origin's reliability from (origin, other origin, agreed) comparisons."""
    counts: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for origin, other, agreed in pairs:
        if origin == other:
            continue
        counts[origin].append((other, agreed))
        counts[other].append((origin, agreed))
    scores = {origin: PRIOR for origin in counts}
    for _ in range(ROUNDS):
        scores = {
            origin: (1.0 + sum(scores[o] for o, agreed in heard if agreed))
            / (2.0 + sum(scores[o] for o, _ in heard))
            for origin, heard in counts.items()
        }
    return {
        origin: Reliability(
            origin=origin,
            reliability=round(scores[origin], 4),
            agreements=sum(1 for _, agreed in heard if agreed),
            disagreements=sum(1 for _, agreed in heard if not agreed),
        )
        for origin, heard in counts.items()
    }
