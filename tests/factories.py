"""factory_boy factories for the pipeline's records. Built rows never go through the pipeline,
so tests that use them do not depend on extraction or cross-checking; what the pipeline stores
by rule (a document's origin, a claim's passage) they store by the same rules."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from claims.figures import interval_for
from claims.models import Claim, Document, Evidence, ReferenceFigure, Review, Source
from claims.provenance import document_origin, passage_of
from claims.text import content_hash

SENTENCE = "US forces have been attacked more than {n} times since Oct. 17, officials said."


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(StaffFactory):
    is_superuser = True


class ReviewerFactory(StaffFactory):
    """A staff user who may read everything and add decisions, but change nothing else."""

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        if not create:
            return
        codenames = ["add_review", "view_review", "view_claim", "view_evidence", "view_document"]
        user.user_permissions.add(
            *Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    kind = Source.Kind.OUTLET
    url = factory.LazyAttribute(lambda s: f"https://{s.name.lower().replace(' ', '-')}.example")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    published = dt.date(2024, 1, 27)
    text = factory.Sequence(lambda n: f"Bulletin {n}. " + SENTENCE.format(n=150))
    content_hash = factory.LazyAttribute(lambda d: content_hash(d.text))
    state = Document.State.CHECKED
    copy_of = None
    origin = factory.LazyAttribute(
        lambda d: document_origin(d.source, d.copy_of.source if d.copy_of else None)
    )


def _span_start(claim) -> int:
    found = claim.document.text.find(claim.quote)
    return found if found != -1 else 0


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim whose quote sits at its span in the document's text (when the text holds it)."""

    class Meta:
        model = Claim

    class Params:
        interval = factory.LazyAttribute(lambda c: interval_for(c.value, c.qualifier))

    document = factory.SubFactory(DocumentFactory)
    metric = "attacks"
    value = 150.0
    qualifier = "more_than"
    low = factory.LazyAttribute(lambda c: c.interval.low)
    high = factory.LazyAttribute(lambda c: c.interval.high)
    quote = "more than 150"
    start = factory.LazyAttribute(_span_start)
    end = factory.LazyAttribute(lambda c: c.start + len(c.quote))
    sentence = factory.LazyAttribute(lambda c: SENTENCE.format(n=int(c.value)))
    passage = factory.LazyAttribute(lambda c: passage_of(c.sentence))
    place = "Iraq and Syria"
    actor = "US forces"
    as_of = factory.LazyAttribute(lambda c: c.document.published)
    since = dt.date(2023, 10, 17)
    attribution = "officials said"
    # As extraction reads SENTENCE: "attacked more than 150 times" counts times.
    unit = "times"
    unit_kind = "count"
    counted = "times"
    status = Claim.Status.SUPPORTED
    confidence = 0.8
    explanation = "Supported by one independent source."


class ReferenceFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceFigure

    class Params:
        interval = factory.LazyAttribute(lambda r: interval_for(r.value, r.qualifier))

    metric = "attacks"
    place = "Iraq and Syria"
    value = 151.0
    qualifier = "exact"
    low = factory.LazyAttribute(lambda r: r.interval.low)
    high = factory.LazyAttribute(lambda r: r.interval.high)
    as_of = dt.date(2024, 1, 26)
    since = dt.date(2023, 10, 17)
    source = factory.SubFactory(SourceFactory, name="US Department of Defense", kind="official")
    url = "https://www.defense.gov/News/Transcripts/"
    quote = "151 attacks since Oct. 17"


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence from another claim; pass reference=... and other_claim=None for a figure."""

    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    other_claim = factory.SubFactory(ClaimFactory, value=160.0, quote="more than 160")
    reference = None
    relation = Evidence.Relation.SUPPORTS
    reason = "a later, higher tally agrees with a floor of 150"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(ReviewerFactory)
    decision = Review.Decision.CONFIRMED
    machine_status = factory.LazyAttribute(lambda r: r.claim.status)
    note = "Checked against the Pentagon briefing."
