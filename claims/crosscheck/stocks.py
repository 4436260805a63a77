"""Stock levels (troops deployed, detainees held) change slowly: within the window, figures either
name the same level or they disagree."""

from __future__ import annotations

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Finding, Relation
from claims.crosscheck.intervals import Fit, core, fit
from claims.crosscheck.records import Figure


def level_finding(claim: Figure, other: Figure, how: Fit) -> Finding:
    """The plain reading of how two figures fit, with no account of time."""
    here = wording.figure(claim)
    if how is Fit.AGREE:
        return Finding(Relation.SUPPORTS, Basis.AGREES, f"agrees with the '{here}' here")
    if how is Fit.IMPLIES:
        return Finding(Relation.SUPPORTS, Basis.WITHIN, f"fits the '{here}' here")
    if how is Fit.CONSISTENT:
        return Finding(
            Relation.NEUTRAL,
            Basis.CONSISTENT,
            f"consistent with the '{here}' here, but too loose to confirm it",
        )
    spans = f"{wording.span(core(other))} vs {wording.span(core(claim))}"
    if how is Fit.CLOSE:
        return Finding(
            Relation.NEUTRAL, Basis.NEAR_MISS, f"close to the '{here}' here, not the same ({spans})"
        )
    return Finding(
        Relation.CONTRADICTS, Basis.DISAGREES, f"disagrees with the '{here}' here ({spans})"
    )


def compare_stock(claim: Figure, other: Figure) -> Finding:
    return level_finding(claim, other, fit(claim, other))
