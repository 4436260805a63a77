"""Reads of stored evidence: the rows of a batch being stored, and what each row compared the
claim with (another claim, an official figure, a count of events)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from claims.models import Evidence


def evidence_queryset() -> QuerySet[Evidence]:
    """A claim's evidence, the rows that decided its verdict first."""
    return Evidence.objects.select_related(
        "other_claim__document__source", "reference__source", "dataset__source"
    ).order_by("-deciding", "relation", "id")


@dataclass(frozen=True)
class EvidenceTarget:
    """What an evidence row compared the claim with, whichever kind it is."""

    kind: str  # "claim" | "reference" | "dataset"
    outlet: str
    url: str
    value: float | None
    qualifier: str
    as_of: date | None
    since: date | None
    quote: str


def evidence_target(evidence: Evidence) -> EvidenceTarget:
    """The other figure of an evidence row (load it with evidence_queryset's joins)."""
    if evidence.other_claim_id is not None:
        other = evidence.other_claim
        document = other.document
        return EvidenceTarget(
            kind="claim",
            outlet=document.source.name,
            url=document.url,
            value=other.value,
            qualifier=other.qualifier,
            as_of=other.as_of or document.published,
            since=other.since,
            quote=other.quote,
        )
    if evidence.reference_id is not None:
        reference = evidence.reference
        return EvidenceTarget(
            kind="reference",
            outlet=reference.source.name,
            url=reference.url,
            value=reference.value,
            qualifier=reference.qualifier,
            as_of=reference.as_of,
            since=reference.since,
            quote=reference.quote,
        )
    dataset = evidence.dataset
    filters = evidence.query.get("filters", {})
    return EvidenceTarget(
        kind="dataset",
        outlet=dataset.source.name,
        url=dataset.source.url,
        value=evidence.value,
        qualifier="exact",
        as_of=_iso_day(filters.get("date_to")),
        since=_iso_day(filters.get("date_from")),
        quote=f"{evidence.query.get('aggregate', 'count')} of {dataset.name} "
        f"(version {dataset.version_hash[:12]})",
    )


def _iso_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def evidence_query_text(query: dict) -> str:
    """An evidence row's query as JSON text, one way only, so equal queries compare equal."""
    return json.dumps(query, sort_keys=True, separators=(",", ":"))


# The query of a row that compared with a figure, not with a count of events.
NO_QUERY = evidence_query_text({})


class EvidenceRow(NamedTuple):
    """An evidence row as the cross-check writes it (created_at aside, set when it is stored) and
    reads it back: a row that still holds equals the stored one, field by field."""

    claim_id: int
    other_claim_id: int | None
    reference_id: int | None
    dataset_id: int | None
    value: float | None  # the aggregate's value, for evidence from a dataset
    query: str  # JSON text (evidence_query_text), so equal queries compare equal
    relation: str
    reason: str
    deciding: bool = False  # the figure decided the verdict


def evidence_rows(*, claim_ids: list[int]) -> dict[int, dict[EvidenceRow, int]]:
    """The stored evidence of these claims, by claim: each row with the row's id."""
    found: dict[int, dict[EvidenceRow, int]] = {}
    # The query is read as the database's text and put in our one form only when it holds
    # something: a batch reads thousands of rows, most with no query at all.
    fields = [name if name != "query" else "query_text" for name in EvidenceRow._fields]
    stored = (
        Evidence.objects.filter(claim_id__in=claim_ids)
        .order_by()
        .annotate(query_text=Cast("query", TextField()))
        .values_list("pk", *fields)
    )
    at = EvidenceRow._fields.index("query")
    for pk, *values in stored:
        text = values[at]
        values[at] = NO_QUERY if text == "{}" else evidence_query_text(json.loads(text))
        row = EvidenceRow(*values)
        found.setdefault(row.claim_id, {})[row] = pk
    return found
