"""The reviewer's desk: pages render, document text stays inert, decisions are added not edited."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from claims.admin import figure_in_sentence
from claims.models import Claim, Document, Review
from tests.factories import (
    ClaimFactory,
    DocumentFactory,
    EvidenceFactory,
    ReferenceFigureFactory,
    ReviewerFactory,
    ReviewFactory,
    SourceFactory,
    SuperuserFactory,
)

SCRIPT = "<script>alert('owned')</script>"


class _FormFields(HTMLParser):
    """The values a browser would submit from a page's main form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.fields[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.fields[name] = "on"
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(page: bytes) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(page.decode())
    return parser.fields


@pytest.fixture
def superuser_client(db) -> Client:
    client = Client()
    client.force_login(SuperuserFactory(username="root"))
    return client


@pytest.fixture
def reviewer_user(db):
    return ReviewerFactory(username="rita")


@pytest.fixture
def reviewer_client(reviewer_user) -> Client:
    client = Client()
    client.force_login(reviewer_user)
    return client


# --- pure: the highlighted sentence --------------------------------------------------------------


def test_figure_is_marked_at_its_span_and_everything_is_escaped():
    sentence = "Of 150 rockets <b>, more than 150</b> hit."
    text = "Intro. " + sentence
    start = text.index("more than 150")
    html = figure_in_sentence(sentence, "more than 150", start=start, text=text)
    assert html == ("Of 150 rockets &lt;b&gt;, <mark>more than 150</mark>&lt;/b&gt; hit.")


def test_figure_found_by_its_words_when_the_text_is_not_at_hand():
    assert figure_in_sentence("About 2,500 troops.", "2,500") == "About <mark>2,500</mark> troops."
    assert figure_in_sentence("No figure.", "12") == "No figure. <mark>[12]</mark>"


# --- pages render ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_admin_page_renders_for_a_superuser(superuser_client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim, other_claim=None, reference=ReferenceFigureFactory())
    review = ReviewFactory(claim=claim)
    pages = [
        "/admin/",
        "/admin/claims/source/",
        f"/admin/claims/source/{claim.document.source_id}/change/",
        "/admin/claims/source/add/",
        "/admin/claims/document/",
        "/admin/claims/document/?state__exact=checked",
        f"/admin/claims/document/{claim.document_id}/change/",
        "/admin/claims/claim/",
        "/admin/claims/claim/?status__exact=supported&metric=attacks&q=150",
        "/admin/claims/claim/?reviewed=yes",
        "/admin/claims/claim/?unit_kind__exact=percent",
        f"/admin/claims/claim/{claim.pk}/change/",
        "/admin/claims/review/",
        f"/admin/claims/review/{review.pk}/change/",
        "/admin/claims/referencefigure/",
        f"/admin/claims/referencefigure/{claim.evidence.get(reference__isnull=False).reference_id}/change/",
    ]
    for page in pages:
        response = superuser_client.get(page)
        assert response.status_code == 200, page


@pytest.mark.django_db
def test_claim_page_shows_sentence_evidence_verdict_and_decisions(superuser_client):
    claim = ClaimFactory(explanation="Supported by Reuters.")
    evidence = EvidenceFactory(claim=claim, reason="a later tally of 160 agrees")
    reference = ReferenceFigureFactory(value=1510)
    EvidenceFactory(claim=claim, other_claim=None, reference=reference, reason="official count")
    ReviewFactory(claim=claim, note="Checked against the briefing.")

    page = superuser_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()

    assert "<mark>more than 150</mark>" in page
    assert "a later tally of 160 agrees" in page
    assert evidence.other_claim.document.source.name in page
    assert "1,510 (exact, reference figure)" in page
    assert f'href="{reference.url}"' in page
    assert "Supported by Reuters." in page
    assert "Checked against the briefing." in page


@pytest.mark.django_db
def test_claims_show_what_their_figure_measures_and_filter_by_its_kind(superuser_client):
    share = ClaimFactory(
        metric="~voters [percent]",
        quote="40%",
        value=40,
        qualifier="exact",
        sentence="Turnout was 40% of veterans of World War II.",
        unit="percent",
        unit_kind="percent",
        counted="veterans, World War II",
    )
    count = ClaimFactory()

    listed = superuser_client.get("/admin/claims/claim/").content.decode()
    assert '<td class="field-unit_kind">percent</td>' in listed
    assert '<td class="field-unit">percent</td>' in listed
    assert '<td class="field-unit">times</td>' in listed
    assert "?unit_kind__exact=currency" in listed  # the list filter offers every kind

    only = superuser_client.get("/admin/claims/claim/?unit_kind__exact=percent")
    assert [c.pk for c in only.context["cl"].result_list] == [share.pk]
    counts = superuser_client.get("/admin/claims/claim/?unit_kind__exact=count")
    assert [c.pk for c in counts.context["cl"].result_list] == [count.pk]

    page = superuser_client.get(f"/admin/claims/claim/{share.pk}/change/").content.decode()
    assert "veterans, World War II" in page
    # Machine readings: shown, never a form field.
    assert not {"unit", "unit_kind", "counted"} & set(form_fields(page.encode()))


@pytest.mark.django_db
def test_machine_made_records_cannot_be_added_by_hand(superuser_client):
    assert superuser_client.get("/admin/claims/claim/add/").status_code == 403
    assert superuser_client.get("/admin/claims/document/add/").status_code == 403
    assert superuser_client.get("/admin/claims/review/add/").status_code == 403


@pytest.mark.django_db
def test_failed_document_shows_its_error_and_attempts(superuser_client):
    document = DocumentFactory(
        state=Document.State.FAILED, attempts=5, error="extraction failed: ValueError: bad"
    )
    page = superuser_client.get(f"/admin/claims/document/{document.pk}/change/").content.decode()
    assert "extraction failed: ValueError: bad" in page
    assert "Failed" in page


# --- document text stays inert ----------------------------------------------------------------


@pytest.mark.django_db
def test_script_in_document_text_is_shown_escaped(superuser_client):
    sentence = f"{SCRIPT} Officials said more than 150 attacks."
    document = DocumentFactory(title=f"Title {SCRIPT}", text=f"Lead. {sentence}")
    claim = ClaimFactory(
        document=document,
        sentence=sentence,
        attribution=SCRIPT,
        explanation=SCRIPT,
        unit=SCRIPT[:64],
        counted=SCRIPT,
    )
    SourceFactory(name=f"Outlet {SCRIPT}")
    pages = [
        f"/admin/claims/claim/{claim.pk}/change/",
        "/admin/claims/claim/",
        f"/admin/claims/document/{document.pk}/change/",
        "/admin/claims/document/",
        "/admin/claims/source/",
    ]
    for url in pages:
        page = superuser_client.get(url).content.decode()
        assert SCRIPT not in page, url
        assert "alert(" not in page or "&lt;script&gt;alert(" in page, url
    claim_page = superuser_client.get(pages[0]).content.decode()
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in claim_page
    assert "<mark>more than 150</mark>" in claim_page


# --- decisions ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reviewer_adds_a_decision_and_the_machine_verdict_stays(reviewer_client, reviewer_user):
    claim = ClaimFactory(status=Claim.Status.SUPPORTED, confidence=0.8, metric="attacks")
    url = f"/admin/claims/claim/{claim.pk}/change/"
    page = reviewer_client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content)
    data.update(
        {
            "reviews-0-decision": "contradicted",
            "reviews-0-note": "The Pentagon later gave 140.",
            "metric": "deaths",  # read-only for a reviewer: ignored
            "status": "contradicted",  # machine field: ignored
        }
    )

    response = reviewer_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get()
    assert (review.decision, review.machine_status) == ("contradicted", "supported")
    assert review.note == "The Pentagon later gave 140."
    assert review.reviewer == reviewer_user
    claim.refresh_from_db()
    assert (claim.status, claim.confidence, claim.metric) == ("supported", 0.8, "attacks")


@pytest.mark.django_db
def test_saving_without_a_decision_adds_nothing_and_changes_nothing(superuser_client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    ReviewFactory(claim=claim)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_fields(superuser_client.get(url).content)

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert Review.objects.count() == 1
    before = Claim.objects.values().get(pk=claim.pk)
    assert before["status"] == claim.status and before["explanation"] == claim.explanation


@pytest.mark.django_db
def test_a_recorded_decision_is_never_edited(superuser_client, reviewer_client):
    review = ReviewFactory(note="first")
    url = f"/admin/claims/review/{review.pk}/change/"
    for client in (superuser_client, reviewer_client):
        response = client.post(url, {"decision": "unverified", "note": "rewritten"})
        assert response.status_code == 403
        assert (
            client.post(f"/admin/claims/review/{review.pk}/delete/", {"post": "yes"}).status_code
            == 403
        )
    review.refresh_from_db()
    assert (review.decision, review.note) == ("confirmed", "first")


@pytest.mark.django_db
def test_confirm_action_records_one_decision_per_selected_claim(reviewer_client):
    claims = [ClaimFactory(status=Claim.Status.CONFLICTING) for _ in range(2)]
    response = reviewer_client.post(
        "/admin/claims/claim/",
        {"action": "confirm_verdict", "_selected_action": [c.pk for c in claims]},
    )
    assert response.status_code == 302
    assert sorted(Review.objects.values_list("claim_id", "decision", "machine_status")) == sorted(
        (c.pk, "confirmed", "conflicting") for c in claims
    )
    assert set(Claim.objects.values_list("status", flat=True)) == {"conflicting"}


@pytest.mark.django_db
def test_reviewer_cannot_edit_sources_documents_or_evidence(reviewer_client):
    claim = ClaimFactory()
    source = claim.document.source
    assert reviewer_client.get("/admin/claims/claim/").status_code == 200
    assert (
        reviewer_client.get(f"/admin/claims/document/{claim.document_id}/change/").status_code
        == 200
    )
    response = reviewer_client.post(
        f"/admin/claims/document/{claim.document_id}/change/", {"title": "changed"}
    )
    assert response.status_code == 403
    assert reviewer_client.get(f"/admin/claims/source/{source.pk}/change/").status_code == 403
    claim.document.refresh_from_db()
    assert claim.document.title != "changed"


@pytest.mark.django_db
def test_admin_can_correct_a_claims_scope_but_not_its_verdict(superuser_client):
    claim = ClaimFactory(place="Iraq and Syria", status=Claim.Status.SUPPORTED)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_fields(superuser_client.get(url).content)
    data.update({"place": "Iraq", "status": "contradicted", "value": "999"})

    assert superuser_client.post(url, data).status_code == 302

    claim.refresh_from_db()
    # The place is corrected and the claim re-checked at once (through the service): its verdict
    # is the pipeline's again — nothing else in the store speaks to it — never the form's.
    assert (claim.place, claim.value) == ("Iraq", 150.0)
    assert claim.status == "unverified" and claim.checked_at is not None


@pytest.mark.django_db
def test_a_new_independence_group_saved_in_the_admin_moves_the_voice_and_re_checks(
    superuser_client,
):
    # Through services.sources.source_update: the source's documents and their copies take the
    # new origin, and the claims that hear them are checked again.
    claim = ClaimFactory(checked_at=None)
    copy = ClaimFactory(document=DocumentFactory(copy_of=claim.document), checked_at=None)
    unrelated = ClaimFactory(checked_at=None)
    url = f"/admin/claims/source/{claim.document.source_id}/change/"
    data = form_fields(superuser_client.get(url).content)
    data.update({"independence_group": "One owner"})
    assert superuser_client.post(url, data).status_code == 302
    assert set(Document.objects.filter(origin="One owner").values_list("pk", flat=True)) == {
        claim.document_id,
        copy.document_id,
    }
    checked = set(Claim.objects.exclude(checked_at=None).values_list("pk", flat=True))
    assert checked == {claim.pk, copy.pk} and unrelated.pk not in checked


@pytest.mark.django_db
def test_a_document_moved_to_another_source_in_the_admin_takes_its_voice(superuser_client):
    claim = ClaimFactory(checked_at=None)
    group = SourceFactory(name="Marine Corps Times", independence_group="Military Times")
    url = f"/admin/claims/document/{claim.document_id}/change/"
    data = form_fields(superuser_client.get(url).content)
    data.update({"source": str(group.pk)})
    assert superuser_client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.document.source == group and claim.document.origin == "Military Times"
    assert claim.checked_at is not None


@pytest.mark.django_db
def test_claim_changelist_runs_a_constant_number_of_queries(
    superuser_client, django_assert_num_queries
):
    def build():
        ReviewFactory(claim=EvidenceFactory().claim)

    build()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert superuser_client.get("/admin/claims/claim/").status_code == 200
    for _ in range(19):
        build()
    with django_assert_num_queries(len(one.captured_queries)):
        assert superuser_client.get("/admin/claims/claim/").status_code == 200


def test_only_http_addresses_become_links():
    from claims.admin import outside_link

    assert outside_link("https://a.example/x?a=1&b=2", "A <b>") == (
        '<a href="https://a.example/x?a=1&amp;b=2" rel="noopener noreferrer">A &lt;b&gt;</a>'
    )
    assert outside_link("javascript:alert(1)", "Evil") == "Evil"
