"""Cross-check services: verdict history, incremental re-checks, reference figures, `recheck`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims import crosscheck
from claims.crosscheck.records import FigureKey, FigureKind
from claims.extraction import extract_claims
from claims.metrics import is_open
from claims.models import Claim, Evidence, VerdictRecord
from claims.selectors.candidates import NEAREST, candidates_for
from claims.selectors.claims import claims_by_ids, claims_of_document
from claims.selectors.figures import claim_figure
from claims.services import checking, documents
from claims.services.documents import document_crosscheck, document_extract, document_ingest
from tests.factories import ClaimFactory, DocumentFactory, ReferenceFigureFactory, SourceFactory

pytestmark = pytest.mark.django_db

JAN_27 = dt.date(2024, 1, 27)


def troops(value: float, outlet: str, *, as_of: dt.date = JAN_27, **kwargs) -> Claim:
    document = DocumentFactory(source=SourceFactory(name=outlet), published=as_of)
    defaults = {
        "qualifier": "exact",
        "status": Claim.Status.PENDING,
        "confidence": 0.0,
        "explanation": "",
        "since": None,
        "attribution": "",
    }
    defaults.setdefault("place", "Iraq")
    return ClaimFactory(
        document=document,
        metric="troops_deployed",
        value=value,
        quote=f"{value:,.0f} troops",
        # Each outlet in its own words: the same sentence under two names is one copied text.
        sentence=f"{outlet} says the United States keeps {value:,.0f} troops in Iraq.",
        **{**defaults, **kwargs},
    )


def check(claim: Claim) -> Claim:
    checking.claim_crosscheck(claim=claims_by_ids(ids=[claim.pk])[0])
    return Claim.objects.get(pk=claim.pk)


# --- verdict history ----------------------------------------------------------------------------


def test_a_changed_verdict_keeps_the_old_one_and_an_unchanged_one_adds_nothing():
    claim = troops(2500, "Al-Monitor")
    first = check(claim)
    assert first.status == "unverified"
    assert not VerdictRecord.objects.exists(), "the first verdict replaces no verdict"

    troops(2500, "Reuters", as_of=dt.date(2024, 1, 26))
    second = check(claim)
    assert second.status == "supported"
    (kept,) = VerdictRecord.objects.filter(claim=claim)
    assert (kept.status, kept.confidence, kept.explanation) == (
        "unverified",
        first.confidence,
        first.explanation,
    )
    assert kept.evidence_count == 0 and kept.decided_at == first.checked_at

    check(claim)  # nothing new: the same verdict
    assert VerdictRecord.objects.filter(claim=claim).count() == 1

    troops(1500, "AFP", as_of=dt.date(2024, 1, 26))
    third = check(claim)
    assert third.status == "conflicting"
    statuses = list(VerdictRecord.objects.filter(claim=claim).values_list("status", flat=True))
    assert statuses == ["supported", "unverified"]  # newest first
    newest = VerdictRecord.objects.filter(claim=claim).first()
    assert newest.evidence_count == 1 and newest.explanation == second.explanation


@pytest.mark.parametrize(
    ("confidence", "explanation", "kept"),
    [
        (0.80, "Supported by Reuters.", False),  # the same verdict
        (0.83, "Supported by Reuters.", False),  # a confidence step under 0.05
        (0.85, "Supported by Reuters.", True),  # a step of 0.05
        (0.80, "Supported by Reuters and AFP.", True),  # a new explanation
    ],
)
def test_what_counts_as_a_changed_verdict(monkeypatch, confidence, explanation, kept):
    claim = troops(2500, "Al-Monitor", status=Claim.Status.SUPPORTED)
    Claim.objects.filter(pk=claim.pk).update(
        confidence=0.8, explanation="Supported by Reuters.", checked_at=dt.datetime.now(dt.UTC)
    )
    verdict = crosscheck.Verdict("supported", confidence, explanation)
    monkeypatch.setattr(crosscheck, "weigh", lambda figure, comparisons, **_: verdict)
    check(claim)
    assert VerdictRecord.objects.filter(claim=claim).exists() is kept
    assert Claim.objects.get(pk=claim.pk).explanation == explanation


def test_claim_detail_shows_the_verdict_history_newest_first(django_assert_num_queries):
    claim = troops(2500, "Al-Monitor")
    check(claim)
    troops(2500, "Reuters", as_of=dt.date(2024, 1, 26))
    check(claim)
    troops(1500, "AFP", as_of=dt.date(2024, 1, 26))
    check(claim)
    # claim with document and source; evidence; reviews; verdict history
    with django_assert_num_queries(4):
        body = APIClient().get(f"/api/claims/{claim.pk}/").json()
    assert body["status"] == "conflicting"
    history = body["verdict_history"]
    assert [h["status"] for h in history] == ["supported", "unverified"]
    assert set(history[0]) == {
        "status",
        "confidence",
        "explanation",
        "evidence_count",
        "decided_at",
    }
    assert history[0]["explanation"].startswith("Supported: Reuters (2,500")


# --- incremental re-checks ----------------------------------------------------------------------

TALLY_TEXT = (
    "US forces in Iraq and Syria have been attacked more than 150 times since Oct. 17, "
    "the Pentagon said."
)


def attacks(value: float, *, as_of: dt.date, place: str = "Iraq and Syria", **kwargs) -> Claim:
    document = DocumentFactory(published=as_of)
    defaults = {"metric": "attacks", "qualifier": "exact", "status": Claim.Status.PENDING}
    return ClaimFactory(
        document=document,
        value=value,
        as_of=as_of,
        place=place,
        quote=f"{value:.0f} attacks",
        sentence=f"{document.source.name} counts {value:.0f} attacks on US forces since Oct. 17.",
        checked_at=None,
        **{**defaults, **kwargs},
    )


def test_a_new_document_rechecks_only_the_claims_in_its_scope():
    in_scope = [
        attacks(140, as_of=dt.date(2024, 1, 18)),
        attacks(170, as_of=dt.date(2024, 2, 13)),
    ]
    out_of_scope = [
        attacks(140, as_of=dt.date(2022, 1, 18)),  # out of the time window
        attacks(58, as_of=dt.date(2024, 1, 20), place="Iraq"),  # a part, not the same ground
        attacks(900, as_of=dt.date(2024, 1, 26), metric="troops_deployed", place="Syria"),
        attacks(140, as_of=dt.date(2024, 1, 18), subset="serious"),  # a named part of the count
    ]
    result = document_ingest(
        source=SourceFactory(name="Al-Monitor"),
        url="https://al-monitor.example/a",
        text=TALLY_TEXT,
        published=JAN_27,
    )
    document_id = result.document.pk
    document_extract(document_id=document_id)
    (new,) = claims_of_document(document_id=document_id)
    scope = crosscheck.scope_of(claim_figure(new))
    candidates = candidates_for(scope, exclude=new)
    assert sorted(c.key for c in candidates) == sorted(
        FigureKey(FigureKind.CLAIM, c.pk) for c in in_scope
    )

    document_crosscheck(document_id=document_id)
    checked = set(Claim.objects.filter(checked_at__isnull=False).values_list("pk", flat=True))
    assert checked == {new.pk, *(c.pk for c in in_scope)}
    assert not checked & {c.pk for c in out_of_scope}


MEASURED_TEXT = (
    TALLY_TEXT + " Turnout was 40% of voters, and rents rose to $30 a month. The strike went on "
    "for 16 days."
)


def _extracted(text: str, *, monkeypatch=None, change=None) -> list[Claim]:
    result = document_ingest(
        source=SourceFactory(name="Al-Monitor"),
        url="https://al-monitor.example/measured",
        text=text,
        published=JAN_27,
    )
    if change is not None:
        found = extract_claims(text, JAN_27)
        monkeypatch.setattr(documents, "extract_claims", lambda *_: [change(c) for c in found])
    document_extract(document_id=result.document.pk)
    return list(Claim.objects.filter(document_id=result.document.pk).order_by("start", "id"))


def test_extraction_stores_what_each_figure_measures():
    stored = _extracted(MEASURED_TEXT)

    found = extract_claims(MEASURED_TEXT, JAN_27)
    assert [(c.quote, c.metric, c.unit, c.unit_kind, c.counted) for c in stored] == [
        (c.quote, c.metric, c.unit, c.unit_kind, c.counted) for c in found
    ]
    kinds = {c.unit_kind for c in stored}
    assert {"count", "percent", "currency", "duration"} <= kinds, [
        (c.quote, c.unit_kind) for c in stored
    ]
    assert any(is_open(c.metric) for c in stored) and not all(is_open(c.metric) for c in stored)


def test_extraction_cuts_a_long_unit_or_counted_phrase_to_its_field(monkeypatch):
    def longer(claim):
        return dataclasses.replace(claim, unit="u" * 100, counted="c" * 300)

    (stored, *_) = _extracted(TALLY_TEXT, monkeypatch=monkeypatch, change=longer)

    assert (stored.unit, stored.counted) == ("u" * 64, "c" * 200)


def test_a_crosscheck_costs_the_same_queries_however_many_candidates():
    claim = attacks(150, as_of=JAN_27)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            checking.claim_crosscheck(claim=claims_by_ids(ids=[claim.pk])[0])
        return len(captured)

    attacks(140, as_of=dt.date(2024, 1, 18))
    ReferenceFigureFactory(as_of=dt.date(2024, 1, 26))
    # Compare re-checks that change nothing: a first check has no evidence to replace, and a
    # changed verdict writes one more row (its history).
    queries()
    few = queries()
    few_rows = Evidence.objects.filter(claim=claim).count()
    for day in range(1, 25):
        attacks(100 + day, as_of=dt.date(2024, 1, day))
    queries()
    many = queries()
    # Many more candidates were read and compared (up to the nearest-figures bound) ...
    assert Evidence.objects.filter(claim=claim).count() >= few_rows + NEAREST - 1
    # ... for the same number of queries.
    assert many == few


def test_new_reference_figures_recheck_only_the_claims_they_bear_on():
    near = attacks(150, as_of=JAN_27, qualifier="more_than")
    later = attacks(170, as_of=dt.date(2024, 3, 20))  # a later count looks back to it
    far = attacks(150, as_of=dt.date(2023, 6, 1))
    elsewhere = attacks(150, as_of=JAN_27, place="Syria")
    reference = ReferenceFigureFactory(value=151, as_of=dt.date(2024, 1, 26))

    assert checking.reference_figures_recheck(ids=[reference.pk]) == 2
    assert Evidence.objects.filter(claim=near, reference=reference).exists()
    assert Claim.objects.get(pk=near.pk).status == "supported"
    assert Claim.objects.get(pk=later.pk).checked_at is not None
    for untouched in (far, elsewhere):
        assert Claim.objects.get(pk=untouched.pk).checked_at is None


def test_import_reference_rechecks_the_claims_its_figures_bear_on(tmp_path):
    claim = attacks(150, as_of=JAN_27, qualifier="more_than")
    csv = tmp_path / "figures.csv"
    csv.write_text(
        "metric,place,value,qualifier,as_of,since,source,url,quote\n"
        "attacks,Iraq and Syria,151,exact,2024-01-26,2023-10-17,US Department of Defense,"
        "https://www.defense.gov/x,151 attacks since Oct. 17\n",
        encoding="utf-8",
    )
    call_command("import_reference", str(csv), stdout=StringIO(), stderr=StringIO())
    claim.refresh_from_db()
    assert claim.status == "supported"
    assert "US Department of Defense" in claim.explanation


# --- the recheck command ------------------------------------------------------------------------


def run_recheck(*args: str) -> str:
    out = StringIO()
    call_command("recheck", "--no-progress", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def stored_claims() -> list[Claim]:
    return [attacks(100 + n, as_of=dt.date(2024, 1, 1 + n)) for n in range(5)] + [
        troops(2500, "Reuters")
    ]


def checked_ids() -> set[int]:
    return set(Claim.objects.filter(checked_at__isnull=False).values_list("pk", flat=True))


def test_recheck_checks_everything_in_batches_and_removes_its_checkpoint(tmp_path, stored_claims):
    checkpoint = tmp_path / "progress.json"
    output = run_recheck("--batch-size", "2", "--checkpoint", str(checkpoint))
    assert checked_ids() == {c.pk for c in stored_claims}
    assert f"6 re-checked, 0 failed, last id {stored_claims[-1].pk}" in output
    assert not checkpoint.exists()


def test_recheck_takes_one_metric(tmp_path, stored_claims):
    run_recheck("--metric", "troops_deployed", "--checkpoint", str(tmp_path / "c.json"))
    assert checked_ids() == {stored_claims[-1].pk}


def test_an_interrupted_recheck_resumes_after_its_last_batch(tmp_path, stored_claims, monkeypatch):
    checkpoint = tmp_path / "progress.json"
    real = checking.claims_weigh
    weighed: list[int] = []

    def crash_on_the_second_batch(*, reading):
        if weighed:
            raise KeyboardInterrupt  # the operator's ^C, in the second batch
        weighed.extend(c.pk for c in reading.claims)
        return real(reading=reading)

    monkeypatch.setattr(checking, "claims_weigh", crash_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        run_recheck("--batch-size", "2", "--checkpoint", str(checkpoint))
    assert json.loads(checkpoint.read_text()) == {"last_id": stored_claims[1].pk, "metric": None}

    monkeypatch.setattr(checking, "claims_weigh", real)
    Claim.objects.update(checked_at=None)
    output = run_recheck("--batch-size", "2", "--resume", "--checkpoint", str(checkpoint))
    assert checked_ids() == {c.pk for c in stored_claims[2:]}
    assert "4 re-checked" in output
    assert not checkpoint.exists()


def test_recheck_refuses_to_resume_another_metric_s_run(tmp_path, stored_claims):
    checkpoint = tmp_path / "progress.json"
    checkpoint.write_text(json.dumps({"last_id": stored_claims[0].pk, "metric": "attacks"}))
    with pytest.raises(CommandError, match="same --metric"):
        run_recheck("--resume", "--checkpoint", str(checkpoint))
    checkpoint.write_text("not json")
    with pytest.raises(CommandError, match="not a readable checkpoint"):
        run_recheck("--resume", "--metric", "attacks", "--checkpoint", str(checkpoint))
    with pytest.raises(CommandError, match="batch-size"):
        run_recheck("--batch-size", "0")


def test_a_failing_claim_is_named_and_the_rest_go_on(tmp_path, stored_claims, monkeypatch):
    real = checking.claims_weigh
    bad = stored_claims[2].pk

    def fail_one(*, reading):
        if any(claim.pk == bad for claim in reading.claims):
            raise ValueError("bad figure")  # the whole batch fails, then only the bad claim
        return real(reading=reading)

    monkeypatch.setattr(checking, "claims_weigh", fail_one)
    err = StringIO()
    with pytest.raises(CommandError, match="1 claim"):
        call_command(
            "recheck",
            "--no-progress",
            "--checkpoint",
            str(tmp_path / "c.json"),
            stdout=StringIO(),
            stderr=err,
        )
    assert checked_ids() == {c.pk for c in stored_claims} - {bad}


# --- scope corrections --------------------------------------------------------------------------


def test_a_scope_correction_is_checked_stored_and_re_checks_what_it_touches():
    from django.core.exceptions import ValidationError

    from claims.services.claims import claim_scope_update

    claim = check(troops(2500, "Al-Monitor", place="Syria"))
    iraq = check(troops(2500, "Reuters", as_of=dt.date(2024, 1, 26)))
    assert claim.status == iraq.status == "unverified"
    for bad in ({"place": "Narnia"}, {"metric": "attackz"}, {"mode": "someday"}, {"value": 1}):
        with pytest.raises(ValidationError):
            claim_scope_update(claim_id=claim.pk, **bad)
    assert Claim.objects.get(pk=claim.pk).place == "Syria", "nothing stored on a refusal"

    claim_scope_update(claim_id=claim.pk, place="Iraq")
    # Both the corrected claim and the claim its figure now bears on are checked again at once.
    assert Claim.objects.get(pk=claim.pk).status == "supported"
    assert Claim.objects.get(pk=iraq.pk).status == "supported"
    claim_scope_update(claim_id=claim.pk, mode="planned")
    assert Claim.objects.get(pk=claim.pk).status == "unverified"
    assert Claim.objects.get(pk=iraq.pk).status == "unverified", "a plan is no evidence"


# --- origin reliabilities -----------------------------------------------------------------------


def test_reliabilities_are_learnt_from_stored_evidence_and_read_by_verdicts():
    from claims.models import OriginReliability
    from claims.services.reliability import reliabilities_recompute

    claims = [troops(2500, name, as_of=dt.date(2024, 1, 26)) for name in ("Reuters", "AP", "AFP")]
    stray = troops(900, "Stray Daily", as_of=dt.date(2024, 1, 26))
    for claim in [*claims, stray]:
        check(claim)
    assert reliabilities_recompute() == 4
    stored = dict(OriginReliability.objects.values_list("origin", "reliability"))
    assert stored["stray daily"] < 0.5 < stored["reuters"]
    # The next verdict reads them: the stray's dissent weighs less, the status stays the rule's.
    before = Claim.objects.get(pk=claims[0].pk)
    after = check(claims[0])
    assert after.status == before.status
    assert reliabilities_recompute() == 4, "recomputing again replaces, never adds"
    assert OriginReliability.objects.count() == 4


def test_weighing_collects_cycles_less_often_and_restores_the_collector_after():
    before = gc.get_threshold()
    with checking._fewer_collections():
        assert gc.get_threshold()[0] >= checking._WEIGHING_GC_THRESHOLD
        with checking._fewer_collections():
            pass
        assert gc.get_threshold()[0] >= checking._WEIGHING_GC_THRESHOLD  # the outer still weighs
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), checking._fewer_collections():
        raise RuntimeError("a batch failed")
    assert gc.get_threshold() == before
