"""The records the cross-check passes around: figures in, comparisons and a verdict out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class FigureKind(StrEnum):
    """What kind of stored row a figure is."""

    CLAIM = "claim"
    REFERENCE = "reference"  # an official figure
    DATASET = "dataset"  # a count of an event dataset's records


class FigureKey(NamedTuple):
    """Which stored row a figure is, e.g. (claim, 12); as text "claim:12"."""

    kind: FigureKind
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Figure:
    """A figure to compare: a stored claim, a reference figure or a count of events."""

    key: FigureKey
    metric: str
    value: float
    low: float | None
    high: float | None
    qualifier: str
    place: str
    as_of: date | None
    since: date | None
    source: str  # outlet or dataset name
    origin: str  # independence group: figures of one origin count once
    document: str = ""  # document URL; figures of one document are never evidence for each other
    attribution: str = ""
    derived: bool = False
    # A named part of the metric's total ("serious" injuries); only like parts compare.
    subset: str = ""
    # A fingerprint of the sentence the figure was stated in: the same words under two outlets'
    # names are one copied text, so one origin (see independence.origins_with_copies).
    passage: str = ""
    # Part of the official record: a reference dataset's figure, a count of an event dataset, or
    # a document an official body published itself. A report quoting a body is not the record.
    official: bool = False
    # What kind of count it is (claims.metrics.Kind; "" = the metric's) and whether it is a
    # current fact ("current"), a past year's figure ("past") or a plan or possibility ("planned").
    kind: str = ""
    mode: str = "current"
    # Who keeps the count when a tracker is named ("own": the publisher's own tracker).
    counter: str = ""


@dataclass(frozen=True)
class Scope:
    """Where to look for evidence: one metric, these places, as_of within [start, end]."""

    metric: str
    places: tuple[str, ...]
    start: date | None
    end: date | None
    subset: str = ""
    # How many of `places`, from the first, are the figure's own ground; the rest are only
    # loosely placed against it (scope.loosely_placed) and are read more sparingly.
    own_places: int | None = None

    def is_own(self, rank: int) -> bool:
        return self.own_places is None or rank < self.own_places


@dataclass(frozen=True)
class Comparison:
    other: Figure
    relation: str  # "supports" | "contradicts" | "neutral"
    reason: str  # one line a reviewer can follow
    # Which rule decided (see comparison.Basis): lets the verdict group what it explains.
    basis: str = ""
    # Side remarks the verdict repeats, e.g. "dated 20 Jan 2024 there, 21 Jan 2024 here".
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    status: str  # "supported" | "contradicted" | "conflicting" | "unverified"
    confidence: float  # 0..1
    explanation: str
    # The figures that decided it (the official record, the confirming or refuting reports).
    deciding: tuple[FigureKey, ...] = ()
