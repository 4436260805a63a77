"""Readers for the files the management commands import: text files, JSON lines, official figures.

Pure Python: each reader turns lines into plain records or a per-line error that names the line and
the reason, so one bad line never stops the rest. Files are read a line at a time, so memory stays
flat however long the file is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from claims.figures import Qualifier

LOCAL_URL_BASE = "https://local.invalid/"


class RecordError(ValueError):
    """A line that cannot be imported; the message says why."""


@dataclass(frozen=True)
class DocumentRecord:
    url: str
    outlet: str
    published: date | None
    title: str
    text: str
    key: str = ""  # the record's own id in its file, if it has one


@dataclass(frozen=True)
class ReferenceRecord:
    metric: str
    place: str
    value: float
    qualifier: str
    as_of: date
    since: date | None
    source: str
    url: str
    quote: str


@dataclass(frozen=True)
class Line:
    """One line of an input file: its number and either a record or the reason it was refused."""

    number: int
    record: object | None = None
    error: str | None = None


def count_lines(path: Path, *, block: int = 1 << 20) -> int:
    """Lines in a file, counted in blocks (for a progress bar's total) without holding the file."""
    count = 0
    last = b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(block):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


def parse_date(value: object, field: str, *, required: bool = False) -> date | None:
    if value is None or value == "":
        if required:
            raise RecordError(f"{field} is missing")
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field} must be a YYYY-MM-DD string, not {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(f"{field} must be a date as YYYY-MM-DD, not {value[:40]!r}") from None


def _text_field(obj: dict, field: str, *, required: bool) -> str:
    value = obj.get(field)
    if value is None:
        if required:
            raise RecordError(f"{field!r} is missing")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{field!r} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise RecordError(f"{field!r} is empty")
    return value


def document_record(obj: object) -> DocumentRecord:
    """A document from one object of the corpus layout: id, url, outlet, published, title, text."""
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}")
    return DocumentRecord(
        url=_text_field(obj, "url", required=True).strip(),
        outlet=_text_field(obj, "outlet", required=True).strip(),
        published=parse_date(obj.get("published"), "published"),
        title=_text_field(obj, "title", required=False).strip(),
        text=_text_field(obj, "text", required=True),
        key=str(obj.get("id") or ""),
    )


def claim_page_url(url: str, claim_id: str) -> str:
    """The page's URL with the label's id as a query parameter.

    A fragment would not do: canonical URLs drop fragments, and each labelled sentence must stay
    a document of its own.
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [("claim", claim_id)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def claim_document_record(obj: object) -> DocumentRecord:
    """A labelled sentence (the corpus claims layout) as a short document of its page.

    The page's publication date is used when known, else the date the figure describes, so the
    sentence's relative dates resolve as they did on the page.
    """
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}")
    claim_id = obj.get("id")
    if not isinstance(claim_id, str | int) or isinstance(claim_id, bool) or str(claim_id) == "":
        raise RecordError("'id' is missing")
    url = _text_field(obj, "url", required=True).strip()
    outlet = _text_field(obj, "outlet", required=True).strip()
    published = parse_date(obj.get("published"), "published") or parse_date(
        obj.get("as_of"), "as_of"
    )
    return DocumentRecord(
        url=claim_page_url(url, str(claim_id)),
        outlet=outlet,
        published=published,
        title=f"{outlet}: labelled sentence {claim_id}",
        text=_text_field(obj, "sentence", required=True),
        key=str(claim_id),
    )


def read_jsonl(path: Path, parse=document_record) -> Iterator[Line]:
    """Each non-blank line of a JSON-lines file, parsed by `parse`, or why it could not be."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Line(number, error=f"not UTF-8 text (byte {exc.start})")
                continue
            try:
                obj = json.loads(line, parse_constant=_refuse_constant)
            except (json.JSONDecodeError, RecordError) as exc:
                yield Line(number, error=f"not valid JSON ({exc})")
                continue
            try:
                yield Line(number, record=parse(obj))
            except RecordError as exc:
                yield Line(number, error=str(exc))


def _refuse_constant(name: str) -> float:
    raise RecordError(f"{name} is not a number")


def read_text_document(
    path: Path, *, url: str | None, outlet: str, published: date | None
) -> DocumentRecord:
    """A plain text file as a document: its first non-blank line is the title."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 text (byte {exc.start})") from None
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return DocumentRecord(
        url=url or local_url(path),
        outlet=outlet,
        published=published,
        title=title[:500],
        text=text,
    )


def local_url(path: Path) -> str:
    """A stable http(s) address for a local file (documents need one), from its name."""
    return LOCAL_URL_BASE + quote(path.name)


REFERENCE_COLUMNS = (
    "metric",
    "place",
    "value",
    "qualifier",
    "as_of",
    "since",
    "source",
    "url",
    "quote",
)


def reference_record(row: dict) -> ReferenceRecord:
    def text(field: str, *, required: bool = True) -> str:
        value = (row.get(field) or "").strip()
        if required and not value:
            raise RecordError(f"{field!r} is empty")
        return value

    raw_value = text("value")
    try:
        value = float(raw_value.replace(",", ""))
    except ValueError:
        raise RecordError(f"value must be a number, not {raw_value[:40]!r}") from None
    if not math.isfinite(value) or value < 0:
        raise RecordError(f"value must be a finite count of zero or more, not {raw_value[:40]!r}")
    qualifier = text("qualifier")
    if qualifier not in {q.value for q in Qualifier}:
        known = ", ".join(q.value for q in Qualifier)
        raise RecordError(f"unknown qualifier {qualifier[:40]!r} (one of {known})")
    return ReferenceRecord(
        metric=text("metric"),
        place=text("place"),
        value=value,
        qualifier=qualifier,
        as_of=parse_date(text("as_of"), "as_of", required=True),
        since=parse_date(text("since", required=False), "since"),
        source=text("source"),
        url=text("url", required=False),
        quote=text("quote", required=False),
    )
