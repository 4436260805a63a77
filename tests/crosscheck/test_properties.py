"""Algebra the comparison must keep, whatever the figures."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from claims.crosscheck import Figure, compare, weigh
from claims.crosscheck.intervals import core, stated
from claims.crosscheck.records import FigureKey, FigureKind
from claims.figures import Qualifier
from claims.metrics import taxonomy

METRICS = sorted(slug for slug in taxonomy() if slug != "other")
STOCKS = sorted(slug for slug, m in taxonomy().items() if m.kind == "stock")
PLACES = ["Iraq", "Syria", "Iraq and Syria", "Tower 22, Jordan", "Ain al-Asad air base, Iraq"]
BOUNDED = [Qualifier.EXACT, Qualifier.ABOUT, Qualifier.NEARLY]
ANY = [q for q in Qualifier if q not in (Qualifier.RANGE, Qualifier.VAGUE)]

# Figures are drawn with ids up to 10**9; a figure's copy takes its id plus this.
COPY_IDS = 10**10

counts = st.one_of(st.integers(0, 10**7).map(float), st.floats(0, 1e6, allow_nan=False))
days = st.dates(date(2020, 1, 1), date(2026, 1, 1))


@st.composite
def figures(draw, metrics=METRICS, qualifiers=ANY, place=None, as_of=None) -> Figure:
    n = draw(st.integers(0, 10**9))
    when = as_of if as_of is not None else draw(days)
    return Figure(
        key=FigureKey(FigureKind.CLAIM, n),
        metric=draw(st.sampled_from(metrics)) if isinstance(metrics, list) else metrics,
        value=draw(counts),
        low=None,
        high=None,
        qualifier=str(draw(st.sampled_from(qualifiers))),
        place=place or draw(st.sampled_from(PLACES)),
        as_of=when,
        since=draw(st.one_of(st.none(), st.just(when - timedelta(days=30)))),
        source=draw(st.sampled_from(["Reuters", "AP", "AFP", "Al-Monitor", "TASS"])),
        origin="",
        document=f"https://example.org/{n}",
    )


def copy_from_elsewhere(f: Figure) -> Figure:
    return replace(
        f,
        key=f.key._replace(id=f.key.id + COPY_IDS),
        document=f.document + "-copy",
        source="Elsewhere News",
        origin="Elsewhere News",
    )


@given(figures())
def test_a_figure_supports_itself_from_another_origin(f):
    comparison = compare(f, copy_from_elsewhere(f))
    assert comparison is not None
    assert comparison.relation == "supports", comparison.reason
    assert weigh(f, [comparison]).status == "supported"


@given(figures())
def test_a_figures_core_lies_within_what_its_words_allow(f):
    inner, outer = core(f), stated(f)
    assert outer.low is None or (inner.low is not None and inner.low >= outer.low - 1e-9)
    assert outer.high is None or (inner.high is not None and inner.high <= outer.high + 1e-9)


@st.composite
def stock_pairs(draw, qualifiers):
    metric = draw(st.sampled_from(STOCKS))
    place = draw(st.sampled_from(PLACES))
    when = draw(days)
    a = draw(figures(metrics=metric, qualifiers=qualifiers, place=place, as_of=when))
    b = draw(
        figures(
            metrics=metric,
            qualifiers=qualifiers,
            place=place,
            as_of=when + timedelta(days=draw(st.integers(-30, 30))),
        )
    )
    return a, replace(b, key=a.key._replace(id=a.key.id + COPY_IDS), document=a.document + "-b")


@given(stock_pairs(BOUNDED))
def test_relation_is_symmetric_for_stock_figures_that_name_a_level(pair):
    # Below ten, "nearly 1" spans the whole of 0–1 and no longer names a level.
    a, b = (replace(f, value=max(f.value, 10.0)) for f in pair)
    assert compare(a, b).relation == compare(b, a).relation


@given(stock_pairs(ANY))
def test_contradiction_is_symmetric_for_stocks(pair):
    a, b = pair
    assert (compare(a, b).relation == "contradicts") == (compare(b, a).relation == "contradicts")


@given(figures(), figures())
def test_compare_never_raises_and_reasons_are_one_line(a, b):
    b = replace(b, metric=a.metric, place=a.place)
    comparison = compare(a, b)
    if comparison is not None:
        assert comparison.relation in {"supports", "contradicts", "neutral"}
        assert "\n" not in comparison.reason and len(comparison.reason) <= 500


@given(figures(), st.lists(figures(), max_size=8))
def test_weigh_is_bounded_and_ignores_order(claim, others):
    others = [
        replace(o, key=FigureKey(FigureKind.REFERENCE, i), metric=claim.metric, place=claim.place)
        for i, o in enumerate(others)
    ]
    comparisons = [c for c in (compare(claim, o) for o in others) if c is not None]
    forward, backward = weigh(claim, comparisons), weigh(claim, comparisons[::-1])
    assert 0.0 <= forward.confidence <= 1.0
    assert forward.status == backward.status
    assert forward.confidence == backward.confidence
