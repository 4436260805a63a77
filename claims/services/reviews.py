"""Writes of the review: a reviewer's decision, stored beside the machine verdict."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from claims.models import Claim, Review


def review_record(*, claim: Claim, reviewer, decision: str, note: str = "") -> Review:
    """Store a reviewer's decision beside the machine verdict (which it never changes)."""
    if decision not in Review.Decision.values:
        raise ValidationError(f"unknown decision {decision!r}")
    return Review.objects.create(
        claim=claim,
        reviewer=reviewer,
        decision=decision,
        machine_status=claim.status,
        note=note.strip(),
    )
