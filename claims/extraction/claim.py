"""The record extraction produces: one figure with its scope, in the words of DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ExtractedClaim:
    quote: str  # the figure's words as written, e.g. "more than 150 such attacks"
    start: int  # character offsets of `quote` in the input text
    end: int
    sentence: str
    value: float
    low: float | None  # interval from the qualifier (claims.figures.interval_for); None = unbounded
    high: float | None
    qualifier: str  # a claims.figures.Qualifier slug
    metric: str  # a slug of data/metrics.toml
    metric_label: str
    place: str  # a gazetteer name from data/places.toml, or ""
    actor: str
    as_of: date | None
    since: date | None
    attribution: str
    derived: bool = False  # a total computed from stated parts
    # A named part of the metric's total ("serious" of injuries): parts are not totals.
    subset: str = ""
    # What kind of count it is (claims.metrics.Kind): the metric's, unless a running tally's
    # figure counts one event ("40 injured in the attack").
    kind: str = ""
    # current, past (it describes an earlier year) or planned (a plan, projection, possibility).
    mode: str = "current"
    # Who keeps the count when the text names a tracker ("the group's tracker": "own").
    counter: str = ""
    # What one of the figure is ("percent", "USD per month", "kilometres", "jobs") and its kind
    # (extraction.units.UNIT_KINDS: count, percent, currency, duration, age, measurement,
    # multiplier, fraction).
    unit: str = ""
    unit_kind: str = "count"
    # What it counts or measures, as a normalised phrase ("veterans, World War II"): for an open
    # figure (metric "~…", claims.metrics.open_metric) what the figure is compared on.
    counted: str = ""

    def as_json(self) -> dict:
        # Every field is a plain value, kept in the instance's dict in field order: a copy of it
        # (dataclasses.asdict copies each value deeply, and took a tenth of `extract_claims
        # --jsonl`).
        row = dict(self.__dict__)
        for key in ("as_of", "since"):
            row[key] = row[key].isoformat() if row[key] else None
        return row
