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


SOURCES = ["Reuters", "AP", "AFP", "Al-Monitor", "TASS", "BBC", "Kurdistan 24"]


@st.composite
def a_claim_and_reports(draw):
    """A claim and reports of the same metric and place around its date: some agree, some not."""
    claim = draw(figures(qualifiers=BOUNDED))
    claim = replace(claim, source="Claim Weekly", origin="Claim Weekly")
    reports = []
    for i in range(draw(st.integers(0, 6))):
        value = draw(
            st.one_of(
                st.just(claim.value),
                st.just(claim.value * 2 + 10),
                st.just(claim.value / 2),
                counts,
            )
        )
        shift = draw(st.integers(-10, 10))
        source = draw(st.sampled_from(SOURCES))
        reports.append(
            replace(
                claim,
                key=FigureKey(FigureKind.CLAIM, claim.key.id + 1 + i),
                value=value,
                qualifier=str(draw(st.sampled_from(ANY))),
                as_of=claim.as_of + timedelta(days=shift),
                source=source,
                origin=source,
                document=f"https://example.org/report/{i}",
                official=draw(st.booleans()) and i == 0,
            )
        )
    return claim, reports


def verdict_of(claim, reports):
    return weigh(claim, [c for c in (compare(claim, r) for r in reports) if c is not None])


@given(a_claim_and_reports(), st.data())
def test_adding_a_copy_of_a_report_changes_no_verdict(pair, data):
    claim, reports = pair
    if not reports:
        return
    original = data.draw(st.sampled_from(reports))
    copy = replace(
        original,
        key=original.key._replace(id=original.key.id + COPY_IDS),
        document=original.document + "-mirror",
        source=f"{original.source} (via mirror.example)",
    )
    before, after = verdict_of(claim, reports), verdict_of(claim, [*reports, copy])
    assert (after.status, after.confidence) == (before.status, before.confidence)


@given(a_claim_and_reports(), counts, st.integers(-10, 10))
def test_one_lone_outlier_never_turns_supported_into_contradicted(pair, value, shift):
    claim, reports = pair
    if verdict_of(claim, reports).status != "supported":
        return
    outlier = replace(
        claim,
        key=FigureKey(FigureKind.CLAIM, claim.key.id + COPY_IDS * 2),
        value=value,
        as_of=claim.as_of + timedelta(days=shift),
        source="Outlier Daily",
        origin="Outlier Daily",
        document="https://example.org/outlier",
    )
    assert verdict_of(claim, [*reports, outlier]).status != "contradicted"


@given(a_claim_and_reports(), st.randoms(use_true_random=False))
def test_the_order_reports_arrive_in_changes_no_verdict(pair, random):
    claim, reports = pair
    shuffled = list(reports)
    random.shuffle(shuffled)
    assert verdict_of(claim, shuffled) == verdict_of(claim, reports)
