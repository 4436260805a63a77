"""Roles against the admin and the API: reviewers add decisions and change nothing else,
administrators may correct records, outsiders read only when the setting allows, writes are
throttled per user.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Document, Evidence, ReferenceFigure, Review, Source
from claims.roles import ADMINISTRATORS, REVIEWERS, role_permissions, roles_sync
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    ReferenceFigureFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_admin import form_fields

pytestmark = pytest.mark.django_db

CLAIMS_MODELS = [Source, Document, Claim, Evidence, ReferenceFigure, Review]


def member_of(group_name: str, username: str):
    user = StaffFactory(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def with_token(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reviewer_user():
    return member_of(REVIEWERS, "rita")


@pytest.fixture
def admin_user():
    return member_of(ADMINISTRATORS, "adam")


@pytest.fixture
def claim() -> Claim:
    claim = ClaimFactory(place="Iraq and Syria", status=Claim.Status.SUPPORTED, confidence=0.8)
    EvidenceFactory(claim=claim)
    return claim


def snapshot(claim: Claim) -> dict:
    return {
        "claim": Claim.objects.values().get(pk=claim.pk),
        "evidence": list(Evidence.objects.filter(claim=claim).values()),
        "source": Source.objects.values().get(pk=claim.document.source_id),
    }


# --- the groups ---------------------------------------------------------------------------------


def test_migrate_creates_both_roles_with_exactly_their_permissions():
    reviewers = set(
        Group.objects.get(name=REVIEWERS).permissions.values_list("codename", flat=True)
    )
    administrators = set(
        Group.objects.get(name=ADMINISTRATORS).permissions.values_list("codename", flat=True)
    )
    every = set(
        Permission.objects.filter(content_type__app_label="claims").values_list(
            "codename", flat=True
        )
    )
    for model in CLAIMS_MODELS:
        name = model._meta.model_name
        assert f"view_{name}" in reviewers
        assert {f"add_{name}", f"change_{name}", f"delete_{name}"} <= administrators
    assert reviewers - {c for c in reviewers if c.startswith("view_")} == {"add_review"}
    assert administrators == every


def test_roles_are_put_back_when_someone_widened_them():
    reviewers = Group.objects.get(name=REVIEWERS)
    reviewers.permissions.add(Permission.objects.get(codename="change_claim"))
    Group.objects.get(name=ADMINISTRATORS).delete()

    roles_sync()

    assert not reviewers.permissions.filter(codename="change_claim").exists()
    restored = Group.objects.get(name=ADMINISTRATORS).permissions
    assert restored.count() == Permission.objects.filter(content_type__app_label="claims").count()


def test_role_permissions_are_picked_by_rule_not_by_list():
    roles = role_permissions({"view_claim", "change_claim", "add_review", "view_future_model"})
    assert roles[REVIEWERS] == {"view_claim", "add_review", "view_future_model"}
    assert roles[ADMINISTRATORS] == {
        "view_claim",
        "change_claim",
        "add_review",
        "view_future_model",
    }


# --- the admin ----------------------------------------------------------------------------------


def test_reviewer_records_a_decision_in_the_admin_but_the_claim_stays_as_it_was(
    reviewer_user, claim
):
    client = logged_in(reviewer_user)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    before = snapshot(claim)
    data = form_fields(page.content)
    assert "place" not in data, "the claim's scope is editable for a reviewer"
    data.update(
        {
            "reviews-0-decision": "contradicted",
            "reviews-0-note": "The ministry gave a lower count.",
            "place": "Iraq",
            "value": "999",
            "status": "contradicted",
        }
    )

    assert client.post(url, data).status_code == 302

    review = Review.objects.get()
    assert (review.decision, review.reviewer, review.machine_status) == (
        "contradicted",
        reviewer_user,
        "supported",
    )
    assert snapshot(claim) == before


@pytest.mark.parametrize("model", ["source", "document", "referencefigure"])
def test_reviewer_sees_records_read_only_and_a_change_is_refused(reviewer_user, claim, model):
    record = {
        "source": claim.document.source,
        "document": claim.document,
        "referencefigure": ReferenceFigureFactory(),
    }[model]
    client = logged_in(reviewer_user)
    url = f"/admin/claims/{model}/{record.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    before = type(record).objects.values().get(pk=record.pk)

    response = client.post(url, {"name": "Renamed", "title": "Renamed", "url": "https://x.example"})

    assert response.status_code == 403
    delete = client.post(f"/admin/claims/{model}/{record.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert type(record).objects.values().get(pk=record.pk) == before


def test_reviewer_cannot_add_sources_or_delete_claims_in_the_admin(reviewer_user, claim):
    client = logged_in(reviewer_user)
    assert client.get("/admin/claims/source/add/").status_code == 403
    response = client.post(f"/admin/claims/claim/{claim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_administrator_corrects_a_claims_scope_and_a_source_in_the_admin(admin_user, claim):
    client = logged_in(admin_user)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_fields(client.get(url).content)
    data.update({"place": "Iraq", "status": "contradicted"})
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    # The scope is an administrator's to correct; the verdict stays the pipeline's, re-checked.
    assert claim.place == "Iraq" and claim.status != "contradicted"
    assert claim.checked_at is not None

    source = claim.document.source
    url = f"/admin/claims/source/{source.pk}/change/"
    data = form_fields(client.get(url).content)
    data.update({"independence_group": "One owner"})
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.independence_group == "One owner"


# --- the API ------------------------------------------------------------------------------------


def test_reviewer_records_a_decision_through_the_api(reviewer_user, claim):
    client = with_token(reviewer_user)
    response = client.post(
        f"/api/claims/{claim.pk}/reviews/", {"decision": "confirmed"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Review.objects.get().reviewer == reviewer_user


def test_reviewer_cannot_change_claims_evidence_or_sources_through_the_api(reviewer_user, claim):
    client = with_token(reviewer_user)
    before = snapshot(claim)
    source_body = {"name": "Stars and Stripes", "kind": "outlet"}

    assert client.post("/api/sources/", source_body, format="json").status_code == 403
    # Claims and evidence have no write endpoint at all: the pipeline alone writes them.
    for method in ("put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/claims/{claim.pk}/", {"place": "Iraq", "status": "contradicted"}, format="json"
        )
        assert response.status_code == 405, (method, response.status_code)
        response = getattr(client, method)(
            f"/api/sources/{claim.document.source_id}/", {"name": "Renamed"}, format="json"
        )
        assert response.status_code == 405, (method, response.status_code)
    assert client.post("/api/claims/", {"metric": "attacks"}, format="json").status_code == 405

    assert snapshot(claim) == before
    assert not Source.objects.filter(name="Stars and Stripes").exists()


def test_administrator_registers_sources_and_records_decisions_through_the_api(admin_user, claim):
    client = with_token(admin_user)
    response = client.post(
        "/api/sources/", {"name": "Stars and Stripes", "kind": "outlet"}, format="json"
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/claims/{claim.pk}/reviews/", {"decision": "confirmed"}, format="json"
    )
    assert response.status_code == 201, response.content


def test_a_user_without_a_role_reads_and_submits_but_neither_reviews_nor_registers(claim):
    client = with_token(UserFactory(username="plain"))
    assert client.get(f"/api/claims/{claim.pk}/").status_code == 200
    body = {"decision": "confirmed"}
    assert client.post(f"/api/claims/{claim.pk}/reviews/", body, format="json").status_code == 403
    body = {"name": "Stars and Stripes", "kind": "outlet"}
    assert client.post("/api/sources/", body, format="json").status_code == 403
    assert Review.objects.count() == 0


# --- anonymous reads ----------------------------------------------------------------------------


def read_urls(claim: Claim) -> list[str]:
    return [
        "/api/claims/",
        f"/api/claims/{claim.pk}/",
        f"/api/claims/{claim.pk}/reviews/",
        "/api/documents/",
        f"/api/documents/{claim.document_id}/",
        "/api/sources/",
        f"/api/sources/{claim.document.source_id}/",
    ]


def test_anonymous_reads_everything_when_the_setting_allows(settings, claim):
    settings.FACTCHECK_ANONYMOUS_READ = True
    client = APIClient()
    for url in read_urls(claim):
        assert client.get(url).status_code == 200, url
    body = {"decision": "confirmed"}
    assert client.post(f"/api/claims/{claim.pk}/reviews/", body, format="json").status_code == 401


def test_anonymous_reads_nothing_when_the_setting_is_off(settings, claim):
    settings.FACTCHECK_ANONYMOUS_READ = False
    anonymous, reader = APIClient(), with_token(UserFactory(username="reader"))
    for url in read_urls(claim):
        response = anonymous.get(url)
        assert response.status_code == 401, url
        assert response.json()["detail"]
        assert reader.get(url).status_code == 200, url


# --- throttling ---------------------------------------------------------------------------------


@pytest.fixture
def fresh_throttle(settings):
    # The throttle counts in the cache: start and end each test with none.
    cache.clear()
    settings.FACTCHECK_WRITE_THROTTLE = "3/min"
    yield
    cache.clear()


def test_writes_are_throttled_per_user_and_reads_never(fresh_throttle, reviewer_user, claim):
    rita, other = with_token(reviewer_user), with_token(member_of(REVIEWERS, "ross"))
    url = f"/api/claims/{claim.pk}/reviews/"
    codes = [rita.post(url, {"decision": "confirmed"}, format="json").status_code for _ in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    refused = rita.post(url, {"decision": "confirmed"}, format="json")
    assert "throttled" in refused.json()["detail"].lower()
    assert int(refused["Retry-After"]) > 0
    # Another user has a quota of their own; reads are not counted.
    assert other.post(url, {"decision": "confirmed"}, format="json").status_code == 201
    assert all(rita.get(f"/api/claims/{claim.pk}/").status_code == 200 for _ in range(10))
    assert Review.objects.count() == 4


def test_without_a_rate_writes_are_not_throttled(settings, reviewer_user, claim):
    cache.clear()
    settings.FACTCHECK_WRITE_THROTTLE = ""
    client = with_token(reviewer_user)
    url = f"/api/claims/{claim.pk}/reviews/"
    codes = {
        client.post(url, {"decision": "confirmed"}, format="json").status_code for _ in range(8)
    }
    assert codes == {201}
