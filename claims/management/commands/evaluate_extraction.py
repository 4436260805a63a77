"""Score the extractor against a labelled corpus (the layout of ../shared/corpus).

    python manage.py evaluate_extraction --corpus ../shared/corpus

Prints recall by metric and qualifier, the SUM-of-parts labels separately, precision and recall
on the fully labelled articles, and every miss with its sentence; then, where the corpus has
general_numbers.jsonl (numbers from any topic), the share of its quantities read right and the
false alarms on its labelled non-claims. Reads files only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction.evaluation import evaluate
from claims.extraction.general import score_general


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
        general = corpus / "general_numbers.jsonl"
        try:
            report = evaluate(corpus)
            lines = report.lines()
            if general.is_file():
                lines += ["", *score_general(general).lines()]
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the corpus: {exc}") from None
        for line in lines:
            self.stdout.write(line)
