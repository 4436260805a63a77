"""Reads of sources."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Source


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


def source_find(*, name_or_id: str | int) -> Source | None:
    if isinstance(name_or_id, int) or (
        isinstance(name_or_id, str) and name_or_id.isascii() and name_or_id.isdigit()
    ):
        return Source.objects.filter(pk=int(name_or_id)).first()
    return Source.objects.filter(name__iexact=str(name_or_id).strip()).first()
