"""Print every stored claim as a JSON line, with its verdict and evidence.

    python manage.py export_claims [--status supported] [--unit-kind percent] > claims.jsonl

Keys (other tools read them): id, document_url, outlet, published, quote, sentence, value, low,
high, qualifier, metric, unit, unit_kind, counted, subset, kind, mode, counter, place, actor,
attribution, as_of, since, status, confidence, explanation, and evidence: a list of {relation,
reason, deciding, outlet, document_url, value, qualifier, as_of}. Dates are ISO or null.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.units import UNIT_KINDS
from claims.models import Claim, Evidence
from claims.selectors.claims import claim_export
from claims.selectors.evidence import evidence_target

CHUNK = 500


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _number(value: float | None) -> float | int | None:
    # Counts are stored as floats; 2500.0 reads better, and compares the same, as 2500.
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def evidence_row(evidence: Evidence) -> dict:
    target = evidence_target(evidence)
    return {
        "relation": evidence.relation,
        "reason": evidence.reason,
        "deciding": evidence.deciding,
        "outlet": target.outlet,
        "document_url": target.url or None,
        "value": _number(target.value),
        "qualifier": target.qualifier,
        "as_of": _day(target.as_of),
    }


def claim_row(claim: Claim) -> dict:
    document = claim.document
    return {
        "id": claim.pk,
        "document_url": document.url,
        "outlet": document.source.name,
        "published": _day(document.published),
        "quote": claim.quote,
        "sentence": claim.sentence,
        "value": _number(claim.value),
        "low": _number(claim.low),
        "high": _number(claim.high),
        "qualifier": claim.qualifier,
        "metric": claim.metric,
        "unit": claim.unit,
        "unit_kind": claim.unit_kind,
        "counted": claim.counted,
        "subset": claim.subset,
        "kind": claim.figure_kind,
        "mode": claim.mode,
        "counter": claim.counter,
        "place": claim.place,
        "actor": claim.actor,
        "attribution": claim.attribution,
        "as_of": _day(claim.as_of),
        "since": _day(claim.since),
        "status": claim.status,
        "confidence": claim.confidence,
        "explanation": claim.explanation,
        "evidence": [evidence_row(e) for e in claim.evidence.all()],
    }


class Command(BaseCommand):
    help = "Print every stored claim as a JSON line with its verdict and evidence."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--status", choices=Claim.Status.values, help="Only claims with this verdict."
        )
        parser.add_argument(
            "--unit-kind",
            choices=UNIT_KINDS,
            help="Only figures of this kind of quantity (count, percent, currency, …).",
        )

    def handle(self, *args, **options) -> None:
        claims = claim_export()
        if options["status"]:
            if options["status"] not in Claim.Status.values:
                raise CommandError(f"unknown status {options['status']!r}")
            claims = claims.filter(status=options["status"])
        if options["unit_kind"]:
            if options["unit_kind"] not in UNIT_KINDS:
                raise CommandError(f"unknown unit kind {options['unit_kind']!r}")
            claims = claims.filter(unit_kind=options["unit_kind"])
        # Chunks keep memory flat however many claims are stored; prefetches run per chunk.
        for claim in claims.iterator(chunk_size=CHUNK):
            self.stdout.write(json.dumps(claim_row(claim), ensure_ascii=False))
