"""Stored rows as the cross-check's Figures: the one place a claim, a reference figure, a claim
read by the candidate query and a count of events become a crosscheck.Figure.

A claim's origin and passage are read as stored (Document.origin, Claim.passage; the rules are in
claims.provenance), never worked out here.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet

from claims.crosscheck import Figure, Scope
from claims.crosscheck.records import FigureKey, FigureKind
from claims.figures import Qualifier, interval_for
from claims.models import Claim, ReferenceDataset, ReferenceFigure, Source

# What a claim's figure needs to be read: its document (with the document's origin) and source.
FIGURE_RELATED = ("document__source",)


def claims_for_figures() -> QuerySet[Claim]:
    """Claims read with what claim_figure needs (the document's text left unread)."""
    return Claim.objects.select_related(*FIGURE_RELATED).defer("document__text")


def claim_figure(claim: Claim) -> Figure:
    document = claim.document
    return Figure(
        key=FigureKey(FigureKind.CLAIM, claim.pk),
        metric=claim.metric,
        value=claim.value,
        low=claim.low,
        high=claim.high,
        qualifier=claim.qualifier,
        place=claim.place,
        as_of=claim.as_of or document.published,
        since=claim.since,
        source=document.source.name,
        origin=document.origin,
        document=document.url,
        attribution=claim.attribution,
        derived=claim.derived,
        subset=claim.subset,
        passage=claim.passage,
        official=document.source.kind == Source.Kind.OFFICIAL,
        kind=claim.kind,
        mode=claim.mode,
        counter=claim.counter,
    )


def reference_figure(reference: ReferenceFigure) -> Figure:
    return Figure(
        key=FigureKey(FigureKind.REFERENCE, reference.pk),
        metric=reference.metric,
        value=reference.value,
        low=reference.low,
        high=reference.high,
        qualifier=reference.qualifier,
        place=reference.place,
        as_of=reference.as_of,
        since=reference.since,
        source=reference.source.name,
        origin=reference.source.origin,
        document=reference.url,
        attribution=reference.source.name,
        official=True,
    )


class NearbyClaim(NamedTuple):
    """A row of the candidate query (candidates._NEAREST_SQL, its columns in this order): the
    claim being checked and the rank of the place looked in, then a stored claim near it."""

    claim_id: int  # the claim being checked
    place_rank: int  # which of its scope's places
    id: int
    value: float
    low: float | None
    high: float | None
    qualifier: str
    as_of: date | None
    since: date | None
    attribution: str
    derived: bool
    passage: str
    source: str
    document_url: str
    origin: str
    source_kind: str
    kind: str
    counter: str
    published: date | None  # the document's, for a claim that states no date of its own


def nearby_claim_figure(row: NearbyClaim, scope: Scope) -> Figure:
    """A stored claim the candidate query read near the claim of `scope`, as a figure."""
    return Figure(
        key=FigureKey(FigureKind.CLAIM, row.id),
        metric=scope.metric,
        value=row.value,
        low=row.low,
        high=row.high,
        qualifier=row.qualifier,
        place=scope.places[row.place_rank],
        as_of=row.as_of or row.published,
        since=row.since,
        source=row.source,
        origin=row.origin,
        document=row.document_url,
        attribution=row.attribution,
        derived=row.derived,
        subset=scope.subset,
        passage=row.passage,
        official=row.source_kind == Source.Kind.OFFICIAL,
        kind=row.kind,
        counter=row.counter,
    )


def event_count_figure(dataset: ReferenceDataset, figure: Figure, total: int) -> Figure:
    """The count of one event dataset's events matching a claim's `figure`, as a figure: exact,
    of the claim's metric, place and dates (see claims.datasets.counts)."""
    interval = interval_for(total, Qualifier.EXACT)
    return Figure(
        key=FigureKey(FigureKind.DATASET, dataset.pk),
        metric=figure.metric,
        value=float(total),
        low=interval.low,
        high=interval.high,
        qualifier=Qualifier.EXACT.value,
        place=figure.place,
        as_of=figure.as_of,
        since=figure.since,
        source=dataset.source.name,
        origin=dataset.source.origin,
        attribution=dataset.source.name,
        official=True,
    )
