"""The REST API: ingest, reads, filters, reviews, auth, and bad input that must change nothing."""

from __future__ import annotations

import datetime as dt
import io
import json

import hypothesis
import pytest
from django.core.exceptions import RequestDataTooBig
from django.core.management import call_command
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.api.parsers import BoundedJSONParser
from claims.models import Claim, Document, Evidence, Review, Source
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EvidenceFactory,
    ReferenceFigureFactory,
    ReviewerFactory,
    ReviewFactory,
    SourceFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ARTICLE = (
    "WASHINGTON — US forces in Iraq and Syria have come under attack more than 150 times "
    "since Oct. 17, US officials say."
)


def token_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def writer() -> APIClient:
    """An API client: a plain user with a token."""
    return token_client(UserFactory(username="alice"))


@pytest.fixture
def reviewer() -> APIClient:
    return token_client(ReviewerFactory(username="bob"))


@pytest.fixture
def outlet() -> Source:
    return SourceFactory(name="Al-Monitor")


def document_body(**overrides) -> dict:
    body = {
        "url": "https://www.al-monitor.com/originals/2024/01/us-troops-iraq",
        "title": "US troops in Iraq",
        "source": "Al-Monitor",
        "published": "2024-01-27",
        "text": ARTICLE,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Source, Document, Claim, Evidence, Review))


# --- ingest -------------------------------------------------------------------------------------


def test_post_document_answers_202_with_a_status_url(writer, outlet):
    response = writer.post("/api/documents/", document_body(), format="json")

    assert response.status_code == 202, response.content
    body = response.json()
    document = Document.objects.get()
    assert body["id"] == document.pk
    assert body["created"] is True
    assert body["state"] == Document.State.RECEIVED
    assert body["status_url"].endswith(f"/api/documents/{document.pk}/")
    assert response["Location"] == body["status_url"]
    assert body["source"] == "Al-Monitor"
    assert body["published"] == "2024-01-27"
    assert document.text == ARTICLE
    assert writer.get(body["status_url"]).json()["state"] == Document.State.RECEIVED


def test_post_document_queues_extraction_after_commit(
    writer, outlet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = writer.post("/api/documents/", document_body(), format="json")
    assert response.status_code == 202
    assert len(callbacks) == 1


def test_source_may_be_named_by_id_and_text_given_as_html(writer, outlet):
    html = "<p>US forces were attacked <b>more than 150</b> times.</p><script>alert(1)</script>"
    response = writer.post(
        "/api/documents/",
        document_body(source=outlet.pk, text=..., html=html, published=None),
        format="json",
    )
    assert response.status_code == 202, response.content
    document = Document.objects.get()
    assert document.source == outlet
    assert document.published is None
    assert "alert" not in document.text
    assert "more than 150" in document.text


@pytest.mark.parametrize(
    "change",
    [
        {"url": "https://WWW.al-monitor.com/originals/2024/01/us-troops-iraq/?utm_source=x"},
        {"url": "https://another.example/copy-of-the-story", "title": "A copy"},
    ],
    ids=["same-canonical-url", "same-text"],
)
def test_a_stored_document_is_answered_with_the_existing_one(writer, outlet, change):
    first = writer.post("/api/documents/", document_body(), format="json").json()
    before = counts()

    response = writer.post("/api/documents/", document_body(**change), format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == first["id"]
    assert body["created"] is False
    assert set(body) == set(first)
    assert counts() == before


def test_anonymous_write_is_refused(anonymous, outlet):
    response = anonymous.post("/api/documents/", document_body(), format="json")
    assert response.status_code == 401
    assert "detail" in response.json()
    assert Document.objects.count() == 0


def test_session_write_needs_staff(outlet):
    client = APIClient()
    client.force_login(UserFactory())
    assert client.post("/api/documents/", document_body(), format="json").status_code == 403
    client.force_login(StaffFactory())
    assert client.post("/api/documents/", document_body(), format="json").status_code == 202


def test_a_session_write_without_the_csrf_token_is_refused(outlet):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(StaffFactory())
    response = client.post("/api/documents/", document_body(), format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert Document.objects.count() == 0


def _raw(body: bytes, content_type: str = "application/json"):
    return {"data": body, "content_type": content_type}


BAD_BODIES = {
    "malformed-json": _raw(b'{"url": "https://x.example/a", "text": '),
    "json-list": _raw(b"[1, 2, 3]"),
    "empty-body": _raw(b""),
    "missing-text": document_body(text=...),
    "empty-text": document_body(text="   "),
    "text-and-html": document_body(html="<p>x</p>"),
    "invalid-utf8": _raw(b'{"url": "https://x.example/a", "text": "caf\xe9 \xff\xfe"}'),
    "binary-bytes": _raw(bytes(range(256)) * 8, "application/octet-stream"),
    "form-encoded": _raw(
        b"url=https://x.example/a&text=hello", "application/x-www-form-urlencoded"
    ),
    "nul-bytes": document_body(text="150 attacks\x00\x00"),
    "nul-in-title": document_body(title="a\x00b"),
    "lone-surrogate": _raw(json.dumps(document_body(text="attacks \ud800 150")).encode("ascii")),
    "unknown-source": document_body(source="The Daily Nowhere"),
    "unknown-source-id": document_body(source=987654),
    "source-id-overflow": _raw(json.dumps(document_body(source=10**100)).encode()),
    "source-as-list": document_body(source=["Al-Monitor"]),
    "published-yesterday": document_body(published="yesterday"),
    "published-number": document_body(published=20240127),
    "published-impossible": document_body(published="2024-02-30"),
    "text-number": document_body(text=150),
    "title-number": document_body(title=12),
    "url-not-http": document_body(url="ftp://files.example/a.txt"),
    "url-missing": document_body(url=...),
    "unknown-field": document_body(outlet="Al-Monitor"),
    "number-1e309": _raw(json.dumps(document_body()).replace('"2024-01-27"', "1e309").encode()),
    "nan-literal": _raw(json.dumps(document_body()).replace('"2024-01-27"', "NaN").encode()),
    "source-1e309": _raw(json.dumps(document_body()).replace('"Al-Monitor"', "1e309").encode()),
    "deep-nesting": _raw(b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
}


@pytest.mark.parametrize("request_kwargs", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_input_gets_a_4xx_with_a_message_and_changes_nothing(writer, outlet, request_kwargs):
    before = counts()
    if "data" in request_kwargs:
        response = writer.generic(
            "POST", "/api/documents/", request_kwargs["data"], request_kwargs["content_type"]
        )
    else:
        response = writer.post("/api/documents/", request_kwargs, format="json")

    assert 400 <= response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    assert counts() == before


def test_bad_input_messages_name_the_problem(writer, outlet):
    def detail(**kwargs):
        return writer.post("/api/documents/", document_body(**kwargs), format="json").json()

    assert "unknown source" in detail(source="Nobody")["source"][0]
    assert "must be a string" in detail(text=150)["text"][0]
    assert "unknown field" in detail(outlet="x")["outlet"][0]
    assert "text or html" in detail(text=...)["text"][0]
    assert "published" in detail(published="yesterday")["detail"]


def test_a_20_mb_body_gets_413(writer, outlet):
    huge = json.dumps(document_body(text="150 attacks. " * (20 * 1024 * 1024 // 13))).encode()
    before = counts()
    response = writer.generic("POST", "/api/documents/", huge, "application/json")
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]
    assert counts() == before


def test_the_body_limit_holds_without_a_declared_length(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    parser = BoundedJSONParser()
    with pytest.raises(RequestDataTooBig):
        parser.parse(io.BytesIO(b'{"text": "' + b"a" * 5000 + b'"}'), parser_context={})
    assert parser.parse(io.BytesIO(b'{"text": "short"}'), parser_context={}) == {"text": "short"}


# --- documents: reads ---------------------------------------------------------------------------


def test_document_list_filters_by_state_source_and_published(anonymous):
    reuters = SourceFactory(name="Reuters")
    old = DocumentFactory(source=reuters, published=dt.date(2023, 11, 1))
    new = DocumentFactory(published=dt.date(2024, 1, 27), state=Document.State.FAILED)

    def ids(query: str) -> set[int]:
        response = anonymous.get(f"/api/documents/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {old.pk, new.pk}
    assert ids("state=failed") == {new.pk}
    assert ids("source=reuters") == {old.pk}
    assert ids(f"source={reuters.pk}") == {old.pk}
    assert ids("published_after=2024-01-01") == {new.pk}
    assert ids("published_before=2023-12-31") == {old.pk}
    assert ids("q=story") == {old.pk, new.pk}
    assert ids(f"q={old.url}") == {old.pk}
    ordered = anonymous.get("/api/documents/?ordering=published").json()["results"]
    assert [row["id"] for row in ordered] == [old.pk, new.pk]
    assert anonymous.get("/api/documents/?state=nonsense").status_code == 400
    assert anonymous.get("/api/documents/?published_after=yesterday").status_code == 400


def test_document_detail_shows_state_error_attempts_and_claims(anonymous):
    document = DocumentFactory(state=Document.State.FAILED, attempts=5, error="extraction failed")
    claim = ClaimFactory(document=document)

    body = anonymous.get(f"/api/documents/{document.pk}/").json()

    assert body["state"] == "failed"
    assert body["attempts"] == 5
    assert body["error"] == "extraction failed"
    assert body["claim_count"] == 1
    assert body["text"] == document.text
    assert [c["id"] for c in body["claims"]] == [claim.pk]
    assert body["claims"][0]["quote"] == "more than 150"
    assert (body["claims"][0]["unit"], body["claims"][0]["unit_kind"]) == ("times", "count")
    assert body["claims"][0]["counted"] == "times"
    assert anonymous.get("/api/documents/999999/").status_code == 404
    assert anonymous.get(f"/api/documents/{10**30}/").status_code == 404


# --- claims -------------------------------------------------------------------------------------


def test_claim_list_filters(anonymous):
    reuters = SourceFactory(name="Reuters")
    troops = ClaimFactory(
        metric="troops_deployed",
        value=2500,
        qualifier="exact",
        quote="2,500",
        sentence="The US has 2,500 troops in Iraq.",
        place="Iraq",
        status=Claim.Status.SUPPORTED,
        as_of=dt.date(2024, 1, 27),
    )
    attacks = ClaimFactory(
        document=DocumentFactory(source=reuters, published=dt.date(2023, 11, 14)),
        status=Claim.Status.CONFLICTING,
        as_of=None,
    )
    ReviewFactory(claim=troops)

    def ids(query: str) -> set[int]:
        response = anonymous.get(f"/api/claims/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {troops.pk, attacks.pk}
    assert ids("status=conflicting") == {attacks.pk}
    assert ids("status=conflicting&status=supported") == {troops.pk, attacks.pk}
    assert ids("metric=troops_deployed") == {troops.pk}
    assert ids("place=iraq") == {troops.pk}
    assert ids("source=Reuters") == {attacks.pk}
    assert ids(f"source={reuters.pk}") == {attacks.pk}
    assert ids(f"document={troops.document_id}") == {troops.pk}
    assert ids("qualifier=more_than") == {attacks.pk}
    assert ids("as_of_after=2024-01-01") == {troops.pk}
    assert ids("published_before=2023-12-31") == {attacks.pk}
    # `date` reads as_of, or the publication date when the figure has none.
    assert ids("date_before=2023-12-31") == {attacks.pk}
    assert ids("date_after=2024-01-01&date_before=2024-01-31") == {troops.pk}
    assert ids("q=2,500") == {troops.pk}
    assert ids("q=ATTACKED") == {attacks.pk}
    assert ids("reviewed=true") == {troops.pk}
    assert ids("reviewed=false") == {attacks.pk}
    ordered = anonymous.get("/api/claims/?ordering=-value").json()["results"]
    assert [row["id"] for row in ordered] == [troops.pk, attacks.pk]
    ordered = anonymous.get("/api/claims/?ordering=published").json()["results"]
    assert [row["id"] for row in ordered] == [attacks.pk, troops.pk]
    for bad in (
        "ordering=sentence",
        "status=maybe",
        "unit_kind=lots",
        "unit_kind=PERCENT",
        "unit_kind=",
        "open=maybe",
        "open=",
        "unit=a%00b",
        "document=abc",
        "as_of_after=yesterday",
        "document=1e309",
        f"document={10**30}",
        "metric=a%00b",
    ):
        response = anonymous.get(f"/api/claims/?{bad}")
        assert response.status_code == 400, bad
        assert response.json()["detail"]


def test_claim_list_filters_by_what_the_figure_measures(anonymous):
    attacks = ClaimFactory()
    troops = ClaimFactory(
        metric="troops_deployed", quote="2,500 troops", unit="troops", counted="troops"
    )
    share = ClaimFactory(
        metric="~voters [percent]",
        value=40,
        qualifier="exact",
        quote="40%",
        sentence="Turnout was 40% of voters.",
        unit="percent",
        unit_kind="percent",
        counted="voters",
    )
    rent = ClaimFactory(
        metric="~? [USD per month]",
        value=30,
        qualifier="exact",
        quote="$30 a month",
        sentence="Rent rose to $30 a month.",
        unit="USD per month",
        unit_kind="currency",
        counted="",
    )

    def ids(query: str) -> set[int]:
        response = anonymous.get(f"/api/claims/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("open=true") == {share.pk, rent.pk}
    assert ids("open=FALSE") == {attacks.pk, troops.pk}
    assert ids("open=true&metric=~voters [percent]") == {share.pk}
    assert ids("unit_kind=percent") == {share.pk}
    assert ids("unit_kind=count") == {attacks.pk, troops.pk}
    assert ids("unit_kind=percent&unit_kind=currency") == {share.pk, rent.pk}
    assert ids("unit_kind=age") == set()
    assert ids("unit=USD per month") == {rent.pk}
    assert ids("unit=usd per month") == set()  # exact
    assert ids("counted=VOTERS") == {share.pk}  # any case
    assert ids("counted=vote") == set()  # the whole phrase
    assert ids("counted=troops&unit_kind=count&open=false") == {troops.pk}


def test_claim_list_shows_verdict_and_latest_review(anonymous):
    claim = ClaimFactory()
    ReviewFactory(claim=claim, decision=Review.Decision.CONFIRMED, note="older")
    ReviewFactory(claim=claim, decision=Review.Decision.CONTRADICTED, note="newer")

    row = anonymous.get("/api/claims/").json()["results"][0]

    assert row["status"] == "supported"
    assert row["confidence"] == 0.8
    assert row["explanation"]
    assert row["outlet"] == claim.document.source.name
    assert row["document_url"] == claim.document.url
    assert row["review"]["decision"] == "contradicted"
    assert row["review"]["machine_status"] == "supported"
    assert row["review"]["note"] == "newer"


def test_claims_say_what_their_figure_measures(anonymous):
    claim = ClaimFactory(
        metric="~? [USD per month]",
        value=30,
        qualifier="exact",
        quote="$30 a month",
        sentence="Rent rose to $30 a month.",
        unit="USD per month",
        unit_kind="currency",
        counted="",
    )
    measured = {"metric": "~? [USD per month]", "unit": "USD per month", "unit_kind": "currency"}

    row = anonymous.get("/api/claims/").json()["results"][0]
    detail = anonymous.get(f"/api/claims/{claim.pk}/").json()
    in_document = anonymous.get(f"/api/documents/{claim.document_id}/").json()["claims"][0]

    for body in (row, detail, in_document):
        assert {k: body[k] for k in measured} == measured
        assert body["counted"] == ""


def test_an_unknown_unit_kind_is_refused_with_a_message(anonymous):
    ClaimFactory()
    response = anonymous.get("/api/claims/?unit_kind=furlongs")
    assert response.status_code == 400
    assert "unit_kind" in response.json()["detail"]
    assert "furlongs" in response.json()["detail"]


def test_claim_detail_has_evidence_from_claims_and_reference_figures(anonymous):
    claim = ClaimFactory()
    other = EvidenceFactory(claim=claim).other_claim
    reference = ReferenceFigureFactory()
    EvidenceFactory(
        claim=claim,
        other_claim=None,
        reference=reference,
        relation=Evidence.Relation.CONTRADICTS,
        reason="below the Pentagon's count",
    )

    body = anonymous.get(f"/api/claims/{claim.pk}/").json()

    assert body["status"] == "supported" and body["review"] is None and body["reviews"] == []
    by_kind = {e["kind"]: e for e in body["evidence"]}
    assert by_kind["claim"] == {
        "relation": "supports",
        "reason": "a later, higher tally agrees with a floor of 150",
        "deciding": False,
        "kind": "claim",
        "other_claim": other.pk,
        "reference": None,
        "dataset": None,
        "query": {},
        "outlet": other.document.source.name,
        "document_url": other.document.url,
        "value": 160.0,
        "qualifier": "more_than",
        "as_of": "2024-01-27",
        "since": "2023-10-17",
        "quote": "more than 160",
    }
    assert by_kind["reference"]["outlet"] == "US Department of Defense"
    assert by_kind["reference"]["document_url"] == reference.url
    assert by_kind["reference"]["value"] == 151.0
    assert by_kind["reference"]["as_of"] == "2024-01-26"
    assert by_kind["reference"]["relation"] == "contradicts"


@pytest.mark.parametrize(
    ("path", "build", "queries"),
    [
        # count, claims joined with document and source, reviews prefetched
        ("/api/claims/", lambda: EvidenceFactory(claim=ReviewFactory().claim), 3),
        # count, documents joined with source and counted claims
        ("/api/documents/", lambda: ClaimFactory(), 2),
        ("/api/sources/", lambda: SourceFactory(), 2),
    ],
    ids=["claims", "documents", "sources"],
)
def test_list_endpoints_run_a_constant_number_of_queries(
    anonymous, django_assert_num_queries, path, build, queries
):
    build()
    with django_assert_num_queries(queries):
        assert anonymous.get(path).status_code == 200
    for _ in range(19):
        build()
    with django_assert_num_queries(queries):
        response = anonymous.get(path)
    assert response.json()["count"] >= 20
    assert len(response.json()["results"]) >= 20


# --- reviews ------------------------------------------------------------------------------------


def test_reviewer_records_a_decision_without_changing_the_verdict(reviewer):
    claim = ClaimFactory(status=Claim.Status.SUPPORTED, confidence=0.8)

    response = reviewer.post(
        f"/api/claims/{claim.pk}/reviews/",
        {"decision": "contradicted", "note": "  The count was revised.  "},
        format="json",
    )

    assert response.status_code == 201, response.content
    review = Review.objects.get()
    assert review.decision == "contradicted"
    assert review.machine_status == "supported"
    assert review.note == "The count was revised."
    assert review.reviewer.username == "bob"
    claim.refresh_from_db()
    assert (claim.status, claim.confidence) == ("supported", 0.8)
    listed = reviewer.get(f"/api/claims/{claim.pk}/reviews/").json()
    assert [r["id"] for r in listed] == [review.pk]
    assert reviewer.get(f"/api/claims/{claim.pk}/").json()["review"]["id"] == review.pk


def test_only_reviewers_record_decisions(anonymous, writer):
    claim = ClaimFactory()
    url = f"/api/claims/{claim.pk}/reviews/"
    assert anonymous.post(url, {"decision": "confirmed"}, format="json").status_code == 401
    assert writer.post(url, {"decision": "confirmed"}, format="json").status_code == 403
    staff = token_client(StaffFactory())
    assert staff.post(url, {"decision": "confirmed"}, format="json").status_code == 403
    admin = token_client(SuperuserFactory())
    assert admin.post(url, {"decision": "confirmed"}, format="json").status_code == 201
    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"decision": "great"},
        {},
        {"decision": "confirmed", "note": 5},
        {"decision": "confirmed", "status": "supported"},
        {"decision": "confirmed", "note": "a\x00b"},
    ],
)
def test_bad_review_input_changes_nothing(reviewer, body):
    claim = ClaimFactory()
    response = reviewer.post(f"/api/claims/{claim.pk}/reviews/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Review.objects.count() == 0


def test_review_of_a_missing_claim_is_404(reviewer):
    response = reviewer.post(
        "/api/claims/424242/reviews/", {"decision": "confirmed"}, format="json"
    )
    assert response.status_code == 404


# --- sources ------------------------------------------------------------------------------------


def test_sources_are_readable_and_registered_by_administrators_only(anonymous, writer, reviewer):
    source = SourceFactory(name="AP", kind=Source.Kind.WIRE, independence_group="AP")
    listed = anonymous.get("/api/sources/").json()["results"]
    assert [s["name"] for s in listed] == ["AP"]
    assert anonymous.get(f"/api/sources/{source.pk}/").json()["kind"] == "wire"

    body = {"name": "Stars and Stripes", "kind": "outlet", "url": "https://www.stripes.com"}
    assert anonymous.post("/api/sources/", body, format="json").status_code == 401
    assert writer.post("/api/sources/", body, format="json").status_code == 403
    # A reviewer records decisions; sources are an administrator's to register.
    assert reviewer.post("/api/sources/", body, format="json").status_code == 403
    staff = token_client(SuperuserFactory())
    response = staff.post("/api/sources/", body, format="json")
    assert response.status_code == 201, response.content
    assert Source.objects.filter(name="Stars and Stripes").exists()

    # too long as sent, though not once its ends are trimmed: the schema's maxLength holds
    too_long = {"name": "\x1d" + "x" * 200}
    spaced_url = {"name": "Y", "url": " https://y.test"}  # the schema's pattern fails it too
    for bad in (
        {"name": " 12345 "},
        {"name": 7},
        {"name": "X", "kind": "blog"},
        {"name": " "},
        too_long,
        spaced_url,
    ):
        response = staff.post("/api/sources/", bad, format="json")
        assert response.status_code == 400, bad
    taken = staff.post("/api/sources/", {"name": "ap"}, format="json")  # AP is registered
    assert taken.status_code == 409
    assert taken.json()["detail"] == "a source with this name is already registered"
    assert Source.objects.count() == 2


def test_anonymous_reads_can_be_turned_off(anonymous, writer, settings):
    settings.FACTCHECK_ANONYMOUS_READ = False
    assert anonymous.get("/api/claims/").status_code == 401
    assert writer.get("/api/claims/").status_code == 200


# --- schema, docs, token command ----------------------------------------------------------------


def test_openapi_schema_describes_the_endpoints(anonymous):
    response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in (
        "/api/documents/",
        "/api/documents/{id}/",
        "/api/claims/",
        "/api/claims/{id}/",
        "/api/claims/{id}/reviews/",
        "/api/sources/",
    ):
        assert path in paths
    assert "202" in paths["/api/documents/"]["post"]["responses"]


def test_docs_page_is_served_without_the_internet(anonymous):
    response = anonymous.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn.jsdelivr.net" not in page
    assert "drf_spectacular_sidecar/swagger-ui-dist" in page


def test_create_api_token_command_makes_a_working_token(outlet, capsys):
    call_command("create_api_token", "carol", "--staff", stderr=io.StringIO())
    key = capsys.readouterr().out.strip()
    call_command("create_api_token", "carol")
    assert capsys.readouterr().out.strip() == key

    token = Token.objects.get(key=key)
    assert token.user.username == "carol" and token.user.is_staff
    assert not token.user.has_usable_password()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post("/api/documents/", document_body(), format="json").status_code == 202


def test_create_api_token_for_a_reviewer():
    call_command("create_api_token", "dave", "--reviewer", stdout=io.StringIO())
    user = Token.objects.get(user__username="dave").user
    assert user.has_perm("claims.add_review")
    assert not user.has_perm("claims.change_claim")


def test_writes_are_throttled_per_user_when_a_rate_is_set(writer, outlet, settings):
    from django.core.cache import cache

    cache.clear()
    settings.FACTCHECK_WRITE_THROTTLE = "2/min"
    for n in range(2):
        body = document_body(url=f"https://x.example/{n}", text=f"{n} attacks")
        assert writer.post("/api/documents/", body, format="json").status_code == 202
    body = document_body(url="https://x.example/late", text="3 attacks")
    response = writer.post("/api/documents/", body, format="json")
    assert response.status_code == 429
    assert response.json()["detail"]
    assert writer.get("/api/documents/").status_code == 200
    cache.clear()


# --- no input makes the server fail -------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = ["url", "title", "source", "published", "text", "html"]


@hypothesis.settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    body=st.dictionaries(st.sampled_from([*FIELDS, "extra"]), JSON_VALUES, max_size=7)
    | st.fixed_dictionaries(
        {"url": st.just("https://x.example/a"), "source": st.just("Al-Monitor")},
        optional={"text": JSON_VALUES | st.text(), "published": JSON_VALUES | st.dates().map(str)},
    )
    | JSON_VALUES
)
def test_any_json_body_gets_an_answer_never_a_server_error(writer, outlet, body):
    response = writer.post("/api/documents/", body, format="json")
    assert response.status_code in (200, 202) or 400 <= response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["detail"]


@hypothesis.settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "metric",
                "place",
                "source",
                "document",
                "qualifier",
                "as_of_after",
                "as_of_before",
                "published_after",
                "date_before",
                "reviewed",
                "open",
                "unit_kind",
                "unit",
                "counted",
                "page",
                "q",
                "ordering",
            ]
        ),
        st.text(max_size=25) | st.integers(min_value=-(10**25), max_value=10**25).map(str),
        max_size=4,
    )
)
def test_any_claim_filter_gets_an_answer_never_a_server_error(anonymous, params):
    response = anonymous.get("/api/claims/", params)
    assert response.status_code in (200, 400, 404), response.content[:300]
