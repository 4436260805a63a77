"""Re-reading stored documents after the readers change (`manage.py reextract`): unchanged
figures keep their claims, reviews and history; changed ones are replaced and what they touch is
re-checked; an interrupted run goes on where it stopped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from claims.extraction import READER_VERSION, extract_claims
from claims.models import Claim, Document, Review
from claims.services import rereading
from claims.services.documents import document_crosscheck, document_extract, document_ingest
from tests.factories import ReviewerFactory, SourceFactory

pytestmark = pytest.mark.django_db

JAN_27 = dt.date(2024, 1, 27)
TEXT = (
    "About 2,500 US troops are deployed in Iraq, officials said. Turnout was 40% of voters in Iraq."
)
OTHER = "Some 2,500 US troops are stationed in Iraq, the Pentagon said."


def stored(url: str, text: str, outlet: str) -> Document:
    result = document_ingest(
        source=SourceFactory(name=outlet), url=url, text=text, published=JAN_27
    )
    document_extract(document_id=result.document.pk)
    document_crosscheck(document_id=result.document.pk)
    return Document.objects.get(pk=result.document.pk)


def reread(*args: str) -> str:
    out = StringIO()
    call_command("reextract", *args, stdout=out)
    return out.getvalue()


def test_a_document_read_with_these_readers_is_not_read_again():
    document = stored("https://a.example/1", TEXT, "Outlet A")
    assert document.read_with == READER_VERSION
    assert rereading.documents_to_reread() == []
    assert "re-read 0 document(s)" in reread()


def test_unchanged_figures_keep_their_claims_reviews_and_history(monkeypatch):
    document = stored("https://a.example/1", TEXT, "Outlet A")
    before = {c.pk: (c.quote, c.metric) for c in Claim.objects.filter(document=document)}
    troops = Claim.objects.get(document=document, metric="troops_deployed")
    Review.objects.create(claim=troops, reviewer=ReviewerFactory(), decision="supported")
    Document.objects.filter(pk=document.pk).update(read_with="older readers")

    output = reread()

    after = {c.pk: (c.quote, c.metric) for c in Claim.objects.filter(document=document)}
    assert after == before
    assert troops.reviews.count() == 1
    assert Document.objects.get(pk=document.pk).read_with == READER_VERSION
    assert "re-read 1 document(s): 2 claims kept, 0 replaced by 0" in output


def test_a_changed_reading_is_replaced_and_what_it_touches_is_rechecked(monkeypatch):
    other = stored("https://b.example/1", OTHER, "Outlet B")
    document = stored("https://a.example/1", TEXT, "Outlet A")
    share = Claim.objects.get(document=document, unit_kind="percent")
    troops = Claim.objects.get(document=document, metric="troops_deployed")
    witness = Claim.objects.get(document=other, metric="troops_deployed")
    assert witness.status == Claim.Status.SUPPORTED  # the two reports agree
    Document.objects.filter(pk=document.pk).update(read_with="older readers")

    # The new readers read the troop figure as 3,500: it is replaced, the share is kept.
    real = extract_claims

    def changed(text, published):
        found = real(text, published)
        return [
            dataclasses.replace(c, value=3500, low=3150, high=3850)
            if c.metric == "troops_deployed"
            else c
            for c in found
        ]

    monkeypatch.setattr(rereading, "extract_claims", changed)
    output = reread()

    kept = Claim.objects.filter(document=document)
    assert share.pk in {c.pk for c in kept}
    assert troops.pk not in {c.pk for c in kept}
    (new,) = [c for c in kept if c.metric == "troops_deployed"]
    assert new.value == 3500 and new.checked_at is not None
    witness.refresh_from_db()
    assert witness.status != Claim.Status.SUPPORTED  # it heard the old 2,500 no more
    assert "1 replaced by 1" in output


def test_an_interrupted_run_goes_on_where_it_stopped():
    texts = [TEXT, TEXT + " Polls closed late.", TEXT + " Rain fell."]
    documents = [stored(f"https://a.example/{n}", t, f"Outlet {n}") for n, t in enumerate(texts)]
    Document.objects.update(read_with="older readers")

    assert "re-read 2 document(s)" in reread("--limit", "2", "--batch-size", "1")
    assert rereading.documents_to_reread() == [documents[2].pk]
    assert "re-read 1 document(s)" in reread()
    assert rereading.documents_to_reread() == []


def test_a_document_still_in_the_pipeline_is_left_to_it():
    result = document_ingest(
        source=SourceFactory(name="Outlet A"), url="https://a.example/1", text=TEXT
    )
    assert rereading.documents_to_reread() == []
    assert rereading.document_reread(document_id=result.document.pk).kept == 0
