"""Writes of the cross-check: claims compared with their candidates, in batches, and the evidence
and verdicts stored; re-checks of stored claims when new evidence arrives or the rules change.

A batch is read (claims_read: a few queries for all its candidates), weighed in memory
(claims_weigh: crosscheck/ is pure) and stored (verdicts_store: one transaction). One claim is a
batch of one (claim_crosscheck); claims_recheck runs many batches, as a pipeline on PostgreSQL.
"""

from __future__ import annotations

import gc
import itertools
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection, transaction
from django.utils import timezone

from claims import crosscheck
from claims.crosscheck.records import FigureKind
from claims.datasets.counts import datasets_current, event_figures_for
from claims.metrics import Kind, metric
from claims.models import Claim, Evidence, ReferenceDataset, VerdictRecord
from claims.selectors.candidates import (
    candidates_for_claims,
    claim_ids_counted_by_events,
    claim_ids_hearing,
    claim_ids_in_reach,
    dataset_kind,
    reference_ids_of_dataset,
    references_by_ids,
)
from claims.selectors.claims import claims_by_ids
from claims.selectors.evidence import NO_QUERY, EvidenceRow, evidence_query_text, evidence_rows
from claims.selectors.figures import claim_figure, reference_figure
from claims.selectors.reliability import reliabilities_current

log = logging.getLogger(__name__)


def claim_crosscheck(*, claim: Claim) -> set[int]:
    """Compare one claim with its candidates, store the evidence and the verdict."""
    return claims_crosscheck(claims=[claim])


@dataclass
class Judgement:
    """One claim's new verdict and evidence, worked out before anything is written."""

    claim: Claim
    verdict: crosscheck.Verdict
    confidence: float
    evidence: list[EvidenceRow]


def claims_crosscheck(*, claims: list[Claim]) -> set[int]:
    """Compare a batch of claims with their candidates; store their evidence and verdicts.

    Returns the ids of the other claims compared with (they may want a re-check).
    """
    outcomes = claims_judge(claims=claims)
    verdicts_store(outcomes=outcomes)
    return {
        row.other_claim_id
        for outcome in outcomes
        for row in outcome.evidence
        if row.other_claim_id is not None
    }


@dataclass
class Reading:
    """What a batch of claims is weighed against, read from the database in a few queries."""

    claims: list[Claim]
    figures: list[crosscheck.Figure]
    scopes: list[crosscheck.Scope]
    candidates: dict[int, list[crosscheck.Figure]]  # by claim id
    event_datasets: list[ReferenceDataset]  # the current version of each event dataset
    reliability: dict[str, float]  # each origin's, as last learnt (selectors.reliability)


def claims_read(*, claims: list[Claim]) -> Reading:
    """The candidates of a batch of claims: one query for the stored claims nearest each (see
    selectors.candidates.candidates_for_claims), one for reference figures, one for the event
    datasets."""
    figures = [claim_figure(claim) for claim in claims]
    scopes = [crosscheck.scope_of(figure) for figure in figures]
    return Reading(
        claims=claims,
        figures=figures,
        scopes=scopes,
        candidates=candidates_for_claims(list(zip(claims, scopes, strict=True))),
        event_datasets=list(datasets_current(ReferenceDataset.Kind.EVENTS)),
        reliability=reliabilities_current(),
    )


def claims_weigh(*, reading: Reading) -> list[Judgement]:
    """Each claim's evidence and verdict, worked out in memory (crosscheck/ is pure); nothing is
    written. Event datasets, when there are any, are counted here (one query per dataset)."""
    batch = zip(reading.claims, reading.figures, reading.scopes, strict=True)
    with _fewer_collections():
        return [_judgement(claim, figure, scope, reading) for claim, figure, scope in batch]


def _judgement(
    claim: Claim, figure: crosscheck.Figure, scope: crosscheck.Scope, reading: Reading
) -> Judgement:
    """One claim's verdict and evidence, from what the batch read."""
    counts = _event_counts(claim, figure, scope, reading.event_datasets)
    others = reading.candidates[claim.pk] + [count.figure for count in counts]
    queries = {count.figure.key: count.query for count in counts}
    comparisons = [c for c in (crosscheck.compare(figure, other) for other in others) if c]
    verdict = crosscheck.weigh(figure, comparisons, reliability=reading.reliability)
    return Judgement(
        claim=claim,
        verdict=verdict,
        confidence=round(min(1.0, max(0.0, verdict.confidence)), 3),
        evidence=[
            _evidence_row(claim.pk, c, queries, c.other.key in verdict.deciding)
            for c in comparisons
        ],
    )


# Weighing a batch makes hundreds of thousands of short-lived objects (figures, comparisons,
# rows), none of them in a reference cycle: the cycle collector, run every 700 new objects by
# default, only spends time walking them (a tenth of the weighing, measured).
_WEIGHING_GC_THRESHOLD = 50_000
_weighing_lock = threading.Lock()
_weighing = 0  # batches being weighed in this process, on any thread
_threshold_before: tuple[int, ...] = ()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect cycles less often while any batch is weighed; as before once none is."""
    global _weighing, _threshold_before
    with _weighing_lock:
        if _weighing == 0:
            _threshold_before = gc.get_threshold()
            if _threshold_before[0]:  # 0: collection is off, and stays off
                gc.set_threshold(
                    max(_threshold_before[0], _WEIGHING_GC_THRESHOLD), *_threshold_before[1:]
                )
        _weighing += 1
    try:
        yield
    finally:
        with _weighing_lock:
            _weighing -= 1
            if _weighing == 0:
                gc.set_threshold(*_threshold_before)


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
        stored = evidence_rows(claim_ids=list(before))
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

    def settle() -> None:
        """Wait for the batch being stored, and report it."""
        nonlocal storing
        if storing is not None:
            (stored, future), storing = storing, None
            finish(stored, future.exception())

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
            settle()
            if judged is None:
                finish(batch, error)
            else:  # and stored while the next is weighed
                store = partial(verdicts_store, outcomes=judged)
                storing = (batch, writer.submit(_on_own_connection, store))
            batch, reading = following, upcoming
            following = next(batches, None) if batch is not None else None
        settle()
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
    for reference in references_by_ids(ids=ids):
        claim_ids |= claim_ids_in_reach(reference_figure(reference))
    return claims_recheck(claims=claims_by_ids(ids=sorted(claim_ids)))


def voices_recheck(*, document_ids: Iterable[int], source_id: int | None = None) -> int:
    """Re-check the claims whose verdicts hear these documents, whose origin changed: their own
    claims and the claims citing them; with `source_id`, also the claims citing that source's
    reference figures and datasets (their origin is the source's). Returns how many."""
    ids = claim_ids_hearing(document_ids=list(document_ids), source_id=source_id)
    return claims_recheck(claims=claims_by_ids(ids=sorted(ids)))


def reference_dataset_recheck(*, dataset_id: int) -> int:
    """Re-check the claims that a newly imported dataset version bears on: the claims in reach
    of its figures, or, for event records, the claims its events are counted for."""
    if dataset_kind(dataset_id=dataset_id) == ReferenceDataset.Kind.EVENTS:
        ids = claim_ids_counted_by_events(dataset_id=dataset_id)
        return claims_recheck(claims=claims_by_ids(ids=sorted(ids)))
    return reference_figures_recheck(ids=reference_ids_of_dataset(dataset_id=dataset_id))


def _event_counts(
    claim: Claim, figure: crosscheck.Figure, scope: crosscheck.Scope, current: list
) -> list:
    """Counts of matching events in the claim's window, from the `current` event datasets.

    A running tally with no stated start has no window to count in: counting from an arbitrary
    day would read as the same series and could refute it wrongly.
    """
    if not current or (metric(figure.metric).kind is Kind.TALLY and figure.since is None):
        return []
    return event_figures_for(figure, scope, actor=claim.actor, current=current)


# An evidence row as it is inserted: its fields, then created_at (verdicts_store reads stored rows
# as EvidenceRow, without created_at, so a row that still holds is recognised).
EVIDENCE_COLUMNS = (*EvidenceRow._fields, "created_at")


def _evidence_row(
    claim_id: int, comparison: crosscheck.Comparison, queries: dict, deciding: bool
) -> EvidenceRow:
    """The evidence row of one comparison; the query is JSON text (evidence_query_text)."""
    key = comparison.other.key
    query = queries.get(key)
    return EvidenceRow(
        claim_id=claim_id,
        other_claim_id=key.id if key.kind == FigureKind.CLAIM else None,
        reference_id=key.id if key.kind == FigureKind.REFERENCE else None,
        dataset_id=key.id if key.kind == FigureKind.DATASET else None,
        value=comparison.other.value if key.kind == FigureKind.DATASET else None,
        query=NO_QUERY if query is None else evidence_query_text(query),
        relation=comparison.relation,
        reason=comparison.reason[:500],
        deciding=deciding,
    )


def _evidence_insert(rows: list[EvidenceRow], now) -> None:
    """Insert evidence rows: with COPY on PostgreSQL (a batch holds thousands), else in bulk."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        evidence = []
        for row in rows:
            fields = {**row._asdict(), "query": json.loads(row.query), "created_at": now}
            evidence.append(Evidence(**fields))
        Evidence.objects.bulk_create(evidence)
        return
    columns = ", ".join(EVIDENCE_COLUMNS)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {Evidence._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row((*row, now))
