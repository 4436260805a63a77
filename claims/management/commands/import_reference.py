"""Import official figures from a CSV: metric,place,value,qualifier,as_of,since,source,url,quote.

    python manage.py import_reference official_figures.csv

Each row's source is stored as an official body. A figure already stored is left as it was, so
importing the same file twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import services
from claims.importers import ReferenceRecord, read_reference_csv
from claims.management.commands.ingest import Tally
from claims.models import ReferenceFigure, Source


def store_reference(record: ReferenceRecord) -> tuple[ReferenceFigure, bool]:
    source = services.source_get_or_create(name=record.source, kind=Source.Kind.OFFICIAL)
    return services.reference_figure_create(
        source=source,
        metric=record.metric,
        place=record.place,
        value=record.value,
        qualifier=record.qualifier,
        as_of=record.as_of,
        since=record.since,
        url=record.url,
        quote=record.quote,
    )


def import_references(path: Path, *, report) -> Tally:
    """Store every readable row; `report(line, reason)` hears about each refused one."""
    tally = Tally()
    for line in read_reference_csv(path):
        if line.error is not None:
            tally.failed += 1
            report(line.number, line.error)
            continue
        _, created = store_reference(line.record)
        if created:
            tally.new += 1
        else:
            tally.stored += 1
    return tally


class Command(BaseCommand):
    help = "Import official figures (metric,place,value,qualifier,as_of,since,source,url,quote)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")

    def handle(self, *args, **options) -> None:
        total = Tally()
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            tally = import_references(
                path, report=lambda n, why, p=path: self.stderr.write(f"{p}: line {n}: {why}")
            )
            total.new += tally.new
            total.stored += tally.stored
            total.failed += tally.failed
        self.stdout.write(total.summary())
        if total.failed:
            raise CommandError(f"{total.failed} failed (see the messages above)")
