"""Reference datasets: files imported by version, whole or not at all; events counted for claims."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tracemalloc
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from claims.crosscheck import Figure, Scope, scope_of
from claims.crosscheck.records import FigureKey, FigureKind
from claims.datasets.counts import (
    EventCount,
    _matching,
    datasets_current,
    event_figures_for,
    reference_figures_current,
)
from claims.datasets.imports import dataset_import_events, dataset_import_figures
from claims.datasets.rows import event_date, event_place, place_named, read_events, read_figures
from claims.datasets.selection import places_covered, selection_for
from claims.importers import REFERENCE_COLUMNS, RecordError
from claims.models import EventRecord, ReferenceDataset, ReferenceFigure, Source
from claims.places import gazetteer
from tests.factories import StaffFactory, SuperuserFactory

DEMO_DIR = Path(__file__).resolve().parent.parent / "claims" / "demo"
SAMPLE = DEMO_DIR / "events_sample.csv"
FIGURES = DEMO_DIR / "official_figures.csv"
HEADER = ",".join(REFERENCE_COLUMNS)
EVENT_HEADER = (
    "event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,"
    "latitude,longitude,fatalities,source,notes"
)
US = "Military Forces of the United States (2021-)"
# In the sample: drone, rocket, missile and IED attacks on US forces in Iraq and Syria from
# 17 Oct 2023 to 27 Jan 2024 (US strikes, a protest and Tower 22 in Jordan do not count).
SAMPLE_ATTACKS = 9


def stream(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def claim(**overrides) -> Figure:
    fields = {
        "key": FigureKey(FigureKind.CLAIM, 1),
        "metric": "attacks",
        "value": 150.0,
        "low": 151.0,
        "high": None,
        "qualifier": "more_than",
        "place": "Iraq and Syria",
        "as_of": date(2024, 1, 27),
        "since": date(2023, 10, 17),
        "source": "Al-Monitor",
        "origin": "Al-Monitor",
    }
    return Figure(**{**fields, **overrides})


def counts_for(figure: Figure, *, actor: str = "US forces") -> list[EventCount]:
    return event_figures_for(figure, scope_of(figure), actor=actor)


# --- reading rows (pure) -------------------------------------------------------------------------


def test_the_pure_modules_import_without_django_set_up():
    script = (
        "import sys; import claims.datasets.rows, claims.datasets.selection; "
        "assert 'django' not in sys.modules, 'django imported'"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=DEMO_DIR.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_place_names_and_aliases_read_in_any_case_and_spelling():
    assert place_named("Ain al Asad Airbase") == "Ain al-Asad air base, Iraq"
    assert place_named("AL ANBAR") == "Anbar, Iraq"  # a leading article is not part of the name
    assert place_named("Syria and Iraq") == "Iraq and Syria"
    assert place_named("Al Tanf") == "al-Tanf, Syria"
    assert place_named("Atlantis") is None
    assert place_named("  ") is None


def test_an_event_is_filed_at_the_most_specific_place_within_its_country():
    assert event_place(location="Ain al Asad Airbase", admin1="Al Anbar", country="Iraq") == (
        "Ain al-Asad air base, Iraq"
    )
    assert event_place(location="Hit", admin1="Al Anbar", country="Iraq") == "Anbar, Iraq"
    assert event_place(location="Rumaylan", admin1="Al Hasakeh", country="Syria") == "Syria"
    # A name from another country is not taken: the country is the most that is known.
    assert event_place(location="Erbil", admin1="", country="Syria") == "Syria"
    # Every country and first-level subdivision of ISO 3166 is a place too.
    assert event_place(location="Beirut", admin1="Beirut", country="Lebanon") == "Lebanon"
    assert event_place(location="Springfield", admin1="Missouri", country="United States") == (
        "Missouri, United States"
    )
    assert event_place(location="Atlantis", admin1="", country="Narnia") == ""


def test_acled_dates_read_in_both_layouts():
    assert event_date("2024-01-20") == date(2024, 1, 20)
    assert event_date("20 January 2024") == date(2024, 1, 20)
    assert event_date(" 3 Dec 2023 ") == date(2023, 12, 3)
    for bad in ("", "January 2024", "2024-02-30", "20/20/2024"):
        with pytest.raises(RecordError):
            event_date(bad)


def test_the_sample_reads_cleanly_with_places():
    lines = list(read_events(SAMPLE.open("rb")))
    assert len(lines) == 13 and all(line.error is None for line in lines)
    places = [line.record.place for line in lines]
    assert places.count("Ain al-Asad air base, Iraq") == 4
    assert "al-Tanf, Syria" in places and "Tower 22, Jordan" in places
    dates = {line.record.event_date for line in lines}
    assert date(2023, 12, 3) in dates and date(2024, 1, 20) in dates  # "3 December 2023"
    tower = lines[-1].record
    assert tower.fatalities == 3 and tower.latitude == pytest.approx(33.3308)


def test_bad_event_rows_are_named_by_line_and_extra_columns_ignored():
    text = "\n".join(
        [
            EVENT_HEADER + ",event_id_cnty",
            f"2024-01-20,Battles,Armed clash,A,{US},Iraq,,,,,0,x,,IRQ1",
            f"the 20th,Battles,Armed clash,A,{US},Iraq,,,,,0,x,,IRQ2",
            f"2024-01-20,Battles,Armed clash,A,{US},Iraq,,,,,-1,x,,IRQ3",
            f"2024-01-20,Battles,Armed clash,A,{US},Iraq,,,91,,0,x,,IRQ4",
            f"2024-01-20,,Armed clash,A,{US},Iraq,,,,,0,x,,IRQ5",
            f"2024-01-20,Battles,Armed clash,A,{US},,,,,,0,x,,IRQ6",
            "2024-01-20,Battles,Armed clash,A,B,Iraq,,,,,0,x,,IRQ7,extra",
        ]
    )
    lines = list(read_events(stream(text)))
    assert lines[0].error is None and lines[0].record.place == "Iraq"
    errors = {line.number: line.error for line in lines if line.error}
    assert "event_date" in errors[3]
    assert "fatalities" in errors[4]
    assert "latitude" in errors[5]
    assert "event_type" in errors[6]
    assert "country" in errors[7]
    assert "more fields" in errors[8]


def test_an_event_file_without_the_layout_is_refused_at_its_header():
    [line] = read_events(stream("date,type,country\n2024-01-20,Battles,Iraq\n"))
    assert line.number == 1 and "event_date" in line.error


def test_figure_rows_need_a_known_metric_and_place():
    text = "\n".join(
        [
            HEADER,
            "attacks,Syria and Iraq,23,exact,2023-10-30,2023-10-17,DoD,https://d.example/1,q",
            "sorties,Iraq,23,exact,2023-10-30,,DoD,,",
            "attacks,Atlantis,23,exact,2023-10-30,,DoD,,",
            "attacks,Iraq,23,exact,2023-10-30,,DoD,javascript:alert(1),",
            "attacks,Iraq,23,range,2023-10-30,,DoD,,",
            "attacks,Iraq,23,exact,2023-10-30,2023-11-30,DoD,,",
        ]
    )
    lines = list(read_figures(stream(text)))
    assert lines[0].record.place == "Iraq and Syria"  # an alias, stored as the gazetteer's name
    errors = {line.number: line.error for line in lines if line.error}
    assert "unknown metric 'sorties'" in errors[3]
    assert "unknown place 'Atlantis'" in errors[4]
    assert "http(s)" in errors[5]
    assert "range" in errors[6]
    assert "after as_of" in errors[7]


def test_binary_is_not_read_as_rows():
    lines = list(read_figures(io.BytesIO(HEADER.encode() + b"\n\xff\xfe\x00garbage\n")))
    assert lines[-1].error == "not UTF-8 text"
    lines = list(read_events(stream(EVENT_HEADER + "\n2024-01-20,Battles,x\x00,A,B,Iraq\n")))
    assert "NUL" in lines[0].error


# --- which events count (pure) -------------------------------------------------------------------


def test_a_claims_ground_covers_the_places_within_it():
    covered = places_covered("Iraq and Syria")
    assert covered[0] == "Iraq and Syria"
    assert {"Iraq", "Syria", "Ain al-Asad air base, Iraq", "al-Tanf, Syria"} <= set(covered)
    assert "Tower 22, Jordan" not in covered and "Middle East" not in covered


def test_attacks_count_drone_rocket_and_ied_attacks_on_the_claims_target():
    selection = selection_for(
        metric="attacks",
        place="Iraq",
        actor="",
        as_of=date(2024, 1, 27),
        since=date(2023, 10, 17),
        window_start=None,
    )
    assert selection.aggregate == "count"
    assert selection.event_types == ("Explosions/Remote violence",)
    assert "Air/drone strike" in selection.sub_event_types
    assert selection.targets == ("Military Forces of the United States",)
    assert (selection.date_from, selection.date_to) == (date(2023, 10, 17), date(2024, 1, 27))
    coalition = selection_for(
        metric="attacks",
        place="Iraq",
        actor="US and coalition forces",
        as_of=date(2024, 1, 27),
        since=None,
        window_start=date(2023, 11, 28),
    )
    assert "Global Coalition Against Daesh" in coalition.targets
    assert coalition.date_from == date(2023, 11, 28)  # no start date: the window's start


def test_no_selection_where_events_cannot_speak_to_the_claim():
    base = {
        "metric": "attacks",
        "place": "Iraq",
        "actor": "",
        "as_of": date(2024, 1, 27),
        "since": date(2023, 10, 17),
        "window_start": None,
    }
    assert selection_for(**base) is not None
    assert selection_for(**{**base, "metric": "troops_deployed"}) is None
    assert selection_for(**{**base, "as_of": None}) is None
    assert selection_for(**{**base, "place": ""}) is None
    assert selection_for(**{**base, "actor": "Hamas"}) is None  # whose attacks? unknown
    # Nobody named, on ground where US forces are not the obvious target: nothing to count.
    assert selection_for(**{**base, "place": "Gaza Strip"}) is None
    assert selection_for(**{**base, "since": None}) is None  # no start and no window


def test_a_death_toll_is_counted_only_for_a_named_target_and_over_days():
    toll = {
        "metric": "deaths",
        "place": "Jordan",
        "as_of": date(2024, 1, 29),
        "since": None,
        "window_start": date(2023, 12, 30),
    }
    assert selection_for(**toll, actor="") is None  # "24,000 killed" of whom?
    selection = selection_for(**toll, actor="US forces")
    assert selection.aggregate == "sum(fatalities)"
    assert selection.date_from == date(2024, 1, 26)  # the event's days, not the whole window


# --- importing official figures ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_figures_file_is_one_version_and_importing_it_again_adds_nothing():
    first = dataset_import_figures(stream=FIGURES.open("rb"), name="official_figures.csv")
    assert first.ok and first.created and (first.rows, first.new, first.stored) == (13, 13, 0)
    dataset = first.dataset
    assert dataset.kind == "figures" and dataset.rows == 13 and len(dataset.version_hash) == 64
    assert dataset.source.kind == Source.Kind.OFFICIAL
    assert ReferenceFigure.objects.filter(dataset=dataset).count() == 13
    figure = ReferenceFigure.objects.get(metric="attacks", value=140)
    assert figure.qualifier == "about" and figure.low < 140 < figure.high

    again = dataset_import_figures(stream=FIGURES.open("rb"), name="renamed.csv")
    assert again.ok and not again.created and again.dataset == dataset
    assert ReferenceDataset.objects.count() == 1 and ReferenceFigure.objects.count() == 13


@pytest.mark.django_db
def test_a_changed_figures_file_is_a_new_version_that_cites_the_figures_it_keeps():
    rows = [
        "attacks,Iraq and Syria,23,exact,2023-10-30,2023-10-17,DoD,https://d.example/1,q",
        "attacks,Iraq and Syria,38,exact,2023-11-06,2023-10-17,DoD,,",
    ]
    v1 = dataset_import_figures(stream=stream("\n".join([HEADER, *rows])), name="dod")
    changed = [rows[0], "attacks,Iraq and Syria,39,exact,2023-11-06,2023-10-17,DoD,,"]
    v2 = dataset_import_figures(stream=stream("\n".join([HEADER, *changed])), name="dod")
    assert v2.created and v2.dataset != v1.dataset
    assert (v2.new, v2.stored) == (1, 1)
    assert ReferenceFigure.objects.get(value=23).dataset == v2.dataset
    assert ReferenceFigure.objects.get(value=38).dataset == v1.dataset
    assert list(datasets_current("figures")) == [v2.dataset]
    # The corrected 38 → 39 leaves the old figure with its superseded version.
    assert sorted(reference_figures_current().values_list("value", flat=True)) == [23, 39]


@pytest.mark.django_db
def test_a_figures_file_with_a_bad_row_is_refused_whole():
    text = "\n".join(
        [
            HEADER,
            "injuries,Iraq and Syria,56,exact,2023-11-23,2023-10-17,New Body,,",
            "injuries,Iraq and Syria,many,exact,2023-11-24,,New Body,,",
            "injuries,Narnia,5,exact,2023-11-24,,New Body,,",
        ]
    )
    result = dataset_import_figures(stream=stream(text), name="bad.csv")
    assert not result.ok and result.dataset is None and result.error_count == 2
    assert (result.rows, result.new, result.stored) == (0, 0, 0)
    assert [n for n, _ in result.errors] == [3, 4]
    assert "value must be a number" in result.errors[0][1]
    assert not ReferenceDataset.objects.exists() and not ReferenceFigure.objects.exists()
    assert not Source.objects.filter(name__in=["New Body", "bad.csv"]).exists()


@pytest.mark.django_db
def test_import_reference_command_uses_the_dataset_service(tmp_path):
    out, err = StringIO(), StringIO()
    call_command("import_reference", str(FIGURES), "--name", "Pentagon tallies", stdout=out)
    assert out.getvalue().strip() == "13 new, 0 already stored, 0 failed"
    dataset = ReferenceDataset.objects.get()
    assert dataset.name == "Pentagon tallies" and dataset.source.name == "Pentagon tallies"
    out = StringIO()
    call_command("import_reference", str(FIGURES), stdout=out, stderr=err)
    assert out.getvalue().strip() == "0 new, 13 already stored, 0 failed"
    assert "already imported" in err.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nattacks,Atlantis,3,exact,2024-01-01,,DoD,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_reference", str(bad), stdout=StringIO(), stderr=err)
    assert "line 2: unknown place 'Atlantis'" in err.getvalue()
    assert ReferenceDataset.objects.count() == 1


# --- importing events ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_events_command_is_idempotent_and_versions_changed_files(tmp_path):
    out = StringIO()
    call_command("import_events", str(SAMPLE), "--source", "Sample compiler", stdout=out)
    assert "13 rows imported" in out.getvalue()
    dataset = ReferenceDataset.objects.get()
    assert (dataset.kind, dataset.name, dataset.rows) == ("events", "events_sample.csv", 13)
    assert dataset.source.name == "Sample compiler" and dataset.source.kind == "dataset"
    assert EventRecord.objects.filter(dataset=dataset).count() == 13
    assert EventRecord.objects.filter(place="Ain al-Asad air base, Iraq").count() == 4

    out = StringIO()
    call_command("import_events", str(SAMPLE), stdout=out)
    assert "already imported" in out.getvalue()
    assert EventRecord.objects.count() == 13 and ReferenceDataset.objects.count() == 1

    changed = tmp_path / "events_sample.csv"
    changed.write_bytes(sample_bytes().rstrip(b"\n").rsplit(b"\n", 1)[0] + b"\n")
    call_command("import_events", str(changed), stdout=StringIO())
    latest = datasets_current("events").get()
    assert latest != dataset and latest.rows == 12 and latest.name == dataset.name
    assert EventRecord.objects.count() == 25  # the old version stays, uncounted


@pytest.mark.django_db
def test_an_event_file_with_bad_rows_leaves_nothing_behind(tmp_path):
    lines = sample_bytes().decode().splitlines()
    lines[5] = lines[5].replace("26 October 2023", "26th October")
    lines.append(lines[1].replace(",0,Reuters", ",lots,Reuters"))
    path = tmp_path / "events.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_events", str(path), stdout=StringIO(), stderr=err)
    assert "line 6: event_date" in err.getvalue()
    assert "line 15: fatalities" in err.getvalue()
    assert not ReferenceDataset.objects.exists() and not EventRecord.objects.exists()


@pytest.mark.django_db
def test_events_go_in_by_batches():
    rows = [EVENT_HEADER] + [
        f"2024-01-{day:02d},Explosions/Remote violence,Air/drone strike,M,{US},Iraq,Erbil,Erbil,"
        f",,0,x,n{day}"
        for day in range(1, 32)
    ]
    result = dataset_import_events(stream=stream("\n".join(rows)), name="batched", batch=4)
    assert result.ok and result.rows == 31
    assert EventRecord.objects.filter(place="Erbil, Iraq").count() == 31


@pytest.mark.django_db
def test_an_empty_event_file_is_refused():
    result = dataset_import_events(stream=stream(EVENT_HEADER + "\n"), name="empty")
    assert not result.ok and "no rows" in result.errors[0][1]
    assert not ReferenceDataset.objects.exists()


# --- counting events for a claim -----------------------------------------------------------------


@pytest.fixture
def sample(db) -> ReferenceDataset:
    result = dataset_import_events(stream=SAMPLE.open("rb"), name="events_sample.csv")
    assert result.ok
    return result.dataset


def test_a_tally_claim_gets_the_count_of_matching_events_in_its_window(sample):
    [count] = counts_for(claim())
    figure = count.figure
    assert figure.key == FigureKey(FigureKind.DATASET, sample.pk)
    assert count.dataset_id == sample.pk and str(figure.key) == f"dataset:{sample.pk}"
    assert figure.value == SAMPLE_ATTACKS and figure.qualifier == "exact"
    assert figure.low <= SAMPLE_ATTACKS <= figure.high
    assert (figure.metric, figure.place) == ("attacks", "Iraq and Syria")
    assert (figure.as_of, figure.since) == (date(2024, 1, 27), date(2023, 10, 17))
    assert figure.source == figure.origin == "events_sample.csv"
    assert count.query["dataset"] == "events_sample.csv"
    assert count.query["version_hash"] == sample.version_hash
    assert count.query["aggregate"] == "count"
    filters = count.query["filters"]
    assert (filters["date_from"], filters["date_to"]) == ("2023-10-17", "2024-01-27")
    assert "Ain al-Asad air base, Iraq" in filters["places"]
    assert filters["event_types"] == ["Explosions/Remote violence"]
    assert filters["actor2_contains"] == ["Military Forces of the United States"]


def test_the_window_and_the_ground_decide_what_is_counted(sample):
    def value(**overrides) -> float:
        return counts_for(claim(**overrides))[0].figure.value

    assert value(place="Iraq") == 6
    assert value(place="Syria") == 3
    assert value(place="Ain al-Asad air base, Iraq") == 4
    assert value(as_of=date(2023, 11, 21)) == 5  # up to and including as_of
    assert value(as_of=date(2023, 11, 20)) == 4
    assert value(since=date(2024, 1, 20)) == 2
    assert value(place="Jordan", as_of=date(2024, 1, 29)) == 1


def test_a_death_toll_sums_fatalities_of_attacks_on_its_target(sample):
    toll = claim(
        metric="deaths",
        value=3.0,
        qualifier="exact",
        low=3.0,
        high=3.0,
        place="Jordan",
        as_of=date(2024, 1, 29),
        since=None,
    )
    [count] = counts_for(toll)
    assert count.figure.value == 3 and count.query["aggregate"] == "sum(fatalities)"
    assert count.query["filters"]["date_from"] == "2024-01-26"


def test_no_counts_for_claims_events_cannot_speak_to(sample):
    assert counts_for(claim(), actor="Hamas") == []
    assert counts_for(claim(subset="serious")) == []
    assert counts_for(claim(metric="troops_deployed")) == []
    assert counts_for(claim(as_of=None)) == []
    unscoped = Scope(metric="attacks", places=(), start=None, end=None)
    assert event_figures_for(claim(), unscoped, actor="US forces") == []


def test_only_the_latest_version_of_each_dataset_counts(sample, tmp_path):
    trimmed = sample_bytes().decode().splitlines()
    del trimmed[1]  # the 17 Oct attack on Ain al-Asad
    dataset_import_events(stream=stream("\n".join(trimmed)), name="events_sample.csv")
    [count] = counts_for(claim())
    assert count.figure.value == SAMPLE_ATTACKS - 1
    assert count.query["version_hash"] != sample.version_hash

    other = dataset_import_events(
        stream=stream("\n".join(trimmed[:4])), name="another compiler", source="Monitor"
    )
    by_source = {c.figure.source: c.figure.value for c in counts_for(claim())}
    assert by_source == {"events_sample.csv": SAMPLE_ATTACKS - 1, "Monitor": 3}
    assert other.dataset.source.name == "Monitor"


def test_the_count_is_one_query_per_dataset_on_the_place_and_date_index(
    sample, django_assert_num_queries
):
    # A realistic spread: events over three years, every place, several types and targets.
    rng = random.Random(7)
    places = [*gazetteer(), ""]
    EventRecord.objects.bulk_create(
        (
            EventRecord(
                dataset=sample,
                event_date=date(2022, 1, 1) + timedelta(days=rng.randrange(1000)),
                event_type=rng.choice(["Explosions/Remote violence", "Battles", "Protests"]),
                sub_event_type="Air/drone strike",
                actor2=rng.choice([US, "Civilians (Iraq)"]),
                country="Iraq",
                place=rng.choice(places),
            )
            for _ in range(50_000)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_eventrecord")
    figure = claim()
    with django_assert_num_queries(2):  # the current datasets, then one count
        event_figures_for(figure, scope_of(figure), actor="US forces")
    selection = selection_for(
        metric="attacks",
        place="Iraq and Syria",
        actor="US forces",
        as_of=figure.as_of,
        since=figure.since,
        window_start=None,
    )
    sql, params = _matching(sample, selection).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_place_date_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


def _import_peak(rows: int, *, tag: str = "") -> int:
    """Peak memory (bytes) Python allocates while importing `rows` events, file excluded."""
    line = (
        "2024-01-{day:02d},Explosions/Remote violence,Air/drone strike,Militia,"
        + US
        + ",Iraq,Al Anbar,Ain al Asad Airbase,33.78,42.44,0,Reuters,"
        + "Event {n}{tag}: a drone attack.\n"
    )
    body = (
        EVENT_HEADER
        + "\n"
        + "".join(line.format(day=1 + n % 28, n=n, tag=tag) for n in range(rows))
    )
    data = stream(body)
    tracemalloc.start()
    try:
        result = dataset_import_events(stream=data, name=f"flat {rows}", batch=500)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.ok and result.rows == rows
    return peak


@pytest.mark.django_db
def test_memory_stays_flat_however_long_the_file():
    small, large = _import_peak(1_000), _import_peak(8_000)
    # Eight times the rows, nowhere near eight times the memory: rows go out in batches.
    assert large < 2 * small, (small, large)


# --- the admin upload ----------------------------------------------------------------------------

UPLOAD_URL = "/admin/claims/referencedataset/upload/"


@pytest.fixture
def uploader(db):
    user = StaffFactory(username="ulla")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="claims",
            codename__in=["add_referencedataset", "view_referencedataset"],
        )
    )
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, kind: str, filename: str, content: bytes, **fields):
    data = {"kind": kind, "file": SimpleUploadedFile(filename, content, "text/csv"), **fields}
    return client.post(UPLOAD_URL, data)


def test_the_upload_page_renders_for_staff_who_may_add_datasets(uploader):
    page = uploader.get(UPLOAD_URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content and b'name="kind"' in page.content
    add = uploader.get("/admin/claims/referencedataset/add/")
    assert add.status_code == 302 and add["Location"].endswith(UPLOAD_URL)


@pytest.mark.parametrize("memory_limit", [2_621_440, 0], ids=["in memory", "temporary file"])
def test_an_uploaded_event_file_is_imported_by_the_service(uploader, settings, memory_limit):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = memory_limit  # large uploads arrive as temporary files
    response = upload(uploader, "events", "events_sample.csv", sample_bytes(), source="ACLED")
    assert response.status_code == 200
    assert b"13 rows imported" in response.content
    dataset = ReferenceDataset.objects.get()
    assert dataset.kind == "events" and dataset.source.name == "ACLED"
    assert EventRecord.objects.count() == 13
    again = upload(uploader, "events", "copy.csv", sample_bytes())
    assert b"already imported" in again.content and ReferenceDataset.objects.count() == 1


def test_an_uploaded_figures_file_with_bad_rows_shows_them_escaped(uploader):
    script = "<script>alert(1)</script>"
    content = (HEADER + f"\nattacks,{script},3,exact,2024-01-01,,DoD,,\n").encode()
    response = upload(uploader, "figures", "bad.csv", content)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was imported" in body and "<td>2</td>" in body
    assert script not in body and "&lt;script&gt;" in body
    assert not ReferenceDataset.objects.exists()

    good = upload(uploader, "figures", "official.csv", FIGURES.read_bytes(), name="Tallies")
    assert b"13 rows imported" in good.content and b"13 new figure(s)" in good.content
    assert ReferenceDataset.objects.get().name == "Tallies"


@pytest.mark.django_db
def test_the_upload_is_refused_to_everyone_else():
    staff = Client()
    staff.force_login(StaffFactory(username="sam"))
    assert staff.get(UPLOAD_URL).status_code == 403
    assert upload(staff, "events", "e.csv", sample_bytes()).status_code == 403
    anonymous = Client()
    response = anonymous.post(UPLOAD_URL, {"kind": "events"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ReferenceDataset.objects.exists()


def test_dataset_and_event_lists_render(sample):
    client = Client()
    client.force_login(SuperuserFactory(username="root"))
    datasets_page = client.get("/admin/claims/referencedataset/")
    assert datasets_page.status_code == 200 and b"events_sample.csv" in datasets_page.content
    events_page = client.get("/admin/claims/eventrecord/")
    assert events_page.status_code == 200 and b"Ain al-Asad air base, Iraq" in events_page.content
    detail = client.get(f"/admin/claims/referencedataset/{sample.pk}/change/")
    assert detail.status_code == 200 and sample.version_hash.encode() in detail.content


def test_figure_rows_may_name_an_open_metric_normalised_as_extraction_does():
    text = "\n".join(
        [
            HEADER,
            "~Fertiliser [tons],Yemen,41000,exact,2024-03-02,,CENTCOM,,",
            "~New Jobs,Iraq,7000,exact,2024-03-02,,Ministry,,",
            "~ [tons],Yemen,41000,exact,2024-03-02,,CENTCOM,,",
        ]
    )
    lines = list(read_figures(stream(text)))
    assert [line.record.metric for line in lines[:2]] == ["~fertiliser [tons]", "~jobs"]
    assert "names nothing counted" in lines[2].error
