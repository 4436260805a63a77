"""The acceptance scenarios: the seed article's claims against what other outlets reported.

Figures are the values outlets published (see the development corpus); built by hand here.
"""

from __future__ import annotations

from claims.crosscheck import Comparison, Figure, compare, weigh
from tests.crosscheck.builders import attacks, figure

SEED = "Al-Monitor (republished by International Affairs, interaffairs.ru)"
BASE = "Ain al-Asad air base, Iraq"


def evidence(claim: Figure, others: list[Figure]) -> list[Comparison]:
    return [c for c in (compare(claim, other) for other in others) if c is not None]


def by_source(comparisons: list[Comparison], source: str) -> Comparison:
    return next(c for c in comparisons if c.other.source == source)


def test_troops_in_iraq_supported_by_several_origins_with_the_dissent_named():
    seed = figure(2500, as_of="2024-01-27", source=SEED)
    others = [
        figure(2500, as_of="2023-11-13", source="Reuters (via independentalabama.org)"),
        figure(2500, qualifier="about", as_of="2024-01-26", source="The New Indian Express (AP)"),
        figure(2500, qualifier="about", as_of="2024-01-27", source="Al Jazeera (via dubainews.tv)"),
        figure(2500, as_of="2024-02-01", source="AFP (via english.alsiasi.com)"),
        figure(2000, qualifier="about", as_of="2023-11-20", source="Associated Press"),
        # Not the same ground: Syria, and Iraq and Syria together.
        figure(900, place="Syria", as_of="2024-01-27", source="Newsderf"),
        figure(3400, place="Iraq and Syria", as_of="2024-01-27", source="Newsderf"),
    ]
    comparisons = evidence(seed, others)

    assert {c.other.place for c in comparisons} == {"Iraq"}
    dissent = by_source(comparisons, "Associated Press")
    assert dissent.relation == "contradicts"
    assert "about 2,000" in dissent.reason and "20 Nov 2023" in dissent.reason
    assert by_source(comparisons, "Reuters (via independentalabama.org)").relation == "supports"

    verdict = weigh(seed, comparisons)
    assert verdict.status == "supported"
    # AP speaks through its figure nearest the claim (26 Jan), not its November one.
    assert verdict.explanation == (
        "Supported: Al Jazeera (about 2,500, 27 Jan 2024), AP (about 2,500, 26 Jan 2024), AFP "
        "(2,500, 1 Feb 2024) and 1 more confirm it for about that date."
    )
    assert verdict.confidence > 0.8


def test_dissent_from_an_origin_that_agrees_nowhere_else_is_still_outvoted():
    seed = figure(2500, as_of="2024-01-27", source=SEED)
    others = [
        figure(2500, as_of="2024-01-20", source="Reuters"),
        figure(2500, qualifier="about", as_of="2024-01-26", source="AP"),
        figure(2500, as_of="2024-01-28", source="AFP"),
        figure(2000, qualifier="about", as_of="2023-11-20", source="Voice of Somewhere"),
    ]
    verdict = weigh(seed, evidence(seed, others))
    assert verdict.status == "supported"
    assert "Outvoted: Voice of Somewhere (about 2,000, 20 Nov 2023)." in verdict.explanation
    alone = weigh(seed, evidence(seed, others[:3]))
    assert verdict.confidence < alone.confidence


def test_attack_tally_supported_by_its_growth_with_the_oct_7_series_set_apart():
    seed = attacks(150, "2024-01-27", qualifier="more_than", source=SEED)
    pentagon = "US Department of Defense"
    others = [
        attacks(23, "2023-10-30", source="The Hill", attribution="a senior defense official"),
        attacks(55, "2023-11-14", source="Kurdistan 24", attribution="Pentagon Sabrina Singh"),
        attacks(140, "2024-01-18", qualifier="about", source="TASS"),
        attacks(170, "2024-02-13", source="Military Times", attribution=f"{pentagon} spokesman"),
        attacks(170, "2024-02-04", qualifier="about", source="ENM News"),
        attacks(180, "2024-01-27", qualifier="more_than", since="2023-10-07", source="CNN"),
        # The scope trap: an Iraq-only subset of the same count.
        attacks(58, "2024-01-20", place="Iraq", source="seolink.site (Reuters-based)"),
    ]
    comparisons = evidence(seed, others)

    assert all(c.other.place == "Iraq and Syria" for c in comparisons)
    for source in ("The Hill", "Kurdistan 24", "TASS"):
        earlier = by_source(comparisons, source)
        assert earlier.relation == "neutral" and "earlier" in earlier.reason
    later = by_source(comparisons, "Military Times")
    assert later.relation == "supports" and "later count" in later.reason
    assert "13 Feb 2024" in later.reason
    oct7 = by_source(comparisons, "CNN")
    assert oct7.relation == "neutral"
    assert "different series (since 7 Oct vs since 17 Oct)" in oct7.reason

    # Counts before and after it are consistent with it, but none confirms it.
    verdict = weigh(seed, comparisons)
    assert verdict.status == "unverified"
    assert verdict.explanation.startswith("Unverified: consistent with ")
    # A report of the same day that already reaches the floor confirms it.
    same_day = attacks(150, "2024-01-27", qualifier="more_than", source="AP")
    confirmed = weigh(seed, comparisons + evidence(seed, [same_day]))
    assert confirmed.status == "supported"
    assert confirmed.explanation.startswith("Supported: AP (more than 150 since 17 Oct, 27 Jan")


def test_projectiles_at_ain_al_asad_supported_with_the_date_disagreement_stated():
    seed = figure(
        12, metric="projectiles", qualifier="at_least", place=BASE, as_of="2024-01-21", source=SEED
    )
    afp = figure(15, metric="projectiles", place=BASE, as_of="2024-01-20", source="AFP")
    comparison = compare(seed, afp)

    assert comparison is not None and comparison.relation == "supports"
    assert "AFP: 15 on 20 Jan 2024" in comparison.reason
    assert "dated 20 Jan 2024 there, 21 Jan 2024 here" in comparison.reason

    verdict = weigh(seed, [comparison])
    assert verdict.status == "supported"
    assert verdict.explanation == (
        "Supported: AFP (15, 20 Jan 2024) confirms it for about that date."
    )


def test_fewer_than_100_attacks_since_oct_17_is_contradicted():
    claim = attacks(100, "2024-01-28", qualifier="fewer_than", source="Test Gazette")
    others = [
        attacks(140, "2024-01-18", qualifier="about", source="TASS"),
        attacks(150, "2024-01-27", qualifier="more_than", source=SEED),
        attacks(170, "2024-02-13", source="Military Times"),
    ]
    comparisons = evidence(claim, others)
    assert by_source(comparisons, "TASS").relation == "contradicts"
    assert "does not shrink" in by_source(comparisons, "TASS").reason
    assert by_source(comparisons, SEED).relation == "contradicts"
    # A later, higher count cannot refute a lower earlier one: the tally may have jumped.
    assert by_source(comparisons, "Military Times").relation == "neutral"

    verdict = weigh(claim, comparisons)
    assert verdict.status == "contradicted"
    assert "TASS (about 140 since 17 Oct, 18 Jan 2024)" in verdict.explanation


def test_two_figures_of_one_origin_do_not_corroborate_each_other():
    claim = figure(2500, as_of="2024-01-26", source="The New Indian Express (AP)")
    copy = figure(2500, qualifier="about", as_of="2024-01-27", source="mix247edm (AP rewrite)")
    comparison = compare(claim, copy)
    assert comparison is not None and comparison.relation == "supports"
    assert "same origin as this claim (AP)" in comparison.reason

    verdict = weigh(claim, [comparison])
    assert verdict.status == "unverified"
    assert verdict.confidence == 0.0
    assert verdict.explanation.startswith("Unverified: only AP's own reports")


def test_two_copies_from_one_other_origin_count_once():
    claim = figure(2500, as_of="2024-01-27", source=SEED)
    copies = [
        figure(2500, as_of="2024-01-26", source="Reuters (via independentalabama.org)"),
        figure(2500, as_of="2024-01-27", source="Mint (Reuters)"),
    ]
    verdict = weigh(claim, evidence(claim, copies))
    assert verdict.status == "supported"
    assert verdict.explanation.startswith("Supported: Reuters (2,500")
    assert " and " not in verdict.explanation.split(" gives ")[0]
    assert verdict.confidence <= 0.5


def test_pentagon_injury_count_falling_from_59_to_56_is_a_reclassification():
    kw = {"metric": "injuries", "place": "Iraq and Syria", "since": "2023-10-17"}
    before = figure(59, as_of="2023-11-14", source="US Department of Defense (Sabrina Singh)", **kw)
    after = figure(56, as_of="2023-11-23", source="US Department of Defense", **kw)

    for claim, other in ((before, after), (after, before)):
        comparison = compare(claim, other)
        assert comparison is not None
        assert comparison.relation == "neutral"
        assert "reclassification" in comparison.reason
        assert "from 59 (14 Nov 2023) to 56 (23 Nov 2023)" in comparison.reason
        # One newsroom's own revision: neither evidence for nor against its other count.
        verdict = weigh(claim, [comparison])
        assert verdict.status == "unverified"


def test_a_large_fall_in_a_tally_from_another_origin_is_a_contradiction():
    kw = {"metric": "injuries", "place": "Iraq and Syria", "since": "2023-10-17"}
    claim = figure(66, qualifier="at_least", as_of="2024-01-18", source="Capitol Times", **kw)
    other = figure(30, as_of="2024-01-25", source="Some Blog", **kw)
    comparison = compare(claim, other)
    assert comparison is not None and comparison.relation == "contradicts"
    assert "far below" in comparison.reason
