"""A claim's passage and a document's origin: stored once by one rule (claims.provenance), kept
true when a source or a document is corrected, and read from the columns everywhere."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from claims.models import Claim, Document, Source
from claims.provenance import MIN_PASSAGE_CHARS, document_origin, passage_of, source_origin
from claims.selectors.claims import claims_by_ids
from claims.services import checking
from claims.services.documents import document_ingest, document_update
from claims.services.sources import source_update
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EvidenceFactory,
    ReferenceFigureFactory,
    SourceFactory,
)
from tests.test_origins import stored

LONG = "US forces have been attacked more than 150 times in Iraq and Syria since Oct. 17."


# --- the rules (pure) ----------------------------------------------------------------------------


def test_a_passage_is_the_md5_of_the_lower_cased_sentence_and_empty_when_short():
    assert len(LONG) >= MIN_PASSAGE_CHARS
    assert passage_of(LONG) == hashlib.md5(LONG.lower().encode(), usedforsecurity=False).hexdigest()
    assert passage_of(LONG.upper()) == passage_of(LONG)
    assert passage_of("x" * (MIN_PASSAGE_CHARS - 1)) == ""
    assert passage_of("x" * MIN_PASSAGE_CHARS) != ""


def test_a_copy_speaks_for_its_original_s_source_by_its_group_else_its_name():
    wire = Source(name="Reuters", independence_group="")
    group = Source(name="Marine Corps Times", independence_group="Military Times")
    assert source_origin(wire) == "Reuters" and source_origin(group) == "Military Times"
    assert document_origin(group) == "Military Times"
    assert document_origin(group, wire) == "Reuters"
    assert group.origin == "Military Times"  # Source.origin is the same rule


# --- stored by the pipeline (a copy's origin: tests/test_origins.py) ----------------------------


@pytest.mark.django_db
def test_the_extract_step_stores_each_claim_s_passage_by_the_rule():
    text = LONG + " Two rockets hit the base."
    document = stored(text, outlet="Wire", url="https://w.example/1", published=None)
    claims = list(Claim.objects.filter(document=document))
    assert claims
    for claim in claims:
        assert claim.passage == passage_of(claim.sentence)
    assert any(claim.passage for claim in claims)


@pytest.mark.django_db
def test_a_document_stores_its_source_s_origin_from_the_start():
    group = SourceFactory(name="Marine Corps Times", independence_group="Military Times")
    result = document_ingest(source=group, url="https://mct.example/1", text=LONG)
    assert Document.objects.get(pk=result.document.pk).origin == "Military Times"


# --- kept true by the services that change its inputs --------------------------------------------


def troops(value: float, source: Source, **fields) -> Claim:
    return ClaimFactory(
        document=DocumentFactory(source=source, **fields),
        metric="troops_deployed",
        place="Iraq",
        value=value,
        qualifier="exact",
        quote=f"{value:g} troops",
        # Each outlet's own words: a sentence shared word for word would make them one voice.
        sentence=f"{source.name} counts {value:g} troops deployed in Iraq in its own report today.",
        since=None,
        attribution="",
        status=Claim.Status.PENDING,
        confidence=0.0,
        explanation="",
    )


@pytest.fixture
def two_outlets_one_copy(db):
    """Reuters and AP report 2,500 troops; a mirror runs a copy of the AP story."""
    reuters, ap = SourceFactory(name="Reuters"), SourceFactory(name="AP")
    mirror = SourceFactory(name="Daily Mirror Site")
    here, there = troops(2500, reuters), troops(2500, ap)
    copy = troops(2500, mirror, copy_of=there.document)
    return here, there, copy


def test_a_new_independence_group_is_stored_on_the_source_s_documents_and_their_copies(
    two_outlets_one_copy,
):
    here, there, copy = two_outlets_one_copy
    assert (there.document.origin, copy.document.origin) == ("AP", "AP")
    source_update(source_id=there.document.source_id, independence_group="Reuters")
    for claim in (here, there, copy):
        claim.document.refresh_from_db()
    assert (there.document.origin, copy.document.origin) == ("Reuters", "Reuters")
    assert here.document.origin == "Reuters"  # its own source, untouched


def checked_at() -> dict[int, dt.datetime | None]:
    return dict(Claim.objects.values_list("pk", "checked_at"))


def test_a_new_independence_group_re_checks_the_claims_that_hear_it(two_outlets_one_copy):
    here, there, copy = two_outlets_one_copy
    elsewhere = troops(900, SourceFactory(name="Elsewhere"), published=dt.date(2020, 1, 1))
    checking.claims_crosscheck(claims=claims_by_ids(ids=[here.pk, there.pk, copy.pk, elsewhere.pk]))
    here.refresh_from_db()
    assert here.status == Claim.Status.SUPPORTED, here.explanation  # AP is another origin
    before = checked_at()
    source_update(source_id=there.document.source_id, independence_group="Reuters")
    after = checked_at()
    rechecked = {pk for pk, when in after.items() if when != before[pk]}
    assert rechecked == {here.pk, there.pk, copy.pk}  # not the claim that never heard AP
    # Reuters and AP are now one origin: no other origin's figure corroborates the Reuters claim.
    here.refresh_from_db()
    assert here.status != Claim.Status.SUPPORTED, here.explanation


@pytest.mark.django_db
def test_a_new_source_name_re_checks_the_claims_citing_its_reference_figures():
    official = SourceFactory(name="Pentagon", kind=Source.Kind.OFFICIAL)
    reference = ReferenceFigureFactory(source=official)
    citing = EvidenceFactory(reference=reference, other_claim=None).claim
    source_update(source_id=official.pk, name="US Department of Defense")
    citing.refresh_from_db()
    assert citing.checked_at is not None


@pytest.mark.django_db
def test_a_change_that_leaves_the_origin_as_it_was_re_checks_nothing():
    claim = troops(2500, SourceFactory(name="Reuters", independence_group="Thomson Reuters"))
    source_update(source_id=claim.document.source_id, name="Reuters News")
    claim.refresh_from_db()
    assert claim.document.origin == "Thomson Reuters" and claim.checked_at is None


def test_a_document_moved_to_another_source_takes_its_voice_with_its_copies(two_outlets_one_copy):
    here, there, copy = two_outlets_one_copy
    document_update(document_id=there.document_id, source=here.document.source)
    there.document.refresh_from_db()
    copy.document.refresh_from_db()
    assert (there.document.origin, copy.document.origin) == ("Reuters", "Reuters")
    assert Claim.objects.filter(pk__in=[there.pk, copy.pk], checked_at=None).count() == 0


@pytest.mark.django_db
def test_only_a_document_s_corrections_can_be_changed():
    document = DocumentFactory()
    with pytest.raises(ValueError, match="origin"):
        document_update(document_id=document.pk, origin="Someone")
    with pytest.raises(ValueError, match="created_at"):
        source_update(source_id=document.source_id, created_at=None)


# --- filled for rows stored before (migration 0005) ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_passages_and_origins_by_the_same_rules():
    before, after = (
        [("claims", "0004_source_name_any_case")],
        [("claims", "0005_claim_passage_document_origin")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldSource, OldDocument, OldClaim = (
        apps.get_model("claims", name) for name in ("Source", "Document", "Claim")
    )
    try:
        ap = OldSource.objects.create(name="AP")
        group = OldSource.objects.create(
            name="Marine Corps Times", independence_group="Military Times"
        )
        original = OldDocument.objects.create(
            source=ap, url="https://ap.example/1", text=LONG, content_hash="a" * 64
        )
        copy = OldDocument.objects.create(
            source=group,
            url="https://mct.example/1",
            text=LONG,
            content_hash="b" * 64,
            copy_of=original,
        )
        own = OldDocument.objects.create(
            source=group, url="https://mct.example/2", text="Short.", content_hash="c" * 64
        )
        for document, sentence in ((original, LONG), (copy, LONG.upper()), (own, "Short.")):
            OldClaim.objects.create(
                document=document,
                metric="attacks",
                value=150,
                qualifier="more_than",
                quote="150",
                start=0,
                end=3,
                sentence=sentence,
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        origins = dict(Document.objects.values_list("url", "origin"))
        assert origins == {
            "https://ap.example/1": "AP",
            "https://mct.example/1": "AP",  # a copy speaks for its original's source
            "https://mct.example/2": "Military Times",
        }
        for sentence, passage in Claim.objects.values_list("sentence", "passage"):
            assert passage == passage_of(sentence)
        assert Claim.objects.filter(passage="").count() == 1  # "Short." is too short
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
