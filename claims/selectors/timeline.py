"""Reads of a figure's timeline: every reported value of the same series, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from claims.crosscheck.scope import comparable_places
from claims.crosscheck.tallies import SERIES_DAYS, month_only
from claims.models import Claim, ReferenceFigure
from claims.selectors.claims import claim_list

# A timeline shows at most this many points of each kind (claims, reference figures), the newest.
MAX_TIMELINE_POINTS = 1000


@dataclass(frozen=True)
class TimelinePoint:
    """One reported value of a series: a stored claim or a reference figure."""

    kind: str  # "claim" | "reference"
    id: int
    source: str
    document_url: str
    as_of: date | None
    since: date | None
    value: float
    qualifier: str
    low: float | None
    high: float | None
    quote: str
    status: str  # a claim's machine verdict; "" for a reference figure
    is_this_claim: bool = False


@dataclass(frozen=True)
class Timeline:
    metric: str
    places: tuple[str, ...]
    since: date | None
    subset: str
    points: list[TimelinePoint]
    truncated: bool


def _series(queryset: QuerySet, claim: Claim) -> QuerySet:
    """Figures of the claim's series: same metric, same ground, a start date near the claim's."""
    queryset = queryset.filter(metric=claim.metric, place__in=comparable_places(claim.place))
    if claim.since is not None:
        # Counts without a start date are read as this series, as the cross-check reads them,
        # and so is a start given only as a month (stored as its first day) and that month.
        reach = timedelta(days=SERIES_DAYS)
        since = claim.since
        same = Q(since__gte=since - reach, since__lte=since + reach) | Q(since__isnull=True)
        same |= Q(since__year=since.year, since__month=since.month, since__day=1)
        if month_only(since):
            same |= Q(since__year=since.year, since__month=since.month)
        queryset = queryset.filter(same)
    return queryset


def figure_timeline(claim: Claim) -> Timeline:
    """Every reported value of the claim's metric, ground and start date, oldest first.

    Two queries, whatever the length: the claims (with their documents and sources) and the
    reference figures (with their sources).
    """
    places = comparable_places(claim.place)
    points: list[TimelinePoint] = []
    truncated = False
    if places:
        claims = list(
            _series(Claim.objects.select_related("document__source"), claim)
            .filter(subset=claim.subset)
            .defer("document__text", "sentence")
            .order_by("-as_of", "-id")[: MAX_TIMELINE_POINTS + 1]
        )
        references: list[ReferenceFigure] = []
        if not claim.subset:  # reference figures are totals, never a part
            references = list(
                _series(ReferenceFigure.objects.select_related("source"), claim).order_by(
                    "-as_of", "-id"
                )[: MAX_TIMELINE_POINTS + 1]
            )
        truncated = len(claims) > MAX_TIMELINE_POINTS or len(references) > MAX_TIMELINE_POINTS
        points += [_claim_point(c, claim) for c in claims[:MAX_TIMELINE_POINTS]]
        points += [_reference_point(r) for r in references[:MAX_TIMELINE_POINTS]]
    else:
        claim = claim_list().get(pk=claim.pk)
        points.append(_claim_point(claim, claim))
    points.sort(key=lambda p: (p.as_of is None, p.as_of or date.min, p.kind, p.id))
    return Timeline(
        metric=claim.metric,
        places=places,
        since=claim.since,
        subset=claim.subset,
        points=points,
        truncated=truncated,
    )


def _claim_point(c: Claim, this: Claim) -> TimelinePoint:
    return TimelinePoint(
        kind="claim",
        id=c.pk,
        source=c.document.source.name,
        document_url=c.document.url,
        as_of=c.as_of or c.document.published,
        since=c.since,
        value=c.value,
        qualifier=c.qualifier,
        low=c.low,
        high=c.high,
        quote=c.quote,
        status=c.status,
        is_this_claim=c.pk == this.pk,
    )


def _reference_point(r: ReferenceFigure) -> TimelinePoint:
    return TimelinePoint(
        kind="reference",
        id=r.pk,
        source=r.source.name,
        document_url=r.url,
        as_of=r.as_of,
        since=r.since,
        value=r.value,
        qualifier=r.qualifier,
        low=r.low,
        high=r.high,
        quote=r.quote,
        status="",
    )
