"""The demo data and `load_demo`: self-contained files, an idempotent load, the seed's verdicts."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims import importers
from claims.datasets.rows import read_figures
from claims.management.commands.load_demo import DEMO_DIR, SEED_ID
from claims.models import Claim, Document, Evidence, ReferenceFigure, Source

BRIEF_ID = "demo-brief-2024-01-27"


def demo_documents() -> list[importers.DocumentRecord]:
    lines = list(importers.read_jsonl(DEMO_DIR / "documents.jsonl"))
    assert all(line.error is None for line in lines), [line.error for line in lines]
    return [line.record for line in lines]


def test_demo_documents_are_the_seed_and_short_dated_reports():
    records = demo_documents()
    seeds = [r for r in records if r.key == SEED_ID]
    # The demo brief shows figures of every kind (tests/test_demo_figures.py); it says it is one.
    (brief,) = [r for r in records if r.key == BRIEF_ID]
    assert "written for this demo, not a news report" in brief.text
    evidence = [r for r in records if r.key not in (SEED_ID, BRIEF_ID)]
    assert len(seeds) == 1 and 6 <= len(evidence) <= 10
    seed = seeds[0]
    assert seed.url.startswith("https://en.interaffairs.ru/")
    assert "more than 150 such attacks" in seed.text
    for record in evidence:
        assert re.match(r"https?://[^/]+\.[a-z]+/", record.url), record.url
        assert record.outlet and record.published is not None
        sentences = [
            s for s in re.split(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])", record.text.strip()) if s
        ]
        assert 1 <= len(sentences) <= 2, record.text
    assert len({r.url for r in records}) == len(records)
    assert len({r.outlet for r in evidence}) == len(evidence), "one report per outlet"
    assert brief.outlet not in {r.outlet for r in evidence}


def test_demo_official_figures_read_cleanly():
    with (DEMO_DIR / "official_figures.csv").open("rb") as stream:
        lines = list(read_figures(stream))
    assert len(lines) == 13 and all(line.error is None for line in lines)


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def stored_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Source, Document, Claim, ReferenceFigure, Evidence)
    }


@pytest.mark.django_db(transaction=True)
def test_load_demo_twice_adds_nothing():
    # Tasks run in-process here (no broker), so the whole pipeline runs inside the command.
    try:
        first_output = load_demo()
    except CommandError as exc:
        # Storage is what this test is about; a pipeline step failing is the next test's concern.
        assert "problem" in str(exc)
        first_output = None
    first = stored_counts()
    assert first["Document"] == len(demo_documents())
    assert first["ReferenceFigure"] == 13
    try:
        second_output = load_demo()
    except CommandError:
        second_output = None
    assert stored_counts() == first
    if first_output is not None:
        n = len(demo_documents())
        assert f"documents: {n} new, 0 already stored, 0 failed" in first_output
        assert f"documents: 0 new, {n} already stored, 0 failed" in second_output
        assert "official figures: 0 new, 13 already stored" in second_output


@pytest.mark.django_db(transaction=True)
def test_load_demo_checks_the_seeds_seven_claims():
    output = load_demo()
    seed = Document.objects.get(url__startswith="https://en.interaffairs.ru/")
    assert seed.state == Document.State.CHECKED
    claims = {
        (c.metric, c.place, c.value): c
        for c in Claim.objects.filter(document=seed).prefetch_related("evidence")
    }
    assert set(claims) == {
        ("troops_deployed", "Iraq", 2500),
        ("attacks", "Iraq and Syria", 150),
        ("injuries", "Iraq and Syria", 70),
        ("injuries", "Iraq and Syria", 1),
        ("projectiles", "Ain al-Asad air base, Iraq", 12),
        ("troops_deployed", "Syria", 900),
        ("detainees", "Syria", 50000),
    }
    for claim in claims.values():
        assert claim.status != Claim.Status.PENDING and claim.explanation, claim
        assert claim.status in output

    def relations(key):
        return [e.relation for e in claims[key].evidence.all()]

    # Reported by Reuters in November and AP in January: independent agreement.
    troops_iraq = claims[("troops_deployed", "Iraq", 2500)]
    assert troops_iraq.status == Claim.Status.SUPPORTED
    assert relations(("troops_deployed", "Iraq", 2500)).count("supports") >= 2
    assert claims[("troops_deployed", "Syria", 900)].status == Claim.Status.SUPPORTED
    # Around 140 on 18 Jan and 170 on 13 Feb bracket "more than 150" on 27 Jan: consistent, but
    # no report of about that day confirms it.
    attacks = claims[("attacks", "Iraq and Syria", 150)]
    assert attacks.status == Claim.Status.UNVERIFIED
    assert attacks.explanation.startswith("Unverified: consistent with ")
    # Fifteen fired (AFP) fits "at least a dozen"; the seed's Sunday is everyone else's Saturday.
    projectiles = claims[("projectiles", "Ain al-Asad air base, Iraq", 12)]
    assert projectiles.status == Claim.Status.SUPPORTED
    assert "20 Jan" in projectiles.explanation
    # Nothing else in the demo counts detainees.
    detainees = ("detainees", "Syria", 50000)
    assert claims[detainees].status == Claim.Status.UNVERIFIED
    assert relations(detainees) == []


@pytest.mark.django_db(transaction=True)
def test_load_demo_shows_each_kind_of_verdict():
    load_demo()
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert {"supported", "unverified"} <= statuses
    assert statuses & {"contradicted", "conflicting"}
    # Five rockets near the base (Sputnik) against fifteen fired (AFP): the reports disagree.
    sputnik = Claim.objects.get(document__source__name="Sputnik", metric="projectiles")
    assert sputnik.status in {Claim.Status.CONTRADICTED, Claim.Status.CONFLICTING}
    assert sputnik.evidence.filter(relation="contradicts").exists()


@pytest.mark.django_db(transaction=True)
def test_the_demo_keeps_a_tracker_s_own_count_apart_from_the_pentagons():
    # GTTAC's "more than 160 by 31 Dec, according to the group's tracker" is its own series: it
    # neither refutes the Pentagon's "around 140 on 18 Jan" (via TASS) nor is refuted by it.
    load_demo()
    tracker = Claim.objects.get(document__source__name="GTTAC", metric="attacks")
    pentagon = Claim.objects.get(document__source__name="TASS", metric="attacks")
    assert tracker.counter == "own"
    assert tracker.status == pentagon.status == Claim.Status.UNVERIFIED
    assert tracker.explanation == (
        "Unverified: a count kept by its publisher's own tracker, and no other report gives "
        "that count."
    )
    assert "GTTAC" not in pentagon.explanation


def ingest_reports(tmp_path, *reports: dict) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    call_command("ingest", "--no-progress", str(path), stdout=StringIO(), stderr=StringIO())


def report(n: int, outlet: str, published: str, text: str) -> dict:
    url = f"https://example.org/report-{n}"
    return {"id": str(n), "url": url, "outlet": outlet, "published": published, "text": text}


@pytest.mark.django_db(transaction=True)
def test_the_readme_s_fewer_than_100_is_contradicted_and_the_counts_it_disputes_are_not(tmp_path):
    load_demo()
    text = "There have been fewer than 100 attacks on US forces in Iraq and Syria since Oct. 17."
    ingest_reports(tmp_path, report(1, "Military Times", "2024-01-28", text))
    fewer = Claim.objects.get(document__url="https://example.org/report-1")
    assert fewer.status == Claim.Status.CONTRADICTED, fewer.explanation
    assert fewer.explanation.startswith("Contradicted by the official record: US Department")
    pentagon = Claim.objects.get(document__source__name="TASS", metric="attacks")
    seed = Claim.objects.get(document__url__startswith="https://en.interaffairs.ru/", value=150)
    assert pentagon.status not in (Claim.Status.CONTRADICTED, Claim.Status.CONFLICTING)
    assert seed.status not in (Claim.Status.CONTRADICTED, Claim.Status.CONFLICTING)


@pytest.mark.django_db(transaction=True)
def test_a_figure_attributed_to_the_pentagon_is_checked_against_the_pentagon_s_record(tmp_path):
    # The demo's official record: about 80 injured by 5 Feb. Two outlets that say the Pentagon
    # gave 186 that day are checked against that record, not excused by the attribution.
    load_demo()
    text = (
        "According to the Pentagon, the attacks have wounded 186 US troops in Iraq and Syria "
        "since Oct. 17."
    )
    ingest_reports(
        tmp_path,
        report(2, "Example Wire", "2024-02-05", text),
        report(3, "Other Example Times", "2024-02-05", text.replace("the attacks", "attacks")),
    )
    official = ReferenceFigure.objects.get(metric="injuries", value=80)
    for n in (2, 3):
        claim = Claim.objects.get(document__url=f"https://example.org/report-{n}")
        assert claim.status == Claim.Status.CONTRADICTED, claim.explanation
        assert claim.explanation.startswith("Contradicted by the official record")
        (deciding,) = claim.evidence.filter(deciding=True)
        assert deciding.reference_id == official.pk
