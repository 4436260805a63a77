"""The words a reviewer reads: figures as they were stated, dates, sources."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from claims.crosscheck.independence import authority_of, outlet_origin, wire_of
from claims.crosscheck.records import Figure
from claims.figures import Interval, Qualifier

_LEAD = {
    Qualifier.ABOUT: "about",
    Qualifier.NEARLY: "nearly",
    Qualifier.MORE_THAN: "more than",
    Qualifier.AT_LEAST: "at least",
    Qualifier.AT_MOST: "up to",
    Qualifier.FEWER_THAN: "fewer than",
}


def number(value: float | None) -> str:
    if value is None:
        return "∞"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def figure(f: Figure) -> str:
    """The figure as stated: "about 2,500", "more than 150", "40–50"."""
    return _stated(f.qualifier, f.value, f.low, f.high)


@lru_cache(maxsize=8192)
def _stated(qualifier: str, value: float, low: float | None, high: float | None) -> str:
    try:
        q = Qualifier(qualifier)
    except ValueError:
        q = Qualifier.EXACT
    if q in (Qualifier.RANGE, Qualifier.VAGUE) and high is not None:
        return f"{number(low if low is not None else value)}–{number(high)}"
    lead = _LEAD.get(q)
    return f"{lead} {number(value)}" if lead else number(value)


def span(interval: Interval) -> str:
    return interval.describe()


@lru_cache(maxsize=4096)
def day(when: date | None) -> str:
    return f"{when.day} {when:%b %Y}" if when else "an unknown date"


@lru_cache(maxsize=4096)
def short_day(when: date | None) -> str:
    return f"{when.day} {when:%b}" if when else "an unknown date"


def since(f: Figure) -> str:
    return f" since {short_day(f.since)}" if f.since else ""


_SAYING = re.compile(
    r"\s+(said|says|say|told|tells|reported|reports|confirmed|confirms|announced|stated|added|"
    r"noted|wrote|disclosed|acknowledged)\b.*$",
    re.I,
)


# Words that open a clause, not a name: "There are an estimated" is nobody speaking.
_NOT_A_SPEAKER = re.compile(r"^(there|it|this|that|these|those|here)\b", re.I)


def quoted_body(attribution: str) -> str:
    """Who a figure is attributed to, without the verb: "Sabrina Singh told reporters" → name."""
    text = " ".join((attribution or "").split())
    text = re.sub(r"^(according to|as quoted by|citing)\s+", "", text, flags=re.I)
    body = _SAYING.sub("", text).strip(" ,.;:")
    return "" if _NOT_A_SPEAKER.match(body) else body


def who(f: Figure) -> str:
    """The source, and the body it quotes when that is someone else."""
    return _who(f.source, f.origin, f.attribution)


@lru_cache(maxsize=8192)
def _who(source: str, origin: str, attribution: str) -> str:
    name = source or origin or "an unnamed source"
    quoted = quoted_body(attribution)
    named = wire_of(quoted) or authority_of(quoted)
    # "Reuters (via a mirror)" citing "Reuters reported" says nothing new.
    redundant = (
        quoted.casefold() in name.casefold()
        or name.casefold() in quoted.casefold()
        or (named is not None and named == outlet_origin(name))
    )
    if quoted and not redundant:
        if len(quoted) > 60:
            quoted = quoted[:57].rstrip() + "…"
        return f"{name} (citing {quoted})"
    return name


def cited(f: Figure) -> str:
    """Source, figure and date in one breath: "Reuters: 2,500 on 13 Nov 2023"."""
    derived = " (a sum of stated parts)" if f.derived else ""
    return f"{who(f)}: {figure(f)}{since(f)}{derived} on {day(f.as_of)}"


def brief(f: Figure, label: str) -> str:
    """Origin, figure and date for a verdict's list: "Reuters 2,500 on 13 Nov 2023"."""
    outlet = outlet_origin(f.source)
    carrier = f" via {outlet}" if outlet and outlet != label else ""
    return f"{label}{carrier} {figure(f)}{since(f)} on {day(f.as_of)}"


def dates_differ(claim: Figure, other: Figure) -> str:
    """ "dated 20 Jan 2024 there, 21 Jan 2024 here"; "" when the dates agree or one is missing."""
    if claim.as_of is None or other.as_of is None or claim.as_of == other.as_of:
        return ""
    return f"dated {day(other.as_of)} there, {day(claim.as_of)} here"
