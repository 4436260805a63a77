"""Import official figures from a CSV: metric,place,value,qualifier,as_of,since,source,url,quote.

    python manage.py import_reference official_figures.csv [--name NAME] [--source NAME]

Each file is one version of a reference dataset (named after the file unless --name is given),
identified by the SHA-256 of its bytes: the same file imported again adds nothing, a changed file
is a new version. Places are gazetteer names or their aliases; metrics are slugs of the taxonomy.
A file with any bad row is refused whole, and every bad row is named by its line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.datasets.imports import DatasetImport
from claims.management.commands.ingest import Tally
from claims.models import ReferenceDataset
from claims.services.datasets import reference_dataset_import


def import_figures_file(
    path: Path, *, name: str | None = None, source: str | None = None
) -> DatasetImport:
    with path.open("rb") as stream:
        return reference_dataset_import(
            kind=ReferenceDataset.Kind.FIGURES, stream=stream, name=name or path.name, source=source
        )


def import_references(
    path: Path, *, report: Callable[[int, str], None], name: str | None = None
) -> Tally:
    """Import one file; `report(line, reason)` hears about each refused row."""
    result = import_figures_file(path, name=name)
    for number, reason in result.errors:
        report(number, reason)
    unlisted = result.error_count - len(result.errors)
    if unlisted:
        report(0, f"and {unlisted} more bad row(s)")
    return Tally(new=result.new, stored=result.stored, failed=result.error_count)


class Command(BaseCommand):
    help = "Import official figures (metric,place,value,qualifier,as_of,since,source,url,quote)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.csv")
        parser.add_argument("--name", help="The dataset's name (default: the file's name).")
        parser.add_argument(
            "--source", help="The official body the dataset comes from (default: its name)."
        )

    def handle(self, *args, **options) -> None:
        files: list[Path] = options["files"]
        if options["name"] and len(files) > 1:
            raise CommandError("--name names one file's dataset; give one file with it")
        total = Tally()
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            result = import_figures_file(path, name=options["name"], source=options["source"])
            for number, reason in result.errors:
                self.stderr.write(f"{path}: line {number}: {reason}")
            if result.error_count > len(result.errors):
                self.stderr.write(f"{path}: … and {result.error_count - len(result.errors)} more")
            self.stderr.write(f"{path}: {result.summary()}")
            total.new += result.new
            total.stored += result.stored
            total.failed += result.error_count
        self.stdout.write(total.summary())
        if total.failed:
            raise CommandError(f"{total.failed} failed (see the messages above)")
