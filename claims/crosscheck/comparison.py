"""Comparison: what one other figure says about a claim, and why, in one line.

Figures of another metric, another ground, another time or the same document are not about the
same thing and give no comparison at all. The rest are read by the kind of thing counted: running
tallies (tallies.py), stock levels (stocks.py) or event figures (events.py).
"""

from __future__ import annotations

from claims.crosscheck import wording
from claims.crosscheck.events import compare_event
from claims.crosscheck.findings import Basis, Finding, Relation
from claims.crosscheck.independence import origin_of, same_origin
from claims.crosscheck.records import Comparison, Figure
from claims.crosscheck.scope import (
    checkable,
    counter_key,
    in_window,
    kind_of,
    loose,
    loosely_named,
    same_ground,
)
from claims.crosscheck.stocks import compare_stock
from claims.crosscheck.tallies import compare_tally
from claims.metrics import Kind, names_nothing, open_unit

_BY_KIND = {Kind.STOCK: compare_stock, Kind.TALLY: compare_tally, Kind.EVENT: compare_event}


def about_the_same_thing(claim: Figure, other: Figure) -> bool:
    if other.key == claim.key or (claim.document and other.document == claim.document):
        return False
    if other.metric != claim.metric or not (checkable(claim) and checkable(other)):
        return False
    if other.subset != claim.subset or kind_of(other) is not kind_of(claim):
        return False  # a part is not its total, nor one attack's toll the running one
    if (other.counter or claim.counter) and counter_key(other) != counter_key(claim):
        return False  # a tracker's own count is a series of its own
    near = same_ground(claim.place, other.place) or loose(claim, other)
    return near and in_window(claim, other)


def judge(claim: Figure, other: Figure) -> Finding | None:
    """What `other` says of `claim`, before it is worded; None when it is about something else.

    Where they are only loosely placed (one names no place, or only a region around the other's;
    see scope.loosely_placed), agreement is evidence (the same figure for the same days is most
    likely the same count) but disagreement is not: it may count other ground.
    """
    if not about_the_same_thing(claim, other):
        return None
    found = _BY_KIND[kind_of(claim)](claim, other)
    if found is not None and found.relation == Relation.CONTRADICTS and loosely_named(claim):
        return Finding(
            Relation.NEUTRAL,
            Basis.OTHER_THING,
            f"{found.detail}; but the words may not name the same thing ({_what(claim)})",
            found.notes,
        )
    if found is not None and found.relation == Relation.CONTRADICTS and loose(claim, other):
        return Finding(
            Relation.NEUTRAL,
            Basis.OTHER_GROUND,
            f"{found.detail}; but it may count other ground ({_ground(other)} there, "
            f"{_ground(claim)} here)",
            found.notes,
        )
    return found


def _ground(f: Figure) -> str:
    return f.place or "no place named"


def _what(f: Figure) -> str:
    unit = open_unit(f.metric)
    if names_nothing(f.metric):
        return f"the text names nothing these {unit} measure"
    return f"a share or a ratio may be of different wholes ({unit})"


def compare(claim: Figure, other: Figure) -> Comparison | None:
    """How `other` bears on `claim`; None when it is not about the same thing at all."""
    finding = judge(claim, other)
    if finding is None:
        return None
    return Comparison(
        other=other,
        relation=str(finding.relation),
        reason=reason(claim, other, finding),
        basis=str(finding.basis),
        notes=finding.notes,
    )


def reason(claim: Figure, other: Figure, finding: Finding) -> str:
    """One line: who said what when, then the judgement and any side remarks."""
    remarks = list(finding.notes)
    if same_origin(claim, other) and finding.basis is not Basis.RECLASSIFIED:
        remarks.append(f"same origin as this claim ({origin_of(other).label}), so not independent")
    tail = "".join(f"; {remark}" for remark in remarks)
    return f"{wording.cited(other)} — {finding.detail}{tail}."
