"""Writes of a claim's scope: what its figure counts, where, when, and of what kind.

A correction is validated against the taxonomy and the gazetteer, stored, and re-checks at once
the claim and every claim its figure bore on, before and after (their verdicts heard it).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.extraction.modes import Mode
from claims.metrics import Kind, taxonomy
from claims.models import Claim
from claims.places import gazetteer
from claims.selectors.candidates import claim_ids_hearing, claim_ids_in_reach
from claims.selectors.claims import claims_by_ids
from claims.selectors.figures import claim_figure
from claims.services.checking import claims_recheck

# The fields that say what a claim's figure covers; a change to any of them re-checks it.
SCOPE_FIELDS = (
    "metric",
    "subset",
    "place",
    "actor",
    "as_of",
    "since",
    "attribution",
    "kind",
    "mode",
    "counter",
)


def check_scope_value(field: str, value: object) -> None:
    """Refuse a value the scope field cannot hold, with a message naming the field."""
    if field == "metric" and value not in taxonomy():
        raise ValidationError({field: f"{value!r} is not a metric of the taxonomy."})
    if field == "place" and value and value not in gazetteer():
        raise ValidationError({field: f"{value!r} is not a place of the gazetteer."})
    if field == "kind" and value and value not in {k.value for k in Kind}:
        raise ValidationError({field: f"{value!r} is not a kind of count."})
    if field == "mode" and value not in {m.value for m in Mode}:
        raise ValidationError({field: f"{value!r} is not a mode."})
    if field in ("as_of", "since") and value is not None and not isinstance(value, date):
        raise ValidationError({field: "must be a date."})
    if field == "counter" and (not isinstance(value, str) or len(value) > 120):
        raise ValidationError({field: "must be a tracker's name of at most 120 characters."})


def claim_scope_update(*, claim_id: int, **changes: object) -> int:
    """Correct what a claim's figure covers; returns how many claims were re-checked."""
    unknown = sorted(set(changes) - set(SCOPE_FIELDS))
    if unknown:
        raise ValidationError({name: "not a scope field." for name in unknown})
    for field, value in changes.items():
        check_scope_value(field, value)
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        before = claim_ids_in_reach(claim_figure(claim))
        for field, value in changes.items():
            setattr(claim, field, value)
        claim.save(update_fields=list(changes))
        after = claim_ids_in_reach(claim_figure(claim))
        touched = before | after | claim_ids_hearing(document_ids=[claim.document_id])
        touched.add(claim.pk)
    return claims_recheck(claims=claims_by_ids(ids=sorted(touched)))
