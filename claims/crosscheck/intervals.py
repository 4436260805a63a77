"""How two figures' intervals fit: agree, one implies the other, merely consistent, close, or apart.

Two intervals per figure. The *stated* interval (claims.figures.interval_for) is all the words
allow, rounding included: it decides what a figure implies. The *core* is what a reader takes the
figure to mean: "2,000" and "about 2,000" are not read as anything from 1,500 to 2,500, so a round
figure's rounding is capped at a tenth of it. Cores decide whether two figures agree.
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import lru_cache

from claims.crosscheck.records import Figure
from claims.figures import ABOUT_BAND, Interval, Qualifier, interval_for, rounding_unit

# A figure's core reaches at most this share either side of its value.
CORE_SHARE = 0.10
# A bounded core no wider than this share of its top is precise: it names a figure, not a bound.
PRECISE_WIDTH = 0.25
# Cores this close (share of the larger figure) are a near miss, not a disagreement: 61 vs 62.
NEAR_SHARE = 0.03


class Fit(StrEnum):
    AGREE = "agree"  # both name a figure, and the figures overlap
    IMPLIES = "implies"  # the other's figure lies inside what the claim allows
    CONSISTENT = "consistent"  # they overlap, but the other does not pin the claim down
    CLOSE = "close"  # apart by a near miss
    APART = "apart"  # they disagree


def _qualifier(qualifier: str) -> Qualifier:
    try:
        return Qualifier(qualifier)
    except ValueError:
        return Qualifier.EXACT


def stated(figure: Figure) -> Interval:
    """Everything the figure's words allow."""
    return _stated(figure.value, figure.qualifier, figure.low, figure.high)


def core(figure: Figure) -> Interval:
    """What a reader takes the figure to mean (inside its stated interval)."""
    return _core(figure.value, figure.qualifier, figure.low, figure.high)


@lru_cache(maxsize=8192)
def _stated(value: float, qualifier: str, low: float | None, high: float | None) -> Interval:
    q = _qualifier(qualifier)
    if q in (Qualifier.RANGE, Qualifier.VAGUE) or not _plain_count(value):
        return _own_bounds(value, low, high)
    return interval_for(value, q)


@lru_cache(maxsize=8192)
def _core(value: float, qualifier: str, low: float | None, high: float | None) -> Interval:
    q = _qualifier(qualifier)
    if not _plain_count(value):
        return _stated(value, qualifier, low, high)
    if q is Qualifier.EXACT:
        half = min(rounding_unit(value) / 2, value * CORE_SHARE)
    elif q is Qualifier.ABOUT:
        half = max(value * ABOUT_BAND, 1.0 if value >= 5 else 0.0)
    else:
        return _stated(value, qualifier, low, high)
    return Interval(max(0.0, value - half), value + half)


def _plain_count(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value >= 0


def _own_bounds(value: float, low: float | None, high: float | None) -> Interval:
    low = low if low is not None else value
    if high is not None and low is not None and low > high:
        low, high = high, low
    return Interval(low, high)


def precise(figure: Figure) -> bool:
    c = core(figure)
    if c.low is None or c.high is None:
        return False
    return c.high - c.low <= PRECISE_WIDTH * max(c.high, 1.0)


def contains(outer: Interval, inner: Interval) -> bool:
    low_ok = outer.low is None or (inner.low is not None and inner.low >= outer.low)
    high_ok = outer.high is None or (inner.high is not None and inner.high <= outer.high)
    return low_ok and high_ok


def magnitude(a: Interval, b: Interval) -> float:
    """The larger figure in play, for judging how big a gap is."""
    bounds = [x for x in (a.low, a.high, b.low, b.high) if x is not None]
    return max(bounds, default=0.0)


def near_miss(a: Interval, b: Interval) -> bool:
    return a.gap_to(b) <= NEAR_SHARE * magnitude(a, b)


# Qualifiers that hedge a number without moving it: "at least 34" and "34" state the same 34.
_HEDGES = frozenset({Qualifier.EXACT, Qualifier.ABOUT, Qualifier.AT_LEAST, Qualifier.AT_MOST})


def _same_number(claim: Figure, other: Figure) -> bool:
    """The same number, stated plainly by one and hedged by the other."""
    return (
        claim.value == other.value
        and _qualifier(claim.qualifier) in _HEDGES
        and _qualifier(other.qualifier) in _HEDGES
    )


def fit(claim: Figure, other: Figure) -> Fit:
    """How the other figure's reading fits the claim's."""
    mine, theirs = core(claim), core(other)
    if mine.overlaps(theirs):
        if precise(claim) and precise(other) or _same_number(claim, other):
            return Fit.AGREE
        if contains(stated(claim), theirs):
            return Fit.IMPLIES
        return Fit.CONSISTENT
    return Fit.CLOSE if near_miss(mine, theirs) else Fit.APART
