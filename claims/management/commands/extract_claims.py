"""Print the claims found in text as JSON lines, without touching the database.

    python manage.py extract_claims --jsonl documents.jsonl      # or --jsonl - for stdin
    python manage.py extract_claims article.txt --published 2024-01-27

Each input line is {"id", "text", "published"} (published: YYYY-MM-DD or null); each output line
is {"id", "claims": [...]}, one per input line, in order and as soon as it is read. A bad line is
named on stderr with its number and reason, the rest go on, and the command exits non-zero.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import extract_claims


class BadLine(ValueError):
    """An input line that cannot be read; the message says why."""


def claims_row(doc_id: Any, text: str, published: date | None) -> dict:
    return {"id": doc_id, "claims": [_tidy(c.as_json()) for c in extract_claims(text, published)]}


def _tidy(row: dict) -> dict:
    # 2500.0 reads better as 2500; bounds stay null when unbounded.
    for key in ("value", "low", "high"):
        value = row[key]
        if isinstance(value, float) and value.is_integer():
            row[key] = int(value)
    return row


def parse_published(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadLine(
            f'"published" must be a YYYY-MM-DD string or null, not {type(value).__name__}'
        )
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise BadLine(f'"published" is not a date (YYYY-MM-DD): {value[:40]!r}') from None


def parse_line(raw: bytes) -> tuple[Any, str, date | None]:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 text (byte {exc.start})") from None
    try:
        row = json.loads(line)
    except ValueError as exc:  # JSONDecodeError, and numbers too large to read
        raise BadLine(f"not valid JSON: {exc}") from None
    if not isinstance(row, dict):
        raise BadLine(f"expected a JSON object, got {type(row).__name__}")
    text = row.get("text")
    if not isinstance(text, str):
        raise BadLine('"text" is missing or not a string')
    doc_id = row.get("id")
    if isinstance(doc_id, (dict, list)):
        raise BadLine('"id" must be a string or a number')
    return doc_id, text, parse_published(row.get("published"))


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(stream, start=1):
        if raw.strip():
            yield number, raw


class Command(BaseCommand):
    help = "Print the claims extracted from text as JSON lines (no database needed)."
    # Reading text needs neither the database nor the system checks that may look at it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="a plain-text file to read")
        parser.add_argument("--published", help="publication date of FILE, YYYY-MM-DD")
        parser.add_argument(
            "--jsonl", metavar="IN", help='JSON lines {"id","text","published"}; - for stdin'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"] and options["file"]:
            raise CommandError("give either FILE or --jsonl IN, not both")
        if options["jsonl"]:
            bad = self._jsonl(options["jsonl"])
            if bad:
                raise CommandError(f"{bad} bad input line(s); see the messages above")
            return
        if not options["file"]:
            raise CommandError("give a text FILE or --jsonl IN")
        self._file(Path(options["file"]), options["published"])

    def _file(self, path: Path, published: str | None) -> None:
        try:
            when = parse_published(published)
        except BadLine as exc:
            raise CommandError(str(exc)) from None
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text (byte {exc.start})") from None
        self._emit(claims_row(path.stem, text, when))

    def _jsonl(self, source: str) -> int:
        bad = 0
        try:
            stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror}") from None
        with stream:
            for number, raw in read_lines(stream):
                try:
                    doc_id, text, published = parse_line(raw)
                except BadLine as exc:
                    bad += 1
                    self.stderr.write(f"line {number}: {exc}")
                    continue
                self._emit(claims_row(doc_id, text, published))
        return bad

    def _emit(self, row: dict) -> None:
        self.stdout.write(json.dumps(row, ensure_ascii=False))
        self.stdout.flush()
