"""Writes: importing a reference file as one version of a dataset.

A file is a version: its SHA-256 names it, so the same file imported again is the version already
stored and adds nothing, and a changed file is a new version of the dataset of that name. A file
goes in whole or not at all (one transaction): any bad row refuses the file, and every bad row is
named by its line so it can be fixed in one pass. Events go in by batches as they are read, so a
large file keeps memory flat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import IntegrityError, transaction

from claims.datasets.rows import EventRow, read_events, read_figures
from claims.figures import interval_for
from claims.importers import Line, ReferenceRecord
from claims.models import EventRecord, ReferenceDataset, ReferenceFigure, Source
from claims.services.sources import source_get_or_create

EVENT_BATCH = 2000
# Bad rows listed in a result; the rest are counted. A wholly wrong file lists enough to see why.
MAX_LISTED_ERRORS = 200
NAME_LIMIT = 200


@dataclass
class DatasetImport:
    """What an import did: the version it stored (or found), its rows, and every refused line."""

    dataset: ReferenceDataset | None
    created: bool = False  # a new version was stored
    rows: int = 0  # rows in the version
    new: int = 0  # figures stored for the first time (official figures only)
    stored: int = 0  # figures already stored, now cited by this version
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def refuse(self, number: int, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append((number, reason))

    def summary(self) -> str:
        if self.dataset is None:
            return f"nothing imported: {self.error_count} bad row(s)"
        version = f"{self.dataset.name} version {self.dataset.version_hash[:12]}"
        if not self.created:
            return f"{version} is already imported ({self.dataset.rows} rows); nothing added"
        return f"{version}: {self.rows} rows imported"


class _Refused(Exception):
    """Raised inside the import's transaction to undo it: the file had bad rows."""


def file_digest(stream: BinaryIO, *, block: int = 1 << 20) -> str:
    """SHA-256 of the stream's bytes, read in blocks; the stream is left at its start."""
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(block):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def dataset_name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ValueError("a dataset needs a name")
    return cleaned[:NAME_LIMIT]


def _import(
    *,
    stream: BinaryIO,
    name: str,
    kind: str,
    source: str | None,
    source_kind: str,
    store: Callable[[ReferenceDataset, Iterator[Line], DatasetImport], None],
    read: Callable[[BinaryIO], Iterator[Line]],
) -> DatasetImport:
    name = dataset_name(name)
    digest = file_digest(stream)
    existing = ReferenceDataset.objects.filter(kind=kind, version_hash=digest).first()
    if existing is not None:
        return DatasetImport(existing, rows=existing.rows, stored=existing.rows)
    result = DatasetImport(None)
    try:
        with transaction.atomic():
            owner = source_get_or_create(name=source or name, kind=source_kind)
            dataset = ReferenceDataset.objects.create(
                name=name, kind=kind, version_hash=digest, source=owner
            )
            store(dataset, read(stream), result)
            if result.ok and result.rows == 0:
                result.refuse(1, "the file holds no rows to import")
            if not result.ok:
                raise _Refused
            dataset.rows = result.rows
            dataset.save(update_fields=["rows"])
    except _Refused:
        # The transaction is undone: nothing of the file is stored, whatever was counted so far.
        result.rows = result.new = result.stored = 0
        return result
    except IntegrityError:
        # Another import stored this same file between our lookup and our insert.
        existing = ReferenceDataset.objects.filter(kind=kind, version_hash=digest).first()
        if existing is None:
            raise
        return DatasetImport(existing, rows=existing.rows, stored=existing.rows)
    result.dataset, result.created = dataset, True
    return result


# --- official figures ----------------------------------------------------------------------------


def dataset_import_figures(
    *, stream: BinaryIO, name: str, source: str | None = None
) -> DatasetImport:
    """Import a CSV of official figures (importers.REFERENCE_COLUMNS) as a version of `name`.

    The dataset's own source is `source` (default: the dataset's name), an official body; each
    figure keeps the source its row names. A figure already stored (same metric, place, date,
    source and value) is not doubled: it is cited by the new version instead.
    """
    return _import(
        stream=stream,
        name=name,
        kind=ReferenceDataset.Kind.FIGURES,
        source=source,
        source_kind=Source.Kind.OFFICIAL,
        store=_store_figures,
        read=read_figures,
    )


def _store_figures(dataset: ReferenceDataset, lines: Iterator[Line], result: DatasetImport) -> None:
    sources: dict[str, Source] = {}
    for line in lines:
        if line.error is not None:
            result.refuse(line.number, line.error)
            continue
        if not result.ok:
            continue  # nothing will be kept; read on only to name every bad line
        record: ReferenceRecord = line.record
        if record.source not in sources:
            sources[record.source] = source_get_or_create(
                name=record.source, kind=Source.Kind.OFFICIAL
            )
        created = _store_figure(dataset, record, sources[record.source])
        result.rows += 1
        result.new += created
        result.stored += not created


def _store_figure(dataset: ReferenceDataset, record: ReferenceRecord, source: Source) -> bool:
    interval = interval_for(record.value, record.qualifier)
    details = {
        "qualifier": record.qualifier,
        "low": interval.low,
        "high": interval.high,
        "since": record.since,
        "url": record.url,
        "quote": record.quote,
        "dataset": dataset,
    }
    figure, created = ReferenceFigure.objects.get_or_create(
        metric=record.metric,
        place=record.place,
        as_of=record.as_of,
        source=source,
        value=record.value,
        defaults=details,
    )
    if not created:
        # The newest version that states a figure is the one that cites it.
        ReferenceFigure.objects.filter(pk=figure.pk).update(**details)
    return created


# --- events --------------------------------------------------------------------------------------


def dataset_import_events(
    *, stream: BinaryIO, name: str, source: str | None = None, batch: int = EVENT_BATCH
) -> DatasetImport:
    """Import event records in the ACLED export layout (rows.EVENT_COLUMNS) as a version of `name`.

    The dataset's source is `source` (default: the dataset's name), a dataset source. Each event
    is placed at the most specific gazetteer place its location, province or country names.
    """

    def store(dataset: ReferenceDataset, lines: Iterator[Line], result: DatasetImport) -> None:
        pending: list[EventRecord] = []
        for line in lines:
            if line.error is not None:
                result.refuse(line.number, line.error)
                pending.clear()
                continue
            if not result.ok:
                continue  # nothing will be kept; read on only to name every bad line
            pending.append(_event(dataset, line.record))
            result.rows += 1
            if len(pending) >= batch:
                EventRecord.objects.bulk_create(pending)
                pending.clear()
        if pending and result.ok:
            EventRecord.objects.bulk_create(pending)

    return _import(
        stream=stream,
        name=name,
        kind=ReferenceDataset.Kind.EVENTS,
        source=source,
        source_kind=Source.Kind.DATASET,
        store=store,
        read=read_events,
    )


def _event(dataset: ReferenceDataset, row: EventRow) -> EventRecord:
    return EventRecord(
        dataset=dataset,
        event_date=row.event_date,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        actor1=row.actor1,
        actor2=row.actor2,
        country=row.country,
        admin1=row.admin1,
        location=row.location,
        place=row.place,
        latitude=row.latitude,
        longitude=row.longitude,
        fatalities=row.fatalities,
        source=row.source,
        notes=row.notes,
    )
