"""Cross-check every stored claim again, in batches ordered by id, resumably.

    python manage.py recheck [--batch-size 500] [--metric attacks] [--resume]
                             [--checkpoint PATH] [--after ID]

Each batch is read and weighed while the one before it is stored (see checking.claims_recheck).
Once a batch is stored its last id is written to the checkpoint file, so an interrupted run goes
on with --resume where it stopped (the batch it was in is done again: a re-check is idempotent).
A finished run removes its checkpoint. A claim that fails is named with its error and the rest go
on; the command exits non-zero if any failed.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from claims.models import Claim
from claims.selectors.claims import claims_batch, claims_count
from claims.services import checking

DEFAULT_CHECKPOINT = Path(".recheck-checkpoint.json")


def read_checkpoint(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: not a readable checkpoint ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("last_id"), int):
        raise CommandError(f"{path}: not a checkpoint (no last_id)")
    return data


def write_checkpoint(path: Path, *, last_id: int, metric: str | None) -> None:
    """Replace the checkpoint in one step, so a crash never leaves half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".recheck-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump({"last_id": last_id, "metric": metric}, out)
    os.replace(temporary, path)


class Command(BaseCommand):
    help = "Cross-check every stored claim again, in batches ordered by id; resumable."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Claims per batch.")
        parser.add_argument("--metric", help="Only claims of this metric (a slug).")
        parser.add_argument(
            "--resume", action="store_true", help="Go on after the checkpoint's last id."
        )
        parser.add_argument(
            "--checkpoint",
            type=Path,
            default=DEFAULT_CHECKPOINT,
            help="Where progress is kept. Default: %(default)s.",
        )
        parser.add_argument("--after", type=int, help="Start after this claim id.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options) -> None:
        batch_size: int = options["batch_size"]
        metric: str | None = options["metric"] or None
        checkpoint: Path = options["checkpoint"]
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more")
        if options["resume"] and options["after"] is not None:
            raise CommandError("give --resume or --after, not both")
        after = max(options["after"] or 0, 0)
        if options["resume"]:
            saved = read_checkpoint(checkpoint)
            if saved is None:
                self.stderr.write(f"{checkpoint}: no checkpoint; starting from the first claim")
            else:
                if saved.get("metric") != metric:
                    raise CommandError(
                        f"{checkpoint} is a run over metric {saved.get('metric')!r}, "
                        f"not {metric!r}: give the same --metric to resume it"
                    )
                after = saved["last_id"]

        total = claims_count(after_id=after, metric=metric)
        done = failed = 0
        err = getattr(self.stderr, "_out", sys.stderr)
        with tqdm(
            total=total, unit="claim", desc="re-check", file=err, disable=options["no_progress"]
        ) as bar:

            def stored(batch, failures) -> None:
                # Called once a batch is stored, in order: the checkpoint never runs ahead.
                nonlocal done, failed, after
                for claim, exc in failures:
                    tqdm.write(f"claim {claim.pk}: {type(exc).__name__}: {exc}", file=err)
                failed += len(failures)
                done += len(batch) - len(failures)
                after = batch[-1].pk
                write_checkpoint(checkpoint, last_id=after, metric=metric)
                bar.update(len(batch))
                bar.set_postfix(last_id=after, failed=failed, refresh=False)

            checking.claims_recheck(
                claims=self.stored_claims(after, batch_size, metric),
                batch_size=batch_size,
                on_batch=stored,
            )
        checkpoint.unlink(missing_ok=True)
        self.stdout.write(f"{done} re-checked, {failed} failed, last id {after}")
        if failed:
            raise CommandError(f"{failed} claim(s) failed (see the messages above)")

    @staticmethod
    def stored_claims(after: int, batch_size: int, metric: str | None) -> Iterator[Claim]:
        """Every claim after `after`, read a batch at a time in id order."""
        while batch := claims_batch(after_id=after, limit=batch_size, metric=metric):
            yield from batch
            after = batch[-1].pk
