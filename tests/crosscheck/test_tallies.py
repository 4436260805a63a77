"""Running tallies grow: how earlier, later and differently-started counts bear on a claim."""

from __future__ import annotations

from claims.crosscheck import compare
from tests.crosscheck.builders import attacks, figure

CLAIM = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")


def test_an_earlier_count_already_above_the_floor_supports_it():
    comparison = compare(CLAIM, attacks(160, "2024-01-20", source="X"))
    assert comparison.relation == "supports"
    assert "earlier count" in comparison.reason


def test_a_small_step_below_the_floor_by_the_same_origin_is_a_reclassification():
    comparison = compare(CLAIM, attacks(140, "2024-02-05", source="Al-Monitor"))
    assert comparison.relation == "neutral"
    assert "small downward step" in comparison.reason


def test_a_small_step_below_the_floor_by_another_origin_is_a_dispute():
    comparison = compare(CLAIM, attacks(140, "2024-02-05", source="X"))
    assert comparison.relation == "contradicts"
    assert "a little below" in comparison.reason


def test_a_later_count_far_below_the_floor_contradicts():
    comparison = compare(CLAIM, attacks(90, "2024-02-05", source="X"))
    assert comparison.relation == "contradicts"
    assert "far below" in comparison.reason


def test_an_exact_claim_and_a_later_higher_count_are_consistent_not_supporting():
    claim = attacks(140, "2024-01-18", source="TASS")
    comparison = compare(claim, attacks(170, "2024-02-13", source="Military Times"))
    assert comparison.relation == "neutral"
    assert "later, higher count" in comparison.reason


def test_counts_a_day_apart_are_read_as_of_one_moment():
    claim = attacks(62, "2023-11-17", source="SouthFront")
    comparison = compare(claim, attacks(62, "2023-11-16", source="AP"))
    assert comparison.relation == "supports"
    assert compare(claim, attacks(30, "2023-11-16", source="AP")).relation == "contradicts"


def test_start_dates_a_few_days_apart_are_one_series():
    other = attacks(160, "2024-01-28", since="2023-10-18", source="X")
    assert compare(CLAIM, other).relation == "supports"


def test_different_start_dates_are_different_series():
    other = attacks(200, "2024-01-27", since="2023-10-07", source="X")
    comparison = compare(CLAIM, other)
    assert comparison.relation == "neutral"
    assert "a different series (since 7 Oct vs since 17 Oct)" in comparison.reason


def test_a_missing_start_date_is_read_as_the_same_series_and_said():
    other = attacks(170, "2024-02-13", since=None, source="X")
    comparison = compare(CLAIM, other)
    assert comparison.relation == "supports"
    assert "no start date there; read as the same count since 17 Oct" in comparison.reason
    back = compare(other, CLAIM)
    assert "no start date here" in back.reason


def test_a_count_dated_before_the_series_began_is_not_this_tally():
    claim = attacks(40, "2024-02-05", qualifier="more_than", since="2024-01-28", place="Jordan")
    assert compare(claim, attacks(20, "2024-01-20", since=None, place="Jordan")) is None


def test_injuries_at_one_base_revised_upward_are_consistent():
    kw = {"metric": "injuries", "place": "Tower 22, Jordan"}
    first = figure(24, as_of="2024-01-28", qualifier="at_least", **kw, source="Jordan News")
    later = figure(40, as_of="2024-02-02", qualifier="more_than", **kw, source="Military Times")
    assert compare(first, later).relation == "supports"
    assert compare(later, first).relation == "neutral"


def test_a_later_count_a_little_higher_is_growth_not_a_near_miss():
    kw = {"metric": "injuries", "place": "Iraq and Syria", "since": "2023-10-17"}
    claim = figure(70, as_of="2024-01-27", source="Al-Monitor", **kw)
    comparison = compare(claim, figure(72, as_of="2024-02-05", source="X", **kw))
    assert comparison.relation == "neutral"
    assert "later, higher count" in comparison.reason


def test_an_undated_count_confirms_at_most_and_never_refutes():
    undated = attacks(98, None, source="Task & Purpose")
    comparison = compare(undated, CLAIM)
    assert comparison.relation == "neutral"
    assert "no date here" in comparison.reason
    assert compare(attacks(150, None, qualifier="more_than", source="X"), CLAIM).relation == (
        "supports"
    )


def test_an_earlier_count_under_a_ceiling_says_nothing_of_the_ceiling_later():
    # 73 attacks in November does not make "fewer than 100" true in late January: counts grow.
    claim = attacks(100, "2024-01-28", qualifier="fewer_than", source="Example Daily")
    comparison = compare(claim, attacks(73, "2023-11-23", source="Reuters"))
    assert comparison.relation == "neutral"
    assert "earlier, lower count" in comparison.reason
    # A later count under the ceiling bounds it from above: that one does support it.
    assert compare(claim, attacks(95, "2024-02-05", source="Reuters")).relation == "supports"
    # So does an earlier count that names the same figure.
    exact = attacks(140, "2024-01-19", source="Capitol Times Media")
    assert compare(exact, attacks(140, "2024-01-15", source="TASS")).relation == "supports"


def test_a_start_given_only_as_a_month_is_the_count_that_began_that_month():
    # "since October" (stored as 1 Oct) is the Pentagon's count from 17 Oct, and says so.
    claim = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")
    tass = attacks(140, "2024-01-18", qualifier="about", since="2023-10-01", source="TASS")
    comparison = compare(claim, tass)
    assert "different series" not in comparison.reason
    assert "start given only as a month there (October 2023)" in comparison.reason
    # A start given as a day is still its own series, and a month-only start of another month too.
    oct_7 = attacks(175, "2024-01-25", since="2023-10-07", source="Monitor")
    assert "different series" in compare(claim, oct_7).reason
    september = attacks(175, "2024-01-25", since="2023-09-01", source="Monitor")
    assert "different series" in compare(claim, september).reason
