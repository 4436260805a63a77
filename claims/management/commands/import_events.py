"""Import event records in the ACLED export layout as a version of an event dataset.

    python manage.py import_events FILE.csv [--name NAME] [--source NAME]

Columns (others are ignored): event_date, event_type, sub_event_type, actor1, actor2, country,
admin1, location, latitude, longitude, fatalities, source, notes. Dates read as 2024-01-20 or
20 January 2024. The file is one version, identified by the SHA-256 of its bytes: the same file
again adds nothing, a changed file is a new version, and only a dataset's latest version is
counted. A file with any bad row is refused whole, and every bad row is named by its line. Rows
are read and stored in batches, so a large export keeps memory flat.

claims/demo/events_sample.csv is an illustrative sample in this layout, for the tests and the
demo: thirteen events of Oct 2023 - Jan 2024 (attacks on US forces in Iraq and Syria, modelled
on public reporting, plus a US strike, a protest and the Tower 22 attack in Jordan, which an
Iraq-and-Syria attack count must leave out). It is not ACLED data and is not a source to cite:

    python manage.py import_events claims/demo/events_sample.csv --source "Illustrative sample"
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import ReferenceDataset
from claims.services.datasets import reference_dataset_import


class Command(BaseCommand):
    help = "Import event records (ACLED export layout) as a version of an event dataset."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE.csv")
        parser.add_argument("--name", help="The dataset's name (default: the file's name).")
        parser.add_argument(
            "--source",
            help="Who compiled the events, e.g. ACLED (default: the dataset's name).",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with path.open("rb") as stream:
            result = reference_dataset_import(
                kind=ReferenceDataset.Kind.EVENTS,
                stream=stream,
                name=options["name"] or path.name,
                source=options["source"],
            )
        for number, reason in result.errors:
            self.stderr.write(f"{path}: line {number}: {reason}")
        if result.error_count > len(result.errors):
            self.stderr.write(f"{path}: … and {result.error_count - len(result.errors)} more")
        self.stdout.write(f"{path}: {result.summary()}")
        if not result.ok:
            raise CommandError(f"{result.error_count} bad row(s); nothing was imported")
