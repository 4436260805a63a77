"""What one comparison found, before it is worded for the reviewer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Relation(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    NEUTRAL = "neutral"


class Basis(StrEnum):
    """The rule that decided a comparison; the verdict groups its explanation by these."""

    AGREES = "agrees"
    WITHIN = "within"
    CONSISTENT = "consistent"
    NEAR_MISS = "near_miss"
    DISAGREES = "disagrees"
    LATER_COUNT = "later_count"
    EARLIER_COUNT = "earlier_count"
    DIFFERENT_SERIES = "different_series"
    RECLASSIFIED = "reclassified"
    TALLY_SHRANK = "tally_shrank"
    REVISED = "revised"
    OTHER_GROUND = "other_ground"  # disagrees, but one of the two names no place
    OTHER_THING = "other_thing"  # disagrees, but an open figure's words may count something else


@dataclass(frozen=True)
class Finding:
    relation: Relation
    basis: Basis
    detail: str  # the judgement, e.g. "agrees with 2,500 here"
    notes: tuple[str, ...] = ()
