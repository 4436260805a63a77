"""The management commands ingest, import_reference and export_claims, and their readers."""

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims import importers
from claims.datasets.rows import read_figures
from claims.management.commands.load_demo import DEMO_DIR
from claims.models import Claim, Document, Evidence, ReferenceFigure, Source

CLAIM_KEYS = {
    "id",
    "document_url",
    "outlet",
    "published",
    "quote",
    "sentence",
    "value",
    "low",
    "high",
    "qualifier",
    "metric",
    "unit",
    "unit_kind",
    "counted",
    "subset",
    "kind",
    "mode",
    "counter",
    "place",
    "actor",
    "attribution",
    "as_of",
    "since",
    "status",
    "confidence",
    "explanation",
    "evidence",
}
EVIDENCE_KEYS = {
    "relation",
    "reason",
    "deciding",
    "outlet",
    "document_url",
    "value",
    "qualifier",
    "as_of",
}


def run(*args, **options):
    """Run a command; return (stdout, stderr, error or None)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def write_jsonl(path: Path, rows: list) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def article(n: int, **fields) -> dict:
    row = {
        "id": f"a{n}",
        "url": f"https://news.example/story-{n}",
        "outlet": "Example Wire",
        "published": "2024-01-20",
        "title": f"Story {n}",
        "text": f"Story {n}: there are 2,500 US troops in Iraq, officials said on day {n}.",
    }
    row.update(fields)
    return row


# --- readers (no database) ---------------------------------------------------------------


def test_claim_page_url_keeps_the_page_query_and_adds_the_label():
    assert (
        importers.claim_page_url("https://dubainews.tv/?p=84964", "hc-013")
        == "https://dubainews.tv/?p=84964&claim=hc-013"
    )
    assert importers.claim_page_url("https://a.example/x#top", "7") == "https://a.example/x?claim=7"


def test_local_url_is_stable_and_quoted(tmp_path):
    path = tmp_path / "my report.txt"
    assert importers.local_url(path) == "https://local.invalid/my%20report.txt"


@pytest.mark.parametrize("value", ["2024-13-01", "27.01.2024", 20240127])
def test_bad_dates_are_refused_with_the_field_named(value):
    with pytest.raises(importers.RecordError, match="published"):
        importers.parse_date(value, "published")


def test_jsonl_is_read_lazily(tmp_path):
    # The second line is broken; the first record is available before it is read.
    path = write_jsonl(tmp_path / "docs.jsonl", [article(1), "{broken"])
    lines = importers.read_jsonl(path)
    first = next(lines)
    assert first.number == 1 and first.record.url == "https://news.example/story-1"
    second = next(lines)
    assert second.number == 2 and "not valid JSON" in second.error


def test_reference_rows_are_validated(tmp_path):
    header = ",".join(importers.REFERENCE_COLUMNS)
    path = tmp_path / "figures.csv"
    path.write_text(
        "\n".join(
            [
                header,
                "attacks,Iraq and Syria,23,exact,2023-10-30,2023-10-17,DoD,https://d.example/1,q",
                "attacks,Iraq and Syria,1e309,exact,2023-10-30,,DoD,,",
                "attacks,Iraq and Syria,40,roughly,2023-11-01,,DoD,,",
                "attacks,Iraq and Syria,41,exact,,,DoD,,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    with path.open("rb") as stream:
        lines = list(read_figures(stream))
    assert [line.number for line in lines] == [2, 3, 4, 5]
    assert lines[0].record.value == 23 and lines[0].record.since == date(2023, 10, 17)
    assert "finite" in lines[1].error
    assert "unknown qualifier 'roughly'" in lines[2].error
    assert "as_of" in lines[3].error


def test_reference_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("metric,value\nattacks,3\n", encoding="utf-8")
    with path.open("rb") as stream:
        [line] = read_figures(stream)
    assert line.number == 1 and "as_of" in line.error


# --- ingest ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ingest_text_file_takes_title_from_first_line(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_text("\nUS troops in Iraq\n\nThere are 2,500 US troops in Iraq.\n", encoding="utf-8")
    out, err, error = run("ingest", str(path), "--published", "2024-01-27")
    assert error is None
    assert out.strip() == "1 new, 0 already stored, 0 failed"
    document = Document.objects.get()
    assert document.url == "https://local.invalid/seed.txt"
    assert document.title == "US troops in Iraq"
    assert document.published == date(2024, 1, 27)
    assert document.source.name == "Local files"
    assert document.text.startswith("US troops in Iraq")


@pytest.mark.django_db
def test_ingest_text_file_with_url_and_source(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody with 900 troops in Syria.", encoding="utf-8")
    out, _, error = run(
        "ingest", str(path), "--url", "https://outlet.example/a", "--source", "Outlet"
    )
    assert error is None
    document = Document.objects.get()
    assert (document.url, document.source.name) == ("https://outlet.example/a", "Outlet")
    # The same file again is the same document.
    out, _, error = run("ingest", str(path), "--url", "https://outlet.example/a")
    assert out.strip() == "0 new, 1 already stored, 0 failed"
    assert Document.objects.count() == 1


def test_url_option_needs_exactly_one_text_file(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("A", encoding="utf-8")
    b.write_text("B", encoding="utf-8")
    _, _, error = run("ingest", str(a), str(b), "--url", "https://x.example/")
    assert error is not None and "exactly one" in str(error)


@pytest.mark.django_db
def test_ingest_jsonl_counts_new_and_already_stored(tmp_path):
    Source.objects.create(name="Example Wire", kind=Source.Kind.WIRE)
    rows = [
        article(1),
        article(2, outlet="Second Outlet"),
        article(3, published=None),
        article(1, text="Other text, same URL."),  # same canonical URL
        article(4, url="https://news.example/other", text=article(2)["text"]),  # same text
    ]
    path = write_jsonl(tmp_path / "docs.jsonl", rows)
    out, err, error = run("ingest", str(path))
    assert error is None, err
    assert out.strip() == "3 new, 2 already stored, 0 failed"
    assert Document.objects.count() == 3
    assert Document.objects.get(url="https://news.example/story-3").published is None
    # Outlets become sources; an existing one is reused as it is.
    assert set(Source.objects.values_list("name", "kind")) == {
        ("Example Wire", Source.Kind.WIRE),
        ("Second Outlet", Source.Kind.OUTLET),
    }
    # A progress bar with counts and a rate went to stderr.
    assert "line/s" in err and "new=3" in err

    out, _, error = run("ingest", str(path))
    assert error is None
    assert out.strip() == "0 new, 5 already stored, 0 failed"


@pytest.mark.django_db
def test_ingest_jsonl_reports_bad_lines_and_goes_on(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps(article(1)),
        "{not json",
        json.dumps({k: v for k, v in article(2).items() if k != "text"}),
        json.dumps(article(3, published="27/01/2024")),
        json.dumps(article(4, url="ftp://files.example/x")),
        "",
        json.dumps(article(5, text="   ")),
        json.dumps(["a", "list"]),
        json.dumps(article(6)),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n" + b'{"text": "\xff\xfe"}\n')
    out, err, error = run("ingest", str(path), "--no-progress")
    assert error is not None and "7 failed" in str(error)
    assert out.strip() == "2 new, 0 already stored, 7 failed"
    assert set(Document.objects.values_list("url", flat=True)) == {
        "https://news.example/story-1",
        "https://news.example/story-6",
    }
    expected = {
        2: "not valid JSON",
        3: "'text' is missing",
        4: "published must be a date",
        5: "not an http(s) URL",
        7: "'text' is empty",
        8: "expected a JSON object",
        10: "not UTF-8",
    }
    reported = {
        int(line.split(": line ")[1].split(":")[0]): line
        for line in err.splitlines()
        if ": line " in line
    }
    assert set(reported) == set(expected), err
    for number, reason in expected.items():
        assert reason in reported[number], reported[number]


def test_ingest_exits_non_zero_when_a_line_fails(tmp_path):
    # Through manage.py as a user runs it: the exit code tells scripts something failed.
    import subprocess
    import sys

    path = write_jsonl(tmp_path / "docs.jsonl", ["{not json"])
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(path), "--no-progress"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**__import__("os").environ},
        timeout=120,
    )
    assert result.returncode != 0
    assert "line 1: not valid JSON" in result.stderr
    assert "0 new, 0 already stored, 1 failed" in result.stdout


@pytest.mark.django_db
def test_ingest_claims_as_documents(tmp_path):
    sentence = "The United States has 900 troops in Syria and 2,500 more in neighboring Iraq."
    label = {
        "outlet": "Reuters",
        "url": "https://reuters.example/story?x=1",
        "published": None,
        "sentence": sentence,
        "metric": "troops_deployed",
        "as_of": "2023-11-13",
    }
    rows = [
        {**label, "id": "hc-002", "value": 900},
        {**label, "id": "hc-003", "value": 2500},  # same sentence: the same document
        {
            **label,
            "id": "hc-010",
            "sentence": "There are about 2,500 troops in Iraq.",
            "published": "2024-01-26",
        },
        {**label, "id": "hc-011", "sentence": ""},
    ]
    path = write_jsonl(tmp_path / "claims.jsonl", rows)
    out, err, error = run("ingest", "--claims-as-documents", str(path), "--no-progress")
    assert out.strip() == "2 new, 1 already stored, 1 failed"
    assert "line 4: 'sentence' is empty" in err
    first = Document.objects.get(url="https://reuters.example/story?x=1&claim=hc-002")
    assert first.text == sentence
    assert first.published == date(2023, 11, 13)  # the page's date unknown: the figure's date
    assert first.source.name == "Reuters"
    other = Document.objects.get(url__endswith="claim=hc-010")
    assert other.published == date(2024, 1, 26)


# --- import_reference ----------------------------------------------------------------------


@pytest.mark.django_db
def test_import_reference_is_idempotent():
    path = DEMO_DIR / "official_figures.csv"
    out, err, error = run("import_reference", str(path))
    assert error is None, err
    assert out.strip() == "13 new, 0 already stored, 0 failed"
    assert ReferenceFigure.objects.count() == 13
    kinds = set(Source.objects.values_list("kind", flat=True))
    assert kinds == {Source.Kind.OFFICIAL}
    figure = ReferenceFigure.objects.get(metric="attacks", value=140)
    assert figure.qualifier == "about" and figure.since == date(2023, 10, 17)
    assert figure.low < 140 < figure.high  # "about" is a band, from the qualifier

    out, _, error = run("import_reference", str(path))
    assert error is None
    assert out.strip() == "0 new, 13 already stored, 0 failed"
    assert ReferenceFigure.objects.count() == 13


@pytest.mark.django_db
def test_import_reference_refuses_a_file_with_a_bad_row_whole(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text(
        ",".join(importers.REFERENCE_COLUMNS)
        + "\ninjuries,Iraq and Syria,56,exact,2023-11-23,2023-10-17,DoD,,\n"
        + "injuries,Iraq and Syria,many,exact,2023-11-24,,DoD,,\n",
        encoding="utf-8",
    )
    out, err, error = run("import_reference", str(path))
    assert error is not None
    assert out.strip() == "0 new, 0 already stored, 1 failed"
    assert "line 3: value must be a number" in err
    assert ReferenceFigure.objects.count() == 0


# --- export_claims ---------------------------------------------------------------------------


@pytest.fixture
def checked_claims(db):
    wire = Source.objects.create(name="Wire", kind=Source.Kind.WIRE)
    pentagon = Source.objects.create(name="Pentagon", kind=Source.Kind.OFFICIAL)

    def document(n, published):
        return Document.objects.create(
            source=wire,
            url=f"https://wire.example/{n}",
            title=f"Story {n}",
            published=published,
            text=f"Text {n}",
            content_hash=f"{n:064d}",
        )

    def claim(doc, **fields):
        values = {
            "metric": "attacks",
            "value": 150,
            "low": 151,
            "high": None,
            "qualifier": "more_than",
            "quote": "more than 150 attacks",
            "start": 0,
            "end": 21,
            "sentence": "There have been more than 150 attacks on US forces.",
            "place": "Iraq and Syria",
            "as_of": doc.published,
            "since": date(2023, 10, 17),
            "unit": "attacks",
            "counted": "attacks",
        }
        values.update(fields)
        return Claim.objects.create(document=doc, **values)

    seed = claim(
        document(1, date(2024, 1, 27)),
        status=Claim.Status.SUPPORTED,
        confidence=0.8,
        explanation="Supported by TASS.",
    )
    later = claim(
        document(2, date(2024, 2, 13)),
        value=170,
        low=170,
        high=170,
        qualifier="exact",
        quote="170 attacks",
        as_of=None,
    )
    reference = ReferenceFigure.objects.create(
        metric="attacks",
        place="Iraq and Syria",
        value=140,
        low=126,
        high=154,
        qualifier="about",
        as_of=date(2024, 1, 18),
        since=date(2023, 10, 17),
        source=pentagon,
        url="https://tass.example/1",
    )
    Evidence.objects.create(
        claim=seed, other_claim=later, relation="supports", reason="a later, higher count"
    )
    Evidence.objects.create(
        claim=seed, reference=reference, relation="supports", reason="an earlier, lower count"
    )
    share = claim(
        document(3, date(2024, 2, 14)),
        metric="~voters [percent]",
        value=40,
        low=40,
        high=40,
        qualifier="exact",
        quote="40%",
        start=0,
        end=3,
        sentence="Turnout was 40% of voters.",
        place="",
        since=None,
        unit="percent",
        unit_kind="percent",
        counted="voters",
    )
    return seed, later, share


def test_export_claims_prints_one_json_object_per_claim(checked_claims):
    seed, later, share = checked_claims
    out, err, error = run("export_claims")
    assert error is None, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["id"] for row in rows] == [seed.pk, later.pk, share.pk]
    for row in rows:
        assert set(row) == CLAIM_KEYS
        for evidence in row["evidence"]:
            assert set(evidence) == EVIDENCE_KEYS
    first = rows[0]
    assert first["document_url"] == "https://wire.example/1"
    assert first["outlet"] == "Wire"
    assert (first["published"], first["as_of"], first["since"]) == (
        "2024-01-27",
        "2024-01-27",
        "2023-10-17",
    )
    assert (first["value"], first["low"], first["high"]) == (150, 151, None)
    assert (first["status"], first["confidence"]) == ("supported", 0.8)
    assert (first["unit"], first["unit_kind"], first["counted"]) == ("attacks", "count", "attacks")
    assert (rows[2]["metric"], rows[2]["value"]) == ("~voters [percent]", 40)
    assert (rows[2]["unit"], rows[2]["unit_kind"], rows[2]["counted"]) == (
        "percent",
        "percent",
        "voters",
    )
    by_outlet = {e["outlet"]: e for e in first["evidence"]}
    assert by_outlet["Wire"] == {
        "relation": "supports",
        "reason": "a later, higher count",
        "deciding": False,
        "outlet": "Wire",
        "document_url": "https://wire.example/2",
        "value": 170,
        "qualifier": "exact",
        "as_of": "2024-02-13",  # no date of its own: the document's
    }
    # Reference evidence names the reference's source and address.
    assert by_outlet["Pentagon"]["document_url"] == "https://tass.example/1"
    assert by_outlet["Pentagon"]["as_of"] == "2024-01-18"
    assert rows[1]["as_of"] is None and rows[1]["evidence"] == []


def test_export_claims_filters_by_status(checked_claims):
    seed, later, share = checked_claims
    out, _, _ = run("export_claims", "--status", "pending")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [later.pk, share.pk]
    out, _, _ = run("export_claims", "--status", "contradicted")
    assert out == ""


def test_export_claims_filters_by_unit_kind(checked_claims):
    seed, later, share = checked_claims
    out, _, _ = run("export_claims", "--unit-kind", "percent")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [share.pk]
    out, _, _ = run("export_claims", "--unit-kind", "count", "--status", "pending")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [later.pk]
    out, _, _ = run("export_claims", "--unit-kind", "currency")
    assert out == ""
    with pytest.raises(CommandError, match="invalid choice: 'furlongs'"):
        call_command("export_claims", "--unit-kind", "furlongs", stdout=StringIO())


@pytest.mark.django_db
def test_export_claims_with_nothing_stored_prints_nothing():
    out, _, error = run("export_claims")
    assert error is None and out == ""


@pytest.mark.django_db
def test_ingest_refuses_bad_options_before_storing_anything(tmp_path):
    good = write_jsonl(tmp_path / "docs.jsonl", [article(1)])
    _, _, error = run("ingest", str(good), str(tmp_path / "missing.jsonl"))
    assert error is not None and "missing.jsonl: no such file" in str(error)
    text = tmp_path / "a.txt"
    text.write_text("Title\n\nBody", encoding="utf-8")
    _, _, error = run("ingest", str(text), "--published", "27 Jan 2024")
    assert error is not None and "--published must be a date" in str(error)
    assert Document.objects.count() == 0
