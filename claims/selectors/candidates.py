"""Reads of candidates: what each claim of a batch is compared with (one query for the stored
claims nearest each, one for reference figures), and the claims new evidence bears on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from django.db import connection
from django.db.models import Min, Q, QuerySet

from claims.crosscheck import Figure, Scope
from claims.crosscheck.scope import CURRENT, reach_of
from claims.datasets.counts import reference_figures_current
from claims.models import Claim, EventRecord, Evidence, ReferenceDataset, ReferenceFigure
from claims.selectors.figures import (
    NearbyClaim,
    claim_figure,
    claims_for_figures,
    nearby_claim_figure,
    reference_figure,
)


def _in_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    # One indexed lookup: (metric, place, as_of) — never a scan of all claims.
    queryset = queryset.filter(metric=scope.metric, place__in=scope.places)
    if queryset.model is Claim:
        # Plans and past years' figures are not evidence about the present.
        queryset = queryset.filter(subset=scope.subset, mode=CURRENT)
    elif scope.subset:
        # Reference figures are totals: they say nothing of a part.
        return queryset.none()
    if scope.start is not None:
        queryset = queryset.filter(as_of__gte=scope.start)
    if scope.end is not None:
        queryset = queryset.filter(as_of__lte=scope.end)
    return queryset


# An undated claim has an open window; the newest figures in scope are evidence enough.
MAX_CANDIDATES = 500

# A dated claim is compared with the figures nearest its date, this many on each side: the
# verdict hears each origin through its nearest figure, and a dense store must not make one
# check read (and compare) hundreds of reports. A dozen origins is more than a verdict can use
# (its confidence is at its ceiling from four confirming origins of full weight), and every
# figure read is compared, worded and stored as evidence: more would only slow each check down.
NEAREST = 6
# And with this many undated figures of each place, the newest first: a figure with no date may
# be of the claim's day (it confirms, weighing less; see crosscheck.verdicts).
UNDATED = 3
# Places only loosely placed against the claim (a figure naming no place, the region around it)
# can confirm but never refute, and a confirmation is of about the same date: their two nearest
# figures on each side are enough, and their undated ones are read only where no place is named.
LOOSE_NEAREST = 2


def _limits(scope: Scope, rank: int) -> tuple[int, int]:
    """How many figures to read of the scope's `rank`-th place: (each dated side, undated)."""
    if scope.is_own(rank):
        return NEAREST, UNDATED
    return LOOSE_NEAREST, UNDATED if scope.places[rank] == "" else 0


def candidates_for(scope: Scope, *, exclude: Claim) -> list[Figure]:
    """Stored claims and reference figures that may be evidence for a claim in `scope`."""
    return candidates_for_claims([(exclude, scope)])[exclude.pk]


def candidates_for_claims(wanted: list[tuple[Claim, Scope]]) -> dict[int, list[Figure]]:
    """Candidates of a batch of claims (each with its scope), by claim id.

    On PostgreSQL the stored claims nearest each dated claim come from one query for the whole
    batch (a LATERAL trio of index range scans per claim and place); reference figures from one
    query. Otherwise, and for undated claims, one claim at a time.
    """
    found: dict[int, list[Figure]] = {claim.pk: [] for claim, _ in wanted}
    dated = [(c, s) for c, s in wanted if s.places and _center(c) is not None]
    if connection.vendor == "postgresql" and dated:
        for claim_id, figures in _nearest_claims(dated).items():
            found[claim_id] += figures
        rest = [(c, s) for c, s in wanted if s.places and _center(c) is None]
    else:
        rest = [(c, s) for c, s in wanted if s.places]
    for claim, scope in rest:
        found[claim.pk] += [claim_figure(c) for c in _claims_near(claim, scope)]
    # Reference figures: one query for the dated windows of the batch, sorted out by metric and
    # place in memory; an open (undated) window reads its own newest MAX_CANDIDATES.
    windowed = [s for _, s in wanted if s.places and s.start is not None and s.end is not None]
    by_ground = _references_by_ground(windowed)
    current = reference_figures_current().select_related("source")
    for claim, scope in wanted:
        if not scope.places:
            continue
        if scope.start is None or scope.end is None:
            references = list(_in_scope(current, scope).order_by("-as_of", "-id")[:MAX_CANDIDATES])
        else:
            references = sorted(
                (
                    r
                    for place in scope.places
                    for r in by_ground.get((scope.metric, place), ())
                    if _holds(scope, r)
                ),
                key=lambda r: (r.as_of, r.pk),
                reverse=True,
            )[:MAX_CANDIDATES]
        found[claim.pk] += [reference_figure(r) for r in references]
    return found


def _center(claim: Claim):
    return claim.as_of or claim.document.published


def _claims_near(claim: Claim, scope: Scope) -> list[Claim]:
    """One claim's nearest stored claims, with the ORM (SQLite, and undated claims)."""
    in_scope = (
        _in_scope(claims_for_figures(), scope)
        .exclude(document_id=claim.document_id)
        .defer("sentence")
    )
    center = _center(claim)
    if center is None:
        return list(in_scope.order_by("-as_of", "-id")[:MAX_CANDIDATES])
    # The undated ones: the same scope with no window.
    undated = (
        _in_scope(claims_for_figures(), replace(scope, start=None, end=None))
        .filter(as_of__isnull=True)
        .exclude(document_id=claim.document_id)
        .defer("sentence")
    )
    # Per place, so each side is one ordered range of claim_candidates_idx, read to NEAREST.
    sides = []
    for rank, place in enumerate(scope.places):
        nearest, undated_limit = _limits(scope, rank)
        here = in_scope.filter(place=place)
        sides.append(here.filter(as_of__lte=center).order_by("-as_of", "-id")[:nearest])
        sides.append(here.filter(as_of__gt=center).order_by("as_of", "id")[:nearest])
        if undated_limit:
            sides.append(undated.filter(place=place).order_by("-id")[:undated_limit])
    if connection.features.supports_slicing_ordering_in_compound:
        return list(sides[0].union(*sides[1:], all=True))  # one round trip
    return [c for side in sides for c in side]  # SQLite, the local run: one query a side


# The batch lookup: for each (claim, place) row of `wanted`, the stored claims nearest on or
# before the claim's date and after it, in the claim's window, then the newest undated ones, as
# many as _limits says for the place (w.nearest, w.undated), current figures of other documents;
# in the order of the per-claim lookup: place by place, each side nearest first. Each row it
# answers is a figures.NearbyClaim, its columns in that order. Each side is ordered as
# claim_candidates_idx is (the undated by as_of too, all NULL), so it reads only the rows it takes.
_NEAREST_SQL = """
WITH wanted (claim_id, ord, metric, place, subset, first_day, center, last_day, document_id,
              nearest, undated) AS (
    SELECT * FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::text[], %s::text[],
                         %s::date[], %s::date[], %s::date[], %s::bigint[], %s::int[], %s::int[])
)
SELECT w.claim_id, w.ord, near.id, near.value, near.low, near.high, near.qualifier, near.as_of,
       near.since, near.attribution, near.derived, near.passage, s.name, d.url, d.origin, s.kind,
       near.kind, near.counter, d.published
FROM wanted w
CROSS JOIN LATERAL (
    (SELECT {columns}, 0 AS side, row_number() OVER (ORDER BY c.as_of DESC, c.id DESC) AS rank
     FROM claims_claim c
     WHERE c.metric = w.metric AND c.place = w.place AND c.subset = w.subset
       AND c.mode = '{current}'
       AND c.as_of >= w.first_day AND c.as_of <= w.center AND c.document_id <> w.document_id
     ORDER BY c.as_of DESC, c.id DESC LIMIT w.nearest)
    UNION ALL
    (SELECT {columns}, 1 AS side, row_number() OVER (ORDER BY c.as_of, c.id) AS rank
     FROM claims_claim c
     WHERE c.metric = w.metric AND c.place = w.place AND c.subset = w.subset
       AND c.mode = '{current}'
       AND c.as_of > w.center AND c.as_of <= w.last_day AND c.document_id <> w.document_id
     ORDER BY c.as_of, c.id LIMIT w.nearest)
    UNION ALL
    (SELECT {columns}, 2 AS side,
            row_number() OVER (ORDER BY c.as_of DESC, c.id DESC) AS rank
     FROM claims_claim c
     WHERE c.metric = w.metric AND c.place = w.place AND c.subset = w.subset
       AND c.mode = '{current}'
       AND c.as_of IS NULL AND c.document_id <> w.document_id
     ORDER BY c.as_of DESC, c.id DESC LIMIT w.undated)
) AS near
JOIN claims_document d ON d.id = near.document_id
JOIN claims_source s ON s.id = d.source_id
ORDER BY w.claim_id, w.ord, near.side, near.rank
"""

_NEAREST_COLUMNS = (
    "c.id, c.document_id, c.value, c.low, c.high, c.qualifier, c.as_of, c.since, c.attribution,"
    " c.derived, c.passage, c.kind, c.counter"
)


class _Wanted(NamedTuple):
    """A row of the batch lookup's `wanted` list: one claim and one place of its scope."""

    claim_id: int
    ord: int  # the place's rank in the scope
    metric: str
    place: str
    subset: str
    first_day: date
    center: date
    last_day: date
    document_id: int
    nearest: int  # figures read on each side of the claim's date
    undated: int  # and undated figures


def _nearest_claims(dated: list[tuple[Claim, Scope]]) -> dict[int, list[Figure]]:
    wanted = [
        _Wanted(
            claim.pk,
            rank,
            scope.metric,
            place,
            scope.subset,
            scope.start,
            _center(claim),
            scope.end,
            claim.document_id,
            *_limits(scope, rank),
        )
        for claim, scope in dated
        for rank, place in enumerate(scope.places)
    ]
    sql = _NEAREST_SQL.format(columns=_NEAREST_COLUMNS, current=CURRENT)
    with connection.cursor() as cursor:
        # One array a column: the same dozen parameters however large the batch.
        cursor.execute(sql, [list(column) for column in zip(*wanted, strict=True)])
        rows = [NearbyClaim(*row) for row in cursor.fetchall()]
    scopes = {claim.pk: scope for claim, scope in dated}
    by_claim: dict[int, list[Figure]] = {}
    for row in rows:
        by_claim.setdefault(row.claim_id, []).append(nearby_claim_figure(row, scopes[row.claim_id]))
    return by_claim


def _references_by_ground(scopes: list[Scope]) -> dict[tuple[str, str], list[ReferenceFigure]]:
    """The current reference figures dated windows may take, by (metric, place), in one query."""
    totals = [s for s in scopes if not s.subset]  # reference figures are totals, never a part
    if not totals:
        return {}
    # One date range per metric covering its scopes in the batch; _holds then takes each claim's.
    ranges: dict[str, tuple[set[str], date, date]] = {}
    for scope in totals:
        places, start, end = ranges.get(scope.metric, (set(), date.max, date.min))
        ranges[scope.metric] = (
            places | set(scope.places),
            min(start, scope.start),
            max(end, scope.end),
        )
    near = Q()
    for metric, (places, start, end) in ranges.items():
        near |= Q(metric=metric, place__in=sorted(places), as_of__gte=start, as_of__lte=end)
    found: dict[tuple[str, str], list[ReferenceFigure]] = {}
    for reference in reference_figures_current().select_related("source").filter(near):
        found.setdefault((reference.metric, reference.place), []).append(reference)
    return found


def _holds(scope: Scope, reference: ReferenceFigure) -> bool:
    """Whether a reference figure of the scope's metric and ground is in its dated window, as
    _in_scope reads it (a part, a subset, takes no reference figure)."""
    when = reference.as_of
    return not scope.subset and when is not None and scope.start <= when <= scope.end


# --- reach: the claims new evidence bears on ------------------------------------------------------


def references_by_ids(*, ids: Iterable[int]) -> list[ReferenceFigure]:
    return list(ReferenceFigure.objects.select_related("source").filter(pk__in=list(ids)))


def reference_ids_of_dataset(*, dataset_id: int) -> list[int]:
    return list(ReferenceFigure.objects.filter(dataset_id=dataset_id).values_list("pk", flat=True))


def dataset_kind(*, dataset_id: int) -> str | None:
    return ReferenceDataset.objects.filter(pk=dataset_id).values_list("kind", flat=True).first()


def claim_ids_in_reach(figure: Figure) -> set[int]:
    """Ids of the stored claims that may take `figure` as evidence (an indexed lookup)."""
    scope = reach_of(figure)
    if not scope.places:
        return set()
    queryset = Claim.objects.filter(
        metric=scope.metric, place__in=scope.places, subset=scope.subset
    )
    dated = Q()
    if scope.start is not None:
        dated &= Q(as_of__gte=scope.start)
    if scope.end is not None:
        dated &= Q(as_of__lte=scope.end)
    # An undated claim looks at every date, so any figure may bear on it.
    queryset = queryset.filter(dated | Q(as_of__isnull=True))
    return set(queryset.values_list("pk", flat=True))


def claim_ids_hearing(*, document_ids: list[int], source_id: int | None = None) -> set[int]:
    """Claims whose verdicts hear these documents' voice: the documents' own claims and the
    claims with evidence from them; with `source_id`, also the claims with evidence from that
    source's reference figures or datasets."""
    cited = Q(other_claim__document_id__in=document_ids)
    if source_id is not None:
        cited |= Q(reference__source_id=source_id) | Q(dataset__source_id=source_id)
    citing = Evidence.objects.filter(cited).values("claim_id")
    hearing = Claim.objects.filter(Q(document_id__in=document_ids) | Q(pk__in=citing))
    return set(hearing.values_list("pk", flat=True))


def claim_ids_counted_by_events(*, dataset_id: int) -> set[int]:
    """Claims an event dataset can be counted for: a metric events count, a place holding some of
    its events, dated on or after its first event."""
    from claims.datasets.selection import event_rules, grounds_holding

    events = EventRecord.objects.filter(dataset_id=dataset_id).exclude(place="")
    first = events.aggregate(first=Min("event_date"))["first"]
    if first is None:
        return set()
    event_places = set(events.values_list("place", flat=True).distinct())
    grounds = grounds_holding(event_places)
    return set(
        Claim.objects.filter(
            metric__in=list(event_rules().metrics), place__in=grounds, as_of__gte=first
        ).values_list("pk", flat=True)
    )
