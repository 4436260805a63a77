"""Writes of reference data: dataset versions imported from files, and official figures."""

from __future__ import annotations

from datetime import date

from claims.datasets.imports import dataset_import_events, dataset_import_figures
from claims.figures import interval_for
from claims.models import ReferenceDataset, ReferenceFigure, Source
from claims.services import checking


def reference_dataset_import(*, kind: str, stream, name: str, source: str | None = None):
    """Import a reference file as a new dataset version; the claims it bears on are re-checked.

    Returns the import's result (datasets.imports.DatasetImport): rows, errors by line, the dataset.
    """
    importer = {
        ReferenceDataset.Kind.FIGURES: dataset_import_figures,
        ReferenceDataset.Kind.EVENTS: dataset_import_events,
    }[ReferenceDataset.Kind(kind)]
    result = importer(stream=stream, name=name, source=source)
    if result.created:
        # New figures and events are new evidence: the claims they bear on are checked again.
        checking.reference_dataset_recheck(dataset_id=result.dataset.pk)
    return result


def reference_figure_create(
    *,
    source: Source,
    metric: str,
    place: str,
    value: float,
    qualifier: str,
    as_of: date,
    since: date | None = None,
    url: str = "",
    quote: str = "",
) -> tuple[ReferenceFigure, bool]:
    """Store an official figure once; the same figure imported again is left as it was."""
    interval = interval_for(value, qualifier)
    return ReferenceFigure.objects.get_or_create(
        metric=metric,
        place=place,
        as_of=as_of,
        source=source,
        value=value,
        defaults={
            "qualifier": qualifier,
            "low": interval.low,
            "high": interval.high,
            "since": since,
            "url": url,
            "quote": quote,
        },
    )
