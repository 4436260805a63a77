"""The pipeline through the real queue: documents go to Redis, a separate `celery worker` process
extracts and cross-checks them in the test database, and the sweep recovers lost messages.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Document, Evidence, Source
from claims.services.documents import documents_sweep
from claims.text import content_hash
from tests.conftest import WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 60
PIPELINE = ["received", "extracting", "extracted", "checking", "checked"]

EARLIER_REPORT = (
    "Iran-backed militias have carried out more than 150 attacks on US forces in Iraq and Syria "
    "since Oct. 17, US officials said on Saturday."
)
LATER_REPORT = (
    "There have been at least 165 attacks on US forces in Iraq and Syria since Oct. 17, "
    "a Pentagon spokesman said on Monday."
)


def wait_for_checked(document_id: int) -> tuple[Document, list[str]]:
    """Poll the database until the worker has cross-checked the document; return the states seen."""
    seen: list[str] = []
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        document = Document.objects.get(pk=document_id)
        if not seen or seen[-1] != document.state:
            seen.append(document.state)
        if document.state == Document.State.CHECKED:
            return document, seen
        # An interrupted attempt leaves its error on the record while the retry runs; only a
        # document given up on stops the wait.
        if document.state == Document.State.FAILED:
            break
        time.sleep(0.05)
    pytest.fail(
        f"document {document_id} went {' -> '.join(seen)} (error: {document.error or 'none'}) "
        f"instead of reaching 'checked' within {TIMEOUT_SECONDS}s (worker log below)",
        pytrace=False,
    )


def assert_moves_forward(seen: list[str]) -> None:
    positions = [PIPELINE.index(state) for state in seen]
    assert positions == sorted(positions), f"states went backwards: {seen}"


def assert_worker_ran(worker: WorkerProcess, task: str, times: int) -> None:
    log = worker.log()
    succeeded = re.findall(rf"Task claims\.tasks\.{task}\[[^\]]+\] succeeded", log)
    assert len(succeeded) >= times, f"the worker did not run {task} {times} time(s):\n{log}"


@pytest.fixture
def api_client() -> APIClient:
    user = get_user_model().objects.create_user("desk", password="unused-in-tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def post_document(client: APIClient, *, url: str, source: str, published: str, text: str) -> dict:
    response = client.post(
        "/api/documents/",
        {"url": url, "source": source, "published": published, "text": text},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "received"
    return body


def test_posted_documents_are_extracted_and_checked_by_the_worker(
    celery_worker_process: WorkerProcess, api_client: APIClient
):
    Source.objects.create(name="Wire A")
    Source.objects.create(name="Outlet B")

    first = post_document(
        api_client,
        url="https://a.example.org/attacks-150",
        source="Wire A",
        published="2024-01-27",
        text=EARLIER_REPORT,
    )
    document, seen = wait_for_checked(first["id"])
    assert_moves_forward(seen)
    assert (document.attempts, document.error) == (0, "")
    claims = list(Claim.objects.filter(document=document))
    assert claims, "the worker extracted no claim from the report"
    assert all(c.checked_at is not None and c.status != Claim.Status.PENDING for c in claims)
    assert api_client.get(first["status_url"]).json()["state"] == "checked"

    # A later report of the same tally: checking it re-checks the earlier claim it touches.
    second = post_document(
        api_client,
        url="https://b.example.org/attacks-165",
        source="Outlet B",
        published="2024-02-05",
        text=LATER_REPORT,
    )
    wait_for_checked(second["id"])
    assert Evidence.objects.filter(
        claim__document_id=first["id"], other_claim__document_id=second["id"]
    ).exists(), "the earlier claim was not re-checked against the later report"

    # All of it ran in the worker process, not in this one.
    assert_worker_ran(celery_worker_process, "extract_document", times=2)
    assert_worker_ran(celery_worker_process, "crosscheck_document", times=2)


def test_sweep_requeues_documents_whose_messages_were_lost(celery_worker_process: WorkerProcess):
    source = Source.objects.create(name="Wire A")
    # Rows stored as if their queue messages had been lost a while ago: nothing was enqueued.
    lost_extract = Document.objects.create(
        source=source,
        url="https://a.example.org/lost-extract",
        published=timezone.localdate(),
        text=EARLIER_REPORT,
        content_hash=content_hash(EARLIER_REPORT),
    )
    lost_crosscheck = Document.objects.create(
        source=source,
        url="https://a.example.org/lost-crosscheck",
        published=timezone.localdate(),
        text="A statement with no figures in it.",
        content_hash=content_hash("A statement with no figures in it."),
        state=Document.State.EXTRACTED,
    )
    long_ago = timezone.now() - timedelta(hours=1)
    Document.objects.filter(pk__in=[lost_extract.pk, lost_crosscheck.pk]).update(
        state_changed_at=long_ago
    )

    assert documents_sweep(older_than=timedelta(0)) == 2

    extracted, seen = wait_for_checked(lost_extract.pk)
    assert_moves_forward(seen)
    assert Claim.objects.filter(document=extracted).exists()
    checked, _ = wait_for_checked(lost_crosscheck.pk)
    assert checked.attempts == 0
    # The sweep found the work; the worker did it.
    assert_worker_ran(celery_worker_process, "extract_document", times=1)
    assert_worker_ran(celery_worker_process, "crosscheck_document", times=2)


def test_sweep_recovers_a_document_left_mid_step_by_a_killed_worker(
    celery_worker_process: WorkerProcess,
):
    source = Source.objects.create(name="Wire A")
    # A worker died while extracting this document: its state says "extracting" and no task will
    # ever finish it. One sweep must put it back and hand it to a live worker.
    stuck = Document.objects.create(
        source=source,
        url="https://a.example.org/stuck",
        published=timezone.localdate(),
        text=EARLIER_REPORT,
        content_hash=content_hash(EARLIER_REPORT),
        state=Document.State.EXTRACTING,
    )
    Document.objects.filter(pk=stuck.pk).update(
        state_changed_at=timezone.now() - timedelta(hours=1)
    )

    assert documents_sweep(older_than=timedelta(0)) == 1

    checked, _ = wait_for_checked(stuck.pk)
    assert Claim.objects.filter(document=checked).exists()
    assert_worker_ran(celery_worker_process, "extract_document", times=1)
