"""Reads of documents: the lookups ingest makes, near-duplicates, the API's pages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from claims import duplicates
from claims.models import Claim, Document


def document_find(*, url: str, content_hash: str) -> Document | None:
    return Document.objects.filter(Q(url=url) | Q(content_hash=content_hash)).first()


def document_ids_in_state(*, state: str, changed_before: datetime) -> list[int]:
    return list(
        Document.objects.filter(state=state, state_changed_at__lt=changed_before)
        .order_by("state_changed_at")
        .values_list("pk", flat=True)
    )


def documents_by_ids(*, ids: Iterable[int]) -> list[Document]:
    return list(Document.objects.select_related("source").filter(pk__in=list(ids)).defer("text"))


# Near-duplicates are looked for among documents published this close to the new one (an
# indexed range), and at any date among those whose fingerprint starts alike (index ranges).
DUPLICATE_DAYS = 3


def near_duplicates_of(*, document: Document, simhash: int) -> list[Document]:
    """Stored documents whose text is a near-duplicate of `document`'s (SimHash within reach)."""
    prefix = Q()
    for low, high in duplicates.prefix_ranges(simhash):
        prefix |= Q(simhash__gte=low, simhash__lte=high)
    nearby = prefix
    if document.published is not None:
        reach = timedelta(days=DUPLICATE_DAYS)
        nearby |= Q(
            published__gte=document.published - reach, published__lte=document.published + reach
        )
    queryset = (
        Document.objects.filter(nearby, simhash__isnull=False)
        .exclude(pk=document.pk)
        .only("pk", "simhash", "published", "copy_of_id")
    )
    if connection.vendor == "postgresql":
        # Count differing bits in the database: only the matches come back.
        queryset = queryset.annotate(
            differing=RawSQL("bit_count((simhash # %s)::bit(64))", (simhash,))
        ).filter(differing__lte=duplicates.MAX_DISTANCE)
        return list(queryset)
    return [d for d in queryset if duplicates.near_duplicates(d.simhash, simhash)]


def document_list() -> QuerySet[Document]:
    return Document.objects.select_related("source").defer("text")


def document_detail() -> QuerySet[Document]:
    return Document.objects.select_related("source").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "id"))
    )


def document_summaries() -> QuerySet[Document]:
    """Documents with their claim counts, in one query (no text)."""
    # A GROUP BY query ignores Meta.ordering, so the order is spelled out for stable pages.
    return document_list().annotate(claim_count=Count("claims")).order_by("-created_at", "-id")
