"""The evaluation command scores a labelled corpus: recall, SUM labels, precision on articles."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from claims.extraction.evaluation import evaluate

ARTICLE = "Attacks go on.\n\nMilitants fired at least 12 rockets at the base in Syria on Sunday."


def write_corpus(root, labels):
    (root / "articles").mkdir()
    (root / "articles" / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    doc = {"id": "a1", "url": "u", "outlet": "o", "published": "2024-01-27", "text": ARTICLE}
    (root / "documents.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    (root / "claims.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in labels), encoding="utf-8"
    )


def label(**fields):
    base = {"id": "x", "published": None, "notes": "", "location": "", "as_of": None}
    return {**base, **fields}


def test_recall_precision_and_misses(tmp_path):
    write_corpus(
        tmp_path,
        [
            label(
                id="a",
                sentence="Militants fired at least 12 rockets at the base in Syria on Sunday.",
                metric="projectiles",
                value=12,
                qualifier="at_least",
                location="Syria",
            ),
            label(
                id="sum",
                sentence="There had been 36 attacks in Iraq and 37 in Syria.",
                metric="attacks",
                value=73,
                qualifier="exact",
                notes="value is SUM of stated parts",
            ),
            label(
                id="miss",
                sentence="Officials gave no figure.",
                metric="attacks",
                value=5,
                qualifier="exact",
            ),
        ],
    )
    report = evaluate(tmp_path)
    assert [r.found is not None for r in report.results] == [True, True, False]
    assert report.results[0].place_right
    assert report.results[1].found.derived
    (seed,) = report.seeds
    assert (seed.precision, seed.recall) == (1.0, 1.0)

    out = io.StringIO()
    call_command("evaluate_extraction", "--corpus", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "recall (value, qualifier class, metric): 0.667" in text
    assert "SUM-of-parts labels (derived totals): 1.000 of 1" in text
    assert "- miss: attacks 5 exact" in text
    assert "Officials gave no figure." in text


def test_missing_corpus(tmp_path):
    with pytest.raises(CommandError, match="no claims.jsonl"):
        call_command("evaluate_extraction", "--corpus", str(tmp_path), stdout=io.StringIO())
