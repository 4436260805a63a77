"""Score the machine's verdicts against a fact-checker's (the gold verdicts of ../shared/corpus).

    python manage.py evaluate_verdicts --corpus ../shared/corpus
    python manage.py evaluate_verdicts --corpus ../shared/corpus \
        --run redsea_run.jsonl --gold redsea_verdicts.jsonl

The run's documents go into a throwaway SQLite database with tasks in-process, exactly as
`manage.py ingest FILE` stores them; the verdicts are read from `manage.py export_claims` straight
after, and scored as the corpus README says (claims.crosscheck.scoring). Nothing in the
configured database is touched. `--export FILE` scores an export made elsewhere instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.crosscheck.scoring import score


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _manage(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise CommandError(f"manage.py {args[0]} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def export_of_run(run: Path) -> list[dict]:
    """The export after ingesting `run` into an empty SQLite database, tasks in-process."""
    with tempfile.TemporaryDirectory(prefix="factcheck-eval-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'eval.sqlite3'}",
            "CELERY_BROKER_URL": "",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        _manage("migrate", "--noinput", env=env)
        _manage("ingest", "--no-progress", str(run), env=env)
        exported = _manage("export_claims", env=env)
    return [json.loads(line) for line in exported.splitlines() if line.strip()]


class Command(BaseCommand):
    help = "Ingest a corpus run into a throwaway database and score its verdicts against gold."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--corpus", required=True, help="directory holding the run and gold")
        parser.add_argument("--run", default="verdict_run.jsonl", help="documents (JSON lines)")
        parser.add_argument("--gold", default="verdicts.jsonl", help="gold verdicts (JSON lines)")
        parser.add_argument(
            "--export", type=Path, help="score this export_claims output instead of a new run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        corpus = Path(options["corpus"])
        gold_path, run_path = corpus / options["gold"], corpus / options["run"]
        if not gold_path.is_file():
            raise CommandError(f"no {options['gold']} in {corpus}")
        if options["export"] is None and not run_path.is_file():
            raise CommandError(f"no {options['run']} in {corpus}")
        try:
            gold = _read_jsonl(gold_path)
            claims = (
                _read_jsonl(options["export"])
                if options["export"] is not None
                else export_of_run(run_path)
            )
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read the corpus: {exc}") from None
        self.stdout.write(f"run: {run_path if options['export'] is None else options['export']}")
        self.stdout.write(f"gold: {gold_path}")
        for line in score(gold, claims).lines():
            self.stdout.write(line)
