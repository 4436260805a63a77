"""Writes: every change to the pipeline's records goes through one of these functions.

Each step changes a document's state with a guarded update (compare-and-set), so a step that runs
twice, or on two workers at once, does its work once. Tasks are enqueued only after commit.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims import crosscheck, datasets, duplicates, selectors
from claims.extraction import extract_claims
from claims.metrics import Kind, metric
from claims.models import (
    Claim,
    Document,
    Evidence,
    ReferenceDataset,
    ReferenceFigure,
    Review,
    Source,
    VerdictRecord,
)
from claims.text import canonical_url, content_hash, html_to_text, normalise_text

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000


class IngestError(ValidationError):
    """A document that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class IngestResult:
    document: Document
    created: bool


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

    existing = selectors.document_find(url=canonical, content_hash=digest)
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
            )
    except IntegrityError:
        # Another request stored the same document between our lookup and insert.
        existing = selectors.document_find(url=canonical, content_hash=digest)
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    _enqueue_after_commit("extract", document.pk)
    return IngestResult(document, created=True)


def _enqueue_after_commit(step: str, document_id: int) -> None:
    from claims import tasks  # tasks import services; import here to keep the graph one-way

    task = {"extract": tasks.extract_document, "crosscheck": tasks.crosscheck_document}[step]
    transaction.on_commit(lambda: task.delay(document_id))


def _move(document_id: int, *, from_state: str, to_state: str, **fields) -> bool:
    """Compare-and-set a document's state; False if another worker moved it first."""
    changed = Document.objects.filter(pk=document_id, state=from_state).update(
        state=to_state, state_changed_at=timezone.now(), **fields
    )
    return changed == 1


def document_extract(*, document_id: int) -> bool:
    """Extract a received document's claims. Returns False if there was nothing to do."""
    if not _move(
        document_id, from_state=Document.State.RECEIVED, to_state=Document.State.EXTRACTING
    ):
        return False
    document = Document.objects.get(pk=document_id)
    try:
        found = extract_claims(document.text, document.published)
    except Exception as exc:
        document_fail(document_id=document_id, step="extraction", error=exc)
        raise
    with transaction.atomic():
        document_fingerprint(document=document)
        # Claims from an earlier, interrupted run are replaced, never doubled.
        Claim.objects.filter(document_id=document_id).delete()
        Claim.objects.bulk_create(
            Claim(
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
            )
            for c in found
        )
        _move(
            document_id,
            from_state=Document.State.EXTRACTING,
            to_state=Document.State.EXTRACTED,
            error="",
        )
        _enqueue_after_commit("crosscheck", document_id)
    return True


def document_fingerprint(*, document: Document) -> Document | None:
    """Store the document's SimHash and point it at the earliest stored near-duplicate.

    A syndicated copy is one origin with the story it copies: its figures speak for the origin of
    the first one stored (see selectors.claim_figure). Returns the document it copies, if any.
    Should the new document be the earliest of its near-duplicates, the others are pointed at it.
    """
    fingerprint = duplicates.simhash(document.text)
    stored = duplicates.to_signed(fingerprint) if fingerprint is not None else None
    root: Document | None = None
    if stored is not None:
        matches = selectors.near_duplicates_of(document=document, simhash=stored)
        originals = selectors.documents_by_ids(ids={m.copy_of_id or m.pk for m in matches})
        if originals:
            first = min(originals, key=_first_published)
            if _first_published(first) <= _first_published(document):
                root = first
            else:  # this one came first: it is the original the others copy
                ids = [d.pk for d in originals]
                Document.objects.filter(Q(pk__in=ids) | Q(copy_of_id__in=ids)).update(
                    copy_of=document
                )
    Document.objects.filter(pk=document.pk).update(
        simhash=stored, copy_of=root.pk if root is not None else None
    )
    document.simhash, document.copy_of = stored, root
    return root


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
        touched = claims_crosscheck(claims=selectors.claims_of_document(document_id=document_id))
        claims_recheck(
            claims=selectors.claims_by_ids(ids=sorted(touched), exclude_document_id=document_id)
        )
    except Exception as exc:
        document_fail(document_id=document_id, step="cross-check", error=exc)
        raise
    _move(
        document_id, from_state=Document.State.CHECKING, to_state=Document.State.CHECKED, error=""
    )
    return True


def claim_crosscheck(*, claim: Claim) -> set[int]:
    """Compare one claim with its candidates, store the evidence and the verdict."""
    return claims_crosscheck(claims=[claim])


@dataclass
class Judgement:
    """One claim's new verdict and evidence, worked out before anything is written."""

    claim: Claim
    verdict: crosscheck.Verdict
    confidence: float
    evidence: list[tuple]


def claims_crosscheck(*, claims: list[Claim]) -> set[int]:
    """Compare a batch of claims with their candidates; store their evidence and verdicts.

    Returns the ids of the other claims compared with (they may want a re-check).
    """
    outcomes = claims_judge(claims=claims)
    verdicts_store(outcomes=outcomes)
    return {
        row[EVIDENCE_OTHER_CLAIM]
        for outcome in outcomes
        for row in outcome.evidence
        if row[EVIDENCE_OTHER_CLAIM] is not None
    }


@dataclass
class Reading:
    """What a batch of claims is weighed against, read from the database in a few queries."""

    claims: list[Claim]
    figures: list[crosscheck.Figure]
    scopes: list[crosscheck.Scope]
    candidates: dict[int, list[crosscheck.Figure]]  # by claim id
    event_datasets: list[ReferenceDataset]  # the current version of each event dataset


def claims_read(*, claims: list[Claim]) -> Reading:
    """The candidates of a batch of claims: one query for the stored claims nearest each (see
    selectors.candidates_for_claims), one for reference figures, one for the event datasets."""
    figures = [selectors.claim_figure(claim) for claim in claims]
    scopes = [crosscheck.scope_of(figure) for figure in figures]
    return Reading(
        claims=claims,
        figures=figures,
        scopes=scopes,
        candidates=selectors.candidates_for_claims(list(zip(claims, scopes, strict=True))),
        event_datasets=list(datasets.datasets_current(ReferenceDataset.Kind.EVENTS)),
    )


def claims_weigh(*, reading: Reading) -> list[Judgement]:
    """Each claim's evidence and verdict, worked out in memory (crosscheck/ is pure); nothing is
    written. Event datasets, when there are any, are counted here (one query per dataset)."""
    outcomes = []
    for claim, figure, scope in zip(reading.claims, reading.figures, reading.scopes, strict=True):
        counts = _event_counts(claim, figure, scope, reading.event_datasets)
        others = reading.candidates[claim.pk] + [count.figure for count in counts]
        queries = {count.figure.key: count.query for count in counts}
        comparisons = [c for c in (crosscheck.compare(figure, other) for other in others) if c]
        verdict = crosscheck.weigh(figure, comparisons)
        outcomes.append(
            Judgement(
                claim=claim,
                verdict=verdict,
                confidence=round(min(1.0, max(0.0, verdict.confidence)), 3),
                evidence=[_evidence_row(claim.pk, c, queries) for c in comparisons],
            )
        )
    return outcomes


def claims_judge(*, claims: list[Claim]) -> list[Judgement]:
    """Each claim's evidence and verdict: read, then weighed; nothing is written."""
    return claims_weigh(reading=claims_read(claims=claims)) if claims else []


def verdicts_store(*, outcomes: list[Judgement]) -> None:
    """Store judged claims' evidence and verdicts, in one transaction.

    The claims are locked in id order and their evidence brought up to date: rows that still
    hold are kept as they are (with the date they were first found), rows that changed or no
    longer hold are deleted, new ones are copied in. A verdict that changes (its status, its
    confidence by VERDICT_STEP or more, or its explanation) is kept in the claim's history first.
    Claims deleted meanwhile (their document was re-extracted) are skipped.
    """
    if not outcomes:
        return
    ids = sorted(outcome.claim.pk for outcome in outcomes)
    now = timezone.now()
    with transaction.atomic():
        # Locked in id order, so two workers re-checking overlapping batches queue rather than
        # deadlock, and each claim's history stays in order. NO KEY UPDATE: the evidence rows
        # another worker inserts pointing at these claims take a key share lock on them, which a
        # plain FOR UPDATE would wait on (and deadlock against). A document re-extracted at this
        # moment deletes its claims, which this batch's evidence may cite: PostgreSQL may then
        # end one of the two as a deadlock, and it is done again (a failed batch claim by claim,
        # an extraction by its task's retry).
        before = {
            row["pk"]: row
            for row in Claim.objects.select_for_update(no_key=True)
            .filter(pk__in=ids)
            .order_by("pk")
            .values("pk", "status", "confidence", "explanation", "checked_at")
        }
        live = [o for o in outcomes if o.claim.pk in before]  # others were deleted meanwhile
        stored = selectors.evidence_rows(claim_ids=list(before))
        history, stale, fresh = [], [], []
        for o in live:
            was = before[o.claim.pk]
            old = stored.get(o.claim.pk, {})
            if _verdict_changed(was, o.verdict.status, o.confidence, o.verdict.explanation):
                history.append(
                    VerdictRecord(
                        claim_id=o.claim.pk,
                        status=was["status"],
                        confidence=was["confidence"],
                        explanation=was["explanation"],
                        evidence_count=len(old),
                        decided_at=was["checked_at"] or now,
                    )
                )
            kept = set()
            for row in o.evidence:
                pk = old.get(row)
                if pk is None:
                    fresh.append(row)
                else:
                    kept.add(pk)
            stale += [pk for pk in old.values() if pk not in kept]
        VerdictRecord.objects.bulk_create(history)
        if stale:
            Evidence.objects.filter(pk__in=stale).delete()
        _evidence_insert(fresh, now)
        _verdicts_update(live, now)
    for o in live:  # stored: the caller's claims say so too
        o.claim.status, o.claim.confidence = o.verdict.status, o.confidence
        o.claim.explanation, o.claim.checked_at = o.verdict.explanation, now


_VERDICTS_UPDATE = """
UPDATE claims_claim SET status = v.column2, confidence = v.column3, explanation = v.column4,
                        checked_at = v.column5
FROM (VALUES {rows}) AS v WHERE claims_claim.id = v.column1
"""


def _verdicts_update(outcomes: list[Judgement], now) -> None:
    """Write the claims' new verdicts in one UPDATE (PostgreSQL and SQLite read it alike)."""
    if not outcomes:
        return
    params = [
        value
        for o in outcomes
        for value in (o.claim.pk, o.verdict.status, o.confidence, o.verdict.explanation, now)
    ]
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(outcomes))
    with connection.cursor() as cursor:
        cursor.execute(_VERDICTS_UPDATE.format(rows=rows), params)


# A confidence that moves by less than this is the same verdict, not a new one.
VERDICT_STEP = 0.05


def _verdict_changed(before: dict, status: str, confidence: float, explanation: str) -> bool:
    if before["status"] == Claim.Status.PENDING:
        return False  # the first verdict has nothing before it to keep
    return (
        before["status"] != status
        or abs(before["confidence"] - confidence) >= VERDICT_STEP - 1e-9
        or before["explanation"] != explanation
    )


# Claims re-checked together: one candidate query and one transaction each.
RECHECK_BATCH = 500
# Not a batch's fault, so never retried claim by claim: the task's time is up.
_NOT_THE_BATCH_S_FAULT = (SoftTimeLimitExceeded,)
# What a caller of claims_recheck hears after each batch is stored: the batch, and the claims
# that failed with their errors (the rest of the batch was stored).
BatchDone = Callable[[list[Claim], list[tuple[Claim, Exception]]], None]


def claims_recheck(
    *,
    claims: Iterable[Claim],
    batch_size: int = RECHECK_BATCH,
    on_batch: BatchDone | None = None,
) -> int:
    """Re-check claims already stored (new evidence arrived, or the rules changed), in batches.

    A batch that fails is done again claim by claim, so one bad claim costs only itself: with
    `on_batch` the failures are reported there and the run goes on; without it the first failure
    is raised. A task's soft time limit is never taken for a failure: it ends the run. Returns how
    many claims were re-checked (a claim deleted meanwhile counts as done: nothing is left of it
    to check).

    On PostgreSQL, outside a transaction, a run of several batches is a pipeline on three
    connections: the next batch's candidates are read and the last batch's verdicts stored while
    this batch is weighed, so the database's work and ours overlap.
    """
    done = 0

    def finish(batch: list[Claim], error: BaseException | None) -> None:
        nonlocal done
        failures = []
        if error is not None:
            log.warning(
                "re-check of %d claims (ids %d-%d) failed; checking them one by one",
                len(batch),
                batch[0].pk,
                batch[-1].pk,
                exc_info=error,
            )
            failures = _crosscheck_one_by_one(batch)
        done += len(batch) - len(failures)
        if on_batch is not None:
            on_batch(batch, failures)
        elif failures:
            raise failures[0][1]

    batches = _batches(claims, batch_size)
    first, second = next(batches, None), next(batches, None)
    # Overlap needs connections that see what this one committed: PostgreSQL, outside a
    # transaction. One batch has nothing to overlap with.
    if second is None or connection.vendor != "postgresql" or connection.in_atomic_block:
        for batch in (b for b in itertools.chain([first, second], batches) if b):
            finish(batch, _store_error(batch))
        return done

    reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="candidates")
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="verdicts")

    def read(batch: list[Claim] | None) -> Future | None:
        if batch is None:
            return None
        return reader.submit(_on_own_connection, partial(claims_read, claims=batch))

    # In flight at each turn: `reading` (this batch's candidates, being read or read),
    # `upcoming` (the next batch's, being read), `storing` (the last batch, being stored).
    storing: tuple[list[Claim], Future] | None = None
    try:
        batch, following = first, second
        reading = read(batch)
        while batch is not None:
            upcoming = read(following)
            judged, error = None, None
            try:
                judged = claims_weigh(reading=reading.result())
            except _NOT_THE_BATCH_S_FAULT:
                raise
            except Exception as exc:
                error = exc
            if storing is not None:
                (stored, future), storing = storing, None
                finish(stored, future.exception())
            if judged is None:
                finish(batch, error)
            else:  # and stored while the next is weighed
                store = partial(verdicts_store, outcomes=judged)
                storing = (batch, writer.submit(_on_own_connection, store))
            batch, reading = following, upcoming
            following = next(batches, None) if batch is not None else None
        if storing is not None:
            (stored, future), storing = storing, None
            finish(stored, future.exception())
    finally:
        reader.shutdown(wait=True, cancel_futures=True)
        writer.shutdown(wait=True)
        if storing is not None and storing[1].exception() is None:
            finish(storing[0], None)  # interrupted: a batch stored is still reported
    return done


def _batches(claims: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    batch: list[Claim] = []
    for claim in claims:
        batch.append(claim)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _on_own_connection(step: Callable[[], object]):
    """Run a pipeline step on this thread's connection, closed after it (threads are reused)."""
    try:
        return step()
    finally:
        connection.close()


def _store_error(batch: list[Claim]) -> Exception | None:
    """Check and store a batch; the error that stopped it, if one did. In a savepoint, so inside
    a caller's transaction a failed batch leaves it usable for the claim-by-claim retry."""
    try:
        with transaction.atomic():
            verdicts_store(outcomes=claims_judge(claims=batch))
    except _NOT_THE_BATCH_S_FAULT:
        raise
    except Exception as exc:
        return exc
    return None


def _crosscheck_one_by_one(batch: list[Claim]) -> list[tuple[Claim, Exception]]:
    failures = []
    for claim in batch:
        try:
            with transaction.atomic():
                claim_crosscheck(claim=claim)
        except _NOT_THE_BATCH_S_FAULT:
            raise
        except Exception as exc:  # named to the caller; the others go on
            failures.append((claim, exc))
    return failures


def reference_figures_recheck(*, ids: Iterable[int]) -> int:
    """Re-check the claims that newly imported reference figures may be evidence for.

    Only the claims in each figure's reach are touched: same metric, same ground, near in time.
    Returns how many claims were re-checked.
    """
    claim_ids: set[int] = set()
    for reference in selectors.references_by_ids(ids=ids):
        claim_ids |= selectors.claim_ids_in_reach(selectors.reference_figure(reference))
    return claims_recheck(claims=selectors.claims_by_ids(ids=sorted(claim_ids)))


def reference_dataset_import(*, kind: str, stream, name: str, source: str | None = None):
    """Import a reference file as a new dataset version; the claims it bears on are re-checked.

    Returns the import's result (datasets.DatasetImport): rows, errors by line, the dataset.
    """
    importer = {
        ReferenceDataset.Kind.FIGURES: datasets.dataset_import_figures,
        ReferenceDataset.Kind.EVENTS: datasets.dataset_import_events,
    }[ReferenceDataset.Kind(kind)]
    result = importer(stream=stream, name=name, source=source)
    if result.created:
        # New figures and events are new evidence: the claims they bear on are checked again.
        reference_dataset_recheck(dataset_id=result.dataset.pk)
    return result


def reference_dataset_recheck(*, dataset_id: int) -> int:
    """Re-check the claims that a newly imported dataset version bears on: the claims in reach
    of its figures, or, for event records, the claims its events are counted for."""
    if selectors.dataset_kind(dataset_id=dataset_id) == ReferenceDataset.Kind.EVENTS:
        ids = selectors.claim_ids_counted_by_events(dataset_id=dataset_id)
        return claims_recheck(claims=selectors.claims_by_ids(ids=sorted(ids)))
    return reference_figures_recheck(ids=selectors.reference_ids_of_dataset(dataset_id=dataset_id))


def _event_counts(
    claim: Claim, figure: crosscheck.Figure, scope: crosscheck.Scope, current: list
) -> list:
    """Counts of matching events in the claim's window, from the `current` event datasets.

    A running tally with no stated start has no window to count in: counting from an arbitrary
    day would read as the same series and could refute it wrongly.
    """
    if not current or (metric(figure.metric).kind is Kind.TALLY and figure.since is None):
        return []
    return datasets.event_figures_for(figure, scope, actor=claim.actor, current=current)


# An evidence row as it is inserted: these columns, in this order (selectors.evidence_rows reads
# stored rows the same way, without created_at, so a row that still holds is recognised).
EVIDENCE_COLUMNS = (
    "claim_id",
    "other_claim_id",
    "reference_id",
    "dataset_id",
    "value",
    "query",
    "relation",
    "reason",
    "created_at",
)
EVIDENCE_OTHER_CLAIM = EVIDENCE_COLUMNS.index("other_claim_id")


_NO_QUERY = selectors.evidence_query_text({})


def _evidence_row(claim_id: int, comparison: crosscheck.Comparison, queries: dict) -> tuple:
    """The evidence row of one comparison, without its created_at (set when it is stored); the
    query is JSON text (selectors.evidence_query_text)."""
    kind, _, pk = comparison.other.key.partition(":")
    query = queries.get(comparison.other.key)
    return (
        claim_id,
        int(pk) if kind == "claim" else None,
        int(pk) if kind == "reference" else None,
        int(pk) if kind == "dataset" else None,
        comparison.other.value if kind == "dataset" else None,
        _NO_QUERY if query is None else selectors.evidence_query_text(query),
        comparison.relation,
        comparison.reason[:500],
    )


def _evidence_insert(rows: list[tuple], now) -> None:
    """Insert evidence rows: with COPY on PostgreSQL (a batch holds thousands), else in bulk."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        evidence = []
        for row in rows:
            fields = dict(zip(EVIDENCE_COLUMNS, (*row, now), strict=True))
            evidence.append(Evidence(**{**fields, "query": json.loads(fields["query"])}))
        Evidence.objects.bulk_create(evidence)
        return
    columns = ", ".join(EVIDENCE_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {Evidence._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row, now))


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


def reference_figure_create(
    *,
    source: Source,
    metric: str,
    place: str,
    value: float,
    qualifier: str,
    as_of: date,
    since: date | None = None,
    url: str = "",
    quote: str = "",
) -> tuple[ReferenceFigure, bool]:
    """Store an official figure once; the same figure imported again is left as it was."""
    from claims.figures import interval_for

    interval = interval_for(value, qualifier)
    return ReferenceFigure.objects.get_or_create(
        metric=metric,
        place=place,
        as_of=as_of,
        source=source,
        value=value,
        defaults={
            "qualifier": qualifier,
            "low": interval.low,
            "high": interval.high,
            "since": since,
            "url": url,
            "quote": quote,
        },
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
            _enqueue_after_commit(step, pk)
    return len(queued)
