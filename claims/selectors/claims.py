"""Reads of claims: the API's and the admin's pages, the export, and the batches the cross-check
and the re-checks read (each claim with what its figure needs, see figures.claims_for_figures)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Review, VerdictRecord
from claims.selectors.evidence import evidence_queryset
from claims.selectors.figures import claims_for_figures


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("document__source").defer("document__text")


def claim_detail() -> QuerySet[Claim]:
    return claim_list().prefetch_related(
        Prefetch("evidence", queryset=evidence_queryset()),
        "reviews__reviewer",
        Prefetch("verdict_history", queryset=VerdictRecord.objects.order_by("-decided_at", "-id")),
    )


def claim_export() -> QuerySet[Claim]:
    return claim_detail().order_by("document_id", "start", "id")


def claims_of_document(*, document_id: int) -> list[Claim]:
    return list(claims_for_figures().filter(document_id=document_id))


def claims_by_ids(*, ids: Iterable[int], exclude_document_id: int | None = None) -> list[Claim]:
    queryset = claims_for_figures().filter(pk__in=list(ids))
    if exclude_document_id is not None:
        queryset = queryset.exclude(document_id=exclude_document_id)
    return list(queryset)


def claims_batch(*, after_id: int, limit: int, metric: str | None = None) -> list[Claim]:
    """The next `limit` claims with ids above `after_id`, in id order (for resumable re-checks)."""
    queryset = claims_for_figures().filter(pk__gt=after_id)
    if metric:
        queryset = queryset.filter(metric=metric)
    return list(queryset.order_by("pk")[:limit])


def claims_count(*, after_id: int = 0, metric: str | None = None) -> int:
    queryset = Claim.objects.filter(pk__gt=after_id)
    if metric:
        queryset = queryset.filter(metric=metric)
    return queryset.count()


def claim_summaries() -> QuerySet[Claim]:
    """Claims for a list page: document and source joined, reviews in one extra query."""
    return claim_list().prefetch_related(
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
    )


def reviews_of_claim(*, claim_id: int) -> QuerySet:
    return Review.objects.filter(claim_id=claim_id).select_related("reviewer")
