"""The figure timeline: every reported value of a claim's series over time, from the API."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from claims.selectors.timeline import figure_timeline
from tests.factories import ClaimFactory, DocumentFactory, ReferenceFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db

OCT_17 = dt.date(2023, 10, 17)


def count(
    value: float,
    as_of: dt.date | None,
    *,
    outlet: str = "Reuters",
    since: dt.date | None = OCT_17,
    place: str = "Iraq and Syria",
    metric: str = "attacks",
    qualifier: str = "exact",
    subset: str = "",
) -> Claim:
    document = DocumentFactory(
        source=SourceFactory(name=outlet), published=as_of or dt.date(2024, 1, 1)
    )
    return ClaimFactory(
        document=document,
        metric=metric,
        value=value,
        qualifier=qualifier,
        quote=f"{value:.0f} attacks",
        place=place,
        as_of=as_of,
        since=since,
        subset=subset,
    )


@pytest.fixture
def series() -> dict[str, object]:
    """The Pentagon's count since Oct. 17 as outlets and the Pentagon reported it, and noise."""
    return {
        "claim": count(150, dt.date(2024, 1, 27), outlet="Al-Monitor", qualifier="more_than"),
        "early": count(23, dt.date(2023, 10, 30), outlet="The Hill", since=dt.date(2023, 10, 15)),
        "late": ReferenceFigureFactory(value=170, as_of=dt.date(2024, 2, 13)),
        "middle": ReferenceFigureFactory(value=55, as_of=dt.date(2023, 11, 14)),
        "undated_start": count(141, dt.date(2024, 1, 20), since=None),
        # Not this series: another start date, another ground, another metric, a part of it.
        "oct_7": count(175, dt.date(2024, 1, 25), outlet="Monitor", since=dt.date(2023, 10, 7)),
        "iraq": count(58, dt.date(2024, 1, 20), place="Iraq"),
        "troops": count(2500, dt.date(2024, 1, 27), metric="troops_deployed", since=None),
        "serious": count(1, dt.date(2024, 1, 27), subset="serious"),
    }


def test_the_timeline_holds_the_series_oldest_first(series):
    timeline = figure_timeline(series["claim"])
    keys = [(p.kind, p.id) for p in timeline.points]
    expected = ["early", "middle", "undated_start", "claim", "late"]
    assert keys == [
        ("reference" if name in ("middle", "late") else "claim", series[name].pk)
        for name in expected
    ]
    assert [p.as_of for p in timeline.points] == sorted(p.as_of for p in timeline.points)
    assert [p.is_this_claim for p in timeline.points] == [False, False, False, True, False]
    assert timeline.places[0] == "Iraq and Syria" and not timeline.truncated


def test_a_claim_without_a_start_date_sees_every_start_date():
    claim = count(150, dt.date(2024, 1, 27), since=None)
    other = count(175, dt.date(2024, 1, 25), outlet="Monitor", since=dt.date(2023, 10, 7))
    ids = {p.id for p in figure_timeline(claim).points}
    assert ids == {claim.pk, other.pk}


def test_a_part_of_a_count_has_its_own_timeline_without_reference_totals(series):
    part = figure_timeline(series["serious"])
    assert [(p.kind, p.id) for p in part.points] == [("claim", series["serious"].pk)]


def test_the_api_answers_in_three_queries_whatever_the_length(series, django_assert_num_queries):
    client = APIClient()
    path = f"/api/claims/{series['claim'].pk}/timeline/"
    # the claim; its series' claims with documents and sources; the reference figures
    with django_assert_num_queries(3):
        body = client.get(path).json()
    assert len(body["points"]) == 5
    for n in range(20):
        count(100 + n, dt.date(2023, 12, 1) + dt.timedelta(days=n), outlet=f"Outlet {n}")
        ReferenceFigureFactory(value=100 + n, as_of=dt.date(2023, 12, 1) + dt.timedelta(days=n))
    with django_assert_num_queries(3):
        body = client.get(path).json()
    assert len(body["points"]) == 45
    assert body["metric"] == "attacks" and body["since"] == "2023-10-17"
    point = next(p for p in body["points"] if p["is_this_claim"])
    assert point == {
        "kind": "claim",
        "id": series["claim"].pk,
        "source": "Al-Monitor",
        "document_url": series["claim"].document.url,
        "as_of": "2024-01-27",
        "since": "2023-10-17",
        "value": 150.0,
        "qualifier": "more_than",
        "low": series["claim"].low,
        "high": None,
        "quote": "150 attacks",
        "status": series["claim"].status,
        "is_this_claim": True,
    }
    reference = next(p for p in body["points"] if p["id"] == series["late"].pk)
    assert reference["kind"] == "reference" and reference["source"] == "US Department of Defense"
    assert reference["document_url"] == series["late"].url and reference["status"] == ""


def test_an_undated_claim_stands_at_its_publication_date(series):
    claim = series["claim"]
    undated = count(160, None, outlet="Somewhere")
    points = figure_timeline(claim).points
    ours = next(p for p in points if p.id == undated.pk and p.kind == "claim")
    assert ours.as_of == undated.document.published  # as the cross-check reads it


def test_timeline_of_a_missing_claim_is_404():
    assert APIClient().get("/api/claims/999999/timeline/").status_code == 404


def test_a_start_given_only_as_a_month_joins_that_month_s_series(series):
    # "since October" is stored as 1 Oct: the cross-check reads it as the count from 17 Oct.
    month_only = count(140, dt.date(2024, 1, 18), outlet="TASS", since=dt.date(2023, 10, 1))
    ids = {(p.kind, p.id) for p in figure_timeline(series["claim"]).points}
    assert ("claim", month_only.pk) in ids
    assert ("claim", series["oct_7"].pk) not in ids
    # And from the month-only claim, every start that month belongs to its series.
    seen = {(p.kind, p.id) for p in figure_timeline(month_only).points}
    assert {("claim", series["claim"].pk), ("claim", series["oct_7"].pk)} <= seen
