"""Writes of sources: the outlets, agencies and datasets documents and figures come from.

A source's name and independence group say whose voice its documents are (their stored origin,
provenance.document_origin): a change to either stores the origins again and re-checks what
hears them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.models import Document, Source
from claims.services import checking
from claims.services.documents import IngestError, documents_origin_store


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


def source_create(
    *, name: str, kind: str = Source.Kind.OUTLET, independence_group: str = "", url: str = ""
) -> Source:
    """Register a source (it has no documents yet, so nothing to re-check)."""
    return Source.objects.create(
        name=name, kind=kind, independence_group=independence_group, url=url
    )


# The fields of a source that can be changed.
SOURCE_FIELDS = frozenset({"name", "kind", "independence_group", "url"})


def source_update(*, source_id: int, **changes) -> Source:
    """Change a source's details. When its origin changes (its name or independence group), the
    documents that speak for it (its own, and the copies of them) take the new origin, and the
    claims whose verdicts hear it are re-checked: those documents' claims, the claims citing them,
    and the claims citing the source's reference figures and datasets."""
    unknown = set(changes) - SOURCE_FIELDS
    if unknown:
        raise ValueError(f"not a source's field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        source = Source.objects.select_for_update().get(pk=source_id)
        before = source.origin
        for field, value in changes.items():
            setattr(source, field, value)
        source.save(update_fields=sorted(changes))
        if source.origin == before:
            return source
        # Its documents and the copies of them; the rule tells which speak for it.
        voiced = Document.objects.filter(Q(source_id=source_id) | Q(copy_of__source_id=source_id))
        moved = documents_origin_store(documents=voiced)
    checking.voices_recheck(document_ids=moved, source_id=source_id)
    return source
