"""Verdicts: one vote per independent origin, statuses, confidence, explanations."""

from __future__ import annotations

from claims.crosscheck import Comparison, Figure, compare, weigh
from tests.crosscheck.builders import figure

CLAIM = figure(2500, as_of="2024-01-27", source="Al-Monitor")


def agree(source: str, as_of: str = "2024-01-26") -> Figure:
    return figure(2500, as_of=as_of, source=source)


def disagree(source: str, as_of: str = "2024-01-26") -> Figure:
    return figure(1500, as_of=as_of, source=source)


def verdict_for(*others: Figure):
    comparisons = [c for c in (compare(CLAIM, o) for o in others) if c is not None]
    return weigh(CLAIM, comparisons)


def test_no_evidence_is_unverified_with_zero_confidence():
    verdict = weigh(CLAIM, [])
    assert (verdict.status, verdict.confidence) == ("unverified", 0.0)
    assert "no comparable figure" in verdict.explanation


def test_only_neutral_evidence_is_unverified_and_counted():
    loose = figure(2000, qualifier="more_than", source="X")
    verdict = verdict_for(loose)
    assert verdict.status == "unverified"
    assert "1 comparable figure" in verdict.explanation


def test_confidence_grows_with_independent_origins():
    one = verdict_for(agree("Reuters"))
    two = verdict_for(agree("Reuters"), agree("AFP"))
    three = verdict_for(agree("Reuters"), agree("AFP"), agree("Al Jazeera"))
    assert one.status == two.status == three.status == "supported"
    assert one.confidence < two.confidence < three.confidence < 1.0


def test_copies_of_one_origin_add_nothing():
    one = verdict_for(agree("Reuters"))
    copies = verdict_for(agree("Reuters"), agree("Mint (Reuters)"), agree("Reuters (via x.com)"))
    assert copies.confidence == one.confidence
    assert "1 independent origin" in copies.explanation


def test_nearer_figures_weigh_more():
    near = verdict_for(agree("Reuters", "2024-01-26"))
    far = verdict_for(agree("Reuters", "2023-10-10"))
    assert far.confidence < near.confidence


def test_credible_evidence_both_ways_is_conflicting():
    verdict = verdict_for(agree("Reuters"), disagree("AFP"))
    assert verdict.status == "conflicting"
    assert "1 independent origin support" in verdict.explanation
    assert "AFP 1,500 on 26 Jan 2024" in verdict.explanation
    assert 0 < verdict.confidence < 1


def test_a_clear_majority_outvotes_a_lone_dissent_either_way():
    supported = verdict_for(agree("Reuters"), agree("AFP"), agree("Al Jazeera"), disagree("TASS"))
    assert supported.status == "supported"
    assert "Dissent: TASS's '1,500' of 26 Jan 2024 disagrees" in supported.explanation
    contradicted = verdict_for(disagree("Reuters"), disagree("AFP"), disagree("TASS"), agree("X"))
    assert contradicted.status == "contradicted"
    assert "In its favour: X 2,500" in contradicted.explanation


def test_an_origin_speaks_through_its_figure_nearest_in_time():
    verdict = verdict_for(agree("AP", "2024-01-26"), disagree("AP", "2023-11-10"))
    assert verdict.status == "supported"
    assert "(its nearer figure agrees)" in verdict.explanation


def test_contradiction_by_own_origin_is_not_counted_but_said():
    verdict = verdict_for(disagree("Al-Monitor"))
    assert verdict.status == "unverified"
    assert "Not counted: 1 figure(s) from its own origin (Al-Monitor)" in verdict.explanation


def test_the_same_evidence_twice_counts_once():
    other = agree("Reuters")
    comparison = compare(CLAIM, other)
    assert weigh(CLAIM, [comparison, comparison]) == weigh(CLAIM, [comparison])


def test_explanation_lists_are_capped():
    sources = [f"Outlet {n}" for n in range(9)]
    verdict = verdict_for(*(agree(s) for s in sources))
    assert "Supported by 9 independent origins" in verdict.explanation
    assert "and 5 more" in verdict.explanation
    assert len(verdict.explanation) < 600


def test_weigh_accepts_hand_made_comparisons():
    other = agree("Reuters")
    verdict = weigh(CLAIM, [Comparison(other=other, relation="supports", reason="agrees")])
    assert verdict.status == "supported"


def test_an_origin_that_agrees_at_two_dates_raises_no_dissent():
    verdict = verdict_for(agree("AP", "2024-01-26"), agree("AP", "2023-11-10"))
    assert verdict.status == "supported"
    assert "Dissent" not in verdict.explanation


def test_origins_that_came_through_another_outlet_name_it():
    quoting = figure(2500, as_of="2024-01-26", source="Kurdistan 24", attribution="the Pentagon")
    verdict = verdict_for(quoting)
    assert "US Department of Defense via Kurdistan 24 2,500 on 26 Jan 2024" in verdict.explanation
