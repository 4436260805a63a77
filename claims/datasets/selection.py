"""Which events count toward a claim's figure: the rules of `data/event_metrics.toml`, applied.

Pure Python. `selection_for` turns a claim's metric, place, actor and dates into the filters of one
query over an event dataset — or None when events cannot speak to the claim (a metric no event
counts, a claim with no date, an actor whose targets are unknown).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

from claims.places import ancestors, gazetteer, parts, within

DATA = Path(__file__).resolve().parent.parent / "data" / "event_metrics.toml"


class Aggregate(StrEnum):
    COUNT = "count"
    FATALITIES = "sum(fatalities)"


@dataclass(frozen=True)
class EventMetric:
    slug: str
    aggregate: Aggregate
    event_types: tuple[str, ...]
    sub_event_types: tuple[str, ...]
    unnamed_target: tuple[str, ...]
    unnamed_target_places: tuple[str, ...]
    lookback_days: int | None


@dataclass(frozen=True)
class EventRules:
    metrics: dict[str, EventMetric]
    actors: dict[str, tuple[str, ...]]  # extraction's actor name → ACLED actor2 names


@dataclass(frozen=True)
class EventSelection:
    """The filters of one query over an event dataset, and how its rows add up."""

    metric: str
    aggregate: Aggregate
    event_types: tuple[str, ...]
    sub_event_types: tuple[str, ...]  # empty: any
    targets: tuple[str, ...]  # actor2 contains one of these (any case)
    places: tuple[str, ...]  # gazetteer names: the claim's place and every place within it
    date_from: date
    date_to: date

    def filters(self) -> dict:
        """The filters as the evidence records them (JSON)."""
        return {
            "event_types": list(self.event_types),
            "sub_event_types": list(self.sub_event_types),
            "actor2_contains": list(self.targets),
            "places": list(self.places),
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
        }


@cache
def event_rules(path: Path = DATA) -> EventRules:
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    metrics = {}
    for row in raw.get("metric", ()):
        lookback = row.get("lookback_days")
        metrics[row["slug"]] = EventMetric(
            slug=row["slug"],
            aggregate=Aggregate(row["aggregate"]),
            event_types=tuple(row["event_types"]),
            sub_event_types=tuple(row.get("sub_event_types", ())),
            unnamed_target=tuple(row.get("unnamed_target", ())),
            unnamed_target_places=tuple(row.get("unnamed_target_places", ())),
            lookback_days=None if lookback is None else int(lookback),
        )
        for place in metrics[row["slug"]].unnamed_target_places:
            if place not in gazetteer():
                raise ValueError(f"event metric {row['slug']!r} names unknown place {place!r}")
    actors = {row["name"]: tuple(row["targets"]) for row in raw.get("actor", ())}
    return EventRules(metrics=metrics, actors=actors)


def _inside(name: str, grounds: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether every part of `name` lies within one of `grounds` (a base in Iraq is within
    "Iraq and Syria" through Iraq, though the gazetteer files it under Iraq alone)."""
    return bool(grounds) and all(
        any(within(part, ground) for ground in grounds) for part in parts(name)
    )


@lru_cache(maxsize=1024)
def places_covered(place: str) -> tuple[str, ...]:
    """The place and every gazetteer place within it (events are filed at the most specific)."""
    grounds = parts(place) | {place}
    # a compound place lies within the grounds when each of its parts does
    inside = sorted(
        name
        for name in gazetteer()
        if name != place and all(_lies_in(part, grounds) for part in parts(name))
    )
    return (place, *inside)


def _lies_in(name: str, grounds: frozenset[str]) -> bool:
    return name in grounds or not grounds.isdisjoint(ancestors_of(name))


@lru_cache(maxsize=8192)
def ancestors_of(name: str) -> frozenset[str]:
    return frozenset(ancestors(name))


def grounds_holding(places: set[str]) -> list[str]:
    """Every gazetteer place that holds one of `places` (itself, a place it lies in, or a compound
    of such): the inverse of places_covered, without a pass over the gazetteer for each place."""
    held = set(places)
    for name in places:
        held |= ancestors_of(name)
    return sorted(
        name
        for name, found in gazetteer().items()
        if name in held or (found.parts and not held.isdisjoint(found.parts))
    )


def _on_ground(place: str, grounds: tuple[str, ...]) -> bool:
    return _inside(place, grounds)


def targets_for(rule: EventMetric, *, actor: str, place: str, rules: EventRules) -> tuple[str, ...]:
    """The actor2 names a claim's figure counts; empty when they cannot be told."""
    if actor:
        return rules.actors.get(actor, ())
    if _on_ground(place, rule.unnamed_target_places):
        return rule.unnamed_target
    return ()


def selection_for(
    *,
    metric: str,
    place: str,
    actor: str,
    as_of: date | None,
    since: date | None,
    window_start: date | None,
    rules: EventRules | None = None,
) -> EventSelection | None:
    """The events that count toward a claim's figure, or None when events cannot speak to it.

    The window runs from the claim's start date (else the metric's lookback, else the start of
    its comparison window) to its as_of date, both days included.
    """
    rules = rules or event_rules()
    rule = rules.metrics.get(metric)
    if rule is None or as_of is None or not place or place not in gazetteer():
        return None
    if since is not None:
        start = since
    elif rule.lookback_days is not None:
        start = as_of - timedelta(days=rule.lookback_days)
    else:
        start = window_start
    if start is None or start > as_of:
        return None
    targets = targets_for(rule, actor=actor, place=place, rules=rules)
    if not targets:
        return None
    return EventSelection(
        metric=metric,
        aggregate=rule.aggregate,
        event_types=rule.event_types,
        sub_event_types=rule.sub_event_types,
        targets=targets,
        places=places_covered(place),
        date_from=start,
        date_to=as_of,
    )
