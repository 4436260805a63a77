"""Numbers from any topic: the share of labelled quantities read right, and false alarms on the
labelled non-claims (the layout of the corpus' general_numbers.jsonl)."""

import io
import json

import pytest
from django.core.management import call_command

from claims.extraction.general import score_general, unit_kind_of_label
from tests.extraction.test_evaluation import label, write_corpus

RECORDS = [
    {
        "id": "r1",
        "text": "Militants fired at least 12 rockets at the base in 2024.",
        "quantities": [
            {"quote": "at least 12", "value": 12, "high": None, "qualifier": "at_least",
             "unit": "rockets"},
        ],
        "not_claims": ["2024"],
    },
    {
        "id": "r2",
        "text": "Nearly 40% of them were hurt; some 1,200 US troops are deployed in Syria.",
        "quantities": [
            {"quote": "Nearly 40%", "value": 40, "high": None, "qualifier": "nearly",
             "unit": "percent"},
            {"quote": "some 1,200", "value": 1200, "high": None, "qualifier": "about",
             "unit": "troops"},
        ],
        "not_claims": [],
    },
    {
        "id": "r3",
        "text": "Militants fired 30 rockets at the base.",
        "quantities": [],
        "not_claims": ["30 rockets"],  # labelled as no claim: the extractor's claim is an alarm
    },
]  # fmt: skip


def write(path, records=RECORDS):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_quantities_read_right_by_unit_kind_and_false_alarms(tmp_path):
    report = score_general(write(tmp_path / "general_numbers.jsonl"))
    assert [(r.record, r.kind, r.read is not None) for r in report.results] == [
        ("r1", "count", True),
        ("r2", "percent", True),
        ("r2", "count", True),
    ]
    assert report.not_claims == 2
    assert [(record, phrase) for record, phrase, _ in report.false_alarms] == [("r3", "30 rockets")]
    lines = report.lines()
    assert lines[0].startswith("general numbers: read 3/3 quantities (1.00;")
    assert "1 false alarms on 2 labelled non-claims" in lines[0]
    assert "  percent      1/1" in lines


def test_a_wrong_qualifier_or_value_is_not_read(tmp_path):
    record = {**RECORDS[0], "quantities": [{**RECORDS[0]["quantities"][0], "qualifier": "exact"}]}
    assert score_general(write(tmp_path / "g.jsonl", [record])).read == 0
    record = {**RECORDS[0], "quantities": [{**RECORDS[0]["quantities"][0], "value": 13}]}
    assert score_general(write(tmp_path / "g.jsonl", [record])).read == 0


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("percent", "percent"),
        ("percentage points of GDP", "percent"),
        ("USD per year", "currency"),
        ("INR", "currency"),
        ("dollars", "currency"),
        ("years of age", "age"),
        ("years in prison", "duration"),
        ("days", "duration"),
        ("times", "multiplier"),
        ("times per day", "count"),
        ("fraction", "fraction"),
        ("kilometres", "measurement"),
        ("mph", "measurement"),
        ("jobs per month", "count"),
        ("people", "count"),
    ],
)
def test_unit_kinds_of_labels(unit, kind):
    assert unit_kind_of_label(unit) == kind


def test_the_command_adds_the_general_report_where_the_corpus_has_one(tmp_path):
    sentence = "Militants fired at least 12 rockets at the base in Syria on Sunday."
    write_corpus(
        tmp_path,
        [label(sentence=sentence, metric="projectiles", value=12, qualifier="at_least")],
    )
    out = io.StringIO()
    call_command("evaluate_extraction", corpus=str(tmp_path), stdout=out)
    assert "general numbers" not in out.getvalue()
    write(tmp_path / "general_numbers.jsonl")
    out = io.StringIO()
    call_command("evaluate_extraction", corpus=str(tmp_path), stdout=out)
    assert "general numbers: read 3/3 quantities" in out.getvalue()
