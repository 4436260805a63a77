"""Scoring the extractor on numbers from any topic (`general_numbers.jsonl`, see the corpus'
GENERAL.md): each text's labelled quantities and the numbers in it that are not claims.

A labelled quantity is read when a claim overlapping its quote has the same value, the same
qualifier and the same kind of unit; a false alarm is a claim overlapping a labelled non-claim (a
year, a date, a rank, a code, a window of time). Pure Python: `score_general(path)` returns a
report that `evaluate_extraction` prints.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import ExtractedClaim, extract_claims
from .reader import numbers_left_out

# The kinds of unit, as GENERAL.md groups its labels.
UNIT_KINDS = (
    "count",
    "percent",
    "currency",
    "duration",
    "age",
    "measurement",
    "multiplier",
    "fraction",
)
# A label's unit by its first word: a rate ("USD per year") is of its first word's kind.
_CURRENCIES = frozenset({"usd", "inr", "zar", "eur", "gbp", "kes", "ngn", "php", "dollars"})
_DURATIONS = frozenset(
    {"seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries"}
)
_MEASURES = frozenset(
    {
        "miles", "feet", "km", "kms", "kilometres", "kilometers", "metres", "meters", "kg",
        "kilograms", "pounds", "tons", "tonnes", "gallons", "litres", "liters", "megawatts", "mw",
        "degrees", "mph", "acres", "hectares",
    }
)  # fmt: skip


def unit_kind_of_label(unit: str) -> str:
    """The kind of a labelled unit: "percent", "USD per year" (currency), "years of age" …"""
    words = (unit or "").split()
    first = words[0].casefold() if words else ""
    if first == "percent" or unit.startswith("percentage point"):
        return "percent"
    if first == "fraction":
        return "fraction"
    if unit == "times":
        return "multiplier"  # "three times a day" is a frequency: "times per day", a count
    if unit == "years of age":
        return "age"
    if first in _CURRENCIES:
        return "currency"
    if first in _DURATIONS:
        return "duration"
    if first in _MEASURES:
        return "measurement"
    return "count"


def unit_kind_of_claim(claim: ExtractedClaim) -> str:
    """What a claim's figure is: its unit's kind (every metric of the taxonomy counts)."""
    return claim.unit_kind


@dataclass
class QuantityResult:
    record: str  # the record's id
    quantity: dict
    kind: str  # the label's unit kind
    read: ExtractedClaim | None  # the claim that read it, value, qualifier and kind right
    near: list[ExtractedClaim]  # claims overlapping its quote


@dataclass
class GeneralReport:
    results: list[QuantityResult]
    not_claims: int
    false_alarms: list[tuple[str, str, ExtractedClaim]] = field(default_factory=list)
    # Every number the readers left out, with why: (record, its words, reason).
    left_out: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def read(self) -> int:
        return sum(r.read is not None for r in self.results)

    def lines(self) -> list[str]:
        total = len(self.results)
        share = self.read / total if total else 1.0
        out = [
            f"general numbers: read {self.read}/{total} quantities ({share:.2f}; value, "
            f"qualifier and unit kind right); {len(self.false_alarms)} false alarms on "
            f"{self.not_claims} labelled non-claims",
            "read by unit kind:",
        ]
        kinds = Counter(r.kind for r in self.results)
        read = Counter(r.kind for r in self.results if r.read is not None)
        for kind in UNIT_KINDS:
            if kinds[kind]:
                out.append(f"  {kind:<12} {read[kind]}/{kinds[kind]}")
        for record, text, claim in self.false_alarms:
            out.append(f"  false alarm in {record}: {claim.quote!r} overlaps not-claim {text!r}")
        out.append(f"numbers left out ({len(self.left_out)}), and why:")
        out += [f"  {record}: {words!r} — {why}" for record, words, why in self.left_out]
        return out


def _overlapping(claims: list[ExtractedClaim], start: int, end: int) -> list[ExtractedClaim]:
    return [c for c in claims if c.start < end and c.end > start]


def _reads(quantity: dict, kind: str, claim: ExtractedClaim) -> bool:
    try:
        value = float(quantity["value"])
    except (KeyError, TypeError, ValueError):
        return False
    return (
        abs(claim.value - value) <= 1e-9 * max(1.0, abs(value))
        and claim.qualifier == quantity.get("qualifier")
        and unit_kind_of_claim(claim) == kind
    )


def score_general(path: Path) -> GeneralReport:
    """Read every record's text with the extractor and score it against the labels."""
    results: list[QuantityResult] = []
    false_alarms: list[tuple[str, str, ExtractedClaim]] = []
    not_claims = 0
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    for record in records:
        text = record.get("text") or ""
        claims = extract_claims(text, None)
        for quantity in record.get("quantities") or ():
            at = text.find(quantity.get("quote") or "\0")
            near = _overlapping(claims, at, at + len(quantity["quote"])) if at >= 0 else []
            kind = unit_kind_of_label(quantity.get("unit") or "")
            read = next((c for c in near if _reads(quantity, kind, c)), None)
            results.append(QuantityResult(record.get("id", "?"), quantity, kind, read, near))
        for phrase in record.get("not_claims") or ():
            not_claims += 1
            at = text.find(phrase)
            if at >= 0:
                for claim in _overlapping(claims, at, at + len(phrase)):
                    false_alarms.append((record.get("id", "?"), phrase, claim))
    left_out = [
        (record.get("id", "?"), words, why)
        for record in records
        for words, why in numbers_left_out(record.get("text") or "", None)
    ]
    return GeneralReport(results, not_claims, false_alarms, left_out)
