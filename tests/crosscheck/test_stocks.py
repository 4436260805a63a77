"""Stock levels: troops deployed, compared within the window."""

from __future__ import annotations

from claims.crosscheck import compare
from tests.crosscheck.builders import figure

CLAIM = figure(2500, as_of="2024-01-27", source="Al-Monitor")


def relation(other) -> str:
    comparison = compare(CLAIM, other)
    assert comparison is not None
    return comparison.relation


def test_rounding_lets_a_round_figure_stand_for_a_close_count():
    assert relation(figure(2480, as_of="2024-01-20", source="X")) == "supports"


def test_about_the_same_figure_supports():
    assert relation(figure(2500, qualifier="about", as_of="2024-01-20", source="X")) == "supports"
    assert relation(figure(2400, qualifier="about", as_of="2024-01-20", source="X")) == "supports"


def test_a_clearly_different_level_contradicts():
    assert relation(figure(2000, qualifier="about", as_of="2024-01-20", source="X")) == (
        "contradicts"
    )
    assert relation(figure(3000, as_of="2024-01-20", source="X")) == "contradicts"
    assert relation(figure(900, as_of="2024-01-20", source="X")) == "contradicts"


def test_a_loose_bound_is_consistent_but_confirms_nothing():
    comparison = compare(CLAIM, figure(2000, qualifier="more_than", source="X"))
    assert comparison is not None and comparison.relation == "neutral"
    assert "too loose" in comparison.reason


def test_a_precise_figure_inside_a_loose_claim_supports_it():
    loose = figure(2000, qualifier="more_than", as_of="2024-01-27", source="Y")
    comparison = compare(loose, CLAIM)
    assert comparison is not None and comparison.relation == "supports"
    assert "fits the 'more than 2,000' here" in comparison.reason


def test_a_near_miss_is_neutral_and_says_so():
    claim = figure(62, metric="detainees", place="Syria", source="SouthFront")
    comparison = compare(claim, figure(61, metric="detainees", place="Syria", source="AP"))
    assert comparison is not None and comparison.relation == "neutral"
    assert "close to the '62' here" in comparison.reason


def test_reason_names_source_figure_date_and_the_quoted_body():
    other = figure(
        2000,
        qualifier="about",
        as_of="2023-11-20",
        source="AP",
        attribution="US officials",
    )
    reason = compare(CLAIM, other).reason
    assert reason.startswith("AP (citing US officials): about 2,000 on 20 Nov 2023 — ")
    assert "disagrees with the '2,500' here (1,800–2,200 vs 2,450–2,550)" in reason
    assert "\n" not in reason


def test_a_derived_total_compares_like_any_figure_and_is_marked():
    claim = figure(73, metric="detainees", place="Syria", as_of="2023-11-23", source="A")
    total = figure(
        73, metric="detainees", place="Syria", as_of="2023-11-23", source="Mint", derived=True
    )
    comparison = compare(claim, total)
    assert comparison.relation == "supports"
    assert "(a sum of stated parts)" in comparison.reason


def test_ranges_and_vague_figures_use_their_own_span():
    claim = figure(45, qualifier="range", low=40, high=50, place="Syria", source="A")
    assert compare(claim, figure(48, place="Syria", source="B")).relation == "supports"
    assert compare(claim, figure(70, place="Syria", source="B")).relation == "contradicts"
    dozens = figure(24, qualifier="vague", low=24, high=99, place="Syria", source="C")
    assert compare(dozens, figure(50, place="Syria", source="B")).relation == "supports"
    assert compare(figure(50, place="Syria", source="B"), dozens).relation == "neutral"


def test_the_attribution_is_shown_without_its_verb_and_only_when_it_adds_something():
    mirror = figure(
        2500, as_of="2024-01-20", source="Reuters (via x.com)", attribution="Reuters reported"
    )
    assert compare(CLAIM, mirror).reason.startswith("Reuters (via x.com): 2,500 on 20 Jan 2024 — ")
    quoting = figure(
        2500, as_of="2024-01-20", source="TASS", attribution="Sabrina Singh told reporters"
    )
    assert compare(CLAIM, quoting).reason.startswith("TASS (citing Sabrina Singh): 2,500")
