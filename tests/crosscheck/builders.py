"""Figures built by hand for the cross-check tests: the values reported outlets published."""

from __future__ import annotations

from datetime import date
from itertools import count

from claims.crosscheck import Figure
from claims.crosscheck.records import FigureKey, FigureKind

_keys = count(1)


def figure(
    value: float,
    *,
    metric: str = "troops_deployed",
    qualifier: str = "exact",
    place: str = "Iraq",
    as_of: str | None = "2024-01-27",
    since: str | None = None,
    source: str = "Some Outlet",
    origin: str = "",
    attribution: str = "",
    low: float | None = None,
    high: float | None = None,
    derived: bool = False,
    document: str | None = None,
    official: bool = False,
    subset: str = "",
) -> Figure:
    """A figure; each gets its own key and document unless told otherwise."""
    n = next(_keys)
    return Figure(
        key=FigureKey(FigureKind.CLAIM, n),
        metric=metric,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        place=place,
        as_of=date.fromisoformat(as_of) if as_of else None,
        since=date.fromisoformat(since) if since else None,
        source=source,
        origin=origin or source,
        document=document if document is not None else f"https://example.org/{n}",
        attribution=attribution,
        derived=derived,
        official=official,
        subset=subset,
    )


def attacks(value: float, as_of: str, **kwargs) -> Figure:
    kwargs.setdefault("place", "Iraq and Syria")
    kwargs.setdefault("since", "2023-10-17")
    return figure(value, metric="attacks", as_of=as_of, **kwargs)
