"""Writes of origin reliabilities: learnt from the stored evidence, stored per origin.

Run by a periodic job (claims.tasks.reliabilities_recompute, on beat): a verdict reads the stored
values (selectors.reliability), so a new document re-checks only the claims it touches.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from claims.crosscheck.independence import origin_of
from claims.crosscheck.reliability import reliabilities
from claims.models import Evidence, OriginReliability
from claims.selectors.figures import claim_figure, claims_for_figures

CHUNK = 2000


def _origins(claim_ids: set[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    ids = sorted(claim_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for claim in claims_for_figures().filter(pk__in=chunk).defer("sentence"):
            found[claim.pk] = origin_of(claim_figure(claim)).key
    return found


def reliabilities_recompute() -> int:
    """Recompute every origin's reliability from the decisive evidence between stored claims of
    different origins; returns how many origins were stored."""
    rows = list(
        Evidence.objects.filter(other_claim__isnull=False)
        .exclude(relation=Evidence.Relation.NEUTRAL)
        .values_list("claim_id", "other_claim_id", "relation")
    )
    origins = _origins({c for c, _, _ in rows} | {o for _, o, _ in rows})
    pairs = [
        (origins[claim], origins[other], relation == Evidence.Relation.SUPPORTS)
        for claim, other, relation in rows
        if claim in origins and other in origins
    ]
    learnt = reliabilities(pairs)
    now = timezone.now()
    with transaction.atomic():
        OriginReliability.objects.exclude(origin__in=list(learnt)).delete()
        OriginReliability.objects.bulk_create(
            [
                OriginReliability(
                    origin=r.origin,
                    reliability=r.reliability,
                    agreements=r.agreements,
                    disagreements=r.disagreements,
                    computed_at=now,
                )
                for r in learnt.values()
            ],
            update_conflicts=True,
            unique_fields=["origin"],
            update_fields=["reliability", "agreements", "disagreements", "computed_at"],
        )
    return len(learnt)
