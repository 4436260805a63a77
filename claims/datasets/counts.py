"""Reads: a tally claim checked against the count of matching events in its window.

For each event dataset (its latest version only) one indexed query — place and date, then the
metric's event types and target — counts the events (or sums their fatalities) that the claim's
figure counts. The answer is a figure like any other, keyed (dataset, <id>), with the query that
produced it, so the evidence can say exactly what was counted.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from claims.crosscheck import Figure, Scope
from claims.datasets.selection import Aggregate, EventSelection, selection_for
from claims.models import EventRecord, ReferenceDataset, ReferenceFigure
from claims.selectors.figures import event_count_figure


@dataclass(frozen=True)
class EventCount:
    """What one event dataset says of a claim's figure, and how that was found."""

    figure: Figure
    query: dict  # dataset, version_hash, filters, aggregate (stored on the evidence)

    @property
    def dataset_id(self) -> int:
        return self.figure.key.id


def datasets_current(kind: str) -> QuerySet[ReferenceDataset]:
    """The latest version of each dataset of `kind` (by name): older versions no longer count."""
    latest = (
        ReferenceDataset.objects.filter(kind=kind, name=OuterRef("name"))
        .order_by("-imported_at", "-id")
        .values("pk")[:1]
    )
    return (
        ReferenceDataset.objects.filter(kind=kind, pk=Subquery(latest))
        .select_related("source")
        .order_by("name")
    )


def reference_figures_current() -> QuerySet[ReferenceFigure]:
    """Reference figures not superseded: entered by hand, or cited by a dataset's latest version."""
    current = datasets_current(ReferenceDataset.Kind.FIGURES).values("pk")
    return ReferenceFigure.objects.filter(Q(dataset__isnull=True) | Q(dataset__in=current))


def _matching(dataset: ReferenceDataset, selection: EventSelection) -> QuerySet[EventRecord]:
    # Place and date lead (the event_place_date index); types and target narrow what it finds.
    events = EventRecord.objects.filter(
        dataset=dataset,
        place__in=selection.places,
        event_date__gte=selection.date_from,
        event_date__lte=selection.date_to,
        event_type__in=selection.event_types,
    )
    if selection.sub_event_types:
        events = events.filter(sub_event_type__in=selection.sub_event_types)
    target = reduce(operator.or_, (Q(actor2__icontains=name) for name in selection.targets))
    return events.filter(target)


def event_total(dataset: ReferenceDataset, selection: EventSelection) -> int:
    """The selection's aggregate over one dataset, in one query."""
    if selection.aggregate is Aggregate.FATALITIES:
        total = _matching(dataset, selection).aggregate(total=Sum("fatalities"))["total"]
    else:
        total = _matching(dataset, selection).aggregate(total=Count("pk"))["total"]
    return int(total or 0)


def event_figures_for(
    figure: Figure,
    scope: Scope,
    *,
    actor: str = "",
    current: Iterable[ReferenceDataset] | None = None,
) -> list[EventCount]:
    """The count of matching events in the claim's window, from each current event dataset.

    `actor` is the claim's actor (Claim.actor): it decides whose attacks or deaths are counted
    (data/event_metrics.toml). No counts for a claim events cannot speak to: a metric no event
    counts, an uncheckable or undated claim, a part of a total (a subset), an unknown target.
    `current` is the event datasets to count in (default: the latest version of each), read once
    by a caller checking many claims.
    """
    if not scope.places or scope.subset or figure.subset:
        return []
    selection = selection_for(
        metric=figure.metric,
        place=figure.place,
        actor=actor,
        as_of=figure.as_of,
        since=figure.since,
        window_start=scope.start,
    )
    if selection is None:
        return []
    if current is None:
        current = datasets_current(ReferenceDataset.Kind.EVENTS)
    counts = []
    for dataset in current:
        total = event_total(dataset, selection)
        counted = event_count_figure(dataset, figure, total)
        query = {
            "dataset": dataset.name,
            "version_hash": dataset.version_hash,
            "filters": selection.filters(),
            "aggregate": str(selection.aggregate),
        }
        counts.append(EventCount(figure=counted, query=query))
    return counts
