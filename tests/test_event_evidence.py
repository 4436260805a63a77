"""Event counts from an imported dataset become evidence, end to end: stored with the query that
made them, re-checked on import, and shown by the API, the admin and the export."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from claims.datasets.imports import dataset_import_events
from claims.models import Claim, Evidence
from claims.services.datasets import reference_dataset_import
from claims.services.documents import document_crosscheck, document_extract, document_ingest
from claims.services.sources import source_get_or_create
from tests.factories import UserFactory

SAMPLE = Path(__file__).resolve().parent.parent / "claims" / "demo" / "events_sample.csv"
TEXT = "There have been at least 5 attacks on US forces in Iraq and Syria since Oct. 17."


def _checked_claim() -> Claim:
    source = source_get_or_create(name="Test Wire")
    document = document_ingest(
        source=source, url="https://example.org/tally", text=TEXT, title="Tally"
    ).document
    document.published = "2024-01-27"
    document.save(update_fields=["published"])
    document_extract(document_id=document.pk)
    document_crosscheck(document_id=document.pk)
    return Claim.objects.get(document=document, metric="attacks")


@pytest.mark.django_db
def test_an_event_dataset_is_counted_for_a_tally_claim_and_keeps_its_query():
    claim = _checked_claim()
    assert not Evidence.objects.filter(claim=claim, dataset__isnull=False).exists()

    # Importing re-checks the claims the new events bear on; no separate step.
    with SAMPLE.open("rb") as stream:
        result = reference_dataset_import(
            kind="events", stream=stream, name="sample", source="Event sample"
        )
    assert result.ok and result.created

    evidence = Evidence.objects.get(claim=claim, dataset=result.dataset)
    assert evidence.value is not None and evidence.value >= 5
    assert evidence.relation == "supports"
    assert evidence.query["dataset"] == "sample"
    assert evidence.query["version_hash"] == result.dataset.version_hash
    assert evidence.query["aggregate"] == "count"
    assert evidence.query["filters"]["date_from"] == "2023-10-17"
    assert "Iraq" in evidence.query["filters"]["places"]

    body = Client().get(f"/api/claims/{claim.pk}/").json()
    (row,) = [e for e in body["evidence"] if e["kind"] == "dataset"]
    assert row["value"] == evidence.value and row["query"] == evidence.query
    assert row["outlet"] == "Event sample" and row["as_of"] == "2024-01-27"

    out = StringIO()
    call_command("export_claims", stdout=out)
    exported = [json.loads(line) for line in out.getvalue().splitlines()]
    (mine,) = [r for r in exported if r["id"] == claim.pk]
    assert any(e["outlet"] == "Event sample" for e in mine["evidence"])

    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = admin.get(f"/admin/claims/claim/{claim.pk}/change/")
    assert page.status_code == 200
    assert "count of sample" in page.content.decode()


@pytest.mark.django_db
def test_a_tally_with_no_start_date_is_not_counted_against_events():
    with SAMPLE.open("rb") as stream:
        dataset_import_events(stream=stream, name="sample", source="Event sample")
    source = source_get_or_create(name="Test Wire")
    document = document_ingest(
        source=source,
        url="https://example.org/undated-tally",
        text="There have been more than 150 attacks on US forces in Iraq and Syria.",
    ).document
    document.published = "2024-01-27"
    document.save(update_fields=["published"])
    document_extract(document_id=document.pk)
    document_crosscheck(document_id=document.pk)
    claim = Claim.objects.get(document=document, metric="attacks")
    assert claim.since is None
    assert not Evidence.objects.filter(claim=claim, dataset__isnull=False).exists()
