"""The extract_claims command: JSON lines in, JSON lines out, bad lines named, no database."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SEED = Path(__file__).parent / "fixtures" / "seed_article.txt"
FIELDS = {
    "quote", "start", "end", "sentence", "value", "low", "high", "qualifier", "metric",
    "metric_label", "place", "actor", "as_of", "since", "attribution", "derived", "subset",
    "kind", "mode", "counter", "unit", "unit_kind", "counted",
}  # fmt: skip


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("extract_claims", *args, stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    rows = [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]
    return rows, err.getvalue(), error


def test_jsonl_in_and_out(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "seed", "text": SEED.read_text(encoding="utf-8"), "published": "2024-01-27"},
        {"id": 7, "text": "Nothing to count here.", "published": None},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    rows, err, error = run("--jsonl", str(source))
    assert error is None and err == ""
    assert [r["id"] for r in rows] == ["seed", 7]
    assert len(rows[0]["claims"]) == 7 and rows[1]["claims"] == []
    first = rows[0]["claims"][0]
    assert set(first) == FIELDS
    assert (first["value"], first["qualifier"], first["metric"]) == (
        2500,
        "exact",
        "troops_deployed",
    )
    assert (first["as_of"], first["since"], first["derived"]) == ("2024-01-27", None, False)
    assert rows[0]["claims"][1]["since"] == "2023-10-17"
    # "70 US personnel with minor injuries and one seriously wounded": parts, not totals.
    assert [c["subset"] for c in rows[0]["claims"]] == ["", "", "minor", "serious", "", "", ""]


def test_bad_lines_are_named_and_the_rest_go_on(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"not json\n"
        b'{"id": "ok", "text": "Militants fired 12 rockets.", "published": "2024-01-27"}\n'
        b'{"id": "no-text"}\n'
        b"\xff\xfe binary\n"
        b'{"id": "bad-date", "text": "x", "published": "2024-13-40"}\n'
        b"[1, 2]\n"
        b'{"id": "big", "text": "1e309 troops", "published": null}\n'
    )
    rows, err, error = run("--jsonl", str(source))
    assert [r["id"] for r in rows] == ["ok", "big"]
    assert rows[0]["claims"][0]["value"] == 12
    for number in (1, 3, 4, 5, 6):
        assert f"line {number}:" in err
    assert "line 2:" not in err
    assert error is not None and "5 bad" in str(error)


def test_text_file_with_published(tmp_path):
    rows, err, error = run(str(SEED), "--published", "2024-01-27")
    assert error is None
    assert len(rows) == 1 and len(rows[0]["claims"]) == 7
    assert rows[0]["claims"][4]["as_of"] == "2024-01-21"


def test_text_file_errors(tmp_path):
    assert "not a date" in str(run(str(SEED), "--published", "27/01/2024")[2])
    assert "cannot read" in str(run(str(tmp_path / "missing.txt"))[2])
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in str(run(str(binary))[2])


def test_stdin(monkeypatch):
    data = b'{"id": "s", "text": "About 900 troops are in Syria.", "published": null}\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    rows, err, error = run("--jsonl", "-")
    assert error is None
    assert rows[0]["claims"][0]["place"] == "Syria"
    assert rows[0]["claims"][0]["as_of"] is None


@pytest.mark.parametrize("args", [(), ("a.txt", "--jsonl", "b.jsonl")])
def test_usage_errors(args):
    assert run(*args)[2] is not None


def test_a_claim_as_json_holds_every_field_in_order_with_dates_as_text():
    from dataclasses import asdict, fields
    from datetime import date

    from claims.extraction import extract_claims

    text = "Some 2,500 US troops are in Iraq. More than 150 attacks have hit them since Oct. 17."
    claims = extract_claims(text, date(2024, 1, 27))
    assert claims and any(c.since for c in claims)
    for claim in claims:
        row = claim.as_json()
        assert list(row) == [f.name for f in fields(claim)]
        expected = asdict(claim)
        expected["as_of"] = claim.as_of.isoformat() if claim.as_of else None
        expected["since"] = claim.since.isoformat() if claim.since else None
        assert row == expected
        json.dumps(row)
