"""Running tallies (attacks since 17 Oct, injuries since 17 Oct) only grow.

So a count fixes the tally from below at every later date and from above at every earlier date. A
later count above an earlier floor supports it; a later count below it contradicts it, unless it
is a small step down by the same origin (a reclassification); an earlier, lower count is
consistent but confirms nothing. Counts from different start dates are
different series and are set apart.
"""

from __future__ import annotations

from datetime import date

from claims.crosscheck import wording
from claims.crosscheck.findings import Basis, Finding, Relation
from claims.crosscheck.independence import same_origin
from claims.crosscheck.intervals import Fit, Interval, contains, core, fit, stated
from claims.crosscheck.records import Figure
from claims.crosscheck.revisions import days_apart, reclassified, small_drop, undated
from claims.crosscheck.stocks import level_finding

# Start dates this close are one series: "since mid-October" is the 17 Oct count.
SERIES_DAYS = 3


def month_only(start: date) -> bool:
    """A start given only as a month ("since October", "since early October") is stored as the
    month's first day: it says the count began that month, not on that day."""
    return start.day == 1


def same_series(a: date, b: date) -> bool:
    """Whether two start dates can name one running count."""
    if abs((a - b).days) <= SERIES_DAYS:
        return True
    return (month_only(a) or month_only(b)) and (a.year, a.month) == (b.year, b.month)


# Counts this close in time are read as of one moment: reports lag the count by a day or two.
SAME_TIME_DAYS = 2


def compare_tally(claim: Figure, other: Figure) -> Finding | None:
    notes: list[str] = []
    if claim.since and other.since:
        if not same_series(claim.since, other.since):
            return Finding(
                Relation.NEUTRAL,
                Basis.DIFFERENT_SERIES,
                f"a different series (since {wording.short_day(other.since)} "
                f"vs since {wording.short_day(claim.since)})",
            )
        if abs((claim.since - other.since).days) > SERIES_DAYS:
            side = "there" if month_only(other.since) else "here"
            loose = other.since if side == "there" else claim.since
            notes.append(f"start given only as a month {side} ({loose:%B %Y}); read as one count")
    elif claim.since or other.since:
        start = wording.short_day(claim.since or other.since)
        side = "there" if claim.since else "here"
        notes.append(f"no start date {side}; read as the same count since {start}")
    since = claim.since or other.since
    if since and other.as_of and other.as_of < since:
        return None  # dated before the count began: not this tally
    finding = _by_time(claim, other)
    return Finding(finding.relation, finding.basis, finding.detail, (*finding.notes, *notes))


def _by_time(claim: Figure, other: Figure) -> Finding:
    how = fit(claim, other)
    dt = days_apart(claim, other)
    if dt is None and how not in (Fit.AGREE, Fit.IMPLIES):
        return undated(claim, other)
    if how is Fit.APART and dt:
        earlier, later = (claim, other) if dt > 0 else (other, claim)
        # Only an origin can reclassify its own cases: between two origins a drop is a dispute.
        if small_drop(earlier, later) and same_origin(claim, other):
            return reclassified(claim, other, earlier, later)
    if how is Fit.CLOSE and dt and _grew(claim, other, dt):
        # A later count a little higher (or an earlier one a little lower) is growth, not a miss.
        return _later(claim, other) if dt > 0 else _earlier(claim, other)
    if dt is None or abs(dt) <= SAME_TIME_DAYS or how in (Fit.AGREE, Fit.IMPLIES, Fit.CLOSE):
        finding = level_finding(claim, other, how)
        if finding.relation is Relation.SUPPORTS and dt and abs(dt) > SAME_TIME_DAYS:
            here = wording.figure(claim)
            if dt > 0:
                detail = f"a later count that fits the '{here}' here, as a growing tally would"
                return Finding(finding.relation, Basis.LATER_COUNT, detail)
            if how is not Fit.AGREE and stated(claim).high is not None:
                # A count grows after it is taken: an earlier one under a ceiling ("fewer than
                # 100") says nothing of whether the count stayed under it.
                return _earlier(claim, other)
            detail = f"an earlier count that already fits the '{here}' here; a tally only grows"
            return Finding(finding.relation, Basis.EARLIER_COUNT, detail)
        return finding
    return _later(claim, other) if dt > 0 else _earlier(claim, other)


def _grew(claim: Figure, other: Figure, dt: int) -> bool:
    mine, theirs = core(claim), core(other)
    other_higher = mine.high is not None and theirs.low is not None and theirs.low > mine.high
    return other_higher == (dt > 0)


def _later(claim: Figure, other: Figure) -> Finding:
    here, theirs = wording.figure(claim), core(other)
    floor = core(claim).low
    if floor is None or theirs.high is None or theirs.high >= floor:
        return Finding(
            Relation.NEUTRAL,
            Basis.LATER_COUNT,
            f"a later, higher count, consistent with the '{here}' here for a tally that grows",
        )
    how_far = "a little" if small_drop(claim, other) else "far"
    return Finding(
        Relation.CONTRADICTS,
        Basis.TALLY_SHRANK,
        f"a later count {how_far} below the '{here}' here ({wording.span(theirs)}); "
        "a running tally does not shrink",
    )


def _earlier(claim: Figure, other: Figure) -> Finding:
    here, theirs = wording.figure(claim), core(other)
    ceiling = core(claim).high
    if ceiling is not None and theirs.low is not None and theirs.low > ceiling:
        return Finding(
            Relation.CONTRADICTS,
            Basis.TALLY_SHRANK,
            f"an earlier count already above the '{here}' here ({wording.span(theirs)}); "
            "a running tally does not shrink",
        )
    if ceiling is None and contains(stated(claim), Interval(theirs.low, None)):
        return Finding(
            Relation.SUPPORTS,
            Basis.EARLIER_COUNT,
            f"an earlier count already within the '{here}' here; a tally only grows",
        )
    return Finding(
        Relation.NEUTRAL,
        Basis.EARLIER_COUNT,
        f"an earlier, lower count, consistent with the '{here}' here for a tally that grows",
    )
