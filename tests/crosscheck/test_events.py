"""Event figures: one incident, matched by date, revised upward."""

from __future__ import annotations

from claims.crosscheck import compare
from tests.crosscheck.builders import figure

BASE = "Ain al-Asad air base, Iraq"


def projectiles(value, as_of, **kwargs):
    kwargs.setdefault("place", BASE)
    return figure(value, metric="projectiles", as_of=as_of, **kwargs)


def deaths(value, as_of, **kwargs):
    kwargs.setdefault("place", "Tower 22, Jordan")
    return figure(value, metric="deaths", as_of=as_of, **kwargs)


def test_same_figure_same_day_supports_without_a_date_note():
    comparison = compare(
        deaths(3, "2024-01-28", source="CNN"), deaths(3, "2024-01-28", source="AP")
    )
    assert comparison.relation == "supports"
    assert "dated" not in comparison.reason


def test_a_later_higher_count_is_a_revision():
    claim = deaths(3, "2024-01-28", source="CNN")
    comparison = compare(claim, deaths(5, "2024-02-01", source="AP"))
    assert comparison.relation == "neutral"
    assert "revision, not a contradiction" in comparison.reason
    assert "dated 1 Feb 2024 there, 28 Jan 2024 here" in comparison.reason


def test_an_earlier_lower_count_is_an_early_count():
    claim = projectiles(12, "2024-01-21", qualifier="at_least", source="Al-Monitor")
    comparison = compare(claim, projectiles(5, "2024-01-20", source="Sputnik"))
    assert comparison.relation == "neutral"
    assert "early counts are revised upward" in comparison.reason


def test_a_lower_count_on_the_same_day_contradicts():
    claim = projectiles(15, "2024-01-20", source="AFP")
    comparison = compare(claim, projectiles(5, "2024-01-20", source="Sputnik"))
    assert comparison.relation == "contradicts"


def test_a_later_much_lower_count_contradicts():
    claim = deaths(30, "2024-01-28", source="A")
    assert compare(claim, deaths(3, "2024-01-30", source="B")).relation == "contradicts"


def test_a_loose_later_figure_is_consistent_only():
    claim = projectiles(15, "2024-01-20", source="AFP")
    comparison = compare(claim, projectiles(12, "2024-01-21", qualifier="at_least", source="X"))
    assert comparison.relation == "neutral"


def test_an_undated_figure_may_be_another_incident():
    claim = projectiles(15, "2024-01-20", source="AFP")
    comparison = compare(claim, projectiles(5, None, source="Sputnik"))
    assert comparison.relation == "neutral"
    assert "no date there" in comparison.reason
