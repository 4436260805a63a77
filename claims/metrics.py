"""The metric taxonomy (what a figure counts), read from `data/metrics.toml`."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "metrics.toml"


class Kind(StrEnum):
    TALLY = "tally"
    STOCK = "stock"
    EVENT = "event"


@dataclass(frozen=True)
class Metric:
    slug: str
    label: str
    kind: Kind
    window_days: int
    # How far apart in days another report may date the same figure and still confirm it.
    confirm_days: int
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]


@cache
def taxonomy() -> dict[str, Metric]:
    with DATA.open("rb") as fh:
        raw = tomllib.load(fh)
    return {
        row["slug"]: Metric(
            slug=row["slug"],
            label=row["label"],
            kind=Kind(row["kind"]),
            window_days=int(row["window_days"]),
            confirm_days=int(row.get("confirm_days", row["window_days"])),
            nouns=tuple(row.get("nouns", ())),
            verbs=tuple(row.get("verbs", ())),
        )
        for row in raw["metric"]
    }


def metric(slug: str) -> Metric:
    """The metric for `slug`; unknown slugs read as "other"."""
    table = taxonomy()
    return table.get(slug, table["other"])


# An open figure's metric: what it counts, outside the taxonomy, as "~<counted> [<unit>]" ("~jobs",
# "~population [percent]", "~aid [USD]"; a count whose unit is its counted noun is "~jobs"). Two
# open figures are the same metric only when their counted phrase and unit are the same; a
# reference dataset may name one so. "~?" stands where the text names nothing counted.
OPEN_PREFIX = "~"
NOTHING_NAMED = "?"
MAX_SLUG = 64
# Units of shares and ratios: two of them may be shares of different wholes though the words
# after them agree ("75% of deaths involved …", "40% of deaths were …").
SHARE_UNITS = frozenset({"percent", "percentage points", "fraction", "times"})


def open_metric(unit: str, counted: str) -> str:
    """The metric key of an open figure (one rule for extraction and reference datasets); case
    does not tell two counted things apart ("Americans" at a sentence's start is "americans")."""
    phrase = (counted or NOTHING_NAMED).casefold()
    head = phrase.split(",", 1)[0]
    key = f"{OPEN_PREFIX}{phrase}"
    if unit.casefold() not in ("", head):
        key = f"{key} [{unit}]"
    if len(key) <= MAX_SLUG:
        return key
    digest = hashlib.blake2s(key.encode(), digest_size=4).hexdigest()
    return f"{key[: MAX_SLUG - 9]}#{digest}"


def is_open(slug: str) -> bool:
    """Whether the metric is an open figure's (see open_metric), not a taxonomy slug."""
    return slug.startswith(OPEN_PREFIX)


def open_unit(slug: str) -> str:
    """The unit an open metric names ("~population [percent]" → "percent"), "" for a count."""
    if not is_open(slug) or not slug.endswith("]") or " [" not in slug:
        return ""
    return slug[slug.rindex(" [") + 2 : -1]


def names_nothing(slug: str) -> bool:
    """Whether an open metric's figure names nothing it counts ("~?", "~? [miles]")."""
    return slug.startswith(OPEN_PREFIX + NOTHING_NAMED)


def open_precise(slug: str) -> bool:
    """Whether an open figure says exactly what it counts: a named thing, in a unit that is no
    share or ratio. Only precise open figures can contradict one another (crosscheck.scope)."""
    return is_open(slug) and not names_nothing(slug) and open_unit(slug) not in SHARE_UNITS


def open_label(unit: str, counted: str) -> str:
    """How an open figure's metric reads: "jobs", "population (percent)", "figure (USD)"."""
    phrase = counted or "figure"
    return phrase if unit in ("", phrase.split(",", 1)[0]) else f"{phrase} ({unit})"
