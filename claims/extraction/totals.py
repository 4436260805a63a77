"""Totals from stated parts: "27 in Iraq and 28 in Syria" is also 55 in Iraq and Syria."""

from __future__ import annotations

from dataclasses import dataclass

from claims.figures import Qualifier


@dataclass(frozen=True)
class Part:
    index: int  # position of the claim in the sentence's list
    metric: str
    subset: str  # parts of different subsets ("minor", "serious") are not summed by place
    value: float
    qualifier: str
    part_place: str  # the place named right after the figure ("in Iraq"), or ""
    start: int
    end: int


def _sum_qualifier(qualifiers: list[str]) -> str | None:
    kinds = set(qualifiers)
    if kinds <= {Qualifier.EXACT}:
        return Qualifier.EXACT
    if kinds <= {Qualifier.EXACT, Qualifier.AT_LEAST, Qualifier.MORE_THAN}:
        # The sum of floors is a floor for the whole.
        return Qualifier.AT_LEAST
    if kinds <= {Qualifier.EXACT, Qualifier.ABOUT}:
        return Qualifier.ABOUT
    return None


@dataclass(frozen=True)
class Total:
    parts: list[Part]
    value: float
    qualifier: str
    stated_at: int | None  # index of the sentence's figure that already states this total


def totals(parts: list[Part], stated: list[tuple[str, float]]) -> list[Total]:
    """Groups of consecutive parts of one metric, each in its own place, with their sum.

    `stated` holds the (metric, value) of every figure in the sentence: a total the sentence
    already states is not derived again, but named (`stated_at`) so it can take the parts'
    places ("55 attacks …, including 27 in Iraq and 28 in Syria").
    """
    groups: list[list[Part]] = []
    for part in parts:
        last = groups[-1] if groups else None
        if (
            last is not None
            and last[-1].metric == part.metric
            and last[-1].subset == part.subset
            and last[-1].part_place
            and part.part_place
            and part.part_place not in {p.part_place for p in last}
            and part.index == last[-1].index + 1
        ):
            last.append(part)
        else:
            groups.append([part])
    out = []
    for group in groups:
        if len(group) < 2 or not all(p.part_place for p in group):
            continue
        qualifier = _sum_qualifier([p.qualifier for p in group])
        if qualifier is None:
            continue
        total = sum(p.value for p in group)
        key = (group[0].metric, total)
        out.append(Total(group, total, qualifier, stated.index(key) if key in stated else None))
    return out
