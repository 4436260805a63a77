"""Scope: which stored figures can speak to a claim at all — same metric, same ground, near in time.

Ground is the same only when each place lies within the other. A part or a whole counts something
else: US troops in Iraq are not US troops in "Iraq and Syria", and an Iraq-only attack count is a
subset of the Iraq-and-Syria tally, never evidence for or against it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

from claims.crosscheck.independence import authority_of, outlet_origin
from claims.crosscheck.records import Figure, Scope
from claims.extraction.units import MEASURES
from claims.metrics import Kind, is_open, metric, names_nothing, open_precise, open_unit
from claims.places import gazetteer, within

# A figure of unknown metric ("other") says nothing checkable: 85 targets are not 125 munitions.
UNCHECKABLE_METRICS = frozenset({"other", ""})
# Units of measure: a distance or a weight is specific enough to check even where the text names
# nothing it measures ("50 nautical miles off Aden").
MEASURED_UNITS = frozenset(MEASURES.values())
# Only a current fact is checked as one: a plan, a projection or a past year's figure is not.
CURRENT = "current"
# How far back a running tally's earlier counts are looked up, in windows: its history since the
# start date is evidence (a count cannot shrink), but an index scan over years is not.
TALLY_LOOKBACK_WINDOWS = 3


@lru_cache(maxsize=4096)
def same_ground(a: str, b: str) -> bool:
    """Whether two places name the same ground (each within the other)."""
    if not a or not b:
        return False
    if a == b:
        return True
    return within(a, b) and within(b, a)


@lru_cache(maxsize=1024)
def comparable_places(place: str) -> tuple[str, ...]:
    """The stored place names whose figures describe the same ground as `place`, `place` first."""
    if not place:
        return ()
    twins = sorted(name for name in gazetteer() if name != place and same_ground(name, place))
    return (place, *twins)


def _is_region(name: str) -> bool:
    place = gazetteer().get(name)
    return place is not None and place.within is None and not place.parts and not place.country


@lru_cache(maxsize=4096)
def loosely_placed(a: str, b: str, kind: Kind) -> bool:
    """Whether two places may name the same ground, or not: one figure names no place, or one
    place lies within the other where the outer is only a region ("attacks in the Middle
    East") or the figures count one event (three killed "in Jordan", "at Tower 22")."""
    if not a or not b:
        return True
    if a == b or same_ground(a, b):
        return False
    if within(a, b):
        outer = b
    elif within(b, a):
        outer = a
    else:
        return False
    return kind is Kind.EVENT or _is_region(outer)


def loose(claim: Figure, other: Figure) -> bool:
    """Whether the two figures are only loosely placed (see loosely_placed): their agreement is
    evidence, their disagreement is not, as they may count different ground."""
    return loosely_placed(claim.place, other.place, kind_of(claim))


def loosely_named(claim: Figure) -> bool:
    """Whether an open figure's words may not pin what it counts: it names nothing ("50 nautical
    miles"), or it is a share or a ratio, which may be of different wholes ("75% of deaths …").
    Agreement with the same words is evidence; disagreement is not (see open_precise)."""
    return is_open(claim.metric) and not open_precise(claim.metric)


def open_checkable(slug: str) -> bool:
    """An open figure is checked when it names what it counts, or when its unit is a measure."""
    if not names_nothing(slug):
        return True
    unit = open_unit(slug)
    return bool(unit) and unit.rsplit(" ", 1)[-1] in MEASURED_UNITS


@lru_cache(maxsize=4096)
def candidate_places(place: str, kind: Kind) -> tuple[str, ...]:
    """Where a figure's evidence may be stored: its own ground first, then the places only
    loosely placed against it (a figure naming no place may be about any ground)."""
    # A figure naming no place may be about any of the desk's hand-kept places; the world's other
    # places (ISO 3166) are ground it is not loosely placed on (they would make every lookup of
    # such a figure thousands of places long).
    names = ("", *sorted(n for n, p in gazetteer().items() if place or not p.iso))
    same = comparable_places(place) if place else ("",)
    loosely = (name for name in names if name not in same and loosely_placed(place, name, kind))
    return (*same, *loosely)


def kind_of(figure: Figure) -> Kind:
    """What kind of count the figure is: its own (one event's toll of a tally) or its metric's."""
    return _kind(figure.kind, figure.metric)


@lru_cache(maxsize=1024)
def _kind(kind: str, name: str) -> Kind:
    return Kind(kind) if kind else metric(name).kind


def counter_key(figure: Figure) -> str:
    """Whose count the figure is: "" for the ordinary count, an official body's included, else
    the tracker named (a publisher's own tracker is its newsroom's)."""
    if not figure.counter or authority_of(figure.counter) is not None:
        return ""
    if figure.counter == "own":
        return f"own:{outlet_origin(figure.source).casefold()}"
    return figure.counter.casefold()


def checkable(figure: Figure) -> bool:
    """Whether the figure says what is counted, as a current count: only then can it be checked."""
    value = figure.value
    is_count = isinstance(value, int | float) and math.isfinite(value) and value >= 0
    known = figure.metric not in UNCHECKABLE_METRICS
    if is_open(figure.metric):
        known = open_checkable(figure.metric)
    return is_count and known and figure.mode == CURRENT


def window(figure: Figure) -> tuple[date | None, date | None]:
    """The as_of dates whose figures can be compared with this one; None is open-ended."""
    return _window(figure.metric, kind_of(figure), figure.as_of, figure.since)


@lru_cache(maxsize=4096)
def _window(
    name: str, kind: Kind, as_of: date | None, since: date | None
) -> tuple[date | None, date | None]:
    if as_of is None:
        return None, None
    m = metric(name)
    reach = timedelta(days=m.window_days)
    start, end = as_of - reach, as_of + reach
    if kind is Kind.TALLY and (since is None or since < start):
        # Earlier counts of the same series bound it from below, back to the series' start (a
        # count that names no start is read as the series of those that do).
        start = as_of - reach * TALLY_LOOKBACK_WINDOWS
        if since is not None:
            start = max(since, start)
    return start, end


def in_window(claim: Figure, other: Figure) -> bool:
    start, end = window(claim)
    when = other.as_of
    if when is None:
        return True
    return (start is None or when >= start) and (end is None or when <= end)


def scope_of(claim: Figure) -> Scope:
    """Where to look for a claim's evidence; an uncheckable claim gets a scope with no places."""
    start, end = window(claim)
    places = candidate_places(claim.place, kind_of(claim)) if checkable(claim) else ()
    own = len(comparable_places(claim.place)) if claim.place else 0
    return Scope(
        metric=claim.metric,
        places=places,
        start=start,
        end=end,
        subset=claim.subset,
        own_places=min(own, len(places)),
    )


def reach_of(figure: Figure) -> Scope:
    """The claims `figure` may be evidence for: those whose window (see `window`) holds its date.

    The inverse of `scope_of`, for new evidence (a reference figure) looking for the claims it
    touches. A running tally's later counts look back further, so its reach runs further ahead.
    """
    kind = kind_of(figure)
    places = candidate_places(figure.place, kind) if checkable(figure) else ()
    if figure.as_of is None:
        return Scope(
            metric=figure.metric, places=places, start=None, end=None, subset=figure.subset
        )
    m = metric(figure.metric)
    reach = timedelta(days=m.window_days)
    ahead = reach * TALLY_LOOKBACK_WINDOWS if kind is Kind.TALLY else reach
    return Scope(
        metric=figure.metric,
        places=places,
        start=figure.as_of - reach,
        end=figure.as_of + ahead,
        subset=figure.subset,
    )
