"""Writes of sources: the outlets, agencies and datasets documents and figures come from."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from claims.models import Source
from claims.services.documents import IngestError


def source_get_or_create(*, name: str, kind: str = Source.Kind.OUTLET) -> Source:
    name = name.strip()
    if not name:
        raise IngestError("a source needs a name")
    name = name[:200]
    # One source whatever the letter case ("DoD", "dod"), as the database's constraint holds.
    found = Source.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Source.objects.create(name=name, kind=kind)
    except IntegrityError:  # created meanwhile by another writer
        return Source.objects.get(name__iexact=name)
