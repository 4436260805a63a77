"""Re-reading stored documents after the readers change (`manage.py reextract`).

Each document is read again and its figures are set beside the stored claims: a figure whose
span and reading did not change keeps its claim (id, reviews, verdict history); one that changed,
or is gone, is replaced, and every claim either reading bears on is re-checked. A document
remembers the readers it was read with (`Document.read_with`, extraction.READER_VERSION), so an
interrupted run picks up where it stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from claims.extraction import READER_VERSION, extract_claims
from claims.models import Claim, Document
from claims.selectors.candidates import claim_ids_in_reach
from claims.selectors.claims import claims_by_ids, claims_of_document
from claims.selectors.figures import claim_figure
from claims.services import checking
from claims.services.documents import READING_FIELDS, claim_from_extracted

log = logging.getLogger(__name__)

# Documents whose claims are stored: the others are still on their way through the pipeline,
# which reads them with the current readers anyway.
READ_STATES = (Document.State.EXTRACTED, Document.State.CHECKED)


@dataclass
class Reread:
    document_id: int
    kept: int = 0  # claims whose span and reading are unchanged
    replaced: int = 0  # claims removed (changed or no longer read)
    added: int = 0  # claims stored for new or changed readings
    rechecked: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.replaced or self.added)


def _reading(claim: Claim) -> tuple:
    return tuple(getattr(claim, name) for name in READING_FIELDS)


def document_reread(*, document_id: int) -> Reread:
    """Read one stored document again; keep what reads the same, replace what changed."""
    result = Reread(document_id)
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state not in READ_STATES:
            return result
        found = [
            claim_from_extracted(document_id, c)
            for c in extract_claims(document.text, document.published)
        ]
        stored: dict[tuple, list[Claim]] = {}
        for claim in Claim.objects.filter(document_id=document_id).order_by("id"):
            stored.setdefault(_reading(claim), []).append(claim)
        new = []
        for claim in found:
            same = stored.get(_reading(claim))
            if same:
                same.pop(0)
                result.kept += 1
            else:
                new.append(claim)
        gone = [claim for claims in stored.values() for claim in claims]
        touched: set[int] = set()
        for claim in gone:  # what the old readings bore on hears them no more
            touched |= claim_ids_in_reach(claim_figure(claim))
        Claim.objects.filter(pk__in=[c.pk for c in gone]).delete()
        Claim.objects.bulk_create(new)
        result.replaced, result.added = len(gone), len(new)
        Document.objects.filter(pk=document_id).update(read_with=READER_VERSION)
    if result.changed:
        mine = claims_of_document(document_id=document_id)
        touched |= checking.claims_crosscheck(claims=mine)
        touched -= {c.pk for c in mine}
        result.rechecked = len(mine) + checking.claims_recheck(
            claims=claims_by_ids(ids=sorted(touched), exclude_document_id=document_id)
        )
    return result


def documents_to_reread(*, after_id: int = 0, limit: int = 100) -> list[int]:
    """Ids of stored documents not yet read with the current readers, in id order."""
    pending = Document.objects.filter(state__in=READ_STATES, pk__gt=after_id).exclude(
        read_with=READER_VERSION
    )
    return list(pending.order_by("pk").values_list("pk", flat=True)[:limit])


def documents_reread(*, batch: int = 100, limit: int | None = None) -> Iterator[Reread]:
    """Re-read every stored document not yet read with the current readers, a batch at a time.

    Each document is its own transaction and is marked once read: stopping at any point loses
    nothing, and the next run goes on with the documents left.
    """
    done = 0
    after = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        ids = documents_to_reread(after_id=after, limit=size)
        if not ids:
            return
        for document_id in ids:
            try:
                yield document_reread(document_id=document_id)
            except Exception:
                log.exception("re-reading document %s failed", document_id)
                raise
            done += 1
        after = ids[-1]
