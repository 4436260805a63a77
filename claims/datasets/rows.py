"""Reading reference files a row at a time: official figures and event records (ACLED layout).

Pure Python. Each reader takes a binary stream (a file on disk or an upload), decodes it line by
line and yields one `Line` a row: a record, or the reason the row was refused, named by its line
number. Nothing is held but the current row, so memory stays flat however long the file is.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import BinaryIO

from claims.extraction.phrases import normalised
from claims.figures import Qualifier
from claims.importers import REFERENCE_COLUMNS, Line, RecordError, reference_record
from claims.metrics import is_open, open_metric, taxonomy
from claims.places import gazetteer, within

EVENT_COLUMNS = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "fatalities",
    "source",
    "notes",
)

# Lengths of the stored columns (claims.models.EventRecord); a longer value is refused, except
# the source list, which is cut: it cites, it does not select.
EVENT_LIMITS = {
    "event_type": 100,
    "sub_event_type": 100,
    "actor1": 300,
    "actor2": 300,
    "country": 100,
    "admin1": 200,
    "location": 200,
}
SOURCE_LIMIT = 500
URL_LIMIT = 2000
# ACLED exports write dates as ISO days or as "20 January 2024"; both appear in the wild.
EVENT_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%d/%m/%Y")
# Metrics a figure may be filed under: the taxonomy's, except the catch-all that checks nothing.
UNCHECKABLE_METRICS = frozenset({"other"})
SPAN_QUALIFIERS = frozenset({Qualifier.RANGE.value, Qualifier.VAGUE.value})


@dataclass(frozen=True)
class EventRow:
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    country: str
    admin1: str
    location: str
    place: str  # the most specific gazetteer name for location / admin1 / country, or ""
    latitude: float | None
    longitude: float | None
    fatalities: int
    source: str
    notes: str


# --- places --------------------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:the|al|el|ad|ar|as|an|at|ash)\s+")


def _key(name: str) -> str:
    """A name as compared: case, hyphens and punctuation ignored ("Ain al-Asad" = "ain al asad")."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


@cache
def _place_index() -> tuple[dict[str, str], dict[str, str]]:
    """Gazetteer names and aliases by key, and again without a leading article ("Al Anbar")."""
    exact: dict[str, set[str]] = {}
    bare: dict[str, set[str]] = {}
    for place in gazetteer().values():
        for name in (place.name, *place.aliases):
            key = _key(name)
            exact.setdefault(key, set()).add(place.name)
            bare.setdefault(_ARTICLE.sub("", key), set()).add(place.name)
    # A name two places answer to names neither.
    return (
        {k: next(iter(v)) for k, v in exact.items() if len(v) == 1},
        {k: next(iter(v)) for k, v in bare.items() if len(v) == 1},
    )


def place_named(name: str) -> str | None:
    """The gazetteer name `name` stands for (a name or an alias, in any case), or None."""
    key = _key(name)
    if not key:
        return None
    exact, bare = _place_index()
    return exact.get(key) or bare.get(_ARTICLE.sub("", key))


def event_place(*, location: str, admin1: str, country: str) -> str:
    """The most specific gazetteer place an event's location, province or country names.

    A location or province is taken only when it lies within the event's country (when the
    country is known), so a town sharing a base's name elsewhere is not put at the base.
    """
    nation = place_named(country)
    for name in (location, admin1):
        place = place_named(name)
        if place is not None and (nation is None or within(place, nation)):
            return place
    return nation or ""


# --- decoding ------------------------------------------------------------------------------------


def _decoded_lines(stream: BinaryIO) -> Iterator[str]:
    # UTF-8 never puts a newline byte inside a character, so lines decode one at a time.
    return codecs.iterdecode(stream, "utf-8-sig")


def _rows(stream: BinaryIO, columns: Iterable[str]) -> Iterator[Line | tuple[int, dict]]:
    """(line number, row) for each row of a CSV with a header naming `columns`, or a Line error."""
    reader = csv.DictReader(_decoded_lines(stream))
    try:
        header = reader.fieldnames or []
    except UnicodeDecodeError:
        yield Line(1, error="not UTF-8 text")
        return
    except csv.Error as exc:
        yield Line(1, error=f"unreadable header ({exc})")
        return
    missing = [column for column in columns if column not in header]
    if missing:
        yield Line(1, error=f"the header lacks {', '.join(missing)}")
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield Line(reader.line_num + 1, error="not UTF-8 text")
            return
        except csv.Error as exc:
            yield Line(reader.line_num, error=f"unreadable row ({exc})")
            return
        if None in row:
            yield Line(reader.line_num, error="more fields than the header names")
            continue
        if any("\x00" in value for value in row.values() if value):
            # PostgreSQL text cannot hold NUL; such a row is binary, not a record.
            yield Line(reader.line_num, error="the row holds NUL bytes")
            continue
        yield reader.line_num, row


# --- official figures ----------------------------------------------------------------------------


def figure_record(row: dict):
    """An official figure whose metric is in the taxonomy and whose place is in the gazetteer."""
    record = reference_record(row)
    if record.qualifier in SPAN_QUALIFIERS:
        # The layout has one value column: a range or a vague word's span cannot be written.
        raise RecordError(f"qualifier {record.qualifier!r} needs a span this layout cannot hold")
    if is_open(record.metric):
        record = replace(record, metric=open_metric_named(record.metric))
    elif record.metric not in taxonomy() or record.metric in UNCHECKABLE_METRICS:
        known = ", ".join(sorted(set(taxonomy()) - UNCHECKABLE_METRICS))
        raise RecordError(
            f"unknown metric {record.metric[:40]!r} (one of {known}, or an open figure "
            "written '~<what it counts> [<unit>]')"
        )
    place = place_named(record.place)
    if place is None:
        raise RecordError(f"unknown place {record.place[:60]!r} (not in the gazetteer)")
    if record.since is not None and record.since > record.as_of:
        raise RecordError(f"since {record.since} is after as_of {record.as_of}")
    if record.url and not record.url.lower().startswith(("http://", "https://")):
        raise RecordError(f"url must be an http(s) address, not {record.url[:40]!r}")
    if len(record.url) > URL_LIMIT:
        raise RecordError(f"url is longer than {URL_LIMIT} characters")
    return replace(record, place=place)


# "~fertiliser [tons]", "~jobs": an open figure's metric as a dataset writes it.
_OPEN_METRIC = re.compile(r"~\s*([^\[\]]+?)\s*(?:\[\s*([^\[\]]+?)\s*\])?")


def open_metric_named(text: str) -> str:
    """The stored key of an open metric a dataset names: what it counts, normalised as
    extraction does, and its unit ("~Fertiliser [tons]" → "~fertiliser [tons]")."""
    found = _OPEN_METRIC.fullmatch(text.strip())
    counted = normalised(found.group(1)) if found else ""
    if not counted:
        raise RecordError(
            f"open metric {text[:40]!r} names nothing counted (write '~<what it counts> [<unit>]')"
        )
    unit = " ".join((found.group(2) or "").split())
    return open_metric(unit, counted)


def _records(stream: BinaryIO, columns: Iterable[str], parse) -> Iterator[Line]:
    """Each row parsed into a record, or the reason it could not be, by line number."""
    for item in _rows(stream, columns):
        if isinstance(item, Line):
            yield item
            continue
        number, row = item
        try:
            yield Line(number, record=parse(row))
        except RecordError as exc:
            yield Line(number, error=str(exc))


def read_figures(stream: BinaryIO) -> Iterator[Line]:
    """Official figures, one a row (metric, place, value, qualifier, as_of, since, source, ...)."""
    return _records(stream, REFERENCE_COLUMNS, figure_record)


# --- events --------------------------------------------------------------------------------------


def event_date(value: str) -> date:
    text = " ".join(value.split())
    if not text:
        raise RecordError("'event_date' is empty")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    for layout in EVENT_DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise RecordError(f"event_date must read as 2024-01-20 or 20 January 2024, not {text[:40]!r}")


def _coordinate(value: str, field: str, limit: float) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RecordError(f"{field} must be a number, not {text[:40]!r}") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise RecordError(f"{field} must lie within ±{limit:g}, not {text[:40]!r}")
    return number


def _fatalities(value: str) -> int:
    text = value.strip()
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()):
        raise RecordError(f"fatalities must be a whole number of zero or more, not {text[:40]!r}")
    count = int(text)
    if count > 2_000_000_000:
        raise RecordError(f"fatalities is too large ({text[:40]})")
    return count


def event_record(row: dict) -> EventRow:
    def text(field: str) -> str:
        value = " ".join((row.get(field) or "").split())
        limit = EVENT_LIMITS.get(field)
        if limit is not None and len(value) > limit:
            raise RecordError(f"{field!r} is longer than {limit} characters")
        return value

    kind, country = text("event_type"), text("country")
    if not kind:
        raise RecordError("'event_type' is empty")
    if not country:
        raise RecordError("'country' is empty")
    location, admin1 = text("location"), text("admin1")
    return EventRow(
        event_date=event_date(row.get("event_date") or ""),
        event_type=kind,
        sub_event_type=text("sub_event_type"),
        actor1=text("actor1"),
        actor2=text("actor2"),
        country=country,
        admin1=admin1,
        location=location,
        place=event_place(location=location, admin1=admin1, country=country),
        latitude=_coordinate(row.get("latitude") or "", "latitude", 90),
        longitude=_coordinate(row.get("longitude") or "", "longitude", 180),
        fatalities=_fatalities(row.get("fatalities") or ""),
        source=text("source")[:SOURCE_LIMIT],
        notes=(row.get("notes") or "").strip(),
    )


def read_events(stream: BinaryIO) -> Iterator[Line]:
    """Event records in the ACLED export layout (EVENT_COLUMNS; other columns are ignored)."""
    return _records(stream, EVENT_COLUMNS, event_record)
