"""Batches: one candidate query for many claims, and re-checks that store one batch while the next
is weighed. Each must give what checking the claims one at a time gives."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
from io import StringIO

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q

from claims import crosscheck
from claims.crosscheck.records import FigureKind
from claims.models import Claim, Evidence, VerdictRecord
from claims.provenance import document_origin
from claims.selectors.candidates import _claims_near, candidates_for_claims
from claims.selectors.claims import claims_by_ids
from claims.selectors.figures import claim_figure
from claims.services import checking
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    ReferenceFigureFactory,
    SourceFactory,
)

DAY = dt.date(2024, 1, 27)
PLACES = ["Iraq and Syria", "Iraq", "Syria", "Ain al-Asad air base, Iraq"]


def a_busy_store(count: int, seed: int = 3) -> list[Claim]:
    """Claims of several metrics, places and dates from a few outlets, some sharing documents,
    some sharing a date (ties the lookup breaks by id), some undated, one copied document."""
    rng = random.Random(seed)
    outlets = [SourceFactory(name=f"Outlet {n}") for n in range(6)]
    documents = []
    for n in range(count // 2):
        published = DAY + dt.timedelta(days=rng.randint(-40, 40)) if n % 9 else None
        documents.append(DocumentFactory(source=rng.choice(outlets), published=published))
    documents[-1].copy_of = documents[0]
    documents[-1].origin = document_origin(documents[-1].source, documents[0].source)
    documents[-1].save()
    claims = []
    for n in range(count):
        # Projectiles are compared within 3 days: dates a day apart sit on the window's edges.
        metric = rng.choice(["attacks", "troops_deployed", "injuries", "projectiles"])
        document = rng.choice(documents)
        spread = 6 if metric == "projectiles" else 30
        as_of = None if n % 11 == 0 else DAY + dt.timedelta(days=rng.randint(-spread, spread))
        claims.append(
            ClaimFactory(
                document=document,
                metric=metric,
                place=rng.choice(PLACES),
                value=float(rng.randint(50, 3000)),
                qualifier=rng.choice(["exact", "more_than", "about", "at_least"]),
                as_of=as_of,
                since=dt.date(2023, 10, 17) if metric == "attacks" else None,
                sentence=f"Sentence {n} of the busy store, long enough to be fingerprinted here.",
                start=10 * n,
                end=10 * n + 5,
            )
        )
    ReferenceFigureFactory(value=151, as_of=DAY - dt.timedelta(days=1))
    ReferenceFigureFactory(value=2500, metric="troops_deployed", place="Iraq", since=None)
    return claims


def unchecked() -> set[int]:
    return set(Claim.objects.filter(checked_at__isnull=True).values_list("pk", flat=True))


def figures_of(figures: list[crosscheck.Figure]) -> list[tuple]:
    return [(f.key, f.value, f.as_of, f.origin, f.passage, f.source, f.document) for f in figures]


@pytest.mark.django_db
def test_the_batch_lookup_reads_what_the_per_claim_lookup_reads_in_the_same_order():
    a_busy_store(120)
    claims = claims_by_ids(ids=Claim.objects.values_list("pk", flat=True))
    wanted = [(c, crosscheck.scope_of(claim_figure(c))) for c in claims]

    batch = candidates_for_claims(wanted)

    assert connection.vendor == "postgresql", "the batch query is PostgreSQL's"
    compared = 0
    for claim, scope in wanted:
        one = [claim_figure(c) for c in _claims_near(claim, scope)]
        claims_only = [f for f in batch[claim.pk] if f.key.kind == FigureKind.CLAIM]
        assert figures_of(claims_only) == figures_of(one), claim.pk
        compared += len(one)
    assert compared > 500, "the store is busy enough for the lookup to matter"


def outcome() -> dict[int, tuple]:
    """Every claim's verdict and evidence, as stored."""
    evidence: dict[int, set] = {}
    for row in Evidence.objects.values_list(
        "claim_id", "other_claim_id", "reference_id", "relation", "reason"
    ):
        evidence.setdefault(row[0], set()).add(row[1:])
    return {
        pk: (status, confidence, explanation, frozenset(evidence.get(pk, ())))
        for pk, status, confidence, explanation in Claim.objects.values_list(
            "pk", "status", "confidence", "explanation"
        )
    }


@pytest.mark.django_db(transaction=True)
def test_a_recheck_in_overlapping_batches_stores_what_one_claim_at_a_time_stores():
    a_busy_store(60)
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for claim in claims_by_ids(ids=ids):
        checking.claim_crosscheck(claim=claim)
    one_at_a_time = outcome()
    Evidence.objects.all().delete()
    VerdictRecord.objects.all().delete()
    Claim.objects.update(status="pending", confidence=0, explanation="", checked_at=None)

    reported: list[list[int]] = []
    done = checking.claims_recheck(
        claims=claims_by_ids(ids=ids),
        batch_size=7,
        on_batch=lambda batch, failures: reported.append([c.pk for c in batch]),
    )

    assert done == len(ids)
    assert [pk for batch in reported for pk in batch] == [c.pk for c in claims_by_ids(ids=ids)], (
        "every batch is reported once, in order"
    )
    assert outcome() == one_at_a_time
    assert not VerdictRecord.objects.exists(), "a first verdict replaces nothing"
    assert any(evidence for *_, evidence in one_at_a_time.values())


@pytest.mark.django_db(transaction=True)
def test_a_batch_that_fails_to_store_is_done_claim_by_claim_and_only_the_bad_claim_fails(
    monkeypatch,
):
    claims = a_busy_store(30)
    bad = claims[4].pk
    real = checking.verdicts_store

    def refuse_the_bad_claim(*, outcomes):
        if any(o.claim.pk == bad for o in outcomes):
            raise RuntimeError("the database refused it")
        return real(outcomes=outcomes)

    monkeypatch.setattr(checking, "verdicts_store", refuse_the_bad_claim)
    failures: list[tuple[int, str]] = []
    done = checking.claims_recheck(
        claims=claims_by_ids(ids=[c.pk for c in claims]),
        batch_size=4,
        on_batch=lambda batch, failed: failures.extend((c.pk, str(e)) for c, e in failed),
    )

    assert failures == [(bad, "the database refused it")]
    assert done == len(claims) - 1
    assert unchecked() == {bad}


@pytest.mark.django_db
def test_without_a_listener_the_first_failure_is_raised_once_its_batch_is_done(monkeypatch):
    claims = a_busy_store(10)
    bad = claims[1].pk
    real = checking.claims_judge

    def fail_on_the_bad_claim(*, claims):
        if any(c.pk == bad for c in claims):
            raise ValueError("bad figure")
        return real(claims=claims)

    monkeypatch.setattr(checking, "claims_judge", fail_on_the_bad_claim)
    with pytest.raises(ValueError, match="bad figure"):
        checking.claims_recheck(claims=claims_by_ids(ids=[c.pk for c in claims]))
    assert unchecked() == {bad}


@pytest.mark.django_db
def test_a_recheck_keeps_the_evidence_that_still_holds_and_replaces_only_what_changed():
    claims = a_busy_store(40)
    ids = [c.pk for c in claims]
    checking.claims_recheck(claims=claims_by_ids(ids=ids))
    first = dict(Evidence.objects.values_list("pk", "reason"))
    assert first

    checking.claims_recheck(claims=claims_by_ids(ids=ids))
    assert dict(Evidence.objects.values_list("pk", "reason")) == first, (
        "nothing new, nothing written"
    )

    # One figure is corrected: only rows about it, or of it, are replaced; the rest are kept.
    corrected = Evidence.objects.filter(other_claim__isnull=False).first().other_claim_id
    involved = set(
        Evidence.objects.filter(Q(claim=corrected) | Q(other_claim=corrected)).values_list(
            "pk", flat=True
        )
    )
    before = {
        pk: rest
        for pk, *rest in Evidence.objects.values_list(
            "pk", "claim_id", "other_claim_id", "reason", "deciding"
        )
    }
    Claim.objects.filter(pk=corrected).update(value=9999, low=None, high=None, qualifier="exact")
    checking.claims_recheck(claims=claims_by_ids(ids=ids))
    now = dict(Evidence.objects.values_list("pk", "reason"))
    replaced = set(first) - set(now)
    assert replaced & involved
    # Elsewhere, a row is replaced only where the correction changed whether it decided the
    # verdict: the same comparison, worded the same, marked otherwise.
    marks = {
        (claim, other, reason): deciding
        for claim, other, reason, deciding in Evidence.objects.values_list(
            "claim_id", "other_claim_id", "reason", "deciding"
        )
    }
    for pk in replaced - involved:
        claim, other, reason, deciding = before[pk]
        assert marks.get((claim, other, reason)) is (not deciding), pk
    assert all(now[pk] == first[pk] for pk in set(first) - replaced)
    assert "9,999" in " ".join(
        Evidence.objects.filter(other_claim=corrected).values_list("reason", flat=True)
    )


# --- the recheck command on the pipeline (outside a transaction, as it runs in production) -------


def recheck_command(*args: str) -> str:
    out = StringIO()
    call_command("recheck", "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_pipelined_recheck_resumes_after_the_last_batch_it_stored(tmp_path, monkeypatch):
    claims = sorted(a_busy_store(12), key=lambda c: c.pk)
    checkpoint = tmp_path / "progress.json"
    real = checking.claims_weigh
    weighed: list[int] = []

    def crash_on_the_third_batch(*, reading):
        if len(weighed) == 8:
            raise KeyboardInterrupt  # ^C while the second batch is being stored
        weighed.extend(c.pk for c in reading.claims)
        return real(reading=reading)

    monkeypatch.setattr(checking, "claims_weigh", crash_on_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        recheck_command("--batch-size", "4", "--checkpoint", str(checkpoint))
    # Both batches weighed were stored and reported, the second one after the ^C.
    assert json.loads(checkpoint.read_text())["last_id"] == claims[7].pk
    assert set(Claim.objects.filter(checked_at__isnull=False).values_list("pk", flat=True)) == {
        c.pk for c in claims[:8]
    }

    monkeypatch.setattr(checking, "claims_weigh", real)
    output = recheck_command("--batch-size", "4", "--resume", "--checkpoint", str(checkpoint))
    assert "4 re-checked, 0 failed" in output
    assert not Claim.objects.filter(checked_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_pipelined_recheck_names_a_failing_claim_and_stores_the_rest(tmp_path, monkeypatch):
    claims = a_busy_store(12)
    bad = claims[5].pk
    real = checking.claims_weigh

    def fail_on_the_bad_claim(*, reading):
        if any(c.pk == bad for c in reading.claims):
            raise ValueError("bad figure")
        return real(reading=reading)

    monkeypatch.setattr(checking, "claims_weigh", fail_on_the_bad_claim)
    err = StringIO()
    with pytest.raises(CommandError, match="1 claim"):
        call_command(
            "recheck",
            "--no-progress",
            "--batch-size",
            "4",
            "--checkpoint",
            str(tmp_path / "c.json"),
            stdout=StringIO(),
            stderr=err,
        )
    assert f"claim {bad}: ValueError: bad figure" in err.getvalue()
    assert unchecked() == {bad}


@pytest.mark.django_db(transaction=True)
def test_two_workers_rechecking_the_same_claims_at_once_store_what_one_stores(caplog):
    a_busy_store(60)
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    checking.claims_recheck(claims=claims_by_ids(ids=ids), batch_size=7)
    alone = outcome()
    Evidence.objects.all().delete()
    VerdictRecord.objects.all().delete()
    Claim.objects.update(status="pending", confidence=0, explanation="", checked_at=None)

    failures: list = []

    def worker(reverse: bool) -> None:
        try:
            claims = sorted(claims_by_ids(ids=ids), key=lambda c: c.pk, reverse=reverse)
            checking.claims_recheck(
                claims=claims,
                batch_size=7,
                on_batch=lambda batch, failed: failures.extend(failed),
            )
        finally:
            connection.close()

    # One worker in id order, one in reverse: their batches lock overlapping claims.
    threads = [threading.Thread(target=worker, args=(reverse,)) for reverse in (False, True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    # No batch failed either (a deadlock would fail one, and its claims would be redone alone).
    assert not [r for r in caplog.records if "one by one" in r.getMessage()]
    assert outcome() == alone


@pytest.mark.django_db
def test_a_database_error_in_a_batch_inside_a_transaction_costs_only_the_bad_claim(monkeypatch):
    # The test runs inside a transaction, as an import's re-check may: the failed query must not
    # leave that transaction unusable for the claim-by-claim retry.
    claims = a_busy_store(10)
    bad = claims[3].pk
    real = checking.claims_read

    def divide_by_zero_for_the_bad_claim(*, claims):
        if any(c.pk == bad for c in claims):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        return real(claims=claims)

    monkeypatch.setattr(checking, "claims_read", divide_by_zero_for_the_bad_claim)
    failed: list[int] = []
    checking.claims_recheck(
        claims=claims_by_ids(ids=[c.pk for c in claims]),
        on_batch=lambda batch, failures: failed.extend(c.pk for c, _ in failures),
    )
    assert failed == [bad]
    assert unchecked() == {bad}


@pytest.mark.django_db(transaction=True)
def test_a_task_s_soft_time_limit_ends_a_recheck_and_is_not_taken_for_a_bad_batch(monkeypatch):
    claims = a_busy_store(20)
    calls: list[int] = []

    def time_is_up(*, reading):
        calls.append(len(reading.claims))
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(checking, "claims_weigh", time_is_up)
    reported: list = []
    with pytest.raises(SoftTimeLimitExceeded):
        checking.claims_recheck(
            claims=claims_by_ids(ids=[c.pk for c in claims]),
            batch_size=4,
            on_batch=lambda batch, failures: reported.append(failures),
        )
    assert calls == [4], "no claim-by-claim retry once the time is up"
    assert reported == []
    assert not Claim.objects.filter(checked_at__isnull=False).exists()
