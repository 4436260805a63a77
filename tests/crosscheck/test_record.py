"""A disagreement held against the rest of the record: a figure the record refutes is set aside,
and is evidence neither against a claim nor for it."""

from __future__ import annotations

from claims.crosscheck import compare, weigh
from tests.crosscheck.builders import attacks

# The seed's "more than 150" attacks since Oct. 17 on 27 Jan 2024.
CLAIM = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")
SAME_DAY = attacks(150, "2024-01-27", qualifier="more_than", source="AP")
STRAY = attacks(100, "2024-01-28", qualifier="fewer_than", source="Example Daily")
# Earlier counts of 140: consistent with "more than 150" (a tally grows), but a running count
# does not fall to "fewer than 100" a week later.
RECORD = (
    attacks(141, "2024-01-20", qualifier="at_least", source="Reuters"),
    attacks(140, "2024-01-19", source="Capitol Times Media"),
)


def verdict_for(*others, claim=CLAIM):
    return weigh(claim, [c for c in (compare(claim, o) for o in others) if c is not None])


def test_a_lone_dissent_against_a_confirmed_claim_is_a_conflict():
    assert verdict_for(SAME_DAY, STRAY).status == "conflicting"


def test_a_dissent_the_record_refutes_is_set_aside_and_named():
    for other in RECORD:
        assert compare(CLAIM, other).relation == "neutral"
    verdict = verdict_for(SAME_DAY, STRAY, *RECORD)
    assert verdict.status == "supported"
    # AP, Reuters and Capitol Times: every origin but the claim's and the dissent's own.
    assert "Set aside: Example Daily's 'fewer than 100', which 3 other reports contradict." in (
        verdict.explanation
    )
    assert verdict.confidence == verdict_for(SAME_DAY).confidence


def test_one_refuting_origin_is_not_enough():
    assert verdict_for(SAME_DAY, STRAY).status == "conflicting"
    assert verdict_for(STRAY, RECORD[0]).status == "conflicting"


def test_the_official_record_refutes_on_its_own():
    record = attacks(141, "2024-01-20", source="US Department of Defense", official=True)
    claim = attacks(150, "2024-01-27", qualifier="more_than", source="Al-Monitor")
    # The record does not decide "more than 150" a week later (a tally grows), so the reports
    # are weighed; but it refutes "fewer than 100".
    assert compare(claim, record).relation == "neutral"
    verdict = verdict_for(SAME_DAY, STRAY, record, claim=claim)
    assert verdict.status == "supported"
    assert "Set aside: Example Daily's 'fewer than 100'" in verdict.explanation


def test_a_refuted_supporter_supports_nothing():
    # "fewer than 100" on 28 Jan, confirmed by a stray twin and refuted by the record.
    claim = attacks(100, "2024-01-28", qualifier="fewer_than", source="Other Daily")
    verdict = verdict_for(STRAY, *RECORD, claim=claim)
    assert verdict.status != "supported"


def test_neither_the_claim_s_newsroom_nor_the_dissent_s_vouch_for_themselves():
    own = [
        attacks(141, "2024-01-20", qualifier="at_least", source="Al-Monitor"),
        attacks(140, "2024-01-19", source="Al-Monitor (via a mirror)"),
        attacks(90, "2024-01-15", source="Example Daily"),
    ]
    assert verdict_for(SAME_DAY, STRAY, *own).status == "conflicting"


def test_many_voices_on_each_side_are_a_real_disagreement_however_the_record_reads():
    supporters = [
        attacks(150, "2024-01-27", qualifier="more_than", source=n) for n in ("AP", "AFP", "BBC")
    ]
    strays = [
        attacks(100, "2024-01-28", qualifier="fewer_than", source=n)
        for n in ("Example Daily", "Other Daily", "Third Daily")
    ]
    # Three reports each way are no stray report: the record does not make either side outliers.
    assert verdict_for(*supporters, *strays).status == "conflicting"
    assert verdict_for(*supporters, *strays, *RECORD).status == "conflicting"
