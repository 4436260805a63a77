"""Revisions: when the later of two figures is lower, is it a reclassification or a contradiction?

Counts are revised. The Pentagon's injury tally went from 59 (14 Nov 2023) to 56 (23 Nov 2023) as
cases were reclassified: a small downward step is that, and says so. A large one is a disagreement.
"""

from __future__ import annotations

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Finding, Relation
from claims.crosscheck.independence import origin_of, same_origin
from claims.crosscheck.intervals import core, magnitude
from claims.crosscheck.records import Figure

# A drop of at most this share of the larger figure (or one unit) reads as a reclassification.
RECLASS_SHARE = 0.10


def days_apart(claim: Figure, other: Figure) -> int | None:
    """Days from the claim's date to the other's (positive: the other is later)."""
    if claim.as_of is None or other.as_of is None:
        return None
    return (other.as_of - claim.as_of).days


def undated(claim: Figure, other: Figure) -> Finding:
    """A figure that cannot be placed in time against the claim confirms at most, never refutes."""
    side = "here" if claim.as_of is None else "there"
    return Finding(
        Relation.NEUTRAL,
        Basis.CONSISTENT,
        f"no date {side}, so it cannot be set before or after the '{wording.figure(claim)}' here",
    )


def drop(earlier: Figure, later: Figure) -> float:
    """How far the later figure sits below the earlier one; 0 when it does not."""
    before, after = core(earlier), core(later)
    if before.low is None or after.high is None or after.high >= before.low:
        return 0.0
    return before.low - after.high


def small_drop(earlier: Figure, later: Figure) -> bool:
    size = drop(earlier, later)
    scale = magnitude(core(earlier), core(later))
    return 0 < size <= max(RECLASS_SHARE * scale, 1.0)


def reclassified(claim: Figure, other: Figure, earlier: Figure, later: Figure) -> Finding:
    """A small downward step from `earlier` to `later` (one of them is the claim)."""
    before = f"{wording.figure(earlier)} ({wording.day(earlier.as_of)})"
    after = f"{wording.figure(later)} ({wording.day(later.as_of)})"
    step = f"from {before} to {after}"
    if same_origin(claim, other):
        detail = (
            f"reclassification: {origin_of(other).label} revised its count {step}, "
            "a small downward step, not a contradiction"
        )
    else:
        detail = f"a small downward step {step}, as a reclassification makes, not a contradiction"
    return Finding(Relation.NEUTRAL, Basis.RECLASSIFIED, detail)
