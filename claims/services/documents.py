"""Writes of a document's way through the pipeline: ingest, the extract step (with the
fingerprint that finds copies), the cross-check step, failures, resumes and the sweep.

Each step changes a document's state with a guarded update (compare-and-set), so a step that runs
twice, or on two workers at once, does its work once. Tasks are enqueued only after commit. The
cross-check's own writes (evidence and verdicts) are in claims.services.checking.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims import duplicates, queue
from claims.extraction import READER_VERSION, ExtractedClaim, extract_claims
from claims.models import Claim, Document, Source
from claims.provenance import document_origin, passage_of
from claims.selectors.claims import claims_by_ids, claims_of_document
from claims.selectors.documents import document_find, documents_by_ids, near_duplicates_of
from claims.services import checking
from claims.text import canonical_url, content_hash, html_to_text, normalise_text

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000


class IngestError(ValidationError):
    """A document that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool


def _clean_text(text: str | None, html: str | None) -> str:
    if text is None and html is None:
        raise IngestError("give the document's text or html")
    if text is not None and not isinstance(text, str):
        raise IngestError("text must be a string")
    if html is not None and not isinstance(html, str):
        raise IngestError("html must be a string")
    body = text if text is not None else html_to_text(html or "")
    if "\x00" in body:
        raise IngestError("the text holds NUL bytes; send text, not binary data")
    body = normalise_text(body)
    if not body:
        raise IngestError("the document's text is empty")
    if len(body) > MAX_TEXT_CHARS:
        raise IngestError(f"the text is longer than {MAX_TEXT_CHARS:,} characters")
    return body


def document_ingest(
    *,
    source: Source,
    url: str,
    text: str | None = None,
    html: str | None = None,
    title: str = "",
    published: date | None = None,
) -> IngestResult:
    """Store a document (or find the one already stored) and queue its extraction.

    A document is the same as a stored one when its canonical URL or its text matches.
    """
    body = _clean_text(text, html)
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise IngestError(f"not an http(s) URL: {url[:200]!r}") from None
    canonical = canonical_url(url)
    digest = content_hash(body)

    existing = document_find(url=canonical, content_hash=digest)
    if existing is not None:
        return IngestResult(existing, created=False)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                source=source,
                url=canonical,
                title=(title or "")[:500],
                published=published,
                text=body,
                content_hash=digest,
                origin=document_origin(source),  # nobody's copy until its fingerprint says so
            )
    except IntegrityError:
        # Another request stored the same document between our lookup and insert.
        existing = document_find(url=canonical, content_hash=digest)
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    queue.enqueue("extract", document.pk)
    return IngestResult(document, created=True)


def _move(document_id: int, *, from_state: str, to_state: str, **fields) -> bool:
    """Compare-and-set a document's state; False if another worker moved it first."""
    changed = Document.objects.filter(pk=document_id, state=from_state).update(
        state=to_state, state_changed_at=timezone.now(), **fields
    )
    return changed == 1


# What a stored claim keeps of its figure's reading: a figure read again with the same values
# is the same claim (services.rereading keeps it, with its reviews and history).
READING_FIELDS = (
    "start", "end", "quote", "sentence", "metric", "value", "low", "high", "qualifier", "place",
    "actor", "as_of", "since", "attribution", "derived", "subset", "kind", "mode", "counter",
    "unit", "unit_kind", "counted",
)  # fmt: skip


def claim_from_extracted(document_id: int, c: ExtractedClaim) -> Claim:
    """An extracted figure as the claim stored for it (unsaved): every field extraction reads,
    text cut to its column, the sentence's fingerprint beside it."""
    return Claim(
        document_id=document_id,
        metric=c.metric,
        value=c.value,
        low=c.low,
        high=c.high,
        qualifier=c.qualifier,
        quote=c.quote[:500],
        start=c.start,
        end=c.end,
        sentence=c.sentence,
        place=c.place,
        actor=c.actor[:200],
        as_of=c.as_of,
        since=c.since,
        attribution=c.attribution[:300],
        derived=c.derived,
        subset=c.subset,
        kind=c.kind,
        mode=c.mode,
        counter=c.counter,
        unit=c.unit[:64],
        unit_kind=c.unit_kind,
        counted=c.counted[:200],
        passage=passage_of(c.sentence),
    )


def document_extract(*, document_id: int) -> bool:
    """Extract a received document's claims. Returns False if there was nothing to do."""
    if not _move(
        document_id, from_state=Document.State.RECEIVED, to_state=Document.State.EXTRACTING
    ):
        return False
    document = Document.objects.select_related("source").get(pk=document_id)
    try:
        found = extract_claims(document.text, document.published)
    except Exception as exc:
        document_fail(document_id=document_id, step="extraction", error=exc)
        raise
    with transaction.atomic():
        document_fingerprint(document=document)
        # Claims from an earlier, interrupted run are replaced, never doubled.
        Claim.objects.filter(document_id=document_id).delete()
        Claim.objects.bulk_create(claim_from_extracted(document_id, c) for c in found)
        _move(
            document_id,
            from_state=Document.State.EXTRACTING,
            to_state=Document.State.EXTRACTED,
            error="",
            read_with=READER_VERSION,
        )
        queue.enqueue("crosscheck", document_id)
    return True


def document_fingerprint(*, document: Document) -> Document | None:
    """Store the document's SimHash and point it at the earliest stored near-duplicate.

    A syndicated copy is one origin with the story it copies: its figures speak for the origin of
    the first one stored, and its origin is stored so (provenance.document_origin). Returns the
    document it copies, if any. Should the new document be the earliest of its near-duplicates,
    the others are pointed at it, and take its origin.
    """
    fingerprint = duplicates.simhash(document.text)
    stored = duplicates.to_signed(fingerprint) if fingerprint is not None else None
    root: Document | None = None
    if stored is not None:
        matches = near_duplicates_of(document=document, simhash=stored)
        originals = documents_by_ids(ids={m.copy_of_id or m.pk for m in matches})
        if originals:
            first = min(originals, key=_first_published)
            if _first_published(first) <= _first_published(document):
                root = first
            else:  # this one came first: it is the original the others copy
                ids = [d.pk for d in originals]
                # Their original is now this document: they speak for its source.
                Document.objects.filter(Q(pk__in=ids) | Q(copy_of_id__in=ids)).update(
                    copy_of=document, origin=document_origin(document.source)
                )
    origin = document_origin(document.source, root.source if root is not None else None)
    Document.objects.filter(pk=document.pk).update(
        simhash=stored, copy_of=root.pk if root is not None else None, origin=origin
    )
    document.simhash, document.copy_of, document.origin = stored, root, origin
    return root


def documents_origin_store(*, documents: QuerySet[Document]) -> list[int]:
    """Store these documents' origins again by the rule (provenance.document_origin), after a
    source or a document changed; returns the ids of the documents whose origin changed."""
    changed = []
    for document in documents.select_related("source", "copy_of__source").defer(
        "text", "copy_of__text"
    ):
        original = document.copy_of.source if document.copy_of_id is not None else None
        origin = document_origin(document.source, original)
        if origin != document.origin:
            document.origin = origin
            changed.append(document)
    Document.objects.bulk_update(changed, ["origin"], batch_size=1000)
    return [document.pk for document in changed]


# What an administrator may correct on a document (the rest is the pipeline's).
DOCUMENT_CORRECTIONS = frozenset({"title", "source", "published"})


def document_update(*, document_id: int, **changes) -> Document:
    """Correct a document's title, source or date. Under another source the document speaks
    with another voice, and so do its copies: their origins are stored again, and the claims
    that hear them (their own, and those citing them) are re-checked."""
    unknown = set(changes) - DOCUMENT_CORRECTIONS
    if unknown:
        raise ValueError(f"not a document's correctable field: {', '.join(sorted(unknown))}")
    moved: list[int] = []
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        for field, value in changes.items():
            setattr(document, field, value)
        document.save(update_fields=sorted(changes))
        if "source" in changes:
            voiced = Document.objects.filter(Q(pk=document_id) | Q(copy_of_id=document_id))
            moved = documents_origin_store(documents=voiced)
            document.refresh_from_db(fields=["origin"])
    if moved:
        checking.voices_recheck(document_ids=moved)
    return document


def _first_published(document: Document) -> tuple[date, int]:
    # Undated documents sort last; among equals, the one stored first is the original.
    return (document.published or date.max, document.pk)


def document_crosscheck(*, document_id: int) -> bool:
    """Cross-check an extracted document's claims, and re-check the claims they touch."""
    if not _move(
        document_id, from_state=Document.State.EXTRACTED, to_state=Document.State.CHECKING
    ):
        return False
    try:
        touched = checking.claims_crosscheck(claims=claims_of_document(document_id=document_id))
        checking.claims_recheck(
            claims=claims_by_ids(ids=sorted(touched), exclude_document_id=document_id)
        )
    except Exception as exc:
        document_fail(document_id=document_id, step="cross-check", error=exc)
        raise
    _move(
        document_id, from_state=Document.State.CHECKING, to_state=Document.State.CHECKED, error=""
    )
    return True


def document_fail(*, document_id: int, step: str, error: BaseException) -> None:
    """Record a failed attempt; after the last allowed attempt the document is marked failed."""
    message = f"{step} failed: {type(error).__name__}: {error}"[:2000]
    log.warning("document %s: %s", document_id, message)
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    attempts = document.attempts + 1
    give_up = attempts >= settings.FACTCHECK_MAX_ATTEMPTS
    back_to = Document.State.RECEIVED if step == "extraction" else Document.State.EXTRACTED
    Document.objects.filter(pk=document_id, state=document.state).update(
        attempts=attempts,
        error=message,
        state=Document.State.FAILED if give_up else back_to,
        state_changed_at=timezone.now(),
    )


# A step's running state and the state it started from.
_RUNNING = {
    "extract": (Document.State.EXTRACTING, Document.State.RECEIVED),
    "crosscheck": (Document.State.CHECKING, Document.State.EXTRACTED),
}


def document_step_resume(*, document_id: int, step: str) -> bool:
    """Before a task's retry: put back the running state its failed attempt left behind.

    Celery sends a retry only after the failing attempt has ended, so the running state is that
    attempt's own; without this the retry's compare-and-set would find the document taken and do
    nothing, leaving it to the sweep. Returns True if the state was put back.
    """
    running, before = _RUNNING[step]
    return _move(document_id, from_state=running, to_state=before)


def document_fail_unrecorded(*, document_id: int, step: str, error: BaseException) -> bool:
    """Record a failure the step did not record itself (it raised outside its own handler, e.g.
    the database refused its writes): a document still in the step's running state counts the
    attempt, so a document that fails every time ends `failed` instead of cycling forever."""
    running, _ = _RUNNING[step]
    if not Document.objects.filter(pk=document_id, state=running).exists():
        return False
    name = {"extract": "extraction", "crosscheck": "cross-check"}[step]
    document_fail(document_id=document_id, step=name, error=error)
    return True


def documents_sweep(*, older_than: timedelta | None = None) -> int:
    """The scheduled sweep: re-enqueue work pending too long; returns how many were queued.

    Each stale document is taken under a row lock that other sweeps skip, and its timestamp is
    renewed as it is queued: two sweeps at once queue it once, and a document whose message is
    merely waiting in a long queue is queued again once per period, not on every sweep (which
    would multiply a backlog). A step that was running when its worker died goes back to the
    state before it and counts an attempt, so a document that kills its worker every time (out
    of memory, past the hard time limit) ends `failed` instead of cycling forever.
    """
    if older_than is None:
        older_than = timedelta(seconds=settings.FACTCHECK_STALE_SECONDS)
    now = timezone.now()
    back = {state: before for state, before in _RUNNING.values()}
    step_of = {before: step for step, (_, before) in _RUNNING.items()}
    queued: list[tuple[str, int]] = []
    with transaction.atomic():
        stale = list(
            Document.objects.select_for_update(skip_locked=True)
            .filter(state__in=[*back, *step_of], state_changed_at__lt=now - older_than)
            .values_list("pk", "state", "attempts")
        )
        for pk, state, attempts in stale:
            fields: dict = {"state_changed_at": now}
            if state in back:
                attempts += 1
                fields.update(
                    attempts=attempts,
                    error=f"interrupted: the worker was lost or stopped ({attempts} time(s))",
                    state=back[state],
                )
                if attempts >= settings.FACTCHECK_MAX_ATTEMPTS:
                    fields["state"] = Document.State.FAILED
            Document.objects.filter(pk=pk).update(**fields)
            state = fields.get("state", state)
            if state in step_of:
                queued.append((step_of[state], pk))
        for step, pk in queued:
            queue.enqueue(step, pk)
    return len(queued)
