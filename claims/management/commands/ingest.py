"""Store documents from files: plain text, or JSON lines in the corpus layout.

    python manage.py ingest article.txt --source "Al-Monitor" --published 2024-01-27
    python manage.py ingest documents.jsonl
    python manage.py ingest --claims-as-documents claims.jsonl

Each document is stored (or found already stored) and queued for extraction, exactly as the API
does. A line that cannot be stored is named with its number and reason and the rest go on; the
command exits non-zero if any failed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.importers import (
    DocumentRecord,
    RecordError,
    claim_document_record,
    count_lines,
    document_record,
    parse_date,
    read_jsonl,
    read_text_document,
)
from claims.models import Document
from claims.services.documents import IngestError, IngestResult, document_ingest
from claims.services.sources import source_get_or_create

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
URL_MAX = Document._meta.get_field("url").max_length


@dataclass
class Tally:
    new: int = 0
    stored: int = 0
    failed: int = 0

    def summary(self) -> str:
        return f"{self.new} new, {self.stored} already stored, {self.failed} failed"


def store_document(record: DocumentRecord) -> IngestResult:
    """Store one record through the ingest service; RecordError says why it was refused."""
    if len(record.url) > URL_MAX:
        raise RecordError(f"the url is longer than {URL_MAX} characters")
    try:
        source = source_get_or_create(name=record.outlet)
        return document_ingest(
            source=source,
            url=record.url,
            text=record.text,
            title=record.title,
            published=record.published,
        )
    except IngestError as exc:
        raise RecordError("; ".join(exc.messages)) from None


class Command(BaseCommand):
    help = "Store documents from plain text files or JSON lines (the corpus documents layout)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--source",
            default="Local files",
            help="Outlet of plain text files (JSON lines name their own). Default: %(default)s.",
        )
        parser.add_argument(
            "--url",
            help="URL of a single plain text file (default: https://local.invalid/<file name>).",
        )
        parser.add_argument("--published", help="Publication date of plain text files, YYYY-MM-DD.")
        parser.add_argument(
            "--claims-as-documents",
            action="store_true",
            help="Read JSON lines in the labelled-claims layout (id, url, outlet, published, "
            "sentence, …): each sentence becomes a short document of its page, outlet and date.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars.")

    def handle(self, *args, **options) -> None:
        files: list[Path] = options["files"]
        for path in files:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            published = parse_date(options["published"], "--published")
        except RecordError as exc:
            raise CommandError(str(exc)) from None
        text_files = [
            p
            for p in files
            if p.suffix not in JSONL_SUFFIXES and not options["claims_as_documents"]
        ]
        if options["url"] and len(text_files) != 1:
            raise CommandError("--url names one document: give exactly one plain text file")

        self.progress = not options["no_progress"]
        # The bar redraws in place, so it writes to the raw stream, not Django's line wrapper.
        self.err = getattr(self.stderr, "_out", sys.stderr)
        tally = Tally()
        for path in files:
            if path in text_files:
                continue
            parse = claim_document_record if options["claims_as_documents"] else document_record
            self._ingest_jsonl(path, parse, tally)
        if text_files:
            self._ingest_text_files(
                text_files,
                outlet=options["source"],
                url=options["url"],
                published=published,
                tally=tally,
            )
        self.stdout.write(tally.summary())
        if tally.failed:
            raise CommandError(f"{tally.failed} failed (see the messages above)")

    def _bar(self, *, total: int, unit: str, desc: str) -> tqdm:
        return tqdm(
            total=total,
            unit=unit,
            desc=desc,
            file=self.err,
            disable=not self.progress,
            dynamic_ncols=True,
        )

    def _refuse(self, where: str, reason: str, tally: Tally) -> None:
        tally.failed += 1
        tqdm.write(f"{where}: {reason}", file=self.err)

    def _count(self, result: IngestResult, tally: Tally) -> None:
        if result.created:
            tally.new += 1
        else:
            tally.stored += 1

    def _ingest_jsonl(self, path: Path, parse, tally: Tally) -> None:
        with self._bar(total=count_lines(path), unit="line", desc=path.name) as bar:
            last = 0
            for line in read_jsonl(path, parse):
                bar.update(line.number - last)
                last = line.number
                try:
                    if line.error is not None:
                        raise RecordError(line.error)
                    self._count(store_document(line.record), tally)
                except RecordError as exc:
                    self._refuse(f"{path}: line {line.number}", str(exc), tally)
                bar.set_postfix(
                    new=tally.new, stored=tally.stored, failed=tally.failed, refresh=False
                )

    def _ingest_text_files(self, paths: list[Path], *, outlet, url, published, tally) -> None:
        with self._bar(total=len(paths), unit="file", desc="text files") as bar:
            for path in paths:
                try:
                    record = read_text_document(path, url=url, outlet=outlet, published=published)
                    self._count(store_document(record), tally)
                except (RecordError, OSError) as exc:
                    self._refuse(str(path), str(exc), tally)
                bar.update(1)
                bar.set_postfix(
                    new=tally.new, stored=tally.stored, failed=tally.failed, refresh=False
                )
