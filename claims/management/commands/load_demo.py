"""Load the demo: the seed article, short evidence reports and the official figures, all checked.

    python manage.py load_demo

The official figures go in first and the seed article last, so every claim is checked against
what is already stored. The pipeline's steps then run in this process for any document not yet
cross-checked (a no-op where a worker, or in-process tasks, got there first), the seed's claims
are re-checked, and a table of their verdicts is printed. Running it twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.importers import DocumentRecord, RecordError, read_jsonl
from claims.management.commands.import_reference import import_references
from claims.management.commands.ingest import Tally, store_document
from claims.models import Claim, Document
from claims.selectors.claims import claim_detail, claims_of_document
from claims.services import checking
from claims.services.documents import document_crosscheck, document_extract

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
SEED_ID = "000_fb8aa2ff440e4a91"


def demo_records(path: Path) -> list[DocumentRecord]:
    """The demo documents, evidence first and the seed last. The demo file must read cleanly."""
    records = []
    for line in read_jsonl(path):
        if line.error is not None:
            raise CommandError(f"{path}: line {line.number}: {line.error}")
        records.append(line.record)
    if not any(r.key == SEED_ID for r in records):
        raise CommandError(f"{path} lacks the seed article {SEED_ID}")
    return sorted(records, key=lambda r: r.key == SEED_ID)


class Command(BaseCommand):
    help = "Load the demo documents and official figures, check them, and show the seed's verdicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=DEMO_DIR, help="Demo data folder.")

    def handle(self, *args, **options) -> None:
        folder: Path = options["dir"]
        self.problems = 0
        references = import_references(
            folder / "official_figures.csv", report=lambda n, why: self._problem(f"line {n}", why)
        )
        self.stdout.write(f"official figures: {references.summary()}")

        documents = Tally()
        seed: Document | None = None
        for record in demo_records(folder / "documents.jsonl"):
            try:
                result = store_document(record)
            except RecordError as exc:
                documents.failed += 1
                self._problem(record.key or record.url, str(exc))
                continue
            documents.new += result.created
            documents.stored += not result.created
            self._run_pipeline(result.document.pk, record.key, just_queued=result.created)
            if record.key == SEED_ID:
                seed = result.document
        self.stdout.write(f"documents: {documents.summary()}")
        if seed is None:
            raise CommandError("the seed article could not be stored")

        for claim in claims_of_document(document_id=seed.pk):
            try:
                checking.claim_crosscheck(claim=claim)
            except Exception as exc:  # an engine error is reported, not fatal
                self._problem(f"claim {claim.pk}", f"cross-check failed: {exc!r}")
        self._print_verdicts(seed)
        if self.problems:
            raise CommandError(f"the demo loaded with {self.problems} problem(s) (see above)")

    def _problem(self, where: str, reason: str) -> None:
        self.problems += 1
        self.stderr.write(f"{where}: {reason}")

    def _run_pipeline(self, document_id: int, key: str, *, just_queued: bool) -> None:
        # With in-process tasks a new document has already been through every step. Otherwise
        # the steps run here; they are compare-and-set, so where a worker got there first they
        # do nothing.
        if not (just_queued and settings.CELERY_TASK_ALWAYS_EAGER):
            for run in (document_extract, document_crosscheck):
                try:
                    run(document_id=document_id)
                except Exception:  # the service records the failure on the document
                    break
        state, error = Document.objects.values_list("state", "error").get(pk=document_id)
        if state != Document.State.CHECKED:
            self._problem(key, f"left {state}, not cross-checked: {error or 'no error recorded'}")

    def _print_verdicts(self, seed: Document) -> None:
        claims = list(claim_detail().filter(document=seed).order_by("start", "id"))
        self.stdout.write(f"\n{seed.title} ({seed.source.name}, {seed.published}):")
        rows = [("figure", "metric", "place", "status", "conf.", "+", "-")]
        for claim in claims:
            relations = [e.relation for e in claim.evidence.all()]
            rows.append(
                (
                    _clip(claim.quote, 40),
                    claim.metric,
                    _clip(claim.place, 28),
                    claim.status,
                    f"{claim.confidence:.2f}",
                    str(relations.count("supports")),
                    str(relations.count("contradicts")),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        counts = {s: sum(c.status == s for c in claims) for s in Claim.Status.values}
        self.stdout.write(
            f"{len(claims)} claims: "
            + ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        )


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
