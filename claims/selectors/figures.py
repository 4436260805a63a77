"""Stored rows as the cross-check's Figures: the one place a claim, a reference figure, a claim
read by the candidate query and a count of events become a crosscheck.Figure."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet
from django.db.models.functions import MD5, Length, Lower

from claims.crosscheck import Figure, Scope
from claims.crosscheck.records import FigureKey, FigureKind
from claims.figures import Qualifier, interval_for
from claims.models import Claim, Document, ReferenceDataset, ReferenceFigure

# What a claim's figure needs to be read: its document, the source, and the copied original's.
FIGURE_RELATED = ("document__source", "document__copy_of__source")

# Sentences shorter than this are too short to call copied when two outlets share them.
MIN_PASSAGE_CHARS = 60


def with_passage(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with a fingerprint of their sentence, computed in the database (no text loaded)."""
    return queryset.annotate(passage_hash=MD5(Lower("sentence")), passage_chars=Length("sentence"))


def _origin_name(document: Document) -> str:
    """Whose voice a document is: the original's source when it is a syndicated copy."""
    if document.copy_of_id is not None:
        return document.copy_of.source.origin
    return document.source.origin


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
        origin=_origin_name(document),
        document=document.url,
        attribution=claim.attribution,
        derived=claim.derived,
        subset=claim.subset,
        passage=_passage(claim),
    )


def _passage(claim: Claim) -> str:
    digest = getattr(claim, "passage_hash", None)
    if digest is None:  # read without the annotation: computed here, as the database does
        digest = hashlib.md5(claim.sentence.lower().encode(), usedforsecurity=False).hexdigest()
        chars = len(claim.sentence)
    else:
        chars = claim.passage_chars or 0
    return digest if chars >= MIN_PASSAGE_CHARS else ""


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
        as_of=row.as_of,
        since=row.since,
        source=row.source,
        origin=row.origin,
        document=row.document_url,
        attribution=row.attribution,
        derived=row.derived,
        subset=scope.subset,
        passage=row.passage,
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
    )
