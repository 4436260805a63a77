"""Stored rows as the cross-check's Figures: the one place a claim, a reference figure, a claim
read by the candidate query and a count of events become a crosscheck.Figure."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet
from django.db.models.functions import MD5, Length, Lower

from claims.crosscheck import Figure, Scope
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
        key=f"claim:{claim.pk}",
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
        key=f"reference:{reference.pk}",
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


def nearby_claim_figure(row: tuple, scope: Scope) -> Figure:
    """A stored claim as the candidate query reads it (candidates._NEAREST_SQL: the wanted claim's
    id and place rank, then the nearby claim's columns), for the claim of `scope`."""
    (
        _claim_id,
        place_rank,
        pk,
        value,
        low,
        high,
        qualifier,
        as_of,
        since,
        attribution,
        derived,
        passage,
        source,
        url,
        origin,
    ) = row
    return Figure(
        key=f"claim:{pk}",
        metric=scope.metric,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        place=scope.places[place_rank],
        as_of=as_of,
        since=since,
        source=source,
        origin=origin,
        document=url,
        attribution=attribution,
        derived=derived,
        subset=scope.subset,
        passage=passage,
    )


def event_count_figure(dataset: ReferenceDataset, figure: Figure, total: int) -> Figure:
    """The count of one event dataset's events matching a claim's `figure`, as a figure: exact,
    of the claim's metric, place and dates (see claims.datasets.counts)."""
    interval = interval_for(total, Qualifier.EXACT)
    return Figure(
        key=f"dataset:{dataset.pk}",
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
