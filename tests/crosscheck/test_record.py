"""A disagreement held against the rest of the record: an outlier is set aside, not counted."""

from __future__ import annotations

from claims.crosscheck import compare, weigh
from tests.crosscheck.builders import attacks

# The seed's "more than 150" attacks since Oct. 17 on 27 Jan 2024.
CLAIM = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")
LATER = attacks(170, "2024-02-13", source="US Department of Defense")
STRAY = attacks(100, "2024-01-28", qualifier="fewer_than", source="Example Daily")


def verdict_for(*others):
    return weigh(CLAIM, [c for c in (compare(CLAIM, o) for o in others) if c is not None])


def test_one_voice_each_way_is_conflicting():
    verdict = verdict_for(LATER, STRAY)
    assert verdict.status == "conflicting"


def test_a_dissent_that_the_non_voting_record_refutes_is_set_aside_and_named():
    # Earlier counts of 140 cast no vote on "more than 150" (a tally grows), but they refute
    # "fewer than 100" a week later: a running count does not shrink.
    record = (
        attacks(141, "2024-01-20", qualifier="at_least", source="Reuters"),
        attacks(140, "2024-01-19", source="Capitol Times Media"),
    )
    for other in record:
        assert compare(CLAIM, other).relation == "neutral"
    verdict = verdict_for(LATER, STRAY, *record)
    assert verdict.status == "supported"
    assert (
        "Set aside as refuted by the record: Example Daily's 'fewer than 100' of 28 Jan 2024, "
        "which 2 independent origins contradict."
    ) in verdict.explanation
    assert verdict.confidence == verdict_for(LATER).confidence


def test_one_refuting_origin_is_not_enough():
    record = attacks(141, "2024-01-20", qualifier="at_least", source="Reuters")
    assert verdict_for(LATER, STRAY, record).status == "conflicting"


def test_voters_are_not_heard_twice_against_the_dissent():
    # The supporters also contradict the dissent, but they have voted already: it stays a dissent.
    supporters = [
        attacks(160, "2024-01-26", source=name) for name in ("Reuters", "AFP", "Al Jazeera")
    ]
    verdict = verdict_for(*supporters, STRAY)
    assert verdict.status == "supported"
    assert "Dissent: Example Daily's 'fewer than 100' of 28 Jan 2024 disagrees" in (
        verdict.explanation
    )
    assert "Set aside" not in verdict.explanation


def test_neither_the_claim_s_origin_nor_the_dissent_s_vouch_for_themselves():
    own = [
        attacks(141, "2024-01-20", qualifier="at_least", source="Al-Monitor"),
        attacks(140, "2024-01-19", source="Al-Monitor (via a mirror)"),
        attacks(90, "2024-01-15", source="Example Daily"),
    ]
    assert verdict_for(LATER, STRAY, *own).status == "conflicting"


def test_many_voices_on_each_side_are_a_real_disagreement_however_the_record_reads():
    supporters = [LATER] + [attacks(160, "2024-01-26", source=n) for n in ("AFP", "Al Jazeera")]
    strays = [
        attacks(100, "2024-01-28", qualifier="fewer_than", source=n)
        for n in ("Example Daily", "Other Daily", "Third Daily")
    ]
    record = (
        attacks(141, "2024-01-20", qualifier="at_least", source="Reuters"),
        attacks(140, "2024-01-19", source="Capitol Times Media"),
    )
    verdict = verdict_for(*supporters, *strays, *record)
    assert verdict.status == "conflicting"
    assert "Set aside" not in verdict.explanation
