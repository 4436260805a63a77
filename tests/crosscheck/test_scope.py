"""Scope: same metric, same ground, near in time."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.crosscheck import compare, scope_of
from claims.crosscheck.scope import comparable_places, in_window, reach_of, same_ground
from tests.crosscheck.builders import attacks, figure


def test_troops_in_iraq_look_at_iraq_and_at_figures_only_loosely_placed():
    scope = scope_of(figure(2500, as_of="2024-01-27"))
    assert scope.metric == "troops_deployed"
    # Iraq first; then figures naming no place, or only the region around it.
    assert scope.places == ("Iraq", "", "Middle East")
    assert "Iraq and Syria" not in scope.places and "Syria" not in scope.places


def test_loosely_placed_figures_confirm_but_never_refute():
    claim = figure(2500, as_of="2024-01-27", source="A")
    unplaced = figure(2500, place="", as_of="2024-01-26", source="B")
    region = figure(1500, place="Middle East", as_of="2024-01-26", source="C")
    assert compare(claim, unplaced).relation == "supports"
    assert compare(claim, region).relation == "neutral"
    assert "may count other ground" in compare(claim, region).reason
    # One event's count at a place within another's is the same event, loosely.
    deaths = figure(3, metric="deaths", place="Tower 22, Jordan", as_of="2024-01-28", source="A")
    country = figure(3, metric="deaths", place="Jordan", as_of="2024-01-28", source="B")
    assert compare(deaths, country).relation == "supports"
    # A running tally of one country is a part of a two-country tally: never compared.
    iraq = figure(58, metric="attacks", place="Iraq", as_of="2024-01-20", source="A")
    both = figure(58, metric="attacks", place="Iraq and Syria", as_of="2024-01-20", source="B")
    assert compare(iraq, both) is None


def test_parts_and_wholes_are_not_the_same_ground():
    assert same_ground("Iraq", "Iraq")
    assert not same_ground("Iraq", "Iraq and Syria")
    assert not same_ground("Iraq and Syria", "Iraq")
    assert not same_ground("Ain al-Asad air base, Iraq", "Iraq")
    assert not same_ground("Iraq", "Middle East")
    assert not same_ground("", "")


def test_the_iraq_only_subset_is_never_compared_with_the_iraq_and_syria_tally():
    whole = attacks(141, "2024-01-20", qualifier="at_least", source="Reuters")
    part = attacks(58, "2024-01-20", place="Iraq", source="seolink.site")
    assert compare(whole, part) is None
    assert compare(part, whole) is None


def test_stock_window_is_the_metric_window_either_side():
    scope = scope_of(figure(2500, as_of="2024-01-27"))  # troops: 120 days
    assert scope.start == date(2023, 9, 29)
    assert scope.end == date(2024, 5, 26)
    outside = figure(2500, as_of="2024-09-27", source="ABC News")
    assert compare(figure(2500, as_of="2024-01-27"), outside) is None


def test_tally_window_reaches_back_to_the_series_start():
    scope = scope_of(attacks(150, "2024-01-27", qualifier="more_than"))
    assert scope.start == date(2023, 10, 17)  # since, not as_of - 60 days
    assert scope.end == date(2024, 3, 27)


def test_tally_lookback_is_bounded_for_old_series():
    scope = scope_of(attacks(5000, "2024-01-27", since="2014-06-01"))
    assert scope.start == date(2023, 7, 31)  # three windows of 60 days


def test_event_window_is_narrow():
    claim = figure(12, metric="projectiles", place="Iraq", as_of="2024-01-21")
    scope = scope_of(claim)
    assert (scope.start, scope.end) == (date(2024, 1, 18), date(2024, 1, 24))
    week_later = figure(12, metric="projectiles", place="Iraq", as_of="2024-01-28", source="X")
    assert compare(claim, week_later) is None


def test_claims_without_a_metric_are_not_checked_but_those_without_a_place_are():
    assert scope_of(figure(2500, place="")).places[:2] == ("", "Ain al-Asad air base, Iraq")
    assert scope_of(figure(85, metric="other", place="Iraq")).places == ()
    targets = figure(85, metric="other", qualifier="more_than", place="Iraq", source="A")
    munitions = figure(125, metric="other", qualifier="more_than", place="Iraq", source="B")
    assert compare(targets, munitions) is None


def test_undated_claims_look_without_a_window():
    scope = scope_of(figure(2500, as_of=None))
    assert scope.start is None and scope.end is None


def test_figures_of_one_document_or_another_metric_are_not_evidence():
    claim = figure(2500, document="https://example.org/a")
    assert compare(claim, figure(2500, document="https://example.org/a", source="X")) is None
    assert compare(claim, figure(2500, metric="detainees", source="X")) is None
    assert compare(claim, claim) is None


def test_comparable_places_start_with_the_claims_own():
    assert comparable_places("Iraq and Syria")[0] == "Iraq and Syria"
    assert comparable_places("") == ()
    assert comparable_places("Atlantis") == ("Atlantis",)


@settings(max_examples=300, deadline=None)
@given(
    metric=st.sampled_from(["attacks", "troops_deployed", "projectiles", "injuries"]),
    claim_day=st.dates(date(2023, 6, 1), date(2024, 6, 1)),
    other_day=st.dates(date(2023, 6, 1), date(2024, 6, 1)),
    since=st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2023, 12, 31))),
)
def test_a_figure_s_reach_holds_every_claim_whose_window_holds_it(
    metric, claim_day, other_day, since
):
    claim = figure(
        10,
        metric=metric,
        place="Iraq and Syria",
        as_of=claim_day.isoformat(),
        since=since.isoformat() if since else None,
    )
    other = figure(12, metric=metric, place="Iraq and Syria", as_of=other_day.isoformat())
    reach = reach_of(other)
    if in_window(claim, other):
        assert claim.place in reach.places
        assert reach.start <= claim.as_of <= reach.end


def test_a_place_inside_one_part_of_a_compound_lies_within_the_compound():
    from claims.places import within

    assert within("Ain al-Asad air base, Iraq", "Iraq and Syria")
    assert within("Tower 22, Jordan", "Iraq, Syria and Jordan")
    assert not within("Tower 22, Jordan", "Iraq and Syria")
    assert not within("Iraq and Syria", "Iraq")
