"""Verdicts: the official record first, then one voice per independent origin; what confirms a
claim, what may contradict it, when reports conflict, and the one sentence that says why."""

from __future__ import annotations

from claims.crosscheck import Comparison, Figure, compare, weigh
from claims.crosscheck.verdicts import MAX_EXPLANATION
from tests.crosscheck.builders import attacks, figure

CLAIM = figure(2500, as_of="2024-01-27", source="Al-Monitor")


def agree(source: str, as_of: str = "2024-01-26", **kwargs) -> Figure:
    return figure(2500, as_of=as_of, source=source, **kwargs)


def disagree(source: str, as_of: str = "2024-01-26", value: float = 1500, **kwargs) -> Figure:
    return figure(value, as_of=as_of, source=source, **kwargs)


def verdict_for(*others: Figure, claim: Figure = CLAIM):
    comparisons = [c for c in (compare(claim, o) for o in others) if c is not None]
    return weigh(claim, comparisons)


def test_no_evidence_is_unverified_with_zero_confidence():
    verdict = weigh(CLAIM, [])
    assert (verdict.status, verdict.confidence) == ("unverified", 0.0)
    assert verdict.explanation == "Unverified: no other report gives a comparable figure."
    assert verdict.deciding == ()


def test_being_merely_consistent_confirms_nothing():
    loose = figure(2000, qualifier="more_than", source="X")
    verdict = verdict_for(loose)
    assert verdict.status == "unverified"
    assert verdict.explanation.startswith("Unverified: consistent with X (more than 2,000")
    assert "no other report gives this figure for about that date" in verdict.explanation


def test_one_other_report_of_the_same_figure_supports_it():
    reuters = agree("Reuters")
    verdict = verdict_for(reuters)
    assert verdict.status == "supported"
    assert verdict.explanation == (
        "Supported: Reuters (2,500, 26 Jan 2024) confirms it for about that date."
    )
    assert verdict.deciding == (reuters.key,)


def test_confidence_grows_with_independent_origins():
    one = verdict_for(agree("Reuters"))
    two = verdict_for(agree("Reuters"), agree("AFP"))
    three = verdict_for(agree("Reuters"), agree("AFP"), agree("Al Jazeera"))
    assert one.status == two.status == three.status == "supported"
    assert one.confidence < two.confidence < three.confidence < 1.0


def test_copies_of_one_newsroom_add_nothing():
    one = verdict_for(agree("Reuters"))
    copies = verdict_for(agree("Reuters"), agree("Mint (Reuters)"), agree("Reuters (via x.com)"))
    assert copies.confidence == one.confidence
    assert copies.explanation.startswith("Supported: Reuters (2,500")
    assert " and " not in copies.explanation.split(" give")[0]


def test_nearer_figures_weigh_more():
    near = verdict_for(agree("Reuters", "2024-01-26"))
    far = verdict_for(agree("Reuters", "2023-10-10"))
    assert far.confidence < near.confidence


def test_a_lone_report_never_contradicts():
    # Another figure the same day: two lone reports disagree, and nothing settles it.
    same_day = verdict_for(disagree("AFP"))
    assert same_day.status == "conflicting"
    assert "nothing settles it" in same_day.explanation
    # One report against one, a day apart: nearly an even split, as sure as a conflict gets.
    assert 0.55 < same_day.confidence <= 0.6
    # A running tally's count from weeks away: one report alone cannot refute it.
    tally = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")
    weeks_away = verdict_for(attacks(100, "2024-03-20", source="AFP"), claim=tally)
    assert weeks_away.status == "unverified"
    assert "one report alone cannot refute it" in weeks_away.explanation


def test_two_independent_origins_that_agree_with_each_other_contradict_it():
    verdict = verdict_for(disagree("Reuters"), disagree("AFP"))
    assert verdict.status == "contradicted"
    assert verdict.explanation == (
        "Contradicted: AFP (1,500, 26 Jan 2024) and Reuters (1,500, 26 Jan 2024), independent of "
        "one another, give another figure."
    )


def test_dissenters_that_disagree_among_themselves_are_a_conflict():
    verdict = verdict_for(disagree("Reuters", value=1500), disagree("AFP", value=4000))
    assert verdict.status == "conflicting"
    assert "disagree with it and with one another" in verdict.explanation
    assert 0 < verdict.confidence < 0.6  # the claim's report against two: not an even split


def test_one_report_each_way_is_conflicting():
    verdict = verdict_for(agree("Reuters"), disagree("AFP"))
    assert verdict.status == "conflicting"
    assert verdict.explanation == (
        "Conflicting: Reuters (2,500, 26 Jan 2024) confirms it; AFP (1,500, 26 Jan 2024) differs."
    )
    assert 0 < verdict.confidence < 1
    assert len(verdict.deciding) == 2


def test_two_confirmations_outweigh_a_lone_dissent_but_never_the_other_way():
    supported = verdict_for(agree("Reuters"), agree("AFP"), disagree("TASS"))
    assert supported.status == "supported"
    assert "Outvoted: TASS (1,500, 26 Jan 2024)." in supported.explanation
    # Three against one confirmation is a disagreement, not a contradiction.
    against = verdict_for(disagree("Reuters"), disagree("AFP"), disagree("TASS"), agree("X"))
    assert against.status == "conflicting"


def test_the_official_record_decides_over_reports_attributing_another_figure_to_the_body():
    record = figure(2500, as_of="2024-01-25", source="US Department of Defense", official=True)
    quoting = [
        disagree(name, attribution="the Pentagon said") for name in ("Reuters", "AFP", "TASS")
    ]
    verdict = verdict_for(record, *quoting)
    assert verdict.status == "supported"
    assert verdict.explanation == (
        "Supported by the official record: US Department of Defense (2,500, 25 Jan 2024)."
    )
    assert verdict.deciding == (record.key,)
    refuting = figure(1500, as_of="2024-01-25", source="US Department of Defense", official=True)
    assert verdict_for(refuting, agree("Reuters"), agree("AFP")).status == "contradicted"


def test_another_newsroom_quoting_the_same_body_corroborates_it():
    claim = figure(2500, source="Al-Monitor", attribution="the Pentagon said")
    verdict = verdict_for(agree("TASS", attribution="Pentagon spokesman said"), claim=claim)
    assert verdict.status == "supported"
    assert "US Department of Defense (2,500" in verdict.explanation


def test_the_claim_s_own_newsroom_is_not_evidence():
    verdict = verdict_for(disagree("Al-Monitor"), agree("Al-Monitor (via a mirror)"))
    assert verdict.status == "unverified"
    assert verdict.explanation == (
        "Unverified: only Al-Monitor's own reports give a comparable figure, and a report "
        "cannot confirm itself."
    )


def test_an_origin_speaks_through_its_figure_nearest_in_time():
    verdict = verdict_for(agree("AP", "2024-01-26"), disagree("AP", "2023-11-10"))
    assert verdict.status == "supported"


def test_the_same_evidence_twice_counts_once():
    other = agree("Reuters")
    comparison = compare(CLAIM, other)
    assert weigh(CLAIM, [comparison, comparison]) == weigh(CLAIM, [comparison])


def test_explanations_are_short_and_name_at_most_three_reports():
    sources = [f"Outlet number {n}" for n in range(9)]
    verdict = verdict_for(*(agree(s) for s in sources))
    assert verdict.status == "supported"
    assert "and 6 more" in verdict.explanation or "and 7 more" in verdict.explanation
    assert len(verdict.explanation) <= MAX_EXPLANATION


def test_weigh_accepts_hand_made_comparisons():
    other = agree("Reuters")
    verdict = weigh(CLAIM, [Comparison(other=other, relation="supports", reason="agrees")])
    assert verdict.status == "supported"


def test_a_plan_or_a_past_figure_is_not_checked_as_current_nor_heard_as_evidence():
    from dataclasses import replace

    plan = replace(figure(1500, as_of="2024-01-27", source="A"), mode="planned")
    past = replace(figure(5200, as_of="2019-07-01", source="B"), mode="past")
    assert weigh(plan, []).explanation == (
        "Unverified: a plan, projection or possibility, not checked as a current figure."
    )
    assert weigh(past, []).explanation == (
        "Unverified: a figure for 2019, not checked against current reports."
    )
    assert compare(CLAIM, replace(disagree("Reuters"), mode="planned")) is None


def test_a_part_is_not_evidence_about_its_total():
    total = figure(66, metric="injuries", as_of="2024-01-19", source="A")
    part = figure(1, metric="injuries", as_of="2024-01-19", source="B", subset="serious")
    assert compare(total, part) is None and compare(part, total) is None
