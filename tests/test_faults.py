"""Faults injected into the real parts: a worker killed with SIGKILL, the broker restarted empty,
the database dropping a running task's connections, a document that fails every time, and the
sweep run twice at once. After each, every document is cross-checked once and nothing is doubled.

Each test runs its own Celery worker (and beat) processes against a redis-server of its own
(never the shared one) and the test database. How much work was done is read from the workers'
logs: a step that did its work returns True, one that found nothing to do (a duplicate message)
returns False.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client
from rest_framework.test import APIClient

from claims import queue
from claims.extraction import extract_claims
from claims.models import Claim, Document, Evidence, Source
from claims.services import checking
from claims.services.documents import document_ingest, documents_sweep
from tests.conftest import (
    REPO,
    RedisServer,
    WorkerProcess,
    point_celery_at,
    start_worker,
    stop_process,
    worker_database_url,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BATCH = 200
SETTLE_SECONDS = 120
OUTLETS = ["Wire A", "Outlet B", "Outlet C", "Outlet D"]
# Four outlets report each day's toll; days are far apart, so evidence stays within a day.
REPORT = "Bulletin {n}. At least {value} people were killed in Gaza on {weekday}, {who} said."
WHO = ["health officials", "the ministry", "rescuers", "hospital staff"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]
# Prose with numbers that are no figure (years, days, orders): slow to read (a second or two, under
# the sweep's 3 s stale period of sweep_until_checked), one claim at its end. Distances, sums and
# counts of trucks are figures now (open ones): 36,000 of them made the cross-check, not the
# reading, the slow step.
SLOW_FILLER = (
    "In 1998, 2004 and 2011, on March 3 and on Oct. 17, the 2nd and the 3rd roads near Baghdad "
    "were paved. "
)
# Ten thousand lists of figures (about 1 MB): several seconds to read, every time.
POISON = "Officials said 12, 15, 18 and 20 of 40 vehicles were old, the ministry said. " * 10000
SLOW_ENDING = "Militants have fired more than 40 rockets at US forces in Iraq since Oct. 17."


@dataclasses.dataclass
class Desk:
    """The processes of one test: workers and beats on the test's own broker, and their logs."""

    broker: RedisServer
    directory: Path
    env: dict[str, str]
    workers: list[WorkerProcess] = dataclasses.field(default_factory=list)
    beats: list[subprocess.Popen] = dataclasses.field(default_factory=list)

    def worker(self, *, pool: str = "solo", concurrency: int = 1, **env: str) -> WorkerProcess:
        log = self.directory / f"worker-{len(self.workers)}.log"
        worker = start_worker(
            broker_url=self.broker.url,
            log_path=log,
            pool=pool,
            concurrency=concurrency,
            env={**self.env, **env},
        )
        self.workers.append(worker)
        return worker

    def beat(self) -> subprocess.Popen:
        n = len(self.beats)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "beat",
            "--loglevel=INFO",
            "-s",
            str(self.directory / f"beat-{n}-schedule"),
        ]
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DATABASE_URL": worker_database_url(),
            "CELERY_BROKER_URL": self.broker.url,
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        with (self.directory / f"beat-{n}.log").open("wb") as log:
            beat = subprocess.Popen(
                command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        self.beats.append(beat)
        return beat

    def logs(self) -> str:
        return "\n".join(w.log_path.read_text(errors="replace") for w in self.workers)

    def steps_done(self, task: str) -> Counter:
        """How often each step's task ended, by its result (True: did the work)."""
        return Counter(
            re.findall(
                rf"Task claims\.tasks\.{task}\[[^\]]+\] succeeded in \S+: (\w+)", self.logs()
            )
        )

    def stop(self) -> None:
        for process in [*self.beats, *(w.process for w in self.workers)]:
            stop_process(process)


@pytest.fixture
def desk(request, own_redis: RedisServer, settings, tmp_path) -> Iterator[Desk]:
    """This test's broker (flushed), with the test process's tasks sent to it."""
    from factcheck.celery import app

    if own_redis.process is None or own_redis.process.poll() is not None:
        own_redis.start()
    redis.Redis.from_url(own_redis.url).flushdb()
    before = {"broker_url": app.conf.broker_url, "always_eager": app.conf.task_always_eager}
    settings.CELERY_BROKER_URL = own_redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    point_celery_at(app, broker_url=own_redis.url, always_eager=False)
    desk = Desk(own_redis, tmp_path, env={})
    try:
        yield desk
    finally:
        desk.stop()
        point_celery_at(app, **before)
        if any(
            getattr(getattr(request.node, f"report_{w}", None), "failed", False)
            for w in ("setup", "call")
        ):
            for path in sorted(tmp_path.glob("*.log")):
                # The sweep's own lines (one a second) would bury everything else.
                lines = path.read_text(errors="replace").splitlines()
                kept = "\n".join(line for line in lines if "sweep_pending" not in line)
                print(f"\n----- {path.name} -----\n{kept[-20000:]}")


# --- the batch ----------------------------------------------------------------------------------


def report_text(n: int) -> str:
    return REPORT.format(n=n, value=10 + n % 4, weekday=WEEKDAYS[(n // 4) % 4], who=WHO[n % 4])


def report_day(n: int) -> dt.date:
    return dt.date(2001, 1, 1) + timedelta(days=45 * (n // 4))


def ingest_batch(
    size: int, *, slow_at: tuple[int, ...] = (), slow_text: str = "", tag: str = ""
) -> list[int]:
    """Store `size` short reports (and slow ones at the given positions); each is queued."""
    sources = [Source.objects.get_or_create(name=name)[0] for name in OUTLETS]
    ids = []
    for n in range(size):
        text = report_text(n)
        if n in slow_at:
            text = f"Long read {n}. " + (slow_text or SLOW_FILLER * 6000 + SLOW_ENDING)
        result = document_ingest(
            source=sources[n % 4],
            url=f"https://news{n % 4}.example/{tag}report-{n}",
            text=text,
            published=report_day(n),
        )
        assert result.created
        ids.append(result.document.pk)
    return ids


def wait_until(
    condition: Callable[[], bool], *, seconds: float = SETTLE_SECONDS, every: float = 0.1
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"not reached within {seconds}s: {states()}")


def states() -> dict[str, int]:
    return dict(Counter(Document.objects.values_list("state", flat=True)))


def all_checked(ids: list[int]) -> bool:
    return Document.objects.filter(pk__in=ids, state=Document.State.CHECKED).count() == len(ids)


def queued(desk: Desk) -> int:
    return redis.Redis.from_url(desk.broker.url).llen(desk.workers[-1].queue)


def sweep_until_checked(desk: Desk, ids: list[int], *, stale_seconds: float = 3) -> int:
    """What beat does, from here: sweep stale work every second until all is checked.

    The sweep cannot tell a lost message from one still waiting in a long queue, so it is run
    once the queue has drained (in production the stale period, minutes, covers the queue).
    """
    sweeps = 0
    deadline = time.monotonic() + SETTLE_SECONDS
    while not all_checked(ids):
        assert time.monotonic() < deadline, f"not all checked: {states()}"
        if queued(desk) == 0:
            documents_sweep(older_than=timedelta(seconds=stale_seconds))
            sweeps += 1
        time.sleep(1)
    return sweeps


def evidence_rows() -> set[tuple]:
    return set(
        Evidence.objects.values_list("claim_id", "other_claim_id", "reference_id", "relation")
    )


def assert_each_checked_once_nothing_doubled(
    desk: Desk, ids: list[int], *, other_extractions: int = 0, unlogged: int = 0
) -> None:
    """`unlogged`: processes killed while running a step other than the one the test aimed at;
    each may have committed its step and died before logging it (a lost line, never an extra)."""
    documents = list(Document.objects.filter(pk__in=ids))
    assert all(d.state == Document.State.CHECKED and d.error == "" for d in documents), states()
    # The claims are what the extractor finds in each text: none lost, none doubled.
    for document in documents:
        expected = len(extract_claims(document.text, document.published))
        assert document.claims.count() == expected, document.pk
    claims = Claim.objects.filter(document_id__in=ids)
    assert claims.count() == len(set(claims.values_list("document_id", "start", "end", "metric")))
    assert not claims.filter(checked_at__isnull=True).exists()
    # The evidence is what a clean re-check of every claim produces: nothing missing or doubled.
    stored = evidence_rows()
    assert len(stored) == Evidence.objects.count()
    assert stored, "the batch produced no evidence at all"
    for claim in claims:
        checking.claim_crosscheck(claim=claim)
    assert evidence_rows() == stored
    # Each step did its work once per document; every other delivery found nothing to do.
    extracted = desk.steps_done("extract_document")["True"]
    checked = desk.steps_done("crosscheck_document")["True"]
    assert len(ids) + other_extractions - unlogged <= extracted <= len(ids) + other_extractions
    assert len(ids) - unlogged <= checked <= len(ids)
    assert extracted + checked >= 2 * len(ids) + other_extractions - unlogged


# --- faults -------------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@pytest.mark.parametrize("victim", ["solo-worker", "prefork-child"])
def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(desk: Desk, victim: str):
    if victim == "solo-worker":
        first = desk.worker(pool="solo")
        size = BATCH
    else:
        first = desk.worker(pool="prefork", concurrency=2)
        size = BATCH // 2  # the same fault in a smaller batch, to keep the suite quick
    slow = 60
    ids = ingest_batch(size, slow_at=(slow,))
    wait_until(lambda: Document.objects.get(pk=ids[slow]).state == Document.State.EXTRACTING)

    if victim == "solo-worker":
        os.kill(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        desk.worker(pool="solo")  # a replacement, as a supervisor would start
    else:
        busy = [p for p in children_of(first.process.pid) if _runs_task(p)]
        killed = busy or children_of(first.process.pid)
        for child in killed:
            os.kill(child, signal.SIGKILL)

    # The kill hit the document mid-step: it stays "extracting" until the sweep finds it.
    assert Document.objects.get(pk=ids[slow]).state == Document.State.EXTRACTING
    sweep_until_checked(desk, ids)

    # A second busy child killed beside the slow one may have finished its step unlogged.
    others = 0 if victim == "solo-worker" else max(0, len(killed) - 1)
    assert_each_checked_once_nothing_doubled(desk, ids, unlogged=others)
    if victim == "prefork-child":
        assert "signal 9 (SIGKILL)" in desk.logs()


def _runs_task(pid: int) -> bool:
    # A busy prefork child uses CPU; an idle one sleeps. Good enough to pick the victim first.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "R"
    except OSError:
        return False


def test_a_broker_restarted_mid_batch_loses_its_messages_and_the_sweep_recovers_them(desk: Desk):
    desk.env.update(FACTCHECK_SWEEP_SECONDS="1", FACTCHECK_STALE_SECONDS="8")
    desk.worker(pool="solo")
    ids = ingest_batch(BATCH)
    wait_until(lambda: Document.objects.filter(state=Document.State.CHECKED).count() >= 30)

    desk.broker.restart()  # an empty broker: every queued message is gone
    assert queued(desk) == 0
    pending = Document.objects.exclude(state=Document.State.CHECKED).count()
    assert pending > 0, "the batch finished before the broker went down"
    # Nothing moves without messages; then beat's sweep finds the stale work and queues it again.
    desk.beat()
    wait_until(lambda: all_checked(ids), seconds=SETTLE_SECONDS)

    assert "sweep_pending" in desk.logs()
    assert_each_checked_once_nothing_doubled(desk, ids)


def test_a_dropped_database_connection_is_retried_and_the_task_completes(desk: Desk):
    name = f"factcheck-worker-{uuid.uuid4().hex[:8]}"
    worker = desk.worker(pool="solo", DATABASE_URL=worker_database_url(application_name=name))
    ids = ingest_batch(8, slow_at=(3,))
    wait_until(lambda: Document.objects.get(pk=ids[3]).state == Document.State.EXTRACTING)

    # Only this worker's connections to this test's database.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [name],
        )
        (dropped,) = cursor.fetchone()
    assert dropped >= 1

    wait_until(lambda: all_checked(ids), seconds=60)
    log = worker.log()
    assert re.search(r"extract_document\[[^\]]+\] retry: Retry in \d+s: OperationalError", log), log
    document = Document.objects.get(pk=ids[3])
    assert (document.attempts, document.error) == (0, "")
    assert_each_checked_once_nothing_doubled(desk, ids)


def test_a_poison_document_fails_after_the_attempt_limit_and_the_batch_goes_on(desk: Desk):
    # The poison: a document whose extraction outlasts the task's time limit, every time.
    desk.env.update(
        FACTCHECK_SWEEP_SECONDS="1",
        # Longer than the soft limit that ends each attempt, so the sweep never takes a step
        # still running for an interrupted one (as the settings' default keeps it in production).
        FACTCHECK_STALE_SECONDS="4",
        FACTCHECK_MAX_ATTEMPTS="3",
        CELERY_TASK_SOFT_TIME_LIMIT="1",
        CELERY_TASK_TIME_LIMIT="20",
    )
    desk.worker(pool="prefork", concurrency=1)
    desk.beat()
    ids = ingest_batch(20, slow_at=(5,), slow_text=POISON)
    poison, rest = ids[5], [i for i in ids if i != ids[5]]

    wait_until(lambda: Document.objects.get(pk=poison).state == Document.State.FAILED)
    wait_until(lambda: all_checked(rest))

    document = Document.objects.get(pk=poison)
    assert document.attempts == 3
    # Reading a million characters of figures outlasts the limit in one step or the other.
    assert re.match(r"(extraction|cross-check) failed: SoftTimeLimitExceeded", document.error)
    # Visible where the desk looks: the API's document and the admin's change page.
    reader = APIClient()
    body = reader.get(f"/api/documents/{poison}/").json()
    assert (body["state"], body["attempts"]) == ("failed", 3)
    assert "SoftTimeLimitExceeded" in body["error"]
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", password="x"))
    page = admin.get(f"/admin/claims/document/{poison}/change/").content.decode()
    assert "SoftTimeLimitExceeded" in page and "Failed" in page
    # The poison's extraction is counted if it was its cross-check that failed.
    extracted = 1 if document.error.startswith("cross-check") else 0
    assert_each_checked_once_nothing_doubled(desk, rest, other_extractions=extracted)


def test_two_sweeps_at_once_queue_each_document_once(desk: Desk):
    ids = ingest_batch(40, tag="lost-")
    redis.Redis.from_url(desk.broker.url).flushdb()  # every message lost
    Document.objects.update(state_changed_at=dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    counts: list[int] = []

    def sweep() -> None:
        try:
            counts.append(documents_sweep(older_than=timedelta(seconds=60)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The row locks split the stale documents between the two: each is queued once.
    assert len(counts) == 2 and sum(counts) == len(ids), counts
    desk.worker(pool="prefork", concurrency=2)
    wait_until(lambda: all_checked(ids))
    assert_each_checked_once_nothing_doubled(desk, ids)


def test_two_beat_schedulers_do_not_double_the_work(desk: Desk):
    desk.env.update(FACTCHECK_SWEEP_SECONDS="1", FACTCHECK_STALE_SECONDS="5")
    ids = ingest_batch(60, tag="beats-")
    redis.Redis.from_url(desk.broker.url).flushdb()  # the messages are lost; the sweeps find them
    desk.beat()
    desk.beat()
    desk.worker(pool="prefork", concurrency=2)
    wait_until(lambda: all_checked(ids))

    sweeps = len(re.findall(r"sweep_pending\[[^\]]+\] succeeded", desk.logs()))
    assert sweeps >= 2
    assert_each_checked_once_nothing_doubled(desk, ids)


# --- the failure records, in-process -------------------------------------------------------------
# The two failures below cannot be caused on demand in a worker (a database that refuses a
# step's writes, a worker killed by the kernel every time); their records are checked here with
# the real services and tasks, the fault itself stood in for.


def test_a_step_that_fails_outside_its_own_handler_still_counts_its_attempts(monkeypatch, settings):
    from django.db import DataError

    from claims import tasks

    settings.FACTCHECK_MAX_ATTEMPTS = 2
    monkeypatch.setattr(queue, "enqueue", lambda step, pk: None)
    (document_id,) = ingest_batch(1, tag="refused-")

    def refuse(*args, **kwargs):
        raise DataError("value too long for type character varying(200)")

    # The database refuses the claims: raised after extraction, outside its error handler.
    monkeypatch.setattr(Claim.objects, "bulk_create", refuse)
    for attempt in (1, 2):
        result = tasks.extract_document.apply(args=[document_id])
        assert isinstance(result.result, DataError)
        document = Document.objects.get(pk=document_id)
        assert document.attempts == attempt
        assert "extraction failed: DataError: value too long" in document.error
    assert document.state == Document.State.FAILED


def test_a_document_that_kills_its_worker_every_time_ends_failed(monkeypatch, settings):
    settings.FACTCHECK_MAX_ATTEMPTS = 3
    queued_steps: list[tuple[str, int]] = []
    monkeypatch.setattr(queue, "enqueue", lambda step, pk: queued_steps.append((step, pk)))
    (document_id,) = ingest_batch(1, tag="killer-")
    queued_steps.clear()
    long_ago = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    for attempt in (1, 2, 3):
        # The worker took the document and died with it.
        Document.objects.filter(pk=document_id).update(
            state=Document.State.EXTRACTING, state_changed_at=long_ago
        )
        documents_sweep(older_than=timedelta(seconds=60))
        document = Document.objects.get(pk=document_id)
        assert document.attempts == attempt
        assert "interrupted" in document.error
    assert document.state == Document.State.FAILED
    assert queued_steps == [("extract", document_id)] * 2  # not queued again once failed
