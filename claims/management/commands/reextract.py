"""Read the stored documents again after the readers changed, in batches, resumably.

    python manage.py reextract [--batch-size 100] [--limit N]

Only documents not yet read with the current readers are read (each remembers the readers it
was read with), so an interrupted run goes on where it stopped when it is run again. A figure
whose span and reading did not change keeps its claim, with its reviews and verdict history; a
changed one is replaced, and what either reading bears on is re-checked (services.rereading).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.services.rereading import documents_reread


class Command(BaseCommand):
    help = "Read stored documents again with the current readers; keep unchanged claims."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=100, help="Documents per batch.")
        parser.add_argument("--limit", type=int, help="Stop after this many documents.")

    def handle(self, *args, batch_size: int, limit: int | None, **options) -> None:
        if batch_size < 1 or (limit is not None and limit < 0):
            raise CommandError("--batch-size must be at least 1 and --limit not negative")
        documents = kept = replaced = added = rechecked = 0
        for result in documents_reread(batch=batch_size, limit=limit):
            documents += 1
            kept += result.kept
            replaced += result.replaced
            added += result.added
            rechecked += result.rechecked
            if result.changed:
                self.stdout.write(
                    f"document {result.document_id}: {result.kept} kept, "
                    f"{result.replaced} replaced by {result.added}, "
                    f"{result.rechecked} re-checked"
                )
        self.stdout.write(
            f"re-read {documents} document(s): {kept} claims kept, {replaced} replaced by "
            f"{added}, {rechecked} re-checked"
        )
