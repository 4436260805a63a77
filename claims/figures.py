"""What a figure means: qualifier slugs and the interval each one gives a stated number.

Pure Python, shared by extraction (which states intervals) and cross-checking (which compares them).
An interval bound of None means unbounded on that side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    NEARLY = "nearly"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    RANGE = "range"
    VAGUE = "vague"


# How far "about N" reaches either side, as a share of N.
ABOUT_BAND = 0.10
# "nearly N" sits within this share below N.
NEARLY_BAND = 0.10


@dataclass(frozen=True)
class Interval:
    """A closed interval of counts; None is unbounded on that side."""

    low: float | None
    high: float | None

    def __post_init__(self) -> None:
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"interval low {self.low} is above high {self.high}")

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def overlaps(self, other: Interval) -> bool:
        below = self.high is not None and other.low is not None and self.high < other.low
        above = self.low is not None and other.high is not None and self.low > other.high
        return not (below or above)

    def gap_to(self, other: Interval) -> float:
        """Distance between the two intervals; 0 when they overlap."""
        if self.overlaps(other):
            return 0.0
        if self.high is not None and other.low is not None and self.high < other.low:
            return other.low - self.high
        assert self.low is not None and other.high is not None
        return self.low - other.high

    def describe(self) -> str:
        if self.low is None and self.high is None:
            return "any number"
        if self.low is None:
            return f"at most {_fmt(self.high)}"
        if self.high is None:
            return f"at least {_fmt(self.low)}"
        if self.low == self.high:
            return _fmt(self.low)
        return f"{_fmt(self.low)}–{_fmt(self.high)}"


def _fmt(value: float | None) -> str:
    if value is None:
        return "∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def rounding_unit(value: float) -> float:
    """The rounding a bare figure implies: 2,500 is a round hundred, 56 is a count, 2.5 a tenth."""
    if value <= 0:
        return 0.0
    if not float(value).is_integer():
        text = repr(float(value))
        decimals = len(text.split(".")[1]) if "." in text else 0
        return 10.0 ** -min(decimals, 6)
    n = int(value)
    zeros = 0
    while n % 10 == 0 and n >= 10:
        n //= 10
        zeros += 1
    # Small counts are counts: "23 attacks" means 23. Round hundreds and thousands are rounded.
    if value < 100 or zeros == 0:
        return 0.0
    return 10.0**zeros


def interval_for(
    value: float, qualifier: Qualifier | str, *, low: float | None = None, high: float | None = None
) -> Interval:
    """The interval a stated figure stands for.

    `low`/`high` are only read for ranges and vague quantities, whose words give the span.
    """
    q = qualifier if type(qualifier) is Qualifier else Qualifier(qualifier)  # an Enum call is slow
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"a count must be a finite non-negative number, not {value}")
    if q is Qualifier.EXACT:
        half = rounding_unit(value) / 2
        return Interval(max(0.0, value - half), value + half)
    if q is Qualifier.ABOUT:
        band = max(value * ABOUT_BAND, rounding_unit(value) / 2, 1.0 if value >= 5 else 0.0)
        return Interval(max(0.0, value - band), value + band)
    if q is Qualifier.NEARLY:
        return Interval(max(0.0, value - max(value * NEARLY_BAND, 1.0)), value)
    if q is Qualifier.MORE_THAN:
        return Interval(value + (1 if float(value).is_integer() else 0), None)
    if q is Qualifier.AT_LEAST:
        return Interval(value, None)
    if q is Qualifier.AT_MOST:
        return Interval(0.0, value)
    if q is Qualifier.FEWER_THAN:
        return Interval(0.0, max(0.0, value - (1 if float(value).is_integer() else 0)))
    # RANGE and VAGUE carry their own span.
    return Interval(value if low is None else low, high)
