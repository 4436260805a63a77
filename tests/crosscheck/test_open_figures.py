"""Open figures (outside the taxonomy) are checked precision first: only the same counted thing,
unit, ground and days compare; a share, a ratio or a figure naming nothing it counts may be
supported but never contradicted; a figure naming nothing at all is not checked."""

from __future__ import annotations

import pytest

from claims.crosscheck import compare, weigh
from claims.crosscheck.scope import checkable
from claims.metrics import names_nothing, open_metric, open_precise, open_unit
from tests.crosscheck.builders import figure

FERTILISER = open_metric("tons", "fertiliser")
DISTANCE = open_metric("nautical miles", "")
SHARE = open_metric("percent", "population")
BARE = open_metric("", "")


def cargo(value, as_of="2024-03-02", *, metric=FERTILISER, **kwargs):
    kwargs.setdefault("place", "Red Sea")
    return figure(value, metric=metric, as_of=as_of, **kwargs)


def test_the_key_is_the_counted_phrase_and_its_unit():
    assert FERTILISER == "~fertiliser [tons]"
    assert open_metric("jobs", "jobs") == "~jobs"
    assert open_metric("jobs per year", "Jobs") == "~jobs [jobs per year]"
    assert open_metric("USD", "Aid") == "~aid [USD]"  # case does not part two things
    assert (open_unit(FERTILISER), open_unit("~jobs"), open_unit("attacks")) == ("tons", "", "")
    assert names_nothing(DISTANCE) and names_nothing(BARE) and not names_nothing(FERTILISER)
    assert open_precise(FERTILISER)
    assert not open_precise(SHARE) and not open_precise(DISTANCE) and not open_precise("attacks")
    long = open_metric("tons", "x" * 200)
    assert len(long) == 64 and long != open_metric("tons", "x" * 199)


def test_the_same_open_figure_from_another_outlet_supports_it():
    found = compare(cargo(41000, source="LatestLY"), cargo(41000, "2024-03-04", source="Seatrade"))
    assert found.relation == "supports"


def test_two_precise_open_figures_that_differ_disagree():
    found = compare(cargo(21000, source="Seatrade"), cargo(41000, source="LatestLY"))
    assert found.relation == "contradicts"


@pytest.mark.parametrize("other_metric", ["~cargo [tons]", "~fertiliser [kilograms]", "other"])
def test_another_counted_thing_or_unit_is_no_evidence(other_metric):
    assert compare(cargo(21000), cargo(21000, metric=other_metric, source="B")) is None


def test_another_place_or_another_week_is_no_evidence():
    assert compare(cargo(21000), cargo(21000, place="Iraq", source="B")) is None
    assert compare(cargo(21000), cargo(21000, "2024-04-20", source="B")) is None


@pytest.mark.parametrize("metric", [SHARE, DISTANCE])
def test_a_share_or_a_figure_naming_nothing_is_supported_never_contradicted(metric):
    claim = cargo(50, metric=metric, source="USNI")
    assert compare(claim, cargo(50, metric=metric, source="Naval Technology")).relation == (
        "supports"
    )
    found = compare(claim, cargo(80, metric=metric, source="Naval Technology"))
    assert found.relation == "neutral"
    assert "may not name the same thing" in found.reason
    others = [cargo(80, metric=metric, source=s) for s in ("A", "B", "C")]
    verdict = weigh(claim, [c for c in (compare(claim, o) for o in others) if c])
    assert verdict.status == "unverified"


def test_a_figure_naming_nothing_it_counts_is_not_checked():
    claim = cargo(2155, metric=BARE, source="Informare")
    assert not checkable(claim)
    assert compare(claim, cargo(2155, metric=BARE, source="B")) is None
    verdict = weigh(claim, [])
    assert verdict.status == "unverified"
    assert "does not say what this figure counts" in verdict.explanation
    assert checkable(cargo(50, metric=DISTANCE))  # a measure is checked all the same
