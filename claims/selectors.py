"""Reads: every query the API, the admin, the tasks and the cross-checker make."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet

from claims.crosscheck import Figure, Scope
from claims.models import Claim, Document, Evidence, ReferenceFigure, Source


def document_find(*, url: str, content_hash: str) -> Document | None:
    return Document.objects.filter(Q(url=url) | Q(content_hash=content_hash)).first()


def document_ids_in_state(*, state: str, changed_before: datetime) -> list[int]:
    return list(
        Document.objects.filter(state=state, state_changed_at__lt=changed_before)
        .order_by("state_changed_at")
        .values_list("pk", flat=True)
    )


def document_list() -> QuerySet[Document]:
    return Document.objects.select_related("source").defer("text")


def document_detail() -> QuerySet[Document]:
    return Document.objects.select_related("source").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "id"))
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


def source_find(*, name_or_id: str | int) -> Source | None:
    if isinstance(name_or_id, int) or (isinstance(name_or_id, str) and name_or_id.isdigit()):
        return Source.objects.filter(pk=int(name_or_id)).first()
    return Source.objects.filter(name__iexact=str(name_or_id).strip()).first()


def _evidence_queryset() -> QuerySet[Evidence]:
    return Evidence.objects.select_related(
        "other_claim__document__source", "reference__source"
    ).order_by("relation", "id")


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("document__source").defer("document__text")


def claim_detail() -> QuerySet[Claim]:
    return claim_list().prefetch_related(
        Prefetch("evidence", queryset=_evidence_queryset()), "reviews__reviewer"
    )


def claim_export() -> QuerySet[Claim]:
    return claim_detail().order_by("document_id", "start", "id")


def claims_of_document(*, document_id: int) -> list[Claim]:
    return list(Claim.objects.select_related("document__source").filter(document_id=document_id))


def claims_by_ids(*, ids: Iterable[int], exclude_document_id: int | None = None) -> list[Claim]:
    queryset = Claim.objects.select_related("document__source").filter(pk__in=list(ids))
    if exclude_document_id is not None:
        queryset = queryset.exclude(document_id=exclude_document_id)
    return list(queryset)


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
        origin=document.source.origin,
        document=document.url,
        attribution=claim.attribution,
        derived=claim.derived,
        subset=claim.subset,
    )


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


def _in_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    # One indexed lookup: (metric, place, as_of) — never a scan of all claims.
    queryset = queryset.filter(metric=scope.metric, place__in=scope.places)
    if queryset.model is Claim:
        queryset = queryset.filter(subset=scope.subset)
    elif scope.subset:
        # Reference figures are totals: they say nothing of a part.
        return queryset.none()
    if scope.start is not None:
        queryset = queryset.filter(as_of__gte=scope.start)
    if scope.end is not None:
        queryset = queryset.filter(as_of__lte=scope.end)
    return queryset


# An undated claim has an open window; the newest figures in scope are evidence enough.
MAX_CANDIDATES = 500


def candidates_for(scope: Scope, *, exclude: Claim) -> list[Figure]:
    """Stored claims and reference figures that may be evidence for a claim in `scope`."""
    if not scope.places:
        return []
    claims = (
        _in_scope(Claim.objects.select_related("document__source"), scope)
        .exclude(document_id=exclude.document_id)
        .defer("document__text", "sentence")
        .order_by("-as_of", "-id")[:MAX_CANDIDATES]
    )
    references = _in_scope(ReferenceFigure.objects.select_related("source"), scope).order_by(
        "-as_of", "-id"
    )[:MAX_CANDIDATES]
    return [claim_figure(c) for c in claims] + [reference_figure(r) for r in references]


# --- API and admin reads -------------------------------------------------------------------------


def document_summaries() -> QuerySet[Document]:
    """Documents with their claim counts, in one query (no text)."""
    from django.db.models import Count

    # A GROUP BY query ignores Meta.ordering, so the order is spelled out for stable pages.
    return document_list().annotate(claim_count=Count("claims")).order_by("-created_at", "-id")


def claim_summaries() -> QuerySet[Claim]:
    """Claims for a list page: document and source joined, reviews in one extra query."""
    from claims.models import Review

    return claim_list().prefetch_related(
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
    )


def reviews_of_claim(*, claim_id: int) -> QuerySet:
    from claims.models import Review

    return Review.objects.filter(claim_id=claim_id).select_related("reviewer")
