"""Bad input against the whole API: schemathesis generates requests from the OpenAPI schema (valid
and invalid ones) and checks that none gets a server error and every response conforms to the
schema; then the issue's hand-picked cases the API tests do not already cover.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, Document, Evidence, Review, Source
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, SuperuserFactory

pytestmark = pytest.mark.django_db


def _openapi_document() -> dict:
    """The schema /api/schema/ serves, built in-process (pytest-django has set Django up)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


def _schema():
    from factcheck.wsgi import application

    loaded = schemathesis.openapi.from_dict(_openapi_document())
    loaded.app = application  # requests go to the WSGI app in-process, as from_wsgi does
    return loaded


schema = _schema()


@schema.hook
def map_case(context, case):
    """A schema-valid document names a source the fixture registered and holds some text: the
    schema cannot say which sources exist, nor that HTML or text must have words left once tags,
    control characters and spaces are taken out; either is rightly refused (400)."""
    from claims.text import html_to_text, normalise_text

    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if case.operation.path == "/api/documents/" and positive and isinstance(body, dict):
        body["source"] = "Al-Monitor"
        for field, read in (("text", str), ("html", html_to_text)):
            if isinstance(body.get(field), str) and not normalise_text(read(body[field])):
                body[field] += " Some words."
    return case


@pytest.fixture
def wsgi_app(db, settings):
    from factcheck.wsgi import application

    # The schema says every operation needs a token; with anonymous reads on (a setting, open
    # by default) reads are public, which the ignored-auth check would rightly flag.
    settings.FACTCHECK_ANONYMOUS_READ = False

    # Something to find: a source the generated documents may name, a claim with evidence.
    SourceFactory(name="Al-Monitor")
    EvidenceFactory(claim=ClaimFactory())
    # The WSGI app closes the database connection after each request, which would end the
    # test's transaction; Django's own test client holds these signals back the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db) -> str:
    return Token.objects.create(user=SuperuserFactory(username="schema")).key


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_without_a_server_error_and_as_documented(case, wsgi_app, token):
    # A superuser's token: every operation, writes included, is reached past the permissions.
    # Every check runs: no server error, every status documented, every body as its schema says,
    # schema-valid input accepted and schema-invalid input refused.
    case.call_and_validate(headers={"Authorization": f"Token {token}"})


# --- the issue's cases --------------------------------------------------------------------------


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Source, Document, Claim, Evidence, Review))


@pytest.fixture
def writer() -> APIClient:
    SourceFactory(name="Al-Monitor")
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=SuperuserFactory()).key}"
    )
    return client


DOCUMENT = {
    "url": "https://www.al-monitor.com/a",
    "source": "Al-Monitor",
    "published": "2024-01-27",
    "text": "US forces were attacked more than 150 times.",
}
GOOD = json.dumps(DOCUMENT)

BODIES = {
    "published-10e100": GOOD.replace('"2024-01-27"', "1" + "0" * 100),
    "published-minus-1e309": GOOD.replace('"2024-01-27"', "-1e309"),
    "text-1e309": GOOD.replace('"US forces were attacked more than 150 times."', "1e309"),
    "title-10e100": GOOD[:-1] + ', "title": ' + "9" * 101 + "}",
    "source-minus-10e100": GOOD.replace('"Al-Monitor"', "-" + "1" + "0" * 100),
    "source-float": GOOD.replace('"Al-Monitor"', "1.5"),
    "infinity-literal": GOOD.replace('"2024-01-27"', "Infinity"),
    "raw-nul-byte": GOOD.replace("150", "150\x00"),
    "nul-in-key": GOOD.replace('"url"', '"u\\u0000rl"'),
}
ENCODED = {
    "utf-16": (GOOD.encode("utf-16"), "application/json"),
    "utf-16-declared": (GOOD.encode("utf-16"), "application/json; charset=utf-16"),
    "latin-1-declared": (
        GOOD.replace("attacked", "attaqué").encode("latin-1"),
        "application/json; charset=latin-1",
    ),
    "bom-utf-8": (b"\xef\xbb\xbf" + GOOD.encode(), "application/json"),
    "gzip-bytes": (b"\x1f\x8b\x08\x00" + bytes(range(256)), "application/json"),
    "text-plain": (GOOD.encode(), "text/plain"),
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_numbers_and_nul_bytes_out_of_range_get_a_4xx_with_a_message(writer, body):
    before = counts()
    response = writer.generic("POST", "/api/documents/", body.encode(), "application/json")
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("raw", ENCODED.values(), ids=ENCODED.keys())
def test_wrong_encodings_get_a_4xx_with_a_message(writer, raw):
    before = counts()
    response = writer.generic("POST", "/api/documents/", *raw)
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/claims/" + "9" * 100 + "/",
        "/api/claims/1e309/",
        "/api/documents/-1/",
        "/api/claims/?document=" + "1" * 100,
        "/api/claims/?document=1e309",
        "/api/claims/?page=" + "9" * 100,
        "/api/claims/?as_of_after=1e309",
        "/api/claims/?source=" + "9" * 100,
        "/api/documents/?published_after=99999-01-01",
        "/api/claims/?q=%00",
    ],
)
def test_numbers_out_of_range_in_paths_and_filters_get_a_4xx_or_nothing_found(writer, path):
    response = writer.get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    if response.status_code == 200:
        assert response.json()["results"] == []


def test_a_review_with_out_of_range_numbers_is_refused(writer):
    claim = ClaimFactory()
    for body in (b'{"decision": 1e309}', b'{"decision": "confirmed", "note": ' + b"9" * 200 + b"}"):
        response = writer.generic(
            "POST", f"/api/claims/{claim.pk}/reviews/", body, "application/json"
        )
        assert response.status_code == 400, response.content[:300]
    assert Review.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ("/api/claims/?reviewed=maybe", "reviewed"),
        ("/api/claims/?reviewed=%25s%25(x)d", "reviewed"),  # a message is %-formatted: no 500
        ("/api/claims/?reviewed=", "reviewed"),
        ("/api/claims/?published_before=", "published_before"),
        ("/api/claims/?status=", "status"),
        ("/api/claims/?unit_kind=furlongs", "unit_kind"),
        ("/api/claims/?unit_kind=", "unit_kind"),
        ("/api/claims/?open=maybe", "open"),
        ("/api/claims/?open=", "open"),
        ("/api/claims/?document=", "document"),
        ("/api/claims/?as_of_after=yesterday", "as_of"),
        ("/api/documents/?state=lost", "state"),
        ("/api/documents/?ordering=,", "ordering"),
        ("/api/documents/?ordering=", "ordering"),
        ("/api/claims/?ordering=id,,value", "ordering"),
        ("/api/claims/?page=", "page"),
        ("/api/claims/?page=two", "page"),
    ],
)
def test_a_filter_or_page_that_cannot_be_read_is_refused_with_a_message_not_ignored(
    writer, path, refused
):
    response = writer.get(path)
    assert response.status_code == 400, (path, response.content[:300])
    assert refused in response.json()["detail"]


def test_free_text_filters_may_be_empty(writer):
    for path in (
        "/api/claims/?q=&metric=&place=&source=&unit=&counted=",
        "/api/documents/?q=",
    ):
        assert writer.get(path).status_code == 200, path


def test_paths_under_the_api_that_name_nothing_get_a_json_404(writer):
    for path in (
        "/api/claims/1.5/",
        "/api/claims/abc/timeline/",
        "/api/nothing-here/",
        "/api/claims/.%0D%0Ax/",  # line breaks in the path
    ):
        response = writer.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]
    assert "no API endpoint" in writer.get("/api/nothing-here/").json()["detail"]
    assert writer.get("/api/claims/?page=999").status_code == 404  # a page past the last
    # A path without its trailing slash is still redirected to the endpoint it names.
    assert writer.get("/api/claims").status_code == 301


def test_the_schema_documents_every_refusal_an_operation_can_give():
    document = _openapi_document()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method == "post":
                assert {"400", "413", "415", "429"} <= codes, (method, path)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    assert parameter["schema"]["minimum"] == 1, (path, parameter)
    ingest = document["components"]["schemas"]["DocumentIngestRequest"]
    assert ingest["additionalProperties"] is False
    assert ingest["oneOf"] == [{"required": ["text"]}, {"required": ["html"]}]


def test_the_schema_states_what_a_claim_measures_and_its_filters():
    from claims.extraction.units import UNIT_KINDS

    document = _openapi_document()
    parameters = {
        p["name"]: p["schema"] for p in document["paths"]["/api/claims/"]["get"]["parameters"]
    }
    assert sorted(parameters["unit_kind"]["items"]["enum"]) == sorted(UNIT_KINDS)
    assert parameters["open"]["type"] == "boolean"
    assert parameters["unit"]["type"] == parameters["counted"]["type"] == "string"
    schemas = document["components"]["schemas"]
    for name in ("Claim", "ClaimDetail", "DocumentClaim"):
        properties = schemas[name]["properties"]
        assert {"unit", "unit_kind", "counted"} <= set(properties), name
        assert properties["unit_kind"]["allOf"] == [{"$ref": "#/components/schemas/UnitKindEnum"}]
    assert schemas["UnitKindEnum"]["enum"] == list(UNIT_KINDS)
