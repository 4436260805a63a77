"""Origins' reliabilities, learnt from how often each agrees with the others."""

from __future__ import annotations

from claims.crosscheck import compare, weigh
from claims.crosscheck.reliability import PRIOR, reliabilities
from tests.crosscheck.builders import figure


def test_an_origin_that_disagrees_with_everyone_is_trusted_less():
    pairs = [("reuters", "ap", True), ("reuters", "afp", True), ("ap", "afp", True)]
    pairs += [("stray", other, False) for other in ("reuters", "ap", "afp")]
    learnt = reliabilities(pairs)
    assert learnt["stray"].reliability < PRIOR < learnt["reuters"].reliability
    assert (learnt["stray"].agreements, learnt["stray"].disagreements) == (0, 3)
    assert all(0.0 < r.reliability < 1.0 for r in learnt.values())


def test_an_origin_compared_with_itself_learns_nothing():
    assert reliabilities([("reuters", "reuters", False)]) == {}


def test_reliability_moves_confidence_never_status():
    claim = figure(2500, as_of="2024-01-27", source="Al-Monitor")
    others = [figure(2500, as_of="2024-01-26", source=s) for s in ("Reuters", "AP")]
    comparisons = [compare(claim, o) for o in others]
    even = weigh(claim, comparisons)
    trusted = weigh(claim, comparisons, reliability={"reuters": 0.9, "ap": 0.9})
    doubted = weigh(claim, comparisons, reliability={"reuters": 0.1, "ap": 0.1})
    assert even.status == trusted.status == doubted.status == "supported"
    assert doubted.confidence < even.confidence < trusted.confidence
