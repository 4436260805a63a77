"""Reads: every query the API, the admin, the tasks and the cross-checker make."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import MD5, Length, Lower

from claims import duplicates
from claims.crosscheck import Figure, Scope
from claims.crosscheck.scope import comparable_places, reach_of
from claims.crosscheck.tallies import SERIES_DAYS, month_only
from claims.datasets.counts import reference_figures_current
from claims.models import (
    Claim,
    Document,
    EventRecord,
    Evidence,
    ReferenceDataset,
    ReferenceFigure,
    Source,
    VerdictRecord,
)

# What a claim's figure needs to be read: its document, the source, and the copied original's.
FIGURE_RELATED = ("document__source", "document__copy_of__source")
# Sentences shorter than this are too short to call copied when two outlets share them.
MIN_PASSAGE_CHARS = 60


def _with_passage(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with a fingerprint of their sentence, computed in the database (no text loaded)."""
    return queryset.annotate(passage_hash=MD5(Lower("sentence")), passage_chars=Length("sentence"))


def document_find(*, url: str, content_hash: str) -> Document | None:
    return Document.objects.filter(Q(url=url) | Q(content_hash=content_hash)).first()


def document_ids_in_state(*, state: str, changed_before: datetime) -> list[int]:
    return list(
        Document.objects.filter(state=state, state_changed_at__lt=changed_before)
        .order_by("state_changed_at")
        .values_list("pk", flat=True)
    )


def documents_by_ids(*, ids: Iterable[int]) -> list[Document]:
    return list(Document.objects.filter(pk__in=list(ids)).defer("text"))


# Near-duplicates are looked for among documents published this close to the new one (an
# indexed range), and at any date among those whose fingerprint starts alike (index ranges).
DUPLICATE_DAYS = 3


def near_duplicates_of(*, document: Document, simhash: int) -> list[Document]:
    """Stored documents whose text is a near-duplicate of `document`'s (SimHash within reach)."""
    prefix = Q()
    for low, high in duplicates.prefix_ranges(simhash):
        prefix |= Q(simhash__gte=low, simhash__lte=high)
    nearby = prefix
    if document.published is not None:
        reach = timedelta(days=DUPLICATE_DAYS)
        nearby |= Q(
            published__gte=document.published - reach, published__lte=document.published + reach
        )
    queryset = (
        Document.objects.filter(nearby, simhash__isnull=False)
        .exclude(pk=document.pk)
        .only("pk", "simhash", "published", "copy_of_id")
    )
    if connection.vendor == "postgresql":
        # Count differing bits in the database: only the matches come back.
        queryset = queryset.annotate(
            differing=RawSQL("bit_count((simhash # %s)::bit(64))", (simhash,))
        ).filter(differing__lte=duplicates.MAX_DISTANCE)
        return list(queryset)
    return [d for d in queryset if duplicates.near_duplicates(d.simhash, simhash)]


def document_list() -> QuerySet[Document]:
    return Document.objects.select_related("source").defer("text")


def document_detail() -> QuerySet[Document]:
    return Document.objects.select_related("source").prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "id"))
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


def source_find(*, name_or_id: str | int) -> Source | None:
    if isinstance(name_or_id, int) or (
        isinstance(name_or_id, str) and name_or_id.isascii() and name_or_id.isdigit()
    ):
        return Source.objects.filter(pk=int(name_or_id)).first()
    return Source.objects.filter(name__iexact=str(name_or_id).strip()).first()


def _evidence_queryset() -> QuerySet[Evidence]:
    return Evidence.objects.select_related(
        "other_claim__document__source", "reference__source", "dataset__source"
    ).order_by("relation", "id")


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
    """The other figure of an evidence row (load it with _evidence_queryset's joins)."""
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


def claim_list() -> QuerySet[Claim]:
    return Claim.objects.select_related("document__source").defer("document__text")


def claim_detail() -> QuerySet[Claim]:
    return claim_list().prefetch_related(
        Prefetch("evidence", queryset=_evidence_queryset()),
        "reviews__reviewer",
        Prefetch("verdict_history", queryset=VerdictRecord.objects.order_by("-decided_at", "-id")),
    )


def claim_export() -> QuerySet[Claim]:
    return claim_detail().order_by("document_id", "start", "id")


def claims_of_document(*, document_id: int) -> list[Claim]:
    return list(
        _with_passage(Claim.objects.select_related(*FIGURE_RELATED))
        .defer("document__text", "document__copy_of__text")
        .filter(document_id=document_id)
    )


def claims_by_ids(*, ids: Iterable[int], exclude_document_id: int | None = None) -> list[Claim]:
    queryset = (
        _with_passage(Claim.objects.select_related(*FIGURE_RELATED))
        .defer("document__text", "document__copy_of__text")
        .filter(pk__in=list(ids))
    )
    if exclude_document_id is not None:
        queryset = queryset.exclude(document_id=exclude_document_id)
    return list(queryset)


def claims_batch(*, after_id: int, limit: int, metric: str | None = None) -> list[Claim]:
    """The next `limit` claims with ids above `after_id`, in id order (for resumable re-checks)."""
    queryset = (
        _with_passage(Claim.objects.select_related(*FIGURE_RELATED))
        .defer("document__text", "document__copy_of__text")
        .filter(pk__gt=after_id)
    )
    if metric:
        queryset = queryset.filter(metric=metric)
    return list(queryset.order_by("pk")[:limit])


def claims_count(*, after_id: int = 0, metric: str | None = None) -> int:
    queryset = Claim.objects.filter(pk__gt=after_id)
    if metric:
        queryset = queryset.filter(metric=metric)
    return queryset.count()


def evidence_query_text(query: dict) -> str:
    """An evidence row's query as JSON text, one way only, so equal queries compare equal."""
    return json.dumps(query, sort_keys=True, separators=(",", ":"))


def evidence_rows(*, claim_ids: list[int], columns: tuple[str, ...]) -> dict[int, dict[tuple, int]]:
    """The stored evidence of these claims: by claim (the first column must be claim_id), each
    row's `columns` as a tuple (its query as evidence_query_text) with the row's id."""
    found: dict[int, dict[tuple, int]] = {}
    query = columns.index("query")
    for pk, *row in (
        Evidence.objects.filter(claim_id__in=claim_ids).order_by().values_list("pk", *columns)
    ):
        row[query] = evidence_query_text(row[query])
        found.setdefault(row[0], {})[tuple(row)] = pk
    return found


def references_by_ids(*, ids: Iterable[int]) -> list[ReferenceFigure]:
    return list(ReferenceFigure.objects.select_related("source").filter(pk__in=list(ids)))


def reference_ids_of_dataset(*, dataset_id: int) -> list[int]:
    return list(ReferenceFigure.objects.filter(dataset_id=dataset_id).values_list("pk", flat=True))


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


def _origin_name(document: Document) -> str:
    """Whose voice a document is: the original's source when it is a syndicated copy."""
    if document.copy_of_id is not None:
        return document.copy_of.source.origin
    return document.source.origin


def claim_figure(claim: Claim) -> Figure:
    document = claim.document
    return Figure(
        key=f"claim:{claim.pk}",
        metric=claim.metric,
        value=claim.value,
        low=claim.low,
        high=claim.high,
        qualifier=claim.qualifier,
        place=claim.place,
        as_of=claim.as_of or document.published,
        since=claim.since,
        source=document.source.name,
        origin=_origin_name(document),
        document=document.url,
        attribution=claim.attribution,
        derived=claim.derived,
        subset=claim.subset,
        passage=_passage(claim),
    )


def _passage(claim: Claim) -> str:
    digest = getattr(claim, "passage_hash", None)
    if digest is None:  # read without the annotation: computed here, as the database does
        digest = hashlib.md5(claim.sentence.lower().encode(), usedforsecurity=False).hexdigest()
        chars = len(claim.sentence)
    else:
        chars = claim.passage_chars or 0
    return digest if chars >= MIN_PASSAGE_CHARS else ""


def reference_figure(reference: ReferenceFigure) -> Figure:
    return Figure(
        key=f"reference:{reference.pk}",
        metric=reference.metric,
        value=reference.value,
        low=reference.low,
        high=reference.high,
        qualifier=reference.qualifier,
        place=reference.place,
        as_of=reference.as_of,
        since=reference.since,
        source=reference.source.name,
        origin=reference.source.origin,
        document=reference.url,
        attribution=reference.source.name,
    )


def _in_scope(queryset: QuerySet, scope: Scope) -> QuerySet:
    # One indexed lookup: (metric, place, as_of) — never a scan of all claims.
    queryset = queryset.filter(metric=scope.metric, place__in=scope.places)
    if queryset.model is Claim:
        queryset = queryset.filter(subset=scope.subset)
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
# check read (and compare) hundreds of reports.
NEAREST = 25


def candidates_for(scope: Scope, *, exclude: Claim) -> list[Figure]:
    """Stored claims and reference figures that may be evidence for a claim in `scope`."""
    return candidates_for_claims([(exclude, scope)])[exclude.pk]


def candidates_for_claims(wanted: list[tuple[Claim, Scope]]) -> dict[int, list[Figure]]:
    """Candidates of a batch of claims (each with its scope), by claim id.

    On PostgreSQL the stored claims nearest each dated claim come from one query for the whole
    batch (a LATERAL pair of index range scans per claim and place); reference figures from one
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
        _in_scope(_with_passage(Claim.objects.select_related(*FIGURE_RELATED)), scope)
        .exclude(document_id=claim.document_id)
        .defer("document__text", "document__copy_of__text", "sentence")
    )
    center = _center(claim)
    if center is None:
        return list(in_scope.order_by("-as_of", "-id")[:MAX_CANDIDATES])
    # Per place, so each side is one ordered range of claim_candidates_idx, read to NEAREST.
    sides = []
    for place in scope.places:
        here = in_scope.filter(place=place)
        sides.append(here.filter(as_of__lte=center).order_by("-as_of", "-id")[:NEAREST])
        sides.append(here.filter(as_of__gt=center).order_by("as_of", "id")[:NEAREST])
    if connection.features.supports_slicing_ordering_in_compound:
        return list(sides[0].union(*sides[1:], all=True))  # one round trip
    return [c for side in sides for c in side]  # SQLite, the local run: one query a side


# The batch lookup: for each (claim, place) row of `wanted`, the NEAREST stored claims on or
# before the claim's date and the NEAREST after it, in the claim's window, from other documents;
# in the order of the per-claim lookup: place by place, each side nearest first.
_NEAREST_SQL = """
WITH wanted (claim_id, ord, metric, place, subset, first_day, center, last_day, document_id) AS (
    VALUES {rows}
)
SELECT w.claim_id, w.ord, near.id, near.value, near.low, near.high, near.qualifier, near.as_of,
       near.since, near.attribution, near.derived, near.passage, s.name, d.url,
       CASE WHEN d.copy_of_id IS NULL THEN coalesce(nullif(s.independence_group, ''), s.name)
            ELSE coalesce(nullif(os.independence_group, ''), os.name) END
FROM wanted w
CROSS JOIN LATERAL (
    (SELECT {columns}, 0 AS side, row_number() OVER (ORDER BY c.as_of DESC, c.id DESC) AS rank
     FROM claims_claim c
     WHERE c.metric = w.metric AND c.place = w.place AND c.subset = w.subset
       AND c.as_of >= w.first_day AND c.as_of <= w.center AND c.document_id <> w.document_id
     ORDER BY c.as_of DESC, c.id DESC LIMIT {nearest})
    UNION ALL
    (SELECT {columns}, 1 AS side, row_number() OVER (ORDER BY c.as_of, c.id) AS rank
     FROM claims_claim c
     WHERE c.metric = w.metric AND c.place = w.place AND c.subset = w.subset
       AND c.as_of > w.center AND c.as_of <= w.last_day AND c.document_id <> w.document_id
     ORDER BY c.as_of, c.id LIMIT {nearest})
) AS near
JOIN claims_document d ON d.id = near.document_id
JOIN claims_source s ON s.id = d.source_id
LEFT JOIN claims_document o ON o.id = d.copy_of_id
LEFT JOIN claims_source os ON os.id = o.source_id
ORDER BY w.claim_id, w.ord, near.side, near.rank
"""
_NEAREST_COLUMNS = (
    "c.id, c.document_id, c.value, c.low, c.high, c.qualifier, c.as_of, c.since, c.attribution,"
    f" c.derived, CASE WHEN length(c.sentence) >= {MIN_PASSAGE_CHARS}"
    " THEN md5(lower(c.sentence)) ELSE '' END AS passage"
)
_WANTED_ROW = "(%s::bigint, %s::int, %s, %s, %s, %s::date, %s::date, %s::date, %s::bigint)"


def _nearest_claims(dated: list[tuple[Claim, Scope]]) -> dict[int, list[Figure]]:
    params: list = []
    for claim, scope in dated:
        for rank, place in enumerate(scope.places):
            params += [claim.pk, rank, scope.metric, place, scope.subset]
            params += [scope.start, _center(claim), scope.end, claim.document_id]
    sql = _NEAREST_SQL.format(
        rows=", ".join([_WANTED_ROW] * (len(params) // 9)),
        columns=_NEAREST_COLUMNS,
        nearest=NEAREST,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    scopes = {claim.pk: scope for claim, scope in dated}
    by_claim: dict[int, list[Figure]] = {}
    for (
        claim_id,
        place_rank,
        pk,
        value,
        low,
        high,
        qualifier,
        as_of,
        since,
        attribution,
        derived,
        passage,
        source,
        url,
        origin,
    ) in rows:
        scope = scopes[claim_id]
        by_claim.setdefault(claim_id, []).append(
            Figure(
                key=f"claim:{pk}",
                metric=scope.metric,
                value=value,
                low=low,
                high=high,
                qualifier=qualifier,
                place=scope.places[place_rank],
                as_of=as_of,
                since=since,
                source=source,
                origin=origin,
                document=url,
                attribution=attribution,
                derived=derived,
                subset=scope.subset,
                passage=passage,
            )
        )
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


# --- API and admin reads -------------------------------------------------------------------------


def document_summaries() -> QuerySet[Document]:
    """Documents with their claim counts, in one query (no text)."""
    # A GROUP BY query ignores Meta.ordering, so the order is spelled out for stable pages.
    return document_list().annotate(claim_count=Count("claims")).order_by("-created_at", "-id")


def claim_summaries() -> QuerySet[Claim]:
    """Claims for a list page: document and source joined, reviews in one extra query."""
    from claims.models import Review

    return claim_list().prefetch_related(
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
    )


def reviews_of_claim(*, claim_id: int) -> QuerySet:
    from claims.models import Review

    return Review.objects.filter(claim_id=claim_id).select_related("reviewer")


# --- Figure timeline -----------------------------------------------------------------------------

# A timeline shows at most this many points of each kind (claims, reference figures), the newest.
MAX_TIMELINE_POINTS = 1000


@dataclass(frozen=True)
class TimelinePoint:
    """One reported value of a series: a stored claim or a reference figure."""

    kind: str  # "claim" | "reference"
    id: int
    source: str
    document_url: str
    as_of: date | None
    since: date | None
    value: float
    qualifier: str
    low: float | None
    high: float | None
    quote: str
    status: str  # a claim's machine verdict; "" for a reference figure
    is_this_claim: bool = False


@dataclass(frozen=True)
class Timeline:
    metric: str
    places: tuple[str, ...]
    since: date | None
    subset: str
    points: list[TimelinePoint]
    truncated: bool


def _series(queryset: QuerySet, claim: Claim) -> QuerySet:
    """Figures of the claim's series: same metric, same ground, a start date near the claim's."""
    queryset = queryset.filter(metric=claim.metric, place__in=comparable_places(claim.place))
    if claim.since is not None:
        # Counts without a start date are read as this series, as the cross-check reads them,
        # and so is a start given only as a month (stored as its first day) and that month.
        reach = timedelta(days=SERIES_DAYS)
        since = claim.since
        same = Q(since__gte=since - reach, since__lte=since + reach) | Q(since__isnull=True)
        same |= Q(since__year=since.year, since__month=since.month, since__day=1)
        if month_only(since):
            same |= Q(since__year=since.year, since__month=since.month)
        queryset = queryset.filter(same)
    return queryset


def figure_timeline(claim: Claim) -> Timeline:
    """Every reported value of the claim's metric, ground and start date, oldest first.

    Two queries, whatever the length: the claims (with their documents and sources) and the
    reference figures (with their sources).
    """
    places = comparable_places(claim.place)
    points: list[TimelinePoint] = []
    truncated = False
    if places:
        claims = list(
            _series(Claim.objects.select_related("document__source"), claim)
            .filter(subset=claim.subset)
            .defer("document__text", "sentence")
            .order_by("-as_of", "-id")[: MAX_TIMELINE_POINTS + 1]
        )
        references: list[ReferenceFigure] = []
        if not claim.subset:  # reference figures are totals, never a part
            references = list(
                _series(ReferenceFigure.objects.select_related("source"), claim).order_by(
                    "-as_of", "-id"
                )[: MAX_TIMELINE_POINTS + 1]
            )
        truncated = len(claims) > MAX_TIMELINE_POINTS or len(references) > MAX_TIMELINE_POINTS
        points += [_claim_point(c, claim) for c in claims[:MAX_TIMELINE_POINTS]]
        points += [_reference_point(r) for r in references[:MAX_TIMELINE_POINTS]]
    else:
        claim = claim_list().get(pk=claim.pk)
        points.append(_claim_point(claim, claim))
    points.sort(key=lambda p: (p.as_of is None, p.as_of or date.min, p.kind, p.id))
    return Timeline(
        metric=claim.metric,
        places=places,
        since=claim.since,
        subset=claim.subset,
        points=points,
        truncated=truncated,
    )


def _claim_point(c: Claim, this: Claim) -> TimelinePoint:
    return TimelinePoint(
        kind="claim",
        id=c.pk,
        source=c.document.source.name,
        document_url=c.document.url,
        as_of=c.as_of or c.document.published,
        since=c.since,
        value=c.value,
        qualifier=c.qualifier,
        low=c.low,
        high=c.high,
        quote=c.quote,
        status=c.status,
        is_this_claim=c.pk == this.pk,
    )


def _reference_point(r: ReferenceFigure) -> TimelinePoint:
    return TimelinePoint(
        kind="reference",
        id=r.pk,
        source=r.source.name,
        document_url=r.url,
        as_of=r.as_of,
        since=r.since,
        value=r.value,
        qualifier=r.qualifier,
        low=r.low,
        high=r.high,
        quote=r.quote,
        status="",
    )


def dataset_kind(*, dataset_id: int) -> str | None:
    return ReferenceDataset.objects.filter(pk=dataset_id).values_list("kind", flat=True).first()


def claim_ids_counted_by_events(*, dataset_id: int) -> set[int]:
    """Claims an event dataset can be counted for: a metric events count, a place holding some of
    its events, dated on or after its first event."""
    from claims.datasets.selection import event_rules, places_covered
    from claims.places import gazetteer

    events = EventRecord.objects.filter(dataset_id=dataset_id).exclude(place="")
    first = events.aggregate(first=Min("event_date"))["first"]
    if first is None:
        return set()
    event_places = set(events.values_list("place", flat=True).distinct())
    grounds = [name for name in gazetteer() if event_places & set(places_covered(name))]
    return set(
        Claim.objects.filter(
            metric__in=list(event_rules().metrics), place__in=grounds, as_of__gte=first
        ).values_list("pk", flat=True)
    )
