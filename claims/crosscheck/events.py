"""Event figures (rockets fired at a base on a day, people hurt in one attack) belong to one event.

Two figures are the same event only when their dates lie within the metric's window; dates that
differ are said. Early counts are often revised upward: a later, higher figure is a revision, and an
earlier, lower one an early count — neither contradicts.
"""

from __future__ import annotations

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Finding, Relation
from claims.crosscheck.intervals import Fit, core, fit
from claims.crosscheck.records import Figure
from claims.crosscheck.revisions import days_apart, reclassified, small_drop, undated
from claims.crosscheck.stocks import level_finding


def compare_event(claim: Figure, other: Figure) -> Finding:
    dates = wording.dates_differ(claim, other)
    notes = (dates,) if dates else ()
    finding = _judge(claim, other)
    return Finding(finding.relation, finding.basis, finding.detail, (*finding.notes, *notes))


def _judge(claim: Figure, other: Figure) -> Finding:
    how = fit(claim, other)
    dt = days_apart(claim, other)
    if dt is None and how not in (Fit.AGREE, Fit.IMPLIES):
        return undated(claim, other)  # without a date it may be another incident
    if how is not Fit.APART or not dt:
        return level_finding(claim, other, how)
    mine, theirs = core(claim), core(other)
    other_higher = mine.high is not None and theirs.low is not None and theirs.low > mine.high
    here = wording.figure(claim)
    if other_higher and dt > 0:
        return Finding(
            Relation.NEUTRAL,
            Basis.REVISED,
            f"a later, higher count than the '{here}' here: a revision, not a contradiction",
        )
    if not other_higher and dt < 0:
        return Finding(
            Relation.NEUTRAL,
            Basis.REVISED,
            f"an earlier, lower count than the '{here}' here: early counts are revised upward",
        )
    earlier, later = (claim, other) if dt > 0 else (other, claim)
    if small_drop(earlier, later):
        return reclassified(claim, other, earlier, later)
    return level_finding(claim, other, how)
