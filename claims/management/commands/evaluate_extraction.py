"""Score the extractor against a labelled corpus (the layout of ../shared/corpus).

    python manage.py evaluate_extraction --corpus ../shared/corpus

Prints recall by metric and qualifier, the SUM-of-parts labels separately, precision and recall
on the fully labelled articles, and every miss with its sentence. Reads files only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.evaluation import evaluate


class Command(BaseCommand):
    help = "Score claim extraction against the labelled claims of a corpus directory."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--corpus", required=True, help="directory holding claims.jsonl (and documents.jsonl)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        corpus = Path(options["corpus"])
        if not (corpus / "claims.jsonl").is_file():
            raise CommandError(f"no claims.jsonl in {corpus}")
        try:
            report = evaluate(corpus)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the corpus: {exc}") from None
        for line in report.lines():
            self.stdout.write(line)
